"""required_facts: the questions a referral form asks, generated from the protocol."""

from __future__ import annotations

from typing import Any

import pytest

from openlead.eligibility import (
    FACT_NAMES,
    Condition,
    FactSpec,
    Outcome,
    Protocol,
    decide,
    required_facts,
)

from .helpers import AS_OF, clause_ids

DOORS_BY_PROTOCOL = [
    ("seattle-lead", "arrest"),
    ("seattle-lead", "social_contact"),
    ("seattle-lead", "community"),
    ("seattle-lead", "self"),
    ("santa-fe-lead", "arrest"),
    ("santa-fe-lead", "social_contact"),
    ("atlanta-pad", "arrest"),
    ("atlanta-pad", "community"),
    ("atlanta-pad", "self"),
]

# The answer a form would give that keeps a referral eligible, per fact type.
BENIGN: dict[str, Any] = {
    "conduct": None,  # the first choice offered
    "drug_grams": 1.0,
    "drug_form": "other",
    "sale_for_profit": False,
    "exploits_minors": False,
    "promotes_prostitution": False,
    "amenable": True,
    "amenability_reason": None,
    "age": 40,
    "convictions": [],
    "pending_specialty_court": False,
    "no_contact_order_with_participant": False,
    "verified_activity": [{"source": "records", "date": "2024-01-02", "in_area": True}],
    "capacity_available": True,
}


def names(specs: list[FactSpec]) -> list[str]:
    return [spec.name for spec in specs]


@pytest.mark.parametrize(("ident", "door"), DOORS_BY_PROTOCOL)
def test_it_asks_enough_to_decide_without_review(
    shipped: dict[str, Protocol], ident: str, door: str
) -> None:
    specs = required_facts(shipped[ident], door)
    facts: dict[str, Any] = {"door": door, "as_of": AS_OF}
    for spec in specs:
        facts[spec.name] = [spec.choices[0][0]] if spec.name == "conduct" else BENIGN[spec.name]

    decision = decide(shipped[ident], {k: v for k, v in facts.items() if v is not None})

    assert decision.outcome is Outcome.ELIGIBLE, [str(r) for r in decision.reasons]


@pytest.mark.parametrize(("ident", "door"), DOORS_BY_PROTOCOL)
def test_it_describes_each_fact_in_plain_words_with_its_clauses(
    shipped: dict[str, Protocol], ident: str, door: str
) -> None:
    specs = required_facts(shipped[ident], door)

    assert names(specs) == sorted(names(specs), key=FACT_NAMES.index)
    for spec in specs:
        assert spec.label and spec.type
        assert spec.clauses and set(spec.clauses) <= clause_ids(shipped[ident])
        assert "_" not in spec.label


def test_it_asks_santa_fe_officers_for_age_and_drug_form_at_arrest(
    shipped: dict[str, Protocol],
) -> None:
    specs = {spec.name: spec for spec in required_facts(shipped["santa-fe-lead"], "arrest")}

    assert specs["age"].clauses == ("2.3",)
    assert specs["drug_form"].choices == (("pills", "Pills"), specs["drug_form"].choices[1])
    assert specs["drug_grams"].only_when == Condition("conduct", ("possession", "sale"))
    assert "verified_activity" not in specs


def test_it_asks_only_social_contact_for_verification_and_capacity(
    shipped: dict[str, Protocol],
) -> None:
    arrest = names(required_facts(shipped["seattle-lead"], "arrest"))
    social = names(required_facts(shipped["seattle-lead"], "social_contact"))

    assert "verified_activity" in social and "capacity_available" in social
    assert "verified_activity" not in arrest and "capacity_available" not in arrest
    assert "drug_grams" in arrest and "drug_grams" not in social


def test_it_asks_for_a_reason_only_when_not_amenable(shipped: dict[str, Protocol]) -> None:
    specs = {spec.name: spec for spec in required_facts(shipped["seattle-lead"], "arrest")}

    assert specs["amenable"].only_when is None
    assert specs["amenability_reason"].only_when == Condition("amenable", (False,))
    assert str(specs["amenability_reason"].only_when) == "when amenable is false"


def test_it_offers_the_offense_codes_with_the_history_clauses(shipped: dict[str, Protocol]) -> None:
    specs = {spec.name: spec for spec in required_facts(shipped["seattle-lead"], "arrest")}

    assert specs["convictions"].clauses == ("2.6", "2.6(a)", "2.6(b)")
    assert ("robbery_1", "Robbery in the first degree") in specs["convictions"].choices


def test_it_asks_atlanta_community_referrers_no_criminal_history(
    shipped: dict[str, Protocol],
) -> None:
    specs = {spec.name: spec for spec in required_facts(shipped["atlanta-pad"], "community")}

    assert set(specs) == {"conduct", "exploits_minors", "amenable", "amenability_reason"}
    assert ("community_concern", specs["conduct"].choices[-1][1]) == specs["conduct"].choices[-1]


def test_it_refuses_a_door_the_program_does_not_offer(shipped: dict[str, Protocol]) -> None:
    with pytest.raises(ValueError, match="not offered"):
        required_facts(shipped["santa-fe-lead"], "community")
