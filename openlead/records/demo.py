"""Demo data for the records app: imported fake justice records and some proposed links."""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path
from typing import Any

from openlead.access.acting import Actor
from openlead.linkage import Thresholds
from openlead.linkage.core import link
from openlead.linkage.explain import pair_weights
from openlead.people.actions import NewPerson, do_create_person
from openlead.people.models import Person
from openlead.records.actions import Proposal, do_store_proposals
from openlead.records.clustering import cluster_source
from openlead.records.duplicates import find_duplicate_people
from openlead.records.identity import LINKED_STATUSES, identities, people_frame, records_frame
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
    rows, owners, misspelt = [], {}, set()
    known = identities(people)
    for index, person in enumerate(people):
        if rng.random() > 0.35:
            continue
        ident = known[person.pk]
        typo = rng.random() < 0.3
        for n in range(rng.randint(1, 3)):
            code, text, level = EVENTS[rng.randrange(len(EVENTS))]
            event_id = f"DEMO-{index:04d}-{n}"
            # A review case: surname misspelt and no state id.
            last = ident["last_name"][:-1] if typo else ident["last_name"]
            dob = ident["dob"]
            sid = "" if typo else ident.get("state_id", "")
            when = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2025"
            rows.append([event_id, code, text, when, level, ident["first_name"], last,
                         us_date(dob), ident["sex"], sid])  # fmt: skip
            owners[event_id] = person.pk
            if typo:
                misspelt.add(event_id)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo_police_records.csv"
        with path.open("w", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        import_file(path, load_mapping(MAPPING), source="demo-rms", acting=acting)
    # One justice person per person's records: the queue asks about each pair once.
    cluster_source("demo-rms", acting=acting)
    records = list(JusticeRecord.objects.filter(source="demo-rms", external_id__in=list(owners)))
    # Scored by the real model, so the review page's waterfall shows real weights. A
    # misspelt record is queued for review whatever its score, so the demo's queue has
    # work to show (the model is sure of most of them).
    result = link(people_frame(people, []), records_frame(records))
    queued = {r.public_id for r in records if r.external_id in misspelt}
    person_pk = {f"p:{p.public_id}": p.pk for p in people}
    record_pk = {r.public_id: r.pk for r in records}
    explained = pair_weights(result.pairs, result.model)
    pairs = result.pairs
    proposals = [
        Proposal(
            person_pk[left],
            record_pk[right],
            p,
            "review" if right in queued else band,
            weights=why,
        )
        for left, right, p, band, why in zip(
            pairs["left_id"].astype(str),
            pairs["right_id"].astype(str),
            pairs["match_probability"].astype(float),
            pairs["band"].astype(str),
            explained,
            strict=True,
        )
    ]
    do_store_proposals(proposals, acting=acting, program_id=program.pk, purpose="demo links")


# Who is entered twice, and how the second entry differs: a door's intake often has the
# name as the person gave it that day. (index among the program's people, new first name)
TWICE = ((3, "initial"), (8, "typo"))


def seed_duplicates_demo(program: Any) -> int:
    """Enter two people a second time, as two doors would, and run the duplicate check, so
    the supervisor's duplicates page has real pairs to decide. Returns the pairs stored."""
    acting = Actor.system("demo", program.pk)
    people = list(Person.objects.filter(program=program, status__in=LINKED_STATUSES))
    people.sort(key=lambda p: p.pk)
    # A small demo (a test's six people) may not reach the later indexes: enter twice only
    # those who exist, rather than fail the whole demo.
    twice = [(index, how) for index, how in TWICE if index < len(people)]
    known = identities([people[i] for i, _ in twice])
    for index, how in twice:
        first = people[index]
        ident = known[first.pk]
        given = ident["first_name"][0] if how == "initial" else ident["first_name"][:-1]
        do_create_person(
            NewPerson(
                program_id=program.pk,
                legal_name=f"{given} {ident['last_name']}",
                date_of_birth=ident["dob"],
                sex=first.sex,
                status="active",
                case_manager_id=first.case_manager_id,
            ),
            acting=acting,
        )
    everyone = list(Person.objects.filter(program=program, status__in=LINKED_STATUSES))
    found = find_duplicate_people(program, everyone, acting=acting, thresholds=Thresholds())
    return found.new
