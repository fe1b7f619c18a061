"""Import mappings: which columns and codes of a source extract mean what.

A mapping is a TOML file (see openlead/records/mappings/ and docs/records.md). Every
mistake is reported with the mapping file, the line and the key, before any row is read.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openlead.eligibility.toml_lines import KeyLocator, format_key

KINDS = ("arrest", "charge", "booking", "jail_stay", "prison_admission", "disposition")
SEVERITIES = ("felony", "misdemeanor")
SEXES = ("M", "F", "U")
IDENTITY_COLUMNS = ("first_name", "last_name", "dob", "sex", "state_id", "booking_number")
# Optional fields the linker compares when both sides carry them (openlead.linkage.fields);
# sealed with the rest of the identity. `aliases` is one column of names separated by
# commas, semicolons or slashes.
EXTRA_IDENTITY = (
    "middle_name",
    "house_number",
    "street",
    "city",
    "postal_code",
    "phone",
    "aliases",
)
REQUIRED_IDENTITY = ("first_name", "last_name", "dob")

_TABLES: dict[str, tuple[str, ...] | None] = {
    # None: free keys (code tables)
    "source": ("description", "date_format", "encoding"),
    "record": ("id", "kind", "code", "text", "date", "end_date", "severity"),
    "identity": IDENTITY_COLUMNS + EXTRA_IDENTITY,
    "kinds": None,
    "severities": None,
    "sex_codes": None,
}


class MappingError(Exception):
    """A mistake in a mapping file; the message names the file, line and key."""


@dataclass(frozen=True)
class Mapping:
    path: Path
    sha256: str
    record: dict[str, str]  # role -> column name ("id", "code", "text", "date", ...)
    identity: dict[str, str]  # identity field -> column name
    fixed_kind: str = ""
    kinds: dict[str, str] = field(default_factory=dict)  # upper-case code -> kind
    severities: dict[str, str] = field(default_factory=dict)
    sex_codes: dict[str, str] = field(default_factory=dict)
    date_format: str = "%Y-%m-%d"
    encoding: str = "utf-8-sig"
    description: str = ""
    _locator: KeyLocator | None = None

    def columns(self) -> dict[str, str]:
        """Every column the mapping names, keyed by its dotted mapping key."""
        named = {f"record.{k}": v for k, v in self.record.items() if k != "kind"}
        named.update({f"identity.{k}": v for k, v in self.identity.items()})
        return named

    def where(self, key: str) -> str:
        """`FILE line N, key K` for messages."""
        line = self._locator.line_of(tuple(key.split("."))) if self._locator else 1
        return f"{self.path}: line {line}, key {key}"

    def check_header(self, header: list[str]) -> None:
        present = set(header)
        for key, column in self.columns().items():
            if column not in present:
                raise MappingError(
                    f"{self.where(key)}: column {column!r} is not in the file's header"
                )


def load_mapping(path: Path) -> Mapping:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise MappingError(f"{path}: the mapping is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's error has no line attribute; its message ends "(at line N, column M)".
        found = re.search(r"^(.*) \(at line (\d+), column \d+\)$", str(exc))
        where, what = (f"line {found.group(2)}", found.group(1)) if found else ("", str(exc))
        raise MappingError(
            f"{path}: {where + ': ' if where else ''}not valid TOML ({what})"
        ) from None
    locator = KeyLocator(text)
    return _Builder(path, data, locator, hashlib.sha256(raw).hexdigest()).build()


class _Builder:
    def __init__(self, path: Path, data: dict[str, Any], locator: KeyLocator, sha: str) -> None:
        self.path, self.data, self.locator, self.sha = path, data, locator, sha

    def fail(self, key: tuple[str, ...], message: str) -> MappingError:
        line = self.locator.line_of(key)
        return MappingError(f"{self.path}: line {line}, key {format_key(key)}: {message}")

    def build(self) -> Mapping:
        self._check_tables()
        record = self._strings("record")
        identity = self._strings("identity")
        for key in ("id", "date"):
            if not record.get(key):
                raise self.fail(("record",), f"record.{key} is required (a column name)")
        for key in REQUIRED_IDENTITY:
            if not identity.get(key):
                raise self.fail(("identity",), f"identity.{key} is required (a column name)")
        kinds = self._codes("kinds", KINDS)
        fixed = record.pop("kind", "")
        self._check_kind_source(record, kinds, fixed)
        severities = self._codes("severities", SEVERITIES)
        uses = set(kinds.values()) | ({fixed} if fixed else set())
        if "charge" in uses and not (record.get("severity") and severities):
            raise self.fail(("record",), "charges need record.severity and a [severities] table")
        source = self._strings("source")
        return Mapping(
            path=self.path,
            sha256=self.sha,
            record={k: v for k, v in record.items() if v},
            identity={k: v for k, v in identity.items() if v},
            fixed_kind=fixed,
            kinds=kinds,
            severities=severities,
            sex_codes=self._codes("sex_codes", SEXES),
            date_format=source.get("date_format") or "%Y-%m-%d",
            encoding=source.get("encoding") or "utf-8-sig",
            description=source.get("description", ""),
            _locator=self.locator,
        )

    def _check_tables(self) -> None:
        for name, value in self.data.items():
            if name not in _TABLES:
                raise self.fail((name,), f"unknown table; expected one of {', '.join(_TABLES)}")
            if not isinstance(value, dict):
                raise self.fail((name,), "must be a table ([name])")
            allowed = _TABLES[name]
            for key, item in value.items():
                if allowed is not None and key not in allowed:
                    raise self.fail(
                        (name, key), f"unknown key; expected one of {', '.join(allowed)}"
                    )
                if not isinstance(item, str):
                    raise self.fail((name, key), "must be a string")

    def _strings(self, table: str) -> dict[str, str]:
        return {k: str(v).strip() for k, v in self.data.get(table, {}).items()}

    def _codes(self, table: str, allowed: tuple[str, ...]) -> dict[str, str]:
        out: dict[str, str] = {}
        for code, value in self.data.get(table, {}).items():
            if value not in allowed:
                raise self.fail((table, code), f"{value!r} is not one of {', '.join(allowed)}")
            out[code.strip().upper()] = value
        return out

    def _check_kind_source(self, record: dict[str, str], kinds: dict[str, str], fixed: str) -> None:
        if fixed:
            if fixed not in KINDS:
                raise self.fail(("record", "kind"), f"{fixed!r} is not one of {', '.join(KINDS)}")
            if kinds:
                raise self.fail(("kinds",), "give either record.kind or a [kinds] table, not both")
        elif not (record.get("code") and kinds):
            raise self.fail(
                ("record",), "give record.kind, or record.code with a [kinds] table of codes"
            )
