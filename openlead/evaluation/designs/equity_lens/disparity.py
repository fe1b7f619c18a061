"""Who is diverted against who is booked for eligible conduct, and officer concentration."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from openlead.evaluation.designs.equity_lens.stats import (
    age_band,
    estimate,
    gini,
    is_small,
    top_share,
)
from openlead.evaluation.designs.utilization_costs import age_at_index, suppress_table
from openlead.evaluation.types import DesignResult, EvalData, Options, suppress_small

RRI_METHOD = (
    "Relative rate index (diverted_g / booked_g) / (diverted_ref / booked_ref). Diverted: "
    "program participants. Booked for eligible conduct: comparison people with at least one "
    "arrest or booking flagged eligible_conduct. 95% CI from a saturated Poisson log-linear "
    "GLM (statsmodels) on the four counts; its SE equals the delta-method "
    "sqrt(1/D_g + 1/B_g + 1/D_ref + 1/B_ref)."
)


# ---------------------------------------------------------------- relative rate index


def relative_rates(data: EvalData, options: Options, result: DesignResult) -> bool:
    """RRI by race, sex and age band, each against its reference level."""
    events = data.events
    if "eligible_conduct" not in events.columns:
        result.warnings.append("relative rates: events has no eligible_conduct column")
        return False
    flagged = events["kind"].isin(["arrest", "booking"]) & (
        events["eligible_conduct"].astype("boolean").fillna(False)
    )
    booked_ids = set(events.loc[flagged, "person_id"])
    people = data.people.assign(age_band=age_band(age_at_index(data.people)))
    booked = people.loc[(people["group"] == "comparison") & people["person_id"].isin(booked_ids)]
    diverted = people.loc[people["group"] == "program"]
    if booked.empty:
        result.warnings.append("relative rates: no comparison person booked for eligible conduct")
        return False
    rows: list[dict[str, object]] = []
    for dimension in ("race", "sex", "age_band"):
        if dimension in people.columns:
            rows.extend(_dimension_rows(dimension, diverted, booked, result))
    if not rows:
        result.warnings.append("relative rates: people has no race, sex or birth_year column")
        return False
    table = pd.DataFrame(rows)
    result.tables["diversion_relative_rates"] = suppress_table(
        table,
        {"diverted": ["rri", "ci_low", "ci_high"], "booked_eligible": ["rri", "ci_low", "ci_high"]},
    )
    return True


MISSING = "(missing)"


def _levels(column: pd.Series) -> pd.Series:
    return column.astype("string").fillna(MISSING)


def _reference(dimension: str, booked: pd.Series) -> str:
    """White for race, the usual RRI reference group (the app's extract writes the HMIS
    code "white", published files "White"); otherwise the largest group. Never the
    people whose value is missing: a rate against "unknown" answers no one's question."""
    known = booked[booked != MISSING]
    counts = (known if len(known) else booked).value_counts()
    if dimension == "race":
        for level in counts.index:
            if str(level).casefold() == "white":
                return str(level)
    return str(counts.index[0])


def _dimension_rows(
    dimension: str, diverted: pd.DataFrame, booked: pd.DataFrame, result: DesignResult
) -> list[dict[str, object]]:
    d = _levels(diverted[dimension]).value_counts()
    b = _levels(booked[dimension]).value_counts()
    ref = _reference(dimension, _levels(booked[dimension]))
    rows = []
    for level in sorted(set(d.index) | set(b.index)):
        counts = (
            int(d.get(level, 0)),
            int(b.get(level, 0)),
            int(d.get(ref, 0)),
            int(b.get(ref, 0)),
        )
        row: dict[str, object] = {
            "dimension": dimension,
            "level": level,
            "reference": level == ref,
            "diverted": counts[0],
            "booked_eligible": counts[1],
            "rri": 1.0 if level == ref else np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
        }
        if level != ref:
            _fill_rri(row, counts, ref, result)
        rows.append(row)
    return rows


def _fill_rri(
    row: dict[str, object], counts: tuple[int, int, int, int], ref: str, result: DesignResult
) -> None:
    label = f"{row['dimension']}={row['level']} vs {ref}"
    if min(counts) == 0:
        result.warnings.append(f"relative rates: {label} has a zero count; no RRI")
        return
    rri, low, high, p = _poisson_rri(counts)
    row.update(rri=round(rri, 3), ci_low=round(low, 3), ci_high=round(high, 3))
    if any(is_small(c) for c in counts):
        result.warnings.append(
            f"relative rates: {label} withheld from estimates (a count under 11)"
        )
        return
    result.estimates.append(
        estimate(
            f"rri[{label}]",
            "study period",
            "ratio",
            (rri, low, high, p),
            (counts[0], counts[1]),
            RRI_METHOD,
        )
    )


def _poisson_rri(counts: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
    """exp(interaction) of log mu = a + b*level + c*diverted + d*level*diverted."""
    import statsmodels.api as sm

    y = np.asarray(counts, dtype=float)  # D_g, B_g, D_ref, B_ref
    level = np.array([1.0, 1.0, 0.0, 0.0])
    div = np.array([1.0, 0.0, 1.0, 0.0])
    exog = np.column_stack([np.ones(4), level, div, level * div])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a saturated model: zero residual df is expected
        fit = sm.GLM(y, exog, family=sm.families.Poisson()).fit()
    low, high = fit.conf_int()[3]
    return (
        float(np.exp(fit.params[3])),
        float(np.exp(low)),
        float(np.exp(high)),
        float(fit.pvalues[3]),
    )


# ---------------------------------------------------------------- officer concentration


def officer_concentration(data: EvalData, options: Options, result: DesignResult) -> bool:
    """Top-10% officers' share of referrals and the Gini, with bootstrap intervals."""
    people = data.people
    if "officer_id" not in people.columns:
        result.warnings.append("officer concentration: people has no officer_id column")
        return False
    ids = people.loc[people["group"] == "program", "officer_id"].dropna()
    if ids.empty:
        result.warnings.append("officer concentration: no program participant has an officer_id")
        return False
    counts = ids.value_counts().to_numpy(dtype=float)
    rng = np.random.default_rng(options.seed + 1)
    draws = counts[rng.integers(0, len(counts), size=(options.bootstrap, len(counts)))]
    measures = {
        "top_10pct_officer_share": (top_share, "share"),
        "referral_gini": (gini, "gini"),
    }
    rows: list[dict[str, object]] = [
        {"measure": "officers", "value": suppress_small(len(counts))},
        {"measure": "referrals", "value": suppress_small(int(counts.sum()))},
    ]
    for name, (func, measure) in measures.items():
        point = func(counts)
        boot = np.array([func(row) for row in draws])
        low, high = np.nanpercentile(boot, [2.5, 97.5])
        rows.append(
            {
                "measure": name,
                "value": round(point, 3),
                "ci_low": round(low, 3),
                "ci_high": round(high, 3),
            }
        )
        result.estimates.append(
            estimate(
                name,
                "study period",
                measure,  # type: ignore[arg-type]
                (point, low, high, None),
                (int(counts.sum()), 0),
                f"Referrals per officer (program participants with officer_id; {len(counts)} "
                "officers who referred anyone). 95% percentile bootstrap over "
                f"{options.bootstrap} resamples of officers.",
            )
        )
    result.tables["officer_concentration"] = pd.DataFrame(rows)
    result.summary.append(
        f"The top 10% of referring officers made {top_share(counts):.0%} of police referrals."
    )
    return True
