"""The prosecutor's decision on a new charge (a pending LegalCase of their office): file,
decline, or hold in abeyance while the person is in LEAD."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_not_found
from openlead.legal.actions._common import (
    Decision,
    check_decision,
    require_prosecutor,
    write_decision,
)
from openlead.legal.models import CaseStatus, DecisionKind, LegalCase
from openlead.legal.queries import prosecutor_cases
from openlead.referrals.actions import TransitionRefused
from openlead.referrals.actions.common import moment

CASE_KINDS = (DecisionKind.FILE.value, DecisionKind.DECLINE.value, DecisionKind.ABEYANCE.value)
CASE_TARGET = {
    DecisionKind.FILE: CaseStatus.FILED,
    DecisionKind.DECLINE: CaseStatus.DECLINED,
    DecisionKind.ABEYANCE: CaseStatus.ABEYANCE,
}


def case_kinds(case: LegalCase) -> tuple[str, ...]:
    """Decisions open on a case: only a pending one nobody has decided yet."""
    if case.status != CaseStatus.PENDING or case.decisions.exists():
        return ()
    return CASE_KINDS


def case_refusal(case: LegalCase) -> str:
    label = CaseStatus(case.status).label
    if case.decisions.exists():
        return f"This case was already decided (now “{label}”); nothing was changed."
    return f"This case is “{label}”; the prosecutor decides only on a pending case."


def check_decide_case(
    case: LegalCase, decided: Decision, *, acting: Actor, now: dt.datetime | None = None
) -> LegalCase:
    """Refusals first (role 403, scope 404, already decided 409), then the input."""
    at = moment(now)
    require_prosecutor(acting, person_ref=case.person.public_id)
    if not prosecutor_cases(acting).filter(pk=case.pk).exists():
        raise refuse_not_found(acting, case.public_id, "prosecutor decision", "No such case.")
    case.refresh_from_db()  # decide on what is stored now, not on a page's copy
    kinds = case_kinds(case)
    if not kinds:
        raise TransitionRefused(case_refusal(case))
    check_decision(decided, kinds, program=case.program, now=at)
    return do_decide_case(case, decided, acting=acting, now=at)


def do_decide_case(
    case: LegalCase, decided: Decision, *, acting: Actor, now: dt.datetime | None = None
) -> LegalCase:
    at = moment(now)
    with transaction.atomic():
        current = LegalCase.objects.select_for_update().select_related("person").get(pk=case.pk)
        if decided.choice not in case_kinds(current):
            raise TransitionRefused(case_refusal(current))
        current.status = CASE_TARGET[DecisionKind(decided.choice)]
        current.save(update_fields=["status", "updated_at"])
        write_decision(
            acting, decided, person=current.person, at=at, case=current, status=current.status
        )
    return current
