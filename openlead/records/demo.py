"""Demo data for the records app: imported fake justice records and some proposed links."""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path
from typing import Any

from openlead.access import audit
from openlead.records.actions import Proposal, do_store_proposals
from openlead.records.identity import identities
from openlead.records.importer import import_file
from openlead.records.mapping import load_mapping
from openlead.records.models import JusticeRecord

MAPPING = Path(__file__).resolve().parent / "mappings" / "police_records.toml"
HEADER = ["EventId", "EventType", "EventDescription", "EventDate", "OffenseLevel",
          "FirstName", "LastName", "DOB", "Sex", "SID"]  # fmt: skip
EVENTS = [("ARR", "Arrest - on view", ""), ("CHG", "Theft 3", "GM"),
          ("CHG", "Possession of controlled substance", "F"), ("BKG", "Booked into county jail", "")]  # fmt: skip


def _us(iso: str) -> str:
    return f"{iso[5:7]}/{iso[8:10]}/{iso[:4]}" if len(iso) == 10 else ""


def seed_records_demo(program: Any, *, seed: int) -> None:
    """Records for about a third of the program's people (a few misspelt: review), linked."""
    from openlead.people.models import Person

    rng = random.Random(seed)
    who = audit.Who(None, "demo", "", program.pk)
    people = list(Person.objects.filter(program=program).order_by("pk")[:60])
    rows, owners = [], {}
    known = identities(people)
    for index, person in enumerate(people):
        if rng.random() > 0.35:
            continue
        ident = known[person.pk]
        typo = rng.random() < 0.3
        for n in range(rng.randint(1, 3)):
            code, text, level = EVENTS[rng.randrange(len(EVENTS))]
            event_id = f"DEMO-{index:04d}-{n}"
            last = ident["last_name"][:-1] if typo else ident["last_name"]
            when = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2025"
            rows.append([event_id, code, text, when, level, ident["first_name"], last,
                         _us(ident["dob"]), ident["sex"], ident.get("state_id", "")])  # fmt: skip
            owners[event_id] = (person.pk, 0.72 if typo else 0.99)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo_police_records.csv"
        with path.open("w", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        import_file(path, load_mapping(MAPPING), source="demo-rms", who=who, program_id=program.pk)
    records = JusticeRecord.objects.filter(source="demo-rms", external_id__in=list(owners))
    proposals = [
        Proposal(
            owners[r.external_id][0],
            r.pk,
            owners[r.external_id][1],
            "review" if owners[r.external_id][1] < 0.95 else "auto_accept",
        )  # fmt: skip
        for r in records
    ]
    do_store_proposals(proposals, who=who, program_id=program.pk, purpose="demo links")


# --- a comparison pool and two years of history, so the demo's evaluation has results ------

POOL = "demo-comparison-area"
HISTORY_DAYS = 730  # arrests are drawn from two years before the index date to today
ARRESTS_PER_YEAR = 1.6  # the average person's rate before the index date
POST_FACTOR = {"program": 0.5, "comparison": 1.0}  # the demo's (made-up) effect


def seed_evaluation_demo(program: Any, *, seed: int, n_comparison: int = 220) -> None:
    """A comparison pool and arrests, charges and bookings around everyone's index date,
    imported as records and linked (accepted), so `Run the evaluation now` has data."""
    import datetime as dt

    from django.utils import timezone
    from faker import Faker

    from openlead.records.extract import participant_rows

    rng, fake = random.Random(seed + 1), Faker("en_US")
    fake.seed_instance(seed + 1)
    today = timezone.localdate()
    who = audit.Who(None, "demo", "", program.pk)
    sides: list[tuple[str, Any, dict[str, str], dt.date]] = []
    rows_by_pk = dict(participant_rows(program))
    known = identities(list(program.people.filter(pk__in=rows_by_pk)))
    for pk, row in rows_by_pk.items():
        sides.append(("program", pk, known[pk], dt.date.fromisoformat(row["index_date"])))
    for other, ident in _seed_pool(program, fake, rng, today, who, n_comparison):
        sides.append(("comparison", other.pk, ident, other.index_date))
    rows, owners = [], {}
    for number, (group, pk, ident, index) in enumerate(sides):
        for k, (when, code, text, level) in enumerate(_history(rng, group, index, today)):
            event_id = f"HIST-{group[0]}{number:04d}-{k}"
            rows.append([event_id, code, text, when.strftime("%m/%d/%Y"), level,
                         ident["first_name"], ident["last_name"], _us(ident["dob"]),
                         ident["sex"], ident.get("state_id", "")])  # fmt: skip
            owners[event_id] = (group, pk)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo_police_history.csv"
        with path.open("w", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        import_file(path, load_mapping(MAPPING), source="demo-rms-history", who=who,
                    program_id=program.pk)  # fmt: skip
    records = JusticeRecord.objects.filter(source="demo-rms-history").only("pk", "external_id")
    proposals = []
    for record in records:
        group, pk = owners[record.external_id]
        side = {"comparison_id": pk} if group == "comparison" else {}
        proposals.append(Proposal(None if side else pk, record.pk, 0.99, "auto_accept", **side))
    do_store_proposals(proposals, who=who, program_id=program.pk, purpose="demo links")


def _seed_pool(
    program: Any, fake: Any, rng: random.Random, today: Any, who: audit.Who, n: int
) -> Any:
    import datetime as dt

    from openlead.people.models import RACE_FLAGS
    from openlead.records.actions import do_import_comparison
    from openlead.records.comparison import ComparisonRow
    from openlead.records.identity import comparison_identity
    from openlead.records.models import ComparisonPerson

    # Demographics drawn from the participants' own, so the groups overlap (as a real
    # comparison area's eligible arrests would); names and dates are new.
    people = list(program.people.all())
    rows = []
    for number in range(n):
        like = rng.choice(people)
        flags = tuple(name for name, _label in RACE_FLAGS if getattr(like, name))
        first = fake.first_name_female() if like.sex == 0 else fake.first_name_male()
        dob = fake.date_of_birth(minimum_age=19, maximum_age=64).isoformat()
        letter = {0: "F", 1: "M"}.get(int(like.sex), "")
        ident = {"first_name": first, "last_name": fake.last_name(), "dob": dob, "sex": letter}
        index = today - dt.timedelta(days=rng.randint(30, 900))
        rows.append(
            ComparisonRow(
                number + 1, f"CMP-{number:04d}", ident, index, int(like.sex), flags, like.race_none
            )
        )
    do_import_comparison(program, POOL, rows, rows_seen=len(rows), rejected=0, who=who)
    sealers: dict[str, Any] = {}
    for other in ComparisonPerson.objects.filter(program=program, pool=POOL).order_by("pk"):
        yield other, comparison_identity(other, sealers)


def _history(rng: random.Random, group: str, index: Any, today: Any) -> list[tuple[Any, ...]]:
    """Arrests as a Poisson process (a person-level rate, lower after the index date for
    participants), each with a charge or a booking half and a third of the time."""
    import datetime as dt

    rate = rng.gammavariate(2.0, ARRESTS_PER_YEAR / 2.0) / 365.25  # per day
    before = _arrest_days(rng, rate, index - dt.timedelta(days=HISTORY_DAYS), index)
    after = _arrest_days(rng, rate * POST_FACTOR[group], index + dt.timedelta(days=1), today)
    events: list[tuple[Any, ...]] = []
    for day in before + after:
        events.append((day, "ARR", "Arrest - on view", ""))
        follow = rng.random()
        if follow < 0.5:  # a charge: one in five of them a felony
            events.append((day, *(EVENTS[2] if follow < 0.1 else EVENTS[1])))
        elif follow < 0.8:
            events.append((day, *EVENTS[3]))
    return events


def _arrest_days(rng: random.Random, rate: float, start: Any, stop: Any) -> list[Any]:
    """Days of a Poisson process with `rate` per day on [start, stop)."""
    import datetime as dt

    days: list[Any] = []
    at = 0.0
    while True:
        at += rng.expovariate(rate)
        day = start + dt.timedelta(days=int(at))
        if day >= stop:
            return days
        days.append(day)
