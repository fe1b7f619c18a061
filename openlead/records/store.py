"""Insert parsed rows, skipping events already stored (the one raw-SQL module of records).

PostgreSQL: look up which keys of the chunk exist, then COPY the new rows straight into
the table; if a concurrent import stored one of them meanwhile (unique violation), the
chunk goes the slower way: COPY into a session temp table, then INSERT ... ON CONFLICT
DO NOTHING. Elsewhere (SQLite): bulk_create with ignore_conflicts. Both run inside the
caller's transaction and return how many rows were new.
"""

from __future__ import annotations

from django.db import IntegrityError, connection, transaction

from openlead.records.models import JusticeRecord
from openlead.records.rows import COLUMNS, EXTERNAL_ID, Row

_TABLE = JusticeRecord._meta.db_table
_COLS = ", ".join(COLUMNS)
_STAGE = "records_import_stage"


def insert_rows(source: str, rows: list[Row]) -> int:
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return _copy(source, rows)
    return _bulk_create(source, rows)


def _existing(source: str, rows: list[Row]) -> set[str]:
    ids = [str(r[EXTERNAL_ID]) for r in rows]
    found: set[str] = set()
    for start in range(0, len(ids), 900):  # SQLite's limit on query parameters
        found.update(
            JusticeRecord.objects.filter(
                source=source, external_id__in=ids[start : start + 900]
            ).values_list("external_id", flat=True)
        )
    return found


def _bulk_create(source: str, rows: list[Row]) -> int:
    existing = _existing(source, rows)
    new = [
        JusticeRecord(**dict(zip(COLUMNS, r, strict=True)))
        for r in rows
        if r[EXTERNAL_ID] not in existing
    ]
    JusticeRecord.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)


def _copy(source: str, rows: list[Row]) -> int:
    from psycopg.errors import UniqueViolation  # raw COPY errors are not wrapped by Django

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT external_id FROM {_TABLE} WHERE source = %s AND external_id = ANY(%s)",  # noqa: S608
            [source, [str(r[EXTERNAL_ID]) for r in rows]],
        )
        existing = {found for (found,) in cursor.fetchall()}
    new = [r for r in rows if r[EXTERNAL_ID] not in existing]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # Identifiers in SQL text here are constants of this module, never input.
            with cursor.cursor.copy(f"COPY {_TABLE} ({_COLS}) FROM STDIN") as copy:
                for row in new:
                    copy.write_row(row)
        return len(new)
    except (IntegrityError, UniqueViolation):
        return _copy_merge(new)


def _copy_merge(rows: list[Row]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} ON COMMIT DELETE ROWS AS "  # noqa: S608
            f"SELECT {_COLS} FROM {_TABLE} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {_STAGE} ({_COLS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {_TABLE} ({_COLS}) SELECT {_COLS} FROM {_STAGE} "  # noqa: S608
            "ON CONFLICT (source, external_id) DO NOTHING"
        )
        inserted = cursor.rowcount
        cursor.execute(f"TRUNCATE {_STAGE}")
    return int(inserted)
