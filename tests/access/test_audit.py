"""The audit log: one event per participant-data request, fail closed, tamper evident."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from openlead.access import audit
from openlead.access.models import AuditEvent
from openlead.cli import main
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL-only (CI runs it there)"
)


def _count() -> int:
    return AuditEvent.objects.count()


@pytest.mark.parametrize("username", ["alice", "bob", "dave", "erin", "otto"])
def test_it_writes_exactly_one_event_per_person_page(
    world: World, client: Any, username: str
) -> None:
    client.force_login(world.users[username])
    person = world.people["own"]
    before = _count()
    response = client.get(reverse("person_detail", kwargs={"public_id": person.public_id}))
    assert response.status_code == 200
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert len(events) == 1
    event = events[0]
    assert (event.actor_username, event.person_ref, event.action, event.outcome) == (
        username,
        person.public_id,
        "read",
        "allowed",
    )
    assert event.request_id == response["X-Request-Id"]
    assert event.program_id == world.programs["demo"].pk and event.field_groups


def test_it_writes_one_event_for_a_list_naming_the_people_shown(world: World, client: Any) -> None:
    client.force_login(world.users["bob"])
    before = _count()
    client.get(reverse("people_list"))
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert len(events) == 1
    assert set(events[0].detail["people"]) == {
        world.people[k].public_id for k in ("own", "same", "revoked")
    }


def test_it_records_refusals(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    before = _count()
    assert (
        client.get(
            reverse("person_detail", kwargs={"public_id": world.people["same"].public_id})
        ).status_code
        == 404
    )
    client.force_login(world.users["dave"])
    url = reverse("add_note", kwargs={"public_id": world.people["own"].public_id})
    assert client.post(url, {"field_group": "casework_notes", "text": "x"}).status_code == 403
    outcomes = list(
        AuditEvent.objects.filter(seq__gt=before)
        .exclude(action="login")
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["not_found", "denied"]


def _break_audit_inserts() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION t_audit_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'audit down'; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER t_audit_down BEFORE INSERT ON access_auditevent FOR EACH ROW EXECUTE FUNCTION t_audit_down()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER t_audit_down BEFORE INSERT ON access_auditevent BEGIN SELECT RAISE(ABORT, 'audit down'); END"
            )


def test_it_returns_no_data_when_the_audit_write_fails(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["alice"])
    _break_audit_inserts()
    for url in [
        reverse("person_detail", kwargs={"public_id": world.people["own"].public_id}),
        reverse("people_list"),
    ]:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 500
        assert [c for c in world.canaries if c in body] == []


def _tamper(seq: int) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A superuser can switch the trigger off; the chain must still catch the edit.
            cursor.execute(
                "ALTER TABLE access_auditevent DISABLE TRIGGER access_auditevent_append_only"
            )
        cursor.execute("UPDATE access_auditevent SET purpose = 'edited' WHERE seq = %s", [seq])


def test_it_names_the_exact_sequence_number_of_a_raw_sql_edit(world: World) -> None:
    assert audit.verify().first_broken_seq is None
    total = _count()
    target = total // 2
    _tamper(target)
    result = audit.verify()
    assert result.first_broken_seq == target
    assert result.checked == target - 1


def test_it_reports_a_broken_chain_through_the_cli(world: World) -> None:
    _tamper(3)
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 1, result.output
    assert "sequence number 3" in result.output


def test_it_verifies_an_intact_chain_through_the_cli(world: World) -> None:
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert f"{_count()} events verified" in result.output


@on_postgres
def test_it_refuses_update_and_delete_on_postgres(world: World) -> None:
    from django.db import DatabaseError, transaction

    for sql in [
        "UPDATE access_auditevent SET purpose = 'x' WHERE seq = 1",
        "DELETE FROM access_auditevent WHERE seq = 1",
    ]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)


@on_postgres
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_it_keeps_one_chain_under_concurrent_writers_on_postgres() -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(25):
                from django.db import transaction

                with transaction.atomic():
                    audit.record(
                        audit.Who(None, f"w{n}", "", None),
                        action="read",
                        outcome="allowed",
                        purpose=str(i),
                    )
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _count() == 200
    result = audit.verify()
    assert (result.first_broken_seq, result.checked) == (None, 200)
