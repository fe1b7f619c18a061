"""Consistent snapshots of one database and their manifest (`openlead backup` / `restore`).

PostgreSQL: one REPEATABLE READ transaction exports its snapshot; `pg_dump -Fc
--snapshot` dumps exactly that snapshot while the same transaction counts and hashes
every table, so the manifest describes the dump and not a moment later. SQLite: the
online backup API copies the live file page by page (writers may go on), and the
manifest is computed from the copy. The hashes read rows ordered by primary key through
the same driver on both sides, so a restored database hashes exactly as the original.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import subprocess  # noqa: S404  (pg_dump and pg_restore, with argument lists, never a shell)
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
FORMAT = 1
Progress = Callable[[str], None]


class SnapshotError(Exception):
    """A backup or restore that cannot go on; the message names what and where."""


@dataclass(frozen=True)
class Database:
    """One of the two databases, as Django's settings describe it."""

    role: str  # "data" (DATABASES["default"]) or "keys" (the key store)
    vendor: str  # "postgresql" or "sqlite"
    settings: dict[str, Any]

    @property
    def dump_name(self) -> str:
        return f"{self.role}.dump" if self.vendor == "postgresql" else f"{self.role}.sqlite3"

    def sqlite_path(self) -> Path:
        name = str(self.settings["NAME"])
        if name in {"", ":memory:"} or name.startswith("file:"):
            raise SnapshotError(f"the {self.role} database is in memory: nothing to back up")
        return Path(name)


@dataclass(frozen=True)
class TableDigest:
    rows: int
    sha256: str


# --- row hashing -----------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"hex": bytes(value).hex()}
    if isinstance(value, dt.datetime | dt.date | dt.time | Decimal):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    return str(value)


def rows_digest(rows: Iterable[tuple[Any, ...]]) -> TableDigest:
    """SHA-256 over the rows in the order given, one canonical JSON line each."""
    digest, count = hashlib.sha256(), 0
    for row in rows:
        line = json.dumps(list(row), sort_keys=True, default=_plain, separators=(",", ":"))
        digest.update(line.encode())
        digest.update(b"\n")
        count += 1
    return TableDigest(count, digest.hexdigest())


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- PostgreSQL ------------------------------------------------------------------------


def pg_env(db: Database) -> dict[str, str]:
    """libpq's variables: the password never appears on a command line (`ps` shows those)."""
    s = db.settings
    env = dict(os.environ)
    for var, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if s.get(key):
            env[var] = str(s[key])
    return env


def _pg_connect(db: Database) -> Any:
    import psycopg

    s = db.settings
    conn = psycopg.connect(
        dbname=s["NAME"],
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        host=s.get("HOST") or None,
        port=s.get("PORT") or None,
    )
    conn.execute("SET TIME ZONE 'UTC'")  # timestamps hash the same on any server
    conn.commit()
    return conn


def _pg_tables(conn: Any) -> list[str]:
    rows = conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    return [r[0] for r in rows]


def _pg_order(conn: Any, table: str) -> list[str]:
    rows = conn.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
        "ORDER BY array_position(i.indkey::int2[], a.attnum)",
        [_quote(table)],
    ).fetchall()
    if rows:
        return [r[0] for r in rows]
    cols = conn.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = %s ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [c[0] for c in cols]  # no primary key: every column, so the order is still fixed


def _pg_rows(conn: Any, table: str) -> Iterator[tuple[Any, ...]]:
    order = ", ".join(_quote(c) for c in _pg_order(conn, table))
    sql = f"SELECT * FROM {_quote(table)} ORDER BY {order}"  # noqa: S608  (quoted catalog names)
    with conn.cursor(name="digest_rows") as cursor:
        cursor.itersize = 5000
        cursor.execute(sql)
        yield from cursor


def _pg_digests(conn: Any, progress: Progress) -> dict[str, TableDigest]:
    out = {}
    for table in _pg_tables(conn):
        progress(table)
        out[table] = rows_digest(_pg_rows(conn, table))
    return out


def _pg_migrations(conn: Any) -> dict[str, list[str]]:
    if "django_migrations" not in _pg_tables(conn):
        return {}
    rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    return _group(rows)


def _pg_versions(conn: Any) -> dict[str, str]:
    server = conn.execute("SHOW server_version").fetchone()[0]
    return {"postgresql_server": str(server), "pg_dump": _tool_version("pg_dump")}


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SnapshotError(f"{args[0]} failed: {done.stderr.strip()[:500]}")


def _tool_version(tool: str) -> str:
    if shutil.which(tool) is None:
        raise SnapshotError(f"{tool} is not installed (apt-get install postgresql-client)")
    done = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return done.stdout.strip()


def pg_snapshot(db: Database, out: Path, progress: Progress) -> dict[str, Any]:
    conn = _pg_connect(db)
    try:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        versions = _pg_versions(conn)
        progress("pg_dump")
        _run(["pg_dump", "-Fc", "--snapshot", snapshot, "-f", str(out / db.dump_name)], pg_env(db))
        # The same transaction, so the same snapshot pg_dump just wrote out.
        digests, migrations = _pg_digests(conn, progress), _pg_migrations(conn)
        conn.rollback()
    finally:
        conn.close()
    return {"tables": digests, "migrations": migrations, "versions": versions}


def pg_is_empty(db: Database) -> bool:
    conn = _pg_connect(db)
    try:
        return not _pg_tables(conn)
    finally:
        conn.close()


def pg_restore(db: Database, dump: Path) -> None:
    # No owner and no grants from the old server: the restoring role owns the tables, and
    # the app role's grants are applied afterwards (docs/deployment.md), as after a migrate.
    args = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
    _tool_version("pg_restore")
    _run([*args, "-d", str(db.settings["NAME"]), str(dump)], pg_env(db))


def pg_current(db: Database, progress: Progress) -> dict[str, TableDigest]:
    conn = _pg_connect(db)
    try:
        return _pg_digests(conn, progress)
    finally:
        conn.close()


# --- SQLite ----------------------------------------------------------------------------


def _lite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def _lite_rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    info = conn.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5] > 0]
    order = ", ".join(_quote(c) for c in (pk or [row[1] for row in info]))
    yield from conn.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608


def _lite_digests(conn: sqlite3.Connection, progress: Progress) -> dict[str, TableDigest]:
    out = {}
    for table in _lite_tables(conn):
        progress(table)
        out[table] = rows_digest(_lite_rows(conn, table))
    return out


def _copy_sqlite(source: Path, target: Path) -> None:
    """The online backup API: a consistent copy even while the service writes."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        with dst:
            src.backup(dst)
    finally:
        src.close()
        dst.close()


def sqlite_snapshot(db: Database, out: Path, progress: Progress) -> dict[str, Any]:
    source = db.sqlite_path()
    if not source.exists():
        raise SnapshotError(f"the {db.role} database {source} does not exist")
    copy = out / db.dump_name
    progress("sqlite backup")
    _copy_sqlite(source, copy)
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        digests = _lite_digests(conn, progress)
        migrations: dict[str, list[str]] = {}
        if "django_migrations" in digests:
            rows = conn.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            migrations = _group(rows.fetchall())
    finally:
        conn.close()
    return {
        "tables": digests,
        "migrations": migrations,
        "versions": {"sqlite": sqlite3.sqlite_version},
    }


def sqlite_is_empty(db: Database) -> bool:
    path = db.sqlite_path()
    if not path.exists():
        return True
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return not _lite_tables(conn)
    finally:
        conn.close()


def sqlite_restore(db: Database, dump: Path) -> None:
    path = db.sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    _copy_sqlite(dump, path)


def sqlite_current(db: Database, progress: Progress) -> dict[str, TableDigest]:
    conn = sqlite3.connect(f"file:{db.sqlite_path()}?mode=ro", uri=True)
    try:
        return _lite_digests(conn, progress)
    finally:
        conn.close()


# --- the manifest ----------------------------------------------------------------------


def _group(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    apps: dict[str, list[str]] = {}
    for app, name in rows:
        apps.setdefault(app, []).append(name)
    return apps


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def take(db: Database, out: Path, progress: Progress, versions: dict[str, str]) -> dict[str, Any]:
    """Snapshot `db` into `out` and write its manifest; returns the manifest."""
    if (out / MANIFEST).exists():
        raise SnapshotError(f"{out} already holds a backup ({MANIFEST}); choose a new directory")
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    taken = (pg_snapshot if db.vendor == "postgresql" else sqlite_snapshot)(db, out, progress)
    tables: dict[str, TableDigest] = taken["tables"]
    manifest = {
        "format": FORMAT,
        "database": db.role,
        "engine": db.vendor,
        "file": db.dump_name,
        "file_sha256": file_sha256(out / db.dump_name),
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": {**versions, **taken["versions"], "python": platform.python_version()},
        "migrations": taken["migrations"],
        "tables": {name: {"rows": d.rows, "sha256": d.sha256} for name, d in tables.items()},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    for path in (out / db.dump_name, out / MANIFEST):
        path.chmod(0o600)  # participant data (ciphertext, but names of tables, counts, ids)
    return manifest


def read_manifest(source: Path, role: str) -> dict[str, Any]:
    path = source / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(path.read_text())
    except FileNotFoundError:
        raise SnapshotError(f"{path} not found: not a backup directory") from None
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{path} is not valid JSON (line {exc.lineno})") from None
    if manifest.get("format") != FORMAT or manifest.get("database") != role:
        raise SnapshotError(
            f"{path} is a backup of the {manifest.get('database')!r} database, "
            f"format {manifest.get('format')!r}; expected the {role!r} database, format {FORMAT}"
        )
    dump = source / str(manifest["file"])
    if not dump.exists() or file_sha256(dump) != manifest["file_sha256"]:
        raise SnapshotError(f"{dump} is missing or does not match the SHA-256 in {path}")
    return manifest


def is_empty(db: Database) -> bool:
    return pg_is_empty(db) if db.vendor == "postgresql" else sqlite_is_empty(db)


def load(db: Database, source: Path, manifest: dict[str, Any]) -> None:
    if db.vendor != manifest["engine"]:
        raise SnapshotError(
            f"the backup in {source} is of {manifest['engine']}, the target is {db.vendor}"
        )
    (pg_restore if db.vendor == "postgresql" else sqlite_restore)(db, source / manifest["file"])


def mismatches(db: Database, manifest: dict[str, Any], progress: Progress) -> list[str]:
    """Every table whose rows or hash differ from the manifest, by name; [] when all agree."""
    now = (pg_current if db.vendor == "postgresql" else sqlite_current)(db, progress)
    expected: dict[str, dict[str, Any]] = manifest["tables"]
    problems = [
        f"table {t}: in the backup, missing after restore" for t in expected if t not in now
    ]
    problems += [f"table {t}: not in the backup" for t in now if t not in expected]
    for table, want in expected.items():
        got = now.get(table)
        if got is None:
            continue
        if got.rows != want["rows"]:
            problems.append(f"table {table}: {got.rows} rows, the manifest says {want['rows']}")
        elif got.sha256 != want["sha256"]:
            problems.append(f"table {table}: contents differ from the manifest's hash")
    return problems
