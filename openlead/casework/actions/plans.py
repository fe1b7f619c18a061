"""Plan goals, in the participant's own words (encrypted), and their status changes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditAction
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import (
    NOTE_MAX_CHARS,
    date_errors,
    record,
    require_seen,
    seal_and_record,
    today,
)
from openlead.casework.codes import Domain
from openlead.casework.models import Goal, GoalEvent, GoalStatus
from openlead.people.models import Person


def check_add_goal(
    person: Person,
    *,
    acting: Actor,
    domain: str,
    words: str,
    steps: str = "",
    on: dt.date | None = None,
) -> Goal:
    errors: dict[str, str] = {}
    if on is not None:
        errors.update(date_errors("on", on, person=person))
    if domain not in Domain.values:
        errors["domain"] = "Choose a domain."
    if not words.strip():
        errors["words"] = "Write the goal as the participant says it."
    elif len(words) > 1000 or len(steps) > NOTE_MAX_CHARS:
        errors["words"] = "Keep the goal shorter."
    if errors:
        raise ValidationError(errors)
    return do_add_goal(
        person,
        acting=acting,
        domain=domain,
        words=words.strip(),
        steps=steps.strip(),
        on=today(on, person.program),
    )


def do_add_goal(
    person: Person, *, acting: Actor, domain: str, words: str, steps: str, on: dt.date
) -> Goal:
    goal = Goal(person=person, domain=domain, opened_on=on, author=acting.user)
    with transaction.atomic():
        seal_and_record(
            acting,
            goal,
            person=person,
            texts={"words": words, "steps": steps},
            action=AuditAction.CREATE,
            groups=[FieldGroup.CASEWORK_NOTES],
            goal=goal.public_id,
        )
        GoalEvent.objects.create(
            goal=goal, status=GoalStatus.OPEN, on=on, by_id=acting.who.actor_id
        )
    return goal


def do_set_goal_status(
    goal: Goal, *, status: str, acting: Actor, on: dt.date | None = None
) -> Goal:
    """State machine, row lock: the goal is locked and compared with the one decided on."""
    if status not in GoalStatus.values:
        raise ValidationError({"status": "Choose open, achieved or set aside."})
    with transaction.atomic():
        current = Goal.objects.select_for_update().get(pk=goal.pk)
        if current.status != goal.status:
            raise StaleWrite(
                "Someone else changed this goal while you were looking at it.",
                current={"Goal status": current.get_status_display()},
                attempted={"Goal status": GoalStatus(status).label},
            )
        old = current.status
        on = today(on, current.person.program)
        current.status = status
        current.closed_on = None if status == GoalStatus.OPEN else on
        current.save(update_fields=["status", "closed_on"])
        GoalEvent.objects.create(goal=current, status=status, on=on, by_id=acting.who.actor_id)
        record(
            acting,
            current.person,
            AuditAction.UPDATE,
            [FieldGroup.CASEWORK_NOTES],
            goal=current.public_id,
            status=[old, status],
        )
    return current


def check_set_goal_status(goal: Goal, *, status: str, acting: Actor, seen: str = "") -> Goal:
    """The goal's new status, decided on the status the page showed (`seen`)."""
    label = GoalStatus(status).label if status in GoalStatus.values else status
    shown = {"Goal status": goal.get_status_display()}
    require_seen(seen, goal.status, shown, {"Goal status": label})
    return do_set_goal_status(goal, status=status, acting=acting)
