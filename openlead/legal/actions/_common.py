"""What every prosecutor decision shares: the posted decision, its checks (role, reason,
the extension's window) and the one LegalDecision row with its sealed reason and audit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_denied
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.legal.models import DecisionKind, LegalCase, LegalDecision, VictimConsent
from openlead.people.actions import seal_and_record
from openlead.people.models import Person
from openlead.programs.models import Program
from openlead.referrals.clock import local_date, program_protocol, window_days
from openlead.referrals.models import Referral

REASON_MAX_CHARS = 4000


@dataclass(frozen=True)
class Decision:
    """The decision as posted: its kind, why (sealed), the victim's or complainant's
    consent where asked, and with extend the new last day for intake."""

    choice: str
    new_deadline: dt.date | None = None
    reason: str = ""
    victim_consent: str = VictimConsent.NOT_ASKED


def require_prosecutor(acting: Actor, *, person_ref: str) -> None:
    """Only a prosecutor decides (403, audited, otherwise)."""
    if not acting.can(Capability.PROSECUTOR_DECISION):
        raise refuse_denied(
            acting, "prosecutor decision", AuditAction.UPDATE, person_ref=person_ref
        )


def extension_limits(program: Program, now: dt.datetime) -> tuple[dt.date, dt.date]:
    """The first and last day an extension may name: tomorrow, up to the protocol's
    extension limit (Protocol.extension_limit_days; the program's window without one)."""
    today = local_date(program, now)
    protocol = program_protocol(program, today)
    limit = protocol.extension_limit_days if protocol is not None else window_days(program)
    return today + dt.timedelta(days=1), today + dt.timedelta(days=limit)


def decision_errors(
    decided: Decision, kinds: tuple[str, ...], *, program: Program, now: dt.datetime
) -> dict[str, str]:
    """Each problem once, keyed by the form field it belongs beside ({} when fine)."""
    errors: dict[str, str] = {}
    if decided.choice not in kinds:
        errors["decision"] = "Choose " + choices_in_words(kinds) + "."
    if not decided.reason.strip():
        errors["reason"] = "Give the reason for this decision."
    elif len(decided.reason) > REASON_MAX_CHARS:
        errors["reason"] = f"Keep the reason under {REASON_MAX_CHARS} characters."
    if decided.victim_consent not in VictimConsent.values:
        errors["victim_consent"] = "Choose one of the answers listed."
    if decided.choice == DecisionKind.EXTEND and DecisionKind.EXTEND in kinds:
        problem = extension_problem(decided.new_deadline, program=program, now=now)
        if problem:
            errors["new_deadline"] = problem
    return errors


def extension_problem(day: dt.date | None, *, program: Program, now: dt.datetime) -> str:
    if day is None:
        return "Give the new last day for intake."
    first, last = extension_limits(program, now)
    if day < first:
        return f"The new last day must be after today: {first:%-d %B %Y} at the earliest."
    if day > last:
        return f"The new last day can be at most {last:%-d %B %Y} (the protocol's limit)."
    return ""


def check_decision(
    decided: Decision, kinds: tuple[str, ...], *, program: Program, now: dt.datetime
) -> None:
    errors = decision_errors(decided, kinds, program=program, now=now)
    if errors:
        raise ValidationError(errors)


def write_decision(
    acting: Actor,
    decided: Decision,
    *,
    person: Person,
    at: dt.datetime,
    referral: Referral | None = None,
    case: LegalCase | None = None,
    **detail: Any,
) -> LegalDecision:
    """The decision's row, its reason sealed under the person's data key, and its audit
    event (in the caller's transaction, so a refused move leaves no row)."""
    row = LegalDecision(
        program_id=person.program_id,
        person=person,
        referral=referral,
        case=case,
        kind=decided.choice,
        extended_to=decided.new_deadline if decided.choice == DecisionKind.EXTEND else None,
        victim_consent=decided.victim_consent,
        decided_by=acting.user,
        decided_at=at,
    )
    return seal_and_record(
        acting,
        row,
        person=person,
        action=AuditAction.CREATE,
        groups=[FieldGroup.LEGAL],
        texts={"sealed_reason": decided.reason.strip()},
        purpose=f"prosecutor decision: {decided.choice}",
        decision=row.public_id,
        referral=referral.public_id if referral is not None else "",
        case=case.public_id if case is not None else "",
        victim_consent=decided.victim_consent,
        **detail,
    )


def choices_in_words(kinds: tuple[str, ...]) -> str:
    words = {
        DecisionKind.FILE: "file",
        DecisionKind.DECLINE: "decline",
        DecisionKind.ABEYANCE: "hold in abeyance",
        DecisionKind.EXTEND: "extend",
    }
    named = [words[DecisionKind(k)] for k in kinds]
    return ", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else named[0]
