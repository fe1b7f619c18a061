"""The restore drill on PostgreSQL (issue 15, part 3), with the real command.

Back up the demo, restore it into new databases: 100% of the tables' row counts and
hashes match and the audit chain verifies. Then delete a person through the retention
shred path and restore the OLDER data backup with the CURRENT key store: that person does
not decrypt (their page says so, with a 410, not a 500), everyone else does.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from openlead.access.acting import Actor
from openlead.commands.snapshot import Database, mismatches
from openlead.demo import seed_demo
from openlead.people.models import Person
from openlead.retention.actions.shred import do_shred_people
from openlead.retention.holds import hold_on
from tests.ops.helpers import child_env, db_url, fresh_pg_database, openlead, python_module

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases="__all__"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL-only (pg_dump)"),
]


def _pg(url: str, role: str) -> Database:
    import dj_database_url

    return Database(role=role, vendor="postgresql", settings=dict(dj_database_url.parse(url)))


def _manifest(directory: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((directory / "manifest.json").read_text())
    return data


@pytest.fixture
def demo() -> Any:
    return seed_demo(n_people=12, seed=2011, password="demo-password-for-tests-only")  # noqa: S106


def _backup(tmp_path: Path) -> tuple[Path, Path, float]:
    started = time.monotonic()
    done = openlead(
        "backup",
        "--out",
        str(tmp_path / "data"),
        "--keys-out",
        str(tmp_path / "keys"),
        data=db_url("default"),
        keys=db_url("keys"),
    )
    assert done.returncode == 0, done.stderr
    return tmp_path / "data", tmp_path / "keys", time.monotonic() - started


def test_a_restored_backup_matches_every_table_and_its_audit_chain(
    demo: Any, tmp_path: Path
) -> None:
    data_dir, keys_dir, backup_seconds = _backup(tmp_path)
    manifest = _manifest(data_dir)
    assert manifest["engine"] == "postgresql" and manifest["file"] == "data.dump"
    assert manifest["tables"]["people_person"]["rows"] == Person.objects.count()
    assert manifest["tables"]["access_auditevent"]["rows"] > 0
    assert "pg_dump" in manifest["versions"]["pg_dump"]
    assert "0001_initial" in manifest["migrations"]["people"]
    with fresh_pg_database() as new_data, fresh_pg_database() as new_keys:
        started = time.monotonic()
        done = openlead(
            "restore",
            "--from",
            str(data_dir),
            "--keys-from",
            str(keys_dir),
            data=new_data,
            keys=new_keys,
        )
        restore_seconds = time.monotonic() - started
        assert done.returncode == 0, done.stderr
        tables = len(manifest["tables"])
        rows = sum(t["rows"] for t in manifest["tables"].values())
        assert f"{tables} tables, {rows} rows match the manifest" in done.stdout
        assert "ok: audit chain verified" in done.stdout
        # Checked again here, independently of the command's own report.
        assert mismatches(_pg(new_data, "data"), manifest, lambda _: None) == []
        assert mismatches(_pg(new_keys, "keys"), _manifest(keys_dir), lambda _: None) == []
        again = openlead("restore", "--from", str(data_dir), data=new_data, keys=new_keys)
        assert again.returncode == 2 and "is not empty" in again.stderr
    print(
        f"\nrestore drill: {tables} tables, {rows} rows; backup {backup_seconds:.1f} s, "
        f"restore and verify {restore_seconds:.1f} s"
    )


def test_a_changed_row_after_restore_is_named_by_table(demo: Any, tmp_path: Path) -> None:
    data_dir, _, _ = _backup(tmp_path)
    with fresh_pg_database() as new_data, fresh_pg_database() as new_keys:
        done = openlead("restore", "--from", str(data_dir), data=new_data, keys=new_keys)
        assert done.returncode == 0, done.stderr
        import psycopg

        with psycopg.connect(new_data, autocommit=True) as conn:
            conn.execute("UPDATE programs_program SET name = name || ' (edited)'")
        found = mismatches(_pg(new_data, "data"), _manifest(data_dir), lambda _: None)
        assert found == ["table programs_program: contents differ from the manifest's hash"]


def test_a_tampered_dump_is_refused_before_anything_is_restored(demo: Any, tmp_path: Path) -> None:
    data_dir, _, _ = _backup(tmp_path)
    dump = data_dir / "data.dump"
    dump.write_bytes(dump.read_bytes()[:-10])
    with fresh_pg_database() as new_data, fresh_pg_database() as new_keys:
        done = openlead("restore", "--from", str(data_dir), data=new_data, keys=new_keys)
        assert done.returncode == 2
        assert "does not match the SHA-256" in done.stderr


def test_an_old_backup_with_the_current_key_store_keeps_a_deleted_person_unreadable(
    demo: Any, tmp_path: Path
) -> None:
    data_dir, _, _ = _backup(tmp_path)
    people = list(Person.objects.filter(program=demo, merged_into__isnull=True).order_by("pk"))
    gone = next(p for p in people if hold_on(p) is None)
    do_shred_people([gone], acting=Actor.system("test"), purpose="restore drill")
    assert not Person.objects.filter(pk=gone.pk).exists()
    with fresh_pg_database() as new_data:
        # Only the data comes back from the backup; the key store is today's.
        done = openlead("restore", "--from", str(data_dir), data=new_data, keys=db_url("keys"))
        assert done.returncode == 0, done.stderr
        env = child_env(
            new_data,
            db_url("keys"),
            {"OPENLEAD_ALLOWED_HOSTS": "testserver", "OPENLEAD_SECURE_COOKIES": "0"},
        )
        read = python_module("tests.ops.readback", "bob", env=env)
    assert read.returncode == 0, read.stderr
    seen = json.loads(read.stdout.strip().splitlines()[-1])
    names, pages = seen["names"], seen["pages"]
    assert gone.public_id in names, "the old backup still holds the deleted person's rows"
    assert names[gone.public_id] is None
    assert pages[gone.public_id] == 410
    others = [p for p in people if p.pk != gone.pk]
    assert others and all(names[p.public_id] for p in others)
    assert all(pages[p.public_id] == 200 for p in others)
    assert seen["people_list"] == 200 and "(unreadable: deleted)" in seen["list_text"]
