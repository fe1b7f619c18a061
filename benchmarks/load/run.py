"""`make load`: the demo on PostgreSQL, `openlead serve` (gunicorn) on loopback, locust
with 30 users for 3 minutes, then p95, p99, errors and the load average in one line.

Bounded and local: it refuses a DATABASE_URL that is not PostgreSQL on this machine and
serves only on 127.0.0.1. Demo mode (fake people, the published demo TOTP secret).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
USERS, SPAWN_RATE, DURATION = 30, 5, "3m"


def _check_database() -> None:
    for name in ("DATABASE_URL", "OPENLEAD_KEYS_DATABASE_URL"):
        url = urlsplit(os.environ.get(name, ""))
        if url.scheme not in {"postgres", "postgresql"} or url.hostname not in {
            "127.0.0.1",
            "localhost",
        }:
            sys.exit(f"make load needs {name}=postgres://...@127.0.0.1/... (loopback PostgreSQL)")


def _openlead(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "openlead", *args], cwd=ROOT)  # noqa: S603


def _wait(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310  (loopback)
            return
        except OSError:
            time.sleep(1)
    sys.exit(f"{url} did not answer in {seconds} s")


def _summary(prefix: Path) -> str:
    with open(f"{prefix}_stats.csv", newline="") as handle:
        total = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    load = os.getloadavg()
    return (
        f"load test: {USERS} users, {DURATION}, {total['Request Count']} requests, "
        f"{total['Failure Count']} errors, p50 {total['50%']} ms, p95 {total['95%']} ms, "
        f"p99 {total['99%']} ms; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        f"on {os.cpu_count()} CPUs"
    )


def main() -> None:
    _check_database()
    os.environ.setdefault("OPENLEAD_DEMO", "1")
    port = os.environ.get("LOAD_PORT", "8105")
    workers = os.environ.get("LOAD_WORKERS", "3")
    if _openlead("demo", "--if-empty").wait() != 0:
        sys.exit("openlead demo failed")
    server = _openlead("serve", "--bind", f"127.0.0.1:{port}", "--workers", workers)
    try:
        _wait(f"http://127.0.0.1:{port}/healthz")
        out = ROOT / "var" / "load"
        out.mkdir(parents=True, exist_ok=True)
        prefix = out / time.strftime("run-%Y%m%dT%H%M%S")
        print(f"before: load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        locust = [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(Path(__file__).parent / "locustfile.py"),
        ]
        options = ["--headless", "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", DURATION]
        subprocess.run(  # noqa: S603
            [*locust, *options, "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix)]
            + ["--only-summary"],
            cwd=ROOT,
            check=False,
        )
        print(_summary(prefix))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
