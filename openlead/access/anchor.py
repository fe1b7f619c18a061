"""Anchors of the audit chain, kept outside the database.

The hash chain alone proves only that the stored events agree with each other: whoever
can write the table (a database owner or superuser) can cut its tail, or edit one event
and recompute every later hash, and the chain still verifies. An anchor is the chain's
head (sequence number and hash) signed with an Ed25519 key the database never sees,
appended as one line to a log kept elsewhere (an append-only file, remote syslog).
Because hash(n) commits to every event up to n, an anchor that still matches proves
events 1..n unchanged; one that no longer matches, or names a seq past the head, proves
a rewrite or a truncation, and the anchors either side bound where it happened.

One anchor line: {"anchor": {"seq", "hash", "at", "key_id"}, "sig": base64(Ed25519 over
the canonical JSON of "anchor")}.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

LOOKUP_CHUNK = 1000  # anchored seqs fetched per query


class AnchorKeyError(Exception):
    """A key file that is missing, unreadable or not an Ed25519 key (the message says which)."""


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    key_id: str
    line: int  # line number in the anchor log, for the report


@dataclass(frozen=True)
class Finding:
    """One thing wrong; `seq` is the first sequence number that is not proven good."""

    seq: int
    message: str


# Keys -------------------------------------------------------------------------------


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def write_key_pair(private_path: Path) -> Path:
    """A new Ed25519 key pair: PRIVATE (mode 0600) and PRIVATE.pub; never overwrites."""
    public_path = private_path.with_name(private_path.name + ".pub")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    for path, data in ((private_path, private_pem), (public_path, public_pem)):
        try:
            # O_EXCL: an existing key is never replaced (its anchors would stop verifying).
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise AnchorKeyError(f"{path}: cannot create the key file ({exc.strerror})") from None
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    return public_path


def _read_pem(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AnchorKeyError(f"{path}: cannot read the key file ({exc.strerror})") from None


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(_read_pem(path), password=None)
    except (ValueError, TypeError):
        raise AnchorKeyError(f"{path}: not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AnchorKeyError(f"{path}: not an Ed25519 key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The public key (a `.pub` PEM); a private key file is accepted too."""
    data = _read_pem(path)
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise AnchorKeyError(f"{path}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise AnchorKeyError(f"{path}: not an Ed25519 key")
    return key


# Writing anchors ----------------------------------------------------------------------


def _payload_bytes(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def anchor_line(seq: int, head_hash: str, key: Ed25519PrivateKey, at: dt.datetime) -> str:
    payload = {
        "seq": seq,
        "hash": head_hash,
        "at": at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "key_id": key_id(key.public_key()),
    }
    signature = base64.b64encode(key.sign(_payload_bytes(payload))).decode()
    return json.dumps({"anchor": payload, "sig": signature}, sort_keys=True)


def append_line(path: Path, line: str) -> None:
    """One write in O_APPEND mode, flushed to disk: the file only ever grows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def current_head() -> tuple[int, str]:
    """(seq, hash) of the newest audit event; (0, GENESIS) for an empty log."""
    from openlead.access.audit import GENESIS
    from openlead.access.models import AuditEvent

    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return (head[0], head[1]) if head else (0, GENESIS)


# Checking anchors ---------------------------------------------------------------------


def read_anchors(path: Path, public: Ed25519PublicKey) -> tuple[list[Anchor], list[Finding]]:
    """Anchors whose signature verifies, plus a finding for every line that does not.

    Raises OSError if the log cannot be read (a configuration problem, not tampering).
    """
    anchors: list[Anchor] = []
    findings: list[Finding] = []
    expected_id = key_id(public)
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        if not text.strip():
            continue
        anchor = _parse_line(text, number, public, expected_id)
        if isinstance(anchor, str):
            # seq 1: nothing is proven by a line we cannot trust.
            findings.append(Finding(1, f"anchor log line {number}: {anchor}"))
        else:
            anchors.append(anchor)
    return anchors, findings


def _parse_line(text: str, number: int, public: Ed25519PublicKey, expected: str) -> Anchor | str:
    try:
        record = json.loads(text)
        payload, signature = record["anchor"], base64.b64decode(record["sig"], validate=True)
        anchor = Anchor(
            int(payload["seq"]), str(payload["hash"]), payload["at"], payload["key_id"], number
        )
    except (ValueError, KeyError, TypeError, binascii.Error):
        return "not an anchor (damaged or inserted by hand)"
    if anchor.key_id != expected:
        return f"signed by another key ({anchor.key_id}, expected {expected})"
    try:
        public.verify(signature, _payload_bytes(payload))
    except InvalidSignature:
        return "bad signature (forged or altered)"
    return anchor


def check_anchors(anchors: Iterable[Anchor], head_seq: int) -> list[Finding]:
    """Compare each anchor with the stored event at its seq.

    Sorted by seq, anchors that match prove the prefix up to them; the first that does
    not match bounds a rewrite to (last good seq, its seq], and an anchor past the head
    proves the tail was cut.
    """
    ordered = sorted(anchors, key=lambda a: a.seq)
    stored = _stored_hashes([a.seq for a in ordered if a.seq <= head_seq])
    good = 0
    for anchor in ordered:
        if anchor.seq > head_seq:
            return [_truncated(anchor, head_seq, good)]
        if anchor.seq == 0 or stored.get(anchor.seq) == anchor.hash:
            good = anchor.seq
            continue
        return [_rewritten(anchor, good)]
    return []


def _truncated(anchor: Anchor, head_seq: int, good: int) -> Finding:
    return Finding(
        head_seq + 1,
        f"truncated: events after seq {head_seq} are missing (the anchor of {anchor.at}, "
        f"line {anchor.line}, recorded seq {anchor.seq}); events up to seq {good} match "
        "their anchors",
    )


def _rewritten(anchor: Anchor, good: int) -> Finding:
    if good + 1 == anchor.seq:
        where = f"the first changed event is seq {anchor.seq}"
    else:
        where = f"the first changed event is one of seq {good + 1} to {anchor.seq}"
    return Finding(
        good + 1,
        f"rewritten at or before seq {anchor.seq} (the anchor of {anchor.at}, line "
        f"{anchor.line}, no longer matches the stored hash); events up to seq {good} match "
        f"their anchors, so {where}",
    )


def _stored_hashes(seqs: list[int]) -> dict[int, str]:
    from openlead.access.models import AuditEvent

    found: dict[int, str] = {}
    unique = sorted(set(seqs))
    for start in range(0, len(unique), LOOKUP_CHUNK):
        chunk = unique[start : start + LOOKUP_CHUNK]
        found.update(AuditEvent.objects.filter(seq__in=chunk).values_list("seq", "hash"))
    return found
