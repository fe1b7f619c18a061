"""The accountability page as each visitor sees it, its CSV, and the admin's settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from openlead.access.models import AuditAction, AuditEvent
from openlead.access.stepup import VERIFIED_AT_KEY
from openlead.accountability.models import PopulationTable, Publication
from tests.accountability.helpers import officers, refer, refer_many
from tests.accountability.test_population import GOOD
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}


def _url(world: World, name: str = "accountability_page") -> str:
    return reverse(name, args=[world.programs["demo"].slug])


def _publish(world: World) -> None:
    Publication.objects.update_or_create(program=world.programs["demo"], defaults={"public": True})


def _seed(world: World) -> None:
    today = dt.date.today()
    cops = officers(world, 6)
    for i, cop in enumerate(cops):
        refer_many(world, 2 + i, door="arrest", day=today, flags=("white",), officer=cop)
    refer_many(
        world, 12, door="social_contact", day=today, flags=("black_af_american",), officer=cops[0]
    )
    refer(world, door="self", day=today, flags=("asian",))  # a count of 1: hidden


def test_it_answers_404_to_the_anonymous_until_the_page_is_published(world: World) -> None:
    assert Client().get(_url(world)).status_code == 404
    assert Client().get(_url(world, "accountability_csv")).status_code == 404
    _publish(world)
    assert Client().get(_url(world)).status_code == 200


def test_it_shows_the_unpublished_page_to_the_supervisor_and_audits_it(
    login: Any, world: World
) -> None:
    _seed(world)
    page = login("bob").get(_url(world)).content.decode()
    assert "This page is not public" in page and "Referrals by door" in page
    event = AuditEvent.objects.filter(purpose="accountability page").latest("seq")
    assert event.action == AuditAction.READ and event.actor_username == "bob"
    assert event.detail == {"program": "test-city", "year": dt.date.today().year}
    assert event.person_ref == ""


def test_it_keeps_the_unpublished_page_from_other_staff(login: Any, world: World) -> None:
    for user in ("alice", "dave", "hank", "carol"):
        assert login(user).get(_url(world)).status_code == 404, user


def test_it_writes_no_audit_event_for_an_anonymous_visit(world: World) -> None:
    _publish(world)
    before = AuditEvent.objects.count()
    assert Client().get(_url(world)).status_code == 200
    assert Client().get(_url(world, "accountability_csv")).status_code == 200
    assert AuditEvent.objects.count() == before


def test_it_shows_figures_charts_and_notes_without_styles_or_scripts(world: World) -> None:
    _seed(world)
    _publish(world)
    page = Client().get(_url(world)).content.decode()
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="ac-chart"') == 7
    assert page.count("What it cannot show") == 7 and "hidden" in page
    assert "<style" not in page and "style=" not in page and "<script" not in page  # CSP
    assert "Officer concentration" in page and "officer00" not in page


def test_it_shows_no_participant_level_data(world: World) -> None:
    _seed(world)
    _publish(world)
    page = Client().get(_url(world)).content.decode()
    text = Client().get(_url(world, "accountability_csv")).content.decode()
    for person in world.people.values():
        assert person.public_id not in page and person.public_id not in text
    assert [c for c in world.canaries if c in page or c in text] == []


def test_it_downloads_the_same_figures_as_csv(world: World) -> None:
    _seed(world)
    _publish(world)
    response = Client().get(_url(world, "accountability_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="accountability-test-city-'
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == "section,line,label,quarter,kind,value"
    assert any(
        line.startswith("doors,self,Self-referral,") and line.endswith(",hidden") for line in lines
    )
    assert "doors,arrest,Arrest diversion,year,count,27" in lines


def test_it_answers_a_year_it_does_not_have_with_the_form(world: World) -> None:
    _publish(world)
    response = Client().get(_url(world), {"year": "1850"})
    assert response.status_code == 400
    assert 'id="id_year-error">Choose one of the years listed.</p>' in response.content.decode()


def test_it_shows_the_page_in_spanish(world: World) -> None:
    _seed(world)
    _publish(world)
    page = Client().get(_url(world), **SPANISH).content.decode()
    assert '<html lang="es">' in page and "Rendición de cuentas: Test City LEAD" in page
    assert "Qué no puede mostrar" in page and "oculto" in page
    assert "What it cannot show" not in page and "Referrals by door" not in page


def test_it_uses_the_population_table_for_rates(world: World) -> None:
    _seed(world)
    _publish(world)
    counts = {g: 10000 for g in ("white", "black_af_american")}
    PopulationTable.objects.create(
        program=world.programs["demo"],
        area="Test County",
        source="Census",
        year=2020,
        counts=counts,
        file_name="p.csv",
    )
    text = Client().get(_url(world, "accountability_csv")).content.decode()
    assert "rates,white,White,year,rate,2.7000" in text  # 27 referrals per 10,000 residents


# --- the admin's settings page


def test_it_lets_only_the_program_admin_open_the_settings(login: Any, world: World) -> None:
    url = reverse("accountability_settings")
    assert login("hank").get(url).status_code == 403  # account manager, not the program's
    assert login("bob").get(url).status_code == 403
    assert login("ada").get(url).status_code == 200


def test_it_asks_for_a_fresh_code_before_publishing(login: Any, world: World) -> None:
    client = login("ada")
    session = client.session
    session[VERIFIED_AT_KEY] = 0
    session.save()
    response = client.post(
        reverse("accountability_settings"), {"form": "publication", "public": "1"}
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_step_up"))
    assert not Publication.objects.filter(public=True).exists()


def test_it_publishes_the_page_with_an_audit_event(login: Any, world: World) -> None:
    client = login("ada")
    response = client.post(
        reverse("accountability_settings"), {"form": "publication", "public": "1"}, follow=True
    )
    assert "The page is now public." in response.content.decode()
    assert Publication.objects.get(program=world.programs["demo"]).public
    event = AuditEvent.objects.filter(purpose="publish accountability page").latest("seq")
    assert event.detail["accountability_public"] == [False, True]
    assert Client().get(_url(world)).status_code == 200


def test_it_saves_an_uploaded_population_table(login: Any, world: World) -> None:
    client = login("ada")
    upload = SimpleUploadedFile("county.csv", GOOD.encode(), content_type="text/csv")
    data = {
        "form": "population",
        "area": "Test County",
        "source": "Census 2020",
        "year": "2020",
        "file": upload,
    }
    response = client.post(reverse("accountability_settings"), data, follow=True)
    assert "Population table saved" in response.content.decode()
    table = PopulationTable.objects.get(program=world.programs["demo"])
    assert table.counts["white"] == 1006 and table.uploaded_by == world.users["ada"]
    assert AuditEvent.objects.filter(purpose="upload population table").exists()


def test_it_shows_a_bad_upload_s_row_and_column_beside_the_field(login: Any, world: World) -> None:
    client = login("ada")
    upload = SimpleUploadedFile("county.csv", GOOD.replace("white,1006", "white,many").encode())
    data = {
        "form": "population",
        "area": "Test County",
        "source": "Census 2020",
        "year": "2020",
        "file": upload,
    }
    response = client.post(reverse("accountability_settings"), data)
    assert response.status_code == 400
    assert (
        "county.csv, row 8, column &#x27;residents&#x27;: not a whole number of people"
        in response.content.decode()
    )
    assert not PopulationTable.objects.exists()
