"""The quarters the policy group's report can cover: calendar quarters in the program's time
zone, from the quarter the program started in to the current one."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Min

from openlead.people.models import Person
from openlead.programs.models import Program
from openlead.referrals.models import Referral
from openlead.reports.models import PcgRetained

MONTHS = ("Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec")
_CODE = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1-4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number} ({MONTHS[self.number - 1]})"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def bounds(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as instants: midnight on the first day to midnight after the last,
        on the program's wall clock (a quarter is what the program's staff call one)."""
        start = dt.datetime.combine(self.first_day, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(self.next().first_day, dt.time(), tzinfo=zone)
        return start, end


def program_zone(program: Program) -> ZoneInfo:
    return ZoneInfo(program.time_zone)


def quarters_of(program: Program, today: dt.date) -> list[Quarter]:
    """Every quarter from the program's start to today's, newest first.

    The start is its first referral (or the first referral date of a person it holds, for
    people brought over without their referral rows) when that is older than the program's
    record here: a program that moves to openlead brings its history, and its PCG asks
    about those quarters too."""
    zone = program_zone(program)
    started = program.created_at.astimezone(zone).date()
    firsts = [
        Referral.objects.filter(program=program).aggregate(first=Min("referred_at"))["first"],
        Person.objects.filter(program=program).aggregate(first=Min("referred_at"))["first"],
    ]
    for moment in firsts:
        if moment is not None:
            started = min(started, moment.astimezone(zone).date())
    kept = _earliest_retained(program)
    if kept is not None:  # its people are deleted, but the report still offers the quarter
        started = min(started, kept.first_day)
    first, last = Quarter.of(min(started, today)), Quarter.of(today)
    found = [first]
    while found[-1] < last:
        found.append(found[-1].next())
    return found[::-1]


def _earliest_retained(program: Program) -> Quarter | None:
    codes = PcgRetained.objects.filter(program=program).values_list("quarter", flat=True)
    found = [Quarter(int(c[:4]), int(c[-1])) for c in codes.distinct()]
    return min(found) if found else None


def parse_quarter(raw: str | None, choices: list[Quarter]) -> Quarter | None:
    """The chosen quarter, if `raw` names one of the choices (None for anything else)."""
    match = _CODE.match(raw or "")
    if match is None:
        return None
    quarter = Quarter(int(match[1]), int(match[2]))
    return quarter if quarter in choices else None
