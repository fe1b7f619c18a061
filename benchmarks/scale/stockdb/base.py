"""Django's stock PostgreSQL backend, for the "before" figures of the audit lock.

Without the commit step (openlead.access.db.pending) `chain.append` inserts each event at
once, so the transaction-scoped advisory lock is taken at the first audited read and held
until the transaction ends. This backend measures that hold the way the audited backend
measures its own (from the moment the lock is granted to the end of the transaction) into
the same `pending.STATS`; the waits are counted by `chain.insert_chained` in both cases.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.backends.postgresql import base

from benchmarks.scale.commits import COMMITS
from openlead.access.db import pending

_patched: list[bool] = []


def _time_the_lock() -> None:
    """Note when `chain._lock_head` is granted the lock (the chain imports models, so
    this waits for the first connection, after the app registry is ready)."""
    from openlead.access import chain

    if _patched:
        return
    lock_head = chain._lock_head

    def timed(conn: Any) -> None:
        lock_head(conn)
        if getattr(conn, "bench_locked_at", None) is None:  # the transaction's first lock
            conn.bench_locked_at = time.perf_counter()

    chain._lock_head = timed  # only the "before" server loads this backend
    _patched.append(True)


class DatabaseWrapper(base.DatabaseWrapper):
    bench_locked_at: float | None = None

    def connect(self) -> None:
        _time_the_lock()
        super().connect()

    def _commit(self) -> None:
        started = time.perf_counter()
        super()._commit()  # type: ignore[misc]
        if self.bench_locked_at is not None:
            COMMITS.add(time.perf_counter() - started)
        self._released()

    def _rollback(self) -> None:
        super()._rollback()  # type: ignore[misc]
        self._released()

    def _released(self) -> None:
        if self.bench_locked_at is not None:
            pending.STATS.hold.add(time.perf_counter() - self.bench_locked_at)
            pending.STATS.flushes += 1
            self.bench_locked_at = None
