"""`openlead backup` and `openlead restore` (docs/operations.md#backups-and-restore).

The key store goes to its own directory, never beside the data: a stolen data backup
without the key store is ciphertext, and a person deleted since (their data key
destroyed) stays unreadable when an older data backup is restored with the current key
store. The engine (dumps, manifests, hashes) is `openlead.commands.snapshot`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from openlead import django_setup
from openlead.commands.snapshot import Database, Progress, SnapshotError

DIR = click.Path(file_okay=False, path_type=Path)
ROLES = {"data": "default", "keys": "keys"}  # manifest role -> Django database alias


def _database(role: str) -> Database:
    from django.db import connections

    conn = connections[ROLES[role]]
    if conn.vendor not in {"postgresql", "sqlite"}:
        raise django_setup.UsageError(f"the {role} database is {conn.vendor}: not supported")
    return Database(role=role, vendor=conn.vendor, settings=dict(conn.settings_dict))


def _overlap(a: Path, b: Path) -> bool:
    a, b = a.resolve(), b.resolve()
    return a == b or a in b.parents or b in a.parents


@contextmanager
def _bar(label: str, total: int) -> Iterator[Progress]:
    """A progress bar on stderr, one step per table (stdout keeps the result lines)."""
    from rich.console import Console
    from rich.progress import Progress as Bar

    with Bar(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=total)

        def step(what: str) -> None:
            bar.update(task, advance=1, description=f"{label}: {what}")

        yield step


def _table_count(role: str) -> int:
    from django.db import connections

    return len(connections[ROLES[role]].introspection.table_names())


def _versions() -> dict[str, str]:
    import django

    from openlead import __version__

    return {"openlead": __version__, "django": django.__version__}


def _rows(manifest: dict[str, Any]) -> int:
    return sum(int(t["rows"]) for t in manifest["tables"].values())


@click.command()
@click.option("--out", required=True, type=DIR, help="New directory for the data backup.")
@click.option(
    "--keys-out", type=DIR, help="New directory for the key store's backup (never beside --out)."
)
def backup(out: Path, keys_out: Path | None) -> None:
    """Snapshot the data database (and the key store) with a manifest of row counts and hashes."""
    from openlead.commands.snapshot import take

    if keys_out is not None and _overlap(out, keys_out):
        raise django_setup.UsageError(
            "--keys-out must be a separate directory from --out (neither inside the other): "
            "a data backup stored with its keys is no longer ciphertext"
        )
    django_setup.setup()
    for role, dest in (("data", out), ("keys", keys_out)):
        if dest is None:
            continue
        started = time.monotonic()
        try:
            with _bar(f"backing up the {role} database", _table_count(role) + 1) as step:
                manifest = take(_database(role), dest, step, _versions())
        except SnapshotError as exc:
            raise django_setup.UsageError(str(exc)) from None
        click.echo(
            f"ok: {role} database: {len(manifest['tables'])} tables, {_rows(manifest)} rows "
            f"in {dest / manifest['file']} ({time.monotonic() - started:.1f} s)"
        )
    if keys_out is None:
        click.echo(
            "note: the key store was not backed up (--keys-out); back it up on its own schedule"
        )


def _check_target(role: str, source: Path) -> tuple[Database, dict[str, Any]]:
    from openlead.commands.snapshot import is_empty, read_manifest

    manifest = read_manifest(source, role)
    db = _database(role)
    if not is_empty(db):
        raise SnapshotError(
            f"the target {role} database ({db.settings['NAME']}) is not empty: "
            "restore only into a fresh database"
        )
    return db, manifest


def _verify_chain() -> int:
    from openlead.access.chain import verify

    result = verify()
    if result.first_broken_seq is not None:
        raise SnapshotError(
            f"audit chain broken at sequence number {result.first_broken_seq}: {result.reason}"
        )
    return result.checked


@click.command()
@click.option("--from", "source", required=True, type=DIR, help="A data backup directory.")
@click.option("--keys-from", type=DIR, help="A key-store backup directory.")
def restore(source: Path, keys_from: Path | None) -> None:
    """Restore into fresh databases, then check every table against the manifest and the chain."""
    from openlead.commands.snapshot import load, mismatches

    django_setup.setup()
    plan = [("data", source)] + ([("keys", keys_from)] if keys_from is not None else [])
    try:
        # Every manifest and target checked before anything is written.
        targets = [(role, src, *_check_target(role, src)) for role, src in plan]
        for role, src, db, manifest in targets:
            started = time.monotonic()
            load(db, src, manifest)
            with _bar(f"checking the {role} database", len(manifest["tables"])) as step:
                problems = mismatches(db, manifest, step)
            for problem in problems:
                click.echo(f"MISMATCH: {problem}", err=True)
            if problems:
                raise SnapshotError(f"restore check failed: {problems[0]}")
            click.echo(
                f"ok: {role} database restored from {src}: {len(manifest['tables'])} tables, "
                f"{_rows(manifest)} rows match the manifest's counts and hashes "
                f"({time.monotonic() - started:.1f} s)"
            )
        checked = _verify_chain()
    except SnapshotError as exc:
        raise django_setup.UsageError(str(exc)) from None
    click.echo(f"ok: audit chain verified: {checked} events")
