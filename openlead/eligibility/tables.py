"""The strict TOML table reader behind the protocol loader, and the issues it reports.

Every key read is remembered, so a key nobody read (a typo) is an issue; every issue names
the file, the line and the key. openlead.eligibility.loader builds a Protocol with it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openlead.eligibility.rules import Clause
from openlead.eligibility.toml_lines import KeyLocator, KeyPath, format_key

__all__ = ["BROKEN", "Context", "ProtocolError", "ProtocolIssue", "Table", "hint"]

ABSENT: Any = object()
# Stands in for a clause that failed to parse; the ProtocolError raised at the end of
# parsing means it never reaches a caller.
BROKEN = Clause("?", "?")


@dataclass(frozen=True)
class ProtocolIssue:
    file: str
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, key '{self.key}': {self.message}"


class ProtocolError(ValueError):
    """A protocol file is not valid; `issues` lists every problem, ordered by line."""

    def __init__(self, issues: Sequence[ProtocolIssue]) -> None:
        self.issues = tuple(sorted(issues, key=lambda issue: issue.line))
        super().__init__("\n".join(str(issue) for issue in self.issues))


def hint(value: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Context:
    def __init__(self, filename: str, locator: KeyLocator) -> None:
        self.filename = filename
        self.locator = locator
        self.issues: list[ProtocolIssue] = []
        self.clauses: dict[str, KeyPath] = {}

    def error(self, path: KeyPath, message: str, line: int | None = None) -> None:
        where = line if line is not None else self.locator.line_of(path)
        self.issues.append(ProtocolIssue(self.filename, where, format_key(path), message))


class Table:
    """One TOML table being read; every key read is remembered so leftovers are errors."""

    def __init__(self, ctx: Context, path: KeyPath, data: Mapping[str, Any]) -> None:
        self.ctx = ctx
        self.path = path
        self.data = data
        self.known: list[str] = []

    def raw(self, key: str, required: bool) -> Any:
        self.known.append(key)
        if key in self.data:
            return self.data[key]
        if required:
            self.bad(key, "is required")
        return ABSENT

    def bad(self, key: str, message: str, line: int | None = None) -> None:
        self.ctx.error((*self.path, key), message, line)

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw(key, required)
        if value is ABSENT:
            return None
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.bad(key, "must be a non-empty string")
        return None

    def number(self, key: str, minimum: float = 0.0) -> float | None:
        value = self.raw(key, True)
        if value is ABSENT:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.bad(key, "must be a number")
        elif value < minimum:
            self.bad(key, f"must be at least {minimum:g}")
        else:
            return float(value)
        return None

    def integer(self, key: str, required: bool = True, minimum: int = 0) -> int | None:
        value = self.raw(key, required)
        if value is ABSENT:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.bad(key, "must be a whole number")
        elif value < minimum:
            self.bad(key, f"must be at least {minimum}")
        else:
            return value
        return None

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key, False)
        if value is ABSENT or isinstance(value, bool):
            return default if value is ABSENT else bool(value)
        self.bad(key, "must be true or false")
        return default

    def day(self, key: str) -> date | None:
        value = self.raw(key, True)
        if value is ABSENT:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        self.bad(key, "must be a date such as 2014-05-01 (without quotes)")
        return None

    def texts(
        self, key: str, required: bool = True, allow_empty: bool = False
    ) -> tuple[str, ...] | None:
        value = self.raw(key, required)
        if value is ABSENT:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.bad(key, "must be a list of strings")
        elif not value and not allow_empty:
            self.bad(key, "must not be empty")
        else:
            return tuple(v.strip() for v in value)
        return None

    def codes(
        self,
        key: str,
        allowed: Mapping[str, str],
        what: str,
        required: bool = True,
        allow_empty: bool = False,
    ) -> tuple[str, ...] | None:
        values = self.texts(key, required, allow_empty)
        if values is None:
            return None
        unknown = [value for value in values if value not in allowed]
        for value in unknown:
            line = self.ctx.locator.line_of_item((*self.path, key), value)
            self.bad(key, f"unknown {what} '{value}'{hint(value, allowed)}", line)
        return None if unknown else values

    def choice(self, key: str, allowed: Mapping[str, str], required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is None or value in allowed:
            return value
        self.bad(key, f"must be one of {', '.join(allowed)}{hint(value, allowed)}")
        return None

    def table(self, key: str, required: bool = True) -> Table | None:
        value = self.raw(key, required)
        if value is ABSENT:
            return None
        if isinstance(value, dict):
            return Table(self.ctx, (*self.path, key), value)
        self.bad(key, "must be a table")
        return None

    def tables(self, key: str) -> list[Table]:
        value = self.raw(key, True)
        if value is ABSENT:
            return []
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return [Table(self.ctx, (*self.path, key, i), v) for i, v in enumerate(value)]
        self.bad(key, f"must be one or more [[{format_key((*self.path, key))}]] tables")
        return []

    def clause(self) -> Clause:
        ident, text = self.text("clause"), self.text("text")
        if ident is None or text is None:
            return BROKEN
        first = self.ctx.clauses.setdefault(ident, self.path)
        if first != self.path:
            self.bad("clause", f"clause '{ident}' is already used by {format_key(first)}")
        return Clause(ident, text)

    def finish(self) -> None:
        for key in self.data:
            if key not in self.known:
                self.bad(key, f"unknown key{hint(key, self.known)}")
