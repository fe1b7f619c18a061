"""Serving and driving one phase of the scale benchmark: a fresh gunicorn, N clients for a
fixed time, then the figures from both ends (client latencies, the worker times of the
access log, the audit-lock figures the workers wrote as they exited, the CPU in use).

A fresh server per phase keeps each phase's access log and lock figures its own.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LOCK_FIGURES = ("wait", "hold", "commit")  # commit: the COMMIT statement inside a hold
WARMUP_S = 3.0  # per phase, not measured: connections, caches, the first template loads


@dataclass(frozen=True)
class Client:
    """One logged-in client: its session cookie (None for the anchor) and its page."""

    path: str
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass
class Phase:
    page: str
    audit: str
    clients: int
    seconds: float
    ok: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, as the client saw them
    worker_ms: list[float] = field(default_factory=list)  # gunicorn %(D)s
    lock: dict[str, Any] = field(default_factory=dict)
    cpu_busy: float = 0.0  # of all the machine's cores, 0..1
    load_before: float = 0.0
    load_after: float = 0.0

    @property
    def rate(self) -> float:
        return self.ok / self.seconds

    def quantile(self, q: float) -> float:
        return _quantile(self.latencies, q) * 1000

    def worker_quantile(self, q: float) -> float:
        return _quantile(self.worker_ms, q)


def _quantile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Server:
    """gunicorn with benchmarks/scale/gunicorn_conf.py, its log and figures in `workdir`."""

    def __init__(self, port: int, audit: str, workdir: Path, env: dict[str, str]) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir, self.port = workdir, port
        self.access_log = workdir / "access.log"
        self.env = {
            **env,
            "BENCH_AUDIT": audit,
            "BENCH_BIND": f"127.0.0.1:{port}",
            "BENCH_ACCESS_LOG": str(self.access_log),
            "BENCH_STATS_DIR": str(workdir),
            "PYTHONPATH": str(ROOT),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        command = [sys.executable, "-m", "gunicorn", "-c", str(HERE / "gunicorn_conf.py")]
        command.append("openlead.wsgi:application")
        errors = (self.workdir / "gunicorn.err").open("wb")
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stderr=errors)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not answer; see {self.workdir / 'gunicorn.err'}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # workers exit and write their figures
            self.process.wait(timeout=60)

    def worker_ms(self, skip: int, paths: set[str]) -> list[float]:
        """Worker times (ms) of the page's requests after the warm-up's `skip` of them."""
        times: list[tuple[str, float]] = []
        for line in self.access_log.read_text().splitlines():
            path, status, micros = line.rsplit(" ", 2)
            if path in paths:
                times.append((status, int(micros) / 1000))
        return [ms for status, ms in times[skip:] if status == "200"]

    def lock_figures(self) -> dict[str, Any]:
        """The workers' waits and holds, pooled (each worker's sample is uniform over it)."""
        merged: dict[str, Any] = {"flushes": 0}
        merged |= {name: _empty() for name in LOCK_FIGURES}
        for path in self.workdir.glob("worker-*.json"):
            one = json.loads(path.read_text())
            merged["flushes"] += one["flushes"]
            for name in LOCK_FIGURES:
                into, part = merged[name], one[name]
                into["count"] += part["count"]
                into["total"] += part["total"]
                into["max"] = max(into["max"], part["max"])
                into["kept"] += part["kept"]
        return merged


def _empty() -> dict[str, Any]:
    return {"count": 0, "total": 0.0, "max": 0.0, "kept": []}


def lock_summary(figures: dict[str, Any]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name in LOCK_FIGURES:
        part = figures.get(name) or _empty()
        out[f"{name}_n"] = part["count"]
        out[f"{name}_p50_ms"] = _quantile(part["kept"], 0.5) * 1000
        out[f"{name}_p99_ms"] = _quantile(part["kept"], 0.99) * 1000
        out[f"{name}_max_ms"] = part["max"] * 1000
        out[f"{name}_total_s"] = part["total"]
    return out


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def drive(
    base: str, clients: Sequence[Client], *, seconds: float, warmup: float
) -> tuple[int, list[float], int, int]:
    """Every client in its own thread with its own keep-alive session, as fast as the
    server answers; returns (warm-up requests, latencies, ok, errors) of the window."""
    start = time.monotonic()
    window = (start + warmup, start + warmup + seconds)
    lock = threading.Lock()
    results: dict[str, Any] = {"warm": 0, "lat": [], "ok": 0, "err": 0}

    def run(client: Client) -> None:
        session = requests.Session()
        if client.cookies:  # a header, so a cookie the server sets cannot replace it
            session.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        warm, lat, ok, err = 0, [], 0, 0
        while True:
            began = time.monotonic()
            if began >= window[1]:
                break
            try:
                response = session.get(base + client.path, allow_redirects=False, timeout=60)
                good = response.status_code == 200
            except requests.RequestException:
                good = False
            ended = time.monotonic()
            if began < window[0]:
                warm += 1
            elif ended <= window[1]:
                lat.append(ended - began)
                ok, err = ok + good, err + (not good)
        with lock:
            results["warm"] += warm
            results["lat"] += lat
            results["ok"] += ok
            results["err"] += err

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results["warm"], results["lat"], results["ok"], results["err"]


def run_phase(
    phase: Phase, clients: Sequence[Client], *, port: int, workdir: Path, env: dict[str, str]
) -> Phase:
    phase.load_before = os.getloadavg()[0]
    with Server(port, phase.audit, workdir, env) as server:
        # The CPU in use from the end of the warm-up to the end of the window.
        sampled: dict[str, tuple[int, int]] = {}
        timer = threading.Timer(WARMUP_S, lambda: sampled.setdefault("start", _cpu_times()))
        timer.start()
        warm, latencies, ok, errors = drive(
            f"http://127.0.0.1:{port}", clients, seconds=phase.seconds, warmup=WARMUP_S
        )
        busy1, total1 = _cpu_times()
        busy0, total0 = sampled.get("start", (busy1, total1))
        phase.cpu_busy = (busy1 - busy0) / max(1, total1 - total0)
        phase.latencies, phase.ok, phase.errors = latencies, ok, errors
    phase.worker_ms = server.worker_ms(warm, {c.path for c in clients})
    phase.lock = lock_summary(server.lock_figures())
    phase.load_after = os.getloadavg()[0]
    return phase
