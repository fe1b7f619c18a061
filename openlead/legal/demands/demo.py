"""Demo legal demands: a subpoena logged by a case manager and declined by counsel (a
subpoena alone allows nothing, 42 CFR 2.61), and a court order under §2.64 logged by the
supervisor and disclosed by a program admin, scoped to enrollment status and legal
coordination. All names are fake."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import Membership
from openlead.access.roles import Role
from openlead.legal.demands import actions
from openlead.legal.demands.orders import REQUIRED
from openlead.legal.models import DecisionOutcome, DemandKind, OrderSection
from openlead.people.models import EnrollmentStatus, Person
from openlead.programs.models import Program


def _member(program: Program, role: Role) -> Actor | None:
    found = Membership.objects.filter(program=program, role=role, active=True).order_by("pk")
    member = found.select_related("user").first()
    if member is None:
        return None
    return Actor.of(member.user, member.role, program.pk, chosen=member)


def _subpoena(person: Person, today: dt.date, *, logger: Actor, counsel: Actor) -> None:
    data = actions.NewDemand(
        kind=DemandKind.SUBPOENA,
        requester="Harbor & Pike LLP (civil case)",
        received_on=today - dt.timedelta(days=9),
        due_on=today + dt.timedelta(days=5),
        reference="SUB-2026-118",
        copy_reference="Locked cabinet, legal drawer",
        summary="Subpoena duces tecum for all attendance and treatment records.",
    )
    demand = actions.check_log_demand(person, data, acting=logger)
    decision = actions.NewDecision(
        DecisionOutcome.DECLINE,
        "R. Demo-Counsel",
        "ADV-2026-031",
        "A subpoena alone does not allow disclosure (42 CFR 2.61); counsel wrote to the firm.",
    )
    actions.check_decide_demand(demand, decision, acting=counsel)


def _court_order(person: Person, today: dt.date, *, logger: Actor, counsel: Actor) -> None:
    data = actions.NewDemand(
        kind=DemandKind.COURT_ORDER,
        requester="Demo County Superior Court",
        received_on=today - dt.timedelta(days=4),
        due_on=today + dt.timedelta(days=10),
        reference="26-2-04411-1",
        summary="Order under 42 CFR 2.64 for enrollment dates and legal coordination notes.",
    )
    demand = actions.check_log_demand(person, data, acting=logger)
    order = actions.OrderData(
        section=OrderSection.S264,
        order_date=today - dt.timedelta(days=5),
        court="Demo County Superior Court",
        judge="Judge A. Example",
        case_number="26-2-04411-1",
        recipient="Demo County Superior Court, clerk's office",
        findings=list(REQUIRED[OrderSection.S264]),
        scope_groups=["enrollment_status", "legal"],
    )
    decision = actions.NewDecision(
        DecisionOutcome.DISCLOSE, "R. Demo-Counsel", "ADV-2026-034", "", order
    )
    actions.check_decide_demand(demand, decision, acting=counsel)


def seed_demands_demo(program: Program, *, seed: int) -> None:
    rng = random.Random(seed)
    logger = _member(program, Role.CASE_MANAGER)
    supervisor = _member(program, Role.SUPERVISOR)
    counsel = _member(program, Role.PROGRAM_ADMIN)
    if logger is None or supervisor is None or counsel is None:
        return
    today = timezone.localdate()
    caseload = list(
        Person.objects.filter(
            program=program, case_manager=logger.user, status=EnrollmentStatus.ACTIVE
        ).order_by("pk")[:20]
    )
    everyone = list(Person.objects.filter(program=program, status=EnrollmentStatus.ACTIVE)[:40])
    if not caseload or not everyone:
        return
    _subpoena(rng.choice(caseload), today, logger=logger, counsel=counsel)
    _court_order(rng.choice(everyone), today, logger=supervisor, counsel=counsel)
