"""The casework page's longer forms on pages of their own (casework.form_pages): what the
page's <details> loads when opened, and where its link goes without JavaScript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from openlead.casework.access import casework_person
from openlead.casework.form_pages import FORM_PAGES
from openlead.casework.queries import dollars, settings_for
from openlead.casework.views._common import render_form_page


def _form_page(request: HttpRequest, public_id: str, key: str) -> HttpResponse:
    """The same gate as the casework page's other form pages (contact, assessment): the
    person in scope and the write's field group readable; the write checks writing."""
    page = FORM_PAGES[key]
    actor, person, groups = casework_person(
        request, public_id, group=page.group, purpose=page.purpose
    )
    context = {"page": page, "form": page.build(person)}
    if key == "funds":
        threshold = settings_for(person.program_id).funds_approval_threshold_cents
        context["note"] = f"Requests above {dollars(threshold)} need a supervisor's approval."
    return render_form_page(
        request, actor, person, groups, "casework/form_page.html", context, purpose=page.purpose
    )


@login_required
@require_GET
def appointment_form(request: HttpRequest, public_id: str) -> HttpResponse:
    return _form_page(request, public_id, "appointment")


@login_required
@require_GET
def goal_form(request: HttpRequest, public_id: str) -> HttpResponse:
    return _form_page(request, public_id, "goal")


@login_required
@require_GET
def funds_form(request: HttpRequest, public_id: str) -> HttpResponse:
    return _form_page(request, public_id, "funds")
