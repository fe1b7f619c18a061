"""The intake clock: when a referral's intake window closes, and how close that is.

The window counts local calendar days in the program's time zone, because officers and
case managers say "within 30 days" meaning days on the wall calendar, not 720 hours;
a referral at 23:30 still gets the whole of its last day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["ClockStatus", "clock_status", "intake_deadline", "zone"]

_LAST_MOMENT = timedelta(microseconds=1)


class ClockStatus(StrEnum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name`, or ValueError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def _require_aware(name: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value.isoformat()}")


def _start_of_day(day: date, tz: ZoneInfo) -> datetime:
    # fold=0 makes a midnight that falls in a DST gap resolve to the transition instant,
    # which is when that local day really begins.
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def intake_deadline(referred_at: datetime, tz: str, window_days: int) -> datetime:
    """The last moment (UTC) of the local day `window_days` after the referral's local date."""
    _require_aware("referred_at", referred_at)
    if isinstance(window_days, bool) or not isinstance(window_days, int) or window_days < 0:
        raise ValueError(f"window_days must be a whole number of days >= 0, got {window_days!r}")
    local_zone = zone(tz)
    referral_day = referred_at.astimezone(local_zone).date()
    day_after_last = referral_day + timedelta(days=window_days + 1)
    return _start_of_day(day_after_last, local_zone) - _LAST_MOMENT


def clock_status(deadline: datetime, now: datetime, due_soon_days: int = 2) -> ClockStatus:
    """overdue after the deadline; due_soon within `due_soon_days` (x 24 h) of it."""
    _require_aware("deadline", deadline)
    _require_aware("now", now)
    if now > deadline:
        return ClockStatus.OVERDUE
    if deadline - now <= timedelta(days=due_soon_days):
        return ClockStatus.DUE_SOON
    return ClockStatus.ON_TIME
