"""Sane dates for every form (issue 11: a contact dated 1901, an assessment in 2030, a
date of birth that makes someone 3 years old).

"Today" is the program's day: the request runs in the program's time zone
(programs.middleware), so `timezone.localdate()` is the date on the wall where the
program works, never the server's UTC date. Each check returns the sentence to show
beside the field, or "" when the date is fine; the form fields below use them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.utils import timezone

EARLIEST = dt.date(1900, 1, 1)  # nothing a program records happened before this
OLDEST_AGE = 120


def program_today() -> dt.date:
    """Today where the program runs (the request's time zone, set by the middleware)."""
    return timezone.localdate()


def program_day(program: Any) -> dt.date:
    """Today on a given program's wall clock, for callers outside a page's request (the
    CLI, the API's token requests, the scheduled jobs), which run in UTC: between midnight
    UTC and midnight in Los Angeles the two dates differ."""
    try:
        zone: dt.tzinfo = zoneinfo.ZoneInfo(program.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, AttributeError):
        zone = timezone.get_current_timezone()  # settings validate zones; never fail on one
    return timezone.localdate(timezone=zone)


def years_between(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def past_date_problem(value: dt.date, *, today: dt.date, earliest: dt.date = EARLIEST) -> str:
    """A contact, assessment, status month or conviction: not in the future, not before 1900."""
    if value > today:
        return f"This date is in the future: use {today:%-d %B %Y} or earlier."
    if value < earliest:
        return f"This date is too far back: use {earliest:%-d %B %Y} or later."
    return ""


def birth_date_problem(value: dt.date, *, today: dt.date, minimum_age: int) -> str:
    if value > today:
        return "A date of birth cannot be in the future."
    if value < EARLIEST or years_between(value, today) > OLDEST_AGE:
        return f"Check the year: this would make the person over {OLDEST_AGE}."
    if years_between(value, today) < minimum_age:
        return f"This program works with people aged {minimum_age} or over."
    return ""


def window_problem(
    value: dt.date, *, start: dt.date, latest: dt.date, what: str = "The date"
) -> str:
    """A date that must fall in [start, latest] (an extension within the protocol's limit)."""
    if value < start:
        return f"{what} cannot be before {start:%-d %B %Y}."
    if value > latest:
        return f"{what} can be at most {latest:%-d %B %Y}."
    return ""


DATE_WIDGET = {"type": "date"}


class PastDateField(forms.DateField):
    """A date that already happened (contact, assessment, conviction), checked in the
    program's time zone; the picker's max is today so phones offer no future day."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs=dict(DATE_WIDGET)))
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"min": EARLIEST.isoformat()})
        return attrs

    def clean(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().clean(value)
        if day is not None:
            problem = past_date_problem(day, today=program_today())
            if problem:
                raise forms.ValidationError(problem, code="date_range")
        return day


class BirthDateField(forms.DateField):
    """A date of birth: not in the future, not before 1900, not under the program's
    minimum age (set `minimum_age` from Program.minimum_age when building the form)."""

    def __init__(self, *args: Any, minimum_age: int = 0, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs=dict(DATE_WIDGET)))
        self.minimum_age = minimum_age
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().clean(value)
        if day is not None:
            problem = birth_date_problem(day, today=program_today(), minimum_age=self.minimum_age)
            if problem:
                raise forms.ValidationError(problem, code="date_range")
        return day
