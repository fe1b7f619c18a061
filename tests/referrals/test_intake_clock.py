"""The intake clock: local calendar days in the program's time zone, across DST changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.referrals import actions
from openlead.referrals.models import Status
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")

UTC = dt.UTC


def _at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# (program, window days, referred at (UTC), expected deadline (UTC), why)
CASES = [
    (
        "demo",
        30,
        _at(2024, 3, 1, 18, 0),
        _at(2024, 4, 1, 6, 59, 59, 999999),
        "Los Angeles, across spring forward: ends 23:59:59 PDT on 31 March",
    ),
    (
        "demo",
        14,
        _at(2024, 10, 21, 6, 30),
        _at(2024, 11, 4, 7, 59, 59, 999999),
        "23:30 PDT on 20 Oct, across fall back: the whole of 3 Nov PST",
    ),
    (
        "other",
        14,
        _at(2024, 10, 21, 6, 30),
        _at(2024, 11, 5, 4, 59, 59, 999999),
        "the same instant is already 21 Oct in New York: the whole of 4 Nov EST",
    ),
    (
        "demo",
        0,
        _at(2024, 3, 9, 20, 0),
        _at(2024, 4, 9, 6, 59, 59, 999999),
        "a program window of 0 falls back to the protocol's 30 days",
    ),
]


@pytest.mark.parametrize(("program", "days", "referred_at", "deadline", "why"), CASES)
def test_it_sets_the_deadline_on_the_program_calendar(
    world: World, program: str, days: int, referred_at: dt.datetime, deadline: dt.datetime, why: str
) -> None:
    chosen = world.programs[program]
    chosen.intake_window_days, chosen.protocol_id = days, "seattle-lead"
    chosen.save(update_fields=["intake_window_days", "protocol_id"])
    referral = make_referral(
        world, by="dave" if program == "demo" else "carol", program=program, at=referred_at
    )
    assert referral.intake_deadline == deadline, why


def test_it_lapses_only_after_the_last_moment_of_the_last_day(world: World) -> None:
    referral = make_referral(world, at=_at(2024, 3, 1, 18, 0))
    deadline = referral.intake_deadline
    assert actions.lapse_due(now=deadline) == 0
    assert actions.lapse_due(now=deadline + dt.timedelta(microseconds=1)) == 1
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED and referral.returned_at == deadline + dt.timedelta(
        microseconds=1
    )


def test_it_refuses_the_clock_to_anonymous_officers_and_prosecutors(
    world: World, login: Any
) -> None:
    assert login(None).get(reverse("referral_clock")).status_code == 302
    assert login("dave").get(reverse("referral_clock")).status_code == 403
    assert login("erin").get(reverse("referral_clock")).status_code == 403


def test_it_lists_due_soon_and_overdue_and_keeps_lapsed_arrests_until_the_prosecutor_decides(
    world: World, login: Any
) -> None:
    now = timezone.now()
    due_soon = make_referral(world, at=now - dt.timedelta(days=29), name="Due Soon")
    lapsed = make_referral(world, at=now - dt.timedelta(days=40), name="Lapsed Arrest")
    stale = make_referral(
        world, by="cora", door="community", at=now - dt.timedelta(days=40), name="Stale Community"
    )
    on_time = make_referral(world, at=now - dt.timedelta(days=1), name="On Time")
    page = login("otto").get(reverse("referral_clock")).content.decode()
    overdue_part, due_part = page.split("Due in the next two days")
    assert lapsed.public_id in overdue_part and stale.public_id in overdue_part
    assert due_soon.public_id in due_part and due_soon.public_id not in overdue_part
    assert on_time.public_id not in page and "1 more waiting" in page
    assert "Lapsed Arrest" in page  # outreach reads identity: names help them find people
    actions.lapse_due()  # the job (`openlead referrals lapse`), no longer the page view
    lapsed.refresh_from_db()
    assert lapsed.status == Status.RETURNED
    again = login("otto").get(reverse("referral_clock")).content.decode()
    assert lapsed.public_id in again.split("Due in the next two days")[0]
