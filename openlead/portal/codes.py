"""Enrolment codes a case manager can read aloud or print: 12 characters from an
alphabet without look-alikes (no 0/O, 1/I/L), shown as three groups of four.

12 characters of 31 give about 59 bits, and the sign-in pages' per-network throttle slows
guessing further. The code is kept only as a keyed hash (HMAC-SHA256 under the blind-index
key, with a label of its own), so the table cannot be read back into working codes and a
typed code can still be looked up.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS = 3
GROUP_SIZE = 4
LENGTH = GROUPS * GROUP_SIZE


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return shown(raw)


def shown(raw: str) -> str:
    return "-".join(raw[i : i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))


def normalized(typed: str) -> str:
    """What the person typed, without spaces or dashes, in capitals ("" if it cannot be a code)."""
    text = "".join(ch for ch in typed.upper() if ch.isalnum())
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return ""
    return text


def code_hash(raw: str) -> str:
    message = f"openlead.portal-enrolment|{raw}".encode()
    return hmac.new(settings.OPENLEAD_BLIND_INDEX_KEY, message, hashlib.sha256).hexdigest()
