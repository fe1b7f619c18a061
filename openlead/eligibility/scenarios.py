"""Scenario files: JSON lines of facts with the expected decision, replayed against protocols.

A policy group changing its criteria wants to see which past cases would be decided
differently before it votes; `openlead protocol test` and `diff` are built on this.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openlead.eligibility.engine import Decision, Outcome, decide
from openlead.eligibility.facts import FactsError, parse_facts
from openlead.eligibility.protocol import Protocol

__all__ = ["Scenario", "ScenarioError", "decide_all", "differences", "load_scenarios"]

SCENARIOS_DIR = Path(__file__).parent / "scenarios"
_KEYS = {"id", "facts", "expected", "note"}


@dataclass(frozen=True)
class Scenario:
    id: str
    facts: dict[str, Any]
    expected: Outcome | None
    line: int
    note: str = ""


class ScenarioError(ValueError):
    """A scenario line is malformed; the message names the file and line."""

    def __init__(self, file: str, line: int, problem: str) -> None:
        super().__init__(f"{file}, line {line}: {problem}")
        self.file, self.line, self.problem = file, line, problem


def _scenario(item: Any, line: int, require_expected: bool) -> Scenario:
    if not isinstance(item, dict):
        raise ValueError('must be an object like {"id": ..., "facts": {...}, "expected": ...}')
    unknown = sorted(set(item) - _KEYS)
    if unknown:
        raise ValueError(f"unknown key '{unknown[0]}' (keys: {', '.join(sorted(_KEYS))})")
    ident, facts, expected = item.get("id"), item.get("facts"), item.get("expected")
    if not isinstance(ident, str) or not ident:
        raise ValueError("'id' must be a non-empty string")
    if not isinstance(facts, dict):
        raise ValueError("'facts' must be an object")
    parse_facts(facts)
    outcomes = [str(outcome) for outcome in Outcome]
    if expected is None and require_expected:
        raise ValueError(f"'expected' is required ({' | '.join(outcomes)})")
    if expected is not None and expected not in outcomes:
        raise ValueError(f"'expected' must be one of {' | '.join(outcomes)}, got {expected!r}")
    note = item.get("note", "")
    if not isinstance(note, str):
        raise ValueError("'note' must be a string")
    return Scenario(ident, facts, Outcome(expected) if expected else None, line, note)


def load_scenarios(path: Path, require_expected: bool = True) -> list[Scenario]:
    """Read a JSON-lines scenario file; raises ScenarioError on the first bad line."""
    scenarios: list[Scenario] = []
    seen: dict[str, int] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            scenario = _scenario(json.loads(text), number, require_expected)
        except json.JSONDecodeError as error:
            raise ScenarioError(
                path.name, number, f"not valid JSON: {error.msg} (column {error.colno})"
            ) from None
        except (ValueError, FactsError) as error:
            raise ScenarioError(path.name, number, str(error)) from None
        if scenario.id in seen:
            raise ScenarioError(
                path.name, number, f"id '{scenario.id}' is already used on line {seen[scenario.id]}"
            )
        seen[scenario.id] = number
        scenarios.append(scenario)
    return scenarios


def decide_all(
    protocol: Protocol, scenarios: Sequence[Scenario]
) -> list[tuple[Scenario, Decision]]:
    return [(scenario, decide(protocol, scenario.facts)) for scenario in scenarios]


def differences(
    old: Protocol, new: Protocol, scenarios: Sequence[Scenario]
) -> list[tuple[Scenario, Decision, Decision]]:
    """The scenarios whose outcome differs between the two protocols."""
    changed = []
    for scenario in scenarios:
        before, after = decide(old, scenario.facts), decide(new, scenario.facts)
        if before.outcome != after.outcome:
            changed.append((scenario, before, after))
    return changed
