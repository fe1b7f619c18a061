"""`openlead export hmis`: write a program's HMIS CSV FY2026 files, or check a directory
of them (`--check DIR`, pure: no Django, no database).

Django-backed modules are imported inside the command, after `django_setup.setup()`,
so `openlead --help` and `--check` never start Django.
"""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import click

from openlead import django_setup
from openlead.hmis_spec import FILES, check_directory

MAX_PROBLEMS_SHOWN = 200


@click.group("export")
def export() -> None:
    """Exports for partners outside openlead (HMIS CSV for the continuum of care)."""


@export.command("hmis")
@click.option("--program", "program_slug", help="Program slug.")
@click.option("--from", "start", help="First day of the period (YYYY-MM-DD).")
@click.option("--to", "end", help="Last day of the period (YYYY-MM-DD).")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory for the CSV files (made if missing; must not hold an export).",
)
@click.option(
    "--check",
    "check",
    type=click.Path(path_type=Path, file_okay=False),
    help="Check the HMIS CSV files in this directory instead (exit 2 on any problem).",
)
def hmis(
    program_slug: str | None,
    start: str | None,
    end: str | None,
    out: Path | None,
    check: Path | None,
) -> None:
    """Write a program's HMIS CSV FY2026 export for a period, or --check a directory."""
    if check is not None:
        if program_slug or start or end or out:
            raise django_setup.UsageError("--check takes only the directory to check")
        _check(check)
        return
    missing = [
        f"--{n}"
        for n, v in (("program", program_slug), ("from", start), ("to", end), ("out", out))
        if not v
    ]
    if missing:
        raise django_setup.UsageError(f"missing {', '.join(missing)} (or give --check DIR)")
    assert program_slug and start and end and out is not None  # for mypy: checked above
    period = (_day("--from", start), _day("--to", end))
    if period[0] > period[1]:
        raise django_setup.UsageError(f"--from: {start} is after --to {end}")
    _export(program_slug, period, out)


def _day(option: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise django_setup.UsageError(f"{option}: {text!r} is not a date (YYYY-MM-DD)") from None


def _check(folder: Path) -> None:
    if not folder.is_dir():
        raise django_setup.UsageError(f"--check: {folder} is not a directory")
    report = check_directory(folder)
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(str(problem))
    more = len(report.problems) - MAX_PROBLEMS_SHOWN
    if more > 0:
        click.echo(f"... and {more} more")
    counts = ", ".join(f"{name} {report.rows.get(name, 0)}" for name in FILES)
    summary = f"{folder}: {len(report.rows)} files ({counts}); {len(report.problems)} problems"
    if report.problems:
        raise django_setup.UsageError(summary)
    click.echo(f"ok: {summary}")


def _export(program_slug: str, period: tuple[dt.date, dt.date], out: Path) -> None:
    django_setup.setup()
    from openlead.access.acting import Actor
    from openlead.hmis.export import run_export, write_directory
    from openlead.hmis.models import HmisProject

    hmis_project = (
        HmisProject.objects.filter(program__slug=program_slug).select_related("program").first()
    )
    if hmis_project is None:
        raise django_setup.UsageError(
            f"--program: no program {program_slug!r} with HMIS project settings "
            "(docs/hmis-export.md says how to set them)"
        )
    django_setup.fresh_out_dir(out, FILES, "an export")
    acting = Actor.system(f"cli:{getpass.getuser()}", hmis_project.program_id)
    result, texts = run_export(hmis_project, *period, acting=acting)
    write_directory(texts, out)
    counts = ", ".join(f"{name} {n}" for name, n in result.rows.items())
    click.echo(f"ok: {out}: export {result.export_id}, {result.people} people ({counts})")
