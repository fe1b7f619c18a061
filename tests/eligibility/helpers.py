"""Baseline facts for each shipped protocol, and small helpers shared by the tests.

The baselines describe an eligible referral on 2024-05-01; each test changes one or two
facts. No real people: facts carry no names, and the dates are made up.
"""

from __future__ import annotations

from typing import Any

from openlead.eligibility import Protocol

AS_OF = "2024-05-01"

SEATTLE_ARREST: dict[str, Any] = {
    "door": "arrest",
    "as_of": AS_OF,
    "conduct": ["possession"],
    "drug_grams": 1.5,
    "drug_form": "other",
    "exploits_minors": False,
    "promotes_prostitution": False,
    "amenable": True,
    "convictions": [],
    "pending_specialty_court": False,
    "no_contact_order_with_participant": False,
}

SOCIAL_CONTACT: dict[str, Any] = {
    "door": "social_contact",
    "drug_grams": None,
    "drug_form": None,
    "verified_activity": [{"source": "officer_observation", "date": "2023-11-20", "in_area": True}],
    "capacity_available": True,
}

SANTA_FE_ARREST: dict[str, Any] = {
    "door": "arrest",
    "as_of": AS_OF,
    "conduct": ["possession"],
    "drug_grams": 2.0,
    "drug_form": "other",
    "age": 30,
    "exploits_minors": False,
    "promotes_prostitution": False,
    "amenable": True,
    "convictions": [],
    "pending_specialty_court": False,
    "no_contact_order_with_participant": False,
}

ATLANTA_ARREST: dict[str, Any] = {
    "door": "arrest",
    "as_of": AS_OF,
    "conduct": ["possession"],
    "exploits_minors": False,
    "promotes_prostitution": False,
    "amenable": True,
}

BASELINES = {
    "seattle-lead": SEATTLE_ARREST,
    "santa-fe-lead": SANTA_FE_ARREST,
    "atlanta-pad": ATLANTA_ARREST,
}


def facts_for(protocol_id: str, **changes: Any) -> dict[str, Any]:
    """The protocol's baseline with some facts changed; a change to None removes the fact."""
    facts = {**BASELINES[protocol_id], **changes}
    return {name: value for name, value in facts.items() if value is not None}


def clause_ids(protocol: Protocol) -> set[str]:
    """Every clause id a protocol defines, to check that reasons cite real clauses."""
    ids = {protocol.doors_clause.id, protocol.intake.clause.id}
    ids |= {door.clause.id for door in protocol.doors.values()}
    for rule in protocol.rules:
        ids.add(rule.clause.id)
        ids |= {item.clause.id for item in getattr(rule, "lists", ())}
    return ids


def conviction(offense: str, day: str | None = None) -> dict[str, Any]:
    return {"offense": offense, "date": day} if day else {"offense": offense}
