"""Encryption at rest: no plaintext on disk, tamper detection, rotation, crypto-shredding."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

from openlead.access import crypto
from openlead.people import vault
from openlead.people.models import Person
from tests.conftest import World, build_world

pytestmark = pytest.mark.django_db(databases="__all__")

ROOT = Path(__file__).resolve().parents[2]
OLD_KEK = "old1:" + "T0xET0xET0xET0xET0xET0xET0xET0xET0xET0xET0w="
NEW_KEK = "new2:" + "TkVXTkVXTkVXTkVXTkVXTkVXTkVXTkVXTkVXTkVXTkU="


def _dump(alias: str, target: Path) -> bytes:
    conn = connections[alias]
    if conn.vendor == "postgresql":
        s = conn.settings_dict
        out = subprocess.run(
            [
                "pg_dump",
                "-h",
                s["HOST"] or "127.0.0.1",
                "-p",
                str(s["PORT"] or 5432),
                "-U",
                s["USER"] or "postgres",
                s["NAME"],
            ],
            check=True,
            capture_output=True,
        )
        return out.stdout
    with conn.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])
    return target.read_bytes()


@pytest.fixture
def committed_world(transactional_db: Any, tmp_path: Path) -> Any:
    return build_world()


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_it_leaves_no_canary_plaintext_in_the_database_files(
    committed_world: World, tmp_path: Path
) -> None:
    data = _dump("default", tmp_path / "data.sqlite3")
    keys = _dump("keys", tmp_path / "keys.sqlite3")
    assert len(data) > 10_000
    assert Person.objects.count() == 4
    found = [c for c in committed_world.canaries if c.encode() in data or c.encode() in keys]
    assert found == []


def test_it_refuses_a_ciphertext_with_one_byte_flipped(world: World) -> None:
    person = Person.objects.get(pk=world.people["own"].pk)
    dek = vault.data_key(person.public_id)
    assert vault.get_person_field(person, dek, "legal_name").startswith("CANARY-own-name")
    blob = bytearray(bytes(person.legal_name))
    blob[20] ^= 0x01
    person.legal_name = bytes(blob)
    with pytest.raises(crypto.DecryptionError):
        vault.get_person_field(person, dek, "legal_name")


def test_it_refuses_a_ciphertext_moved_to_another_column_or_row(world: World) -> None:
    own = Person.objects.get(pk=world.people["own"].pk)
    dek = vault.data_key(own.public_id)
    own.aliases = own.legal_name
    with pytest.raises(crypto.DecryptionError):
        vault.get_person_field(own, dek, "aliases")


def _add_identifier(person: Person, system: str, value: str) -> None:
    from openlead.people.models import ExternalIdentifier

    identifier = ExternalIdentifier(person=person, system=system)
    vault.seal_identifier(identifier, vault.data_key(person.public_id), value)
    identifier.save(force_insert=True)


def test_it_finds_people_by_exact_identifier_through_the_blind_index(
    world: World, client: Any
) -> None:
    # Issue 12: a search is a POST with two identifiers (it was a GET with one).
    marker = next(c for c in world.canaries if c.startswith("CANARY-own-stateid"))
    _add_identifier(world.people["own"], "booking_number", "B-2024-0001")
    _add_identifier(world.people["same"], "booking_number", "B-2024-0001")
    client.force_login(world.users["bob"])
    typed = f"  {marker.lower().replace('-', ' ')} "
    both = {"state_id": typed, "booking_number": " b2024 0001"}
    page = client.post("/people/", both).content.decode()
    assert world.people["own"].public_id in page and world.people["same"].public_id not in page
    assert (
        "No one matches"
        in client.post(
            "/people/", {"state_id": marker + "x", "booking_number": "B-2024-0001"}
        ).content.decode()
    )


def test_it_shows_search_field_errors(world: World, client: Any) -> None:
    # Issue 12: one identifier alone is refused beside the field (it was a missing system).
    client.force_login(world.users["bob"])
    response = client.post("/people/", {"state_id": "ABC123"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "One identifier alone is not enough" in page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="restores a copied SQLite backup file")
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_it_crypto_shreds_a_deleted_person_even_in_an_old_backup(
    committed_world: World, tmp_path: Path
) -> None:
    from openlead.access.acting import Actor
    from openlead.people.actions import do_delete_person

    backup = tmp_path / "before-delete.sqlite3"
    _dump("default", backup)
    gone, kept = committed_world.people["own"], committed_world.people["same"]
    do_delete_person(
        Person.objects.get(pk=gone.pk),
        acting=Actor.system("t"),
        reason="participant asked",
    )
    restored = sqlite3.connect(backup)
    readable = {}
    for ref in (gone.public_id, kept.public_id):
        (blob,) = restored.execute(
            "SELECT legal_name FROM people_person WHERE public_id = ?", [ref]
        ).fetchone()
        old = Person(public_id=ref, legal_name=blob)
        try:
            readable[ref] = vault.get_person_field(old, vault.data_key(ref), "legal_name")
        except crypto.DecryptionError:
            readable[ref] = None
    assert readable[gone.public_id] is None
    assert readable[kept.public_id] is not None and readable[kept.public_id].startswith(
        "CANARY-same-name"
    )


SEED = """
import django, sys
django.setup()
from openlead.django_setup import migrate
migrate()
from openlead.access.acting import Actor
from openlead.people.actions import NewPerson, do_create_person
from openlead.programs.models import Program
p = Program.objects.create(name="Rotation", slug="rotation")
for i in range(int(sys.argv[1])):
    do_create_person(NewPerson(program_id=p.pk, legal_name=f"Fake Person {i}"), acting=Actor.system("seed"))
"""

CHECK = """
import django
django.setup()
from openlead.people import vault
from openlead.people.models import Person
from openlead.access.models import PersonKey
names = [vault.get_person_field(p, vault.data_key(p.public_id), "legal_name") for p in Person.objects.all()]
print(len(names), sum(n.startswith("Fake Person") for n in names), PersonKey.objects.exclude(kek_id="new2").count())
"""


def _env(tmp: Path, kek: str, retired: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENLEAD_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="openlead.settings",
        OPENLEAD_SECRET_KEY="rotation-test-secret-key-0123456789",
        OPENLEAD_KEK=kek,
        OPENLEAD_RETIRED_KEKS=retired,
        OPENLEAD_DATA_DIR=str(tmp),
        OPENLEAD_BLIND_INDEX_KEY="b:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=",
        DATABASE_URL=f"sqlite:///{tmp / 'data.sqlite3'}",
        OPENLEAD_KEYS_DATABASE_URL=f"sqlite:///{tmp / 'keys.sqlite3'}",
    )
    return env


def _rotated(tmp: Path) -> int:
    with sqlite3.connect(tmp / "keys.sqlite3", timeout=5) as conn:
        return int(
            conn.execute("SELECT count(*) FROM access_personkey WHERE kek_id = 'new2'").fetchone()[
                0
            ]
        )


@pytest.mark.slow
def test_it_finishes_a_rotation_killed_midway(tmp_path: Path) -> None:
    n = 1200
    subprocess.run(
        [sys.executable, "-c", SEED, str(n)], env=_env(tmp_path, OLD_KEK), check=True, cwd=ROOT
    )
    openlead = shutil.which("openlead", path=str(Path(sys.executable).parent))
    rotate_env = _env(tmp_path, NEW_KEK, retired=OLD_KEK)
    proc = subprocess.Popen(
        [openlead, "keys", "rotate", "--batch", "10"],
        env=rotate_env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _rotated(tmp_path) < 50 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _rotated(tmp_path)
    assert 0 < partial < n, f"the kill must land midway (rotated {partial} of {n})"
    subprocess.run(
        [openlead, "keys", "rotate"], env=rotate_env, check=True, cwd=ROOT, capture_output=True
    )
    out = subprocess.run(
        [sys.executable, "-c", CHECK],
        env=_env(tmp_path, NEW_KEK),
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.split()
    assert out == [str(n), str(n), "0"]
