"""The care team sees a person's court dates (openlead.legal) on the casework page, where
the legal group is open to them, and a "Court <date>" badge on the caseload for a court
date in the next 7 days."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.access.roles import FieldGroup
from openlead.casework.context import person_page
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


def court_date_soon(person: Any, *, days: float, number: str = "", status: str = "pending") -> Any:
    """A case with one charge and one court date `days` from now, on `person`."""
    from openlead.legal.models import Charge, CourtDate, LegalCase

    case = LegalCase.objects.create(
        program=person.program,
        person=person,
        jurisdiction="Test County District Court",
        case_number=number or f"CD-{person.pk}-{LegalCase.objects.count() + 1}",
        status=status,
        opened_on=dt.date(2026, 11, 1),
    )
    Charge.objects.create(
        case=case, code="9A.56.050", label="Theft in the third degree", level="gross_misdemeanor"
    )
    return CourtDate.objects.create(
        case=case, at=timezone.now() + dt.timedelta(days=days), kind="pretrial", location="E-942"
    )


def test_the_person_page_shows_the_next_court_dates_with_case_and_charges(
    cw: Casework, client: Any
) -> None:
    person = cw.world.people["own"]
    court_date_soon(person, days=3, number="CD-NEAR-1")
    court_date_soon(person, days=-3, number="CD-PAST-1")  # past: not upcoming
    court_date_soon(person, days=5, number="CD-DISMISSED", status="dismissed")
    client.force_login(cw.world.users["alice"])
    page = client.get(reverse("casework_person", args=[person.public_id])).content.decode()
    section = page.split('id="court-dates"')[1].split("</section>")[0]
    assert "CD-NEAR-1" in section and "Theft in the third degree" in section
    assert "Pretrial hearing" in section and "Next:" in section
    assert "CD-PAST-1" not in section and "CD-DISMISSED" not in section
    event = AuditEvent.objects.filter(purpose="casework page").latest("pk")
    assert FieldGroup.LEGAL in event.field_groups


def test_court_dates_show_in_the_program_time_zone(cw: Casework, client: Any) -> None:
    person = cw.world.people["own"]
    court = court_date_soon(person, days=2)
    court.at = court.at.replace(hour=17, minute=30, second=0, microsecond=0, tzinfo=dt.UTC)
    court.save(update_fields=["at"])
    client.force_login(cw.world.users["alice"])
    page = client.get(reverse("casework_person", args=[person.public_id])).content.decode()
    assert "09:30 PST" in page or "10:30 PDT" in page  # 17:30 UTC in Los Angeles


def test_no_court_dates_without_the_legal_group(cw: Casework) -> None:
    person = cw.world.people["own"]
    court_date_soon(person, days=2, number="CD-HIDDEN")
    actor = cw.acting_for("alice")
    every = frozenset(FieldGroup)
    assert person_page(actor, person, every)["court_dates"]
    assert person_page(actor, person, every - {FieldGroup.LEGAL})["court_dates"] is None


def test_the_caseload_badges_a_court_date_within_7_days(cw: Casework, client: Any) -> None:
    own, same = cw.world.people["own"], cw.world.people["same"]
    court_date_soon(own, days=2)
    from openlead.casework import actions

    actions.do_enroll(same, case_manager=cw.world.users["alice"], acting=Actor.system("t"))
    court_date_soon(same, days=10)  # too far for the badge
    client.force_login(cw.world.users["alice"])
    page = client.get(reverse("casework_caseload")).content.decode()
    assert page.count('class="flag flag-court"') == 1
    assert "Court " in page.split('flag-court">')[1][:40]
