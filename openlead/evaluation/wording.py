"""Honest words for estimates: what each one estimates, and what its interval allows.

"Lower" or "higher" is said only when the 95% interval excludes the null (1 for a
ratio, 0 for a difference); otherwise the words are "no clear difference; the interval
runs from ... to ...". Every sentence names its estimand (who the average is over, and
which measure). The report's summary and each design's sentences come from here, and
tests/evaluation/test_wording.py checks them against the intervals.
"""

from __future__ import annotations

import math

from openlead.evaluation.types import Estimate

__all__ = ["direction", "estimand_words", "finding", "interval_text", "record"]

RATIOS = {"odds_ratio", "rate_ratio", "hazard_ratio", "ratio"}

WHO = {
    "ATE": "average effect over everyone, participants and comparison (ATE)",
    "ATT": "average effect on participants (ATT)",
    "ATE-trimmed": (
        "average effect over people whose propensity score lies in [0.1, 0.9] (ATE, Crump-trimmed)"
    ),
    "ATT-truncated": "average effect on participants (ATT, comparison weights truncated at 99%)",
    "unweighted": "unadjusted contrast of participants and comparison (no weighting)",
}

MEASURE = {
    "odds_ratio": "ratio of the post/pre odds ratios",
    "rate_ratio": "ratio of post/pre rate ratios of events per person-day",
    "hazard_ratio": "hazard ratio",
    "ratio": "ratio",
    "difference": "difference",
    "share": "share",
    "gini": "Gini coefficient",
}


def estimand_words(e: Estimate) -> str:
    """E.g. "average effect on participants (ATT), ratio of post/pre rate ratios of arrest"."""
    who = WHO.get(e.estimand, e.estimand)
    if e.design == "time-to-event" and e.estimand == "unweighted":
        who = "effect given the covariates (Cox model, conditional)"
    if e.design == "within-subject":
        who = "within-person change for participants, months after against before (no comparison group)"
    measure = MEASURE.get(e.measure, e.measure.replace("_", " "))
    return f"{who}, {measure} of {e.outcome.replace('_', ' ')}"


def _null(e: Estimate) -> float:
    return 1.0 if e.measure in RATIOS else 0.0


def direction(e: Estimate) -> str:
    """ "lower", "higher", or "unclear" (the interval holds the null or is missing)."""
    low, high = e.ci_low, e.ci_high
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return "unclear"
    null = _null(e)
    if high < null:
        return "lower"
    if low > null:
        return "higher"
    return "unclear"


def interval_text(e: Estimate) -> str:
    if e.ci_low is None or e.ci_high is None:
        return "no interval could be computed"
    if not (math.isfinite(e.ci_low) and math.isfinite(e.ci_high)):
        # An interval whose bound overflows (a huge standard error: too few events) once
        # read "runs from 0.00 to undefined"; say what it means instead.
        return "the 95% interval has no finite bound: the data hold too little for this estimate"
    return f"the 95% interval runs from {_fmt(e.ci_low)} to {_fmt(e.ci_high)}"


def finding(e: Estimate) -> str:
    """One clause: the estimate, its direction only if the interval supports one."""
    way = direction(e)
    if way == "unclear":
        return f"no clear difference; the estimate is {_fmt(e.estimate)} and {interval_text(e)}"
    if e.measure in RATIOS:
        change = abs(1 - e.estimate) * 100
        return f"{change:.0f}% {way} for participants ({_fmt(e.estimate)}; {interval_text(e)})"
    return f"{way} for participants by {_fmt(abs(e.estimate))} ({interval_text(e)})"


def _fmt(value: float) -> str:
    if not math.isfinite(value):
        return "undefined"
    return f"{value:.2f}" if abs(value) < 1000 else f"{value:,.0f}"


def record(e: Estimate) -> dict[str, object]:
    """An estimate as results.json and estimates.csv hold it: its fields and its words."""
    return e.as_dict() | {"estimand_words": estimand_words(e), "finding": finding(e)}
