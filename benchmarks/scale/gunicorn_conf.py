"""gunicorn for the scale benchmark: the product's worker class (sync) with 2 workers, an
access log of path, status and time in the worker (microseconds), and each worker's
audit-lock figures written out as it exits (openlead.access.db.pending.STATS)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

bind = os.environ["BENCH_BIND"]
workers = int(os.environ.get("BENCH_WORKERS", "2"))
accesslog = os.environ["BENCH_ACCESS_LOG"]
access_log_format = "%(U)s %(s)s %(D)s"
control_socket_disable = True  # as `openlead serve` (openlead/commands/web.py)
graceful_timeout = 10


def worker_exit(server: Any, worker: Any) -> None:
    from benchmarks.scale.commits import COMMITS
    from openlead.access.db import pending

    stats = pending.STATS

    def dump(samples: pending.Samples) -> dict[str, Any]:
        return {"count": samples.count, "total": samples.total, "max": samples.max,
                "kept": samples.kept}  # fmt: skip

    out = Path(os.environ["BENCH_STATS_DIR"]) / f"worker-{worker.pid}.json"
    out.write_text(json.dumps({"flushes": stats.flushes, "wait": dump(stats.wait),
                               "hold": dump(stats.hold), "commit": dump(COMMITS)}))  # fmt: skip
