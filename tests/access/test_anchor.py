"""Anchors outside the database catch what the chain alone cannot: a cut tail and a
rewrite with every later hash recomputed (both done here as the database owner)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.db import connection

from openlead.access import audit
from openlead.access.models import AuditEvent
from openlead.cli import main

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private = tmp_path / "anchor.key"
    result = CliRunner().invoke(main, ["audit", "keygen", str(private)])
    assert result.exit_code == 0, result.output
    return private, tmp_path / "anchor.key.pub"


def _events(n: int) -> int:
    """n new events; returns the head seq."""
    for i in range(n):
        audit.record(
            audit.Who(None, "writer", "", None), action="read", outcome="allowed", purpose=str(i)
        )
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True)[0]


def _anchor(private: Path, log: Path) -> Result:
    return CliRunner().invoke(main, ["audit", "anchor", "--key", str(private), "--out", str(log)])


def _verify(log: Path, public: Path) -> Result:
    return CliRunner().invoke(
        main, ["audit", "verify", "--anchors", str(log), "--public-key", str(public)]
    )


def _as_owner(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The owner can switch the append-only trigger off; only anchors still tell.
            cursor.execute(
                "ALTER TABLE access_auditevent DISABLE TRIGGER access_auditevent_append_only"
            )
        cursor.execute(sql, params)


def _rewrite_and_rehash(seq: int) -> None:
    """Edit event `seq`, then recompute its hash and every later one: the chain verifies."""
    _as_owner("UPDATE access_auditevent SET purpose = 'rewritten' WHERE seq = %s", [seq])
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else audit.GENESIS
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        event.prev_hash, event.hash = prev, audit.chain_hash(prev, event)
        _as_owner(
            "UPDATE access_auditevent SET prev_hash = %s, hash = %s WHERE seq = %s",
            [event.prev_hash, event.hash, event.seq],
        )
        prev = event.hash


def test_it_refuses_a_missing_or_wrong_key_file(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    log = tmp_path / "anchors.log"
    missing = _anchor(tmp_path / "nope.key", log)
    assert missing.exit_code == 2 and "cannot read the key file" in missing.output
    public_as_private = _anchor(keys[1], log)
    assert public_as_private.exit_code == 2 and "not an unencrypted PEM private key" in (
        public_as_private.output
    )
    garbage = tmp_path / "garbage.pub"
    garbage.write_text("not a key")
    bad_public = _verify(log, garbage)
    assert bad_public.exit_code == 2 and "not a PEM public key" in bad_public.output
    no_public = CliRunner().invoke(main, ["audit", "verify", "--anchors", str(log)])
    assert no_public.exit_code == 2 and "--public-key" in no_public.output
    no_log = _verify(log, keys[1])
    assert no_log.exit_code == 2 and f"--anchors {log}: No such file" in no_log.output
    assert not log.exists()


def test_it_refuses_to_overwrite_a_key_and_writes_new_ones_private(
    tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    private, public = keys
    before = private.read_bytes()
    again = CliRunner().invoke(main, ["audit", "keygen", str(private)])
    assert again.exit_code == 2 and "cannot create the key file" in again.output
    assert private.read_bytes() == before
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(public.stat().st_mode) == 0o600
    assert b"BEGIN PRIVATE KEY" in before and b"BEGIN PUBLIC KEY" in public.read_bytes()


def test_it_refuses_a_forged_or_foreign_anchor_line(
    world: object, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    private, public = keys
    log = tmp_path / "anchors.log"
    assert _anchor(private, log).exit_code == 0
    line = json.loads(log.read_text())
    line["anchor"]["seq"] -= 1  # moved back, signature kept: a forgery
    other = tmp_path / "other.key"
    CliRunner().invoke(main, ["audit", "keygen", str(other)])
    _anchor(other, log)
    with log.open("a") as handle:
        handle.write(json.dumps(line) + "\n")
    result = _verify(log, public)
    assert result.exit_code == 1, result.output
    assert "anchor log line 2: signed by another key" in result.output
    assert "anchor log line 3: bad signature (forged or altered)" in result.output


def test_it_names_the_seq_after_which_a_cut_tail_is_missing(
    world: object, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    private, public = keys
    log = tmp_path / "anchors.log"
    head = _events(5)
    assert _anchor(private, log).exit_code == 0
    _as_owner("DELETE FROM access_auditevent WHERE seq > %s", [head - 3])
    # The chain alone still verifies: this is the attack anchors exist for.
    assert audit.verify().first_broken_seq is None
    result = _verify(log, public)
    assert result.exit_code == 1, result.output
    assert f"truncated: events after seq {head - 3} are missing" in result.output
    assert f"recorded seq {head}" in result.output
    assert f"first bad sequence number: {head - 2}" in result.output


def test_it_names_the_exact_seq_of_a_rewrite_with_recomputed_hashes(
    world: object, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    private, public = keys
    log = tmp_path / "anchors.log"
    target = _events(3) + 1  # the event the attacker will rewrite
    _anchor(private, log)  # at target - 1
    _events(1)
    _anchor(private, log)  # at target
    head = _events(4)
    _anchor(private, log)  # at head
    _rewrite_and_rehash(target)
    assert audit.verify().first_broken_seq is None  # the chain alone is fooled
    result = _verify(log, public)
    assert result.exit_code == 1, result.output
    assert f"rewritten at or before seq {target}" in result.output
    assert f"the first changed event is seq {target}" in result.output
    assert f"first bad sequence number: {target}" in result.output
    assert f"seq {head}" not in result.output  # reports the first bad anchor only


def test_it_bounds_a_rewrite_between_two_sparse_anchors(
    world: object, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    private, public = keys
    log = tmp_path / "anchors.log"
    good = _events(1)
    _anchor(private, log)
    head = _events(6)
    _anchor(private, log)
    _rewrite_and_rehash(good + 3)
    result = _verify(log, public)
    assert result.exit_code == 1, result.output
    assert f"the first changed event is one of seq {good + 1} to {head}" in result.output
    assert f"events up to seq {good} match their anchors" in result.output
    assert f"first bad sequence number: {good + 1}" in result.output


def test_it_verifies_a_good_chain_against_every_anchor(
    world: object, tmp_path: Path, keys: tuple[Path, Path]
) -> None:
    private, public = keys
    log = tmp_path / "anchors.log"
    for _ in range(3):
        _events(2)
        result = _anchor(private, log)
        assert result.exit_code == 0 and "anchored seq" in result.output
    _events(2)  # events after the last anchor are fine: the next anchor covers them
    lines = log.read_text().splitlines()
    assert len(lines) == 3
    assert [json.loads(x)["anchor"]["seq"] for x in lines] == sorted(
        json.loads(x)["anchor"]["seq"] for x in lines
    )
    result = _verify(log, public)
    assert result.exit_code == 0, result.output
    assert f"ok: {AuditEvent.objects.count()} events verified" in result.output
    assert f"ok: 3 anchors in {log} match the chain" in result.output
    newest = json.loads(lines[-1])["anchor"]
    assert f"newest anchor: seq {newest['seq']} at {newest['at']}" in result.output
    assert newest["seq"] == AuditEvent.objects.count() - 2


def test_it_reads_the_anchor_settings_from_the_environment(
    world: object, tmp_path: Path, keys: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    private, public = keys
    log = tmp_path / "env-anchors.log"
    monkeypatch.setenv("OPENLEAD_AUDIT_ANCHOR_KEY", str(private))
    monkeypatch.setenv("OPENLEAD_AUDIT_ANCHOR_FILE", str(log))
    monkeypatch.setenv("OPENLEAD_AUDIT_ANCHOR_PUBLIC_KEY", str(public))
    assert CliRunner().invoke(main, ["audit", "anchor"]).exit_code == 0
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "ok: 1 anchors" in result.output
