"""The prosecutor's pages: the queue (referrals/ for a prosecutor), one page per item (an
arrest referral or a new charge) with its decision form, and the decisions posted there.

Thin views: fetch through the access layer (404 alike for a bad id and one out of scope),
run a check_ action, answer 302 with a message, 400 with the form, or 409 when the item
was already decided."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from openlead.access.acting import current_actor
from openlead.access.getters import audited_list, get_for, refuse_missing
from openlead.access.helpers import LIST_LIMIT, visible_groups
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.legal import queries
from openlead.legal.actions import (
    case_kinds,
    check_decide_case,
    check_record_prosecutor_decision,
    referral_kinds,
)
from openlead.legal.actions.cases import case_refusal
from openlead.legal.actions.referrals import refusal
from openlead.legal.forms import DecisionForm
from openlead.legal.models import LegalCase
from openlead.referrals import views as referral_views
from openlead.referrals.access import get_referral_for
from openlead.referrals.actions import TransitionRefused
from openlead.referrals.actions.lapse import protocol_files_automatically
from openlead.referrals.clock import local_date
from openlead.referrals.queries import ReferralPage, list_referrals_for, read_referral_for


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """The referral list: a prosecutor's is their queue; everyone else's is referrals'."""
    if not current_actor(request).can(Capability.PROSECUTOR_DECISION):
        return referral_views.referral_list(request)
    return prosecutor_queue(request)


def prosecutor_queue(request: HttpRequest) -> HttpResponse:
    actor, now = current_actor(request), timezone.now()
    sections = []
    for title, rows_of in (
        ("Arrests to review", queries.arrests_to_review),
        ("Lapsed intakes", queries.lapsed_intakes),
    ):
        found = rows_of(actor, now)
        rows, _ = list_referrals_for(request, found, purpose=f"prosecutor queue: {title}")
        sections.append({"title": title, "count": found.count(), "rows": rows})
    cases = queries.new_charges(actor)
    with audited_list(request, purpose="prosecutor queue: new charges") as listing:
        shown = list(cases.select_related("person")[:LIST_LIMIT])
        listing.groups = [FieldGroup.LEGAL.value]
        listing.shown(case.person.public_id for case in shown)
        listing.detail = {"cases": [case.public_id for case in shown]}
    filed = queries.automatic_filings(actor, now)
    context = {
        "sections": sections,
        "cases": shown,
        "case_count": cases.count(),
        "filed": list(filed[:LIST_LIMIT]),
        "filed_count": filed.count(),
        "notice_days": queries.NOTICE_DAYS,
        # What the note under the notice says: the program's protocol in force today.
        "auto_files": protocol_files_automatically(
            actor.membership.program, local_date(actor.membership.program, now)
        ),
        "tzname": actor.membership.program.time_zone,
    }
    return render(request, "legal/queue.html", context)


# --- an arrest referral ----------------------------------------------------------------


def _require_prosecutor(request: HttpRequest, public_id: str, message: str) -> None:
    """Only the prosecutor has these pages: anyone else gets the not-found answer."""
    actor = current_actor(request)
    if not actor.can(Capability.PROSECUTOR_DECISION):
        raise refuse_missing(actor, public_id, "prosecutor item", message)


def _referral_page(
    request: HttpRequest, page: ReferralPage, form: DecisionForm | None, status: int = 200
) -> HttpResponse:
    referral = page.referral
    context = {
        "page": page,
        "referral": referral,
        "agency": referral.referrer_organization.name if referral.referrer_organization else "",
        "decisions": queries.decisions_shown(referral.legal_decisions.all(), referral.person),
        "form": form,
        "tzname": referral.program.time_zone,
    }
    return render(request, "legal/referral_item.html", context, status=status)


def _referral_form(page: ReferralPage, data: Any = None) -> DecisionForm | None:
    kinds = referral_kinds(page.referral, page.now)
    if not kinds:
        return None
    return DecisionForm(data, kinds=kinds, program=page.referral.program, now=page.now)


@login_required
@require_GET
def prosecutor_referral(request: HttpRequest, public_id: str) -> HttpResponse:
    _require_prosecutor(request, public_id, "No such referral.")
    page = read_referral_for(request, public_id, purpose="prosecutor referral page")
    return _referral_page(request, page, _referral_form(page))


@login_required
@require_POST
def referral_decision(request: HttpRequest, public_id: str) -> HttpResponse:
    actor, referral = get_referral_for(
        request, public_id, purpose="prosecutor decision", action="decision"
    )
    now = timezone.now()
    kinds = referral_kinds(referral, now)
    if not kinds:  # decided already: say so (409) before looking at the form
        return _refused(request, refusal(referral), "prosecutor_referral", public_id)
    form = DecisionForm(request.POST, kinds=kinds, program=referral.program, now=now)
    if not form.is_valid():
        page = read_referral_for(request, public_id, purpose="prosecutor decision refused")
        return _referral_page(request, page, form, 400)
    return _run(
        request,
        lambda: check_record_prosecutor_decision(referral, form.decided(), acting=actor, now=now),
        "prosecutor_referral",
        public_id,
    )


# --- a new charge ----------------------------------------------------------------------


def _case_for(request: HttpRequest, public_id: str, purpose: str) -> LegalCase:
    return get_for(
        request,
        queries.prosecutor_cases,
        public_id,
        purpose=purpose,
        capability=Capability.PROSECUTOR_DECISION,
        groups=[FieldGroup.LEGAL.value],
        message="No such case.",
        detail=lambda case: {"case": case.public_id, "status": case.status},
    )


def _case_page(
    request: HttpRequest, case: LegalCase, form: DecisionForm | None, status: int = 200
) -> HttpResponse:
    actor = current_actor(request)
    context = {
        "case": case,
        "sees_legal": FieldGroup.LEGAL in visible_groups(actor, case.person),
        "charges": list(case.charges.all()),
        "court_dates": list(case.court_dates.all()),
        "decisions": queries.decisions_shown(case.decisions.all(), case.person),
        "form": form,
        "tzname": case.program.time_zone,
    }
    return render(request, "legal/case_item.html", context, status=status)


def _case_form(case: LegalCase, data: Any = None) -> DecisionForm | None:
    kinds = case_kinds(case)
    return (
        DecisionForm(data, kinds=kinds, program=case.program, now=timezone.now()) if kinds else None
    )


@login_required
@require_GET
def prosecutor_case(request: HttpRequest, public_id: str) -> HttpResponse:
    case = _case_for(request, public_id, "prosecutor case page")
    return _case_page(request, case, _case_form(case))


@login_required
@require_POST
def case_decision(request: HttpRequest, public_id: str) -> HttpResponse:
    case = _case_for(request, public_id, "prosecutor decision")
    if not case_kinds(case):
        return _refused(request, case_refusal(case), "prosecutor_case", public_id)
    form = _case_form(case, request.POST)
    assert form is not None  # kinds are open: checked just above
    if not form.is_valid():
        return _case_page(request, case, form, 400)
    actor = current_actor(request)
    return _run(
        request,
        lambda: check_decide_case(case, form.decided(), acting=actor),
        "prosecutor_case",
        public_id,
    )


# --- shared ----------------------------------------------------------------------------


def _run(
    request: HttpRequest, change: Callable[[], Any], page: str, public_id: str
) -> HttpResponse:
    """Run the decision; back to the item with a message, or the refusal page."""
    try:
        change()
    except TransitionRefused as refused:
        return _refused(request, str(refused), page, public_id)
    except ValidationError as error:
        # The form ran the same checks; this is a race (the item moved between the two).
        return _refused(request, " ".join(error.messages), page, public_id, 400)
    messages.success(request, "Decision recorded.")
    return redirect(page, public_id=public_id)


def _refused(
    request: HttpRequest, message: str, page: str, public_id: str, status: int = 409
) -> HttpResponse:
    context = {"message": message, "back_page": page, "public_id": public_id}
    return render(request, "legal/refused.html", context, status=status)
