"""Independent model fits spread over forked worker processes.

A design's fits (one per outcome and window) share large read-only tables. Forked
workers inherit those tables from the parent's memory (copy-on-write), so only the small
task keys and the results cross between processes. statsmodels' fits are single-threaded
Python plus small BLAS solves, so two processes on two cores nearly halve the wall time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["default_jobs", "map_forked"]

T = TypeVar("T")
R = TypeVar("R")

MAX_DEFAULT_JOBS = 4  # more processes mostly add memory: the fits are short

_task: Callable[[Any], Any] | None = None  # set in the parent just before the fork


def default_jobs() -> int:
    """Processes to use when the user does not say: the CPUs this process may run on."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_DEFAULT_JOBS))


def _call(item: Any) -> Any:
    assert _task is not None
    return _task(item)


def map_forked(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[func(item) for item in items]`, in order, over `jobs` forked processes.

    `func` may be a closure over large frames: the workers are forked after it is set, so
    they see it without pickling. Falls back to a plain loop for one job, one item, or a
    platform without fork. The results are the same either way, up to the last bits of
    floating-point rounding: each fit is deterministic and seeds its own random numbers.
    """
    global _task
    if jobs <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    _task = func
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(items))) as pool:
            return pool.map(_call, items, chunksize=1)
    finally:
        _task = None
