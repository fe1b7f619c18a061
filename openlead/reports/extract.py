"""A program's de-identified evaluation input files (`openlead evaluate-extract`, and the
first step of an evaluation run).

Writes people.csv and events.csv in the input format of `openlead evaluate run`
(docs/evaluation.md) for the program's participants (group program) and comparison pool
(group comparison), with accepted justice-record links as events. Identity never leaves:
each person gets a fresh random pseudonym per extract (never a public id), age at the
index date replaces the date of birth, and there are no names or identifiers. The rows
are row-level data for the evaluator; README.txt says how published tables must treat
small cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.people import vault
from openlead.people.models import RACE_FLAGS
from openlead.records.identity import LINKED_STATUSES, comparison_identity
from openlead.records.models import ComparisonPerson, LinkStatus, PersonRecordLink
from openlead.referrals.models import Referral
from openlead.retention.models import DeletedTally

PEOPLE_COLUMNS = ("person_id", "group", "index_date", "door", "age", "sex", "race")
EVENT_COLUMNS = ("person_id", "date", "kind", "severity", "end_date")
DELETED_COLUMNS = ("index_quarter", "door", "cause", "people")
EVALUATION_DOORS = ("arrest", "social_contact", "community")  # a self-referral has none
SMALL_CELL = 11
_SEX = {0: "female", 1: "male"}
README = """\
openlead evaluation extract
===========================

Program: {program}
Made: {made} by {who}
Rows: {participants} participants (group program), {comparison} comparison people
(group comparison), {events} events.

people.csv  person_id, group, index_date, door, age, sex, race
events.csv  person_id, date, kind, severity, end_date
deleted.csv index_quarter, door, cause, people ({deleted} participants deleted so far)

These are the input files of `openlead evaluate run --people people.csv
--events events.csv`.

- person_id is a random pseudonym made for this extract only: it matches nothing in
  openlead or in any other extract. There are no names, dates of birth or identifiers.
- index_date: the participant's first referral to the program; for the comparison
  group, the qualifying arrest that made the person comparable.
- age: whole years at index_date. sex: female | male (empty when not collected).
  race: the HMIS race flag (e.g. black_af_american), "multiple" for two or more,
  empty when not collected.
- events: accepted justice-record links only (automatic or reviewed); end_date is
  the end of a jail stay.
- deleted.csv: participants deleted (on request, or by the retention schedule) are not
  in people.csv; they are counted here by the quarter of their first referral, door
  and cause, so attrition by deletion can be reported (docs/retention.md).

This is row-level data about people. Keep it on the evaluation team's systems and
delete it when the evaluation ends. In anything published or shared (tables,
figures, reports), suppress every cell that counts fewer than {small} people.
"""


@dataclass(frozen=True)
class ExtractCounts:
    participants: int
    comparison: int
    events: int


def build_rows(program: Any) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """People and event rows of one program, with fresh pseudonyms, in random order."""
    pseudonyms: dict[tuple[str, int], str] = {}

    def pseudonym(side: str, pk: int) -> str:
        return pseudonyms.setdefault((side, pk), secrets.token_hex(8))

    people = [{**row, "person_id": pseudonym("p", pk)} for pk, row in participant_rows(program)]
    sealers: dict[str, Any] = {}  # one pool key unwrapped once, not once per person
    for other in ComparisonPerson.objects.filter(program=program).order_by("pk"):
        dob = _comparison_dob(other, sealers)
        people.append(
            {
                "person_id": pseudonym("c", other.pk),
                "group": "comparison",
                "index_date": other.index_date.isoformat(),
                "door": "",
                "age": _age(dob, other.index_date),
                "sex": _SEX.get(int(other.sex), ""),
                "race": _race(other),
            }
        )
    links = PersonRecordLink.objects.filter(status=LinkStatus.ACCEPTED).select_related("record")
    events = []
    for link in links.filter(Q(person__program=program) | Q(comparison__program=program)):
        key = ("p", link.person_id) if link.person_id else ("c", link.comparison_id)
        if key in pseudonyms:  # referred-only people are not in the extract, nor their events
            events.append(_event(pseudonyms[key], link.record))
    # Row order would otherwise follow creation order, a weak link back to the database.
    shuffle = secrets.SystemRandom().shuffle
    shuffle(people)
    shuffle(events)
    return people, events


def participant_rows(program: Any) -> list[tuple[int, dict[str, str]]]:
    """(Person pk, extract row) of each participant; index_date is the first referral's."""
    zone = ZoneInfo(program.time_zone)
    first: dict[int, Any] = {}
    for earliest in Referral.objects.filter(program=program).order_by("referred_at", "pk"):
        first.setdefault(earliest.person_id, earliest)
    rows = []
    people = list(program.people.filter(status__in=LINKED_STATUSES).order_by("pk"))
    keys = vault.data_keys([p.public_id for p in people])  # one query, not one per person
    for person in people:
        referral = first.get(person.pk)
        referred_at = referral.referred_at if referral else person.referred_at
        index_date = referred_at.astimezone(zone).date()
        door = referral.door if referral and referral.door in EVALUATION_DOORS else ""
        dek = keys.get(person.public_id) or vault.data_key(person.public_id)  # shredded: says so
        dob = _parse(vault.get_person_field(person, dek, "date_of_birth"))
        row = {
            "group": "program",
            "index_date": index_date.isoformat(),
            "door": door,
            "age": _age(dob, index_date),
            "sex": _SEX.get(int(person.sex), ""),
            "race": _race(person),
        }
        rows.append((int(person.pk), row))
    return rows


def _comparison_dob(other: Any, sealers: dict[str, Any]) -> dt.date | None:
    return _parse(comparison_identity(other, sealers).get("dob", ""))


def _parse(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        return None


def _age(dob: dt.date | None, on: dt.date) -> str:
    if dob is None or dob > on:
        return ""
    return str(on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day)))


def _race(someone: Any) -> str:
    flags = [name for name, _label in RACE_FLAGS if getattr(someone, name)]
    return flags[0] if len(flags) == 1 else ("multiple" if flags else "")


def _event(person_id: str, record: Any) -> dict[str, str]:
    return {
        "person_id": person_id,
        "date": record.occurred_on.isoformat(),
        "kind": record.kind,
        "severity": record.severity,
        "end_date": record.ended_on.isoformat() if record.ended_on else "",
    }


def write_extract(program: Any, out: Path, *, acting: Actor) -> ExtractCounts:
    """Write the three files and one audit event (counts only)."""
    people, events = build_rows(program)
    counts = ExtractCounts(
        sum(1 for p in people if p["group"] == "program"),
        sum(1 for p in people if p["group"] == "comparison"),
        len(events),
    )
    with transaction.atomic():
        acting.audit(
            action=AuditAction.EXPORT,
            outcome=AuditOutcome.ALLOWED,
            groups=[FieldGroup.IDENTITY, FieldGroup.LEGAL, FieldGroup.ENROLLMENT_STATUS],
            purpose="evaluation extract",
            detail={"program_id": program.pk, **counts.__dict__},
        )
        _write_csv(out / "people.csv", PEOPLE_COLUMNS, people)
        _write_csv(out / "events.csv", EVENT_COLUMNS, events)
        deleted = deleted_rows(program)
        _write_csv(out / "deleted.csv", DELETED_COLUMNS, deleted)
        made = timezone.now().strftime("%Y-%m-%d %H:%M UTC")
        (out / "README.txt").write_text(
            README.format(
                program=program.name,
                made=made,
                who=acting.who.username,
                participants=counts.participants,
                comparison=counts.comparison,
                events=counts.events,
                small=SMALL_CELL,
                deleted=sum(int(row["people"]) for row in deleted),
            )
        )
    return counts


def deleted_rows(program: Any) -> list[dict[str, str]]:
    """The deleted participants' counts (retention.DeletedTally), never rows about them."""
    found = DeletedTally.objects.filter(program=program, people__gt=0).order_by(
        "index_quarter", "door", "cause"
    )
    return [
        {
            "index_quarter": t.index_quarter,
            "door": t.door,
            "cause": t.cause,
            "people": str(t.people),
        }
        for t in found
    ]


def _write_csv(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
