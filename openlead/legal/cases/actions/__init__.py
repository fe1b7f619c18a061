"""Writes on cases: enter a case, add a charge, add or cancel a court date, change the
status, assign a defender. Each `check_` refuses first (capability, side, input), then
calls its `do_`, which writes and audits in one transaction.

"Own side": a prosecutor writes on the cases of their office, a defender on the cases
their office (or they themselves) defend. The linkage job and the demo call the `do_`
functions directly as the system.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome, Membership
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup, Role
from openlead.legal.charges import charge_for, normal_code
from openlead.legal.models import (
    CaseStatus,
    Charge,
    ChargeLevel,
    CourtDate,
    CourtDateKind,
    LegalCase,
)
from openlead.people.models import Person
from openlead.programs.models import OrganizationKind

CASE_NUMBER = re.compile(r"^[A-Za-z0-9-]{1,60}$")
CHARGE_CODE = re.compile(r"^[A-Za-z0-9.()-]{1,40}$")
EARLIEST_COURT_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST_AHEAD = dt.timedelta(days=3 * 365)
DUPLICATE = "This jurisdiction already has a case with this number."


@dataclass(frozen=True)
class NewCase:
    jurisdiction: str
    case_number: str
    opened_on: dt.date
    status: str = CaseStatus.PENDING


def audit_case(acting: Actor, case: LegalCase, action: str, purpose: str, **detail: Any) -> None:
    """One event per write: ids and statuses only, never the case number or a charge."""
    acting.audit(
        action=action,
        outcome=AuditOutcome.ALLOWED,
        person_ref=case.person.public_id,
        groups=[FieldGroup.LEGAL],
        purpose=purpose,
        detail={"case": case.public_id, "status": case.status, **detail},
    )


def _require_capability(acting: Actor) -> None:
    if not acting.can(Capability.ENTER_LEGAL_CASES):
        raise PermissionDenied


def _require_side(case: LegalCase, acting: Actor) -> None:
    """The actor's office must be on this case's side (module docstring)."""
    _require_capability(acting)
    if case.program_id != acting.program_id:
        raise PermissionDenied
    office = acting.membership.organization_id
    if acting.role == Role.PROSECUTOR and case.prosecutor_office_id == office:
        return
    if acting.role == Role.DEFENDER and (
        case.defender_office_id == office or case.defender_id == acting.user.pk
    ):
        return
    raise PermissionDenied


# Entering a case ---------------------------------------------------------------------


def check_enter_case(person: Person, new: NewCase, *, acting: Actor) -> LegalCase:
    _require_capability(acting)
    if person.program_id != acting.program_id:
        raise PermissionDenied
    errors: dict[str, str] = {}
    jurisdiction, number = new.jurisdiction.strip(), new.case_number.strip()
    if not jurisdiction or len(jurisdiction) > 120:
        errors["jurisdiction"] = "Give the court or jurisdiction (up to 120 characters)."
    if not CASE_NUMBER.match(number):
        errors["case_number"] = "Use 1 to 60 letters, digits or dashes."
    if new.status not in CaseStatus.values:
        errors["status"] = "Choose a status from the list."
    if not errors and _taken(person.program_id, jurisdiction, number):
        errors["case_number"] = DUPLICATE
    if errors:
        raise ValidationError(errors)
    sides = _sides_of(acting)
    clean = NewCase(jurisdiction, number, new.opened_on, new.status)
    return do_enter_case(person, clean, acting=acting, **sides)


def _taken(program_id: int, jurisdiction: str, number: str) -> bool:
    return LegalCase.objects.filter(
        program_id=program_id, jurisdiction=jurisdiction, case_number=number
    ).exists()


def _sides_of(acting: Actor) -> dict[str, Any]:
    """The entering actor's office (and themselves) on their own side of the case."""
    office = acting.membership.organization
    if acting.role == Role.PROSECUTOR:
        return {"prosecutor_office": office, "prosecutor": acting.user}
    return {"defender_office": office, "defender": acting.user}


def do_enter_case(
    person: Person, new: NewCase, *, acting: Actor, source: str = "entered", **sides: Any
) -> LegalCase:
    try:
        with transaction.atomic():
            case = LegalCase.objects.create(
                program_id=person.program_id,
                person=person,
                jurisdiction=new.jurisdiction,
                case_number=new.case_number,
                status=new.status,
                opened_on=new.opened_on,
                source=source,
                created_by=acting.user,
                **sides,
            )
            audit_case(acting, case, AuditAction.CREATE, "legal case entered", source=source)
    except IntegrityError as exc:  # two people entering the same number at once
        raise ValidationError({"case_number": DUPLICATE}) from exc
    return case


# Charges -----------------------------------------------------------------------------


def check_add_charge(case: LegalCase, code: str, level: str = "", *, acting: Actor) -> Charge:
    _require_side(case, acting)
    errors: dict[str, str] = {}
    if not CHARGE_CODE.match(normal_code(code)):
        errors["code"] = "Give the statute code, such as 69.50.4013."
    if level and level not in ChargeLevel.values:
        errors["level"] = "Choose a level from the list."
    if errors:
        raise ValidationError(errors)
    return do_add_charge(case, code, level, acting=acting)


def do_add_charge(case: LegalCase, code: str, level: str = "", *, acting: Actor) -> Charge:
    known = charge_for(code)
    with transaction.atomic():
        charge = Charge.objects.create(
            case=case, code=known.code, label=known.label, level=level or known.level
        )
        audit_case(acting, case, AuditAction.CREATE, "charge added", charge=charge.pk)
    return charge


# Court dates -------------------------------------------------------------------------


def court_date_problem(at: dt.datetime, now: dt.datetime) -> str:
    if at < EARLIEST_COURT_DATE:
        return "This date is too far back: use 1 January 2000 or later."
    if at > now + LATEST_AHEAD:
        return "This date is more than three years ahead: check the year."
    return ""


def check_add_court_date(
    case: LegalCase,
    at: dt.datetime,
    kind: str,
    location: str = "",
    *,
    acting: Actor,
    now: dt.datetime | None = None,
) -> CourtDate:
    _require_side(case, acting)
    errors: dict[str, str] = {}
    problem = court_date_problem(at, now or timezone.now())
    if problem:
        errors["at"] = problem
    if kind not in CourtDateKind.values:
        errors["kind"] = "Choose what kind of court date this is."
    if len(location) > 200:
        errors["location"] = "Keep the place under 200 characters."
    if errors:
        raise ValidationError(errors)
    return do_add_court_date(case, at, kind, location.strip(), acting=acting)


def do_add_court_date(
    case: LegalCase, at: dt.datetime, kind: str, location: str = "", *, acting: Actor
) -> CourtDate:
    with transaction.atomic():
        court = CourtDate.objects.create(
            case=case, at=at, kind=kind, location=location, created_by=acting.user
        )
        audit_case(acting, case, AuditAction.CREATE, "court date added", court_date=court.pk)
    return court


def check_cancel_court_date(court: CourtDate, *, acting: Actor) -> None:
    _require_side(court.case, acting)
    do_cancel_court_date(court, acting=acting)


def do_cancel_court_date(court: CourtDate, *, acting: Actor) -> None:
    case = court.case
    with transaction.atomic():
        pk = court.pk
        court.delete()
        audit_case(acting, case, AuditAction.DELETE, "court date cancelled", court_date=pk)


# Status and defender -----------------------------------------------------------------


def check_change_status(case: LegalCase, status: str, *, acting: Actor) -> LegalCase:
    _require_side(case, acting)
    if status not in CaseStatus.values:
        raise ValidationError({"status": "Choose a status from the list."})
    if status == case.status:
        raise ValidationError({"status": f"The case is already “{CaseStatus(status).label}”."})
    return do_change_status(case, status, acting=acting)


def do_change_status(case: LegalCase, status: str, *, acting: Actor) -> LegalCase:
    with transaction.atomic():
        before = case.status
        case.status = status
        case.save(update_fields=["status", "updated_at"])
        audit_case(acting, case, AuditAction.UPDATE, "case status changed", was=before)
    return case


def defenders_of(program_id: int) -> Any:
    """The memberships a case may be assigned to: defenders of a defender office here."""
    return Membership.objects.filter(
        program_id=program_id,
        role=Role.DEFENDER,
        organization__kind=OrganizationKind.DEFENDER,
    ).select_related("user", "organization")


def check_assign_defender(case: LegalCase, user_id: int, *, acting: Actor) -> LegalCase:
    _require_side(case, acting)
    membership = defenders_of(case.program_id).filter(user_id=user_id).first()
    if membership is None:
        raise ValidationError({"defender": "Choose a defender of this program."})
    return do_assign_defender(case, membership, acting=acting)


def do_assign_defender(case: LegalCase, membership: Membership, *, acting: Actor) -> LegalCase:
    with transaction.atomic():
        case.defender, case.defender_office = membership.user, membership.organization
        case.save(update_fields=["defender", "defender_office", "updated_at"])
        audit_case(
            acting, case, AuditAction.UPDATE, "defender assigned", defender=membership.user_id
        )
    return case
