"""The demo's participant persona: pia, signed up for her own pages (openlead.portal).

Her person is one of alice's active participants with a court date ahead; the demo adds
a plan goal in her words, an appointment, a release she can revoke, reads by staff and
by a police officer, and a correction request. Fake data only.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome, Membership, User
from openlead.access.roles import FieldGroup, Role
from openlead.casework import actions as casework
from openlead.legal.models import CourtDate
from openlead.people.actions import do_record_consent
from openlead.people.models import Person
from openlead.portal.actions import do_request_correction
from openlead.portal.models import PortalAccount
from openlead.programs.models import Organization, Program

USERNAME = "pia"


def _person(program: Program) -> Person | None:
    """One of alice's active participants, with a court date ahead if any has one."""
    mine = Person.objects.filter(
        program=program, case_manager__username="alice", status="active", portal_account=None
    )
    ahead = CourtDate.objects.filter(case__person__in=mine, at__gte=timezone.now())
    found = ahead.values_list("case__person", flat=True).first()
    return mine.filter(pk=found).first() if found else mine.order_by("pk").first()


def _member(program: Program, username: str) -> Membership | None:
    return (
        Membership.objects.filter(program=program, user__username=username)
        .select_related("user", "organization")
        .first()
    )


def _reads(person: Person, program: Program) -> None:
    """Who read her record: her case manager, the supervisor and a police officer."""
    for username, purpose in (
        ("alice", "casework page"),
        ("bob", "person page"),
        ("dave", "person page"),
    ):
        member = _member(program, username)
        if member is None:
            continue
        Actor.of(member.user, member.role, program.pk).audit(
            action=AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=[FieldGroup.ENROLLMENT_STATUS],
            purpose=purpose,
        )


def _at_ten(day: dt.date, program: Program) -> dt.datetime:
    """10 am on the program's wall clock (an office appointment, not one at 3 am)."""
    zone = zoneinfo.ZoneInfo(program.time_zone)
    return dt.datetime.combine(day, dt.time(10), tzinfo=zone)


def _plan(person: Person, alice: Actor) -> None:
    today = timezone.localdate()
    if not person.goals.exists():  # the casework demo gives each enrolled person one
        casework.do_add_goal(
            person,
            acting=alice,
            domain="housing",
            words="Get my own place with a door that locks",
            steps="Apply for the housing list with Alice on Friday",
            on=today - dt.timedelta(days=20),
        )
    casework.do_add_appointment(
        person,
        acting=alice,
        kind="benefits",
        starts_at=_at_ten(today + dt.timedelta(days=3), person.program),
        provider=None,
        note="Bring the letter from the clinic",
    )


def seed_portal_demo(program: Program, *, password: str) -> None:
    if PortalAccount.objects.filter(user__username=USERNAME).exists():
        return
    person, alice = _person(program), _member(program, "alice")
    defender = Organization.objects.filter(name="Demo County Public Defender").first()
    if person is None or alice is None or defender is None:
        return
    acting = Actor.of(alice.user, alice.role, program.pk, chosen=alice)
    with transaction.atomic():
        user = User.objects.create_user(username=USERNAME, password=password, first_name="Pia")
        Membership.objects.create(
            user=user, program=program, organization=alice.organization, role=Role.PARTICIPANT
        )
        PortalAccount.objects.create(person=person, user=user)
        _plan(person, acting)
        do_record_consent(
            person,
            acting=acting,
            field_groups=["enrollment_status", "legal"],
            starts_on=timezone.localdate() - dt.timedelta(days=5),
            expires_on=timezone.localdate() + dt.timedelta(days=180),
            organization_id=defender.pk,
            purpose="Talk with my lawyer about my court date",
        )
        _reads(person, program)
        do_request_correction(
            person,
            "My birthday is 3 March, not 3 May.",
            acting=Actor.of(user, Role.PARTICIPANT, program.pk),
        )
