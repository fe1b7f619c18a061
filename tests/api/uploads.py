"""Multipart uploads of justice-record extracts to POST /api/v1/imports/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

ROOT = Path(__file__).resolve().parents[2]
POLICE_CSV = ROOT / "docs" / "examples" / "records" / "police_records.csv"
URL = "/api/v1/imports/"


def police_bytes() -> bytes:
    return POLICE_CSV.read_bytes()


def upload(
    client: Any,
    content: bytes | None = None,
    *,
    token: str = "",
    key: str = "k1",
    mapping: str = "police_records",
    source: str = "spd",
    name: str = "police_records.csv",
) -> Any:
    """POST one file (the fake police example unless `content`) as multipart."""
    data = {
        "file": SimpleUploadedFile(name, police_bytes() if content is None else content),
        "mapping": mapping,
        "source": source,
    }
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.post(URL, data, **extra)
