"""The participant's own pages: refusals first (anonymous, staff, another participant),
then what pia sees: status, releases and revoking one, who read her record (with and
without staff names), notes only in the groups the program allows, corrections, the
deletion request, and the download with the 42 CFR 2.32 notice."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditAction, AuditEvent
from openlead.portal.models import CorrectionRequest
from tests.conftest import World
from tests.portal.matrix import portal_pages

pytestmark = pytest.mark.django_db(databases="__all__")

PIA_PAGES = ["portal_home", "portal_releases", "portal_who_read", "portal_notes"]


def _second_participant(world: World) -> Any:
    """quinn: a participant whose person is "same" (not in the matrix)."""
    from tests.conftest import _add_participant

    _add_participant(world, "quinn", "same")
    return world.users["quinn"]


def _canaries_of(world: World, key: str) -> list[str]:
    return [c for c in world.canaries if c.startswith(f"CANARY-{key}-")]


def test_it_sends_anonymous_visitors_to_the_sign_in(world: World, client: Any) -> None:
    response = client.get(reverse("portal_home"))
    assert response.status_code == 302 and reverse("portal_signin") in response.url


@pytest.mark.parametrize("staff", ["alice", "bob", "ada", "dave", "hank"])
def test_it_refuses_staff_their_own_pages_view(world: World, login: Any, staff: str) -> None:
    client = login(staff)
    for name in PIA_PAGES:
        assert client.get(reverse(name)).status_code == 403
    assert AuditEvent.objects.filter(purpose="portal home", outcome="denied").exists()


def test_it_shows_another_participant_nothing_of_pia(world: World, client: Any) -> None:
    client.force_login(_second_participant(world))
    pia = _canaries_of(world, "own")
    for url in portal_pages(world):
        body = client.get(url).content.decode()
        assert not [c for c in pia if c in body], url
    consent = world.consents["own-police"]
    revoke = client.post(reverse("portal_revoke", args=[consent.public_id]))
    assert revoke.status_code == 404
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_it_keeps_a_participant_off_every_staff_page(world: World, login: Any) -> None:
    client = login("pia")
    for url in ["/", "/people/", f"/people/{world.people['own'].public_id}/", "/audit/"]:
        assert client.get(url).status_code == 403, url
    denied = AuditEvent.objects.filter(
        actor_username="pia", outcome="denied", purpose="participant outside their own pages"
    )
    assert denied.count() == 4


def test_it_shows_pia_her_status_and_case_manager(world: World, login: Any) -> None:
    body = login("pia").get(reverse("portal_home")).content.decode()
    assert "You are active in the program." in body
    assert "Alice" in body and "555-0100" in body
    read = AuditEvent.objects.filter(actor_username="pia", purpose="portal home").last()
    assert read is not None and read.person_ref == world.people["own"].public_id


def test_it_lets_pia_revoke_a_release(world: World, login: Any) -> None:
    client = login("pia")
    consent = world.consents["own-police"]
    page = client.get(reverse("portal_releases")).content.decode()
    assert "Test police" in page and "Whether you are in the program right now." in page
    response = client.post(reverse("portal_revoke", args=[consent.public_id]), follow=True)
    assert "This release is stopped" in response.content.decode()
    consent.refresh_from_db()
    assert consent.revoked_at is not None and consent.revoked_by == world.users["pia"]
    assert AuditEvent.objects.filter(
        actor_username="pia", action=AuditAction.UPDATE, detail__consent_revoked=consent.public_id
    ).exists()


def test_it_lists_who_read_by_role_and_organization_and_pia_as_you(
    world: World, login: Any
) -> None:
    login("dave").get(reverse("person_detail", args=[world.people["own"].public_id]))
    client = login("pia")
    client.get(reverse("portal_home"))
    body = client.get(reverse("portal_who_read")).content.decode()
    assert "Police officer, Test police" in body and "You" in body
    assert "dave" not in body  # names are off by default


def test_it_names_staff_where_the_program_says_so(world: World, login: Any) -> None:
    program = world.programs["demo"]
    program.portal_shows_staff_names = True
    program.save(update_fields=["portal_shows_staff_names"])
    login("dave").get(reverse("person_detail", args=[world.people["own"].public_id]))
    body = login("pia").get(reverse("portal_who_read")).content.decode()
    assert "dave, Police officer, Test police" in body


def test_it_never_shows_a_withheld_note_group_on_any_page_or_download(
    world: World, login: Any
) -> None:
    client = login("pia")
    withheld = [
        c for c in _canaries_of(world, "own") if any(g in c for g in ("health", "funds", "safety"))
    ]
    assert len(withheld) == 3
    shown = next(c for c in _canaries_of(world, "own") if "casework_notes" in c)
    bodies = {url: client.get(url).content.decode() for url in portal_pages(world)}
    for url, body in bodies.items():
        assert not [c for c in withheld if c in body], url
    assert shown in bodies[reverse("portal_notes")]


def test_it_shows_health_notes_only_when_the_program_chooses(world: World, login: Any) -> None:
    program = world.programs["demo"]
    program.portal_note_groups = ["casework_notes", "health"]
    program.save(update_fields=["portal_note_groups"])
    health = next(c for c in _canaries_of(world, "own") if "health" in c)
    assert health in login("pia").get(reverse("portal_notes")).content.decode()


def test_it_downloads_everything_with_the_notice(world: World, login: Any) -> None:
    client = login("pia")
    html = client.get(reverse("portal_download", args=["html"]))
    assert html.status_code == 200 and "attachment" in html["Content-Disposition"]
    assert "42 CFR part 2" in html.content.decode()
    data = json.loads(client.get(reverse("portal_download", args=["json"])).content)
    assert "42 CFR part 2" in data["notice"]
    assert any("CANARY-own-name" in v for v in data["about_you"].values())
    exports = AuditEvent.objects.filter(actor_username="pia", action=AuditAction.EXPORT)
    assert exports.filter(purpose="portal download").count() == 2


def test_it_takes_a_correction_request_to_the_case_manager(world: World, login: Any) -> None:
    client = login("pia")
    empty = client.post(reverse("portal_correction"), {"text": ""})
    assert empty.status_code == 400 and 'id="id_text-error"' in empty.content.decode()
    sent = client.post(
        reverse("portal_correction"), {"text": "My middle name is Rose."}, follow=True
    )
    assert "Your case manager will see your request" in sent.content.decode()
    row = CorrectionRequest.objects.get()
    assert b"Rose" not in bytes(row.text)  # sealed
    alice = login("alice")
    page = alice.get(reverse("casework_person", args=[world.people["own"].public_id]))
    assert "My middle name is Rose." in page.content.decode()
    done = alice.post(
        reverse("portal_correction_done", args=[world.people["own"].public_id, row.public_id]),
        follow=True,
    )
    assert "marked done" in done.content.decode()
    row.refresh_from_db()
    assert row.done_by == world.users["alice"]


def test_it_asks_for_deletion_through_retention(world: World, login: Any) -> None:
    from openlead.retention.models import DeletionRequest

    client = login("pia")
    unsure = client.post(reverse("portal_deletion"), {"reason": ""})
    assert unsure.status_code == 400 and not DeletionRequest.objects.exists()
    asked = client.post(reverse("portal_deletion"), {"confirm": "on"}, follow=True)
    assert "We got your request" in asked.content.decode()
    request = DeletionRequest.objects.get()
    assert request.person == world.people["own"] and request.source == "participant"
