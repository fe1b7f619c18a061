"""Uploads of justice-record extracts (the API's POST /api/v1/imports/).

The upload is written to a private temporary directory and imported by records.importer
exactly as `openlead import justice` imports a file: the same ledger, the same rejected
rows, one audit event per batch, and the same file with the same mapping is never stored
twice. The mapping is one of the bundled ones (openlead/records/mappings/), chosen by
name: a caller never sends TOML the server would have to trust. Clustering (dedupe) is
left to the command line: it pulls in Splink, which a web worker must not wait on."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError

from openlead.access.acting import Actor
from openlead.records.importer import UnreadableFile, import_file
from openlead.records.mapping import Mapping, MappingError, load_mapping
from openlead.records.models import ImportBatch

MAPPINGS_DIR = Path(__file__).resolve().parents[1] / "mappings"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def mapping_names() -> list[str]:
    return sorted(p.stem for p in MAPPINGS_DIR.glob("*.toml"))


def _mapping(name: str) -> Mapping:
    if name not in mapping_names():
        known = ", ".join(mapping_names())
        raise ValidationError({"mapping": [f"No mapping named {name!r}; use one of: {known}."]})
    try:
        return load_mapping(MAPPINGS_DIR / f"{name}.toml")
    except MappingError as exc:  # a bundled mapping is tested; say so rather than a 500
        raise ValidationError({"mapping": [str(exc)]}) from None


def safe_file_name(name: str) -> str:
    """The upload's own name, kept on the batch, without any path or odd characters."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._")
    return (base or "upload.csv")[:120]


def check_import_upload(
    chunks: Iterable[bytes],
    *,
    file_name: str,
    mapping_name: str,
    source: str,
    acting: Actor,
) -> ImportBatch:
    """Import one uploaded extract for the actor's program; the batch it made (or the
    earlier batch of the same file and mapping). A file that cannot be read, or whose
    header lacks a mapped column, is a ValidationError on `file` naming row and column;
    the caller's transaction then leaves nothing behind."""
    mapping = _mapping(mapping_name)
    name = safe_file_name(file_name)
    with tempfile.TemporaryDirectory(prefix="openlead-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        try:
            outcome = import_file(
                path,
                mapping,
                source=source,
                acting=acting,
                program_id=acting.program_id,
                report_path=Path(folder) / "rejected-rows.csv",
            )
        except (MappingError, UnreadableFile) as exc:
            # Name the upload and the mapping, never the server's temporary paths.
            said = str(exc).replace(str(path), name).replace(str(mapping.path), mapping_name)
            raise ValidationError({"file": [said]}) from None
    batch = outcome.batch or outcome.already_done
    assert batch is not None  # import_file returns one or the other
    return batch
