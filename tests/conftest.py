"""Shared fixtures: fixed fake personas (alice, bob, carol, dave, ...) and canary people.

Every sensitive field of the seeded people holds a unique CANARY-<field>-<uuid> marker,
so tests can prove where participant data does and does not appear.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

PURE_DIRS = ("eligibility", "evaluation", "linkage")


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "tests" in parts and any(p in parts for p in PURE_DIRS):
            item.add_marker(pytest.mark.pure)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach outside the machine; loopback stays open for the browser tests."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in {"localhost", "::1"} or host.startswith("/")
        ):
            raise OSError(f"tests must not use the network (tried {host})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _force_login_completes_mfa(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test logins pass the second factor too, so the suite runs with MFA on (issue 12).

    Tests of a password-only session use `password_only` below instead."""
    from django.test.client import ClientMixin

    from tests.mfa import mark_session_verified

    real_force_login = ClientMixin.force_login

    def force_login(self: Any, user: Any, backend: str | None = None) -> None:
        real_force_login(self, user, backend)
        mark_session_verified(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    programs: dict[str, Any] = field(default_factory=dict)
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    people: dict[str, Any] = field(default_factory=dict)
    canaries: list[str] = field(default_factory=list)
    legal_markers: dict[str, str] = field(default_factory=dict)
    consents: dict[str, Any] = field(default_factory=dict)


def _canary(world: World, name: str) -> str:
    marker = f"CANARY-{name}-{uuid.uuid4().hex[:12]}"
    world.canaries.append(marker)
    return marker


def _make_person(world: World, key: str, program: Any, manager: Any, referred_by: Any) -> Any:
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.access.roles import FieldGroup
    from openlead.people.actions import NewPerson, do_add_note, do_create_person

    who = audit.Who(None, "fixture", "", None)
    data = NewPerson(
        program_id=program.pk,
        legal_name=_canary(world, f"{key}-name"),
        aliases=_canary(world, f"{key}-alias"),
        date_of_birth=_canary(world, f"{key}-dob"),
        phone=_canary(world, f"{key}-phone"),
        email=_canary(world, f"{key}-email"),
        address=_canary(world, f"{key}-address"),
        status="active",
        case_manager_id=manager.pk,
        referred_by_id=referred_by.pk if referred_by else None,
        identifiers={"state_id": _canary(world, f"{key}-stateid")},
    )
    person = do_create_person(data, acting=Actor.from_who(who))
    writer = Actor.of(manager)  # the notes are their case manager's own
    for group in (
        FieldGroup.CASEWORK_NOTES,
        FieldGroup.HEALTH,
        FieldGroup.FUNDS,
        FieldGroup.SAFETY,
        FieldGroup.REFERRAL,
    ):
        do_add_note(person, group, _canary(world, f"{key}-{group}"), acting=writer)
    marker = f"LEGAL-ITEM-{key}-{uuid.uuid4().hex[:8]}"
    world.legal_markers[key] = marker
    do_add_note(person, FieldGroup.LEGAL, marker, acting=writer)
    return person


def build_world() -> World:
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.access.models import Membership, User
    from openlead.access.roles import Role
    from openlead.people.actions import do_record_consent, do_revoke_consent
    from openlead.programs.models import Organization, Program
    from openlead.programs.signals import program_created

    w = World()
    w.programs["demo"] = Program.objects.create(
        name="Test City LEAD",
        slug="test-city",
        time_zone="America/Los_Angeles",
        protocol_id="seattle-lead",
        protocol_version="2020.1",
    )
    w.programs["other"] = Program.objects.create(
        name="Elsewhere LEAD", slug="elsewhere", time_zone="America/New_York"
    )
    for program in w.programs.values():  # what do_create_program's receivers seed
        program_created.send(sender=Program, program=program, acting=Actor.system("fixture"))
    for name, kind in [
        ("cm", "case_management"),
        ("cm2", "case_management"),
        ("police", "police"),
        ("prosecutor", "prosecutor"),
        ("defender", "defender"),
        ("eval", "evaluation"),
        ("ops", "operations"),
        ("community", "community"),
    ]:
        w.orgs[name] = Organization.objects.create(name=f"Test {name}", kind=kind)
    rows = [
        ("alice", "demo", "cm", Role.CASE_MANAGER),
        ("ivan", "demo", "cm", Role.CASE_MANAGER),
        ("bob", "demo", "cm", Role.SUPERVISOR),
        ("ada", "demo", "cm", Role.PROGRAM_ADMIN),
        ("otto", "demo", "cm", Role.OUTREACH_WORKER),
        ("carol", "other", "cm2", Role.CASE_MANAGER),
        ("dave", "demo", "police", Role.POLICE_OFFICER),
        ("erin", "demo", "prosecutor", Role.PROSECUTOR),
        ("frank", "demo", "defender", Role.DEFENDER),
        ("gina", "demo", "eval", Role.EVALUATOR),
        ("una", "demo", "ops", Role.AUDITOR),
        ("hank", "demo", "ops", Role.SYSADMIN),
        ("cora", "demo", "community", Role.COMMUNITY_REFERRER),
    ]
    for username, program, org, role in rows:
        user = User.objects.create_user(
            username=username, password=PASSWORD, first_name=username.title(), work_phone="555-0100"
        )
        Membership.objects.create(
            user=user, program=w.programs[program], organization=w.orgs[org], role=role
        )
        w.users[username] = user
    u = w.users
    w.people["own"] = _make_person(w, "own", w.programs["demo"], u["alice"], u["dave"])
    w.people["same"] = _make_person(w, "same", w.programs["demo"], u["ivan"], None)
    w.people["revoked"] = _make_person(w, "revoked", w.programs["demo"], u["ivan"], u["dave"])
    w.people["other"] = _make_person(w, "other", w.programs["other"], u["carol"], u["carol"])
    who = audit.Who(None, "fixture", "", None)
    today = dt.date.today()
    for key in ("own", "revoked"):
        for org in ("police", "prosecutor", "defender"):
            consent = do_record_consent(
                w.people[key],
                acting=Actor.from_who(who),
                field_groups=["enrollment_status", "legal", "identity"],
                starts_on=today - dt.timedelta(days=10),
                expires_on=today + dt.timedelta(days=300),
                organization_id=w.orgs[org].pk,
                purpose="test ROI",
            )
            w.consents[f"{key}-{org}"] = consent
            if key == "revoked":
                do_revoke_consent(consent, acting=Actor.from_who(who))
    _open_case(w, "own")
    _add_participant(w, "pia", "own")
    return w


def _add_participant(w: World, username: str, key: str) -> None:
    """A participant signed up for their own pages (openlead.portal): pia is "own" herself."""
    from openlead.access.models import Membership, User
    from openlead.access.roles import Role
    from openlead.portal.models import PortalAccount

    person = w.people[key]
    user = User.objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(
        user=user, program=person.program, organization=w.orgs["cm"], role=Role.PARTICIPANT
    )
    PortalAccount.objects.create(person=person, user=user)
    w.users[username] = user


def _open_case(w: World, key: str) -> None:
    """A pending case of the prosecutor's office: erin's relation to the person (issue 13,
    openlead.access.justice_scope); her release then decides what she sees of it."""
    from openlead.legal.models import LegalCase

    person = w.people[key]
    LegalCase.objects.create(
        program=person.program,
        person=person,
        jurisdiction="Test County District Court",
        case_number=f"TC-{key.upper()}-1",
        prosecutor_office=w.orgs["prosecutor"],
        opened_on=dt.date(2026, 11, 1),
    )


@pytest.fixture
def world(db: Any, django_db_blocker: Any) -> World:
    return build_world()


@pytest.fixture
def login(client: Any, world: World) -> Any:
    def _login(username: str | None) -> Any:
        client.logout()
        if username:
            client.force_login(world.users[username])
        return client

    return _login


@pytest.fixture
def password_only(client: Any, world: World) -> Any:
    """Log in through the real login form with the password alone (no second factor)."""
    from django.urls import reverse

    def _login(username: str) -> Any:
        client.logout()
        response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
        assert response.status_code == 302, response
        return client

    return _login


def program_today(program: Any) -> dt.date:
    """Today where the program runs: pages and checks use the program's time zone
    (openlead.programs.middleware), so a test that dates something 'today' must too —
    between midnight UTC and midnight in Los Angeles the two dates differ."""
    import zoneinfo

    from django.utils import timezone

    return timezone.localdate(timezone=zoneinfo.ZoneInfo(program.time_zone))
