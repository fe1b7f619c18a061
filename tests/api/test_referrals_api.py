"""Referrals through the API: an agency token makes an arrest referral (the officer's
form and screening), reads back what the officer's page shows for 12 hours, and a
retried create makes one referral."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from openlead.access.models import AuditEvent
from openlead.referrals.models import Referral
from tests.api.helpers import call, token_for
from tests.conftest import World
from tests.referrals.test_officer_flow import ARREST_POST

pytestmark = pytest.mark.django_db(databases="__all__")
URL = "/api/v1/referrals/"


def _make(client: Any, token: str, key: str = "key-1", **changes: Any) -> Any:
    body = {"door": "arrest", "answers": {**ARREST_POST, **changes}}
    return call(client, "post", URL, body, token, **{"Idempotency-Key": key})


def test_it_refuses_a_call_without_a_token_with_401_problem(client: Any) -> None:
    response = call(client, "get", URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_an_unknown_or_revoked_token_alike(world: World, client: Any) -> None:
    from openlead.api.models import ApiToken

    token = token_for(world, "dave")
    assert call(client, "get", URL, token="olt_" + "x" * 43).status_code == 401
    ApiToken.objects.update(revoked_at=dt.datetime.now(dt.UTC))
    revoked = call(client, "get", URL, token=token)
    assert revoked.status_code == 401 and revoked.json()["detail"] == "The token is not valid."


def test_it_refuses_a_token_without_the_scope(world: World, client: Any) -> None:
    token = token_for(world, "dave", scopes=["referrals:read"])
    assert _make(client, token).status_code == 403
    assert Referral.objects.count() == 0


def test_it_refuses_the_arrest_door_to_a_case_manager_token(world: World, client: Any) -> None:
    assert _make(client, token_for(world, "alice")).status_code == 403


def test_it_makes_a_screened_referral_and_shows_the_officer_its_screening(
    world: World, client: Any
) -> None:
    token = token_for(world, "dave")
    response = _make(client, token)
    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == f"{URL}{body['id']}/"
    referral = Referral.objects.get(public_id=body["id"])
    assert referral.referrer == world.users["dave"]
    assert body["outcome"] == referral.outcome and body["decision"]["reasons"]
    assert body["name"] == "Fake Person One" and body["visible_until"]
    read = call(client, "get", f"{URL}{body['id']}/", token=token)
    assert read.status_code == 200 and read["ETag"]
    assert AuditEvent.objects.filter(purpose="referral via the API", action="read").exists()


def test_it_hides_the_name_and_screening_after_12_hours(world: World, client: Any) -> None:
    token = token_for(world, "dave")
    made = _make(client, token).json()
    Referral.objects.filter(public_id=made["id"]).update(
        referred_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=13)
    )
    later = call(client, "get", f"{URL}{made['id']}/", token=token).json()
    assert later["name"] is None and later["decision"] is None and later["outcome"] is None
    assert later["status_label"]  # the status stays, as on the officer's page


def test_it_creates_once_for_a_retried_key_and_refuses_another_body(
    world: World, client: Any
) -> None:
    token = token_for(world, "dave")
    first = _make(client, token, key="retry-me")
    again = _make(client, token, key="retry-me")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again["Idempotent-Replayed"] == "true"
    assert Referral.objects.count() == 1
    other = _make(client, token, key="retry-me", name="Fake Person Two")
    assert other.status_code == 422 and Referral.objects.count() == 1


def test_it_needs_an_idempotency_key(world: World, client: Any) -> None:
    body = {"door": "arrest", "answers": ARREST_POST}
    response = call(client, "post", URL, body, token_for(world, "dave"))
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["errors"]


def test_it_puts_the_forms_reasons_beside_each_field(world: World, client: Any) -> None:
    response = _make(client, token_for(world, "dave"), name="", amenable="")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "answers.name" in errors and "answers.amenable" in errors
    assert Referral.objects.count() == 0


def test_it_answers_415_for_a_body_that_is_not_json(world: World, client: Any) -> None:
    response = client.post(
        URL,
        "door=arrest",
        content_type="text/plain",
        HTTP_AUTHORIZATION=f"Bearer {token_for(world, 'dave')}",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 415 and response["Content-Type"] == "application/problem+json"


def test_it_answers_405_as_a_problem(world: World, client: Any) -> None:
    response = call(client, "delete", URL, token=token_for(world, "dave"))
    assert response.status_code == 405 and response.json()["title"] == "Method Not Allowed"


def test_it_enforces_csrf_on_a_session_write(world: World) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["dave"])
    body = {"door": "arrest", "answers": ARREST_POST}
    response = call(strict, "post", URL, body, **{"Idempotency-Key": "s-1"})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert Referral.objects.count() == 0


def test_it_pages_at_25_at_most(world: World, client: Any) -> None:
    token = token_for(world, "dave")
    for n in range(27):
        assert _make(client, token, key=f"k{n}", name=f"Fake Person {n}").status_code == 201
    page = call(client, "get", f"{URL}?page_size=100", token=token).json()
    assert page["count"] == 27 + Referral.objects.filter(referrer=world.users["dave"]).count() - 27
    assert len(page["results"]) == 25 and page["next"]


def test_it_notes_a_tokens_use_at_most_once_a_minute(world: World, client: Any) -> None:
    import time_machine

    from openlead.api.models import ApiToken

    token = token_for(world, "dave")
    start = dt.datetime(2026, 12, 4, 18, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        assert call(client, "get", URL, token=token).status_code == 200
    assert ApiToken.objects.get().last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=50), tick=False):
        assert call(client, "get", URL, token=token).status_code == 200
    assert ApiToken.objects.get().last_used_at == start  # no write for the second call
    later = start + dt.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        assert call(client, "get", URL, token=token).status_code == 200
    assert ApiToken.objects.get().last_used_at == later
