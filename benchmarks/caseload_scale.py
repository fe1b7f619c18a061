"""Caseload benchmark at statewide scale (issue 16): PostgreSQL, gunicorn, logged-in clients.

Run: .venv/bin/python benchmarks/caseload_scale.py [--people 100000] [--contacts 5000000]
     [--seconds 60] [--clients 8,16] [--audit before,after] [--fresh] [--defer-indexes [COLUMN]]
     [--database-url postgres://postgres@127.0.0.1:5432/openlead_scale]   (or `make bench-scale`)

1. Builds the world once (benchmarks/scale/world.py, the builder the suite also runs):
   100,000 participants with their own data keys and 5,000,000 encrypted contacts, by
   COPY, and prints the load rate per million contacts. Later runs reuse it (--fresh
   rebuilds it; the key store is `<database>_keys`).
2. For each audit backend (before: Django's stock backend, the chain lock held from the
   first audited read to the commit; after: the commit step of openlead.access.db.pending)
   and each client count, serves with a fresh gunicorn (2 sync workers, persistent
   database connections, DEBUG off) and drives each page for --seconds: the anchor (a
   bare Django view, 50 rows of a 100,000-row plain table), the caseload of a case
   manager with 25 participants, and one participant's casework page. Each client is
   another case manager.
3. Prints req/s, p50/p95/p99, the ratio to the same-run anchor, the time in the worker
   (gunicorn's log) p50/p99, the CPU in use, the load average before and after, the
   audit lock's waits and holds, and the issue's targets met or missed. Everything is
   also written to var/bench/caseload-scale/<time>/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ("anchor", "caseload", "casework")
FAKE_ENV = {
    "OPENLEAD_SECRET_KEY": "scale-benchmark-secret-key-0123456789abcdef",  # fake
    "OPENLEAD_KEK": "scale1:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=",
    "OPENLEAD_BLIND_INDEX_KEY": "sbidx:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=",
    # Plain HTTP on loopback (no TLS proxy in front): no HTTPS redirect, no __Host- cookies.
    "OPENLEAD_SECURE_COOKIES": "0",
    "DJANGO_SETTINGS_MODULE": "benchmarks.scale.settings",
}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=5_000_000)
    parser.add_argument("--caseload", type=int, default=25)
    parser.add_argument("--batch-people", type=int, default=2_000)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", default="8,16")
    parser.add_argument("--audit", default="before,after")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--port", type=int, default=8240)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/openlead_scale"
    )
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the world")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument(
        "--defer-indexes",
        nargs="?",
        const="all",
        metavar="COLUMN",
        help="drop the contact table's indexes for the load and build them after it "
        "(with a column name, only that column's: --defer-indexes public_id)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one request in 50 (BENCH_PROFILE=1)"
    )
    return parser.parse_args()


def _databases(url: str, fresh: bool) -> dict[str, str]:
    """The main and key-store databases on this machine's PostgreSQL, created if absent."""
    import psycopg

    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"} or parts.hostname not in {
        "127.0.0.1",
        "localhost",
    }:
        sys.exit("the scale benchmark needs PostgreSQL on loopback: --database-url postgres://...")
    name = parts.path.lstrip("/")
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        for db in (name, f"{name}_keys"):
            if fresh:
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone():
                conn.execute(f'CREATE DATABASE "{db}"')
    return {
        "DATABASE_URL": f"{server}/{name}",
        "OPENLEAD_KEYS_DATABASE_URL": f"{server}/{name}_keys",
    }


def _setup(args: argparse.Namespace) -> dict[str, str]:
    env = {**FAKE_ENV, **_databases(args.database_url, args.fresh)}
    env["OPENLEAD_DATA_DIR"] = str(ROOT / "var" / "bench" / "scale-data")
    if args.profile:
        env["BENCH_PROFILE"] = "1"
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from openlead.django_setup import migrate

    migrate()
    call_command("collectstatic", interactive=False, verbosity=0)
    return {**os.environ, **env}


def _progress_bar(total_people: int, total_contacts: int) -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    people = bar.add_task("people", total=total_people)
    contacts = bar.add_task("contacts", total=total_contacts)

    def advance(people_done: int, contacts_done: int) -> None:
        bar.update(people, completed=people_done)
        bar.update(contacts, completed=contacts_done)

    return bar, advance


def _world(args: argparse.Namespace, clients: int) -> Any:
    from benchmarks.scale import world

    found = world.existing(caseloads=clients)
    wanted = {"people": args.people, "contacts": args.contacts}
    if found is not None:
        if found.rows != wanted:
            sys.exit(f"the database holds a world of {found.rows}; run with --fresh to rebuild")
        print(
            f"reusing the world: {found.rows['people']:,} people, {found.rows['contacts']:,} contacts"
        )
        return found
    scale = world.Scale(
        people=args.people,
        contacts=args.contacts,
        caseload=args.caseload,
        batch_people=args.batch_people,
        report_every=max(args.batch_people, min(1_000_000, args.contacts // 5 or 1)),
    )
    print(f"building: {args.people:,} people, {args.contacts:,} contacts; {_uptime()}")
    bar, advance = _progress_bar(args.people, args.contacts)
    with bar:
        built = world.build(scale, progress=advance, defer_indexes=args.defer_indexes)
    _print_build(built, args.defer_indexes)
    return built


def _print_build(built: Any, deferred: str | None) -> None:
    print(f"built in {built.seconds:.1f} s: {built.rows}; {_uptime()}")
    print(
        "contacts loaded  | seconds | rows/s | Python (keys, encryption) s | COPY s | WAL MB | load"
    )
    for i in built.intervals:
        span = f"{i.first / 1e6:.2f}M-{i.last / 1e6:.2f}M"
        print(
            f"{span:16s} | {i.seconds:7.1f} | {i.rate:6.0f} | {i.prep_s:27.1f} | {i.db_s:6.1f} | {i.wal_mb:6.0f} | {i.load:.2f}"
        )
    if deferred:
        for name, seconds in built.index_rebuild_s.items():
            print(f"index rebuilt after the load: {name} {seconds:.1f} s")
    _print_index_sizes()


def _print_index_sizes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
            "WHERE indrelid = 'casework_contact'::regclass ORDER BY 2 DESC"
        )
        sizes = cursor.fetchall()
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()
    listed = ", ".join(f"{name} {size / 2**20:.0f} MB" for name, size in sizes)
    print(f"contact indexes: {listed}; shared_buffers {buffers[0] if buffers else '?'}")


def _uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def _clients(built: Any, page: str, count: int) -> list[Any]:
    from benchmarks.scale.drive import Client
    from benchmarks.scale.sessions import login_cookies
    from openlead.access.models import User

    if page == "anchor":
        return [Client("/bench/anchor/") for _ in range(count)]
    out = []
    for caseload in built.caseloads[:count]:
        cookies = login_cookies(User.objects.get(pk=caseload.manager_id))
        path = "/casework/" if page == "caseload" else f"/people/{caseload.people[0]}/casework/"
        out.append(Client(path, cookies))
    return out


def main() -> None:
    args = _arguments()
    counts = [int(c) for c in args.clients.split(",")]
    env = _setup(args)
    from benchmarks.scale import report
    from benchmarks.scale.anchor import ensure_table
    from benchmarks.scale.drive import Phase, run_phase

    built = _world(args, max(counts))
    if args.build_only:
        return
    print(f"anchor table: {ensure_table():,} rows")
    out = ROOT / "var" / "bench" / "caseload-scale" / time.strftime("%Y%m%dT%H%M%S")
    phases = []
    for audit in args.audit.split(","):
        for count in counts:
            for page in args.pages.split(","):
                phase = Phase(page, audit, count, args.seconds)
                workdir = out / f"{audit}-{count}-{page}"
                run_phase(
                    phase, _clients(built, page, count), port=args.port, workdir=workdir, env=env
                )
                phases.append(phase)
                print(report.phase_line(phase, phases))
    print(report.tables(phases))
    summary = [
        {k: v for k, v in asdict(p).items() if k not in ("latencies", "worker_ms")}
        | report.figures(p, phases)
        for p in phases
    ]
    (out / "results.json").write_text(json.dumps(summary, indent=1))
    print(f"results: {out / 'results.json'}")


if __name__ == "__main__":
    main()
