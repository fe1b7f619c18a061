"""The prosecutor's pages: the queue of returned arrests and the decision on one.

The referral page itself (and its decision form) stays referrals'; a refused decision
re-renders it through referrals.views.refused_page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openlead.access.acting import current_actor
from openlead.access.policy import Capability
from openlead.legal.actions import Decision, check_record_prosecutor_decision
from openlead.legal.queries import prosecutor_queue
from openlead.referrals import views as referral_views
from openlead.referrals.access import get_referral_for
from openlead.referrals.forms import ProsecutorDecisionForm
from openlead.referrals.queries import list_referrals_for


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """The referral list: a prosecutor's is their queue; everyone else's is referrals'."""
    if not current_actor(request).can(Capability.PROSECUTOR_DECISION):
        return referral_views.referral_list(request)
    return prosecutor_list(request)


def prosecutor_list(request: HttpRequest) -> HttpResponse:
    actor = current_actor(request)
    rows, page = list_referrals_for(
        request,
        prosecutor_queue(actor, timezone.now()),
        purpose="referral list",
        page=request.GET.get("page"),
    )
    context = {"rows": rows, "page": page, "title": "Returned to the prosecutor", "actor": actor}
    return render(request, "legal/queue.html", context)


@login_required
@require_POST
def referral_decision(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(
        request, public_id, purpose="prosecutor decision", action="decision"
    )
    form = ProsecutorDecisionForm(request.POST, program=referral.program)
    if not form.is_valid():
        # Each error is beside its field, once; no second copy on top of the page.
        return referral_views.refused_page(request, public_id, "", 400, decision_form=form)
    data = form.cleaned_data
    return referral_views.run_change(
        request,
        public_id,
        lambda: check_record_prosecutor_decision(
            referral, Decision(data["decision"], data.get("new_deadline")), acting=actor
        ),
        "decision_form",
        form,
        saved="Decision recorded.",
    )
