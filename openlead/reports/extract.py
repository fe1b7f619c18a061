"""A program's de-identified evaluation input files (`openlead evaluate-extract`, and the
first step of an evaluation run).

Writes people.csv, events.csv and status_months.csv in the input format of `openlead
evaluate run` (docs/evaluation.md) for the program's participants (group program) and
comparison pool (group comparison), with accepted justice-record links and police contacts
as events, and funds.csv and services.csv beside them. Identity never leaves:
each person gets a fresh random pseudonym per extract (never a public id), age at the
index date replaces the date of birth, and there are no names or identifiers. The rows
are row-level data for the evaluator; README.txt says how published tables must treat
small cells.
"""

from __future__ import annotations

import csv
import datetime as dt
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.people import vault
from openlead.people.models import RACE_FLAGS
from openlead.records.identity import LINKED_STATUSES, comparison_identity
from openlead.referrals.models import Door, Referral
from openlead.reports.extract_tables import (
    EVENT_COLUMNS,
    FUNDS_COLUMNS,
    POLICE_DOORS,
    SERVICE_COLUMNS,
    STATUS_COLUMNS,
    Index,
    Pseudonyms,
    comparison_people,
    event_rows,
    funds_rows,
    service_rows,
    status_rows,
)
from openlead.retention.models import DeletedTally

__all__ = ["EVENT_COLUMNS", "PEOPLE_COLUMNS", "build_extract", "write_extract"]

PEOPLE_COLUMNS = (
    "person_id",
    "group",
    "index_date",
    "door",
    "officer_id",
    "age",
    "birth_year",
    "sex",
    "race",
)
DELETED_COLUMNS = ("index_quarter", "door", "cause", "people")
EVALUATION_DOORS = tuple(Door.values)  # every door, self-referral included
SMALL_CELL = 11
_SEX = {0: "female", 1: "male"}
README = """\
openlead evaluation extract
===========================

Program: {program}
Made: {made} by {who}
Rows: {participants} participants (group program), {comparison} comparison people
(group comparison), {events} events, {status} status months, {funds} funds rows,
{services} service links.

people.csv         person_id, group, index_date, door, officer_id, age, birth_year, sex, race
events.csv         person_id, date, kind, severity, end_date, eligible_conduct
status_months.csv  person_id, month, housing, employment, income_or_benefits
funds.csv          person_id, month, category, amount
services.csv       person_id, month, kind, state
deleted.csv        index_quarter, door, cause, people ({deleted} participants deleted so far)

These are the input files of `openlead evaluate run --people people.csv
--events events.csv --status status_months.csv`.

- person_id is a random pseudonym made for this extract only: it matches nothing in
  openlead or in any other extract. There are no names, dates of birth or identifiers.
- index_date: the participant's first referral to the program; for the comparison
  group, the qualifying arrest that made the person comparable.
- door: the first referral's door (arrest, social_contact, community, self); empty for
  the comparison group and for a participant with no referral on record.
- officer_id: a pseudonym, made for this extract only, of the officer who made a police
  referral (arrest or social_contact door); empty otherwise.
- age: whole years at index_date; birth_year: the year of birth. sex: female | male
  (empty when not collected). race: the HMIS race flag (e.g. black_af_american),
  "multiple" for two or more, empty when not collected.
- events: accepted justice-record links only (automatic or reviewed); end_date is
  the end of a jail stay. eligible_conduct is known for the arrest on the index date
  only: true for a comparison person's qualifying arrest (the pool is people arrested
  for conduct the program could have diverted), the screening's outcome for a
  participant's arrest-door referral; empty (not known) for every other event.
- police_contact events: every police contact the program records: each arrest in the
  linked records (a contact that did not end in a referral, unless it is the diverted
  arrest) and each police-door referral on a day without an arrest record. openlead
  does not record other police stops.
- status_months: the monthly status as recorded, from the referral month on: housing is
  the HMIS living-situation code (3.917); employment the continuum stage (informal or
  day work is written "employed", looking for work "job_search"); income_or_benefits
  yes | no (empty when the person did not know, refused, or it was not collected).
- funds: flexible funds paid, summed by person, month paid and category (dollars).
- services: each service link's provider type and current state, by the month made.
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


@dataclass
class Extract:
    """The rows of every file, each list in random order."""

    people: list[dict[str, str]]
    events: list[dict[str, str]]
    status: list[dict[str, str]] = field(default_factory=list)
    funds: list[dict[str, str]] = field(default_factory=list)
    services: list[dict[str, str]] = field(default_factory=list)


def build_extract(program: Any) -> Extract:
    """Every table of one program, with fresh pseudonyms, in random order."""
    names = Pseudonyms()
    index: dict[tuple[str, int], Index] = {}
    people = []
    for pk, row, entry in _participants(program, names):
        people.append({**row, "person_id": names.of("p", pk)})
        index[("p", pk)] = entry
    sealers: dict[str, Any] = {}  # one pool key unwrapped once, not once per person
    for other in comparison_people(program):
        dob = _comparison_dob(other, sealers)
        people.append(
            {
                "person_id": names.of("c", other.pk),
                "group": "comparison",
                "index_date": other.index_date.isoformat(),
                **_demographics(other, dob, other.index_date),
            }
        )
        index[("c", other.pk)] = Index(other.index_date)
    extract = Extract(
        people,
        event_rows(program, names, index),
        status_rows(program, names),
        funds_rows(program, names),
        service_rows(program, names),
    )
    # Row order would otherwise follow creation order, a weak link back to the database.
    shuffle = secrets.SystemRandom().shuffle
    for rows in (extract.people, extract.events, extract.status, extract.funds, extract.services):
        shuffle(rows)
    return extract


def build_rows(program: Any) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """People and event rows of one program (build_extract's first two tables)."""
    extract = build_extract(program)
    return extract.people, extract.events


def participant_rows(program: Any) -> list[tuple[int, dict[str, str]]]:
    """(Person pk, extract row) of each participant; index_date is the first referral's."""
    return [(pk, row) for pk, row, _entry in _participants(program, Pseudonyms())]


def _participants(program: Any, names: Pseudonyms) -> list[tuple[int, dict[str, str], Index]]:
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
        officer = ""
        if referral and door in POLICE_DOORS and referral.referrer_id:
            officer = names.of("o", int(referral.referrer_id))
        dek = keys.get(person.public_id) or vault.data_key(person.public_id)  # shredded: says so
        dob = _parse(vault.get_person_field(person, dek, "date_of_birth"))
        row = {
            "group": "program",
            "index_date": index_date.isoformat(),
            "door": door,
            "officer_id": officer,
            **_demographics(person, dob, index_date),
        }
        entry = Index(index_date, door, str(referral.outcome) if referral else "")
        rows.append((int(person.pk), row, entry))
    return rows


def _demographics(someone: Any, dob: dt.date | None, on: dt.date) -> dict[str, str]:
    """Age at the index date, birth year, sex and race as entered."""
    known = dob is not None and dob <= on
    return {
        "age": _age(dob, on),
        "birth_year": str(dob.year) if known and dob is not None else "",
        "sex": _SEX.get(int(someone.sex), ""),
        "race": _race(someone),
    }


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


def write_extract(program: Any, out: Path, *, acting: Actor) -> ExtractCounts:
    """Write the files and one audit event (counts only)."""
    extract = build_extract(program)
    people = extract.people
    counts = ExtractCounts(
        sum(1 for p in people if p["group"] == "program"),
        sum(1 for p in people if p["group"] == "comparison"),
        len(extract.events),
    )
    with transaction.atomic():
        acting.audit(
            action=AuditAction.EXPORT,
            outcome=AuditOutcome.ALLOWED,
            groups=[
                FieldGroup.IDENTITY,
                FieldGroup.DEMOGRAPHICS,
                FieldGroup.REFERRAL,
                FieldGroup.LEGAL,
                FieldGroup.ENROLLMENT_STATUS,
                FieldGroup.FUNDS,
            ],
            purpose="evaluation extract",
            detail={"program_id": program.pk, **counts.__dict__},
        )
        deleted = _write_files(out, extract, deleted_rows(program))
        made = timezone.now().strftime("%Y-%m-%d %H:%M UTC")
        (out / "README.txt").write_text(
            README.format(
                program=program.name,
                made=made,
                who=acting.who.username,
                participants=counts.participants,
                comparison=counts.comparison,
                events=counts.events,
                status=len(extract.status),
                funds=len(extract.funds),
                services=len(extract.services),
                small=SMALL_CELL,
                deleted=deleted,
            )
        )
    return counts


def _write_files(out: Path, extract: Extract, deleted: list[dict[str, str]]) -> int:
    """The CSV files; returns how many participants deleted.csv counts."""
    _write_csv(out / "people.csv", PEOPLE_COLUMNS, extract.people)
    _write_csv(out / "events.csv", EVENT_COLUMNS, extract.events)
    _write_csv(out / "status_months.csv", STATUS_COLUMNS, extract.status)
    _write_csv(out / "funds.csv", FUNDS_COLUMNS, extract.funds)
    _write_csv(out / "services.csv", SERVICE_COLUMNS, extract.services)
    _write_csv(out / "deleted.csv", DELETED_COLUMNS, deleted)
    return sum(int(row["people"]) for row in deleted)


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
