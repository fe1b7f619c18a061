"""The append-only, hash-chained audit log: the chain itself (append and verify).

`openlead.access.audit.record` is the writer everyone calls: it appends here and then runs
the record-view check (`openlead.access.alerts`), which appends its own alert event here
directly, so the alert check is never re-entered and the two modules do not import each
other.


hash(n) = SHA-256(hash(n-1) || canonical JSON of event n). Appends are serialised
(an advisory lock on PostgreSQL, IMMEDIATE transactions on SQLite) so concurrent
writers cannot fork the chain, and the unique `seq` primary key would refuse a fork.

`append` only buffers the event in the caller's transaction; the main database's
backend (`openlead.access.db.pending`) chains and inserts the buffer as the transaction
commits, so the lock is held for those few statements, not for the page build (issue 16).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Required, TypedDict, Unpack

from django.db import connection, transaction
from django.utils import timezone

from openlead.access.db import pending
from openlead.access.models import AuditEvent

GENESIS = "0" * 64
PG_AUDIT_LOCK = 7_114_2011  # arbitrary constant shared by every appender


@dataclass(frozen=True)
class Who:
    actor_id: int | None
    username: str
    role: str
    program_id: int | None


ANONYMOUS = Who(None, "", "", None)


def canonical(event: AuditEvent) -> str:
    payload: dict[str, Any] = {
        "seq": event.seq,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "role": event.role,
        "program_id": event.program_id,
        "person_ref": event.person_ref,
        "field_groups": sorted(event.field_groups),
        "action": event.action,
        "purpose": event.purpose,
        "outcome": event.outcome,
        "request_id": event.request_id,
        "path": event.path,
        "detail": event.detail,
    }
    if event.client:
        # Only when set, so events written before the column existed hash as they did.
        payload["client"] = event.client
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode()).hexdigest()


def _lock_head(conn: Any) -> None:
    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_AUDIT_LOCK])


def insert_chained(conn: Any, events: list[AuditEvent]) -> float:
    """Give `events` the next sequence numbers and hashes, and insert them (under the lock).

    Called by the backend as the transaction commits (or directly, on a backend without
    that step); the lock is transaction-scoped, so it is released by that commit.
    Returns when the lock was taken, for the hold time the backend measures."""
    started = time.perf_counter()
    _lock_head(conn)
    locked_at = time.perf_counter()
    pending.STATS.wait.add(locked_at - started)
    rows = AuditEvent.objects.using(conn.alias)
    head = rows.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
    for event in events:
        event.seq, event.prev_hash = seq, prev
        event.hash = chain_hash(prev, event)
        seq, prev = seq + 1, event.hash
    rows.bulk_create(events)
    return locked_at


pending.set_flusher(insert_chained)


class EventFields(TypedDict, total=False):
    """What a caller says about one event; `action` and `outcome` are required."""

    action: Required[str]
    outcome: Required[str]
    person_ref: str
    groups: Iterable[str]
    purpose: str
    request_id: str
    path: str
    detail: dict[str, Any] | None
    client: str


def append(who: Who, **fields: Unpack[EventFields]) -> AuditEvent:
    """Add one event to the caller's transaction; it joins the chain when that commits.

    Until then its `seq` and `hash` are unset. If the insert fails, the commit fails, so
    the caller's reads and writes are not committed either (fail closed)."""
    event = AuditEvent(
        at=timezone.now(),
        actor_id=who.actor_id,
        actor_username=who.username,
        role=who.role,
        program_id=who.program_id,
        person_ref=fields.get("person_ref", ""),
        field_groups=sorted({str(g) for g in fields.get("groups", ())}),
        action=str(fields["action"]),
        purpose=fields.get("purpose", "")[:200],
        outcome=str(fields["outcome"]),
        request_id=fields.get("request_id", ""),
        path=fields.get("path", "")[:300],
        detail=fields.get("detail") or {},
        client=fields.get("client", "")[:45],
    )
    # The block makes a caller in autocommit mode commit (and so insert) on leaving it.
    with transaction.atomic():
        buffer = getattr(connection, "audit_pending", None)
        if buffer is None:  # a backend without the commit step: chain it now
            insert_chained(connection, [event])
        else:
            buffer.events.append(event)
    return event


def pending_events() -> list[AuditEvent]:
    """This transaction's events not yet in the table (the alert check counts them too)."""
    buffer = getattr(connection, "audit_pending", None)
    return list(buffer.events) if buffer is not None else []


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    first_broken_seq: int | None
    reason: str = ""


def verify(progress: Any = None) -> VerifyResult:
    """Recompute the chain; name the first sequence number that does not match."""
    prev, expected_seq, checked = GENESIS, 1, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        if event.seq != expected_seq:
            return VerifyResult(checked, expected_seq, "event missing (deleted?)")
        if event.prev_hash != prev or chain_hash(prev, event) != event.hash:
            return VerifyResult(checked, event.seq, "contents do not match the chain")
        prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
        if progress is not None:
            progress(1)
    return VerifyResult(checked, None)
