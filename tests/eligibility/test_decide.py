"""Decision semantics: outcome precedence, reasons, as-of date, and fact checking."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest

from openlead.eligibility import Effect, FactsError, Outcome, Protocol, decide, parse_facts

from .helpers import conviction, facts_for


def test_it_records_the_protocol_id_version_door_and_date(shipped: dict[str, Protocol]) -> None:
    decision = decide(shipped["seattle-lead"], facts_for("seattle-lead"))

    assert decision.protocol_id == "seattle-lead"
    assert decision.protocol_version == shipped["seattle-lead"].version
    assert decision.door == "arrest"
    assert decision.as_of == date(2024, 5, 1)


def test_it_gives_the_qualifying_clause_as_the_reason_for_eligible(
    shipped: dict[str, Protocol],
) -> None:
    decision = decide(shipped["seattle-lead"], facts_for("seattle-lead"))

    assert decision.outcome is Outcome.ELIGIBLE
    assert [reason.clause for reason in decision.reasons] == ["1.1"]
    assert decision.reasons[0].clause_text.startswith("Arrest diversion")
    assert all(reason.effect is Effect.QUALIFIES for reason in decision.reasons)


def test_it_lets_ineligible_beat_needs_review_but_still_lists_missing_facts(
    shipped: dict[str, Protocol],
) -> None:
    facts = facts_for("seattle-lead", exploits_minors=True, amenable=None, drug_grams=None)

    decision = decide(shipped["seattle-lead"], facts)

    assert decision.outcome is Outcome.INELIGIBLE
    effects = [(reason.clause, reason.effect) for reason in decision.reasons]
    assert effects[0] == ("2.3", Effect.EXCLUDES)
    assert ("2.5", Effect.UNKNOWN) in effects and ("2.1", Effect.UNKNOWN) in effects
    assert set(decision.missing_facts) == {"amenable", "drug_grams"}


def test_it_names_the_unknown_offense_code_in_the_reason(shipped: dict[str, Protocol]) -> None:
    facts = facts_for("seattle-lead", convictions=[conviction("arson_9", "2010-01-01")])

    decision = decide(shipped["seattle-lead"], facts)

    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert decision.reasons[0].clause == "2.6"
    assert "'arson_9'" in decision.reasons[0].detail


def test_it_takes_the_as_of_date_from_the_argument(shipped: dict[str, Protocol]) -> None:
    facts = facts_for(
        "seattle-lead", as_of=None, convictions=[conviction("robbery_2", "2014-05-01")]
    )

    inside = decide(shipped["seattle-lead"], facts, as_of=date(2024, 5, 1))
    outside = decide(shipped["seattle-lead"], facts, as_of="2024-05-02")

    assert inside.outcome is Outcome.INELIGIBLE
    assert outside.outcome is Outcome.ELIGIBLE
    assert outside.as_of == date(2024, 5, 2)


def test_it_refuses_an_as_of_argument_that_contradicts_the_facts(
    shipped: dict[str, Protocol],
) -> None:
    with pytest.raises(FactsError) as error:
        decide(shipped["seattle-lead"], facts_for("seattle-lead"), as_of="2024-06-01")

    assert error.value.fact == "as_of"


def test_it_needs_review_when_the_look_back_has_no_as_of_date(shipped: dict[str, Protocol]) -> None:
    facts = facts_for(
        "seattle-lead", as_of=None, convictions=[conviction("robbery_2", "2014-05-01")]
    )

    decision = decide(shipped["seattle-lead"], facts)

    assert decision.outcome is Outcome.NEEDS_REVIEW
    assert decision.missing_facts == ("as_of",)


def test_it_still_applies_exclusions_for_every_door_when_the_door_is_missing(
    shipped: dict[str, Protocol],
) -> None:
    facts = facts_for("seattle-lead", door=None, exploits_minors=True)

    decision = decide(shipped["seattle-lead"], facts)

    assert decision.outcome is Outcome.INELIGIBLE
    assert {reason.clause for reason in decision.reasons} == {"1", "2.3"}


def test_it_serialises_the_decision_to_json(shipped: dict[str, Protocol]) -> None:
    facts = facts_for("seattle-lead", amenable=False)

    record = json.loads(json.dumps(decide(shipped["seattle-lead"], facts).to_dict()))

    assert record["outcome"] == "needs_review"
    assert record["protocol_id"] == "seattle-lead"
    assert record["as_of"] == "2024-05-01"
    assert record["reasons"][0]["clause"] == "2.5"
    assert record["missing_facts"] == ["amenability_reason"]


def test_it_accepts_date_objects_as_well_as_iso_strings(shipped: dict[str, Protocol]) -> None:
    as_text = facts_for("seattle-lead", convictions=[conviction("robbery_2", "2015-01-01")])
    as_dates = {
        **as_text,
        "as_of": date(2024, 5, 1),
        "convictions": [{"offense": "robbery_2", "date": date(2015, 1, 1)}],
    }

    assert decide(shipped["seattle-lead"], as_text) == decide(shipped["seattle-lead"], as_dates)


WRONG_TYPES: list[tuple[dict[str, Any], str]] = [
    ({"drug_grams": "3"}, "drug_grams"),
    ({"drug_grams": -1}, "drug_grams"),
    ({"drug_grams": True}, "drug_grams"),
    ({"drug_form": "powder"}, "drug_form"),
    ({"door": "arest"}, "door"),
    ({"conduct": "possession"}, "conduct"),
    ({"conduct": ["possession", 3]}, "conduct"),
    ({"exploits_minors": "no"}, "exploits_minors"),
    ({"amenable": 1}, "amenable"),
    ({"amenability_reason": 42}, "amenability_reason"),
    ({"age": 17.5}, "age"),
    ({"age": -3}, "age"),
    ({"as_of": "yesterday"}, "as_of"),
    ({"as_of": datetime(2024, 5, 1, 12, 0)}, "as_of"),
    ({"convictions": {"offense": "murder_1"}}, "convictions"),
    ({"convictions": [{"date": "2020-01-01"}]}, "convictions[0].offense"),
    ({"convictions": [{"offense": "murder_1", "date": "01/02/2020"}]}, "convictions[0].date"),
    ({"convictions": [{"offense": "murder_1", "court": "x"}]}, "convictions[0].court"),
    ({"verified_activity": [{"source": "rumour"}]}, "verified_activity[0].source"),
    (
        {"verified_activity": [{"source": "records", "in_area": "yes"}]},
        "verified_activity[0].in_area",
    ),
    ({"capacity_available": "true"}, "capacity_available"),
    ({"drug_gram": 3}, "drug_gram"),
]


@pytest.mark.parametrize(("facts", "fact"), WRONG_TYPES)
def test_it_raises_facts_error_naming_a_wrongly_typed_fact(
    facts: dict[str, Any], fact: str
) -> None:
    with pytest.raises(FactsError) as error:
        parse_facts(facts)

    assert error.value.fact == fact
    assert f"'{fact}'" in str(error.value)


def test_it_treats_none_as_an_unknown_fact() -> None:
    assert parse_facts({"age": None, "convictions": None}) == parse_facts({})


def test_it_does_not_change_the_facts_it_is_given(shipped: dict[str, Protocol]) -> None:
    facts = facts_for("seattle-lead", convictions=[conviction("robbery_2", "2015-01-01")])
    copy = json.loads(json.dumps(facts))

    decide(shipped["seattle-lead"], facts)

    assert facts == copy
