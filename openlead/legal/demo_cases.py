"""Demo cases, charges and court dates (fake people only).

About twelve pending cases on demo participants who came through the police doors (so the
prosecutor and the defender can see them under their releases): charges from the table,
court dates (several in the next 14 days), the prosecutor's office set on each, the demo
defender (frank) on some. Then the linkage rule over the demo's accepted record links.
Re-running the demo adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import Membership
from openlead.access.roles import Role
from openlead.legal.cases.actions import (
    NewCase,
    do_add_charge,
    do_add_court_date,
    do_enter_case,
)
from openlead.legal.cases.actions.linkage import cases_from_accepted_links
from openlead.legal.charges import CHARGES
from openlead.legal.models import CaseStatus, CourtDateKind, LegalCase
from openlead.people.models import Person
from openlead.programs.models import Program

N_CASES = 12
JURISDICTIONS = ("Demo County District Court", "Demo County Superior Court")
COURTROOMS = ("Courtroom E-942", "Courtroom 1201", "Courtroom W-864", "")
STATUSES = [CaseStatus.PENDING] * 8 + [CaseStatus.FILED, CaseStatus.ABEYANCE] * 2


def _member(program: Program, role: str) -> Membership | None:
    found = Membership.objects.filter(program=program, role=role).select_related("user")
    return found.order_by("pk").first()


def _people(program: Program) -> list[Person]:
    """Participants a police officer referred (the people the justice roles may relate to)."""
    return list(
        Person.objects.filter(
            program=program, referred_by__isnull=False, merged_into__isnull=True
        ).order_by("pk")[:N_CASES]
    )


def _in_court_hours(program: Program, day: dt.date, index: int) -> dt.datetime:
    """9:00 or 13:30 on the program's wall clock, where courts sit."""
    hour, minute = (9, 0) if index % 2 else (13, 30)
    zone = zoneinfo.ZoneInfo(program.time_zone)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


def seed_cases_demo(program: Program, *, seed: int) -> None:
    rng = random.Random(seed + 13)
    acting = Actor.system("openlead-demo", program.pk)
    prosecutor, defender = _member(program, Role.PROSECUTOR), _member(program, Role.DEFENDER)
    codes = list(CHARGES)
    with transaction.atomic():
        for index, person in enumerate(_people(program)):
            number = f"26-1-{10000 + index:05d}-{rng.randint(0, 9)}"
            jurisdiction = JURISDICTIONS[index % 2]
            if LegalCase.objects.filter(
                program=program, jurisdiction=jurisdiction, case_number=number
            ).exists():
                continue
            sides: dict[str, Any] = {}
            if prosecutor is not None:
                sides["prosecutor_office"] = prosecutor.organization
            if defender is not None and index % 3 == 0:
                sides.update(defender=defender.user, defender_office=defender.organization)
            opened = timezone.localdate() - dt.timedelta(days=rng.randint(5, 120))
            new = NewCase(jurisdiction, number, opened, STATUSES[index % len(STATUSES)])
            case = do_enter_case(person, new, acting=acting, **sides)
            for code in rng.sample(codes, rng.randint(1, 2)):
                do_add_charge(case, code, acting=acting)
            # Half in the next 14 days (the work group's agenda), the rest later.
            ahead = rng.randint(1, 14) if index % 2 == 0 else rng.randint(20, 90)
            at = _in_court_hours(program, timezone.localdate() + dt.timedelta(days=ahead), index)
            kind = rng.choice(
                [CourtDateKind.ARRAIGNMENT, CourtDateKind.PRETRIAL, CourtDateKind.REVIEW]
            )
            do_add_court_date(case, at, kind, rng.choice(COURTROOMS), acting=acting)
    cases_from_accepted_links(program.pk)
