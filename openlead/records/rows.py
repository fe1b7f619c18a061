"""Turn one CSV row into a JusticeRecord, or into the reasons it cannot be one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from openlead.access import crypto
from openlead.access.models import new_public_id
from openlead.records.keys import Sealer
from openlead.records.mapping import Mapping

# The order of a parsed row (a plain tuple: a million model instances cost too much).
COLUMNS = (
    "public_id",
    "source",
    "external_id",
    "batch_id",
    "program_id",
    "kind",
    "occurred_on",
    "ended_on",
    "severity",
    "raw_code",
    "raw_text",
    "raw_severity",
    "identity",
    "birth_year",
    "state_id_index",
    "booking_number_index",
)
EXTERNAL_ID = COLUMNS.index("external_id")
RECORD_ROLES = ("id", "code", "text", "date", "end_date", "severity")
Row = tuple[object, ...]

_TODAY_PLUS = dt.date.today() + dt.timedelta(days=1)
_EARLIEST = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based data row, header not counted
    column: str
    reason: str


class RowParser:
    """Column positions and code tables resolved once; `parse` runs per row."""

    def __init__(
        self,
        mapping: Mapping,
        header: list[str],
        sealer: Sealer,
        batch_id: int,
        program_id: int | None,
    ) -> None:
        self.m = mapping
        self.sealer = sealer
        self.batch_id, self.program_id = batch_id, program_id
        pos = {name: i for i, name in enumerate(header)}
        # Unmapped roles point at index -1: the empty cell `parse` appends to every row.
        self.rec = {
            k: (mapping.record.get(k, ""), pos.get(mapping.record.get(k, ""), -1))
            for k in RECORD_ROLES
        }
        self.ident = {k: (c, pos[c]) for k, c in mapping.identity.items()}
        self.width = len(header)
        self._dates: dict[str, dt.date | None] = {}
        self._indexes: dict[tuple[str, str], str] = {}
        self._index_key: bytes = settings.OPENLEAD_BLIND_INDEX_KEY

    def date(self, text: str) -> dt.date | None:
        """Parsed date, None if unparseable; cached because extracts repeat dates a lot."""
        try:
            return self._dates[text]
        except KeyError:
            pass
        try:
            if self.m.date_format == "%Y-%m-%d":
                value: dt.date | None = dt.date.fromisoformat(text)
            else:
                value = dt.datetime.strptime(text, self.m.date_format).date()
        except ValueError:
            value = None
        if len(self._dates) < 200_000:
            self._dates[text] = value
        return value

    def _cell(self, row: list[str], spec: tuple[str, int]) -> str:
        return row[spec[1]]

    def parse(self, number: int, raw: list[str]) -> Row | list[RowError]:
        if len(raw) != self.width:
            return [RowError(number, "*", f"has {len(raw)} fields, the header has {self.width}")]
        row = [cell.strip() for cell in raw]
        row.append("")
        errors: list[RowError] = []
        external_id = self._cell(row, self.rec["id"])
        if not external_id:
            errors.append(RowError(number, self.rec["id"][0], "the record id is empty"))
        elif len(external_id) > 120:
            errors.append(
                RowError(number, self.rec["id"][0], "the record id is over 120 characters")
            )
        kind, raw_code = self._kind(number, row, errors)
        occurred = self._date_cell(number, row, "date", errors, required=True)
        ended = self._date_cell(number, row, "end_date", errors, required=False)
        if occurred and ended and ended < occurred:
            errors.append(RowError(number, self.rec["end_date"][0], "ends before it starts"))
        severity, raw_severity = self._severity(number, row, kind, errors)
        identity = self._identity(number, row, errors)
        if errors:
            return errors
        assert occurred is not None
        dob = identity.get("dob", "")
        return (
            new_public_id(),
            self.sealer.source,
            external_id,
            self.batch_id,
            self.program_id,
            kind,
            occurred,
            ended if kind == "jail_stay" else None,
            severity,
            raw_code[:80],
            self._cell(row, self.rec["text"])[:300],
            raw_severity[:40],
            self.sealer.seal(external_id, identity),
            int(dob[:4]) if dob else None,
            self.index("state_id", identity.get("state_id", "")),
            self.index("booking_number", identity.get("booking_number", "")),
        )

    def index(self, system: str, value: str) -> str:
        """The blind index (as openlead.people.vault.identifier_index), cached per value."""
        if not value:
            return ""
        key = (system, value)
        found = self._indexes.get(key)
        if found is None:
            found = crypto.blind_index(self._index_key, system, value)
            if len(self._indexes) < 200_000:
                self._indexes[key] = found
        return found

    def _kind(self, number: int, row: list[str], errors: list[RowError]) -> tuple[str, str]:
        raw = self._cell(row, self.rec["code"])
        if self.m.fixed_kind:
            return self.m.fixed_kind, raw
        kind = self.m.kinds.get(raw.upper(), "")
        if not kind:
            column = self.rec["code"][0]
            reason = "the event code is empty" if not raw else f"unknown event code {raw[:20]!r}"
            errors.append(RowError(number, column, f"{reason} (add it to [kinds])"))
        return kind, raw

    def _date_cell(
        self, number: int, row: list[str], key: str, errors: list[RowError], *, required: bool
    ) -> dt.date | None:
        spec = self.rec[key]
        text = row[spec[1]]
        if not text:
            if required:
                errors.append(RowError(number, spec[0], "the date is empty"))
            return None
        value = self.date(text)
        if value is None:
            errors.append(
                RowError(number, spec[0], f"not a date in the format {self.m.date_format}")
            )
        return value

    def _severity(
        self, number: int, row: list[str], kind: str, errors: list[RowError]
    ) -> tuple[str, str]:
        raw = self._cell(row, self.rec["severity"])
        if kind != "charge":
            return "", raw
        severity = self.m.severities.get(raw.upper(), "")
        if not severity:
            column = self.rec["severity"][0]
            reason = "a charge needs a severity" if not raw else f"unknown severity {raw[:20]!r}"
            errors.append(RowError(number, column, f"{reason} (add it to [severities])"))
        return severity, raw

    def _identity(self, number: int, row: list[str], errors: list[RowError]) -> dict[str, str]:
        out = {k: self._cell(row, spec) for k, spec in self.ident.items()}
        if not out.get("last_name"):
            errors.append(RowError(number, self.ident["last_name"][0], "the last name is empty"))
        if out.get("dob"):
            dob = self.date(out["dob"])
            if dob is None or not _EARLIEST <= dob < _TODAY_PLUS:
                # The value itself is identifying: the reason never repeats it.
                reason = f"not a date of birth in the format {self.m.date_format}"
                errors.append(RowError(number, self.ident["dob"][0], reason))
            else:
                out["dob"] = dob.isoformat()
        if "sex" in out:
            out["sex"] = self._sex(number, out["sex"], errors)
        return {k: v for k, v in out.items() if v}

    def _sex(self, number: int, raw: str, errors: list[RowError]) -> str:
        code = raw.upper()
        if self.m.sex_codes:
            value = self.m.sex_codes.get(code)
            if value is None and code:
                errors.append(
                    RowError(
                        number, self.ident["sex"][0], "unknown sex code (add it to [sex_codes])"
                    )
                )
            return "" if value in (None, "U") else str(value)
        return code if code in ("M", "F") else ""
