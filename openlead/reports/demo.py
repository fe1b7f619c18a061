"""Demo data for the evaluation pages: a comparison pool and two years of justice history
around everyone's index date, imported as records and linked, so the demo's `Run the
evaluation now` has results."""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path
from typing import Any

from django.utils import timezone
from faker import Faker

from openlead.access.acting import Actor
from openlead.access.models import User
from openlead.people.models import RACE_FLAGS
from openlead.records.actions import Proposal, do_import_comparison, do_store_proposals
from openlead.records.comparison import ComparisonRow
from openlead.records.demo import EVENTS, HEADER, MAPPING, us_date
from openlead.records.identity import LINKED_STATUSES, comparison_identity, identities
from openlead.records.importer import import_file
from openlead.records.mapping import load_mapping
from openlead.records.models import ComparisonPerson, JusticeRecord
from openlead.referrals.actions import do_record_earlier_referral
from openlead.referrals.models import Referral
from openlead.reports.extract import participant_rows

POOL = "demo-comparison-area"
HISTORY_DAYS = 730  # arrests are drawn from two years before the index date to today
ARRESTS_PER_YEAR = 1.6  # the average person's rate before the index date
POST_FACTOR = {"program": 0.5, "comparison": 1.0}  # the demo's (made-up) effect
# The doors of the participants entered without a referral (the equity lens's door mix).
DOOR_WEIGHTS = {"arrest": 45, "social_contact": 20, "community": 25, "self": 10}
OFFICERS = 14  # dave and 13 colleagues, a few of whom make most referrals (concentration)
CONDUCT = (["possession"], ["possession"], ["sale"], ["prostitution"])


def seed_evaluation_demo(program: Any, *, seed: int, n_comparison: int = 220) -> None:
    """A comparison pool and arrests, charges and bookings around everyone's index date,
    imported as records and linked (accepted), so `Run the evaluation now` has data."""
    rng, fake = random.Random(seed + 1), Faker("en_US")
    fake.seed_instance(seed + 1)
    today = timezone.localdate()
    acting = Actor.system("demo", program.pk)
    _seed_doors(program, rng, acting)
    sides: list[tuple[str, Any, dict[str, str], dt.date, bool]] = []
    rows_by_pk = dict(participant_rows(program))
    known = identities(list(program.people.filter(pk__in=rows_by_pk)))
    for pk, row in rows_by_pk.items():
        index = dt.date.fromisoformat(row["index_date"])
        sides.append(("program", pk, known[pk], index, row["door"] == "arrest"))
    for other, ident in _seed_pool(program, fake, rng, today, acting, n_comparison):
        sides.append(("comparison", other.pk, ident, other.index_date, True))
    rows, owners = [], {}
    for number, (group, pk, ident, index, arrested) in enumerate(sides):
        history = _history(rng, group, index, today)
        if arrested:  # the arrest that was diverted, or that made the person comparable
            history.append((index, "ARR", "Arrest - possession of a controlled substance", ""))
        for k, (when, code, text, level) in enumerate(history):
            event_id = f"HIST-{group[0]}{number:04d}-{k}"
            rows.append([event_id, code, text, when.strftime("%m/%d/%Y"), level,
                         ident["first_name"], ident["last_name"], us_date(ident["dob"]),
                         ident["sex"], ident.get("state_id", "")])  # fmt: skip
            owners[event_id] = (group, pk)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo_police_history.csv"
        with path.open("w", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        import_file(path, load_mapping(MAPPING), source="demo-rms-history",
                    acting=acting)  # fmt: skip
    records = JusticeRecord.objects.filter(source="demo-rms-history").only("pk", "external_id")
    proposals = []
    for record in records:
        group, pk = owners[record.external_id]
        side = {"comparison_id": pk} if group == "comparison" else {}
        proposals.append(Proposal(None if side else pk, record.pk, 0.99, "auto_accept", **side))
    do_store_proposals(proposals, acting=acting, program_id=program.pk, purpose="demo links")


def _seed_doors(program: Any, rng: random.Random, acting: Actor) -> None:
    """A referral (door, officer, screening facts) for each participant entered without one,
    on the day they were referred: the equity lens's door mix and officer concentration."""
    officers = _officers()
    weights = [1.0 / (rank + 1) ** 1.2 for rank in range(len(officers))]
    doors, door_weights = list(DOOR_WEIGHTS), list(DOOR_WEIGHTS.values())
    referred = set(Referral.objects.filter(program=program).values_list("person_id", flat=True))
    people = program.people.filter(status__in=LINKED_STATUSES).exclude(pk__in=referred)
    for person in people.order_by("pk"):
        door = rng.choices(doors, door_weights)[0]
        police = door in ("arrest", "social_contact")
        officer = rng.choices(officers, weights)[0] if police else None
        facts = {"conduct": rng.choice(CONDUCT)} if door != "self" else {}
        do_record_earlier_referral(
            person,
            door=door,
            referred_at=person.referred_at,
            referrer=officer,
            facts=facts,
            acting=acting,
        )


def _officers() -> list[Any]:
    """dave and his (login-less) colleagues: they only appear as referrers."""
    found = [u for u in User.objects.filter(username="dave")]
    for number in range(1, OFFICERS - len(found) + 1):
        officer, made = User.objects.get_or_create(
            username=f"demo-officer-{number:02d}",
            defaults={"first_name": "Demo", "last_name": f"Officer {number:02d}"},
        )
        if made:
            officer.set_unusable_password()
            officer.save(update_fields=["password"])
        found.append(officer)
    return found


def _seed_pool(
    program: Any, fake: Any, rng: random.Random, today: Any, acting: Actor, n: int
) -> Any:
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
    do_import_comparison(program, POOL, rows, rows_seen=len(rows), rejected=0, acting=acting)
    sealers: dict[str, Any] = {}
    for other in ComparisonPerson.objects.filter(program=program, pool=POOL).order_by("pk"):
        yield other, comparison_identity(other, sealers)


def _history(rng: random.Random, group: str, index: Any, today: Any) -> list[tuple[Any, ...]]:
    """Arrests as a Poisson process (a person-level rate, lower after the index date for
    participants), each with a charge or a booking half and a third of the time."""
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
    days: list[Any] = []
    at = 0.0
    while True:
        at += rng.expovariate(rate)
        day = start + dt.timedelta(days=int(at))
        if day >= stop:
            return days
        days.append(day)
