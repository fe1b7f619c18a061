"""Per-source data keys and the sealed identity of imported records.

An imported record has no Person yet, so it cannot use a person's key. Each source
(a police records system, a jail) gets one random data key, wrapped by the KEK like
PersonKey and stored in the keys database. Destroying a source's key crypto-shreds
every record of that source, in old backups too. A per-source key (not per record)
keeps a million-row import fast: one key unwrap, one AES-GCM context.
"""

from __future__ import annotations

import json
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import IntegrityError, transaction
from django.utils import timezone

from openlead.access import crypto
from openlead.people.vault import keyring
from openlead.records.models import SourceKey

TABLE = "records.justicerecord"
COMPARISON_TABLE = "records.comparisonperson"


def _key_ref(source: str) -> str:
    return f"source:{source}"


def source_data_key(source: str, *, create: bool = False) -> bytes:
    row = SourceKey.objects.filter(source=source).first()
    if row is None:
        if not create:
            raise crypto.DecryptionError(f"no data key for source {source!r} (crypto-shredded?)")
        dek = crypto.new_data_key()
        kek_id, wrapped = keyring().wrap(dek, _key_ref(source))
        try:
            with transaction.atomic(using="keys"):
                SourceKey.objects.create(source=source, kek_id=kek_id, wrapped=wrapped)
            return dek
        except IntegrityError:  # another import created it first: use theirs
            row = SourceKey.objects.get(source=source)
    return keyring().unwrap(row.kek_id, bytes(row.wrapped), _key_ref(source))


class Sealer:
    """Seals and opens record identities with one source key (one AES-GCM context)."""

    def __init__(self, source: str, dek: bytes, table: str = TABLE) -> None:
        self.source = source
        self.table = table
        self._aead = AESGCM(dek)

    def _aad(self, external_id: str) -> bytes:
        return crypto.field_aad(self.table, f"{self.source}:{external_id}", "identity")

    def seal(self, external_id: str, identity: dict[str, str]) -> bytes:
        nonce = os.urandom(crypto.NONCE_BYTES)
        body = json.dumps(identity, separators=(",", ":")).encode()
        return crypto.FORMAT_V1 + nonce + self._aead.encrypt(nonce, body, self._aad(external_id))

    def open(self, external_id: str, blob: bytes | memoryview) -> dict[str, Any]:
        data = bytes(blob)
        if data[:1] != crypto.FORMAT_V1:
            raise crypto.DecryptionError("unknown ciphertext format")
        nonce, body = data[1 : 1 + crypto.NONCE_BYTES], data[1 + crypto.NONCE_BYTES :]
        try:
            plain = self._aead.decrypt(nonce, body, self._aad(external_id))
        except Exception:
            raise crypto.DecryptionError("ciphertext failed authentication") from None
        value: dict[str, Any] = json.loads(plain)
        return value


def sealer_for(source: str, *, create: bool = False, table: str = TABLE) -> Sealer:
    """`table` goes into the associated data: a comparison-pool identity (table
    COMPARISON_TABLE) never opens as a justice record's, even under one key name."""
    return Sealer(source, source_data_key(source, create=create), table)


def rotate_source_keys() -> int:
    """Re-wrap every source key under the current KEK (the PersonKey rotation's twin)."""
    ring = keyring()
    done = 0
    for row in SourceKey.objects.exclude(kek_id=ring.current_id).order_by("source"):
        dek = ring.unwrap(row.kek_id, bytes(row.wrapped), _key_ref(row.source))
        row.kek_id, row.wrapped = ring.wrap(dek, _key_ref(row.source))
        row.rotated_at = timezone.now()
        row.save(update_fields=["kek_id", "wrapped", "rotated_at"])
        done += 1
    return done
