"""Facts about one referral, checked for type before any rule reads them.

Facts arrive as a JSON-like dict (from a scenario file or the referral form). A fact that
is absent or None is unknown: rules that need it answer needs_review. A fact of the wrong
type is a mistake in the caller, so it raises FactsError instead of being guessed at.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openlead.eligibility.vocabulary import ACTIVITY_SOURCES, DOORS, DRUG_FORMS

__all__ = ["FACT_NAMES", "Activity", "Conviction", "Facts", "FactsError", "parse_facts"]

FACT_NAMES: tuple[str, ...] = (
    "door",
    "as_of",
    "conduct",
    "drug_grams",
    "drug_form",
    "sale_for_profit",
    "exploits_minors",
    "promotes_prostitution",
    "amenable",
    "amenability_reason",
    "age",
    "convictions",
    "pending_specialty_court",
    "no_contact_order_with_participant",
    "verified_activity",
    "capacity_available",
)

_BOOL_FACTS = (
    "sale_for_profit",
    "exploits_minors",
    "promotes_prostitution",
    "amenable",
    "pending_specialty_court",
    "no_contact_order_with_participant",
    "capacity_available",
)

MAX_AGE = 130


class FactsError(ValueError):
    """A fact has the wrong type or an impossible value; `fact` names it."""

    def __init__(self, fact: str, message: str) -> None:
        super().__init__(f"fact '{fact}': {message}")
        self.fact = fact
        self.message = message


@dataclass(frozen=True)
class Conviction:
    offense: str
    date: date | None = None


@dataclass(frozen=True)
class Activity:
    """Prior eligible activity that someone verified (social contact door)."""

    source: str
    date: date | None = None
    in_area: bool | None = None


@dataclass(frozen=True)
class Facts:
    """Typed facts; None means unknown."""

    door: str | None = None
    as_of: date | None = None
    conduct: tuple[str, ...] | None = None
    drug_grams: float | None = None
    drug_form: str | None = None
    sale_for_profit: bool | None = None
    exploits_minors: bool | None = None
    promotes_prostitution: bool | None = None
    amenable: bool | None = None
    amenability_reason: str | None = None
    age: int | None = None
    convictions: tuple[Conviction, ...] | None = None
    pending_specialty_court: bool | None = None
    no_contact_order_with_participant: bool | None = None
    verified_activity: tuple[Activity, ...] | None = None
    capacity_available: bool | None = None


def parse_facts(raw: Mapping[str, Any]) -> Facts:
    """Check a JSON-like dict of facts and return typed Facts (raises FactsError)."""
    if not isinstance(raw, Mapping):
        raise FactsError("facts", "must be an object of named facts")
    unknown = sorted(set(raw) - set(FACT_NAMES))
    if unknown:
        raise FactsError(str(unknown[0]), "is not a known fact name")
    values: dict[str, Any] = {name: raw[name] for name in FACT_NAMES if raw.get(name) is not None}
    for name in _BOOL_FACTS:
        if name in values:
            values[name] = _boolean(name, values[name])
    parsers = {
        "door": _door,
        "as_of": parse_date,
        "conduct": _conduct,
        "drug_grams": _grams,
        "drug_form": _drug_form,
        "amenability_reason": _reason,
        "age": _age,
        "convictions": _convictions,
        "verified_activity": _activities,
    }
    for name, parse in parsers.items():
        if name in values:
            values[name] = parse(name, values[name])
    return Facts(**values)


def parse_date(name: str, value: Any) -> date:
    """A date object or an ISO `YYYY-MM-DD` string (a datetime is refused: whose day?)."""
    if isinstance(value, datetime):
        raise FactsError(name, "must be a date, not a date and time")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise FactsError(name, f"must be a date (YYYY-MM-DD), got {value!r}")


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise FactsError(name, f"must be true or false, got {value!r}")


def _door(name: str, value: Any) -> str:
    if isinstance(value, str) and value in DOORS:
        return value
    raise FactsError(name, f"must be one of {', '.join(DOORS)}, got {value!r}")


def _conduct(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise FactsError(name, f"must be a list of conduct categories, got {value!r}")


def _grams(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FactsError(name, f"must be a number of grams, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise FactsError(name, f"must be zero or more grams, got {value!r}")
    return float(value)


def _drug_form(name: str, value: Any) -> str:
    if isinstance(value, str) and value in DRUG_FORMS:
        return value
    raise FactsError(name, f"must be one of {', '.join(DRUG_FORMS)}, got {value!r}")


def _reason(name: str, value: Any) -> str | None:
    if not isinstance(value, str):
        raise FactsError(name, f"must be text, got {value!r}")
    return value.strip() or None


def _age(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FactsError(name, f"must be a whole number of years, got {value!r}")
    if not 0 <= value <= MAX_AGE:
        raise FactsError(name, f"must be between 0 and {MAX_AGE}, got {value!r}")
    return value


def _entries(name: str, value: Any, keys: set[str]) -> list[tuple[str, Mapping[str, Any]]]:
    if not isinstance(value, list | tuple):
        raise FactsError(name, f"must be a list, got {value!r}")
    entries = []
    for index, entry in enumerate(value):
        where = f"{name}[{index}]"
        if not isinstance(entry, Mapping):
            raise FactsError(where, f"must be an object with {', '.join(sorted(keys))}")
        extra = sorted(set(entry) - keys)
        if extra:
            raise FactsError(f"{where}.{extra[0]}", "is not a known field")
        entries.append((where, entry))
    return entries


def _optional_date(where: str, entry: Mapping[str, Any]) -> date | None:
    value = entry.get("date")
    return None if value is None else parse_date(f"{where}.date", value)


def _convictions(name: str, value: Any) -> tuple[Conviction, ...]:
    convictions = []
    for where, entry in _entries(name, value, {"offense", "date"}):
        offense = entry.get("offense")
        if not isinstance(offense, str) or not offense:
            raise FactsError(f"{where}.offense", f"must be an offense code, got {offense!r}")
        convictions.append(Conviction(offense, _optional_date(where, entry)))
    return tuple(convictions)


def _activities(name: str, value: Any) -> tuple[Activity, ...]:
    activities = []
    for where, entry in _entries(name, value, {"source", "date", "in_area"}):
        source = entry.get("source")
        if source not in ACTIVITY_SOURCES:
            choices = ", ".join(ACTIVITY_SOURCES)
            raise FactsError(f"{where}.source", f"must be one of {choices}, got {source!r}")
        in_area = entry.get("in_area")
        if in_area is not None:
            in_area = _boolean(f"{where}.in_area", in_area)
        activities.append(Activity(str(source), _optional_date(where, entry), in_area))
    return tuple(activities)
