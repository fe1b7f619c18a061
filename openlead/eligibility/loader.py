"""Reading a protocol file: TOML checked strictly into a Protocol.

Strict because a typo must never silently switch a rule off: an unknown key, a value of
the wrong type or an unknown code is an error that names the file, the line and the key.
All problems are collected, so `openlead protocol check` can list them in one go.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openlead.eligibility.clock import zone
from openlead.eligibility.protocol import Intake, Protocol
from openlead.eligibility.rules import (
    Amenability,
    Capacity,
    Clause,
    CriminalHistory,
    DoorConduct,
    DrugQuantity,
    Flag,
    MinimumAge,
    OffenseList,
    Rule,
    VerifiedActivity,
    Vocabulary,
)
from openlead.eligibility.toml_lines import KeyLocator, KeyPath, format_key
from openlead.eligibility.vocabulary import (
    ACTIVITY_SOURCES,
    ATTEMPT_PREFIX,
    CONDUCT,
    DOORS,
    DRUG_CONDUCT,
    DRUG_FORMS,
    OFFENSES,
    ON_LAPSE,
)

__all__ = ["ProtocolError", "ProtocolIssue", "load_protocol", "parse_protocol", "shipped_protocols"]

PROTOCOLS_DIR = Path(__file__).parent / "protocols"

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_CODE = re.compile(r"[a-z][a-z0-9_]*\Z")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")
_ABSENT: Any = object()
# Stands in for a clause that failed to parse; the ProtocolError raised at the end of
# parsing means it never reaches a caller.
_BROKEN = Clause("?", "?")


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


def _hint(value: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Context:
    def __init__(self, filename: str, locator: KeyLocator) -> None:
        self.filename = filename
        self.locator = locator
        self.issues: list[ProtocolIssue] = []
        self.clauses: dict[str, KeyPath] = {}

    def error(self, path: KeyPath, message: str, line: int | None = None) -> None:
        where = line if line is not None else self.locator.line_of(path)
        self.issues.append(ProtocolIssue(self.filename, where, format_key(path), message))


class _Table:
    """One TOML table being read; every key read is remembered so leftovers are errors."""

    def __init__(self, ctx: _Context, path: KeyPath, data: Mapping[str, Any]) -> None:
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
        return _ABSENT

    def bad(self, key: str, message: str, line: int | None = None) -> None:
        self.ctx.error((*self.path, key), message, line)

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw(key, required)
        if value is _ABSENT:
            return None
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.bad(key, "must be a non-empty string")
        return None

    def number(self, key: str, minimum: float = 0.0) -> float | None:
        value = self.raw(key, True)
        if value is _ABSENT:
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
        if value is _ABSENT:
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
        if value is _ABSENT or isinstance(value, bool):
            return default if value is _ABSENT else bool(value)
        self.bad(key, "must be true or false")
        return default

    def day(self, key: str) -> date | None:
        value = self.raw(key, True)
        if value is _ABSENT:
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        self.bad(key, "must be a date such as 2014-05-01 (without quotes)")
        return None

    def texts(
        self, key: str, required: bool = True, allow_empty: bool = False
    ) -> tuple[str, ...] | None:
        value = self.raw(key, required)
        if value is _ABSENT:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.bad(key, "must be a list of strings")
        elif not value and not allow_empty:
            self.bad(key, "must not be empty")
        else:
            return tuple(v.strip() for v in value)
        return None

    def codes(
        self, key: str, allowed: Mapping[str, str], what: str, required: bool = True
    ) -> tuple[str, ...] | None:
        values = self.texts(key, required)
        if values is None:
            return None
        unknown = [value for value in values if value not in allowed]
        for value in unknown:
            line = self.ctx.locator.line_of_item((*self.path, key), value)
            self.bad(key, f"unknown {what} '{value}'{_hint(value, allowed)}", line)
        return None if unknown else values

    def choice(self, key: str, allowed: Mapping[str, str]) -> str | None:
        value = self.text(key)
        if value is None or value in allowed:
            return value
        self.bad(key, f"must be one of {', '.join(allowed)}{_hint(value, allowed)}")
        return None

    def table(self, key: str, required: bool = True) -> _Table | None:
        value = self.raw(key, required)
        if value is _ABSENT:
            return None
        if isinstance(value, dict):
            return _Table(self.ctx, (*self.path, key), value)
        self.bad(key, "must be a table")
        return None

    def tables(self, key: str) -> list[_Table]:
        value = self.raw(key, True)
        if value is _ABSENT:
            return []
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return [_Table(self.ctx, (*self.path, key, i), v) for i, v in enumerate(value)]
        self.bad(key, f"must be one or more [[{format_key((*self.path, key))}]] tables")
        return []

    def clause(self) -> Clause:
        ident, text = self.text("clause"), self.text("text")
        if ident is None or text is None:
            return _BROKEN
        first = self.ctx.clauses.setdefault(ident, self.path)
        if first != self.path:
            self.bad("clause", f"clause '{ident}' is already used by {format_key(first)}")
        return Clause(ident, text)

    def finish(self) -> None:
        for key in self.data:
            if key not in self.known:
                self.bad(key, f"unknown key{_hint(key, self.known)}")


_Builder = Callable[[_Table, Clause, frozenset[str], Vocabulary], Rule]


def _flag(fact: str, only_for: tuple[str, ...] = ()) -> _Builder:
    return lambda table, clause, doors, vocab: Flag(clause, doors, fact=fact, only_for=only_for)


def _drug_quantity(table: _Table, clause: Clause, doors: frozenset[str], vocab: Vocabulary) -> Rule:
    grams = table.number("max_drug_grams")
    exempt = table.codes("exempt_forms", DRUG_FORMS, "drug form", required=False)
    applies = table.codes("applies_to", vocab.conduct, "conduct category", required=False)
    return DrugQuantity(
        clause,
        doors,
        max_grams=grams or 0.0,
        exempt_forms=exempt or (),
        applies_to=applies or DRUG_CONDUCT,
    )


def _minimum_age(table: _Table, clause: Clause, doors: frozenset[str], vocab: Vocabulary) -> Rule:
    return MinimumAge(clause, doors, min_age=table.integer("min_age", minimum=1) or 0)


def _criminal_history(
    table: _Table, clause: Clause, doors: frozenset[str], vocab: Vocabulary
) -> Rule:
    allowed = {
        **vocab.offenses,
        **{ATTEMPT_PREFIX + code: label for code, label in vocab.offenses.items()},
    }
    lists = []
    for item in table.tables("lists"):
        item_clause = item.clause()
        offenses = item.codes("offenses", allowed, "offense code") or ()
        attempts = item.boolean("include_attempts", False)
        years = item.integer("look_back_years", required=False, minimum=1)
        item.finish()
        lists.append(OffenseList(item_clause, frozenset(offenses), attempts, years))
    return CriminalHistory(clause, doors, lists=tuple(lists))


def _verified_activity(
    table: _Table, clause: Clause, doors: frozenset[str], vocab: Vocabulary
) -> Rule:
    return VerifiedActivity(
        clause,
        doors,
        accepted_sources=table.codes("accepted_sources", ACTIVITY_SOURCES, "source") or (),
        in_area=table.boolean("in_area", True),
        within_months=table.integer("within_months", minimum=1) or 0,
    )


EXCLUSIONS: dict[str, _Builder] = {
    "drug_quantity": _drug_quantity,
    "sale_for_profit": _flag("sale_for_profit", only_for=("sale",)),
    "exploits_minors": _flag("exploits_minors"),
    "promotes_prostitution": _flag("promotes_prostitution"),
    "not_amenable": lambda table, clause, doors, vocab: Amenability(clause, doors),
    "age": _minimum_age,
    "criminal_history": _criminal_history,
    "pending_specialty_court": _flag("pending_specialty_court"),
    "no_contact_order": _flag("no_contact_order_with_participant"),
}

REQUIREMENTS: dict[str, _Builder] = {
    "verified_activity": _verified_activity,
    "capacity": lambda table, clause, doors, vocab: Capacity(clause, doors),
}


def _rule_doors(table: _Table, offered: Sequence[str]) -> frozenset[str]:
    doors = table.codes("doors", DOORS, "door", required=False)
    if doors is None:
        return frozenset(offered)
    for door in doors:
        if door not in offered:
            line = table.ctx.locator.line_of_item((*table.path, "doors"), door)
            table.bad("doors", f"door '{door}' is not offered by this protocol (see [doors])", line)
    return frozenset(doors)


def _section(
    table: _Table, kinds: Mapping[str, _Builder], offered: Sequence[str], vocab: Vocabulary
) -> list[Rule]:
    rules = []
    table.known.extend(kinds)
    for kind in list(table.data):
        build = kinds.get(kind)
        sub = table.table(kind) if build is not None else None
        if build is None or sub is None:
            continue
        clause = sub.clause()
        rules.append(build(sub, clause, _rule_doors(sub, offered), vocab))
        sub.finish()
    table.finish()
    return rules


def _doors(table: _Table, vocab: Vocabulary) -> tuple[Clause, dict[str, DoorConduct], list[str]]:
    clause = table.clause()
    table.known.extend(DOORS)
    offered = [door for door in DOORS if door in table.data]
    doors = {}
    for door in offered:
        sub = table.table(door)
        if sub is None:
            continue
        door_clause = sub.clause()
        conduct = sub.codes("conduct", vocab.conduct, "conduct category") or ()
        sub.finish()
        doors[door] = DoorConduct(door_clause, frozenset({door}), door=door, conduct=conduct)
    if not offered:
        table.ctx.error(table.path, f"must offer at least one door ({', '.join(DOORS)})")
    table.finish()
    return clause, doors, offered


def _vocabulary(table: _Table | None) -> Vocabulary:
    conduct, offenses = dict(CONDUCT), dict(OFFENSES)
    if table is None:
        return Vocabulary(conduct, offenses)
    for key, codes, what in (
        ("conduct", conduct, "conduct category"),
        ("offenses", offenses, "offense code"),
    ):
        sub = table.table(key, required=False)
        if sub is None:
            continue
        for code, label in sub.data.items():
            sub.known.append(code)
            if not _CODE.match(code):
                sub.bad(code, f"a {what} must be lower_case_with_underscores")
            elif code in codes:
                sub.bad(code, f"'{code}' is already in the shared vocabulary")
            elif not isinstance(label, str) or not label.strip():
                sub.bad(code, "must be a label in plain words")
            else:
                codes[code] = label.strip()
    table.finish()
    return Vocabulary(conduct, offenses)


def _header(top: _Table) -> dict[str, Any]:
    ident = top.text("id")
    if ident is not None and not _ID.match(ident):
        top.bad("id", "must be lower-case letters, digits and hyphens, e.g. 'seattle-lead'")
    timezone = top.text("timezone")
    if timezone is not None:
        try:
            zone(timezone)
        except ValueError:
            top.bad(
                "timezone", f"unknown time zone '{timezone}' (an IANA name like America/Denver)"
            )
    return {
        "id": ident,
        "name": top.text("name"),
        "version": top.text("version"),
        "effective": top.day("effective"),
        "timezone": timezone,
        "sources": top.texts("sources"),
        "to_confirm": top.texts("to_confirm", allow_empty=True),
    }


def _intake(table: _Table | None, offered: Sequence[str]) -> Intake | None:
    if table is None:
        return None
    clause = table.clause()
    days = table.integer("window_days", minimum=0)
    on_lapse = table.choice("on_lapse", ON_LAPSE)
    intake = Intake(clause, days or 0, on_lapse or "", _rule_doors(table, offered))
    table.finish()
    return intake


def _build(top: _Table, path: Path | None) -> Protocol | None:
    vocab = _vocabulary(top.table("vocabulary", required=False))
    header = _header(top)
    doors_table = top.table("doors")
    doors_clause, doors, offered = _doors(doors_table, vocab) if doors_table else (_BROKEN, {}, [])
    rules: list[Rule] = []
    for section, kinds in (("exclusions", EXCLUSIONS), ("requirements", REQUIREMENTS)):
        table = top.table(section, required=False)
        rules += _section(table, kinds, offered, vocab) if table else []
    intake = _intake(top.table("intake"), offered)
    top.finish()
    if top.ctx.issues or intake is None:
        return None
    return Protocol(
        **header,
        doors_clause=doors_clause,
        doors=doors,
        rules=tuple(rules),
        intake=intake,
        vocabulary=vocab,
        path=path,
    )


def _syntax_issue(
    error: tomllib.TOMLDecodeError, filename: str, locator: KeyLocator
) -> ProtocolIssue:
    message = str(error)
    found = _TOML_POSITION.search(message)
    line = len(locator.source_lines) or 1
    if found and found.group(1):
        line = int(found.group(1))
    detail = _TOML_POSITION.sub("", message)
    key = format_key(locator.key_at(line)) or "(top level)"
    return ProtocolIssue(filename, line, key, f"invalid TOML: {detail}")


def parse_protocol(text: str, filename: str = "<protocol>", path: Path | None = None) -> Protocol:
    """Parse and check protocol TOML text; raises ProtocolError naming file, line and key."""
    locator = KeyLocator(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProtocolError([_syntax_issue(error, filename, locator)]) from None
    ctx = _Context(filename, locator)
    protocol = _build(_Table(ctx, (), data), path)
    if protocol is None:
        raise ProtocolError(ctx.issues)
    return protocol


def shipped_protocols() -> dict[str, Path]:
    """The protocols that ship with openlead, by id (the file name without .toml)."""
    return {path.stem: path for path in sorted(PROTOCOLS_DIR.glob("*.toml"))}


def load_protocol(source: str | Path) -> Protocol:
    """Load a protocol from a file path, or by the id of a shipped protocol."""
    path = Path(source)
    shipped = shipped_protocols()
    if not path.is_file() and isinstance(source, str) and source in shipped:
        path = shipped[source]
    if not path.is_file():
        raise FileNotFoundError(f"no protocol file or shipped protocol id '{source}'")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        issue = ProtocolIssue(path.name, 1, "(file)", f"not UTF-8 text: {error.reason}")
        raise ProtocolError([issue]) from None
    return parse_protocol(text, filename=path.name, path=path)
