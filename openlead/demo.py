"""The demo program: fixed fake personas and ~200 fake people (Faker, fixed seed).

Everything here is invented. It exists so `make run` shows a working program and so
the browser tests have something real to click through.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from openlead.access.acting import Actor
from openlead.access.models import Membership, User
from openlead.access.roles import FieldGroup, Role
from openlead.accountability.demo import seed_accountability_demo
from openlead.casework.demo import seed_casework_demo
from openlead.hmis.demo import seed_hmis_demo
from openlead.legal.demo import seed_legal_demo
from openlead.people.actions import (
    NewPerson,
    do_add_note,
    do_create_person,
    do_record_consent,
    do_revoke_consent,
)
from openlead.people.models import RACE_FLAGS, Person
from openlead.portal.demo import seed_portal_demo
from openlead.programs.actions import do_create_program
from openlead.programs.models import Organization, OrganizationKind, Program
from openlead.records.demo import seed_duplicates_demo, seed_records_demo
from openlead.referrals.demo import seed_referrals_demo
from openlead.reports.demo import seed_evaluation_demo
from openlead.retention.demo import seed_retention_demo

# (username, role label, organization) as printed by `make run`.
PERSONAS = [
    ("alice", "case manager", "Harbor Case Management, Demo City LEAD"),
    ("bob", "supervisor", "Harbor Case Management, Demo City LEAD"),
    ("ivan", "case manager", "Harbor Case Management, Demo City LEAD"),
    ("carol", "case manager", "Riverside Outreach, Riverside County LEAD (another program)"),
    ("dave", "police officer", "Demo City Police Department"),
    ("erin", "prosecutor", "Demo County Prosecutor's Office"),
    ("frank", "defender", "Demo County Public Defender"),
    ("gina", "evaluator", "State University Evaluation Team"),
    ("hank", "system admin", "Demo City IT Operations"),
    ("ada", "program admin", "Harbor Case Management, Demo City LEAD"),
    ("max", "program admin (the second approver)", "Harbor Case Management, Demo City LEAD"),
]

SYSTEM = Actor.system("openlead-demo")

# One published TOTP secret for every demo persona (README.md), so that someone trying the
# demo adds it to an authenticator app once, or asks `openlead demo-code USERNAME`.
# Demo data only: it is public, so it protects nothing.
DEMO_TOTP_SECRET = "OPENLEADDEMOONLYTOTPSECRETKEYABC"  # noqa: S105  (base32, 20 bytes)
DEMO_TOTP_NAME = "Demo authenticator (published secret)"


def demo_totp_key() -> str:
    """The secret as django-otp stores it (hex)."""
    return base64.b32decode(DEMO_TOTP_SECRET).hex()


def give_demo_devices() -> int:
    """A device with the published secret for each demo persona that has no device.

    Only the personas' usernames: never a published secret for anyone else in a database."""
    made = 0
    personas = {p[0] for p in PERSONAS} | {"otto", "cora"}  # cora, otto: referrals/demo.py
    for user in User.objects.filter(username__in=personas).exclude(totpdevice__confirmed=True):
        TOTPDevice.objects.create(
            user=user, name=DEMO_TOTP_NAME, key=demo_totp_key(), confirmed=True
        )
        made += 1
    return made


CASEWORK = [
    "Met at the usual spot; wants help getting ID back first.",
    "Talked through motel options for the week.",
    "Went together to the benefits office; appointment booked.",
    "Checked in by text; doing okay.",
]
HEALTH = [
    "Interested in starting buprenorphine; referral discussed.",
    "Wound care follow-up at the clinic.",
    "Asked about naloxone; kit given.",
]
LEGAL = [
    "Other pending case: hearing next month; prosecutor aware of plan.",
    "Warrant from 2019 resolved at OWG.",
]


def _orgs() -> dict[str, Organization]:
    rows = [
        ("Harbor Case Management", OrganizationKind.CASE_MANAGEMENT),
        ("Riverside Outreach", OrganizationKind.CASE_MANAGEMENT),
        ("Demo City Police Department", OrganizationKind.POLICE),
        ("Demo County Prosecutor's Office", OrganizationKind.PROSECUTOR),
        ("Demo County Public Defender", OrganizationKind.DEFENDER),
        ("State University Evaluation Team", OrganizationKind.EVALUATION),
        ("Demo City IT Operations", OrganizationKind.OPERATIONS),
    ]
    return {
        name: Organization.objects.get_or_create(name=name, defaults={"kind": kind})[0]
        for name, kind in rows
    }


def _user(
    username: str, full: str, password: str, program: Program, org: Organization, role: Role
) -> User:
    first, last = full.split(" ", 1)
    user, _ = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    user.work_phone = f"555-01{len(username):02d}"
    user.set_password(password)
    user.save(update_fields=["password", "work_phone"])
    Membership.objects.get_or_create(
        user=user, program=program, role=role, defaults={"organization": org}
    )
    return user


def _people(
    fake: Faker, rng: random.Random, n: int, program: Program, managers: list[User], officer: User
) -> list[Person]:
    made = []
    for i in range(n):
        races = rng.sample([f for f, _ in RACE_FLAGS], k=rng.choice([0, 1, 1, 1, 2]))
        data = NewPerson(
            program_id=program.pk,
            legal_name=f"{fake.first_name()} {fake.last_name()}",
            aliases=fake.first_name() if rng.random() < 0.4 else "",
            date_of_birth=fake.date_of_birth(minimum_age=19, maximum_age=64).isoformat(),
            phone=f"555-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"
            if rng.random() < 0.7
            else "",
            address="No fixed address" if rng.random() < 0.6 else fake.street_address(),
            sex=rng.choice([0, 1, 1, 8, 9, 99]),
            race_flags=races,
            race_none=None if races else rng.choice([8, 9, 99]),
            status=rng.choice(["active"] * 6 + ["inactive"] * 2 + ["exited", "referred"]),
            case_manager_id=managers[i % len(managers)].pk,
            referred_by_id=officer.pk if i % 4 == 0 else None,
            identifiers={"state_id": f"DEMO{100000 + i}", "hmis": f"H-{rng.randint(10000, 99999)}"},
            referred_at=timezone.now() - dt.timedelta(days=rng.randint(1, 900)),
        )
        made.append(do_create_person(data, acting=SYSTEM))
    return made


def _notes_and_consents(
    rng: random.Random, people: list[Person], orgs: dict[str, Organization], author: User
) -> None:
    today = timezone.localdate()
    writer = Actor.of(author)  # the notes are the case manager's own
    for person in people:
        do_add_note(person, FieldGroup.CASEWORK_NOTES, rng.choice(CASEWORK), acting=writer)
        if rng.random() < 0.5:
            do_add_note(person, FieldGroup.HEALTH, rng.choice(HEALTH), acting=writer)
        if rng.random() < 0.4:
            do_add_note(person, FieldGroup.LEGAL, rng.choice(LEGAL), acting=writer)
        state = rng.choice(["active"] * 6 + ["revoked"] * 2 + ["expired", "none"])
        if state == "none":
            continue
        start = today - dt.timedelta(days=rng.randint(30, 400))
        expires = (
            today - dt.timedelta(days=3) if state == "expired" else today + dt.timedelta(days=365)
        )
        for org in (
            "Demo City Police Department",
            "Demo County Prosecutor's Office",
            "Demo County Public Defender",
        ):
            consent = do_record_consent(
                person,
                acting=SYSTEM,
                field_groups=["enrollment_status", "legal", "identity"],
                starts_on=start,
                expires_on=expires,
                organization_id=orgs[org].pk,
                purpose="LEAD multi-party release of information",
            )
            if state == "revoked":
                do_revoke_consent(consent, acting=SYSTEM)


def _pending_grant(program: Program, org: Organization, asked_by: User) -> None:
    """A new outreach worker whose role waits for the second program admin (max)."""
    from openlead.access.models import RoleGrant

    nora, made = User.objects.get_or_create(
        username="nora", defaults={"first_name": "Nora", "last_name": "Haddad"}
    )
    if made:
        nora.set_unusable_password()  # she sets it with a one-time link once approved
        nora.save(update_fields=["password"])
        RoleGrant.objects.create(
            user=nora,
            program=program,
            organization=org,
            role=Role.OUTREACH_WORKER,
            reason="New outreach worker starting Monday",
            requested_by=asked_by,
        )


# The public door's settings for the demo program: a fake 555 number; 988 is the real
# national Suicide & Crisis Lifeline, a public number that is fine to show.
DEMO_PUBLIC_DOOR = {
    "public_summary": "Help with housing, treatment, ID and more, on your terms, in Demo City.",
    "public_phone": "(206) 555-0142",
    "public_hours": "Monday to Friday, 9 am to 5 pm; outreach on the street most evenings",
    "crisis_lines": "988 Suicide & Crisis Lifeline — 988\nDemo City crisis line — (206) 555-0199",
}


def _program(*, slug: str, name: str, **fields: Any) -> Program:
    """The demo's program: made once through do_create_program (so the apps seed it)."""
    found = Program.objects.filter(slug=slug).first()
    return found or do_create_program(
        acting=Actor.system("openlead-demo"), slug=slug, name=name, **fields
    )


def seed_demo(*, n_people: int, seed: int, password: str) -> Program:
    fake, rng = Faker("en_US"), random.Random(seed)
    fake.seed_instance(seed)
    with transaction.atomic():
        orgs = _orgs()
        demo = _program(
            slug="demo-city",
            name="Demo City LEAD",
            time_zone="America/Los_Angeles",
            protocol_id="seattle-lead",
            protocol_version="2011.1",
            **DEMO_PUBLIC_DOOR,
        )
        other = _program(
            slug="riverside",
            name="Riverside County LEAD",
            time_zone="America/New_York",
            protocol_id="santa-fe-lead",
            intake_window_days=14,
        )
        harbor = orgs["Harbor Case Management"]
        alice = _user("alice", "Alice Nguyen", password, demo, harbor, Role.CASE_MANAGER)
        _user("bob", "Bob Okafor", password, demo, harbor, Role.SUPERVISOR)
        ivan = _user("ivan", "Ivan Petrov", password, demo, harbor, Role.CASE_MANAGER)
        carol = _user(
            "carol", "Carol Diaz", password, other, orgs["Riverside Outreach"], Role.CASE_MANAGER
        )
        dave = _user(
            "dave",
            "Dave Miller",
            password,
            demo,
            orgs["Demo City Police Department"],
            Role.POLICE_OFFICER,
        )
        _user(
            "erin",
            "Erin Walsh",
            password,
            demo,
            orgs["Demo County Prosecutor's Office"],
            Role.PROSECUTOR,
        )
        _user(
            "frank",
            "Frank Osei",
            password,
            demo,
            orgs["Demo County Public Defender"],
            Role.DEFENDER,
        )
        _user(
            "gina",
            "Gina Rossi",
            password,
            demo,
            orgs["State University Evaluation Team"],
            Role.EVALUATOR,
        )
        _user("hank", "Hank Brown", password, demo, orgs["Demo City IT Operations"], Role.SYSADMIN)
        ada = _user("ada", "Ada Lovell", password, demo, harbor, Role.PROGRAM_ADMIN)
        _user("max", "Max Ferreira", password, demo, harbor, Role.PROGRAM_ADMIN)
        _pending_grant(demo, harbor, ada)
    people = _people(fake, rng, n_people, demo, [alice, ivan], dave)
    _notes_and_consents(rng, people, orgs, alice)
    others = _people(fake, rng, max(5, n_people // 10), other, [carol], carol)
    _notes_and_consents(rng, others, orgs, carol)
    seed_casework_demo(demo, seed=seed)
    seed_records_demo(demo, seed=seed)
    seed_duplicates_demo(demo)  # after records: the second entries have no records
    seed_referrals_demo(demo, password=password, seed=seed)
    seed_legal_demo(demo, seed=seed)  # after referrals: cases name referred people
    seed_evaluation_demo(demo, seed=seed)  # after referrals: index dates are first referrals
    seed_hmis_demo(demo, seed=seed)  # after casework: releases to the CoC (issue 15)
    seed_retention_demo(demo)  # deletion requests and a legal hold (issue 14)
    seed_portal_demo(demo, password=password)  # after legal: pia has a court date ahead
    seed_accountability_demo(demo)  # last: its referrals are not the other seeds' people
    give_demo_devices()  # MFA stays on in the demo (issue 12)
    return demo
