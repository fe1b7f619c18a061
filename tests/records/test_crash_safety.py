"""An import killed with SIGKILL and run again ends with every row present exactly once.

Each test runs `openlead import justice` in a subprocess, kills it with SIGKILL at several
points of one file (as soon as the batch exists, after a chunk, midway, late), runs it
again after each kill so the same batch resumes, checks the database after every kill,
and finally lets a run finish. The SQLite variant always runs; the PostgreSQL variant
runs when DATABASE_URL is a postgres URL (CI's second pass), in a fresh database so the
COPY writer of openlead/records/store.py is what gets killed.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.processes import process_env
from tests.records.conftest import MAPPINGS, ROOT

N_ROWS = 6000
CHUNK = 50
OPENLEAD = shutil.which("openlead", path=str(Path(sys.executable).parent)) or "openlead"
HEADER = ["EventId", "EventType", "EventDescription", "EventDate", "OffenseLevel"]
HEADER += ["FirstName", "LastName", "DOB", "Sex", "SID"]

Query = Callable[[str], list[tuple[object, ...]]]


@dataclass
class Target:
    """A fresh, migrated pair of databases (data and keys) for the subprocesses."""

    env: dict[str, str]
    query: Query

    def one(self, sql: str) -> tuple[object, ...]:
        rows = self.query(sql)
        assert len(rows) == 1, (sql, rows)
        return rows[0]

    def scalar(self, sql: str) -> int:
        value = self.one(sql)[0]
        assert isinstance(value, int)
        return value


def _migrate(env: dict[str, str]) -> None:
    subprocess.run([OPENLEAD, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)


def _sqlite(tmp: Path) -> Target:
    env = process_env(tmp)
    _migrate(env)

    def query(sql: str) -> list[tuple[object, ...]]:
        with closing(sqlite3.connect(tmp / "data.sqlite3", timeout=10)) as conn:
            return conn.execute(sql).fetchall()

    return Target(env, query)


def _postgres_admin_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    if request.param == "sqlite":
        yield _sqlite(tmp_path)
        return
    admin = _postgres_admin_url()
    if admin is None:
        pytest.skip("DATABASE_URL is not PostgreSQL (this run tests the SQLite variant)")
    yield from _postgres(tmp_path, admin)


def _postgres(tmp: Path, admin: str) -> Iterator[Target]:
    import psycopg

    name = f"crash_{secrets.token_hex(6)}"
    names = [name, f"{name}_keys"]
    url = {n: urlsplit(admin)._replace(path=f"/{n}").geturl() for n in names}
    with psycopg.connect(admin, autocommit=True) as conn:
        for n in names:
            conn.execute(f"CREATE DATABASE {n}")  # a random name of ours, never input
    try:
        env = process_env(tmp, url[name], url[f"{name}_keys"])
        _migrate(env)
        with psycopg.connect(url[name], autocommit=True) as watcher:

            def query(sql: str) -> list[tuple[object, ...]]:
                return list(watcher.execute(sql).fetchall())

            yield Target(env, query)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for n in names:
                conn.execute(f"DROP DATABASE IF EXISTS {n} WITH (FORCE)")


def _write_extract(path: Path, bad: Callable[[int], list[str]] = lambda i: []) -> None:
    """N_ROWS fake arrests; row i (0-based) gets bad cells in the columns `bad(i)` names."""
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(N_ROWS):
            row = [f"EV{i:06d}", "ARR", "Arrest", "03/02/2025", "", "Fake", f"Person{i % 500}"]
            row += ["01/02/1980", "F", f"WA{i % 500:08d}"]
            if "EventType" in bad(i):
                row[1] = "XYZ"
            if "EventDate" in bad(i):
                row[3] = "13/45/2025"
            out.writerow(row)


def _args(extract: Path, *more: str) -> list[str]:
    mapping = str(MAPPINGS / "police_records.toml")
    head = [OPENLEAD, "import", "justice", "--source", "crash", "--mapping", mapping]
    return [*head, "--chunk", str(CHUNK), *more, str(extract)]


def _records(target: Target) -> int:
    return target.scalar("SELECT count(*) FROM records_justicerecord")


def _batches(target: Target) -> int:
    return target.scalar("SELECT count(*) FROM records_importbatch")


def _run_and_kill(target: Target, extract: Path, workers: str, records: int) -> None:
    """Start the import and SIGKILL it once the batch exists and `records` are committed."""
    proc = subprocess.Popen(
        _args(extract, "--workers", workers),
        env=target.env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if _batches(target) and _records(target) >= records:
            break
        time.sleep(0.005)
    proc.kill()
    proc.wait()


def _finish(target: Target, extract: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_args(extract), env=target.env, cwd=ROOT, capture_output=True, text=True)


def _assert_resumable(target: Target, before: int) -> tuple[int, int]:
    """The killed run left one running batch whose ledger matches the rows it committed."""
    batch = target.query("SELECT status, rows_seen, rows_imported FROM records_importbatch")
    assert len(batch) == 1, batch
    status, seen, imported = batch[0]
    assert isinstance(seen, int) and isinstance(imported, int)
    assert status == "running", f"the kill must land before the end ({seen} of {N_ROWS} rows)"
    assert seen < N_ROWS and seen % CHUNK == 0, seen
    assert _records(target) == imported >= before
    assert target.scalar("SELECT count(DISTINCT external_id) FROM records_justicerecord") == (
        imported
    )
    return seen, imported


# (kill point, records committed first, worker processes of the killed run): why
KILLS = [
    ("as soon as the batch exists", 0, "2"),  # before or during the first chunk
    ("after one more chunk", CHUNK, "0"),  # early, resumed in-process
    ("midway", N_ROWS // 2, "2"),  # parsed in worker processes
    ("late", N_ROWS * 4 // 5, "0"),  # after most rows
]


@pytest.mark.slow
def test_it_resumes_an_import_killed_again_and_again_without_loss_or_duplicates(
    target: Target, tmp_path: Path
) -> None:
    extract = tmp_path / "extract.csv"
    _write_extract(extract)
    imported = 0
    for _point, records, workers in KILLS:
        at_least = max(records, imported + 1) if records else 0  # progress past the last kill
        _run_and_kill(target, extract, workers, at_least)
        seen, imported = _assert_resumable(target, imported)
        assert seen == imported  # a clean file: every row seen is stored
        if imported:  # resumed after the last committed row: a prefix of the file
            assert target.one(
                "SELECT min(external_id), max(external_id) FROM records_justicerecord"
            ) == ("EV000000", f"EV{imported - 1:06d}")
    assert imported >= N_ROWS * 4 // 5
    done = _finish(target, extract)
    assert done.returncode == 0, done.stderr
    assert _records(target) == N_ROWS
    assert target.scalar("SELECT count(DISTINCT external_id) FROM records_justicerecord") == N_ROWS
    batch = target.query("SELECT status, rows_seen, rows_imported, errors FROM records_importbatch")
    assert batch == [("complete", N_ROWS, N_ROWS, 0)]
    creates = "SELECT count(*) FROM access_auditevent WHERE action = 'create'"
    assert target.scalar(creates) == 1
    again = _finish(target, extract)
    assert again.returncode == 0 and "already imported" in again.stdout, again.stdout
    assert (_records(target), _batches(target), target.scalar(creates)) == (N_ROWS, 1, 1)
    verify = subprocess.run(
        [OPENLEAD, "audit", "verify"], env=target.env, cwd=ROOT, capture_output=True, text=True
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def _bad(i: int) -> list[str]:
    """Every 97th row has an unknown event code, every third of those a bad date too."""
    if i % 97 != 5:
        return []
    return ["EventType", "EventDate"] if i % 291 == 5 else ["EventType"]


def _expected_errors(rows: int) -> list[tuple[object, ...]]:
    """(row number, column) of the errors among the first `rows` rows, in report order."""
    return [(i + 1, c) for i in range(rows) for c in sorted(_bad(i))]


@pytest.mark.slow
def test_it_reports_each_rejected_row_once_across_kills(target: Target, tmp_path: Path) -> None:
    extract = tmp_path / "extract.csv"
    _write_extract(extract, _bad)
    errors_sql = 'SELECT row_number, "column" FROM records_importrowerror'
    imported = 0
    for records, workers in [(CHUNK, "2"), (N_ROWS // 2, "0")]:
        _run_and_kill(target, extract, workers, max(records, imported + 1))
        seen, imported = _assert_resumable(target, imported)
        expected = _expected_errors(seen)
        assert sorted(target.query(errors_sql)) == expected
        bad_rows = len({row for row, _ in expected})
        assert target.scalar("SELECT errors FROM records_importbatch") == bad_rows
        assert imported == seen - bad_rows
    done = _finish(target, extract)
    expected = _expected_errors(N_ROWS)
    bad_rows = len({row for row, _ in expected})
    assert len(expected) > bad_rows > 0  # some rows have two bad columns
    # Rows were rejected: exit 2 with the rows on stderr; the good rows are all stored.
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{bad_rows} rows were rejected" in done.stderr
    assert f"{extract}: row 6, column EventType: unknown event code 'XYZ'" in done.stderr
    assert sorted(target.query(errors_sql)) == expected
    batch = target.query("SELECT status, rows_seen, rows_imported, errors FROM records_importbatch")
    assert batch == [("partial", N_ROWS, N_ROWS - bad_rows, bad_rows)]
    assert _records(target) == N_ROWS - bad_rows
    report = extract.with_name("extract.import-report.csv")
    with report.open() as handle:
        written = [(int(r["row"]), r["column"]) for r in csv.DictReader(handle)]
    assert written == expected
    creates = "SELECT count(*) FROM access_auditevent WHERE action = 'create'"
    assert target.scalar(creates) == 1
    again = _finish(target, extract)
    assert again.returncode == 2 and "already imported" in again.stdout, again.stdout
    assert (_records(target), _batches(target), target.scalar(creates)) == (
        N_ROWS - bad_rows,
        1,
        1,
    )
