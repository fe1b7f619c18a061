"""AES-256-GCM envelope encryption and keyed blind indexes.

Each person has a random data key (DEK). The DEK is stored only wrapped by a
key-encryption key (KEK) that comes from the environment, never from the database.
Every ciphertext carries associated data naming its table, row and column, so a
ciphertext copied to another row or column fails to decrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_V1 = b"\x01"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A ciphertext was altered, moved, or its key is gone (crypto-shredded)."""


@dataclass(frozen=True)
class KeyRing:
    current_id: str
    keks: dict[str, bytes]

    def wrap(self, dek: bytes, person_ref: str) -> tuple[str, bytes]:
        nonce = os.urandom(NONCE_BYTES)
        aad = b"dek|" + person_ref.encode()
        wrapped = nonce + AESGCM(self.keks[self.current_id]).encrypt(nonce, dek, aad)
        return self.current_id, wrapped

    def unwrap(self, kek_id: str, wrapped: bytes, person_ref: str) -> bytes:
        kek = self.keks.get(kek_id)
        if kek is None:
            raise DecryptionError(f"key-encryption key {kek_id!r} is not configured")
        aad = b"dek|" + person_ref.encode()
        try:
            return AESGCM(kek).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
        except InvalidTag:
            raise DecryptionError("data key failed authentication") from None


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def field_aad(table: str, row_ref: str, column: str) -> bytes:
    return f"{table}|{row_ref}|{column}".encode()


def encrypt(dek: bytes, plaintext: str, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return FORMAT_V1 + nonce + AESGCM(dek).encrypt(nonce, plaintext.encode(), aad)


def decrypt(dek: bytes, blob: bytes, aad: bytes) -> str:
    if not blob or blob[:1] != FORMAT_V1:
        raise DecryptionError("unknown ciphertext format")
    nonce, body = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return AESGCM(dek).decrypt(nonce, body, aad).decode()
    except InvalidTag:
        raise DecryptionError("ciphertext failed authentication") from None


def normalise_identifier(value: str) -> str:
    """Exact-match search ignores case, spaces and dashes the way people type IDs."""
    text = unicodedata.normalize("NFKC", value).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def blind_index(key: bytes, system: str, value: str) -> str:
    message = f"{system}|{normalise_identifier(value)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
