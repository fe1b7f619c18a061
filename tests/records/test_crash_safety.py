"""An import killed with SIGKILL and run again ends with every row present exactly once."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.records.conftest import MAPPINGS, ROOT

N_ROWS = 6000


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENLEAD_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="openlead.settings",
        OPENLEAD_SECRET_KEY="crash-test-secret-key-0123456789abcdef",
        OPENLEAD_KEK="c1:" + "Q1JBU0hDUkFTSENSQVNIQ1JBU0hDUkFTSENSQVNIQ1I=",
        OPENLEAD_BLIND_INDEX_KEY="b:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=",
        OPENLEAD_DATA_DIR=str(tmp),
        DATABASE_URL=f"sqlite:///{tmp / 'data.sqlite3'}",
        OPENLEAD_KEYS_DATABASE_URL=f"sqlite:///{tmp / 'keys.sqlite3'}",
    )
    return env


def _write_extract(path: Path) -> None:
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "EventId",
                "EventType",
                "EventDescription",
                "EventDate",
                "OffenseLevel",
                "FirstName",
                "LastName",
                "DOB",
                "Sex",
                "SID",
            ]
        )
        for i in range(N_ROWS):
            out.writerow(
                [
                    f"EV{i:06d}",
                    "ARR",
                    "Arrest",
                    "03/02/2025",
                    "",
                    "Fake",
                    f"Person{i % 500}",
                    "01/02/1980",
                    "F",
                    f"WA{i % 500:08d}",
                ]
            )


def _count(tmp: Path, sql: str) -> list[tuple[object, ...]]:
    try:
        with sqlite3.connect(tmp / "data.sqlite3", timeout=5) as conn:
            return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # tables not there yet
        return [(0,)]


@pytest.mark.slow
def test_it_resumes_an_import_killed_midway_without_loss_or_duplicates(tmp_path: Path) -> None:
    openlead = shutil.which("openlead", path=str(Path(sys.executable).parent))
    assert openlead
    env = _env(tmp_path)
    subprocess.run([openlead, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    extract = tmp_path / "extract.csv"
    _write_extract(extract)
    args = [
        openlead,
        "import",
        "justice",
        "--source",
        "crash",
        "--mapping",
        str(MAPPINGS / "police_records.toml"),
        "--chunk",
        "50",
        str(extract),
    ]
    # The killed run parses in two worker processes; the rerun parses in-process.
    proc = subprocess.Popen(
        [*args, "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    count = "SELECT count(*) FROM records_justicerecord"
    while (
        _count(tmp_path, count)[0][0] < 500 and time.monotonic() < deadline and proc.poll() is None
    ):  # type: ignore[operator]
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(tmp_path, count)[0][0]
    assert 0 < partial < N_ROWS, f"the kill must land midway (imported {partial} of {N_ROWS})"  # type: ignore[operator]
    assert _count(tmp_path, "SELECT status FROM records_importbatch") == [("running",)]
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _count(tmp_path, count) == [(N_ROWS,)]
    assert _count(tmp_path, "SELECT count(DISTINCT external_id) FROM records_justicerecord") == [
        (N_ROWS,)
    ]
    batch = _count(
        tmp_path, "SELECT status, rows_seen, rows_imported, errors FROM records_importbatch"
    )
    assert batch == [("complete", N_ROWS, N_ROWS, 0)]
    creates = "SELECT count(*) FROM access_auditevent WHERE action = 'create'"
    assert _count(tmp_path, creates) == [(1,)]
    again = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0 and "already imported" in again.stdout
    assert _count(tmp_path, count) == [(N_ROWS,)]
    assert _count(tmp_path, creates) == [(1,)]
