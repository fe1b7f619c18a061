"""Reading a protocol file: TOML checked strictly into a Protocol.

Strict because a typo must never silently switch a rule off: an unknown key, a value of
the wrong type or an unknown code is an error that names the file, the line and the key.
All problems are collected, so `openlead protocol check` can list them in one go.

A shipped protocol is `protocols/<id>.toml`, its newest version; earlier versions of the
same id are kept as `protocols/versions/<id>/<version>.toml`, so a program can be screened
under the version in force on a referral's date and `openlead protocol diff` can compare
two versions (`ID@VERSION`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from datetime import date
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
from openlead.eligibility.tables import BROKEN, Context, ProtocolError, ProtocolIssue, Table
from openlead.eligibility.toml_lines import KeyLocator, format_key
from openlead.eligibility.vocabulary import (
    ACTIVITY_SOURCES,
    ATTEMPT_PREFIX,
    CONDUCT,
    DOORS,
    DRUG_CONDUCT,
    DRUG_FORMS,
    OFFENSES,
    ON_LAPSE,
    PROSECUTOR_REVIEW,
    RELEASE_ROLES,
)

__all__ = [
    "ProtocolError",
    "ProtocolIssue",
    "in_force",
    "load_protocol",
    "parse_protocol",
    "pick_version",
    "shipped_protocols",
    "shipped_versions",
]

PROTOCOLS_DIR = Path(__file__).parent / "protocols"
VERSIONS_DIR = PROTOCOLS_DIR / "versions"
# `atlanta-pad@2017.1`: one shipped version, for `openlead protocol check/test/diff`.
VERSION_MARK = "@"

_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_CODE = re.compile(r"[a-z][a-z0-9_]*\Z")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")
_Builder = Callable[[Table, Clause, frozenset[str], Vocabulary], Rule]


def _flag(fact: str, only_for: tuple[str, ...] = ()) -> _Builder:
    return lambda table, clause, doors, vocab: Flag(clause, doors, fact=fact, only_for=only_for)


def _drug_quantity(table: Table, clause: Clause, doors: frozenset[str], vocab: Vocabulary) -> Rule:
    grams = table.number("max_drug_grams")
    exempt = table.codes("exempt_forms", DRUG_FORMS, "drug form", required=False)
    applies = table.codes("applies_to", vocab.conduct, "conduct category", required=False)
    return DrugQuantity(
        clause,
        doors,
        max_grams=grams or 0.0,
        exempt_forms=exempt or (),
        applies_to=applies or DRUG_CONDUCT,
        limit_included=table.boolean("limit_included", True),
    )


def _minimum_age(table: Table, clause: Clause, doors: frozenset[str], vocab: Vocabulary) -> Rule:
    return MinimumAge(clause, doors, min_age=table.integer("min_age", minimum=1) or 0)


def _criminal_history(
    table: Table, clause: Clause, doors: frozenset[str], vocab: Vocabulary
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
    table: Table, clause: Clause, doors: frozenset[str], vocab: Vocabulary
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


def _rule_doors(table: Table, offered: Sequence[str]) -> frozenset[str]:
    doors = table.codes("doors", DOORS, "door", required=False)
    if doors is None:
        return frozenset(offered)
    for door in doors:
        if door not in offered:
            line = table.ctx.locator.line_of_item((*table.path, "doors"), door)
            table.bad("doors", f"door '{door}' is not offered by this protocol (see [doors])", line)
    return frozenset(doors)


def _section(
    table: Table, kinds: Mapping[str, _Builder], offered: Sequence[str], vocab: Vocabulary
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


def _doors(table: Table, vocab: Vocabulary) -> tuple[Clause, dict[str, DoorConduct], list[str]]:
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


def _vocabulary(table: Table | None) -> Vocabulary:
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


def _header(top: Table) -> dict[str, Any]:
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


def _intake(table: Table | None, offered: Sequence[str]) -> Intake | None:
    if table is None:
        return None
    clause = table.clause()
    days = table.integer("window_days", minimum=0)
    on_lapse = table.choice("on_lapse", ON_LAPSE)
    doors = _rule_doors(table, offered)
    extension = table.integer("extension_days", required=False, minimum=0)
    review = table.choice("prosecutor_review", PROSECUTOR_REVIEW, required=False)
    intake = Intake(
        clause,
        days or 0,
        on_lapse or "",
        doors,
        extension_days=extension or 0,
        prosecutor_review=review or "lapsed",
    )
    table.finish()
    return intake


def _build(top: Table, path: Path | None) -> Protocol | None:
    vocab = _vocabulary(top.table("vocabulary", required=False))
    header = _header(top)
    doors_table = top.table("doors")
    doors_clause, doors, offered = _doors(doors_table, vocab) if doors_table else (BROKEN, {}, [])
    rules: list[Rule] = []
    for section, kinds in (("exclusions", EXCLUSIONS), ("requirements", REQUIREMENTS)):
        table = top.table(section, required=False)
        rules += _section(table, kinds, offered, vocab) if table else []
    intake = _intake(top.table("intake"), offered)
    releases = top.codes(
        "release_required_for", RELEASE_ROLES, "justice role", required=False, allow_empty=True
    )
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
        release_required_for=releases or (),
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
    ctx = Context(filename, locator)
    protocol = _build(Table(ctx, (), data), path)
    if protocol is None:
        raise ProtocolError(ctx.issues)
    return protocol


def shipped_protocols() -> dict[str, Path]:
    """The protocols that ship with openlead, by id (the file name without .toml): each
    id's newest version."""
    return {path.stem: path for path in sorted(PROTOCOLS_DIR.glob("*.toml"))}


def _read(path: Path) -> Protocol:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        issue = ProtocolIssue(path.name, 1, "(file)", f"not UTF-8 text: {error.reason}")
        raise ProtocolError([issue]) from None
    return parse_protocol(text, filename=path.name, path=path)


def shipped_versions(ident: str) -> tuple[Protocol, ...]:
    """Every shipped version of one protocol id, oldest effective date first."""
    shipped = shipped_protocols()
    if ident not in shipped:
        raise FileNotFoundError(f"no shipped protocol id '{ident}'")
    paths = [shipped[ident], *sorted((VERSIONS_DIR / ident).glob("*.toml"))]
    loaded = [_read(path) for path in paths]
    for path, protocol in zip(paths[1:], loaded[1:], strict=True):
        # The file's place says which protocol it is a version of; its text must agree.
        if protocol.id != ident:
            line = KeyLocator(path.read_text(encoding="utf-8")).line_of(("id",))
            issue = ProtocolIssue(path.name, line, "id", f"must be '{ident}' (its folder)")
            raise ProtocolError([issue])
    return tuple(sorted(loaded, key=lambda protocol: protocol.effective))


def in_force(versions: Sequence[Protocol], on: date) -> Protocol:
    """The version in force on a day: the latest to take effect by then (before the first
    took effect, the first)."""
    started = [protocol for protocol in versions if protocol.effective <= on]
    return started[-1] if started else versions[0]


def pick_version(versions: Sequence[Protocol], version: str, on: date) -> Protocol:
    """The version a program pinned (Program.protocol_version), when it is shipped; else,
    as for a program that pins none, the version in force on `on`."""
    for protocol in versions:
        if protocol.version == version:
            return protocol
    return in_force(versions, on)


def _shipped(ident: str, version: str | None, on: date | None) -> Protocol:
    if version is None and on is None:
        return _read(shipped_protocols()[ident])
    versions = shipped_versions(ident)
    if version is None:
        return in_force(versions, on or date.today())
    for protocol in versions:
        if protocol.version == version:
            return protocol
    known = ", ".join(protocol.version for protocol in versions)
    raise FileNotFoundError(f"no version '{version}' of protocol '{ident}' (shipped: {known})")


def load_protocol(
    source: str | Path, version: str | None = None, on: date | None = None
) -> Protocol:
    """Load a protocol from a file path, or a shipped one by id (`ID@VERSION` or `version`
    for one version, `on` for the version in force that day, else the newest)."""
    path = Path(source)
    if path.is_file():
        return _read(path)
    if isinstance(source, str) and VERSION_MARK in source and version is None:
        source, version = source.split(VERSION_MARK, 1)
    if isinstance(source, str) and source in shipped_protocols():
        return _shipped(source, version, on)
    raise FileNotFoundError(f"no protocol file or shipped protocol id '{source}'")
