"""Two writers on one row, randomly interleaved, on PostgreSQL: the harness of the race tests.

Each pair: both writers read the row first (as two people open the same page), meet at a
barrier, wait a random 0-3 ms, then decide. Two long-lived threads keep their own
database connections for the whole run and close them at the end. A pair is a silent
overwrite when both writers succeed but the stored row holds only one of them, or when the
one that succeeded is not what is stored; `Tally` counts every kind and the tests assert
the figures.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection, connections

from openlead.access.conflicts import EditConflict

PAIRS = 200
SEED = 20261201

on_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only (races)"),
    pytest.mark.django_db(transaction=True, databases="__all__"),
]


@dataclass
class Writer:
    """`read` runs before the barrier (the page load); `decide` gets what it returned."""

    read: Callable[[], Any]
    decide: Callable[[Any], Any]


@dataclass
class Result:
    kind: str  # "won", "conflict" or "error"
    value: Any = None


def _worker(
    jobs: queue.Queue[Any], results: queue.Queue[Result], conflicts: tuple[type[Exception], ...]
) -> None:
    try:
        while (job := jobs.get()) is not None:
            writer, barrier, delay = job
            try:
                seen = writer.read()
                barrier.wait(timeout=30)
                time.sleep(delay)
                results.put(Result("won", writer.decide(seen)))
            except conflicts as conflict:
                results.put(Result("conflict", conflict))
            except Exception as exc:  # noqa: BLE001  (counted and asserted by the test)
                results.put(Result("error", exc))
    finally:
        connections.close_all()


@dataclass
class Tally:
    name: str
    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def report(self) -> str:
        return f"{self.name}: {dict(sorted(self.counts.items()))}"


def run_pairs(
    name: str,
    *,
    reset: Callable[[int], None],
    writers: Callable[[int], tuple[Writer, Writer]],
    check: Callable[[int, Result, Result], str],
    pairs: int = PAIRS,
    conflicts: tuple[type[Exception], ...] = (EditConflict,),
) -> Tally:
    """`check` classifies one pair from both results and the stored row: "one won",
    "serialised" (both won, consistently) or "silent overwrite". `conflicts` are the
    exceptions that tell the loser (referrals have their own, TransitionRefused)."""
    rng = random.Random(f"{SEED}-{name}")
    jobs: list[queue.Queue[Any]] = [queue.Queue(), queue.Queue()]
    results: list[queue.Queue[Result]] = [queue.Queue(), queue.Queue()]
    threads = [
        threading.Thread(target=_worker, args=(jobs[i], results[i], conflicts), daemon=True)
        for i in (0, 1)
    ]
    for t in threads:
        t.start()
    tally = Tally(name)
    try:
        for n in range(pairs):
            reset(n)
            barrier = threading.Barrier(2)
            first, second = writers(n)
            jobs[0].put((first, barrier, rng.uniform(0, 0.003)))
            jobs[1].put((second, barrier, rng.uniform(0, 0.003)))
            a, b = results[0].get(timeout=60), results[1].get(timeout=60)
            for r in (a, b):
                if r.kind == "error":
                    tally.errors.append(f"pair {n}: {type(r.value).__name__}: {r.value}")
            tally.counts[check(n, a, b)] += 1
            tally.counts[f"conflicts:{[a.kind, b.kind].count('conflict')}"] += 1
    finally:
        for q in jobs:
            q.put(None)
        for t in threads:
            t.join(timeout=30)
    print(tally.report(), f"(seed {SEED})")  # noqa: T201  (the figures, asked for in the brief)
    return tally


def one_winner(a: Result, b: Result) -> Result | None:
    """The winner when exactly one writer won and the other got the conflict."""
    kinds = sorted([a.kind, b.kind])
    if kinds != ["conflict", "won"]:
        return None
    return a if a.kind == "won" else b
