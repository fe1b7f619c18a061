"""Passkeys of the participant portal: who may add or remove one, and sign-in with real
signed answers (tests/portal/softkey.py) refused when wrong, replayed or too many, never
with a 500. The whole ceremony in a browser: tests/browser/test_portal_passkey.py."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditAction, AuditEvent
from openlead.portal.models import PortalAccount, PortalPasskey
from tests.conftest import World
from tests.portal.helpers import enrol, issue_code
from tests.portal.softkey import SoftKey, challenge_of, soft_key

pytestmark = pytest.mark.django_db(databases="__all__")
SIGNIN = reverse("portal_passkey_signin")
OPTIONS = reverse("portal_passkey_options")


def _pia(world: World) -> PortalAccount:
    return PortalAccount.objects.get(user=world.users["pia"])


def _post_json(client: Any, url: str, body: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def _try(client: Any, key: SoftKey, **kwargs: Any) -> Any:
    options = client.post(OPTIONS).json()
    return _post_json(client, SIGNIN, key.answer(challenge_of(options), **kwargs))


def test_it_refuses_registration_to_anonymous_and_staff(world: World, client: Any) -> None:
    url = reverse("portal_passkey_new_options")
    assert client.post(url).status_code == 302  # to the portal's sign-in
    client.force_login(world.users["alice"])
    assert client.post(url).status_code == 403
    assert (
        client.post(reverse("portal_passkey_register"), "{}", "application/json").status_code == 403
    )
    assert AuditEvent.objects.filter(actor_username="alice", outcome="denied").exists()


def test_it_refuses_to_remove_another_participants_passkey(world: World, client: Any) -> None:
    theirs = soft_key(_pia(world)).passkey
    enrol(client, issue_code(client, world), username="quinn")  # signed in as quinn
    url = reverse("portal_passkey_remove", kwargs={"passkey_id": theirs.public_id})
    assert client.post(url).status_code == 404  # the same answer as a missing id
    assert client.post(url.replace(theirs.public_id, "x" * 300)).status_code == 404
    assert PortalPasskey.objects.filter(pk=theirs.pk).exists()


def test_it_removes_her_own_passkey_and_audits_it(world: World, client: Any) -> None:
    mine = soft_key(_pia(world)).passkey
    client.force_login(world.users["pia"])
    url = reverse("portal_passkey_remove", kwargs={"passkey_id": mine.public_id})
    response = client.post(url, follow=True)
    assert "The passkey is removed" in response.content.decode()
    assert not PortalPasskey.objects.filter(pk=mine.pk).exists()
    assert AuditEvent.objects.filter(purpose="portal passkey removed").count() == 1


def test_it_gives_registration_options_and_refuses_a_bad_answer(world: World, client: Any) -> None:
    client.force_login(world.users["pia"])
    options = client.post(reverse("portal_passkey_new_options")).json()
    assert options["rp"]["id"] == "testserver" and options["user"]["name"] == "pia"
    bad = {"rawId": "AAAA", "id": "AAAA", "type": "public-key", "response": {}}
    response = _post_json(client, reverse("portal_passkey_register"), bad)
    assert response.status_code == 400 and "Nothing was added" in response.json()["error"]
    assert _post_json(client, reverse("portal_passkey_register"), bad).status_code == 400
    assert not PortalPasskey.objects.exists()


def test_it_refuses_malformed_and_unknown_answers_clearly(world: World, client: Any) -> None:
    for body in ("not json", json.dumps([1]), json.dumps({"rawId": 3}), "x" * 20000):
        response = client.post(SIGNIN, body, content_type="application/json")
        assert response.status_code == 400 and response.json()["error"]
    stranger = soft_key(_pia(world))
    stranger.passkey.delete()
    response = _try(client, stranger)
    assert response.status_code == 400 and "does not work here" in response.json()["error"]
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGIN_FAILED, detail__unknown_account=True
    ).exists()


def test_it_refuses_a_replayed_or_foreign_answer_and_counts_it(world: World, client: Any) -> None:
    key = soft_key(_pia(world))
    options = client.post(OPTIONS).json()
    answer = key.answer(challenge_of(options))
    assert _post_json(client, SIGNIN, answer).status_code == 200
    client.logout()
    replayed = _post_json(client, SIGNIN, answer)  # no challenge left in this session
    assert replayed.status_code == 400 and "did not work" in replayed.json()["error"]
    assert _try(client, key, origin="https://evil.example").status_code == 400
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor_username="pia")
    assert failed.count() == 2
    assert client.get(reverse("portal_home")).status_code == 302


def test_it_slows_passkey_failures_like_wrong_passphrases(world: World, client: Any) -> None:
    key = soft_key(_pia(world))
    for _ in range(10):
        assert _try(client, key, origin="https://evil.example").status_code == 400
    slowed = _try(client, key)
    assert slowed.status_code == 429 and "not locked" in slowed.json()["error"]


def test_it_signs_in_with_a_passkey_and_audits_it(world: World, client: Any) -> None:
    key = soft_key(_pia(world))
    response = _try(client, key)
    assert response.status_code == 200 and response.json()["next"] == reverse("portal_home")
    assert client.get(reverse("portal_home")).status_code == 200
    key.passkey.refresh_from_db()
    assert key.passkey.sign_count == 1 and key.passkey.last_used_at is not None
    assert AuditEvent.objects.filter(purpose="portal passkey sign-in").count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_username="pia").exists()
    assert client.post(OPTIONS).status_code == 302  # signed in: sent on


def test_it_refuses_a_stale_sign_count(world: World, client: Any) -> None:
    key = soft_key(_pia(world))
    key.passkey.sign_count = 50
    key.passkey.save(update_fields=["sign_count"])
    response = _try(client, key)  # a copied key lags behind the phone's counter
    assert response.status_code == 400


def test_it_deletes_passkeys_when_a_new_code_is_issued(world: World, client: Any) -> None:
    key = soft_key(_pia(world))
    issue_code(client, world, by="alice", rel="own")
    assert not PortalPasskey.objects.filter(pk=key.passkey.pk).exists()
    assert _try(client, key).status_code == 400


def test_it_offers_the_passkey_sign_in_in_spanish(world: World, client: Any) -> None:
    page = client.get(reverse("portal_signin"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Entrar con una llave de acceso" in page and "openlead/passkey.js" in page
