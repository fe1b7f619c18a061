"""Table-driven decisions for the shipped protocols; each row cites the clause it exercises.

Boundaries: 2.9 g vs 3.0 g (Seattle 2.1, "less than 3 grams"), 6.0 g vs 6.1 g (Santa Fe 2.1), the 10-year
look-back one day inside and outside (Seattle 2.6(b)), the 24-month verification window
(3.1), and age 17 vs 18 (Santa Fe 2.3). All screenings are as of 2024-05-01.
"""

from __future__ import annotations

from typing import Any

import pytest

from openlead.eligibility import Outcome, Protocol, decide

from .helpers import SOCIAL_CONTACT, conviction, facts_for

YES, NO, REVIEW = Outcome.ELIGIBLE, Outcome.INELIGIBLE, Outcome.NEEDS_REVIEW
SEA, SF, ATL = "seattle-lead", "santa-fe-lead", "atlanta-pad"


def activity(
    source: str = "records", day: str | None = "2024-01-10", in_area: bool | None = True
) -> dict[str, Any]:
    entry = {"source": source, "date": day, "in_area": in_area}
    return {name: value for name, value in entry.items() if value is not None}


def social(**changes: Any) -> dict[str, Any]:
    return {**SOCIAL_CONTACT, **changes}


def row(protocol: str, clause: str, expected: Outcome, why: str, **changes: Any) -> Any:
    return pytest.param(protocol, changes, expected, clause, id=f"{protocol}-{clause}-{why}")


# fmt: off
ROWS = [
    # Seattle: doors and conduct (1.x)
    row(SEA, "1.1", YES, "possession at arrest"),
    row(SEA, "1.1", YES, "prostitution at arrest", conduct=["prostitution"], drug_grams=None),
    row(SEA, "1.1", YES, "possession and subsistence sale", conduct=["possession", "sale"], sale_for_profit=False),
    row(SEA, "1.1", NO, "no conduct recorded", conduct=[]),
    row(SEA, "1.1", REVIEW, "conduct not in vocabulary", conduct=["loitering"]),
    row(SEA, "1.1", REVIEW, "conduct missing", conduct=None),
    row(SEA, "1.3", YES, "community referral", door="community", drug_grams=None),
    row(SEA, "1.4", YES, "self-referral", door="self", drug_grams=None),
    row(SEA, "1", REVIEW, "door missing", door=None),
    # Seattle: drug quantity (2.1), arrest door only
    row(SEA, "2.1", YES, "2.9 g is under 3 g", drug_grams=2.9),
    row(SEA, "2.1", NO, "exactly 3.0 g is not under 3 g", drug_grams=3.0),
    row(SEA, "2.1", NO, "sale of exactly 3.0 g", conduct=["sale"], drug_grams=3.0, sale_for_profit=False),
    row(SEA, "2.1", NO, "3.1 g is over", drug_grams=3.1),
    row(SEA, "2.1", NO, "sale of 3.1 g", conduct=["sale"], drug_grams=3.1, sale_for_profit=False),
    row(SEA, "2.1", REVIEW, "amount missing", drug_grams=None),
    row(SEA, "1.1", YES, "no limit for prostitution", conduct=["prostitution"], drug_grams=10.0),
    row(SEA, "2.1", YES, "pills not exempt but 2 g", drug_grams=2.0, drug_form="pills"),
    row(SEA, "2.1", NO, "pills not exempt in Seattle", drug_grams=4.0, drug_form="pills"),
    # Seattle: sale for profit (2.2)
    row(SEA, "2.2", NO, "sale for profit", conduct=["sale"], sale_for_profit=True),
    row(SEA, "2.2", REVIEW, "profit not recorded", conduct=["sale"]),
    row(SEA, "2.2", YES, "subsistence sale", conduct=["sale"], sale_for_profit=False),
    # Seattle: exploitation, promoting, amenability (2.3-2.5)
    row(SEA, "2.3", NO, "exploits minors", exploits_minors=True),
    row(SEA, "2.3", REVIEW, "exploitation not recorded", exploits_minors=None),
    row(SEA, "2.4", NO, "promotes prostitution", promotes_prostitution=True),
    row(SEA, "2.5", NO, "not amenable with reason", amenable=False, amenability_reason="Declined"),
    row(SEA, "2.5", REVIEW, "not amenable without reason", amenable=False),
    row(SEA, "2.5", REVIEW, "not amenable blank reason", amenable=False, amenability_reason="  "),
    row(SEA, "2.5", REVIEW, "amenability not recorded", amenable=None),
    # Seattle: criminal history (2.6)
    row(SEA, "2.6(a)", NO, "murder long ago", convictions=[conviction("murder_1", "1980-02-03")]),
    row(SEA, "2.6(a)", NO, "attempted murder", convictions=[conviction("attempt:murder_1", "1999-01-01")]),
    row(SEA, "2.6(a)", NO, "attempted kidnapping", convictions=[conviction("attempt:kidnapping")]),
    row(SEA, "2.6(a)", NO, "sex offense with no date", convictions=[conviction("sex_offense")]),
    row(SEA, "2.6(a)", NO, "firearm", convictions=[conviction("firearm_2", "2003-06-30")]),
    row(SEA, "2.6(b)", NO, "one day inside look-back", convictions=[conviction("robbery_2", "2014-05-02")]),
    row(SEA, "2.6(b)", NO, "first day of look-back", convictions=[conviction("robbery_2", "2014-05-01")]),
    row(SEA, "2.6(b)", YES, "one day outside look-back", convictions=[conviction("robbery_2", "2014-04-30")]),
    row(SEA, "2.6(b)", NO, "recent domestic violence", convictions=[conviction("domestic_violence", "2020-08-08")]),
    row(SEA, "2.6(b)", YES, "old promoting prostitution", convictions=[conviction("promoting_prostitution", "2013-01-01")]),
    row(SEA, "2.6", YES, "attempt of a look-back offense", convictions=[conviction("attempt:robbery_2", "2020-01-01")]),
    row(SEA, "2.6(b)", REVIEW, "look-back offense without date", convictions=[conviction("assault_2")]),
    row(SEA, "2.6(b)", REVIEW, "conviction after as-of date", convictions=[conviction("burglary_1", "2024-05-02")]),
    row(SEA, "2.6", YES, "unlisted offense", convictions=[conviction("assault_3", "2022-01-01")]),
    row(SEA, "2.6", REVIEW, "unknown offense code", convictions=[conviction("jaywalking", "2022-01-01")]),
    row(SEA, "2.6", REVIEW, "attempt of unknown code", convictions=[conviction("attempt:jaywalking")]),
    row(SEA, "2.6", REVIEW, "history not recorded", convictions=None),
    row(SEA, "2.6(a)", NO, "unknown code and murder", convictions=[conviction("jaywalking"), conviction("murder_2")]),
    # Seattle: pending court, no-contact order (2.7, 2.8)
    row(SEA, "2.7", NO, "pending drug court", pending_specialty_court=True),
    row(SEA, "2.8", NO, "no-contact order", no_contact_order_with_participant=True),
    # Seattle: social contact (3.1 verification, 3.2 capacity)
    row(SEA, "3.1", YES, "officer observation", **social()),
    row(SEA, "3.1", YES, "community member", **social(verified_activity=[activity("community_member")])),
    row(SEA, "3.1", YES, "exactly 24 months", **social(verified_activity=[activity(day="2022-05-01")])),
    row(SEA, "3.1", NO, "24 months and a day", **social(verified_activity=[activity(day="2022-04-30")])),
    row(SEA, "3.1", NO, "outside program area", **social(verified_activity=[activity(in_area=False)])),
    row(SEA, "3.1", REVIEW, "area not recorded", **social(verified_activity=[activity(in_area=None)])),
    row(SEA, "3.1", REVIEW, "date not recorded", **social(verified_activity=[activity(day=None)])),
    row(SEA, "3.1", NO, "no verified activity", **social(verified_activity=[])),
    row(SEA, "3.1", REVIEW, "activity not recorded", **social(verified_activity=None)),
    row(SEA, "3.1", YES, "one good among bad", **social(verified_activity=[activity(in_area=False), activity()])),
    row(SEA, "3.2", NO, "no capacity", **social(capacity_available=False)),
    row(SEA, "3.2", REVIEW, "capacity not recorded", **social(capacity_available=None)),
    row(SEA, "1.2", YES, "no quantity limit at social contact", **social(drug_grams=10.0)),
    row(SEA, "1.1", YES, "capacity not needed at arrest", capacity_available=False),
    # Santa Fe
    row(SF, "1.1", YES, "possession at arrest"),
    row(SF, "1.1", NO, "prostitution not eligible at arrest", conduct=["prostitution"]),
    row(SF, "1.1", YES, "subsistence sale of any controlled substance", conduct=["sale"], sale_for_profit=False),
    row(SF, "1.2", YES, "prostitution at social contact", **social(conduct=["prostitution"], verified_activity=[activity()])),
    row(SF, "2.9", NO, "suspected of promoting prostitution", promotes_prostitution=True),
    row(SF, "2.9", NO, "promoting at social contact", **social(conduct=["prostitution"], promotes_prostitution=True, verified_activity=[activity()])),
    row(SF, "2.9", REVIEW, "promoting not recorded", promotes_prostitution=None),
    row(SF, "1", NO, "no community door", door="community"),
    row(SF, "1", NO, "no self door", door="self"),
    row(SF, "2.1", YES, "exactly 6.0 g", drug_grams=6.0),
    row(SF, "2.1", NO, "6.1 g is over", drug_grams=6.1),
    row(SF, "2.1", YES, "pills exempt", drug_grams=20.0, drug_form="pills"),
    row(SF, "2.1", REVIEW, "over the limit, form unknown", drug_grams=7.0, drug_form=None),
    row(SF, "2.1", YES, "pills exempt, amount unknown", drug_grams=None, drug_form="pills"),
    row(SF, "2.2", NO, "sale for profit", conduct=["sale"], sale_for_profit=True),
    row(SF, "2.3", NO, "age 17", age=17),
    row(SF, "2.3", YES, "age 18", age=18),
    row(SF, "2.3", REVIEW, "age not recorded", age=None),
    row(SF, "2.6(a)", NO, "attempted arson", convictions=[conviction("attempt:arson_1", "2010-10-10")]),
    row(SF, "2.6", YES, "robbery 2 not listed", convictions=[conviction("robbery_2", "2023-01-01")]),
    row(SF, "3.1", YES, "social contact", **social(verified_activity=[activity()])),
    row(SF, "3.2", NO, "social contact without capacity", **social(capacity_available=False)),
    # Atlanta PAD
    row(ATL, "1.1", YES, "possession at arrest"),
    row(ATL, "1.1", YES, "quality of life at arrest", conduct=["quality_of_life"]),
    row(ATL, "1.1", NO, "sale not eligible", conduct=["sale"]),
    row(ATL, "1.1", NO, "311 concern is not an arrest", conduct=["community_concern"]),
    row(ATL, "1.2", YES, "ATL311 referral", door="community", conduct=["community_concern"]),
    row(ATL, "1.3", YES, "self-referral", door="self", conduct=["quality_of_life"]),
    row(ATL, "1", NO, "no social contact door", door="social_contact"),
    row(ATL, "2.1", NO, "exploits minors", door="community", exploits_minors=True),
    row(ATL, "2.2", NO, "promotes prostitution", conduct=["prostitution"], promotes_prostitution=True),
    row(ATL, "1.2", YES, "promoting not asked at 311", door="community", promotes_prostitution=None),
    row(ATL, "2.3", NO, "declined with reason", amenable=False, amenability_reason="Declined"),
    row(ATL, "1.1", YES, "history not read", convictions=[conviction("murder_1", "2001-01-01")]),
    row(ATL, "1.1", YES, "unknown code not read", convictions=[conviction("jaywalking")]),
]
# fmt: on


@pytest.mark.parametrize(("protocol_id", "changes", "expected", "clause"), ROWS)
def test_it_decides_as_the_clause_says(
    shipped: dict[str, Protocol],
    protocol_id: str,
    changes: dict[str, Any],
    expected: Outcome,
    clause: str,
) -> None:
    decision = decide(shipped[protocol_id], facts_for(protocol_id, **changes))

    assert decision.outcome == expected, [str(reason) for reason in decision.reasons]
    cited = decision.reasons if expected is not Outcome.ELIGIBLE else decision.findings
    assert clause in {finding.clause for finding in cited}, [str(f) for f in cited]


def test_it_has_at_least_sixty_rows_across_the_three_protocols() -> None:
    assert len(ROWS) >= 60
    assert {param.values[0] for param in ROWS} == {SEA, SF, ATL}
