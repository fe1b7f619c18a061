"""Properties that hold for every protocol and every set of facts (hypothesis).

- a decision is deterministic;
- adding an exclusion never makes a decision more favourable;
- every ineligible or needs_review decision has a reason, and every reason cites a
  clause of the protocol.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from openlead.eligibility import Outcome, decide, load_protocol, shipped_protocols
from openlead.eligibility.vocabulary import ACTIVITY_SOURCES, DOORS, OFFENSES

from .helpers import clause_ids

PROTOCOLS = {ident: load_protocol(ident) for ident in shipped_protocols()}
FAVOUR = {Outcome.INELIGIBLE: 0, Outcome.NEEDS_REVIEW: 1, Outcome.ELIGIBLE: 2}
EXAMPLES = settings(max_examples=300, deadline=None)

days = st.dates().filter(lambda d: 1990 <= d.year <= 2030)
any_date = st.one_of(days, days.map(lambda d: d.isoformat()))
offense_codes = st.sampled_from(
    [*OFFENSES, *(f"attempt:{code}" for code in OFFENSES), "jaywalking", "attempt:attempt:arson_1"]
)
conviction = st.fixed_dictionaries({"offense": offense_codes}, optional={"date": any_date})
activity = st.fixed_dictionaries(
    {"source": st.sampled_from(list(ACTIVITY_SOURCES))},
    optional={"date": any_date, "in_area": st.booleans()},
)
conduct = st.sampled_from(
    ["possession", "sale", "prostitution", "quality_of_life", "community_concern", "loitering"]
)
facts_strategy = st.fixed_dictionaries(
    {},
    optional={
        "door": st.sampled_from(list(DOORS)),
        "as_of": any_date,
        "conduct": st.lists(conduct, max_size=3, unique=True),
        "drug_grams": st.floats(min_value=0, max_value=12, allow_nan=False),
        "drug_form": st.sampled_from(["pills", "other"]),
        "sale_for_profit": st.booleans(),
        "exploits_minors": st.booleans(),
        "promotes_prostitution": st.booleans(),
        "amenable": st.booleans(),
        "amenability_reason": st.sampled_from(["", "Declined to take part"]),
        "age": st.integers(min_value=12, max_value=80),
        "convictions": st.lists(conviction, max_size=3),
        "pending_specialty_court": st.booleans(),
        "no_contact_order_with_participant": st.booleans(),
        "verified_activity": st.lists(activity, max_size=3),
        "capacity_available": st.booleans(),
    },
)
protocols = st.sampled_from(sorted(PROTOCOLS))

Facts = dict[str, Any]


def set_fact(name: str, value: Any) -> Callable[[Facts, Any], Facts]:
    return lambda facts, draw: {**facts, name: value}


def add_conviction(facts: Facts, draw: Any) -> Facts:
    # Only where a history is recorded: adding the first record answers a question
    # (needs_review -> eligible is then right), it does not add an exclusion.
    history = facts.get("convictions")
    return {**facts, "convictions": [*history, draw(conviction)]} if history is not None else facts


def more_grams(facts: Facts, draw: Any) -> Facts:
    extra = draw(st.floats(min_value=0, max_value=20, allow_nan=False))
    return {**facts, "drug_grams": facts.get("drug_grams", 0.0) + extra}


def younger(facts: Facts, draw: Any) -> Facts:
    if "age" not in facts:
        return facts
    return {**facts, "age": max(0, facts["age"] - draw(st.integers(min_value=0, max_value=10)))}


def fewer_activities(facts: Facts, draw: Any) -> Facts:
    activities = facts.get("verified_activity")
    if not activities:
        return facts
    keep = draw(st.integers(min_value=0, max_value=len(activities) - 1))
    return {**facts, "verified_activity": activities[:keep]}


EXCLUSIONS: dict[str, Callable[[Facts, Any], Facts]] = {
    "exploits minors": set_fact("exploits_minors", True),
    "promotes prostitution": set_fact("promotes_prostitution", True),
    "sale for profit": set_fact("sale_for_profit", True),
    "pending specialty court": set_fact("pending_specialty_court", True),
    "no-contact order": set_fact("no_contact_order_with_participant", True),
    "not amenable": lambda facts, draw: {
        **facts,
        "amenable": False,
        "amenability_reason": draw(st.sampled_from(["", "Declined"])),
    },
    "no capacity": set_fact("capacity_available", False),
    "drug form not exempt": set_fact("drug_form", "other"),
    "another conviction": add_conviction,
    "more grams": more_grams,
    "younger": younger,
    "less verified activity": fewer_activities,
}


@EXAMPLES
@given(ident=protocols, facts=facts_strategy)
def test_it_decides_the_same_way_every_time(ident: str, facts: Facts) -> None:
    before = copy.deepcopy(facts)

    first = decide(PROTOCOLS[ident], facts)
    second = decide(PROTOCOLS[ident], copy.deepcopy(facts))

    assert first == second
    assert first.to_dict() == second.to_dict()
    assert facts == before


@EXAMPLES
@given(
    ident=protocols,
    facts=facts_strategy,
    exclusion=st.sampled_from(sorted(EXCLUSIONS)),
    data=st.data(),
)
def test_it_never_turns_more_favourable_when_an_exclusion_is_added(
    ident: str, facts: Facts, exclusion: str, data: st.DataObject
) -> None:
    protocol = PROTOCOLS[ident]
    worse = EXCLUSIONS[exclusion](facts, data.draw)

    before, after = decide(protocol, facts), decide(protocol, worse)

    assert FAVOUR[after.outcome] <= FAVOUR[before.outcome], (before.reasons, after.reasons)


@EXAMPLES
@given(ident=protocols, facts=facts_strategy)
def test_it_gives_every_unfavourable_decision_a_reason_citing_a_clause(
    ident: str, facts: Facts
) -> None:
    protocol = PROTOCOLS[ident]
    decision = decide(protocol, facts)

    if decision.outcome is Outcome.INELIGIBLE:
        assert any(reason.effect == "excludes" for reason in decision.reasons)
    if decision.outcome is not Outcome.ELIGIBLE:
        assert decision.reasons
    else:
        assert decision.reasons and not decision.missing_facts
    assert {finding.clause for finding in decision.findings} <= clause_ids(protocol)
