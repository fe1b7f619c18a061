"""A software passkey for the Django tests: an ES256 key pair whose public half is stored
as a PortalPasskey and whose assertions are signed like a phone's (WebAuthn level 2),
so the views verify real answers with py_webauthn, without a browser."""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

from openlead.portal.models import PortalAccount, PortalPasskey

ORIGIN = "http://testserver"
RP_ID = "testserver"


def _cose(key: ec.EllipticCurvePrivateKey) -> bytes:
    numbers = key.public_key().public_numbers()
    return cbor2.dumps(
        {1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
    )


@dataclass
class SoftKey:
    passkey: PortalPasskey
    key: ec.EllipticCurvePrivateKey
    counter: int = 0
    seen: list[str] = field(default_factory=list)

    def answer(self, challenge: str, *, origin: str = ORIGIN) -> dict[str, Any]:
        self.counter += 1
        client = json.dumps(
            {"type": "webauthn.get", "challenge": challenge, "origin": origin}
        ).encode()
        auth = hashlib.sha256(RP_ID.encode()).digest() + b"\x05" + struct.pack(">I", self.counter)
        signature = self.key.sign(auth + hashlib.sha256(client).digest(), ec.ECDSA(hashes.SHA256()))
        raw = bytes(self.passkey.credential_id)
        return {
            "id": bytes_to_base64url(raw),
            "rawId": bytes_to_base64url(raw),
            "type": "public-key",
            "response": {
                "clientDataJSON": bytes_to_base64url(client),
                "authenticatorData": bytes_to_base64url(auth),
                "signature": bytes_to_base64url(signature),
                "userHandle": None,
            },
        }


def soft_key(account: PortalAccount, credential: bytes = b"soft-credential-1") -> SoftKey:
    key = ec.generate_private_key(ec.SECP256R1())
    passkey = PortalPasskey.objects.create(
        account=account, credential_id=credential, public_key=_cose(key), label="Phone passkey"
    )
    return SoftKey(passkey, key)


def challenge_of(options: dict[str, Any]) -> str:
    base64url_to_bytes(options["challenge"])  # a real base64url challenge
    return str(options["challenge"])
