"""Casework through the API: a case manager's token reads her caseload and records a
contact (once per Idempotency-Key); a goal's status changes only with a current ETag."""

from __future__ import annotations

from typing import Any

import pytest

from openlead.api.auth import TokenRateThrottle
from openlead.casework.models import Contact
from tests.api.helpers import call, token_for
from tests.api.matrix import _goal_of
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")
CONTACT = {"kind": "street", "duration_minutes": 15, "location": "street", "note": "Checked in."}


def test_it_refuses_another_case_managers_person_with_404(world: World, client: Any) -> None:
    url = f"/api/v1/people/{world.people['same'].public_id}/contacts/"
    response = call(client, "get", url, token=token_for(world, "alice"))
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_it_refuses_casework_to_a_police_token_even_on_its_referral(
    world: World, client: Any
) -> None:
    url = f"/api/v1/people/{world.people['own'].public_id}/contacts/"
    assert call(client, "get", url, token=token_for(world, "dave")).status_code == 403


def test_it_lists_the_caseload_with_names_for_the_case_manager(world: World, client: Any) -> None:
    response = call(client, "get", "/api/v1/caseload/", token=token_for(world, "alice"))
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert world.people["own"].public_id in ids and world.people["same"].public_id not in ids


def test_it_records_a_contact_once_per_key(world: World, client: Any) -> None:
    token = token_for(world, "alice")
    url = f"/api/v1/people/{world.people['own'].public_id}/contacts/"
    before = Contact.objects.count()
    first = call(client, "post", url, CONTACT, token, **{"Idempotency-Key": "c1"})
    again = call(client, "post", url, CONTACT, token, **{"Idempotency-Key": "c1"})
    assert first.status_code == again.status_code == 201, first.content
    assert first.json()["id"] == again.json()["id"] and first.json()["note"] == "Checked in."
    assert Contact.objects.count() == before + 1
    listed = call(client, "get", url, token=token).json()["results"]
    assert first.json()["id"] in [c["id"] for c in listed]


def test_it_refuses_a_contact_without_the_write_scope(world: World, client: Any) -> None:
    token = token_for(world, "alice", scopes=["casework:read"])
    url = f"/api/v1/people/{world.people['own'].public_id}/contacts/"
    response = call(client, "post", url, CONTACT, token, **{"Idempotency-Key": "c2"})
    assert response.status_code == 403


def test_it_puts_a_bad_contact_field_in_errors(world: World, client: Any) -> None:
    url = f"/api/v1/people/{world.people['own'].public_id}/contacts/"
    body = {**CONTACT, "kind": "teleport"}
    response = call(
        client, "post", url, body, token_for(world, "alice"), **{"Idempotency-Key": "c3"}
    )
    assert response.status_code == 400 and "kind" in response.json()["errors"]


def test_it_changes_a_goal_only_with_a_current_etag(world: World, client: Any) -> None:
    token = token_for(world, "alice")
    person = world.people["own"]
    url = f"/api/v1/people/{person.public_id}/goals/{_goal_of(person)}/"
    read = call(client, "get", url, token=token)
    etag = read["ETag"]
    assert call(client, "patch", url, {"status": "achieved"}, token).status_code == 428
    stale = call(client, "patch", url, {"status": "achieved"}, token, **{"If-Match": '"stale"'})
    assert stale.status_code == 412
    done = call(client, "patch", url, {"status": "achieved"}, token, **{"If-Match": etag})
    assert done.status_code == 200 and done.json()["status"] == "achieved"
    again = call(client, "patch", url, {"status": "set_aside"}, token, **{"If-Match": etag})
    assert again.status_code == 412  # the ETag read before the change is stale now


def test_it_answers_429_past_the_tokens_rate(
    world: World, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "2/minute"})
    token = token_for(world, "alice")
    answers = [call(client, "get", "/api/v1/caseload/", token=token) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] and answers[2].json()["status"] == 429
