"""`openlead protocol ...`: check, test and compare eligibility protocols."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click
from rich import box
from rich.console import Console
from rich.table import Table

from openlead.eligibility.engine import Decision
from openlead.eligibility.loader import (
    ProtocolError,
    load_protocol,
    shipped_protocols,
    shipped_versions,
)
from openlead.eligibility.protocol import Protocol
from openlead.eligibility.scenarios import (
    Scenario,
    ScenarioError,
    decide_all,
    differences,
    load_scenarios,
)

_CASES = click.Path(exists=True, dir_okay=False, path_type=Path)


def _fail(lines: list[str]) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    raise click.exceptions.Exit(2)


def _load(source: str) -> Protocol:
    try:
        return load_protocol(source)
    except ProtocolError as error:
        _fail([str(issue) for issue in error.issues])
    except FileNotFoundError as error:
        _fail([str(error)])


def _scenarios(path: Path, require_expected: bool = True) -> list[Scenario]:
    try:
        return load_scenarios(path, require_expected)
    except ScenarioError as error:
        _fail([str(error)])


def _console() -> Console:
    # Piped output (CI logs, files) gets a wide table instead of the 80-column default.
    return Console(width=None if sys.stdout.isatty() else 140)


def _table(*headers: str, title: str | None = None) -> Table:
    table = Table(*headers, title=title, box=box.SIMPLE_HEAD)
    table.columns[0].overflow = "fold"
    table.columns[-1].overflow = "fold"
    table.columns[-1].ratio = 1
    return table


def _reasons(decision: Decision) -> str:
    return "\n".join(str(reason) for reason in decision.reasons)


@click.group()
def protocol() -> None:
    """Check, test and compare eligibility protocols."""


@protocol.command("list")
def list_protocols() -> None:
    """List the protocols shipped with openlead (id, name, each version)."""
    table = _table("id", "name", "version", "effective", "doors")
    for ident in shipped_protocols():
        try:
            versions = shipped_versions(ident)
        except ProtocolError:
            table.add_row(ident, f"invalid: run `openlead protocol check {ident}`", "", "", "")
            continue
        for loaded in versions:
            doors = ", ".join(loaded.doors)
            table.add_row(ident, loaded.name, loaded.version, str(loaded.effective), doors)
    _console().print(table)


@protocol.command()
@click.argument("source")
def check(source: str) -> None:
    """Validate a protocol FILE, shipped ID or ID@VERSION; problems are listed by line and key."""
    loaded = _load(source)
    notes = len(loaded.to_confirm)
    click.echo(f"ok: {loaded.id} version {loaded.version} ({notes} notes still to confirm)")


@protocol.command()
@click.argument("source")
@click.argument("cases", type=_CASES)
def test(source: str, cases: Path) -> None:
    """Run a scenario file against a protocol; exit 1 if any decision is not as expected."""
    loaded = _load(source)
    results = decide_all(loaded, _scenarios(cases))
    table = _table(
        "id", "expected", "decision", "", "reasons", title=f"{loaded.id} {loaded.version}"
    )
    mismatches = 0
    for scenario, decision in results:
        same = decision.outcome == scenario.expected
        mismatches += not same
        mark = "ok" if same else "DIFFERS"
        table.add_row(
            scenario.id, str(scenario.expected), str(decision.outcome), mark, _reasons(decision)
        )
    console = _console()
    console.print(table)
    console.print(f"{len(results)} scenarios, {mismatches} not as expected")
    if mismatches:
        raise click.exceptions.Exit(1)


@protocol.command()
@click.argument("old")
@click.argument("new")
@click.argument("cases", type=_CASES)
def diff(old: str, new: str, cases: Path) -> None:
    """List the scenarios that two protocols (or two versions, ID@VERSION) decide differently."""
    before, after = _load(old), _load(new)
    scenarios = _scenarios(cases, require_expected=False)
    changed = differences(before, after, scenarios)
    table = _table(
        "id", f"{before.id} {before.version}", f"{after.id} {after.version}", "reasons (new)"
    )
    for scenario, was, now in changed:
        table.add_row(scenario.id, str(was.outcome), str(now.outcome), _reasons(now))
    console = _console()
    if changed:
        console.print(table)
    console.print(f"{len(changed)} of {len(scenarios)} scenarios decided differently")
