"""The work group's actions: schedule, mark held, cancel, write a minute. Refusals first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.access.roles import Role
from openlead.legal.models import MeetingStatus, MinuteEntry
from openlead.legal.owg.actions import (
    NewMeeting,
    NewMinute,
    check_cancel_meeting,
    check_mark_held,
    check_schedule_meeting,
    check_write_minute,
)
from tests.conftest import World, program_today
from tests.legal.owg_helpers import make_meeting

pytestmark = pytest.mark.django_db(databases="__all__")


def _actor(world: World, name: str) -> Actor:
    membership = world.users[name].memberships.first()
    return Actor.of(world.users[name], membership.role, membership.program_id, chosen=membership)


def _meeting_data(**changes: Any) -> NewMeeting:
    fields = {
        "starts_at": timezone.now() + dt.timedelta(days=7),
        "location": "Room 2",
        "invited_roles": ["case_manager", "prosecutor"],
    }
    fields.update(changes)
    return NewMeeting(**fields)


@pytest.mark.parametrize("name", ["alice", "erin", "dave", "otto", "gina"])
def test_it_refuses_to_schedule_for_roles_that_do_not_run_the_group(
    world: World, name: str
) -> None:
    with pytest.raises(PermissionDenied):
        check_schedule_meeting(world.programs["demo"], _meeting_data(), acting=_actor(world, name))
    assert AuditEvent.objects.filter(actor_username=name, outcome="denied").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"starts_at": timezone.now() - dt.timedelta(hours=1)}, "starts_at"),  # in the past
        ({"starts_at": timezone.now() + dt.timedelta(days=400)}, "starts_at"),  # over a year
        ({"invited_roles": []}, "invited_roles"),  # nobody invited
        ({"invited_roles": ["evaluator"]}, "invited_roles"),  # a role that never attends
        ({"location": "x" * 201}, "location"),
    ],
)
def test_it_refuses_a_bad_schedule(world: World, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_schedule_meeting(
            world.programs["demo"], _meeting_data(**changes), acting=_actor(world, "bob")
        )
    assert field in refused.value.message_dict


def test_it_schedules_a_meeting_and_audits_it(world: World) -> None:
    meeting = check_schedule_meeting(
        world.programs["demo"], _meeting_data(), acting=_actor(world, "bob")
    )
    assert meeting.status == MeetingStatus.SCHEDULED
    assert meeting.invited_roles == ["case_manager", "prosecutor"]
    event = AuditEvent.objects.filter(action="create", detail__meeting=meeting.public_id).get()
    assert event.actor_username == "bob"


def test_it_refuses_holding_to_a_case_manager_and_before_the_day(world: World) -> None:
    meeting = make_meeting(world, hours=48)
    with pytest.raises(PermissionDenied):
        check_mark_held(meeting, acting=_actor(world, "alice"))
    with pytest.raises(ValidationError):
        check_mark_held(meeting, acting=_actor(world, "bob"))


def test_it_marks_a_meeting_held_once(world: World) -> None:
    meeting = make_meeting(world, hours=-1)
    held = check_mark_held(meeting, acting=_actor(world, "ada"))
    assert held.status == MeetingStatus.HELD and held.held_at is not None
    with pytest.raises(ValidationError):
        check_mark_held(held, acting=_actor(world, "ada"))
    with pytest.raises(ValidationError):
        check_cancel_meeting(held, acting=_actor(world, "ada"))


def test_it_cancels_only_for_the_group_runner(world: World) -> None:
    meeting = make_meeting(world)
    with pytest.raises(PermissionDenied):
        check_cancel_meeting(meeting, acting=_actor(world, "dave"))
    assert check_cancel_meeting(meeting, acting=_actor(world, "bob")).status == "cancelled"


def _minute(**changes: Any) -> NewMinute:
    fields: dict[str, Any] = {
        "section": "court_dates",
        "field_group": "legal",
        "next_steps": "Ask the court to reset the date.",
        "who": "Case manager",
        "by_when": None,
    }
    fields.update(changes)
    return NewMinute(**fields)


@pytest.mark.parametrize("name", ["erin", "dave", "frank", "otto"])
def test_it_refuses_minutes_to_roles_that_do_not_write_them(world: World, name: str) -> None:
    meeting = make_meeting(world)
    with pytest.raises(PermissionDenied):
        check_write_minute(meeting, world.people["own"], _minute(), acting=_actor(world, name))
    assert not MinuteEntry.objects.exists()


def test_it_refuses_a_minute_at_a_meeting_not_inviting_the_author(world: World) -> None:
    meeting = make_meeting(world, roles=[Role.PROSECUTOR])
    with pytest.raises(PermissionDenied):
        check_write_minute(meeting, world.people["own"], _minute(), acting=_actor(world, "alice"))


def test_it_refuses_a_minute_about_someone_outside_the_authors_scope(world: World) -> None:
    meeting = make_meeting(world)
    with pytest.raises(PermissionDenied):
        check_write_minute(meeting, world.people["same"], _minute(), acting=_actor(world, "alice"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"next_steps": "  "}, "next_steps"),  # required
        ({"next_steps": "x" * 1001}, "next_steps"),  # over 1,000 characters
        ({"field_group": "health"}, "field_group"),  # not a minute group
        ({"by_when": dt.date(2099, 12, 31)}, "by_when"),  # beyond a year
        ({"by_when": dt.date(2020, 1, 1)}, "by_when"),  # long past
    ],
)
def test_it_refuses_a_bad_minute(world: World, changes: dict[str, Any], field: str) -> None:
    meeting = make_meeting(world)
    with pytest.raises(ValidationError) as refused:
        check_write_minute(
            meeting, world.people["own"], _minute(**changes), acting=_actor(world, "alice")
        )
    assert field in refused.value.message_dict


def test_it_refuses_a_minute_at_a_cancelled_meeting(world: World) -> None:
    meeting = make_meeting(world, status="cancelled")
    with pytest.raises(ValidationError):
        check_write_minute(meeting, world.people["own"], _minute(), acting=_actor(world, "alice"))


def test_it_seals_the_minute_and_audits_it(world: World) -> None:
    meeting = make_meeting(world)
    by_when = program_today(world.programs["demo"]) + dt.timedelta(days=7)
    entry = check_write_minute(
        meeting,
        world.people["own"],
        _minute(field_group="casework_notes", by_when=by_when),
        acting=_actor(world, "alice"),
    )
    stored = MinuteEntry.objects.get(pk=entry.pk)
    assert b"reset the date" not in bytes(stored.sealed_next_steps)
    assert stored.field_group == "casework_notes" and stored.by_when == by_when
    event = AuditEvent.objects.get(detail__minute=entry.public_id)
    assert event.person_ref == world.people["own"].public_id
    assert event.field_groups == ["casework_notes"]
