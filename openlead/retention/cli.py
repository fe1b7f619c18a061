"""`openlead retention run`: what the retention schedule removes, as a dry run or for real.

Run nightly from cron or a systemd timer (docs/operations.md): there is no scheduler in
the app. Django starts inside the command, so the model imports follow
`django_setup.setup()`."""

from __future__ import annotations

import getpass
from functools import partial
from typing import Any

import click

from openlead import django_setup


@click.group()
def retention() -> None:
    """Retention: delete what the program's retention schedule no longer keeps."""


def _programs(slug: str | None) -> list[Any]:
    from openlead.programs.models import Program

    if slug is None:
        return list(Program.objects.order_by("slug"))
    if not slug.strip() or len(slug) > 100:
        raise django_setup.UsageError("--program: give a program's slug")
    program = Program.objects.filter(slug=slug).first()
    if program is None:
        raise django_setup.UsageError(f"--program {slug!r}: no program has that slug")
    return [program]


def _print(result: Any, show_refs: bool) -> None:
    verb = "deleted" if result.applied else "would delete"
    click.echo(f"{result.program}: {verb}")
    for kind in result.kinds:
        count = kind.done if result.applied else kind.count
        held = f"; kept under a legal hold: {len(kind.held)}" if kind.held else ""
        click.echo(f"  {kind.label}: {count}{held}")
        if show_refs and kind.due:
            click.echo(f"    people: {' '.join(kind.due)}")
        if show_refs and kind.held:
            click.echo(f"    held: {' '.join(kind.held)}")


@retention.command()
@click.option("--program", "slug", default=None, metavar="SLUG", help="Only this program.")
@click.option("--apply", is_flag=True, help="Delete for real (without it: a dry run).")
def run(slug: str | None, apply: bool) -> None:
    """Show (or with --apply, delete) what is past each program's retention schedule."""
    django_setup.setup()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from openlead.access.acting import Actor
    from openlead.retention.actions.run import do_run_retention, survey

    total = 0
    for program in _programs(slug):
        acting = Actor.system(f"cli:{getpass.getuser()}", program.pk)
        work = survey(program, _now())[0].work if apply else 0
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
            disable=not apply,
        ) as bar:
            task = bar.add_task(f"retention: {program.slug}", total=work)
            result = do_run_retention(
                program, acting=acting, apply=apply, progress=partial(bar.advance, task)
            )
        _print(result, show_refs=True)
        total += sum(k.done for k in result.kinds) if apply else result.work
    if apply:
        click.echo(f"ok: {total} deleted")
    else:
        click.echo(f"ok: dry run, {total} would be deleted; run again with --apply to delete")


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()
