"""Demo referrals: every door and every status, with fake people (called by openlead.demo)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import Membership, User
from openlead.access.roles import Role
from openlead.programs.models import Organization, OrganizationKind, Program
from openlead.referrals import actions

SYSTEM = Actor.system("openlead-demo")
ARREST = {
    "conduct": ["possession"],
    "drug_grams": 1.1,
    "exploits_minors": False,
    "promotes_prostitution": False,
    "amenable": True,
    "convictions": [],
    "pending_specialty_court": False,
    "no_contact_order_with_participant": False,
}
NAMES = [
    "Jamie Fake",
    "Riley Demo",
    "Sam Example",
    "Alex Sample",
    "Casey Test",
    "Morgan Placeholder",
    "Taylor Invented",
    "Jordan Madeup",
]


def _member(
    username: str, full: str, password: str, program: Program, org: Organization, role: Role
) -> User:
    first, last = full.split(" ", 1)
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, program=program, role=role, defaults={"organization": org}
    )
    return user


def _refer(
    program: Program, by: User | None, door: str, facts: dict[str, Any], name: str, days_ago: float
) -> Any:
    answers = (
        {"report_number": f"DEMO-{NAMES.index(name):04d}"}
        if door == "arrest"
        else {"reach": "At the drop-in centre most mornings"}
    )
    data = actions.NewReferral(
        program=program,
        door=door,
        facts=facts,
        name=name,
        referrer=by,
        answers=answers,
        referred_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    return actions.do_make_referral(data, acting=SYSTEM)


def seed_referrals_demo(program: Program, *, password: str, seed: int = 7) -> None:
    """Officer dave's arrests, cora's community referrals, a self-referral; some lapsed."""
    rng = random.Random(seed)
    community = Organization.objects.get_or_create(
        name="Belltown Community Harm Reduction", defaults={"kind": OrganizationKind.COMMUNITY}
    )[0]
    cora = _member("cora", "Cora Lindqvist", password, program, community, Role.COMMUNITY_REFERRER)
    harbor = (
        Organization.objects.filter(kind=OrganizationKind.CASE_MANAGEMENT).order_by("pk").first()
        or community
    )
    otto = _member("otto", "Otto Reyes", password, program, harbor, Role.OUTREACH_WORKER)
    dave = User.objects.filter(username="dave").first()
    names = iter(rng.sample(NAMES, len(NAMES)))
    fresh = _refer(program, dave, "arrest", ARREST, next(names), 0.02)
    actions.do_record_handoff(fresh, otto, acting=SYSTEM)
    _refer(program, dave, "arrest", ARREST, next(names), 29.2)  # due soon
    _refer(program, dave, "arrest", ARREST, next(names), 45)  # lapsed: back with the prosecutor
    _refer(
        program, dave, "arrest", {**ARREST, "drug_grams": 5.0}, next(names), 3
    )  # not eligible (2.1)
    _refer(
        program, cora, "community", {"conduct": ["prostitution"]}, next(names), 2
    )  # needs review
    # Intake is left for the demo user to complete: casework's own demo seeds enrollments.
    _refer(program, cora, "community", ARREST, next(names), 10)
    _refer(program, None, "self", {}, next(names), 1)
    actions.lapse_due(program_id=program.pk)
