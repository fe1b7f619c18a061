"""The product's audited PostgreSQL backend (openlead.access.db.postgresql), composed the
same way, with the COMMIT statement under the lock timed (benchmarks/scale/commits.py).

The timing sits below the commit step in the method order, so it measures Django's own
commit only, after the events were inserted."""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

from benchmarks.scale.commits import COMMITS
from openlead.access.db import pending


class TimedCommit(base.DatabaseWrapper):
    bench_flushes = 0

    def _commit(self) -> None:
        started = time.perf_counter()
        super()._commit()  # type: ignore[misc]
        if pending.STATS.flushes != self.bench_flushes:  # this commit released the lock
            self.bench_flushes = pending.STATS.flushes
            COMMITS.add(time.perf_counter() - started)


class DatabaseWrapper(pending.AuditCommitMixin, TimedCommit):
    pass
