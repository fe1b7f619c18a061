"""The shared date checks: every form's dates are checked on the program's day."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django import forms
from django.utils import timezone

from openlead.programs import dates

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("value", "fine"),
    [
        (dt.date(2026, 12, 1), True),  # today is allowed
        (dt.date(2026, 12, 2), False),  # tomorrow is in the future
        (dt.date(1901, 5, 1), True),  # old but possible (a conviction date)
        (dt.date(1899, 12, 31), False),  # before 1900
        (dt.date(2030, 1, 1), False),  # the assessment dated 2030 in issue 11
    ],
)
def test_it_checks_a_past_date(value: dt.date, fine: bool) -> None:
    assert (dates.past_date_problem(value, today=TODAY) == "") is fine


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (dt.date(1980, 6, 1), ""),
        (dt.date(2008, 12, 1), ""),  # 18 today
        (dt.date(2008, 12, 2), "aged 18 or over"),  # 18 tomorrow
        (dt.date(2027, 1, 1), "future"),
        (dt.date(1899, 1, 1), "over 120"),
    ],
)
def test_it_checks_a_date_of_birth(value: dt.date, problem: str) -> None:
    found = dates.birth_date_problem(value, today=TODAY, minimum_age=18)
    assert (problem in found) if problem else found == ""


def test_it_checks_a_window() -> None:
    start, latest = dt.date(2026, 12, 1), dt.date(2027, 1, 30)
    assert dates.window_problem(dt.date(2027, 1, 30), start=start, latest=latest) == ""
    assert "at most" in dates.window_problem(dt.date(2099, 12, 31), start=start, latest=latest)
    assert "before" in dates.window_problem(dt.date(2026, 11, 30), start=start, latest=latest)


class _Form(forms.Form):
    on = dates.PastDateField()
    born = dates.BirthDateField(minimum_age=18, required=False)


def test_the_fields_use_the_programs_day_not_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """At 20:00 in Los Angeles on 1 December it is already 2 December in UTC: the 2nd is
    still in the future for the program."""
    zone = zoneinfo.ZoneInfo("America/Los_Angeles")
    now = dt.datetime(2026, 12, 1, 20, 0, tzinfo=zone)
    timezone.activate(zone)
    try:
        assert timezone.localdate(now) == dt.date(2026, 12, 1)
        monkeypatch.setattr(dates, "program_today", lambda: timezone.localdate(now))
        form = _Form({"on": "2026-12-02", "born": "2020-01-01"})
        assert not form.is_valid()
        assert "future" in form.errors["on"][0]
        assert "aged 18" in form.errors["born"][0]
        assert _Form({"on": "2026-12-01"}).is_valid()
    finally:
        timezone.deactivate()


def test_it_names_a_time_zone_in_words() -> None:
    from openlead.programs.templatetags.programs import zone_label

    assert zone_label("America/Los_Angeles").startswith("Los Angeles time (P")
    assert zone_label("America/New_York").startswith("New York time (E")
    assert zone_label("Not/AZone") == "Not/AZone"  # a bad stored value is shown, never a 500
