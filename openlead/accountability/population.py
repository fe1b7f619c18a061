"""Reading a population table upload: a CSV of residents by group, every problem named
by file, row and column (docs/accountability.md has the format).

Row numbers count the header as row 1, as in a spreadsheet, like the evaluation inputs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from openlead.accountability.groups import POPULATION_GROUPS

COLUMNS = ("group", "residents")
MAX_BYTES = 100_000  # a table of eight rows; anything bigger is the wrong file
MAX_RESIDENTS = 50_000_000  # more than any US county


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str
    message: str

    def text(self, file_name: str) -> str:
        if self.row is None:
            return f"{file_name}: {self.message}"
        return f"{file_name}, row {self.row}, column '{self.column}': {self.message}"


def _decode(raw: bytes) -> tuple[str | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(None, "", f"larger than {MAX_BYTES // 1000} KB; is it the right file?")
        ]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return None, [Problem(None, "", "not UTF-8 text; save it as CSV (UTF-8)")]


def _header(fields: Sequence[str] | None) -> list[Problem]:
    found = [f.strip().lower() for f in fields or []]
    missing = [c for c in COLUMNS if c not in found]
    extra = [f for f in found if f not in COLUMNS]
    problems = [Problem(1, c, "missing column") for c in missing]
    problems += [Problem(1, f, "unknown column (the columns are group, residents)") for f in extra]
    return problems


def _residents(row: int, text: str) -> tuple[int | None, list[Problem]]:
    cleaned = text.strip().replace(",", "")
    if not cleaned.isdigit():
        return None, [Problem(row, "residents", f"not a whole number of people, got '{text}'")]
    value = int(cleaned)
    if value > MAX_RESIDENTS:
        return None, [Problem(row, "residents", f"more than {MAX_RESIDENTS:,} people")]
    return value, []


def _rows(reader: csv.DictReader[str]) -> tuple[dict[str, int], list[Problem]]:
    counts: dict[str, int] = {}
    problems: list[Problem] = []
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "") for k, v in raw.items()}
        group = row.get("group", "").strip().lower()
        if group not in POPULATION_GROUPS:
            problems.append(Problem(number, "group", f"not one of the groups, got '{group}'"))
            continue
        if group in counts:
            problems.append(Problem(number, "group", f"'{group}' is given twice"))
            continue
        value, found = _residents(number, row.get("residents", ""))
        problems += found
        if value is not None:
            counts[group] = value
    return counts, problems


def read_population(raw: bytes) -> tuple[dict[str, int], list[Problem]]:
    """The residents of each group, or the problems (an empty table on any problem)."""
    text, problems = _decode(raw)
    if text is None:
        return {}, problems
    reader = csv.DictReader(io.StringIO(text))
    problems = _header(reader.fieldnames)
    if problems:
        return {}, problems
    counts, problems = _rows(reader)
    missing = [g for g in POPULATION_GROUPS if g not in counts]
    if not problems and missing:
        problems = [Problem(None, "group", f"no row for {', '.join(missing)}")]
    if not problems and sum(counts.values()) == 0:
        problems = [Problem(None, "residents", "every count is 0")]
    return ({}, problems) if problems else (counts, [])
