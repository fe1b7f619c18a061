"""Start Django outside a web server (the `openlead` commands, benchmarks), turning
configuration mistakes into one clear line; `UsageError` is the commands' exit 2."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openlead.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise UsageError(f"configuration: {exc}") from None


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=verbosity, interactive=False)
    call_command("migrate", database="keys", verbosity=verbosity, interactive=False)


def pending_migrations() -> list[tuple[str, str, str]]:
    """(database, app, migration) not yet applied, in the order `migrate` would apply them."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    pending = []
    for alias in ("default", "keys"):
        executor = MigrationExecutor(connections[alias])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        # The router keeps most apps out of the key store: its plan lists them all, but
        # applying them there creates nothing (and records them), so they count too.
        pending += [(alias, m.app_label, m.name) for m, backwards in plan if not backwards]
    return pending


class UsageError(click.ClickException):
    """Exit 2 for user mistakes, like click's own usage errors."""

    exit_code = 2


def fresh_out_dir(out: Path, files: Iterable[str], holds: str) -> None:
    """Make --out, refusing one that already holds `holds` (any of `files`): an export or
    extract is never written over an earlier one."""
    if any((out / name).exists() for name in files):
        raise UsageError(f"--out: {out} already holds {holds}; choose an empty directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out: cannot create {out} ({exc.strerror})") from None
