"""A program seeded for the policy group's report, with counts known by construction
(fake people only, no names: the report never needs one)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

LA = ZoneInfo("America/Los_Angeles")
Q2_DAY = dt.datetime(2026, 5, 10, 12, tzinfo=LA)


@dataclass
class Seeded:
    program: Any
    cms: list[Any]
    people: list[Any] = field(default_factory=list)


def _person(program: Any, cm: Any, n: int) -> Any:
    from openlead.access.acting import Actor
    from openlead.people.actions import NewPerson, do_create_person

    data = NewPerson(program_id=program.pk, legal_name=f"Test Person {n}", case_manager_id=cm.pk)
    return do_create_person(data, acting=Actor.system("fixture"))


def _referral(s: Seeded, person: Any, door: str, org: Any, at: dt.datetime, **more: Any) -> Any:
    from openlead.referrals.models import Referral

    return Referral.objects.create(
        program=s.program,
        person=person,
        door=door,
        referrer_organization=org,
        referred_at=at,
        **more,
    )


def seed_program() -> Seeded:
    """Quarter 2026 Q2 (Apr-Jun, Los Angeles) holds, by construction:
    referrals: arrest/police 13 (one at 23:30 on 30 June, local), social contact/police 3,
    community/community 15, self 2; one arrest at 23:00 on 31 March (local) is Q1.
    screening: 31 eligible, 2 community not eligible. intakes: 12 arrest, 2 of them late.
    enrollment on 30 June: cm1 20 people (3 inactive), cm2 8 (2 of 10 exited): 25 active,
    3 inactive, 2 exited. prosecutor: 12 declines and 2 filings on referrals, 1 abeyance on
    a case. monthly status of 12 people: 12 housed better, 12 same income, 12 employment better."""
    from openlead.access.acting import Actor
    from openlead.access.models import User
    from openlead.casework.actions.enrollment import do_enroll, do_exit, do_mark_inactive
    from openlead.casework.models import InactiveReason, StatusSnapshot
    from openlead.legal.models import LegalCase, LegalDecision
    from openlead.programs.models import Organization, Program
    from openlead.programs.signals import program_created

    program = Program.objects.create(name="Quarterly LEAD", slug="quarterly", time_zone=LA.key)
    Program.objects.filter(pk=program.pk).update(created_at=dt.datetime(2025, 11, 2, tzinfo=dt.UTC))
    program.refresh_from_db()
    system = Actor.system("fixture", program.pk)
    program_created.send(sender=Program, program=program, acting=system)
    police = Organization.objects.create(name="Quarterly police", kind="police")
    community = Organization.objects.create(name="Quarterly outreach", kind="community")
    cms = [User.objects.create_user(username=f"qcm{i}", password="x" * 16) for i in (1, 2)]
    s = Seeded(program, cms)
    people = [_person(program, cms[0] if n < 20 else cms[1], n) for n in range(30)]
    s.people = people
    for n, person in enumerate(people[:12]):
        late = n < 2
        _referral(
            s,
            person,
            "arrest",
            police,
            Q2_DAY,
            outcome="eligible",
            screened_at=Q2_DAY,
            intake_deadline=Q2_DAY + dt.timedelta(days=1 if late else 30),
            intake_completed_at=Q2_DAY + dt.timedelta(days=5),
            prosecutor_decision="decline",
            prosecutor_decided_at=Q2_DAY,
        )
    _referral(s, people[12], "arrest", police, dt.datetime(2026, 6, 30, 23, 30, tzinfo=LA),
              outcome="eligible", screened_at=Q2_DAY, prosecutor_decision="file",
              prosecutor_decided_at=Q2_DAY)  # fmt: skip
    _referral(s, people[13], "arrest", police, dt.datetime(2026, 3, 31, 23, tzinfo=LA))
    for person in people[13:16]:
        _referral(s, person, "social_contact", police, Q2_DAY, outcome="eligible",
                  screened_at=Q2_DAY, prosecutor_decision="file" if person == people[13] else "",
                  prosecutor_decided_at=Q2_DAY)  # fmt: skip
    for n, person in enumerate(people[16:28] + people[:3]):
        outcome = "ineligible" if n < 2 else "eligible"
        _referral(s, person, "community", community, Q2_DAY, outcome=outcome, screened_at=Q2_DAY)
    for person in people[28:30]:
        _referral(s, person, "self", None, Q2_DAY, outcome="eligible", screened_at=Q2_DAY)
    reason = InactiveReason.objects.filter(program=program).first()
    start = dt.date(2026, 4, 15)
    for n, person in enumerate(people):
        enrollment = do_enroll(
            person, case_manager=person.case_manager, acting=system, started_on=start
        )
        if n < 3:
            do_mark_inactive(enrollment, reason=reason, acting=system, on=dt.date(2026, 5, 1))
        elif n == 3:
            do_exit(enrollment, destination=410, acting=system, on=dt.date(2026, 7, 5))
        elif n >= 28:
            do_exit(enrollment, destination=410, acting=system, on=dt.date(2026, 6, 1))
    case = LegalCase.objects.create(
        program=program, person=people[5], jurisdiction="Test County", case_number="Q-1",
        prosecutor_office=Organization.objects.create(name="Quarterly DA", kind="prosecutor"),
        opened_on=dt.date(2026, 4, 2),
    )  # fmt: skip
    LegalDecision.objects.create(
        program=program, person=people[5], case=case, kind="abeyance", decided_at=Q2_DAY
    )
    for person in people[4:16]:
        for month, housing, job in (
            (dt.date(2026, 3, 1), 116, "none"),
            (dt.date(2026, 6, 1), 410, "part_time"),
        ):
            StatusSnapshot.objects.create(
                person=person, month=month, living_situation=housing, employment_stage=job,
                income_any=1, insurance_any=1,
            )  # fmt: skip
    return s
