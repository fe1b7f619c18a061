"""`openlead import justice`: load a justice-records extract through a mapping."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from openlead.commands import _django

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
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def justice(
    source: str,
    mapping_path: Path,
    program_slug: str,
    report_path: Path | None,
    chunk: int,
    workers: int,
    file: Path,
) -> None:
    """Import a justice-records CSV extract (idempotent; a killed run resumes)."""
    from openlead.records.mapping import MappingError, load_mapping

    source = source.strip()
    if not source or len(source) > 80:
        raise _django.UsageError("--source: give a short name (1-80 characters)")
    try:
        mapping = load_mapping(mapping_path)
    except MappingError as exc:
        raise _django.UsageError(str(exc)) from None
    _django.setup()
    _run(source, mapping, program_slug, report_path, (chunk, workers), file)


def _program_id(slug: str) -> int | None:
    from openlead.programs.models import Program

    if not slug:
        return None
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        raise _django.UsageError(f"--program: no program with the slug {slug!r}")
    return int(program.pk)


def _run(
    source: str,
    mapping: object,
    slug: str,
    report_path: Path | None,
    sizes: tuple[int, int],
    file: Path,
) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from openlead.access import audit
    from openlead.records.importer import UnreadableFile, file_facts, import_file
    from openlead.records.mapping import Mapping, MappingError

    assert isinstance(mapping, Mapping)
    program_id = _program_id(slug)
    who = audit.Who(None, f"cli:{getpass.getuser()}", "", program_id)
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
                who=who,
                program_id=program_id,
                report_path=report_path,
                progress=lambda done: bar.update(task, completed=done),
                chunk_rows=chunk,
                workers=workers,
            )
    except (MappingError, UnreadableFile) as exc:
        raise _django.UsageError(str(exc)) from None
    _say_outcome(file, outcome)


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
        raise _django.UsageError(
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
        raise _django.UsageError(str(exc)) from None
    _django.setup()
    from openlead.records.comparison import import_comparison_command

    import_comparison_command(program_slug, pool, file)


@import_group.command("rotate-keys")
def rotate_keys() -> None:
    """Re-wrap the source data keys of imported records under the current OPENLEAD_KEK."""
    _django.setup()
    from openlead.access.crypto import DecryptionError
    from openlead.records.keys import rotate_source_keys

    try:
        done = rotate_source_keys()
    except DecryptionError as exc:
        raise _django.UsageError(f"{exc}: put the old key in OPENLEAD_RETIRED_KEKS") from None
    click.echo(f"ok: {done} source key{'s' if done != 1 else ''} re-wrapped")
