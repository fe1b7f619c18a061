"""Placing and lifting legal holds: placed by one person, lifted by two.

A hold names a legal matter (reason and reference, no participant details); while in
force, nothing it covers is deleted (retention.holds.hold_on, read by every deletion)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_denied
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.people.models import Person
from openlead.retention.models import LegalHold

PURPOSE = "legal hold"
REASON_MAX, REFERENCE_MAX = 300, 100


def hold_errors(reason: str, reference: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Say which legal matter needs the records kept."
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"Keep the reason under {REASON_MAX} characters."
    if not reference.strip():
        errors["reference"] = "Give the matter's reference (a case or notice number)."
    elif len(reference) > REFERENCE_MAX:
        errors["reference"] = f"Keep the reference under {REFERENCE_MAX} characters."
    return errors


def _audit(acting: Actor, hold: LegalHold, event: str) -> None:
    acting.audit(
        action=AuditAction.UPDATE if hold.lift_requested_at else AuditAction.CREATE,
        outcome=AuditOutcome.ALLOWED,
        person_ref=hold.person_ref,
        purpose=PURPOSE,
        detail={"event": event, "hold": hold.public_id, "program_wide": not hold.person_ref},
    )


def _require(acting: Actor, person_ref: str = "") -> None:
    if not acting.can(Capability.PLACE_LEGAL_HOLDS):
        raise refuse_denied(acting, PURPOSE, AuditAction.UPDATE, person_ref=person_ref)


def do_place_hold(
    person: Person | None, *, acting: Actor, reason: str, reference: str
) -> LegalHold:
    """A hold on this person, or on the actor's whole program when `person` is None."""
    _require(acting, person.public_id if person is not None else "")
    errors = hold_errors(reason, reference)
    if errors:
        raise ValidationError(errors)
    hold = LegalHold(
        program_id=person.program_id if person is not None else acting.program_id,
        person=person,
        person_ref=person.public_id if person is not None else "",
        reason=reason.strip(),
        reference=reference.strip(),
        placed_by=acting.user,
    )
    with transaction.atomic():
        hold.save(force_insert=True)
        _audit(acting, hold, "legal_hold_placed")
    return hold


def lift_problem(hold: LegalHold, acting: Actor) -> str:
    if not hold.in_force:
        return "This hold has been lifted already."
    user_id = acting.user.pk if acting.user is not None else None
    if user_id is None:
        return "Only a person can lift a hold."
    if user_id == hold.lift_requested_by_id:
        return "You have asked to lift this hold already: a second person must confirm."
    return ""


def do_lift_hold(hold: LegalHold, *, acting: Actor) -> LegalHold:
    """The first call asks to lift it, a second person's call lifts it."""
    _require(acting, hold.person_ref)
    problem = lift_problem(hold, acting)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        if hold.lift_requested_by_id is None:
            hold.lift_requested_by, hold.lift_requested_at = acting.user, timezone.now()
            hold.save(update_fields=["lift_requested_by", "lift_requested_at"])
            _audit(acting, hold, "legal_hold_lift_asked")
            return hold
        hold.lifted_by, hold.lifted_at = acting.user, timezone.now()
        hold.save(update_fields=["lifted_by", "lifted_at"])
        _audit(acting, hold, "legal_hold_lifted")
    return hold
