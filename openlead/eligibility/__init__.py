"""Eligibility screening for LEAD-style programs: protocols as data, decisions with reasons.

Pure Python (no Django), so the referral app, the CLI and the tests share one engine::

    protocol = load_protocol("seattle-lead")
    decision = decide(protocol, {"door": "arrest", "as_of": "2024-05-01", ...})
    decision.outcome, decision.reasons

See docs/protocols.md for the protocol format and the facts vocabulary.
"""

from openlead.eligibility.clock import ClockStatus, clock_status, intake_deadline
from openlead.eligibility.engine import Decision, Outcome, decide, required_facts
from openlead.eligibility.facts import FACT_NAMES, Facts, FactsError, parse_facts
from openlead.eligibility.loader import (
    ProtocolError,
    ProtocolIssue,
    in_force,
    load_protocol,
    parse_protocol,
    pick_version,
    shipped_protocols,
    shipped_versions,
)
from openlead.eligibility.protocol import Intake, Protocol
from openlead.eligibility.rules import Condition, Effect, FactSpec, Finding

__all__ = [
    "FACT_NAMES",
    "ClockStatus",
    "Condition",
    "Decision",
    "Effect",
    "FactSpec",
    "Facts",
    "FactsError",
    "Finding",
    "Intake",
    "Outcome",
    "Protocol",
    "ProtocolError",
    "ProtocolIssue",
    "clock_status",
    "decide",
    "in_force",
    "intake_deadline",
    "load_protocol",
    "parse_facts",
    "parse_protocol",
    "pick_version",
    "required_facts",
    "shipped_protocols",
    "shipped_versions",
]
