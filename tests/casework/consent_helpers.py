"""What the release-of-information tests share: a real small PNG signature, a valid form
post for each method, and the URLs."""

from __future__ import annotations

import base64
import datetime as dt
import struct
import zlib
from typing import Any

from django.urls import reverse

from tests.conftest import World, program_today


def png(width: int = 60, height: int = 20) -> bytes:
    """A real PNG: signature, IHDR, one IDAT of white rows with a black line, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\x00" + (b"\x00" if y == height // 2 else b"\xff") * width for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def data_url(raw: bytes | None = None) -> str:
    return "data:image/png;base64," + base64.b64encode(raw if raw is not None else png()).decode()


def release_post(world: World, **overrides: Any) -> dict[str, Any]:
    """A valid release to the defender's office, signed on screen, from today for 90 days."""
    today = program_today(world.programs["demo"])
    data: dict[str, Any] = {
        "recipient_kind": "organization",
        "organization": str(world.orgs["defender"].pk),
        "field_groups": ["identity", "legal"],
        "purpose": "So my lawyer can plan my court dates with my case manager",
        "starts_on": today.isoformat(),
        "expires_on": (today + dt.timedelta(days=90)).isoformat(),
        "method": "signed_on_screen",
        "signature": data_url(),
        "signed_on": today.isoformat(),
        "told_right_to_revoke": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def new_url(world: World, key: str = "same") -> str:
    return reverse("casework_consent_new", kwargs={"public_id": world.people[key].public_id})


def person_url(world: World, key: str) -> str:
    return reverse("person_detail", kwargs={"public_id": world.people[key].public_id})
