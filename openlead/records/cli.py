"""The records commands: `openlead import justice|comparison|rotate-keys` and
`openlead link-program`.

Django-backed modules are imported inside the commands, after `django_setup.setup()`:
models need the app registry, and `openlead --help` imports this module without Django.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from openlead import django_setup

if TYPE_CHECKING:
    from openlead.records.importer import Outcome

MAX_PRINTED_ERRORS = 20
AUTO_WORKERS_ROWS = 50_000  # below this, forking costs more than it saves


@click.group("import")
def import_group() -> None:
    """Import extracts from partner systems (justice records)."""


@import_group.command("justice")
@click.option("--source", required=True, help="Name of the source system, e.g. spd-rms.")
@click.option(
    "--mapping",
    "mapping_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Mapping TOML: columns and codes of this extract.",
)
@click.option("--program", "program_slug", default="", help="Program these records belong to.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Where to write the CSV report of rejected rows (default: beside the file).",
)
@click.option(
    "--chunk",
    default=5000,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Rows committed together.",
)
@click.option(
    "--workers",
    default=-1,
    type=click.IntRange(-1, 16),
    help="Processes that parse and encrypt while one writes (default: 2 for large files).",
)
@click.option(
    "--no-cluster",
    is_flag=True,
    help="Skip clustering the source's records of one person (dedupe) after the import.",
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def justice(
    source: str,
    mapping_path: Path,
    program_slug: str,
    report_path: Path | None,
    chunk: int,
    workers: int,
    no_cluster: bool,
    file: Path,
) -> None:
    """Import a justice-records CSV extract (idempotent; a killed run resumes)."""
    from openlead.records.mapping import MappingError, load_mapping

    source = source.strip()
    if not source or len(source) > 80:
        raise django_setup.UsageError("--source: give a short name (1-80 characters)")
    try:
        mapping = load_mapping(mapping_path)
    except MappingError as exc:
        raise django_setup.UsageError(str(exc)) from None
    django_setup.setup()
    _run(source, mapping, program_slug, report_path, (chunk, workers), file, not no_cluster)


def _program_id(slug: str) -> int | None:
    from openlead.programs.models import Program

    if not slug:
        return None
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        raise django_setup.UsageError(f"--program: no program with the slug {slug!r}")
    return int(program.pk)


def _run(
    source: str,
    mapping: object,
    slug: str,
    report_path: Path | None,
    sizes: tuple[int, int],
    file: Path,
    cluster: bool = True,
) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from openlead.access.acting import Actor
    from openlead.records.importer import UnreadableFile, file_facts, import_file
    from openlead.records.mapping import Mapping, MappingError

    assert isinstance(mapping, Mapping)
    program_id = _program_id(slug)
    acting = Actor.system(f"cli:{getpass.getuser()}", program_id)
    console = Console(stderr=True)
    try:
        total = file_facts(file).rows
        chunk, workers = sizes
        if workers < 0:
            workers = 2 if total >= AUTO_WORKERS_ROWS and (os.cpu_count() or 1) > 1 else 0
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"importing {file.name}", total=total)
            outcome = import_file(
                file,
                mapping,
                source=source,
                acting=acting,
                program_id=program_id,
                report_path=report_path,
                progress=lambda done: bar.update(task, completed=done),
                chunk_rows=chunk,
                workers=workers,
            )
    except (MappingError, UnreadableFile) as exc:
        raise django_setup.UsageError(str(exc)) from None
    # Nothing new stored (the file was imported before): the clusters are as they were.
    if cluster and outcome.batch is not None and outcome.batch.rows_imported:
        _cluster(source, acting)
    _say_outcome(file, outcome)


def _cluster(source: str, acting: object) -> None:
    """One justice person per person of the source (records.clustering)."""
    from openlead.access.acting import Actor
    from openlead.records.clustering import cluster_source

    assert isinstance(acting, Actor)
    counts = cluster_source(source, acting=acting)
    click.echo(f"clustered: {source}: {counts.line()}")


def _say_outcome(file: Path, outcome: Outcome) -> None:
    """Print the rejected rows and the summary; exit 2 while any row of the file is rejected."""
    for error in outcome.errors[:MAX_PRINTED_ERRORS]:
        click.echo(f"{file}: row {error.row}, column {error.column}: {error.reason}", err=True)
    if len(outcome.errors) > MAX_PRINTED_ERRORS:
        click.echo(f"... and {len(outcome.errors) - MAX_PRINTED_ERRORS} more", err=True)
    batch = outcome.batch or outcome.already_done
    assert batch is not None
    status = "ok" if not batch.errors else "partial"
    if outcome.already_done is not None:
        click.echo(
            f"{status}: {file} was already imported (batch {batch.public_id}, {batch.status}); "
            "nothing changed"
        )
    else:
        click.echo(
            f"{status}: batch {batch.public_id}: "
            f"{batch.rows_seen} rows, {batch.rows_imported} imported, "
            f"{batch.rows_skipped_existing} already present, {batch.errors} rejected"
            + (f" (report: {outcome.report_path})" if outcome.report_path else "")
        )
    if batch.errors:
        # The good rows stay committed; a corrected file imports only the rows that were
        # rejected (the rest are already present) and then exits 0.
        rows = "row was" if batch.errors == 1 else "rows were"
        raise django_setup.UsageError(
            f"{file}: {batch.errors} {rows} rejected, listed in {outcome.report_path}; "
            "the other rows are imported"
        )


@import_group.command("comparison")
@click.option("--program", "program_slug", required=True, help="Program the pool belongs to.")
@click.option(
    "--pool", required=True, help="Name of the comparison pool, e.g. 2025-north-precinct."
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def comparison(program_slug: str, pool: str, file: Path) -> None:
    """Import a comparison-pool CSV for the evaluation (idempotent per program, pool and id)."""
    from openlead.records.comparison import check_pool_name

    try:
        pool = check_pool_name(pool)
    except ValueError as exc:
        raise django_setup.UsageError(str(exc)) from None
    django_setup.setup()
    _import_comparison(program_slug, pool, file)


MAX_PRINTED_PROBLEMS = 20


def _import_comparison(program_slug: str, pool: str, path: Path) -> None:
    """Read, store, report (Django is set up)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from openlead.access.acting import Actor
    from openlead.programs.models import Program
    from openlead.records.actions import do_import_comparison
    from openlead.records.comparison import UnreadableComparisonFile, read_comparison_file

    program = Program.objects.filter(slug=program_slug).first()
    if program is None:
        raise django_setup.UsageError(f"--program: no program with the slug {program_slug!r}")
    try:
        checked = read_comparison_file(path)
    except UnreadableComparisonFile as exc:
        raise django_setup.UsageError(str(exc)) from None
    acting = Actor.system(f"cli:{getpass.getuser()}", program.pk)
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn())
    with Progress(
        *columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task(f"importing {path.name}", total=len(checked.rows))
        counts = do_import_comparison(
            program,
            pool,
            checked.rows,
            rows_seen=checked.rows_seen,
            rejected=len({p.row for p in checked.problems}),
            acting=acting,
            progress=lambda done: bar.update(task, completed=done),
        )
    for problem in checked.problems[:MAX_PRINTED_PROBLEMS]:
        click.echo(
            f"{path}: row {problem.row}, column {problem.column}: {problem.reason}", err=True
        )
    if len(checked.problems) > MAX_PRINTED_PROBLEMS:
        click.echo(f"... and {len(checked.problems) - MAX_PRINTED_PROBLEMS} more", err=True)
    summary = (
        f"pool {pool} of {program.slug}: {counts.rows} rows, {counts.imported} imported, "
        f"{counts.already_present} already present, {counts.rejected} rejected"
    )
    if checked.problems:
        first = checked.problems[0]
        raise django_setup.UsageError(
            f"{summary}; {path}: row {first.row}, column {first.column}: {first.reason} "
            "(the valid rows were imported)"
        )
    click.echo(f"ok: {summary}")


@import_group.command("rotate-keys")
def rotate_keys() -> None:
    """Re-wrap the source data keys of imported records under the current OPENLEAD_KEK."""
    django_setup.setup()
    from openlead.access.crypto import DecryptionError
    from openlead.records.keys import rotate_source_keys

    try:
        done = rotate_source_keys()
    except DecryptionError as exc:
        raise django_setup.UsageError(f"{exc}: put the old key in OPENLEAD_RETIRED_KEKS") from None
    click.echo(f"ok: {done} source key{'s' if done != 1 else ''} re-wrapped")


@click.command("link-program")
@click.option("--program", "program_slug", default="", help="Program slug (needed if several).")
@click.option("--auto-accept", default=0.95, show_default=True, type=click.FloatRange(0, 1))
@click.option("--review", default=0.5, show_default=True, type=click.FloatRange(0, 1))
@click.option(
    "--run",
    "run_id",
    default="",
    help="A linkage run started in the web app: report progress and counts into it.",
)
@click.option(
    "--retrain",
    is_flag=True,
    help="Train new models instead of reusing the program's stored ones (one per source).",
)
def link_program(
    program_slug: str, auto_accept: float, review: float, run_id: str, retrain: bool
) -> None:
    """Link a program's participants and comparison pool to imported justice records."""
    if not 0 < review <= auto_accept:
        raise django_setup.UsageError("--review must be above 0 and at most --auto-accept")
    django_setup.setup()
    if run_id:
        _run_for_web(run_id, program_slug)
        return
    from rich.console import Console
    from rich.progress import Progress

    from openlead.access.acting import Actor
    from openlead.records.linkage_runs import run_program_linkage

    program = _program(program_slug)
    acting = Actor.system(f"cli:{getpass.getuser()}", program.pk)
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("linking", total=1.0)

        def report(step: str, fraction: float) -> None:
            bar.update(task, completed=fraction, description=f"linking: {step}")

        summary = run_program_linkage(
            program,
            acting=acting,
            auto_accept=auto_accept,
            review=review,
            progress=report,
            retrain=retrain,
        )
    for line in summary.models:
        click.echo(f"model: {line}")
    for line in summary.warnings:
        click.echo(f"warning: {line}", err=True)
    click.echo(
        f"ok: {program.slug}: {summary.people} participants and {summary.comparison_people} "
        f"comparison people x {summary.records} records; "
        f"participants: {summary.participants.line()}; "
        f"comparison group: {summary.comparison.line()}; "
        f"{summary.duplicates} new duplicate candidates among the participants"
    )


def _run_for_web(run_id: str, program_slug: str) -> None:
    from openlead.background.models import ACTIVE_RUN_STATUSES
    from openlead.records.linkage_runs import execute_linkage_run
    from openlead.records.models import LinkageRun

    run = LinkageRun.objects.select_related("program").filter(public_id=run_id).first()
    if run is None:
        raise django_setup.UsageError(f"--run: no linkage run {run_id!r}")
    if program_slug and run.program.slug != program_slug:
        raise django_setup.UsageError(f"--run: run {run_id} belongs to another program")
    if run.status not in ACTIVE_RUN_STATUSES:
        raise django_setup.UsageError(f"--run: run {run_id} is {run.status} already")
    summary = execute_linkage_run(run_id, reraise=True)
    assert summary is not None
    click.echo(f"ok: run {run_id} complete: {summary.run_counts()}")


def _program(slug: str) -> Any:
    from openlead.programs.models import Program

    if slug:
        program = Program.objects.filter(slug=slug).first()
        if program is None:
            raise django_setup.UsageError(f"--program: no program with the slug {slug!r}")
        return program
    programs = list(Program.objects.order_by("slug")[:2])
    if len(programs) != 1:
        raise django_setup.UsageError("--program: name the program (slug) to link")
    return programs[0]
