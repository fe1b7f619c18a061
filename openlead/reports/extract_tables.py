"""The extract's tables beside people.csv: events, monthly status, funds and service links.

Every row names a person by the extract's pseudonym only (`Pseudonyms`), and holds codes,
months and amounts: no free text (notes, purposes, provider names) ever leaves.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q

from openlead.casework.models import FundsEntry, ServiceLink, StatusSnapshot
from openlead.casework.models.funds import FundsStatus
from openlead.records.models import ComparisonPerson, LinkStatus, PersonRecordLink
from openlead.referrals.models import Outcome, Referral

EVENT_COLUMNS = ("person_id", "date", "kind", "severity", "end_date", "eligible_conduct")
STATUS_COLUMNS = ("person_id", "month", "housing", "employment", "income_or_benefits")
FUNDS_COLUMNS = ("person_id", "month", "category", "amount")
SERVICE_COLUMNS = ("person_id", "month", "kind", "state")
POLICE_DOORS = ("arrest", "social_contact")
ARREST_KINDS = ("arrest", "booking")
# The app's employment stages in the engine's continuum words (docs/evaluation.md);
# "not collected" is left empty, as a missing value.
EMPLOYMENT_WORDS = {
    "none": "none",
    "training": "training",
    "seeking": "job_search",
    "informal": "employed",
    "part_time": "part_time",
    "full_time": "full_time",
}
INCOME_WORDS = {1: "yes", 0: "no"}  # 8, 9, 99 (doesn't know, refused, not collected): empty


@dataclass
class Pseudonyms:
    """Fresh random ids for this extract only: people ("p", pk), comparison ("c", pk) and
    referring officers ("o", user pk) never share a namespace, and match nothing else."""

    ids: dict[tuple[str, int], str] = field(default_factory=dict)

    def of(self, side: str, pk: int) -> str:
        return self.ids.setdefault((side, pk), secrets.token_hex(8))

    def known(self, side: str, pk: int) -> str | None:
        return self.ids.get((side, pk))


@dataclass(frozen=True)
class Index:
    """What the events need to know of each person's entry: the index date and, for a
    participant, the screened referral (door and outcome) that made it."""

    date: dt.date
    door: str = ""
    outcome: str = ""


def event_rows(
    program: Any, names: Pseudonyms, index: dict[tuple[str, int], Index]
) -> list[dict[str, str]]:
    """Accepted justice-record links as events, with eligible_conduct where it is known,
    then one police_contact for every police contact the program records."""
    links = PersonRecordLink.objects.filter(status=LinkStatus.ACCEPTED).select_related("record")
    links = links.filter(Q(person__program=program) | Q(comparison__program=program))
    events: list[dict[str, str]] = []
    arrest_days: set[tuple[str, dt.date]] = set()
    for link in links:
        key = ("p", link.person_id) if link.person_id else ("c", link.comparison_id or 0)
        person_id = names.known(*key)
        if person_id is None:  # referred-only people are not in the extract, nor their events
            continue
        record = link.record
        row = _event(person_id, record, _eligible(record, index.get(key)))
        events.append(row)
        if record.kind == "arrest":
            arrest_days.add((person_id, record.occurred_on))
            events.append({**row, "kind": "police_contact", "severity": "", "end_date": ""})
    events += _referral_contacts(program, names, arrest_days)
    return events


def _eligible(record: Any, entry: Index | None) -> str:
    """The screening's word on the arrest that made the index date: a comparison person's
    qualifying arrest is eligible conduct by the pool's definition; a participant's
    arrest-door referral was screened (eligible or not). Other arrests: not known."""
    if entry is None or record.kind not in ARREST_KINDS or record.occurred_on != entry.date:
        return ""
    if not entry.door:  # the comparison side: its index date is the qualifying arrest
        return "true"
    if entry.door != "arrest":
        return ""
    words = {str(Outcome.ELIGIBLE): "true", str(Outcome.INELIGIBLE): "false"}
    return words.get(entry.outcome, "")


def _event(person_id: str, record: Any, eligible: str) -> dict[str, str]:
    return {
        "person_id": person_id,
        "date": record.occurred_on.isoformat(),
        "kind": record.kind,
        "severity": record.severity,
        "end_date": record.ended_on.isoformat() if record.ended_on else "",
        "eligible_conduct": eligible,
    }


def _referral_contacts(
    program: Any, names: Pseudonyms, arrest_days: set[tuple[str, dt.date]]
) -> list[dict[str, str]]:
    """Each police-door referral of a participant is a police contact; the arrest behind an
    arrest-door referral is already one (its record), so that day is not counted twice."""
    zone = ZoneInfo(program.time_zone)
    rows = []
    found = Referral.objects.filter(program=program, door__in=POLICE_DOORS).only(
        "person_id", "referred_at"
    )
    for referral in found:
        person_id = names.known("p", int(referral.person_id))
        day = referral.referred_at.astimezone(zone).date()
        if person_id is None or (person_id, day) in arrest_days:
            continue
        rows.append(
            {"person_id": person_id, "date": day.isoformat(), "kind": "police_contact"}
            | {"severity": "", "end_date": "", "eligible_conduct": ""}
        )
    return rows


def status_rows(program: Any, names: Pseudonyms) -> list[dict[str, str]]:
    """Monthly status: the HMIS living-situation code, the employment stage, income."""
    rows = []
    snapshots = StatusSnapshot.objects.filter(person__program=program).only(
        "person_id", "month", "living_situation", "employment_stage", "income_any"
    )
    for snap in snapshots:
        person_id = names.known("p", int(snap.person_id))
        if person_id is None:
            continue
        rows.append(
            {
                "person_id": person_id,
                "month": snap.month.replace(day=1).isoformat(),
                "housing": str(snap.living_situation),
                "employment": EMPLOYMENT_WORDS.get(snap.employment_stage, ""),
                "income_or_benefits": INCOME_WORDS.get(int(snap.income_any), ""),
            }
        )
    return rows


def funds_rows(program: Any, names: Pseudonyms) -> list[dict[str, str]]:
    """Flexible funds paid, summed by person, month paid and category (reversals net out)."""
    sums: dict[tuple[str, str, str], int] = defaultdict(int)
    paid = FundsEntry.objects.filter(program=program, status=FundsStatus.PAID).exclude(paid_on=None)
    for entry in paid.only("person_id", "paid_on", "category", "amount_cents"):
        person_id = names.known("p", int(entry.person_id)) if entry.person_id else None
        if person_id is None or entry.paid_on is None:
            continue
        month = entry.paid_on.replace(day=1).isoformat()
        sums[(person_id, month, entry.category)] += int(entry.amount_cents)
    return [
        {"person_id": p, "month": m, "category": c, "amount": f"{cents / 100:.2f}"}
        for (p, m, c), cents in sums.items()
    ]


def service_rows(program: Any, names: Pseudonyms) -> list[dict[str, str]]:
    """Service links: the provider's type (never its name), the link's state, its month."""
    zone = ZoneInfo(program.time_zone)
    rows = []
    links = ServiceLink.objects.filter(person__program=program).select_related("provider")
    for link in links.only("person_id", "created_at", "state", "provider__kind"):
        person_id = names.known("p", int(link.person_id))
        if person_id is None:
            continue
        month = link.created_at.astimezone(zone).date().replace(day=1).isoformat()
        rows.append(
            {"person_id": person_id, "month": month, "kind": link.provider.kind}
            | {"state": link.state}
        )
    return rows


def comparison_people(program: Any) -> Any:
    return ComparisonPerson.objects.filter(program=program).order_by("pk")
