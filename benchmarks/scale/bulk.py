"""Bulk rows for one model's table: COPY on PostgreSQL, executemany elsewhere.

The world builder (benchmarks/scale/world.py) writes millions of rows; model instances and
`bulk_create` cost tens of microseconds a row in Python, so rows are plain tuples here.
Columns the builder does not vary get the value a new instance would save (defaults,
`auto_now_add`), computed once through the model's own fields, so a row written here is
the row the ORM would have written.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connections, models

# Types whose Python value is not what the driver takes on every backend (SQLite stores
# dates as text; JSON needs the backend's adapter). The others pass through unchanged.
_PREPARED_TYPES = frozenset({"DateTimeField", "DateField", "JSONField"})


class BulkTable:
    """The column list of `model`'s table, and full rows made from the varying values."""

    def __init__(
        self,
        model: type[models.Model],
        varying: Sequence[str],
        *,
        using: str = "default",
        fixed: dict[str, Any] | None = None,
    ) -> None:
        self.model, self.using = model, using
        conn = connections[using]
        # Auto-incremented keys (db_returning) come from the database's sequence.
        fields = [f for f in model._meta.concrete_fields if not getattr(f, "db_returning", False)]
        template = model(**(fixed or {}))
        self.defaults = [f.get_db_prep_save(f.pre_save(template, True), conn) for f in fields]
        by_name = {f.name: i for i, f in enumerate(fields)}
        self.positions = [by_name[name] for name in varying]
        self.preparers = [
            _preparer(fields[i], conn) if _needs_prep(fields[i], conn) else None
            for i in self.positions
        ]
        self.table = model._meta.db_table
        names = ", ".join(conn.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        self.copy_sql = f"COPY {conn.ops.quote_name(self.table)} ({names}) FROM STDIN"
        # The names come from the model's meta, the values are parameters.
        table = conn.ops.quote_name(self.table)
        self.insert_sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608

    def rows(self, values: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """Full rows from tuples of the varying values, in the order they were named."""
        out = []
        plan = list(zip(self.positions, self.preparers, strict=True))
        for given in values:
            row = list(self.defaults)
            for (position, prepare), value in zip(plan, given, strict=True):
                row[position] = prepare(value) if prepare is not None else value
            out.append(tuple(row))
        return out

    def write(self, rows: Sequence[tuple[Any, ...]]) -> float:
        """Write the rows in the caller's transaction; returns the seconds it took."""
        started = time.perf_counter()
        conn = connections[self.using]
        with conn.cursor() as cursor:
            if conn.vendor == "postgresql":
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.insert_sql, rows)
        return time.perf_counter() - started


def _needs_prep(field: models.Field[Any, Any], conn: Any) -> bool:
    kind = field.get_internal_type()
    return kind == "JSONField" or (kind in _PREPARED_TYPES and conn.vendor != "postgresql")


def _preparer(field: models.Field[Any, Any], conn: Any) -> Any:
    return lambda value: field.get_db_prep_save(value, conn)


def new_rows_after(
    model: type[models.Model], last_pk: int, key: str, *, count: int, using: str = "default"
) -> list[tuple[int, str]]:
    """(pk, key) of the rows just written, in the order written (the sequence's order)."""
    rows = model._default_manager.using(using).filter(pk__gt=last_pk).order_by("pk")
    found = list(rows.values_list("pk", key))
    assert len(found) == count, f"{model.__name__}: wrote {count} rows, found {len(found)}"
    return found


def last_pk(model: type[models.Model], using: str = "default") -> int:
    top = model._default_manager.using(using).order_by("-pk").values_list("pk", flat=True).first()
    return int(top or 0)


@contextlib.contextmanager
def deferred_indexes(
    model: type[models.Model], timings: dict[str, float], column: str = ""
) -> Iterator[None]:
    """Drop the table's secondary indexes and its unique and foreign-key constraints for a
    first load, and build them again after it (PostgreSQL only; elsewhere a no-op). With
    `column`, only those on that column (to tell one index's cost from the others').

    The seconds each rebuild took go into `timings`, by index or constraint name."""
    conn = connections["default"]
    if conn.vendor != "postgresql":
        yield
        return
    table = model._meta.db_table
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f')",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        if column:
            constraints = [c for c in constraints if f"({column})" in c[1]]
            indexes = [i for i in indexes if f"({column}" in i[1]]
        quoted = conn.ops.quote_name(table)
        for name, _ in constraints:
            cursor.execute(f"ALTER TABLE {quoted} DROP CONSTRAINT {conn.ops.quote_name(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    try:
        yield
    finally:
        with conn.cursor() as cursor:
            for name, definition in indexes:
                started = time.perf_counter()
                cursor.execute(definition)
                timings[name] = time.perf_counter() - started
            for name, definition in constraints:
                started = time.perf_counter()
                cursor.execute(
                    f"ALTER TABLE {quoted} ADD CONSTRAINT {conn.ops.quote_name(name)} {definition}"
                )
                timings[name] = time.perf_counter() - started
