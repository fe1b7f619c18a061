"""Work-group writes: schedule, mark held, cancel, and write a minute. Each check_
validates (refusing the wrong role first, audited) and calls its do_, which writes in one
transaction with its audit event."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.helpers import refuse_denied, scoped_people
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability, holders
from openlead.access.roles import Role
from openlead.legal.models import AgendaSection, MeetingStatus, MinuteEntry, OwgMeeting
from openlead.legal.models.meetings import MINUTE_GROUPS
from openlead.legal.owg.access import may_open
from openlead.people.actions import seal_and_record
from openlead.people.models import Person
from openlead.programs.models import Program

PURPOSE = "work group meeting"
MAX_AHEAD_DAYS = 366
NEXT_STEPS_MAX = 1000
BY_WHEN_PAST_DAYS = 30
BY_WHEN_AHEAD_DAYS = 366


def invitable_roles() -> list[Role]:
    """The roles a meeting may invite: those the policy table lets attend."""
    return holders(Capability.ATTEND_OWG)


def _today(program: Program) -> dt.date:
    try:
        zone: dt.tzinfo = zoneinfo.ZoneInfo(program.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_current_timezone()
    return timezone.localdate(timezone=zone)


def _refuse_role(acting: Actor, capability: Capability, person_ref: str = "") -> None:
    if not acting.can(capability):
        raise refuse_denied(acting, PURPOSE, AuditAction.UPDATE, person_ref=person_ref)


def _audit(acting: Actor, action: str, meeting: OwgMeeting, **detail: object) -> None:
    acting.audit(
        action=action,
        outcome=AuditOutcome.ALLOWED,
        purpose=PURPOSE,
        detail={"meeting": meeting.public_id, **detail},
    )


@dataclass(frozen=True)
class NewMeeting:
    starts_at: dt.datetime
    location: str
    invited_roles: list[str]


def check_schedule_meeting(
    program: Program, data: NewMeeting, *, acting: Actor, now: dt.datetime | None = None
) -> OwgMeeting:
    _refuse_role(acting, Capability.RUN_OWG)
    at = now or timezone.now()
    errors: dict[str, str] = {}
    if data.starts_at < at:
        errors["starts_at"] = "Choose a time that has not passed yet."
    elif data.starts_at > at + dt.timedelta(days=MAX_AHEAD_DAYS):
        errors["starts_at"] = "Choose a time within the next year."
    allowed = {r.value for r in invitable_roles()}
    if not data.invited_roles:
        errors["invited_roles"] = "Invite at least one role."
    elif set(data.invited_roles) - allowed:
        errors["invited_roles"] = "Choose roles from the list."
    if len(data.location) > 200:
        errors["location"] = "Keep the location under 200 characters."
    if errors:
        raise ValidationError(errors)
    return do_schedule_meeting(program, data, acting=acting)


def do_schedule_meeting(program: Program, data: NewMeeting, *, acting: Actor) -> OwgMeeting:
    with transaction.atomic():
        meeting = OwgMeeting.objects.create(
            program=program,
            starts_at=data.starts_at,
            location=data.location.strip(),
            invited_roles=sorted(set(data.invited_roles)),
            created_by=acting.user,
        )
        _audit(acting, AuditAction.CREATE, meeting, invited=meeting.invited_roles)
    return meeting


def _require_scheduled(meeting: OwgMeeting, verb: str) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        label = MeetingStatus(meeting.status).label.lower()
        raise ValidationError(f"This meeting is already {label}; it cannot be {verb}.")


def check_mark_held(
    meeting: OwgMeeting, *, acting: Actor, now: dt.datetime | None = None
) -> OwgMeeting:
    _refuse_role(acting, Capability.RUN_OWG)
    _require_scheduled(meeting, "marked held")
    at = now or timezone.now()
    if meeting.starts_at > at + dt.timedelta(hours=12):
        raise ValidationError("This meeting has not started yet; mark it held on the day.")
    return do_set_status(meeting, MeetingStatus.HELD, acting=acting, now=at)


def check_cancel_meeting(meeting: OwgMeeting, *, acting: Actor) -> OwgMeeting:
    _refuse_role(acting, Capability.RUN_OWG)
    _require_scheduled(meeting, "cancelled")
    return do_set_status(meeting, MeetingStatus.CANCELLED, acting=acting)


def do_set_status(
    meeting: OwgMeeting, status: MeetingStatus, *, acting: Actor, now: dt.datetime | None = None
) -> OwgMeeting:
    with transaction.atomic():
        old = meeting.status
        meeting.status = status
        fields = ["status"]
        if status == MeetingStatus.HELD:
            meeting.held_at = now or timezone.now()
            fields.append("held_at")
        meeting.save(update_fields=fields)
        _audit(acting, AuditAction.UPDATE, meeting, old=old, new=status.value)
    return meeting


@dataclass(frozen=True)
class NewMinute:
    section: str
    field_group: str
    next_steps: str
    who: str = ""
    by_when: dt.date | None = None


def _minute_errors(meeting: OwgMeeting, data: NewMinute) -> dict[str, str]:
    errors: dict[str, str] = {}
    text = data.next_steps.strip()
    if not text:
        errors["next_steps"] = "Write the agreed next step."
    elif len(text) > NEXT_STEPS_MAX:
        errors["next_steps"] = f"Keep the next step under {NEXT_STEPS_MAX:,} characters."
    if data.field_group not in {value for value, _ in MINUTE_GROUPS}:
        errors["field_group"] = "Choose who may read this minute."
    if len(data.who) > 120:
        errors["who"] = "Keep who under 120 characters."
    if data.by_when is not None:
        today = _today(meeting.program)
        if data.by_when < today - dt.timedelta(days=BY_WHEN_PAST_DAYS):
            errors["by_when"] = "Choose a date no more than 30 days ago."
        elif data.by_when > today + dt.timedelta(days=BY_WHEN_AHEAD_DAYS):
            errors["by_when"] = "Choose a date within the next year."
    return errors


def check_write_minute(
    meeting: OwgMeeting, person: Person, data: NewMinute, *, acting: Actor
) -> MinuteEntry:
    _refuse_role(acting, Capability.WRITE_MINUTES, person.public_id)
    if not may_open(acting, meeting) or not scoped_people(acting).filter(pk=person.pk).exists():
        raise refuse_denied(acting, PURPOSE, AuditAction.UPDATE, person_ref=person.public_id)
    if data.section not in AgendaSection.values:
        raise ValidationError({"section": "Choose an agenda section."})
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled; it takes no minutes.")
    errors = _minute_errors(meeting, data)
    if errors:
        raise ValidationError(errors)
    return do_write_minute(meeting, person, data, acting=acting)


def do_write_minute(
    meeting: OwgMeeting, person: Person, data: NewMinute, *, acting: Actor
) -> MinuteEntry:
    entry = MinuteEntry(
        meeting=meeting,
        person=person,
        section=data.section,
        field_group=data.field_group,
        who=data.who.strip(),
        by_when=data.by_when,
        author=acting.user,
    )
    return seal_and_record(
        acting,
        entry,
        person=person,
        texts={"sealed_next_steps": data.next_steps.strip()},
        action=AuditAction.CREATE,
        groups=[data.field_group],
        purpose=PURPOSE,
        meeting=meeting.public_id,
        minute=entry.public_id,
    )
