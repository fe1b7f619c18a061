"""Police contacts before and after entry, and outcomes by referral route."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from openlead.evaluation.designs.equity_lens.stats import estimate, program
from openlead.evaluation.designs.utilization_costs import (
    DAYS_PER_MONTH,
    age_at_index,
    follow_up_end,
    query,
    suppress_table,
)
from openlead.evaluation.propensity import design_matrix
from openlead.evaluation.types import DesignResult, Estimate, EvalData, Options

POLICE_DOORS = ("arrest", "social_contact")
COMMUNITY_DOORS = ("community", "self")
MIN_PER_GROUP = 10

# ---------------------------------------------------------------- police contacts


def police_contacts(data: EvalData, options: Options, result: DesignResult) -> bool:
    """Police contacts per participant-month in symmetric windows around the index date."""
    if not (data.events["kind"] == "police_contact").any():
        result.warnings.append("police contacts: no events of kind police_contact")
        return False
    panel = _contact_panel(data, options, result)
    persons = panel["person_id"].nunique()
    sums = panel.groupby("window", sort=False).agg(
        participants=("person_id", "nunique"),
        contacts=("contacts", "sum"),
        months=("months", "sum"),
    )
    sums["per_participant_month"] = (sums["contacts"] / sums["months"]).round(3)
    sums["months"] = sums["months"].round(1)
    result.tables["police_contacts"] = suppress_table(
        sums.reset_index(), {"participants": ["months"], "contacts": ["per_participant_month"]}
    )
    if persons < MIN_PER_GROUP or panel["contacts"].sum() == 0:
        result.warnings.append("police contacts: too few participants or contacts for a rate ratio")
        return True
    result.estimates.append(_contact_ratio(panel, options.window_months))
    return True


def _contact_panel(data: EvalData, options: Options, result: DesignResult) -> pd.DataFrame:
    end, notes = follow_up_end(data, options)
    result.warnings.extend(f"police contacts: {n}" for n in notes)
    people = data.people.assign(followup_end=end)
    people = program(people)
    span = np.minimum(
        round(options.window_months * DAYS_PER_MONTH),
        (people["followup_end"] - people["index_date"]).dt.days,
    )
    people = people.assign(span=span).loc[span >= 1, ["person_id", "index_date", "span"]]
    events = data.events.loc[data.events["kind"] == "police_contact", ["person_id", "date"]]
    sql = """
        WITH w AS (
            SELECT person_id, index_date, 'before' AS "window", -span AS lo, -1 AS hi, span FROM p
            UNION ALL SELECT person_id, index_date, 'after', 1, span, span FROM p
        )
        SELECT w.person_id, w."window", w.span / 30.4375 AS months,
               count(e.person_id) AS contacts
        FROM w LEFT JOIN e ON e.person_id = w.person_id
            AND datediff('day', w.index_date, e.date) BETWEEN w.lo AND w.hi
        GROUP BY ALL ORDER BY w.person_id, w."window" DESC
    """
    return query(sql, p=people, e=events)


def _contact_ratio(panel: pd.DataFrame, months: int) -> Estimate:
    import statsmodels.api as sm

    after = (panel["window"] == "after").astype(float)
    exog = np.column_stack([np.ones(len(panel)), after])
    groups = pd.factorize(panel["person_id"])[0]
    fit = sm.GLM(
        panel["contacts"].to_numpy(float),
        exog,
        offset=np.log(panel["months"].to_numpy(float)),
        family=sm.families.Poisson(),
    ).fit(cov_type="cluster", cov_kwds={"groups": groups})
    low, high = np.exp(fit.conf_int()[1])
    return estimate(
        "police_contacts",
        f"{months} months before/after",
        "rate_ratio",
        (float(np.exp(fit.params[1])), low, high, float(fit.pvalues[1])),
        (int(panel["person_id"].nunique()), 0),
        "Police contacts per participant-month after vs before the index date (index day "
        "in neither window; windows cut to the same length at the end of follow-up): "
        "Poisson GLM (statsmodels) with offset log(months), SEs clustered by person.",
    )


# ---------------------------------------------------------------- referral route outcomes


def referral_outcomes(data: EvalData, options: Options, result: DesignResult) -> bool:
    """Odds of any arrest within the window after entry: police- vs community-referred."""
    people = program(data.people)
    if "door" not in people.columns:
        result.warnings.append("referral routes: people has no door column")
        return False
    frame = _route_frame(data, options, result)
    sizes = frame["police_referred"].value_counts()
    table = (
        frame.groupby("police_referred")
        .agg(participants=("person_id", "count"), with_arrest=("arrest", "sum"))
        .reset_index()
    )
    table["route"] = np.where(
        table["police_referred"] == 1,
        "police (arrest, social_contact)",
        "community (community, self)",
    )
    table["share"] = (table["with_arrest"] / table["participants"]).round(3)
    table = table[["route", "participants", "with_arrest", "share"]]
    result.tables["arrest_by_referral_route"] = suppress_table(
        table,
        {"participants": ["share"], "with_arrest": ["share"]},
        {"with_arrest": "participants"},
    )
    if len(sizes) < 2 or sizes.min() < MIN_PER_GROUP or frame["arrest"].nunique() < 2:
        result.warnings.append(
            "referral routes: too few police- or community-referred participants"
        )
        return True
    route = _route_model(frame, options.window_months)
    if route.fit and route.fit != "maximum likelihood":
        result.warnings.append(
            "referral routes: the maximum-likelihood logit did not exist (separation); "
            "Firth's penalised likelihood used instead"
        )
    result.estimates.append(route)
    return True


def _route_frame(data: EvalData, options: Options, result: DesignResult) -> pd.DataFrame:
    end, _ = follow_up_end(data, options)
    people = program(data.people.assign(followup_end=end))
    door = people["door"].astype("string")
    known = door.isin([*POLICE_DOORS, *COMMUNITY_DOORS])
    horizon = people["index_date"] + pd.DateOffset(months=options.window_months)
    full = people["followup_end"] >= horizon
    if (~full & known).any():
        result.warnings.append(
            f"referral routes: {int((~full & known).sum())} participants with less than "
            f"{options.window_months} months of follow-up left out"
        )
    people = people.loc[known & full].copy()
    people["police_referred"] = people["door"].astype("string").isin(POLICE_DOORS).astype(float)
    arrests = data.events.loc[data.events["kind"] == "arrest", ["person_id", "date"]]
    sql = f"""
        SELECT p.person_id,
            count(*) FILTER (WHERE a.date > p.index_date
                AND a.date <= p.index_date + INTERVAL {int(options.window_months)} MONTH) > 0 AS arrest,
            count(*) FILTER (WHERE a.date < p.index_date
                AND a.date >= p.index_date - INTERVAL 24 MONTH) AS prior_arrests_24m
        FROM p LEFT JOIN a ON a.person_id = p.person_id GROUP BY p.person_id
    """  # noqa: S608 - window_months is an int
    counts = query(sql, p=people[["person_id", "index_date"]], a=arrests).set_index("person_id")
    people["arrest"] = people["person_id"].map(counts["arrest"]).astype(float)
    people["prior_arrests_24m"] = people["person_id"].map(counts["prior_arrests_24m"]).astype(float)
    people["age"] = age_at_index(people)
    return people.reset_index(drop=True)


Z = 1.959963984540054


def _route_model(frame: pd.DataFrame, months: int) -> Estimate:
    import statsmodels.api as sm

    covariates = [c for c in ("age", "sex", "race", "prior_arrests_24m") if c in frame.columns]
    covariates = [c for c in covariates if frame[c].notna().any()]
    design, _ = design_matrix(frame, ["police_referred", *covariates])
    exog = sm.add_constant(design.astype(float), has_constant="add")
    values, how = _route_fit(frame["arrest"].to_numpy(dtype=float), exog)
    counts = frame["police_referred"].value_counts()
    found = estimate(
        "any_arrest_police_vs_community_referred",
        f"{months} months after entry",
        "odds_ratio",
        values,
        (int(counts.get(1.0, 0)), int(counts.get(0.0, 0))),
        "Odds of any arrest after the index date (not on it) within the window, police-"
        "referred (arrest, social_contact) vs community-referred (community, self) "
        f"participants with full follow-up; logistic GLM (statsmodels) adjusted for "
        f"{', '.join(covariates) or 'nothing'}. n_program counts police-referred, "
        f"n_comparison community-referred participants. Fitted by {how}.",
    )
    found.fit = how
    return found


def _route_fit(y: np.ndarray, exog: pd.DataFrame) -> tuple[tuple[float, float, float, float], str]:
    """exp(b), CI and p of police_referred: the MLE, or Firth's when the MLE does not exist."""
    import statsmodels.api as sm
    from scipy.stats import norm

    from openlead.evaluation.robust import firth_logit, suspect_fit

    k = list(exog.columns).index("police_referred")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.GLM(y, exog, family=sm.families.Binomial()).fit()
    params, bse = np.asarray(fit.params), np.asarray(fit.bse)
    how = "maximum likelihood"
    if suspect_fit(params, bse, bool(fit.converged)):
        firth = firth_logit(y, exog.to_numpy(dtype=float))
        params, bse = firth.params, np.sqrt(np.diag(firth.cov))
        how = "Firth penalised likelihood"
    b, se = float(params[k]), float(bse[k])
    p = float(2 * norm.sf(abs(b / se)))
    return (float(np.exp(b)), float(np.exp(b - Z * se)), float(np.exp(b + Z * se)), p), how
