"""Recording a release of information (issue 11, 42 CFR 2.31): who may, each method,
every validation, the audit event, and the waiting service links it sends."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.casework import actions
from openlead.casework.models import LinkState
from openlead.casework.queries import consents as q
from openlead.people.models import ConsentRelease
from tests.casework.conftest import Casework
from tests.casework.consent_helpers import data_url, new_url, png, release_post
from tests.casework.consent_matrix import CONSENT_POSTS, consent_kwargs
from tests.conftest import World, program_today

pytestmark = pytest.mark.django_db(databases="__all__")


def _post(client: Any, world: World, user: str, key: str = "same", **overrides: Any) -> Any:
    client.force_login(world.users[user])
    return client.post(new_url(world, key), release_post(world, **overrides))


@pytest.mark.parametrize("user", ["dave", "erin", "frank", "otto"])
def test_it_refuses_the_form_to_roles_that_do_not_write_legal(
    world: World, client: Any, user: str
) -> None:
    before = ConsentRelease.objects.count()
    client.force_login(world.users[user])
    assert client.get(new_url(world, "own")).status_code == 403
    assert client.post(new_url(world, "own"), release_post(world)).status_code == 403
    assert ConsentRelease.objects.count() == before
    assert AuditEvent.objects.filter(outcome="denied", purpose="record release").exists()


@pytest.mark.parametrize("user", ["gina", "una", "hank", "carol"])
def test_it_answers_no_scope_and_other_programs_with_404(
    world: World, client: Any, user: str
) -> None:
    client.force_login(world.users[user])
    assert client.get(new_url(world, "own")).status_code == 404
    assert client.post(new_url(world, "own"), release_post(world)).status_code == 404


def test_it_answers_the_posts_as_the_matrix_says(world: World, client: Any) -> None:
    """The POST rows (the shared matrix holds one method per URL: the GETs)."""
    wrong = []
    for name, (_, rels, expect) in CONSENT_POSTS.items():
        for user in ["alice", "bob", "otto", "dave", "frank", "gina", "carol", None]:
            for rel in rels:
                client.logout()
                if user:
                    client.force_login(world.users[user])
                url = reverse(name, kwargs=consent_kwargs(world, name, rel))
                status = client.post(url, {}).status_code
                if status != expect(user, rel):
                    wrong.append(f"{name} {user} {rel}: {status} != {expect(user, rel)}")
    assert wrong == []


def test_it_records_a_release_signed_on_screen_sealed_and_audited(
    world: World, client: Any
) -> None:
    response = _post(client, world, "bob")
    consent = ConsentRelease.objects.get(person=world.people["same"], method="signed_on_screen")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/consents/{consent.public_id}/")
    assert consent.recipient_organization_id == world.orgs["defender"].pk
    assert consent.field_groups == ["identity", "legal"]
    assert b"data:image" not in bytes(consent.signature)  # sealed, not the data URL
    assert q.open_release(consent).signature == data_url()
    event = AuditEvent.objects.filter(action="create", person_ref=consent.person.public_id).last()
    assert event is not None and event.detail["consent"] == consent.public_id
    assert event.actor_username == "bob" and event.field_groups == ["legal"]
    page = client.get(response["Location"]).content.decode()
    assert "Release saved." in page and "Test defender" in page


def test_it_records_a_paper_release_with_where_the_form_is_kept(world: World, client: Any) -> None:
    response = _post(
        client,
        world,
        "bob",
        method="paper",
        signature="",
        paper_reference="ROI-0142 in the locked file",
    )
    assert response.status_code == 302
    consent = ConsentRelease.objects.get(person=world.people["same"], method="paper")
    assert q.open_release(consent).paper_reference == "ROI-0142 in the locked file"
    assert consent.signature is None


def test_it_records_a_verbal_release_with_a_staff_witness(world: World, client: Any) -> None:
    witness = world.users["ivan"]
    response = _post(client, world, "bob", method="verbal", signature="", witness=witness.public_id)
    assert response.status_code == 302
    consent = ConsentRelease.objects.get(person=world.people["same"], method="verbal")
    assert consent.witness == witness


def test_it_records_a_release_to_a_role(world: World, client: Any) -> None:
    response = _post(
        client, world, "bob", recipient_kind="role", organization="", role="prosecutor"
    )
    assert response.status_code == 302
    consent = ConsentRelease.objects.get(person=world.people["same"], recipient_role="prosecutor")
    assert consent.recipient_organization_id is None


BAD = [
    ({"recipient_kind": "", "organization": ""}, "recipient_kind"),
    ({"recipient_kind": "organization", "organization": ""}, "Choose who receives"),
    ({"organization": "999999"}, "organization"),
    ({"organization": "abc"}, "organization"),
    ({"field_groups": []}, "field_groups"),
    ({"field_groups": ["funds"]}, "field_groups"),
    ({"purpose": ""}, "purpose"),
    ({"purpose": "x" * 201}, "purpose"),
    ({"expires_on": "2001-01-01"}, "already passed"),
    ({"starts_on": "2099-01-01"}, "The start"),
    ({"expires_on": "not a date"}, "expires_on"),
    ({"method": "telepathy"}, "method"),
    ({"told_right_to_revoke": None}, "told_right_to_revoke"),
    ({"signature": ""}, "Ask the participant to sign"),
    ({"signature": "<script>alert(1)</script>"}, "did not come through"),
    ({"signature": "data:image/png;base64,@@@@"}, "did not come through"),
    ({"signature": data_url(b"GIF89a" + b"\0" * 60)}, "did not come through"),
    ({"signature": data_url(png(5000, 10))}, "did not come through"),
    ({"signature": data_url(b"\x89PNG" + b"\0" * 200_000)}, "too large"),
    ({"method": "paper", "paper_reference": "  "}, "Say where the signed paper"),
    ({"method": "verbal", "witness": ""}, "Choose the staff member"),
    ({"method": "verbal", "witness": "noSuchUser0001"}, "witness"),
    ({"provider": "x"}, "Provider: Select a valid choice"),
]


@pytest.mark.parametrize(("overrides", "expected"), BAD)
def test_it_refuses_a_bad_release_beside_the_field(
    world: World, client: Any, overrides: dict[str, Any], expected: str
) -> None:
    response = _post(client, world, "bob", **overrides)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved yet" in page
    assert expected in page
    assert not ConsentRelease.objects.filter(person=world.people["same"]).exists()


def test_it_refuses_an_end_before_the_start(world: World, client: Any) -> None:
    today = program_today(world.programs["demo"])
    response = _post(
        client,
        world,
        "bob",
        starts_on=(today + dt.timedelta(days=20)).isoformat(),
        expires_on=(today + dt.timedelta(days=10)).isoformat(),
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()


def test_it_refuses_the_recorder_as_their_own_witness(world: World, client: Any) -> None:
    """The form does not offer them; a forged post is refused by the action."""
    bob = world.users["bob"]
    response = _post(client, world, "bob", method="verbal", signature="", witness=bob.public_id)
    assert response.status_code == 400
    assert not ConsentRelease.objects.filter(person=world.people["same"]).exists()


def test_it_refuses_a_witness_from_another_program(world: World, client: Any) -> None:
    carol = world.users["carol"]
    response = _post(client, world, "bob", method="verbal", signature="", witness=carol.public_id)
    assert response.status_code == 400


def test_it_refuses_a_provider_of_another_program(cw: Casework, client: Any) -> None:
    from openlead.casework.models import Provider

    world = cw.world
    elsewhere = Provider.objects.create(
        program=world.programs["other"],
        organization=world.orgs["community"],
        name="Elsewhere housing",
        kind="housing",
    )
    response = _post(
        client,
        world,
        "bob",
        recipient_kind="provider",
        organization="",
        provider=elsewhere.public_id,
    )
    assert response.status_code == 400
    check = actions_check_provider(cw, elsewhere.public_id)
    assert "provider" in check


def actions_check_provider(cw: Casework, provider_id: str) -> dict[str, Any]:
    """The action refuses a foreign provider even when the form is bypassed."""
    from django.core.exceptions import ValidationError

    from openlead.casework.actions.consents import ReleaseDraft, check_record_release

    today = program_today(cw.world.programs["demo"])
    draft = ReleaseDraft(
        field_groups=["casework_notes"],
        purpose="housing",
        starts_on=today,
        expires_on=today + dt.timedelta(days=30),
        method="paper",
        signed_on=today,
        provider_id=provider_id,
        paper_reference="ROI-1",
    )
    with pytest.raises(ValidationError) as caught:
        check_record_release(cw.world.people["own"], draft, acting=cw.acting_for("alice"))
    return caught.value.message_dict


def test_it_sends_the_waiting_links_the_release_covers(cw: Casework, client: Any) -> None:
    world = cw.world
    person = world.people["own"]
    link = actions.do_send_link(person, cw.providers["housing"], acting=cw.acting_for("alice"))
    other = actions.do_send_link(person, cw.providers["moud"], acting=cw.acting_for("alice"))
    assert link.state == other.state == LinkState.BLOCKED
    response = _post(
        client,
        world,
        "alice",
        key="own",
        recipient_kind="provider",
        organization="",
        provider=cw.providers["housing"].public_id,
        field_groups=["casework_notes"],
    )
    assert response.status_code == 302
    link.refresh_from_db()
    other.refresh_from_db()
    consent = ConsentRelease.objects.get(provider_ref=cw.providers["housing"].public_id)
    assert link.state == LinkState.SENT and link.consent == consent
    assert other.state == LinkState.BLOCKED  # not named by the release
    assert consent.recipient_organization_id == cw.providers["housing"].organization_id
    page = client.get(response["Location"]).content.decode()
    assert "Release saved. 1 waiting service link was sent." in page
    assert "Test housing provider" in page


def test_it_links_the_waiting_text_to_the_new_release_page(cw: Casework, client: Any) -> None:
    person = cw.world.people["own"]
    actions.do_send_link(person, cw.providers["moud"], acting=Actor.system("t"))
    client.force_login(cw.world.users["alice"])
    page = client.get(reverse("casework_person", args=[person.public_id])).content.decode()
    assert f'href="{reverse("casework_consent_new", args=[person.public_id])}"' in page


def test_it_shows_the_form_with_human_labels_and_each_meaning(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    page = client.get(new_url(world, "own")).content.decode()
    assert "Health and substance use (42 CFR Part 2)" in page
    assert "Your name, other names you use" in page
    assert "Test defender" in page  # a partner organization
    assert "Ivan" in page and ">Alice<" not in page  # a witness, never the recorder
    assert "casework_notes" not in page.replace('value="casework_notes"', "")
