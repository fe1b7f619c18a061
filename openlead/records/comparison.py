"""`openlead import comparison`: read a comparison-pool CSV into checked rows.

A comparison pool is the evaluation's comparison group: people arrested for conduct the
program could have diverted, in a comparison area or period, who were never referred.
This module only reads and checks the file; `actions.do_import_comparison` seals and
stores the rows. Reasons never repeat a value: names and dates of birth identify people.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from openlead.people.models import RaceNone, Sex

REQUIRED_COLUMNS = ("external_id", "first_name", "last_name", "dob", "sex", "index_date")
OPTIONAL_COLUMNS = ("state_id", "race")
POOL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
# HMIS data standards 3.04 (Race and Ethnicity) response codes -> Person's race flag columns.
RACE_CODES = {
    "1": "am_ind_ak_native",
    "2": "asian",
    "3": "black_af_american",
    "4": "native_hi_pacific",
    "5": "white",
    "6": "hispanic_latinao",
    "7": "mid_east_n_african",
}
RACE_NONE_CODES = {str(int(c)): int(c) for c in RaceNone}
SEX_CODES = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    **{str(int(c)): Sex(c) for c in Sex},
}
_LINKAGE_SEX = {Sex.FEMALE: "F", Sex.MALE: "M"}
_EARLIEST = dt.date(1900, 1, 1)


class UnreadableComparisonFile(Exception):
    """The file cannot be used at all (nothing is written)."""


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based data row, header not counted (as `openlead import justice`)
    column: str
    reason: str


@dataclass(frozen=True)
class ComparisonRow:
    row: int
    external_id: str
    identity: dict[str, str]  # first_name, last_name, dob, sex (M/F), state_id: sealed
    index_date: dt.date
    sex: int
    race_flags: tuple[str, ...] = ()
    race_none: int | None = None


@dataclass
class ComparisonFile:
    rows: list[ComparisonRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    rows_seen: int = 0


def check_pool_name(pool: str) -> str:
    pool = pool.strip()
    if not POOL_NAME.match(pool):
        raise ValueError(
            "--pool: 1-60 letters, digits, dots, dashes or underscores (e.g. 2025-north-precinct)"
        )
    return pool


def read_comparison_file(path: Path) -> ComparisonFile:
    """Every row checked; raises UnreadableComparisonFile before any row when the file is unusable."""
    reader = csv.DictReader(io.StringIO(_text(path)))
    header = [(name or "").strip() for name in reader.fieldnames or []]
    if not header:
        raise UnreadableComparisonFile(f"{path}: the file is empty (no header row)")
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise UnreadableComparisonFile(
            f"{path}: row 0 (header), column {missing[0]}: required column is missing"
        )
    reader.fieldnames = header
    out = ComparisonFile()
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=1):
        out.rows_seen = number
        row, problems = parse_row(number, raw)
        if row is not None and row.external_id in seen:
            problems.append(
                RowProblem(number, "external_id", f"repeats the id of row {seen[row.external_id]}")
            )
        if problems or row is None:
            out.problems.extend(problems)
            continue
        seen[row.external_id] = number
        out.rows.append(row)
    return out


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UnreadableComparisonFile(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UnreadableComparisonFile(f"{path}: is a directory, not a CSV file") from None
    except OSError as exc:
        raise UnreadableComparisonFile(f"{path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise UnreadableComparisonFile(
            f"{path}: not UTF-8 text (byte {exc.start}); save the CSV as UTF-8"
        ) from None


def parse_row(
    number: int, raw: dict[str | None, object]
) -> tuple[ComparisonRow | None, list[RowProblem]]:
    if raw.get(None):  # csv.DictReader puts surplus fields under the key None
        return None, [RowProblem(number, "(row)", "more fields than the header has")]
    cell = {k: str(v or "").strip() for k, v in raw.items() if k is not None}
    problems: list[RowProblem] = []
    for column in ("external_id", "last_name"):
        if not cell.get(column):
            problems.append(RowProblem(number, column, "a value is required"))
    if len(cell.get("external_id", "")) > 120:
        problems.append(RowProblem(number, "external_id", "longer than 120 characters"))
    dob = _date(number, cell.get("dob", ""), "dob", "date of birth", problems)
    index_date = _date(number, cell.get("index_date", ""), "index_date", "date", problems)
    if dob and index_date and index_date < dob:
        problems.append(RowProblem(number, "index_date", "before the date of birth"))
    sex = SEX_CODES.get(cell.get("sex", "").lower() or "99")
    if sex is None:
        problems.append(RowProblem(number, "sex", "not a sex code (M, F, or HMIS 0, 1, 8, 9, 99)"))
    flags, race_none = _race(number, cell.get("race", ""), problems)
    if problems or dob is None or index_date is None or sex is None:
        return None, problems
    identity = {
        "first_name": cell.get("first_name", ""),
        "last_name": cell["last_name"],
        "dob": dob.isoformat(),
        "sex": _LINKAGE_SEX.get(sex, ""),
        "state_id": cell.get("state_id", ""),
    }
    return ComparisonRow(
        number, cell["external_id"], identity, index_date, int(sex), flags, race_none
    ), []


def _date(
    number: int, text: str, column: str, what: str, problems: list[RowProblem]
) -> dt.date | None:
    if not text:
        problems.append(RowProblem(number, column, "a value is required"))
        return None
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        problems.append(RowProblem(number, column, f"not a {what} in the format YYYY-MM-DD"))
        return None
    if not _EARLIEST <= value <= dt.date.today():
        problems.append(RowProblem(number, column, f"not a plausible {what} (1900 to today)"))
        return None
    return value


def _race(number: int, text: str, problems: list[RowProblem]) -> tuple[tuple[str, ...], int | None]:
    """HMIS codes separated by ; , | or spaces: 1-7 are race flags, 8/9/99 stand alone."""
    codes = [c for c in re.split(r"[;,|\s]+", text) if c]
    if not codes:
        return (), int(RaceNone.NOT_COLLECTED)
    unknown = [c for c in codes if c not in RACE_CODES and c not in RACE_NONE_CODES]
    if unknown:
        problems.append(RowProblem(number, "race", "not an HMIS race code (1-7, 8, 9, 99)"))
        return (), None
    none_codes = [c for c in codes if c in RACE_NONE_CODES]
    if none_codes and len(codes) > 1:
        problems.append(RowProblem(number, "race", "8, 9 and 99 cannot be combined with a race"))
        return (), None
    if none_codes:
        return (), RACE_NONE_CODES[none_codes[0]]
    return tuple(sorted({RACE_CODES[c] for c in codes})), None
