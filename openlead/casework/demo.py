"""Fake casework for the demo program: enrollments, contacts, goals, assessments, links, funds.

Everything is invented (fixed seed), like the rest of openlead.demo.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.roles import Role
from openlead.casework import actions, queries
from openlead.casework.actions.safety import check_set_safety_flag
from openlead.casework.codes import Domain
from openlead.casework.models import FundsBudget, InactiveReason, Provider
from openlead.people.models import Person
from openlead.programs.models import Organization, OrganizationKind, Program

SYSTEM = Actor.system("openlead-demo")
PROVIDERS = [
    ("Demo Housing Services", "housing"),
    ("Demo MOUD Clinic", "moud"),
    ("Demo Benefits Office", "benefits"),
    ("Demo Legal Aid", "legal_aid"),
]
GOALS = [
    ("housing", "Get a place of my own, even a room"),
    ("id_documents", "Get my ID back so I can pick up mail"),
    ("income", "Sort out my SSI"),
    ("substance_use", "Start suboxone again"),
    ("family", "See my kids on weekends"),
]
CONTACT_NOTES = ["Checked in at the usual spot.", "Talked about the motel for this week.", ""]


def _providers(program: Program) -> list[Provider]:
    made = []
    for name, kind in PROVIDERS:
        org, _ = Organization.objects.get_or_create(
            name=name, defaults={"kind": OrganizationKind.COMMUNITY}
        )
        made.append(
            Provider.objects.get_or_create(
                program=program, organization=org, defaults={"name": name, "kind": kind}
            )[0]
        )
    return made


def _budget(program: Program) -> None:
    today = timezone.localdate()
    FundsBudget.objects.get_or_create(
        program=program,
        starts_on=today.replace(month=1, day=1),
        defaults={"ends_on": today.replace(month=12, day=31), "amount_cents": 5_000_000},
    )


def _casework_for(person: Person, rng: random.Random, providers: list[Provider]) -> None:
    manager = person.case_manager
    target = person.status
    started = timezone.localdate(person.referred_at)
    enrollment = actions.do_enroll(person, case_manager=manager, acting=SYSTEM, started_on=started)
    now = timezone.now()
    # The case manager writes their own casework, as in the app.
    acting = Actor.of(manager, Role.CASE_MANAGER, person.program_id)
    for _ in range(rng.randint(0, 4)):
        actions.do_record_contact(
            person,
            acting=acting,
            kind=rng.choice(["street", "street", "office", "phone"]),
            duration_minutes=rng.choice([5, 10, 10, 20, 45]),
            location="street",
            services=["check_in"],
            note=rng.choice(CONTACT_NOTES),
            occurred_at=now - dt.timedelta(days=rng.randint(0, 60)),
        )
    _monthly_status(person, rng, acting, started)
    domain, words = rng.choice(GOALS)
    actions.do_add_goal(person, acting=acting, domain=domain, words=words, steps="", on=started)
    actions.do_record_assessment(
        person,
        queries.current_template(person.program),
        actions.AssessmentAnswers(
            kind="intake",
            assessed_on=started,
            statuses={d.value: rng.choice(["no_need", "need"]) for d in Domain},
            notes={},
            facts={
                "living_situation": rng.choice([116, 101, 314, 313]),
                "employment_stage": "none",
                "income_any": rng.choice([0, 1]),
            },
        ),
        acting=acting,
    )
    if rng.random() < 0.3:
        actions.do_add_appointment(
            person,
            acting=acting,
            kind=rng.choice(["provider", "court", "benefits"]),
            starts_at=now + dt.timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 8)),
            provider=None,
            note="",
        )
    if rng.random() < 0.4:
        actions.do_send_link(person, rng.choice(providers), acting=acting)
    if rng.random() < 0.3:
        entry = actions.do_request_funds(
            person,
            acting=acting,
            category=rng.choice(["motel", "food", "phone", "id_fees"]),
            payee_type="vendor",
            amount_cents=rng.choice([1500, 4500, 8900]),
            purpose="",
        )
        if entry.status == "approved":
            actions.do_pay_funds(entry, acting=acting)
    if target == "inactive":
        reason = rng.choice(
            list(InactiveReason.objects.filter(program=person.program).order_by("code")) or [None]
        )
        if reason:
            actions.do_mark_inactive(enrollment, reason=reason, acting=SYSTEM)
    elif target == "exited":
        actions.do_exit(enrollment, destination=rng.choice([435, 410, 313, 30]), acting=SYSTEM)


# The monthly status walks a little each month (HMIS living-situation codes: street 116,
# shelter 101, motel 314, friends 313, then rentals 410 and 435), so the evaluation and the
# policy group's housing, income and employment changes have something to count.
_HOUSING_STEPS = {116: [116, 116, 101], 101: [101, 314, 116], 314: [314, 313, 410], 313: [313, 410]}
_HOUSING_STEPS.update({410: [410, 410, 435], 435: [435]})
_WORK_STEPS = ["none", "none", "training", "seeking", "informal", "part_time", "full_time"]


def _monthly_status(person: Person, rng: random.Random, acting: Actor, started: dt.date) -> None:
    """A snapshot at intake (the referral month, as staff record it at entry) and for each
    of the last (at most) five months the person has been here."""
    today = timezone.localdate()
    intake = started.replace(day=1)
    month = max(intake, _months_before(today.replace(day=1), 4))
    # a few are housed or working at intake, as some people referred are
    housing = rng.choice([116, 116, 101, 314, 313, 410])
    work, income = rng.choice([0, 0, 0, 2]), rng.choice([0, 1])
    months = ([intake] if intake < month else []) + _months_from(month, today)
    for month in months:
        values = {
            "living_situation": housing,
            "employment_stage": _WORK_STEPS[work],
            "income_any": income,
            "income_sources": ["ssi"] if income and rng.random() < 0.3 else [],
            "insurance_any": 1,
            "insurance_sources": ["medicaid"],
        }
        actions.check_record_snapshot(person, month=month, values=values, acting=acting)
        housing = rng.choice(_HOUSING_STEPS[housing])
        work = min(work + (rng.random() < 0.25), len(_WORK_STEPS) - 1)
        income = income or int(rng.random() < 0.15)


def _months_from(month: dt.date, today: dt.date) -> list[dt.date]:
    months = []
    while month <= today:
        months.append(month)
        month = _months_before(month, -1)
    return months


def _months_before(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def seed_casework_demo(program: Program, *, seed: int) -> None:
    """Called at the end of openlead.demo.seed_demo."""
    rng = random.Random(seed + 7)
    providers = _providers(program)
    _budget(program)
    for person in program.people.exclude(status="referred").select_related(
        "case_manager", "program"
    ):
        if person.case_manager is not None and not person.enrollments.exists():
            _casework_for(person, rng, providers)
    _flag_one(program)


def _flag_one(program: Program) -> None:
    """One participant with a safety flag (domestic violence), set by their case manager:
    outreach and police see them without their address or places (access.safety)."""
    person = (
        program.people.filter(status="active", case_manager__isnull=False)
        .select_related("case_manager", "program")
        .order_by("pk")
        .first()
    )
    if person is None or person.safety_flags.exists():
        return
    acting = Actor.of(person.case_manager, Role.CASE_MANAGER, program.pk)
    check_set_safety_flag(
        person,
        acting=acting,
        kind="dv",
        note="Ex-partner looks for them: never confirm where they stay.",
    )
