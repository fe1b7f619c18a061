"""The reports commands: `openlead evaluate-extract` and `openlead evaluate-program --run`.

Django-backed modules are imported inside the commands, after `django_setup.setup()`:
models need the app registry, and `openlead --help` imports this module without Django
(or pandas, which the evaluation worker pulls in).
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from openlead import django_setup


@click.command("evaluate-extract")
@click.option("--program", "program_slug", required=True, help="Program slug.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory for people.csv, events.csv and README.txt (made if missing).",
)
def evaluate_extract(program_slug: str, out: Path) -> None:
    """Write a program's de-identified evaluation extract (input of `openlead evaluate run`)."""
    django_setup.setup()
    from openlead.access.acting import Actor
    from openlead.programs.models import Program
    from openlead.reports.extract import SMALL_CELL, write_extract

    program = Program.objects.filter(slug=program_slug).first()
    if program is None:
        raise django_setup.UsageError(f"--program: no program with the slug {program_slug!r}")
    django_setup.fresh_out_dir(out, ("people.csv", "events.csv"), "an extract")
    acting = Actor.system(f"cli:{getpass.getuser()}", program.pk)
    counts = write_extract(program, out, acting=acting)
    click.echo(
        f"ok: {out}: {counts.participants} participants, {counts.comparison} comparison "
        f"people, {counts.events} events (row-level: suppress cells under {SMALL_CELL} "
        "in anything published)"
    )


@click.command("evaluate-program")
@click.option(
    "--run",
    "run_id",
    required=True,
    help="An evaluation run started in the web app: do its work and report into it.",
)
def evaluate_program(run_id: str) -> None:
    """Do the work of an evaluation run started in the web app (extract, designs, report)."""
    django_setup.setup()
    from openlead.background.models import ACTIVE_RUN_STATUSES
    from openlead.evaluation.parallel import default_jobs
    from openlead.reports.evaluation_worker import execute_evaluation_run
    from openlead.reports.models import EvaluationRun

    run = EvaluationRun.objects.filter(public_id=run_id).first()
    if run is None:
        raise django_setup.UsageError(f"--run: no evaluation run {run_id!r}")
    if run.status not in ACTIVE_RUN_STATUSES:
        raise django_setup.UsageError(f"--run: run {run_id} is {run.status} already")
    if execute_evaluation_run(run_id, jobs=default_jobs(), reraise=True):
        click.echo(f"ok: run {run_id} complete: {run.out}")
        return
    run.refresh_from_db()
    raise django_setup.UsageError(f"run {run_id} stopped: {run.reason}")
