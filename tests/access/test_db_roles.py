"""The application's PostgreSQL role from docs/deployment.md may append to the audit log
and read it, and nothing else: UPDATE, DELETE and TRUNCATE are refused by privilege."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from openlead.access import audit
from openlead.access.models import AuditEvent
from tests.conftest import World

DEPLOYMENT = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(databases="__all__"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL-only (roles and privileges)"
    ),
]


def _documented_grants() -> str:
    """The SQL block after the <!-- app-role-grants --> marker: the docs are what we test."""
    text = DEPLOYMENT.read_text()
    match = re.search(r"<!-- app-role-grants -->\s*```sql\n(.*?)```", text, re.S)
    assert match, "docs/deployment.md lost its app-role-grants block"
    return match.group(1)


@pytest.fixture
def app_role(world: World) -> str:
    # A role name of our own: roles are cluster-wide and other test runs share the server.
    # CREATE ROLE and the grants are transactional, so the test's rollback removes them.
    role = f"openlead_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        cursor.execute(_documented_grants().replace("openlead_app", role))
        cursor.execute(f"SET ROLE {role}")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE access_auditevent SET purpose = 'x' WHERE seq = 1",
        "DELETE FROM access_auditevent WHERE seq = 1",
        "DELETE FROM access_auditevent",
        "TRUNCATE access_auditevent",
        "TRUNCATE access_auditevent CASCADE",
    ],
)
def test_it_refuses_the_app_role_any_change_to_the_audit_log(app_role: str, sql: str) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.count() == before > 0


def test_it_lets_the_app_role_append_read_and_write_other_tables(
    world: World, app_role: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == app_role
    before = AuditEvent.objects.count()
    event = audit.record(
        audit.Who(None, "app-role", "", None), action="read", outcome="allowed", purpose="t"
    )
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.get(seq=event.seq).purpose == "t"
    assert audit.verify().first_broken_seq is None
    program = world.programs["demo"]
    type(program).objects.filter(pk=program.pk).update(name="Renamed by the app role")
    assert type(program).objects.get(pk=program.pk).name == "Renamed by the app role"
