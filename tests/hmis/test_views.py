"""The HMIS export page and its download: program admins only, with a fresh second factor."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.hmis.matrix import hmis_data, hmis_pages, settings_data

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.mark.parametrize("username", ["alice", "bob", "dave", "erin", "gina", "hank", "carol"])
def test_it_refuses_everyone_but_the_program_admin(world: World, login: Any, username: str) -> None:
    hmis_pages(world)
    client = login(username)
    assert client.get(reverse("hmis_export")).status_code == 403
    assert client.post(reverse("hmis_export_download"), hmis_data(world, "")).status_code == 403
    assert client.post(reverse("hmis_settings"), settings_data(world)).status_code == 403


def test_it_sends_the_anonymous_to_sign_in(world: World, client: Any) -> None:
    assert client.get(reverse("hmis_export")).status_code == 302


def test_it_shows_the_program_admin_the_settings_and_the_form(world: World, login: Any) -> None:
    hmis_pages(world)
    page = login("ada").get(reverse("hmis_export")).content.decode()
    assert "Test Continuum of Care (WA-599)" in page and "Services Only" in page
    assert 'name="start"' in page and 'href="/"' in page


def test_it_asks_for_a_fresh_second_factor_before_the_download(world: World, login: Any) -> None:
    hmis_pages(world)
    client = login("ada")
    session = client.session
    session["openlead_mfa_verified_at"] = int(time.time()) - 3600
    session.save()
    response = client.post(reverse("hmis_export_download"), hmis_data(world, ""))
    assert response.status_code == 302 and reverse("mfa_step_up") in response["Location"]
    assert not AuditEvent.objects.filter(action="export").exists()


def test_it_shows_field_errors_beside_the_fields(world: World, login: Any) -> None:
    hmis_pages(world)
    response = login("ada").post(
        reverse("hmis_export_download"), {"start": "2026-05-01", "end": "2026-02-01"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_start-error"' in page and "on or before the last day" in page


def test_it_downloads_a_zip_of_every_file(world: World, login: Any) -> None:
    hmis_pages(world)
    response = login("ada").post(reverse("hmis_export_download"), hmis_data(world, ""))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="hmis-test-city-20260101-20261130.zip"' in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = set(archive.namelist())
        client_csv = archive.read("Client.csv").decode()
    assert {"Export.csv", "Client.csv", "Enrollment.csv", "User.csv"} <= names
    assert world.people["own"].public_id in client_csv
    assert world.people["same"].public_id not in client_csv  # no release to the CoC
    assert AuditEvent.objects.filter(
        action="export", person_ref=world.people["own"].public_id
    ).exists()


def test_it_saves_the_settings_with_a_message_and_an_audit_event(world: World, login: Any) -> None:
    from openlead.hmis.models import HmisProject

    hmis_pages(world)
    client = login("ada")
    response = client.post(reverse("hmis_settings"), settings_data(world), follow=True)
    assert "HMIS project settings saved." in response.content.decode()
    project = HmisProject.objects.get(program=world.programs["demo"])
    assert (project.coc_code, project.project_type) == ("WA-501", 4)
    event = AuditEvent.objects.filter(purpose="HMIS project settings").latest("pk")
    assert event.detail["before"]["coc_code"] == "WA-599"
    assert event.detail["after"]["coc_code"] == "WA-501"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("coc_code", "WA500", "two capital letters, a hyphen and three digits"),
        ("geocode", "53", "six digits"),
        ("other_funder", "", "Name the local or other funder."),
        ("funder", "99", "less than or equal to 55"),
    ],
)
def test_it_shows_a_bad_setting_beside_its_field(
    world: World, login: Any, field: str, value: str, message: str
) -> None:
    hmis_pages(world)
    response = login("ada").post(reverse("hmis_settings"), settings_data(world, **{field: value}))
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert f'id="id_{field}-error"' in page
    assert "(WA-599) as Services Only" in page  # the summary shows what is saved


@pytest.mark.parametrize(
    ("url", "changes"),
    [
        ("hmis_settings", {"funder": "99999999999"}),
        ("hmis_settings", {"coc_organization": "999999"}),
        ("hmis_settings", {"operating_start": "2026-02-30", "project_type": "5"}),
        ("hmis_settings", {"grant_id": "x" * 500, "state": "<script>"}),
        ("hmis_export_download", {"start": "0001-01-01"}),
        ("hmis_export_download", {"end": "9999-12-31", "start": "not a date"}),
    ],
)
def test_it_answers_bad_input_with_400_never_a_server_error(
    world: World, login: Any, url: str, changes: dict[str, str]
) -> None:
    hmis_pages(world)
    data = (settings_data(world) if url == "hmis_settings" else hmis_data(world, "")) | changes
    assert login("ada").post(reverse(url), data).status_code == 400
