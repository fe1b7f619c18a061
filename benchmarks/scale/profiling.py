"""cProfile inside one request in fifty (BENCH_PROFILE=1): where a page's time goes.

The profiles land in BENCH_STATS_DIR as profile-<pid>-<n>.prof, with the request's query
count and SQL time beside them (profile-<pid>-<n>.txt)."""

from __future__ import annotations

import cProfile
import itertools
import os
import time
from collections.abc import Callable
from pathlib import Path

from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.test.utils import CaptureQueriesContext

_counter = itertools.count()


class ProfileMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        n = next(_counter)
        if n % 50 != 49:
            return self.get_response(request)
        out = Path(os.environ["BENCH_STATS_DIR"]) / f"profile-{os.getpid()}-{n}"
        profile = cProfile.Profile()
        started = time.perf_counter()
        # Both databases: the key store's queries are part of the page's cost.
        with (
            CaptureQueriesContext(connections["default"]) as main,
            CaptureQueriesContext(connections["keys"]) as keys,
        ):
            response = profile.runcall(self.get_response, request)
        elapsed = time.perf_counter() - started
        profile.dump_stats(f"{out}.prof")
        captured = [("main", q) for q in main.captured_queries]
        captured += [("keys", q) for q in keys.captured_queries]
        sql = sum(float(q["time"]) for _, q in captured)
        lines = [
            f"{request.path} {elapsed * 1000:.1f} ms, {len(captured)} queries, sql {sql * 1000:.1f} ms"
        ]
        lines += [f"{db} {q['time']} {q['sql'][:300]}" for db, q in captured]
        Path(f"{out}.txt").write_text("\n".join(lines) + "\n")
        return response
