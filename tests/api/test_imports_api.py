"""Justice-record uploads through the API: the records importer makes the batch (as the
CLI would), once per Idempotency-Key; rejected rows are read at the batch's endpoint;
a bad file, mapping or size answers a problem document, and nothing is stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from openlead.access.models import AuditEvent
from openlead.records.models import ImportBatch, JusticeRecord
from tests.api.helpers import call, token_for
from tests.api.uploads import URL, upload
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")
PROBLEM = "application/problem+json"


def test_it_imports_an_upload_with_a_token_and_lists_its_rejected_rows(
    world: World, client: Any
) -> None:
    token = token_for(world, "bob")
    response = upload(client, token=token)
    assert response.status_code == 201, response.content
    body = response.json()
    batch = ImportBatch.objects.get(public_id=body["id"])
    assert response["Location"] == f"/api/v1/imports/{batch.public_id}/"
    assert (body["status"], body["rows_seen"], body["rows_imported"], body["errors"]) == (
        "partial",
        11,
        8,
        3,
    )
    assert batch.program_id == world.users["bob"].memberships.first().program_id
    assert batch.file_name == "police_records.csv" and batch.source == "spd"
    assert JusticeRecord.objects.filter(source="spd").count() == 8
    rows = call(client, "get", f"{URL}{batch.public_id}/rejected-rows/", token=token).json()
    assert rows["count"] == 3
    assert {(r["row"], r["column"]) for r in rows["results"]} >= {(9, "EventType")}
    assert all(r["reason"] for r in rows["results"])
    event = AuditEvent.objects.filter(purpose="justice records import").last()
    assert event is not None and event.detail["batch"] == batch.public_id


def test_it_imports_an_upload_from_the_session_of_a_program_admin(
    world: World, client: Any
) -> None:
    client.force_login(world.users["ada"])
    response = upload(client, key="session-1")
    assert response.status_code == 201, response.content
    assert response.json()["rows_imported"] == 8


def test_it_refuses_a_session_upload_without_the_csrf_token(world: World) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.users["ada"])
    response = upload(strict, key="csrf-1")
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert not ImportBatch.objects.exists()


def test_it_creates_one_batch_for_a_retried_upload(world: World, client: Any) -> None:
    token = token_for(world, "bob")
    first = upload(client, token=token, key="retry-1")
    again = upload(client, token=token, key="retry-1")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert ImportBatch.objects.count() == 1
    other = upload(client, b"EventId\nPR-1\n", token=token, key="retry-1")
    assert other.status_code == 422 and other["Content-Type"] == PROBLEM


def test_it_answers_the_earlier_batch_for_the_same_file_under_a_new_key(
    world: World, client: Any
) -> None:
    token = token_for(world, "bob")
    first = upload(client, token=token, key="a")
    second = upload(client, token=token, key="b")
    assert second.status_code == 201 and second.json()["id"] == first.json()["id"]
    assert ImportBatch.objects.count() == 1 and JusticeRecord.objects.count() == 8


@pytest.mark.parametrize("username", ["alice", "otto", "dave", "erin", "frank", "gina", "una"])
def test_it_refuses_roles_without_the_import_capability(
    world: World, client: Any, username: str
) -> None:
    response = upload(client, token=token_for(world, username))
    assert response.status_code == 403 and response["Content-Type"] == PROBLEM
    assert not ImportBatch.objects.exists()
    event = AuditEvent.objects.last()
    assert event is not None and (event.action, event.outcome) == ("read", "denied")


def test_it_refuses_a_token_without_the_write_scope(world: World, client: Any) -> None:
    response = upload(client, token=token_for(world, "bob", scopes=["imports:read"]))
    assert response.status_code == 403 and not ImportBatch.objects.exists()


def test_it_answers_401_without_credentials(client: Any) -> None:
    response = upload(client)
    assert response.status_code == 401 and response["Content-Type"] == PROBLEM


def test_it_names_the_missing_column_and_stores_nothing(world: World, client: Any) -> None:
    content = b"Id,EventType\nPR-1,ARR\n"
    response = upload(client, content, token=token_for(world, "bob"), name="../../etc/x.csv")
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    (message,) = response.json()["errors"]["file"]
    assert "'EventId' is not in the file's header" in message
    assert "key record.id" in message and "police_records" in message
    assert "/tmp" not in message and "openlead-upload" not in message
    assert not ImportBatch.objects.exists() and not JusticeRecord.objects.exists()


def test_it_names_the_row_of_a_file_that_is_not_text(world: World, client: Any) -> None:
    content = b"EventId,EventType\n\xff\xfe\x00bad\n"
    response = upload(client, content, token=token_for(world, "bob"), name="bytes.csv")
    assert response.status_code == 400
    (message,) = response.json()["errors"]["file"]
    assert message.startswith("bytes.csv: ") and "utf-8" in message
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"mapping": "no_such_mapping"}, "mapping"),
        ({"source": ""}, "source"),
        ({"source": "x" * 81}, "source"),
        ({"content": b""}, "file"),
    ],
)
def test_it_puts_a_bad_field_in_errors(
    world: World, client: Any, fields: dict[str, Any], field: str
) -> None:
    response = upload(client, token=token_for(world, "bob"), **fields)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM
    assert response.json()["errors"][field]
    assert not ImportBatch.objects.exists()


def test_it_needs_an_idempotency_key(world: World, client: Any) -> None:
    response = upload(client, token=token_for(world, "bob"), key="")
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["errors"]


def test_it_answers_413_past_the_size_limit(world: World, client: Any, settings: Any) -> None:
    settings.OPENLEAD_API_MAX_IMPORT_BYTES = 100
    response = upload(client, token=token_for(world, "bob"))
    assert response.status_code == 413 and response["Content-Type"] == PROBLEM
    assert "100 bytes" in response.json()["detail"] and not ImportBatch.objects.exists()


def test_it_answers_415_to_a_json_upload(world: World, client: Any) -> None:
    body = {"mapping": "police_records", "source": "spd"}
    response = call(client, "post", URL, body, token_for(world, "bob"), **{"Idempotency-Key": "j"})
    assert response.status_code == 415 and response["Content-Type"] == PROBLEM
