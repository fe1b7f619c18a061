"""The demo's accountability page: published, with a population table for the demo county
and a year of referrals from officers who refer at very different rates, so every section
has something to show (and some cells to hide). All of it invented."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from faker import Faker

from openlead.access.acting import Actor
from openlead.access.models import Membership, User
from openlead.access.roles import Role
from openlead.accountability.groups import FLAGS
from openlead.accountability.models import PopulationTable, Publication
from openlead.casework import actions as casework
from openlead.people.models import Person
from openlead.programs.models import Organization, OrganizationKind, Program
from openlead.referrals import actions as referrals
from openlead.referrals.demo import ARREST
from openlead.reports.pcg_quarters import Quarter

SYSTEM = Actor.system("openlead-demo")
# Invented residents of "Demo County", in the page's groups (docs/accountability.md).
DEMO_POPULATION = {
    "am_ind_ak_native": 14_200,
    "asian": 121_900,
    "black_af_american": 58_300,
    "hispanic_latinao": 96_400,
    "mid_east_n_african": 9_800,
    "native_hi_pacific": 6_100,
    "white": 402_700,
    "multiple": 41_600,
}
DOORS = (("arrest", 45), ("social_contact", 25), ("community", 20), ("self", 10))
GROUPS = [
    ("white",),
    ("black_af_american",),
    ("hispanic_latinao",),
    ("asian",),
    ("am_ind_ak_native",),
]
GROUP_WEIGHTS = [40, 30, 15, 5, 3]


def _officers(program: Program, n: int) -> list[User]:
    police = Organization.objects.get_or_create(
        name="Demo City Police Department", defaults={"kind": OrganizationKind.POLICE}
    )[0]
    made = []
    for i in range(n):
        user, fresh = User.objects.get_or_create(
            username=f"officer{i + 1:02d}",
            defaults={"first_name": "Officer", "last_name": f"{i + 1:02d}"},
        )
        if fresh:
            user.set_unusable_password()  # referrers in the data only; nobody signs in as them
            user.save(update_fields=["password"])
            Membership.objects.create(
                user=user, program=program, organization=police, role=Role.POLICE_OFFICER
            )
        made.append(user)
    return made


def _flags(rng: random.Random) -> tuple[str, ...]:
    roll = rng.random()
    if roll < 0.07:
        return ()
    if roll < 0.13:
        return tuple(rng.sample(FLAGS, 2))
    if roll < 0.16:
        return (rng.choice(FLAGS),)
    return rng.choices(GROUPS, weights=GROUP_WEIGHTS)[0]


def _refer(
    program: Program,
    rng: random.Random,
    fake: Faker,
    day: dt.date,
    officers: list[User],
    cora: User | None,
) -> Person:
    door = rng.choices([d for d, _ in DOORS], weights=[w for _, w in DOORS])[0]
    # A few officers make most police referrals (weights 1/rank): the concentration to see.
    by = rng.choices(officers, weights=[1 / (k + 1) for k in range(len(officers))])[0]
    referrer = by if door in ("arrest", "social_contact") else cora if door == "community" else None
    at = dt.datetime.combine(
        day, dt.time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=ZoneInfo(program.time_zone)
    )
    data = referrals.NewReferral(
        program=program,
        door=door,
        facts=ARREST if door != "self" else {},
        name=f"{fake.first_name()} {fake.last_name()}",
        referrer=referrer,
        answers={"report_number": f"ACC-{rng.randint(1000, 9999)}"}
        if door == "arrest"
        else {"reach": "At the drop-in centre"},
        referred_at=at,
    )
    person = referrals.do_make_referral(data, acting=SYSTEM).person
    Person.objects.filter(pk=person.pk).update(**dict.fromkeys(_flags(rng), True))
    return person


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _casework(
    person: Person, rng: random.Random, day: dt.date, manager: User, today: dt.date
) -> None:
    """Enrolled on the referral day; monthly status, housed after a few months for some;
    an exit for some, to a destination."""
    enrollment = casework.do_enroll(person, case_manager=manager, acting=SYSTEM, started_on=day)
    months = _months(day, today)
    housed_at = rng.randint(1, 6) if rng.random() < 0.5 else None
    acting = Actor.of(manager, Role.CASE_MANAGER, person.program_id)
    for k, month in enumerate(months):
        housing = 410 if housed_at is not None and k >= housed_at else rng.choice([116, 101, 314])
        values = {
            "living_situation": housing,
            "employment_stage": "none",
            "income_any": 0,
            "income_sources": [],
            "insurance_any": 1,
            "insurance_sources": ["medicaid"],
        }
        casework.check_record_snapshot(person, month=month, values=values, acting=acting)
    exit_on = day + dt.timedelta(days=rng.randint(60, 240))
    if rng.random() < 0.35 and exit_on < today:
        destination = rng.choice([410, 435, 410, 313, 314, 116, 207, 30])
        casework.do_exit(enrollment, destination=destination, acting=SYSTEM, on=exit_on)


def seed_accountability_demo(program: Program, *, seed: int = 18) -> None:
    rng, fake = random.Random(seed), Faker("en_US")
    fake.seed_instance(seed)
    today = dt.date.today()
    officers = _officers(program, 14)
    cora = User.objects.filter(username="cora").first()
    manager = User.objects.filter(username="alice").first()
    quarters = [Quarter(today.year, n) for n in range(1, Quarter.of(today).number + 1)]
    for quarter in quarters:
        last = min(quarter.last_day, today - dt.timedelta(days=1))
        for _ in range(rng.randint(45, 70)):
            day = quarter.first_day + dt.timedelta(
                days=rng.randint(0, max(0, (last - quarter.first_day).days))
            )
            person = _refer(program, rng, fake, day, officers, cora)
            if manager is not None and rng.random() < 0.6:
                _casework(person, rng, day, manager, today)
    PopulationTable.objects.create(
        program=program,
        area="Demo County (invented)",
        source="Invented counts for the demo, in the shape of Census 2020 DHC tables",
        year=2020,
        counts=DEMO_POPULATION,
        file_name="demo-county.csv",
    )
    Publication.objects.update_or_create(program=program, defaults={"public": True})
