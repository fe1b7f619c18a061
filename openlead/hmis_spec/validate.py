"""The validator behind `openlead export hmis --check DIR`.

It reads a directory of HMIS CSV files and checks each against the FY2026 layout in
`columns.FILES`: the header, every value's type, length and code list, required values,
unique record ids, the cross-file keys (PersonalID in Client, EnrollmentID in
Enrollment, ProjectID in Project, OrganizationID in Organization, UserID in User, one
ExportID) and the dates (inside the export's period and the enrollment's stay). Every
problem names the file, the line (the header is line 1) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openlead.hmis_spec.columns import FILES, Column

FORBIDDEN = re.compile(r"[<>\[\]{}]")
MONEY = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$")
COC_CODE = re.compile(r"^[A-Z]{2}-\d{3}$")
# Foreign keys: column -> the file whose first column it must name.
KEYS = {
    "PersonalID": "Client.csv",
    "EnrollmentID": "Enrollment.csv",
    "ProjectID": "Project.csv",
    "OrganizationID": "Organization.csv",
    "UserID": "User.csv",
}
# Per file, the date that must fall within the enrollment's stay.
STAY_DATES = {
    "Exit.csv": "ExitDate",
    "IncomeBenefits.csv": "InformationDate",
    "HealthAndDV.csv": "InformationDate",
    "EmploymentEducation.csv": "InformationDate",
    "CurrentLivingSituation.csv": "InformationDate",
    "Services.csv": "DateProvided",
    "Assessment.csv": "AssessmentDate",
}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int  # line in the file; 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row else self.file
        return f"{where}, column {self.column or '-'}: {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # file -> data rows

    @property
    def ok(self) -> bool:
        return not self.problems


Rows = list[tuple[int, dict[str, str]]]


def check_directory(folder: Path) -> Report:
    """Every problem in the export in `folder` (an empty list when it is clean)."""
    report = Report()
    tables: dict[str, Rows] = {}
    for name, columns in FILES.items():
        path = folder / name
        if not path.is_file():
            report.problems.append(Problem(name, 0, "", "file missing"))
            continue
        rows = _read(path, columns, report)
        if rows is not None:
            tables[name] = rows
            report.rows[name] = len(rows)
    for name, rows in tables.items():
        report.problems.extend(_check_values(name, FILES[name], rows))
    report.problems.extend(_check_links(tables))
    report.problems.sort()
    return report


def _read(path: Path, columns: tuple[Column, ...], report: Report) -> Rows | None:
    name = path.name
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            lines = list(csv.reader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        report.problems.append(Problem(name, 0, "", f"not a UTF-8 CSV file ({exc})"))
        return None
    expected = [c.name for c in columns]
    header = lines[0] if lines else []
    if header != expected:
        report.problems.append(Problem(name, 1, _first_difference(header, expected), "header"))
        return None
    rows: Rows = []
    for number, values in enumerate(lines[1:], start=2):
        if len(values) != len(expected):
            message = f"{len(values)} values where the header has {len(expected)}"
            report.problems.append(Problem(name, number, "", message))
            continue
        rows.append((number, dict(zip(expected, values, strict=True))))
    return rows


def _first_difference(header: list[str], expected: list[str]) -> str:
    for got, want in zip(header, expected, strict=False):
        if got != want:
            return f"{got or '(none)'} (expected {want})"
    if len(header) < len(expected):
        return f"{expected[len(header)]} (missing)"
    return f"{header[len(expected)]} (unexpected)" if header else "(no header)"


def _check_values(name: str, columns: tuple[Column, ...], rows: Rows) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    key = columns[0].name
    for number, row in rows:
        for column in columns:
            message = value_problem(column, row[column.name])
            if message:
                yield Problem(name, number, column.name, message)
        first = seen.setdefault(row[key], number)
        if first != number:
            yield Problem(name, number, key, f"{row[key]!r} repeats row {first}")
        created, updated = (
            _datetime(row.get("DateCreated", "")),
            _datetime(row.get("DateUpdated", "")),
        )
        if created and updated and updated < created:
            yield Problem(name, number, "DateUpdated", "before DateCreated")


def value_problem(column: Column, value: str) -> str:
    """Why `value` does not fit `column` ("" when it does)."""
    if value == "":
        return "required value missing" if column.required else ""
    if FORBIDDEN.search(value):
        return "contains one of < > [ ] { }"
    kind = column.kind[0]
    if kind == "S":
        size = column.size or 0
        return f"longer than {size} characters" if len(value) > size else ""
    if kind == "D":
        return "" if _date(value) else f"{value!r} is not a date (YYYY-MM-DD)"
    if kind == "T":
        return "" if _datetime(value) else f"{value!r} is not a date and time (YYYY-MM-DD HH:MM:SS)"
    if kind == "M":
        return "" if MONEY.match(value) and _decimal(value) else f"{value!r} is not an amount"
    if not re.fullmatch(r"-?\d+", value):
        return f"{value!r} is not a whole number"
    if column.codes is not None and int(value) not in column.codes:
        return f"{value} is not in the code list"
    return ""


def _date(text: str) -> dt.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _datetime(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _check_links(tables: dict[str, Rows]) -> Iterator[Problem]:
    ids = {name: {row[FILES[name][0].name] for _n, row in rows} for name, rows in tables.items()}
    export = tables.get("Export.csv", [])
    if len(export) != 1:
        yield Problem("Export.csv", 0, "ExportID", f"{len(export)} rows; an export has one")
    export_id = export[0][1]["ExportID"] if export else None
    period = _period(export[0][1]) if export else None
    for name, rows in tables.items():
        for number, row in rows:
            yield from _row_links(name, number, row, ids, export_id)
    yield from _check_coc_codes(tables)
    if period is not None:
        yield from _check_dates(tables, period)


def _row_links(
    name: str, number: int, row: dict[str, str], ids: dict[str, set[str]], export_id: str | None
) -> Iterator[Problem]:
    if export_id is not None and name != "Export.csv" and row["ExportID"] != export_id:
        yield Problem(name, number, "ExportID", f"{row['ExportID']!r} is not Export.csv's")
    for column, parent in KEYS.items():
        value = row.get(column, "")
        if parent == name or not value or parent not in ids:
            continue
        if value not in ids[parent]:
            yield Problem(name, number, column, f"{value!r} is not in {parent}")


def _check_coc_codes(tables: dict[str, Rows]) -> Iterator[Problem]:
    for name, column in (("ProjectCoC.csv", "CoCCode"), ("Enrollment.csv", "EnrollmentCoC")):
        for number, row in tables.get(name, []):
            if row[column] and not COC_CODE.match(row[column]):
                yield Problem(name, number, column, f"{row[column]!r} is not a CoC code (XX-999)")
    for number, row in tables.get("ProjectCoC.csv", []):
        if row["Geocode"] and not re.fullmatch(r"\d{6}", row["Geocode"]):
            yield Problem("ProjectCoC.csv", number, "Geocode", "not six digits")


def _period(row: dict[str, str]) -> tuple[dt.date, dt.date] | None:
    start, end = _date(row["ExportStartDate"]), _date(row["ExportEndDate"])
    return (start, end) if start and end and start <= end else None


def _check_dates(tables: dict[str, Rows], period: tuple[dt.date, dt.date]) -> Iterator[Problem]:
    start, end = period
    stays: dict[str, tuple[dt.date, dt.date, str]] = {}
    exits = {row["EnrollmentID"]: _date(row["ExitDate"]) for _n, row in tables.get("Exit.csv", [])}
    for number, row in tables.get("Enrollment.csv", []):
        entry = _date(row["EntryDate"])
        if entry is None:
            continue
        if entry > end:
            yield Problem("Enrollment.csv", number, "EntryDate", "after ExportEndDate")
        left = exits.get(row["EnrollmentID"]) or end
        if left < start:
            yield Problem("Enrollment.csv", number, "EntryDate", "stay ends before ExportStartDate")
        stays[row["EnrollmentID"]] = (entry, left, row["PersonalID"])
    for name, column in STAY_DATES.items():
        for number, row in tables.get(name, []):
            yield from _in_stay(name, number, row, column, stays)


def _in_stay(
    name: str,
    number: int,
    row: dict[str, str],
    column: str,
    stays: dict[str, tuple[dt.date, dt.date, str]],
) -> Iterator[Problem]:
    stay = stays.get(row["EnrollmentID"])
    when = _date(row[column])
    if stay is None or when is None:
        return
    entry, left, person = stay
    if not entry <= when <= left:
        yield Problem(name, number, column, f"{when} is outside the stay ({entry} to {left})")
    if row["PersonalID"] != person:
        yield Problem(name, number, "PersonalID", "not the enrollment's PersonalID")
