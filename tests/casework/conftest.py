"""Casework fixtures: the shared world, enrolled, with a provider directory and CANARY-marked
casework (contact notes, goals, assessment notes, funds purposes, override reasons)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conftest import World


@dataclass
class Casework:
    world: World
    who: Any  # for the people actions (consent), which still take an audit.Who
    acting: Any
    providers: dict[str, Any] = field(default_factory=dict)
    enrollments: dict[str, Any] = field(default_factory=dict)
    canaries: list[str] = field(default_factory=list)
    objects: dict[str, Any] = field(default_factory=dict)

    def canary(self, name: str) -> str:
        marker = f"CANARY-cw-{name}-{uuid.uuid4().hex[:10]}"
        self.canaries.append(marker)
        return marker

    def acting_for(self, username: str) -> Any:
        from openlead.access.acting import Actor

        user = self.world.users[username]
        membership = user.memberships.first()
        return Actor.of(user, membership.role, membership.program_id)


def _providers(cw: Casework) -> None:
    from openlead.casework.models import Provider
    from openlead.programs.models import Organization

    demo = cw.world.programs["demo"]
    for key, kind in [("housing", "housing"), ("moud", "moud")]:
        org = Organization.objects.create(name=f"Test provider {key}", kind="community")
        cw.providers[key] = Provider.objects.create(
            program=demo, organization=org, name=f"Test {key} provider", kind=kind
        )


def build_casework(world: World) -> Casework:
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.casework import actions

    cw = Casework(world, audit.Who(None, "fixture", "", None), Actor.system("fixture"))
    start = dt.date.today() - dt.timedelta(days=120)
    for key, manager in [
        ("own", "alice"),
        ("same", "ivan"),
        ("revoked", "ivan"),
        ("other", "carol"),
    ]:
        cw.enrollments[key] = actions.do_enroll(
            world.people[key], case_manager=world.users[manager], acting=cw.acting, started_on=start
        )
    _providers(cw)
    return cw


def seed_canaries(cw: Casework, key: str = "own") -> None:
    """Put a CANARY in every encrypted casework field for one person."""
    from openlead.casework import actions, queries

    person, author = cw.world.people[key], cw.acting_for("alice")
    actions.do_record_contact(
        person,
        acting=author,
        occurred_at=dt.datetime.now(dt.UTC),
        kind="street",
        duration_minutes=10,
        location="street",
        services=["check_in"],
        note=cw.canary(f"{key}-contact"),
    )
    cw.objects["goal"] = actions.do_add_goal(
        person,
        acting=author,
        domain="housing",
        words=cw.canary(f"{key}-goal"),
        steps=cw.canary(f"{key}-steps"),
        on=dt.date.today(),
    )
    template = queries.current_template(person.program)
    actions.do_record_assessment(
        person,
        template,
        actions.AssessmentAnswers(
            kind="intake",
            assessed_on=dt.date.today(),
            statuses={"housing": "need", "substance_use": "need"},
            notes={
                "housing": cw.canary(f"{key}-housing-note"),
                "substance_use": cw.canary(f"{key}-health-note"),
            },
            facts={},
        ),
        acting=author,
    )
    actions.do_add_appointment(
        person,
        acting=author,
        kind="court",
        provider=None,
        starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=2),
        note=cw.canary(f"{key}-appointment"),
    )
    actions.do_request_funds(
        person,
        acting=author,
        category="motel",
        payee_type="vendor",
        amount_cents=5000,
        purpose=cw.canary(f"{key}-funds"),
    )
    link = actions.do_send_link(person, cw.providers["moud"], acting=author)
    actions.do_override_link(link, reason=cw.canary(f"{key}-override"), acting=cw.acting_for("bob"))


@pytest.fixture
def cw(world: World) -> Casework:
    return build_casework(world)


def street_contact(cw: Casework, person: Any, days_ago: float) -> None:
    """A ten-minute street contact `days_ago` days back, recorded by the caseload's worker."""
    from django.utils import timezone

    from openlead.casework import actions

    actions.do_record_contact(
        person,
        acting=cw.acting,
        kind="street",
        duration_minutes=10,
        location="street",
        services=[],
        note="",
        occurred_at=timezone.now() - dt.timedelta(days=days_ago),
    )
