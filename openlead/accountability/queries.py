"""The counts behind the accountability page: aggregates of one program, never rows.

Every function reads with `values()` over the program's records and returns counts by
quarter; no name, public id or free text leaves this module. A referral counts in the
quarter of its `referred_at`, on the program's wall clock (pcg_quarters). Merged-away
people are left out, as in the policy group's report.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from openlead.accountability.groups import FLAGS, group_of
from openlead.accountability.models import PopulationTable, Publication
from openlead.casework.models import Enrollment, StatusSnapshot
from openlead.legal.models.cases import OPEN_CASE_STATUSES, LegalCase
from openlead.people.models import Person
from openlead.programs.models import Program
from openlead.referrals.models import Door, Referral
from openlead.reports.pcg_quarters import Quarter, program_zone

POLICE_DOORS = (Door.ARREST.value, Door.SOCIAL_CONTACT.value)
PERMANENT = 400  # HMIS living situations 4xx are permanent housing


def is_public(program: Program) -> bool:
    return Publication.objects.filter(program=program, public=True).exists()


def current_population(program: Program) -> PopulationTable | None:
    return PopulationTable.objects.filter(program=program).order_by("-uploaded_at", "-pk").first()


def _between(program: Program, quarters: list[Quarter], field: str) -> Q:
    zone = program_zone(program)
    start, end = quarters[0].bounds(zone)[0], quarters[-1].bounds(zone)[1]
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def quarter_of(program: Program, moment: dt.datetime) -> Quarter:
    return Quarter.of(moment.astimezone(program_zone(program)).date())


@dataclass(frozen=True)
class ReferralRow:
    """What the page needs of one referral: no id, no name."""

    quarter: Quarter
    door: str
    group: str
    charged: bool  # arrest door, or an open case on the referral date
    officer: int | None  # a police-door referrer, only to count per officer


def _open_cases(program: Program) -> dict[int, list[dt.date]]:
    found: defaultdict[int, list[dt.date]] = defaultdict(list)
    rows = LegalCase.objects.filter(program=program, status__in=OPEN_CASE_STATUSES)
    for person, opened in rows.values_list("person_id", "opened_on"):
        found[person].append(opened)
    return found


def referral_rows(program: Program, quarters: list[Quarter]) -> list[ReferralRow]:
    fields = ["referred_at", "door", "referrer_id", "person_id", *(f"person__{f}" for f in FLAGS)]
    found = (
        Referral.objects.filter(program=program, person__merged_into__isnull=True)
        .filter(_between(program, quarters, "referred_at"))
        .values(*fields)
    )
    cases = _open_cases(program)
    zone = program_zone(program)
    rows = []
    for r in found:
        day = r["referred_at"].astimezone(zone).date()
        charged = r["door"] == Door.ARREST or any(o <= day for o in cases.get(r["person_id"], []))
        police = r["door"] in POLICE_DOORS
        rows.append(
            ReferralRow(
                Quarter.of(day),
                r["door"],
                group_of({f: r[f"person__{f}"] for f in FLAGS}),
                charged,
                r["referrer_id"] if police else None,
            )
        )
    return rows


def officer_counts(rows: list[ReferralRow], quarter: Quarter) -> list[int]:
    """Police-door referrals per referring officer in the quarter (officers who referred)."""
    per = Counter(r.officer for r in rows if r.quarter == quarter and r.officer is not None)
    return sorted(per.values(), reverse=True)


def _first_permanent(program: Program) -> dict[int, dt.date]:
    """Each person's first month in permanent housing, for people whose first monthly
    status was not permanent housing (someone housed from the start was not housed by
    the program, so they are left out)."""
    rows = (
        StatusSnapshot.objects.filter(person__program=program, person__merged_into__isnull=True)
        .order_by("person_id", "month")
        .values_list("person_id", "month", "living_situation")
    )
    first: dict[int, dt.date] = {}
    housed_at_start: dict[int, bool] = {}
    for person, month, code in rows:
        if person not in housed_at_start:
            housed_at_start[person] = code >= PERMANENT
        elif not housed_at_start[person] and person not in first and code >= PERMANENT:
            first[person] = month
    return first


def housing_days(program: Program, quarters: list[Quarter]) -> dict[Quarter, list[int]]:
    """Days from referral to the first month in permanent housing, by the quarter housed."""
    housed = _first_permanent(program)
    referred = dict(program_people(program).filter(pk__in=housed).values_list("pk", "referred_at"))
    zone = program_zone(program)
    days: dict[Quarter, list[int]] = {q: [] for q in quarters}
    for person, month in housed.items():
        quarter = Quarter.of(month)
        if quarter in days and person in referred:
            start = referred[person].astimezone(zone).date()
            days[quarter].append(max(0, (month - start).days))
    return days


def median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def program_people(program: Program) -> Any:
    return Person.objects.filter(program=program, merged_into__isnull=True)


DESTINATION_CLASSES = ("homeless", "institutional", "temporary", "permanent", "other")


def destination_class(code: int | None) -> str:
    """HMIS 3.12 destinations by their first digit; the rest (other, deceased, no exit
    interview, no answer) is "other"."""
    if code is None or code < 100:
        return "other"
    return {1: "homeless", 2: "institutional", 3: "temporary", 4: "permanent"}.get(
        code // 100, "other"
    )


def exits(program: Program, quarters: list[Quarter]) -> Counter[tuple[str, Quarter]]:
    """Exits by destination class and the quarter of the exit date."""
    first, last = quarters[0].first_day, quarters[-1].last_day
    rows = Enrollment.objects.filter(
        program=program,
        person__merged_into__isnull=True,
        exited_on__gte=first,
        exited_on__lte=last,
    ).values_list("exit_destination", "exited_on")
    return Counter((destination_class(code), Quarter.of(day)) for code, day in rows if day)
