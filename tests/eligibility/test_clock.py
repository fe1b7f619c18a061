"""The intake clock across daylight-saving changes and time zones.

The deadline is the last moment of the local calendar day `window_days` after the
referral's local date, so a window never gains or loses an hour at a DST change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openlead.eligibility import ClockStatus, clock_status, intake_deadline, load_protocol

LA, NY, DENVER, PHOENIX = (
    "America/Los_Angeles",
    "America/New_York",
    "America/Denver",
    "America/Phoenix",
)
END = timedelta(microseconds=1)


def local(zone: str, *parts: int, fold: int = 0) -> datetime:
    return datetime(*parts).replace(tzinfo=ZoneInfo(zone), fold=fold)  # type: ignore[arg-type]


def utc(*parts: int) -> datetime:
    return datetime(*parts).replace(tzinfo=UTC)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("referred_at", "zone", "days", "deadline"),
    [
        # Spring forward: the last day is on daylight time (UTC-7), not standard (UTC-8).
        pytest.param(
            local(LA, 2024, 3, 9, 12), LA, 1, utc(2024, 3, 11, 7) - END, id="LA spring forward"
        ),
        pytest.param(
            local(LA, 2024, 3, 1, 10), LA, 30, utc(2024, 4, 1, 7) - END, id="LA 30 days over spring"
        ),
        # Fall back: the last day is on standard time again.
        pytest.param(
            local(LA, 2024, 11, 2, 9), LA, 1, utc(2024, 11, 4, 8) - END, id="LA fall back"
        ),
        pytest.param(
            local(LA, 2024, 10, 15, 9),
            LA,
            30,
            utc(2024, 11, 15, 8) - END,
            id="LA 30 days over fall",
        ),
        # Late evening: already the next day in UTC, but the local date counts.
        pytest.param(
            local(LA, 2024, 6, 30, 23, 30), LA, 0, utc(2024, 7, 1, 7) - END, id="LA late evening"
        ),
        pytest.param(
            local(NY, 2024, 3, 10, 1, 30), NY, 0, utc(2024, 3, 11, 4) - END, id="NY day of the jump"
        ),
        pytest.param(
            local(NY, 2024, 3, 10, 3, 30), NY, 7, utc(2024, 3, 18, 4) - END, id="NY after the jump"
        ),
        pytest.param(
            local(NY, 2024, 11, 3, 1, 30, fold=0),
            NY,
            14,
            utc(2024, 11, 18, 5) - END,
            id="NY first 1:30",
        ),
        pytest.param(
            local(NY, 2024, 11, 3, 1, 30, fold=1),
            NY,
            14,
            utc(2024, 11, 18, 5) - END,
            id="NY second 1:30",
        ),
        pytest.param(
            local(DENVER, 2024, 3, 9, 20), DENVER, 1, utc(2024, 3, 11, 6) - END, id="Denver spring"
        ),
        pytest.param(
            local(DENVER, 2024, 11, 3, 1, 30, fold=1),
            DENVER,
            7,
            utc(2024, 11, 11, 7) - END,
            id="Denver fall",
        ),
        # Phoenix keeps UTC-7 all year: the same offset either side of the US changes.
        pytest.param(
            local(PHOENIX, 2024, 3, 9, 12),
            PHOENIX,
            1,
            utc(2024, 3, 11, 7) - END,
            id="Phoenix March",
        ),
        pytest.param(
            local(PHOENIX, 2024, 11, 2, 12),
            PHOENIX,
            1,
            utc(2024, 11, 4, 7) - END,
            id="Phoenix November",
        ),
        pytest.param(
            utc(2024, 7, 1, 3), PHOENIX, 30, utc(2024, 7, 31, 7) - END, id="UTC input, Phoenix date"
        ),
    ],
)
def test_it_ends_the_window_at_local_midnight(
    referred_at: datetime, zone: str, days: int, deadline: datetime
) -> None:
    result = intake_deadline(referred_at, zone, days)

    assert result == deadline
    assert result.tzinfo is UTC
    assert result.astimezone(ZoneInfo(zone)).time().isoformat() == "23:59:59.999999"


def test_it_gives_phoenix_and_denver_different_deadlines_in_summer_only() -> None:
    winter = utc(2024, 1, 10, 18)
    summer = utc(2024, 7, 10, 18)

    assert intake_deadline(winter, PHOENIX, 30) == intake_deadline(winter, DENVER, 30)
    assert intake_deadline(summer, PHOENIX, 30) - intake_deadline(summer, DENVER, 30) == timedelta(
        hours=1
    )


ZONES = [LA, NY, DENVER, PHOENIX, "America/Havana", "America/Santiago", "Pacific/Apia", "UTC"]


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
)
def test_it_always_ends_on_the_last_local_day_of_the_window(
    zone: str, moment: datetime, days: int
) -> None:
    referred_at = moment.replace(tzinfo=UTC)
    tz = ZoneInfo(zone)

    deadline = intake_deadline(referred_at, zone, days)

    last_day = referred_at.astimezone(tz).date() + timedelta(days=days)
    assert deadline.astimezone(tz).date() == last_day
    assert (deadline + END).astimezone(tz).date() == last_day + timedelta(days=1)


def test_it_uses_the_protocol_time_zone_and_window() -> None:
    seattle = load_protocol("seattle-lead")

    deadline = seattle.intake_deadline(local(LA, 2024, 3, 1, 10))

    assert deadline == intake_deadline(local(LA, 2024, 3, 1, 10), LA, 30)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: intake_deadline(datetime(2024, 3, 1, 10), LA, 30), "timezone-aware"),
        (lambda: intake_deadline(utc(2024, 3, 1), LA, -1), "window_days"),
        (lambda: intake_deadline(utc(2024, 3, 1), "America/Nowhere", 30), "unknown time zone"),
        (lambda: clock_status(utc(2024, 3, 1), datetime(2024, 3, 1)), "timezone-aware"),
    ],
)
def test_it_refuses_naive_times_bad_windows_and_unknown_zones(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


DEADLINE = utc(2024, 4, 1, 7) - END


@pytest.mark.parametrize(
    ("now", "status"),
    [
        (DEADLINE - timedelta(days=10), ClockStatus.ON_TIME),
        (DEADLINE - timedelta(days=2, microseconds=1), ClockStatus.ON_TIME),
        (DEADLINE - timedelta(days=2), ClockStatus.DUE_SOON),
        (DEADLINE - timedelta(hours=1), ClockStatus.DUE_SOON),
        (DEADLINE, ClockStatus.DUE_SOON),
        (DEADLINE + END, ClockStatus.OVERDUE),
        (DEADLINE.astimezone(ZoneInfo(LA)) + timedelta(days=3), ClockStatus.OVERDUE),
    ],
)
def test_it_reports_on_time_due_soon_and_overdue(now: datetime, status: ClockStatus) -> None:
    assert clock_status(DEADLINE, now) == status
    assert clock_status(DEADLINE, now) == str(status)


def test_it_takes_a_different_due_soon_margin() -> None:
    assert clock_status(DEADLINE, DEADLINE - timedelta(days=3), due_soon_days=5) == "due_soon"
    assert clock_status(DEADLINE, DEADLINE - timedelta(hours=1), due_soon_days=0) == "on_time"
