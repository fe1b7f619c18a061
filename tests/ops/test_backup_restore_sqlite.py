"""`openlead backup` and `openlead restore` on the embedded SQLite databases (files)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.ops.helpers import openlead

pytestmark = pytest.mark.slow


def _urls(directory: Path) -> dict[str, str]:
    return {
        "data": f"sqlite:///{directory / 'openlead.sqlite3'}",
        "keys": f"sqlite:///{directory / 'keys.sqlite3'}",
    }


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo in SQLite files, made by the real command."""
    live = tmp_path_factory.mktemp("live")
    done = openlead(
        "demo",
        "--people",
        "6",
        **_urls(live),
        extra={"OPENLEAD_DEMO": "1", "OPENLEAD_DATA_DIR": str(live)},
    )
    assert done.returncode == 0, done.stderr
    return live


def test_it_backs_up_and_restores_both_files_and_checks_them(live: Path, tmp_path: Path) -> None:
    out, keys_out = tmp_path / "backup", tmp_path / "keys-backup"
    done = openlead("backup", "--out", str(out), "--keys-out", str(keys_out), **_urls(live))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engine"] == "sqlite" and (out / "data.sqlite3").exists()
    assert (keys_out / "keys.sqlite3").exists() and not (out / "keys.sqlite3").exists()
    with sqlite3.connect(live / "openlead.sqlite3") as conn:
        people = conn.execute("SELECT count(*) FROM people_person").fetchone()[0]
    assert manifest["tables"]["people_person"]["rows"] == people > 0
    assert oct((out / "data.sqlite3").stat().st_mode & 0o777) == "0o600"
    target = tmp_path / "restored"
    done = openlead("restore", "--from", str(out), "--keys-from", str(keys_out), **_urls(target))
    assert done.returncode == 0, done.stderr
    assert f"{len(manifest['tables'])} tables" in done.stdout
    assert "ok: audit chain verified" in done.stdout
    again = openlead("restore", "--from", str(out), **_urls(target))
    assert again.returncode == 2 and "not empty" in again.stderr


def test_it_refuses_the_key_store_beside_the_data(live: Path, tmp_path: Path) -> None:
    out = tmp_path / "backup"
    for keys_out in (out, out / "keys"):
        done = openlead("backup", "--out", str(out), "--keys-out", str(keys_out), **_urls(live))
        assert done.returncode == 2 and "separate directory" in done.stderr
        assert not (out / "manifest.json").exists()


def test_it_refuses_a_key_store_backup_as_the_data_backup(live: Path, tmp_path: Path) -> None:
    out, keys_out = tmp_path / "backup", tmp_path / "keys-backup"
    assert (
        openlead("backup", "--out", str(out), "--keys-out", str(keys_out), **_urls(live)).returncode
        == 0
    )
    done = openlead("restore", "--from", str(keys_out), **_urls(tmp_path / "new"))
    assert done.returncode == 2 and "expected the 'data' database" in done.stderr
    assert not (tmp_path / "new" / "openlead.sqlite3").exists()


def test_a_changed_restored_table_is_named(live: Path, tmp_path: Path) -> None:
    from openlead.commands.snapshot import Database, mismatches

    out = tmp_path / "backup"
    assert openlead("backup", "--out", str(out), **_urls(live)).returncode == 0
    target = tmp_path / "restored"
    assert openlead("restore", "--from", str(out), **_urls(target)).returncode == 0
    with sqlite3.connect(target / "openlead.sqlite3") as conn:
        conn.execute("DELETE FROM people_note WHERE id = (SELECT min(id) FROM people_note)")
    manifest = json.loads((out / "manifest.json").read_text())
    db = Database("data", "sqlite", {"NAME": str(target / "openlead.sqlite3")})
    want = manifest["tables"]["people_note"]["rows"]
    assert mismatches(db, manifest, lambda _: None) == [
        f"table people_note: {want - 1} rows, the manifest says {want}"
    ]
