"""Demo data for the records app: imported fake justice records and some proposed links."""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path
from typing import Any

from openlead.access.acting import Actor
from openlead.people.models import Person
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


def us_date(iso: str) -> str:
    return f"{iso[5:7]}/{iso[8:10]}/{iso[:4]}" if len(iso) == 10 else ""


def seed_records_demo(program: Any, *, seed: int) -> None:
    """Records for about a third of the program's people (a few misspelt: review), linked."""
    rng = random.Random(seed)
    acting = Actor.system("demo", program.pk)
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
                         us_date(ident["dob"]), ident["sex"], ident.get("state_id", "")])  # fmt: skip
            owners[event_id] = (person.pk, 0.72 if typo else 0.99)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo_police_records.csv"
        with path.open("w", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        import_file(path, load_mapping(MAPPING), source="demo-rms", acting=acting)
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
    do_store_proposals(proposals, acting=acting, program_id=program.pk, purpose="demo links")
