"""The safety flag (access.safety): set by any care-team member who writes the person's
safety group; removed by two people, one who asks and a supervisor or program admin
other than the asker who confirms. Each step is audited (group "safety")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, SafetyFlag, SafetyKind
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.access.safety import active_flag, in_care_team
from openlead.casework.actions._common import record, refuse, seal_and_record
from openlead.people.models import Person

NOTE_MAX = 1000  # a line or two for the care team: who the risk is from, what to avoid
PURPOSE = "safety flag"
G = FieldGroup


def _require_care_team(person: Person, acting: Actor) -> None:
    """Only the person's care team, and only a role that writes the safety group."""
    if not in_care_team(acting, person) or G.SAFETY not in acting.rule.write:
        raise refuse(acting, purpose=PURPOSE, person_ref=person.public_id)


def check_set_safety_flag(
    person: Person, *, acting: Actor, kind: str, note: str = ""
) -> SafetyFlag:
    _require_care_team(person, acting)
    errors: dict[str, str] = {}
    if kind not in SafetyKind.values:
        errors["kind"] = "Choose what the risk is."
    if len(note) > NOTE_MAX:
        errors["note"] = f"Keep the note under {NOTE_MAX} characters."
    if active_flag(person) is not None:
        errors["kind"] = "This participant already has a safety flag."
    if errors:
        raise ValidationError(errors)
    return do_set_safety_flag(person, acting=acting, kind=kind, note=note.strip())


def do_set_safety_flag(person: Person, *, acting: Actor, kind: str, note: str) -> SafetyFlag:
    flag = SafetyFlag(person=person, kind=kind, set_by=acting.user, set_at=timezone.now())
    return seal_and_record(
        acting,
        flag,
        person=person,
        texts={"note": note} if note else {},
        action=AuditAction.CREATE,
        groups=[G.SAFETY],
        purpose=PURPOSE,
        flag=flag.public_id,
        kind=kind,
    )


def _current(person: Person) -> SafetyFlag:
    flag = active_flag(person)
    if flag is None:
        raise ValidationError({"step": "This participant has no safety flag."})
    return flag


def check_ask_safety_flag_removal(person: Person, *, acting: Actor) -> SafetyFlag:
    """The first of the two people: asks for the flag to come off."""
    _require_care_team(person, acting)
    flag = _current(person)
    if flag.removal_asked_at is not None:
        raise ValidationError({"step": "Removal has already been asked for."})
    return do_ask_safety_flag_removal(flag, acting=acting)


def _stamp(flag: SafetyFlag, who: str, *, step: str, acting: Actor, **detail: object) -> SafetyFlag:
    """Record one removal step on the flag (`who`: the field pair `<who>_by`, `<who>_at`)."""
    with transaction.atomic():
        setattr(flag, f"{who}_by", acting.user)
        setattr(flag, f"{who}_at", timezone.now())
        flag.save(update_fields=[f"{who}_by", f"{who}_at"])
        record(
            acting,
            flag.person,
            AuditAction.UPDATE,
            [G.SAFETY],
            purpose=PURPOSE,
            flag=flag.public_id,
            step=step,
            **detail,
        )
    return flag


def do_ask_safety_flag_removal(flag: SafetyFlag, *, acting: Actor) -> SafetyFlag:
    return _stamp(flag, "removal_asked", step="removal asked", acting=acting)


def check_confirm_safety_flag_removal(person: Person, *, acting: Actor) -> SafetyFlag:
    """The second person: a supervisor or program admin who did not ask."""
    _require_care_team(person, acting)
    if not acting.can(Capability.SUPERVISE):
        raise refuse(acting, purpose=PURPOSE, person_ref=person.public_id)
    flag = _current(person)
    if flag.removal_asked_at is None:
        raise ValidationError({"step": "Someone must ask for removal first."})
    asker = flag.removal_asked_by_id
    if asker is None or acting.user is None or asker == acting.user.pk:
        raise ValidationError({"step": "A second person must confirm: not the one who asked."})
    return do_confirm_safety_flag_removal(flag, acting=acting)


def do_confirm_safety_flag_removal(flag: SafetyFlag, *, acting: Actor) -> SafetyFlag:
    asker = flag.removal_asked_by_id
    return _stamp(flag, "removed", step="removal confirmed", acting=acting, asked_by=asker)
