"""The defender's pages (openlead.legal.defense.views) and the care team's side of the
note channel on the casework page: refusals before successes."""

from __future__ import annotations

import zoneinfo
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.legal.models import DefenseNote
from tests.access.test_canaries import _pages
from tests.conftest import World
from tests.legal.defense_helpers import frank_case

pytestmark = pytest.mark.django_db(databases="__all__")
TEXT = "The hearing moved to Tuesday; can you remind them?"


def _client_url(world: World, key: str) -> str:
    return reverse("defense_client", args=[world.people[key].public_id])


def _note_url(world: World, key: str) -> str:
    return reverse("defense_note_new", args=[world.people[key].public_id])


def test_it_refuses_the_client_list_to_other_roles(world: World, login: Any) -> None:
    assert login(None).get(reverse("defense_clients")).status_code == 302
    for username in ("erin", "dave", "alice"):
        assert login(username).get(reverse("defense_clients")).status_code == 403


def test_it_lists_the_defenders_clients_with_the_next_court_date(world: World, login: Any) -> None:
    case = frank_case(world, "own")
    court = case.court_dates.get()
    page = login("frank").get(reverse("defense_clients")).content.decode()
    own = world.people["own"]
    assert _client_url(world, "own") in page
    assert next(c for c in world.canaries if c.startswith("CANARY-own-name")) in page
    # The program's zone (Los Angeles), not UTC: the page says which.
    local = timezone.localtime(court.at, zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert f"{local:%a %-d %b %Y, %H:%M} {local:%Z}" in page  # the program's zone, not UTC
    assert "Arraignment" in page and "2 cases" in page  # erin's office's case and frank's
    for key in ("same", "revoked", "other"):
        assert world.people[key].public_id not in page
    assert own.get_status_display() in page


def test_it_shows_assigned_counsel_no_name_without_a_release(world: World, login: Any) -> None:
    frank_case(world, "revoked")  # counsel; the release to the office was revoked
    page = login("frank").get(reverse("defense_clients")).content.decode()
    person = world.people["revoked"]
    assert f"Client {person.public_id}" in page
    assert not any(c in page for c in world.canaries if c.startswith("CANARY-revoked"))
    detail = login("frank").get(_client_url(world, "revoked")).content.decode()
    assert "TC-REVOKED-D" in detail and "The note channel opens" in detail


def test_it_refuses_the_client_page_outside_the_scope(world: World, login: Any) -> None:
    assert login("frank").get(_client_url(world, "same")).status_code == 404
    assert login("erin").get(_client_url(world, "own")).status_code == 404
    missing = login("frank").get(reverse("defense_client", args=["doesNotExist12"]))
    assert missing.status_code == 404


def test_it_shows_cases_charges_and_releases_but_no_casework(world: World, login: Any) -> None:
    frank_case(world, "own")
    page = login("frank").get(_client_url(world, "own")).content.decode()
    assert "TC-OWN-1" in page and "TC-OWN-D" in page
    assert "Possession of a controlled substance (69.50.4013)" in page
    assert "Enrollment status, Identity, Legal coordination" in page  # the release, in words
    assert "Notes with the care team" in page and 'name="text"' in page
    leaked = [c for c in world.canaries if c.startswith("CANARY-own") and "-name-" not in c]
    assert [c for c in leaked if c in page] == []


def test_it_refuses_a_note_from_enforcement(world: World, login: Any) -> None:
    for username in ("erin", "dave"):
        assert login(username).post(_note_url(world, "own"), {"text": TEXT}).status_code == 403
    assert login("frank").post(_note_url(world, "same"), {"text": TEXT}).status_code == 404
    assert not DefenseNote.objects.exists()


def test_it_shows_a_bad_note_again_with_the_error_beside_the_field(
    world: World, login: Any
) -> None:
    answer = login("frank").post(_note_url(world, "own"), {"text": "x" * 2001})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert body.count('class="error"') == 1 and "2,000 characters" in body
    assert not DefenseNote.objects.exists()


def test_it_sends_the_defenders_note_and_says_so(world: World, login: Any) -> None:
    answer = login("frank").post(_note_url(world, "own"), {"text": TEXT}, follow=True)
    assert answer.redirect_chain[-1][0] == _client_url(world, "own")
    body = answer.content.decode()
    assert "Note sent to the care team." in body and TEXT in body


def test_it_lets_the_case_manager_reply_from_the_casework_page(world: World, login: Any) -> None:
    login("frank").post(_note_url(world, "own"), {"text": TEXT})
    casework = reverse("casework_person", args=[world.people["own"].public_id])
    page = login("alice").get(casework).content.decode()
    assert "Notes with the defense" in page and TEXT in page
    answer = login("alice").post(_note_url(world, "own"), {"text": "Done."}, follow=True)
    assert answer.redirect_chain[-1][0] == casework + "#defense-notes"
    assert "Note sent to the defense." in answer.content.decode()
    assert "Done." in login("frank").get(_client_url(world, "own")).content.decode()


def test_it_shows_a_bad_reply_on_a_page_of_its_own(world: World, login: Any) -> None:
    answer = login("alice").post(_note_url(world, "own"), {"text": ""})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert body.count('class="error"') == 1 and "Write the note." in body
    assert reverse("casework_person", args=[world.people["own"].public_id]) in body


@pytest.mark.parametrize("username", ["erin", "dave"])
def test_it_never_shows_the_notes_to_the_prosecutor_or_police(
    world: World, login: Any, username: str
) -> None:
    login("frank").post(_note_url(world, "own"), {"text": TEXT})
    client = login(username)
    for url in _pages(world):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert TEXT not in body.decode(), url
