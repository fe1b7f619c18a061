"""The decision: a pure function of (protocol, facts, as-of date)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from openlead.eligibility.facts import FACT_NAMES, Facts, FactsError, parse_date, parse_facts
from openlead.eligibility.protocol import Protocol
from openlead.eligibility.rules import Condition, Effect, FactSpec, Finding
from openlead.eligibility.vocabulary import DOORS

__all__ = ["Decision", "Outcome", "decide", "required_facts"]


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class Decision:
    """The outcome, the reasons that led to it, and every finding for the audit trail.

    `reasons` are the findings that explain the outcome: for ineligible the exclusions
    and then any missing facts, for needs_review the missing facts, for eligible the
    clauses that qualified the person. `findings` holds every clause checked.
    """

    outcome: Outcome
    protocol_id: str
    protocol_version: str
    door: str | None
    as_of: date | None
    reasons: tuple[Finding, ...]
    findings: tuple[Finding, ...]

    @property
    def missing_facts(self) -> tuple[str, ...]:
        names: dict[str, None] = {}
        for finding in self.findings:
            if finding.effect is Effect.UNKNOWN:
                names.update(dict.fromkeys(finding.facts))
        return tuple(names)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record of the decision, to store with the screening."""

        def plain(finding: Finding) -> dict[str, Any]:
            return {
                "clause": finding.clause,
                "clause_text": finding.clause_text,
                "effect": str(finding.effect),
                "detail": finding.detail,
                "facts": list(finding.facts),
            }

        return {
            "outcome": str(self.outcome),
            "protocol_id": self.protocol_id,
            "protocol_version": self.protocol_version,
            "door": self.door,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "reasons": [plain(finding) for finding in self.reasons],
            "findings": [plain(finding) for finding in self.findings],
            "missing_facts": list(self.missing_facts),
        }


def _resolve_as_of(in_facts: date | None, given: date | str | None) -> date | None:
    if given is None:
        return in_facts
    when = parse_date("as_of", given)
    if in_facts is not None and in_facts != when:
        raise FactsError("as_of", f"the facts say {in_facts} but the as_of argument says {when}")
    return when


def _door_findings(protocol: Protocol, door: str | None) -> list[Finding]:
    clause = protocol.doors_clause
    if door is None:
        detail = "the door the referral came through is not recorded"
        return [Finding(clause.id, clause.text, Effect.UNKNOWN, detail, ("door",))]
    if door not in protocol.doors:
        detail = f"{DOORS[door].lower()} is not a door this program offers"
        return [Finding(clause.id, clause.text, Effect.EXCLUDES, detail, ("door",))]
    return []


def decide(
    protocol: Protocol,
    facts: Mapping[str, Any] | Facts,
    as_of: date | str | None = None,
) -> Decision:
    """Screen one referral. `as_of` may come in the facts or here (not both, differing).

    Raises FactsError for a fact of the wrong type; missing facts give needs_review.
    """
    parsed = facts if isinstance(facts, Facts) else parse_facts(facts)
    parsed = replace(parsed, as_of=_resolve_as_of(parsed.as_of, as_of))
    findings = _door_findings(protocol, parsed.door)
    for rule in protocol.rules_for(parsed.door):
        findings.extend(rule.check(parsed, protocol.vocabulary))
    excluding = [f for f in findings if f.effect is Effect.EXCLUDES]
    unknown = [f for f in findings if f.effect is Effect.UNKNOWN]
    if excluding:
        outcome, reasons = Outcome.INELIGIBLE, excluding + unknown
    elif unknown:
        outcome, reasons = Outcome.NEEDS_REVIEW, unknown
    else:
        outcome = Outcome.ELIGIBLE
        reasons = [f for f in findings if f.effect is Effect.QUALIFIES]
    return Decision(
        outcome=outcome,
        protocol_id=protocol.id,
        protocol_version=protocol.version,
        door=parsed.door,
        as_of=parsed.as_of,
        reasons=tuple(reasons),
        findings=tuple(findings),
    )


def _merge(first: FactSpec | None, second: FactSpec) -> FactSpec:
    if first is None:
        return second
    when: Condition | None = None
    if first.only_when and second.only_when and first.only_when.fact == second.only_when.fact:
        values = dict.fromkeys(first.only_when.any_of + second.only_when.any_of)
        when = Condition(first.only_when.fact, tuple(values))
    return replace(
        first,
        choices=tuple(dict.fromkeys(first.choices + second.choices)),
        clauses=tuple(dict.fromkeys(first.clauses + second.clauses)),
        only_when=when,
    )


def required_facts(protocol: Protocol, door: str) -> list[FactSpec]:
    """The facts this protocol reads at this door, as questions for the referral form.

    `door` and `as_of` are always needed and are not listed: the form knows them.
    """
    if door not in protocol.doors:
        raise ValueError(f"door '{door}' is not offered by protocol '{protocol.id}'")
    specs: dict[str, FactSpec] = {}
    for rule in protocol.rules_for(door):
        for spec in rule.needs(protocol.vocabulary):
            specs[spec.name] = _merge(specs.get(spec.name), spec)
    return sorted(specs.values(), key=lambda spec: FACT_NAMES.index(spec.name))
