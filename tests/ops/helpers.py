"""Run the real `openlead` command in a child process against chosen databases."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def db_url(alias: str) -> str:
    """The URL of the test run's own database for `alias` (test_postgres, test_root...)."""
    s = connections[alias].settings_dict
    if connections[alias].vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def child_env(data: str, keys: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The production settings module with the suite's fake keys (tests/settings.py)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openlead.settings",
        "DATABASE_URL": data,
        "OPENLEAD_KEYS_DATABASE_URL": keys,
        "OPENLEAD_DEMO": "0",
        **(extra or {}),
    }


def openlead(
    *args: str, data: str, keys: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = child_env(data, keys, extra)

    return python_module("openlead", *args, env=env)


def python_module(module: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database (its URL), dropped afterwards."""
    import psycopg

    name = f"openlead_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
