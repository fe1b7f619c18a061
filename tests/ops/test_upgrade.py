"""Upgrades (issue 15, part 4): every migration applies to a database that holds the demo
at the previous release's schema, and the data is still there afterwards.

"The previous release" is the schema before the newest migration of each openlead app:
the demo is seeded, the database is migrated back to that state with Django's
MigrationExecutor (which also proves those migrations reverse), its tables counted and
hashed, then migrated forward to the latest state, as `openlead migrate` would after an
upgrade. Runs on SQLite and, in the PostgreSQL run, on PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from openlead.access.chain import verify
from openlead.cli import main
from openlead.commands.snapshot import Database, TableDigest, pg_current, rows_digest
from openlead.demo import seed_demo

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__"), pytest.mark.slow]


def _previous_release() -> list[tuple[str, str]]:
    """For each openlead app, the migration before its newest one."""
    loader = MigrationLoader(connection)
    targets = []
    for app, name in sorted(loader.graph.leaf_nodes()):
        if not loader.get_migration(app, name).__module__.startswith("openlead."):
            continue
        parents = [p for p in loader.graph.node_map[(app, name)].parents if p.key[0] == app]
        targets.append((app, parents[0].key[1]) if parents else (app, "zero"))
    return targets


def _migrate_back(targets: list[tuple[str, str]]) -> None:
    """One app at a time: stepping an app back also steps back what depends on it, so a
    later target may already be below its mark (its plan would go forward: skipped)."""
    for app, name in targets:
        executor = MigrationExecutor(connection)
        target = [(app, None if name == "zero" else name)]
        plan = executor.migration_plan(target)
        if plan and all(backwards for _, backwards in plan):
            executor.migrate(target, plan=plan)


def _digests() -> dict[str, TableDigest]:
    if connection.vendor == "postgresql":
        return pg_current(
            Database("data", "postgresql", dict(connection.settings_dict)), lambda _: None
        )
    raw: sqlite3.Connection = connection.connection  # the same in-memory database
    out = {}
    for (table,) in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        out[table] = rows_digest(raw.execute(f'SELECT * FROM "{table}" ORDER BY rowid'))  # noqa: S608
    return out


@pytest.fixture
def at_previous_release() -> Iterator[list[tuple[str, str]]]:
    seed_demo(n_people=10, seed=2011, password="demo-password-for-tests-only")  # noqa: S106
    targets = _previous_release()
    _migrate_back(targets)
    try:
        yield targets
    finally:
        # Whatever happened, leave the schema the rest of the suite expects.
        call_command("migrate", verbosity=0, interactive=False)


def test_every_migration_applies_to_the_demo_at_the_previous_schema_and_keeps_it(
    at_previous_release: list[tuple[str, str]],
) -> None:
    assert len(at_previous_release) >= 10  # every openlead app took a step back
    before = _digests()
    assert before["people_person"].rows >= 10 and before["access_auditevent"].rows > 0
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert pending, "the step back left nothing to apply"
    check = CliRunner().invoke(main, ["migrate", "--check"])
    assert check.exit_code == 1, check.output
    newest = pending[-1][0]
    assert f"pending: default database: {newest.app_label}.{newest.name}" in check.output
    call_command("migrate", verbosity=0, interactive=False)  # what `openlead migrate` runs
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    check = CliRunner().invoke(main, ["migrate", "--check"])
    assert check.exit_code == 0 and "no migrations pending" in check.output, check.output
    after = _digests()
    lost = {
        t: (d.rows, after[t].rows)
        for t, d in before.items()
        if t in after and after[t].rows < d.rows
    }
    assert lost == {}, f"rows lost by the upgrade (before, after): {lost}"
    for table in ("people_person", "people_note", "access_auditevent", "referrals_referral"):
        assert after[table].rows == before[table].rows, table
    dropped = sorted(t for t in before if t not in after)
    assert dropped == [], f"tables dropped by the upgrade: {dropped}"
    assert verify().first_broken_seq is None
    print(
        f"\nupgrade: {len(pending)} migrations applied over the demo at the previous schema; "
        f"{len(before)} tables, {sum(d.rows for d in before.values())} rows kept"
    )
