"""Audit events wait in their transaction and join the chain as it commits.

Why (issue 16): the chain is one sequence, so appends must be serialised. The lock used
to be taken at the first audited read and, being transaction-scoped, held until the
transaction ended, which on a list page was the whole page build: every audited request
in the installation queued behind the one in front for tens of milliseconds. Now an
event is only *buffered* when recorded; the database wrapper's commit takes the lock,
reads the head, inserts the buffered events with consecutive sequence numbers and
commits, so the lock is held for those few statements only.

What the suite already asserts still holds:
- the events are inserted in the same transaction as the reads they describe, just
  before it commits; if their insert fails the commit fails and the caller sees the error
  (fail closed), and nothing the transaction read or wrote is committed;
- a savepoint rolled back drops the events recorded inside it, as the rolled-back insert
  used to; a full rollback drops them all;
- appends stay serialised (the advisory lock on PostgreSQL; IMMEDIATE transactions on
  SQLite), so the chain cannot fork, and `verify` names the exact broken seq.

Under Django's TestCase the outermost transaction never commits; the buffer is flushed
when the outermost block *below the test's own* releases its savepoint, the point at
which a real transaction would commit.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError

# Chains and inserts the events; returns when it got the lock (None: not measured).
Flusher = Callable[[Any, list[Any]], float | None]


@dataclass
class Pending:
    """One connection's buffered events and the buffer length at each open savepoint."""

    events: list[Any] = field(default_factory=list)
    marks: dict[str, int] = field(default_factory=dict)


class Samples:
    """Durations in seconds, in bounded memory for a worker that lives for weeks: the
    count, total and maximum of all of them, and a fixed-size uniform sample of them
    (reservoir sampling, Vitter's algorithm R) for the median and the p99."""

    def __init__(self, size: int = 4096, seed: int = 16) -> None:
        self.size, self.count, self.total, self.max = size, 0, 0.0, 0.0
        self.kept: list[float] = []
        self._random = random.Random(seed)

    def add(self, seconds: float) -> None:
        self.count += 1
        self.total += seconds
        self.max = max(self.max, seconds)
        if len(self.kept) < self.size:
            self.kept.append(seconds)
            return
        slot = self._random.randrange(self.count)
        if slot < self.size:
            self.kept[slot] = seconds

    def quantile(self, q: float) -> float:
        """The q-quantile (0.5: the median) of the sample; 0.0 before any value."""
        if not self.kept:
            return 0.0
        ordered = sorted(self.kept)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> dict[str, float]:
        return {
            "count": self.count,
            "mean_s": self.total / self.count if self.count else 0.0,
            "p50_s": self.quantile(0.5),
            "p99_s": self.quantile(0.99),
            "max_s": self.max,
        }


@dataclass
class LockStats:
    """The chain lock's waits and holds in this process, for the scale benchmark
    (benchmarks/scale/gunicorn_conf.py writes them out as a worker exits)."""

    flushes: int = 0
    wait: Samples = field(default_factory=Samples)
    hold: Samples = field(default_factory=Samples)

    def reset(self) -> None:
        self.flushes, self.wait, self.hold = 0, Samples(), Samples()

    def summary(self) -> dict[str, object]:
        return {"flushes": self.flushes, "wait": self.wait.summary(), "hold": self.hold.summary()}


STATS = LockStats()
_flusher: list[Flusher] = []


def set_flusher(flusher: Flusher) -> None:
    """`openlead.access.chain` registers the function that chains and inserts the events."""
    _flusher[:] = [flusher]


class AuditCommitMixin:
    """Mixed into a Django DatabaseWrapper: buffered audit events join the chain on commit."""

    atomic_blocks: list[Any]

    @property
    def audit_pending(self) -> Pending:
        pending: Pending | None = self.__dict__.get("_audit_pending")
        if pending is None:
            pending = self.__dict__["_audit_pending"] = Pending()
        return pending

    def audit_flush(self) -> float | None:
        """Chain and insert the buffered events now (the lock is taken inside).

        Returns when the lock was taken (None if there was nothing to write), so the
        commit can report how long it was held."""
        events = self.audit_pending.events
        if not events or not _flusher:
            return None
        batch, self.audit_pending.events = list(events), []
        started = time.perf_counter()
        try:
            locked_at = _flusher[0](self, batch)
        except DatabaseError:
            raise
        except Exception as exc:  # noqa: BLE001  (Atomic rolls back only on DatabaseError)
            raise DatabaseError(f"audit events could not be written: {exc}") from exc
        STATS.flushes += 1
        return started if locked_at is None else locked_at

    def _commit(self) -> None:
        locked_at = self.audit_flush()
        super()._commit()  # type: ignore[misc]
        if locked_at is not None:  # the advisory lock is released by this commit
            STATS.hold.add(time.perf_counter() - locked_at)

    def _rollback(self) -> None:
        self.audit_pending.events.clear()
        self.audit_pending.marks.clear()
        super()._rollback()  # type: ignore[misc]

    def _savepoint(self, sid: str) -> None:
        super()._savepoint(sid)  # type: ignore[misc]
        self.audit_pending.marks[sid] = len(self.audit_pending.events)

    def _savepoint_rollback(self, sid: str) -> None:
        super()._savepoint_rollback(sid)  # type: ignore[misc]
        mark = self.audit_pending.marks.get(sid)
        if mark is not None:
            del self.audit_pending.events[mark:]

    def _savepoint_commit(self, sid: str) -> None:
        if all(getattr(block, "_from_testcase", False) for block in self.atomic_blocks):
            locked_at = self.audit_flush()  # the test's transaction stands in for a commit
            if locked_at is not None:
                STATS.hold.add(time.perf_counter() - locked_at)
        super()._savepoint_commit(sid)  # type: ignore[misc]
        self.audit_pending.marks.pop(sid, None)

    def close(self) -> None:
        self.audit_pending.events.clear()
        self.audit_pending.marks.clear()
        super().close()  # type: ignore[misc]
