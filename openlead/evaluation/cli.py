"""`openlead evaluate`: run the evaluation designs, or simulate data to try them on.

Heavy libraries are imported inside the commands so `openlead --help` stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

DESIGN_NAMES = (
    "recidivism",
    "time-to-event",
    "utilization-costs",
    "within-subject",
    "equity-lens",
)
BAD_INPUT = 2


@click.group()
def evaluate() -> None:
    """Evaluate program outcomes from de-identified data (designs, report, simulator)."""


def _names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [v.strip() for v in value.split(",") if v.strip()]
    return names or None


def _designs(value: str) -> list[str]:
    names = _names(value) or ["all"]
    if names == ["all"]:
        return list(DESIGN_NAMES)
    unknown = [n for n in names if n not in DESIGN_NAMES]
    if unknown:
        raise click.BadParameter(
            f"unknown design {', '.join(unknown)}; choose all or {', '.join(DESIGN_NAMES)}",
            param_hint="--design",
        )
    return names


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    """A rich progress bar on stderr; rich prints no animation when stderr is not a tty."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("loading inputs", total=total)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=name)

        yield step


@evaluate.command("run")
@click.option("--people", "people", required=True, type=click.Path(dir_okay=False))
@click.option("--events", "events", required=True, type=click.Path(dir_okay=False))
@click.option("--status", "status", type=click.Path(dir_okay=False), help="status_months file")
@click.option("--costs", "costs", type=click.Path(dir_okay=False), help="unit costs file")
@click.option(
    "--design",
    "design",
    default="all",
    show_default=True,
    help="all, or design names separated by commas",
)
@click.option("--covariates", help="people columns to use as covariates, comma-separated")
@click.option("--outcomes", help="outcomes to analyse (event kinds or named), comma-separated")
@click.option(
    "--follow-up-end",
    "follow_up_end",
    type=click.DateTime(["%Y-%m-%d"]),
    help="ignore events after this date (YYYY-MM-DD)",
)
@click.option("--window-months", default=6, show_default=True, type=click.IntRange(1, 60))
@click.option("--seed", default=20111001, show_default=True, type=int)
@click.option(
    "--jobs",
    default=0,
    type=click.IntRange(0, 64),
    help="worker processes for the model fits (default 0: one per CPU, at most 4)",
)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False))
def run_command(
    people: str,
    events: str,
    status: str | None,
    costs: str | None,
    design: str,
    covariates: str | None,
    outcomes: str | None,
    follow_up_end: dt.datetime | None,
    window_months: int,
    seed: int,
    jobs: int,
    out: str,
) -> None:
    """Run evaluation designs and write report.html, results.json and tables/ to --out."""
    from openlead.evaluation.io import load_inputs
    from openlead.evaluation.parallel import default_jobs
    from openlead.evaluation.run import run_evaluation
    from openlead.evaluation.types import InputError, Options

    designs = _designs(design)
    end = follow_up_end.date() if follow_up_end else None
    options = Options(
        seed=seed,
        window_months=window_months,
        outcomes=_names(outcomes),
        follow_up_end=end,
        jobs=jobs or default_jobs(),
    )
    try:
        with _progress(len(designs) + 2) as step:
            data, notes = load_inputs(
                people,
                events,
                status,
                costs,
                covariates=_names(covariates),
                follow_up_end=end,
                window_months=window_months,
            )
            outcome = run_evaluation(data, options, designs, Path(out), notes=notes, step=step)
    except InputError as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(BAD_INPUT) from None
    n = sum(len(r.estimates) for r in outcome.results)
    click.echo(f"{n} estimates; report: {outcome.paths['report']}")


@evaluate.command("simulate")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False))
@click.option("--seed", default=20111001, show_default=True, type=int)
@click.option("--people", "people", default=2000, show_default=True, type=click.IntRange(50))
@click.option(
    "--mode",
    type=click.Choice(["hazard", "logistic"]),
    default="hazard",
    show_default=True,
    help="which truth is exact (see docs/evaluation.md)",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "parquet"]),
    help="default: parquet above 20,000 people, else csv",
)
@click.option(
    "--contacts-per-year",
    default=9.0,
    show_default=True,
    type=click.FloatRange(0, 100),
    help="police contacts per person-year",
)
def simulate_command(
    out: str, seed: int, people: int, mode: str, file_format: str | None, contacts_per_year: float
) -> None:
    """Write LEAD-like data with known true effects (and truth.json) to --out."""
    from openlead.evaluation.simulate import SimulationConfig, write_simulation

    config = SimulationConfig(
        people=people,
        seed=seed,
        mode=mode,  # type: ignore[arg-type]
        police_contacts_per_year=contacts_per_year,
    )
    paths = write_simulation(config, Path(out), file_format)  # type: ignore[arg-type]
    for name, path in paths.items():
        click.echo(f"{name}: {path}")
