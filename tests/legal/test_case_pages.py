"""The case pages: the prosecutor's and defender's Cases list, a case page with labels and
court dates in the program's time zone, entering a case, field errors, 404s; the demo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from openlead.legal.models import Charge, CourtDate, LegalCase
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def own_case() -> LegalCase:
    return LegalCase.objects.get(case_number="TC-OWN-1")


def test_the_cases_list_shows_the_cases_under_the_release(world: World, login: Any) -> None:
    Charge.objects.create(
        case=own_case(), code="69.50.4013", label="Possession of a controlled substance"
    )
    for name in ("erin", "frank"):
        page = login(name).get(reverse("legal_cases")).content.decode()
        assert "TC-OWN-1" in page and "Possession of a controlled substance" in page
        # The prosecutor reads no identity; the defender reads it under the release.
        assert (world.canaries[0] in page) == (name == "frank")
    assert login("alice").get(reverse("legal_cases")).status_code == 403


def test_the_case_page_shows_court_dates_in_the_program_time_zone(world: World, login: Any) -> None:
    case = own_case()
    CourtDate.objects.create(
        case=case, at=dt.datetime(2027, 1, 12, 17, 30, tzinfo=dt.UTC), kind="arraignment"
    )
    page = login("erin").get(reverse("legal_case", args=[case.public_id])).content.decode()
    assert "Tuesday 12 Jan 2027, 09:30" in page  # Los Angeles, not UTC
    assert "Arraignment" in page and "Pending" in page
    assert "Back to cases" in page


def test_a_bad_case_id_is_a_404(world: World, login: Any) -> None:
    assert login("erin").get(reverse("legal_case", args=["noSuchCase1"])).status_code == 404
    url = reverse("legal_case_court_date_cancel", args=[own_case().public_id, 99999])
    assert login("erin").post(url).status_code == 404


def test_entering_a_case_from_a_person(world: World, login: Any) -> None:
    person = world.people["own"]
    detail = login("frank").get(reverse("person_detail", args=[person.public_id])).content.decode()
    url = reverse("legal_case_new", args=[person.public_id])
    assert url in detail
    data = {"jurisdiction": "Test County", "case_number": "D-77", "opened_on": "2026-11-20",
            "status": "pending"}  # fmt: skip
    response = login("frank").post(url, data, follow=True)
    case = LegalCase.objects.get(case_number="D-77")
    assert case.defender == world.users["frank"]
    assert "Case entered." in response.content.decode()


def test_a_duplicate_number_is_shown_beside_its_field_as_a_400(world: World, login: Any) -> None:
    url = reverse("legal_case_new", args=[world.people["own"].public_id])
    data = {"jurisdiction": "Test County District Court", "case_number": "TC-OWN-1",
            "opened_on": "2026-11-20", "status": "pending"}  # fmt: skip
    response = login("erin").post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count('id="id_case_number-error"') == 1
    assert "already has a case with this number" in page


def test_a_court_date_too_far_ahead_is_a_400_with_the_form(world: World, login: Any) -> None:
    url = reverse("legal_case_court_date", args=[own_case().public_id])
    response = login("erin").post(url, {"at": "2035-01-01T09:00", "kind": "hearing"})
    assert response.status_code == 400
    assert "more than three years ahead" in response.content.decode()
    assert own_case().court_dates.count() == 0


def test_a_charge_posted_by_the_prosecutor_is_labelled(world: World, login: Any) -> None:
    url = reverse("legal_case_charge", args=[own_case().public_id])
    response = login("erin").post(url, {"code": "__other__", "other_code": "12.34.56"}, follow=True)
    page = response.content.decode()
    assert "Charge added." in page and "Charge 12.34.56" in page


def test_the_demo_seeds_cases_with_court_dates_soon(client: Any) -> None:
    from django.utils import timezone

    from openlead.demo import seed_demo

    program = seed_demo(n_people=40, seed=5, password="demo-password-1234")
    cases = LegalCase.objects.filter(program=program)
    assert 8 <= cases.count() <= 20
    soon = CourtDate.objects.filter(
        case__program=program, at__lt=timezone.now() + dt.timedelta(days=14)
    )
    assert soon.count() >= 3
    assert cases.filter(defender__username="frank").exists()
    assert all(c.charges.exists() for c in cases.filter(source="entered"))
