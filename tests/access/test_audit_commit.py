"""The audit chain's lock is taken as a transaction commits, not at its first read (issue 16).

Events are buffered in their transaction (openlead.access.db.pending) and chained by the
backend's commit: the suite's other audit tests (tests/access/test_audit.py) keep the
guarantees (one event per request, fail closed, no fork, the exact broken seq); these
check what the buffer itself promises."""

from __future__ import annotations

import threading

import pytest
import time_machine
from django.db import DatabaseError, connection, connections, transaction

from openlead.access import audit
from openlead.access.db import pending
from openlead.access.models import AccessAlert, AuditEvent
from tests.access.test_record_view_alerts import START, _who
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL-only (CI runs it there)"
)
WHO = audit.Who(None, "tester", "", None)


def _record(purpose: str) -> AuditEvent:
    return audit.record(WHO, action="read", outcome="allowed", purpose=purpose)


def test_the_main_database_has_the_commit_step() -> None:
    assert isinstance(connections["default"], pending.AuditCommitMixin)
    assert not isinstance(connections["keys"], pending.AuditCommitMixin)


def test_an_event_waits_in_its_transaction_and_joins_the_chain_in_order(world: World) -> None:
    before = AuditEvent.objects.count()
    with transaction.atomic():
        first, second = _record("one"), _record("two")
        assert first.hash == "" and AuditEvent.objects.count() == before
        assert [e.purpose for e in audit_pending()] == ["one", "two"]
    assert (second.seq, second.prev_hash) == (first.seq + 1, first.hash)
    assert list(AuditEvent.objects.filter(seq__gt=before).values_list("purpose", flat=True)) == [
        "one",
        "two",
    ]
    assert audit.verify().first_broken_seq is None


def audit_pending() -> list[AuditEvent]:
    return list(connection.audit_pending.events)  # type: ignore[attr-defined]


def test_a_rolled_back_savepoint_drops_only_its_own_events(world: World) -> None:
    before = AuditEvent.objects.count()
    with transaction.atomic():
        _record("kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            _record("dropped")
            raise RuntimeError("the page broke")
        _record("also kept")
    purposes = list(AuditEvent.objects.filter(seq__gt=before).values_list("purpose", flat=True))
    assert purposes == ["kept", "also kept"]
    assert audit.verify().first_broken_seq is None


def test_a_rolled_back_transaction_leaves_no_event(world: World) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        _record("gone")
        raise RuntimeError("the page broke")
    assert AuditEvent.objects.count() == before and audit_pending() == []


def test_reads_still_waiting_count_towards_the_record_view_alert(world: World) -> None:
    """61 distinct records read in one transaction raise the alert before any is inserted."""
    who = _who(world)
    with time_machine.travel(START, tick=False), transaction.atomic():
        for i in range(61):
            audit.record(who, action="read", outcome="allowed", person_ref=f"p{i:03d}")
    alerts = list(AccessAlert.objects.all())
    assert [a.distinct_records for a in alerts] == [61]


@on_postgres
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_the_chain_lock_is_free_while_a_transaction_builds_its_page() -> None:
    """Before issue 16 the advisory lock was taken at the first event and held to the end."""
    recorded, release = threading.Event(), threading.Event()
    seen: list[bool] = []

    def page() -> None:
        try:
            with transaction.atomic():
                _record("a long page")
                recorded.set()
                release.wait(10)  # the page is still being built
        finally:
            connections.close_all()

    worker = threading.Thread(target=page)
    worker.start()
    assert recorded.wait(10)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [audit.PG_AUDIT_LOCK])
        seen.append(bool(cursor.fetchone()[0]))
    release.set()
    worker.join()
    assert seen == [True]
    assert AuditEvent.objects.filter(purpose="a long page").count() == 1


def test_a_failed_insert_fails_the_commit_and_keeps_nothing(world: World) -> None:
    before = AuditEvent.objects.count()
    original = pending._flusher[0]

    def broken(conn: object, events: list[AuditEvent]) -> None:
        raise ValueError("disk full")

    pending.set_flusher(broken)
    try:
        with pytest.raises(DatabaseError, match="disk full"), transaction.atomic():
            _record("never")
    finally:
        pending.set_flusher(original)
    assert AuditEvent.objects.count() == before and audit_pending() == []
    _record("after")  # the connection is still usable and the chain intact
    assert AuditEvent.objects.count() == before + 1
    assert audit.verify().first_broken_seq is None


def test_in_memory_test_databases_stay_in_memory_under_xdist() -> None:
    # pytest-django names a worker's test database from TEST.NAME unless it knows the
    # engine is SQLite; with the audited engine that was a file, "test_:memory:_gw0",
    # shared by live-server threads and closed under them (tests/settings.py).
    for alias in ("default", "keys"):
        conn = connections[alias]
        if conn.vendor == "sqlite":
            assert conn.creation.is_in_memory_db(conn.settings_dict["NAME"]), (
                alias,
                conn.settings_dict["NAME"],
            )


def test_a_commit_counts_one_wait_and_one_hold_of_the_lock(world: World) -> None:
    pending.STATS.reset()
    with transaction.atomic():
        _record("one")
        _record("two")
    assert pending.STATS.flushes == 1
    assert (pending.STATS.wait.count, pending.STATS.hold.count) == (1, 1)
    summary = pending.STATS.summary()
    assert summary["hold"]["max_s"] >= summary["hold"]["p50_s"] > 0  # type: ignore[index]


def test_the_lock_figures_stay_bounded_in_a_long_lived_worker() -> None:
    """They were lists that grew by two floats a request for the life of the worker."""
    samples = pending.Samples(size=1000)
    for i in range(100_000):
        samples.add(i / 100_000)
    assert len(samples.kept) == 1000 and samples.count == 100_000
    assert samples.max == 0.99999
    assert abs(samples.quantile(0.5) - 0.5) < 0.05
    assert abs(samples.quantile(0.99) - 0.99) < 0.01
    assert pending.Samples().quantile(0.5) == 0.0
