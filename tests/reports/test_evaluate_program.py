"""`openlead evaluate-program --run`: the real detached process a web-started run launches."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from openlead.cli import main
from tests.processes import process_env
from tests.records.conftest import ROOT

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_exits_2_for_an_unknown_run() -> None:
    result = CliRunner().invoke(main, ["evaluate-program", "--run", "noSuchRun123456"])
    assert result.exit_code == 2 and "no evaluation run 'noSuchRun123456'" in result.output


SEED_AND_START = """
import django
django.setup()
from openlead.access.acting import Actor
from openlead.access.models import Membership, User
from openlead.evaluation.cli import DESIGN_NAMES
from openlead.reports.actions import check_start_evaluation_run, do_launch_evaluation_run
from openlead.programs.models import Organization, Program
from tests.reports.helpers import seed_evaluable

program = Program.objects.create(name="Eval City", slug="eval-city")
org = Organization.objects.create(name="Eval Team", kind="evaluation")
user = User.objects.create_user(username="evan", password="x-not-used-0123456789")
Membership.objects.create(user=user, program=program, organization=org, role="evaluator")
seed_evaluable(program, n_people=60)
run = check_start_evaluation_run(
    program, acting=Actor.of(user, "evaluator", program.pk), designs=list(DESIGN_NAMES)
)
do_launch_evaluation_run(run)  # the real runner: a detached `openlead evaluate-program --run`
print(run.public_id)
"""


def _rows(tmp: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(tmp / "data.sqlite3", timeout=5) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.slow
def test_it_runs_the_evaluation_in_its_own_process_and_reports_into_the_row(
    tmp_path: Path,
) -> None:
    env = process_env(tmp_path)
    python = sys.executable
    subprocess.run([python, "-m", "openlead", "migrate"], env=env, cwd=ROOT, check=True)
    started = subprocess.run(
        [python, "-c", SEED_AND_START], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert started.returncode == 0, started.stderr
    run_id = started.stdout.strip().splitlines()[-1]
    query = (
        "SELECT status, fraction, participants, comparison_people, events, output_dir, reason "
        f"FROM evaluation_runs_evaluationrun WHERE public_id = '{run_id}'"
    )
    deadline = time.monotonic() + 300
    while _rows(tmp_path, query)[0][0] in {"queued", "running"} and time.monotonic() < deadline:
        time.sleep(0.5)
    status, fraction, participants, pool, events, output_dir, reason = _rows(tmp_path, query)[0]
    assert status == "complete", reason
    assert (fraction, participants, pool) == (1.0, 30, 30) and events > 0
    out = Path(output_dir)
    assert out.parent == tmp_path / "evaluations" and (out / "report.html").is_file()
    assert not (out / "extract").exists()
    assert [p.name for p in tmp_path.rglob("*.csv") if p.parent.name != "tables"] == []
    again = subprocess.run(
        [python, "-m", "openlead", "evaluate-program", "--run", run_id],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 2 and "is complete already" in again.stderr
