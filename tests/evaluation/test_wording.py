"""The words match the intervals: "lower"/"higher" only when the 95% interval excludes
the null, otherwise "no clear difference; the interval runs from ... to ..." (issue 18)."""

from __future__ import annotations

import re

import pytest

from openlead.evaluation.designs import recidivism, time_to_event, within_subject
from openlead.evaluation.io import prepare_inputs
from openlead.evaluation.report import _summary
from openlead.evaluation.simulate import SimulationConfig, simulate
from openlead.evaluation.types import DesignResult, Estimate, Options
from openlead.evaluation.wording import RATIOS, WHO, direction, estimand_words, finding

# Small samples give intervals that hold 1, large ones intervals that exclude it; a null
# effect gives both kinds. Every scenario of the simulator's two modes is covered.
SCENARIOS = [
    pytest.param("hazard", 300, 0.0, id="hazard-small-null"),
    pytest.param("hazard", 1500, -0.5, id="hazard-large-effect"),
    pytest.param("logistic", 300, -0.9, id="logistic-small-effect"),
    pytest.param("logistic", 1500, 0.0, id="logistic-large-null"),
]
SENTENCE = re.compile(
    r"(\d+)% (lower|higher)[^;]*; the 95% interval runs from (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?)"
)
UNCLEAR = re.compile(
    r"no clear (?:difference|change);[^;]*?runs from (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?)"
)


def _results(mode: str, people: int, effect: float) -> list[DesignResult]:
    config = SimulationConfig(
        people=people,
        seed=people + int(10 * effect),
        mode=mode,  # type: ignore[arg-type]
        log_hazard_ratio=effect,
        log_odds_ratio=effect,
        police_contacts_per_year=0.0,
    )
    tables, _ = simulate(config)
    data, _ = prepare_inputs(
        {
            "people": tables["people"],
            "events": tables["events"],
            "status_months": tables["status_months"],
        }
    )
    options = Options(outcomes=["any_arrest", "felony_charge"], bootstrap=50)
    return [design.run(data, options) for design in (recidivism, time_to_event, within_subject)]


def _check_estimate(e: Estimate) -> None:
    words = finding(e)
    null = 1.0 if e.measure in RATIOS else 0.0
    assert e.ci_low is not None and e.ci_high is not None
    excludes = e.ci_high < null or e.ci_low > null
    assert excludes == (direction(e) != "unclear")
    if excludes:
        assert ("lower" in words) == (e.ci_high < null), words
        assert ("higher" in words) == (e.ci_low > null), words
    else:
        assert words.startswith("no clear difference; ") and "interval runs from" in words
        assert "lower" not in words and "higher" not in words
    words_for = estimand_words(e)
    if e.design == "recidivism":
        assert words_for.startswith(WHO[e.estimand]), words_for
    assert e.outcome.replace("_", " ") in words_for


def _check_sentence(text: str) -> int:
    """Direction words agree with the interval quoted beside them; returns claims checked."""
    claims = 0
    for _, way, low, high in SENTENCE.findall(text):
        lo, hi = float(low), float(high)
        assert (hi < 1.0) if way == "lower" else (lo > 1.0), text
        claims += 1
    for low, high in UNCLEAR.findall(text):
        assert float(low) <= 1.0 <= float(high), text
        claims += 1
    if "lower" in text or "higher" in text:
        assert claims, f"a direction word with no interval beside it: {text}"
    return claims


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "people", "effect"), SCENARIOS)
def test_the_words_match_the_intervals(mode: str, people: int, effect: float) -> None:
    results = _results(mode, people, effect)
    estimates = [e for r in results for e in r.estimates]
    assert estimates
    for e in estimates:
        _check_estimate(e)
    checked = sum(_check_sentence(s) for r in results for s in r.summary)
    assert checked >= 3  # the recidivism estimands, the hazard ratio and the statuses
    recid = results[0]
    assert any("(ATT)" in s for s in recid.summary) and any("(ATE)" in s for s in recid.summary)
    assert "Propensity scores on" in recid.summary[0] and "fitted by" in recid.summary[0]
    html = _summary(results)
    assert "balance the groups" not in html  # the old unconditional claim is gone


def test_an_interval_that_holds_1_is_no_clear_difference() -> None:
    e = Estimate(
        "recidivism", "any_arrest", "6m", "ATT", "odds_ratio", 0.6, 0.33, 1.09, 0.1, 40, 400, "m"
    )
    assert (
        finding(e)
        == "no clear difference; the estimate is 0.60 and the 95% interval runs from 0.33 to 1.09"
    )
    assert estimand_words(e) == (
        "average effect on participants (ATT), ratio of the post/pre odds ratios of any arrest"
    )
    e.ci_high = 0.91
    assert (
        finding(e) == "40% lower for participants (0.60; the 95% interval runs from 0.33 to 0.91)"
    )


def test_an_interval_without_a_finite_bound_says_so_in_words() -> None:
    # Seen on a 33-participant run: the ATT odds ratio's upper bound overflowed, and the
    # summary read "the 95% interval runs from 0.00 to undefined".
    e = Estimate(
        "recidivism",
        "any_arrest",
        "6m",
        "ATT",
        "odds_ratio",
        0.76,
        0.0,
        float("inf"),
        None,
        33,
        31,
        "m",
    )
    words = finding(e)
    assert "undefined" not in words and "inf" not in words
    assert words == (
        "no clear difference; the estimate is 0.76 and the 95% interval has no finite bound:"
        " the data hold too little for this estimate"
    )
