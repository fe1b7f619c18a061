"""Time to event: days from the index date to the first re-arrest (or other outcome).

Kaplan-Meier curves by group (statsmodels SurvfuncRight) and a Cox proportional-hazards
model with covariates (Efron ties, `openlead.evaluation.cox`: statsmodels PHReg's partial
likelihood without its Python loops), censored at the end of follow-up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from openlead.evaluation.cox import efron_cox
from openlead.evaluation.outcomes import Outcome, first_event_times, start_on_outcomes
from openlead.evaluation.parallel import map_forked
from openlead.evaluation.robust import RAN_OFF, drop_degenerate, standardise, suspect_fit
from openlead.evaluation.types import DesignResult, Estimate, EvalData, Options
from openlead.evaluation.wording import estimand_words, finding

__all__ = ["cox_fit", "run"]

DESIGN = "time-to-event"
TO_DO = "try fewer covariates (--covariates) or check the follow-up and event dates"
Z = 1.959963984540054
KM_DAYS = (90, 180, 365, 730)


def run(data: EvalData, options: Options) -> DesignResult:
    """Hazard ratios (program vs comparison, given covariates) and Kaplan-Meier curves."""
    result, outcomes = start_on_outcomes(DESIGN, data, options)
    if result.skipped:
        return result
    times = first_event_times(data, outcomes)
    dropped = len(data.people) - len(times)
    if dropped:
        result.warnings.append(f"{dropped} people without follow-up after the index date left out")
    # constant or collinear among everyone, then among the people with follow-up
    covariates = _covariates(data, times, result.warnings)
    covariates, dropped_notes = drop_degenerate(covariates, "Cox model")
    result.warnings.extend(dropped_notes)
    fits = map_forked(lambda o: _fit_outcome(times, covariates, o), outcomes, options.jobs)
    for outcome, (table, estimate, note) in zip(outcomes, fits, strict=True):
        if note:
            result.warnings.append(note)
        if table is not None and estimate is not None:
            result.tables[f"cox_{outcome.name}"] = table
            result.estimates.append(estimate)
            if outcome.name == "any_arrest" or len(result.estimates) == 1:
                result.summary.append(_sentence(outcome, estimate))
    result.tables["kaplan_meier"] = pd.concat(
        [_km_table(times, o) for o in outcomes], ignore_index=True
    )
    result.figures[f"Kaplan-Meier: time to first {outcomes[0].label}"] = _km_figure(
        times, outcomes[0]
    )
    return result


def _covariates(
    data: EvalData, times: pd.DataFrame, notes: list[str] | None = None
) -> pd.DataFrame:
    """The covariate design of the people in `times`; dropped columns noted in `notes`."""
    from openlead.evaluation.propensity import design_matrix

    design, found = design_matrix(data.people, data.covariates)
    if notes is not None:
        notes.extend(n for n in found if "dropped" in n)
    design.index = pd.Index(data.people["person_id"])
    return design.reindex(times["person_id"]).reset_index(drop=True)


def _fit_outcome(
    times: pd.DataFrame, covariates: pd.DataFrame, outcome: Outcome
) -> tuple[pd.DataFrame | None, Estimate | None, str]:
    """The Cox table and hazard-ratio estimate of one outcome, or a note saying why not."""
    status = times[f"{outcome.name}_event"].to_numpy()
    program = (times["group"] == "program").to_numpy()
    if min(status[program].sum(), status[~program].sum()) == 0:
        return (
            None,
            None,
            (
                f"{outcome.name}: a group has no events, so no hazard ratio exists; not estimated "
                "(a longer follow-up, or an outcome with more events, would allow one)"
            ),
        )
    note, used = "", covariates
    try:
        table = cox_fit(times, covariates, outcome.name)
    except (np.linalg.LinAlgError, ValueError) as exc:
        if covariates.shape[1] == 0:
            return None, None, f"{outcome.name}: the Cox model could not be fitted ({exc}); {TO_DO}"
        used = covariates.iloc[:, :0]
        try:
            table = cox_fit(times, used, outcome.name)
        except (np.linalg.LinAlgError, ValueError) as again:
            return (
                None,
                None,
                f"{outcome.name}: the Cox model could not be fitted ({again}); {TO_DO}",
            )
        note = (
            f"{outcome.name}: the Cox model with covariates could not be fitted ({exc}); the "
            "hazard ratio shown is unadjusted (program only) and labelled so"
        )
    row = table.set_index("term").loc["program"].astype(float).to_dict()
    estimate = Estimate(
        design=DESIGN,
        outcome=outcome.name,
        window="follow-up",
        estimand="unweighted",
        measure="hazard_ratio",
        estimate=float(row["hazard_ratio"]),
        ci_low=float(row["ci_low"]),
        ci_high=float(row["ci_high"]),
        p_value=float(row["p_value"]),
        n_program=int(program.sum()),
        n_comparison=int((~program).sum()),
        method=_method(outcome, used),
        fit="maximum partial likelihood" + ("" if used is covariates else ", unadjusted"),
    )
    return table, estimate, note


def _sentence(outcome: Outcome, e: Estimate) -> str:
    adjusted = "unadjusted" not in e.fit
    words = estimand_words(e) if adjusted else f"unadjusted hazard ratio of {outcome.label}"
    return f"Time to a first {outcome.label} after the index date, {words}: {finding(e)}."


def cox_fit(times: pd.DataFrame, covariates: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """Cox PH (Efron ties; `openlead.evaluation.cox`, checked against statsmodels PHReg)
    of `outcome` on program plus covariates.

    Returns one row per term: coef, se (model-based: statsmodels' robust sandwich for
    PHReg loops over failure times and risk sets, quadratic in n), hazard_ratio, ci_low, ci_high, p_value.
    """
    program = (times["group"] == "program").to_numpy(dtype=float)
    z, _, sd = standardise(covariates.to_numpy(dtype=float))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        res = efron_cox(
            times[outcome].to_numpy(dtype=float),
            np.column_stack([program, z]),
            status=times[f"{outcome}_event"].to_numpy(dtype=float),
        )
    why = RAN_OFF if res.diverged else suspect_fit(res.params, res.bse, res.converged)
    if why:
        raise ValueError(why)
    # back on the original scale: per unit of each covariate, not per SD
    scale = np.r_[1.0, sd]
    coef, se = np.asarray(res.params) / scale, np.asarray(res.bse) / scale
    exog = pd.DataFrame(columns=["program", *covariates.columns])
    return pd.DataFrame(
        {
            "term": list(exog.columns),
            "coef": coef,
            "se": se,
            "hazard_ratio": np.exp(coef),
            "ci_low": np.exp(coef - Z * se),
            "ci_high": np.exp(coef + Z * se),
            "p_value": np.asarray(res.pvalues),
        }
    )


def _method(outcome: Outcome, covariates: pd.DataFrame) -> str:
    names = ", ".join(covariates.columns) or "none"
    return (
        "Cox proportional-hazards model (maximum partial likelihood with Efron ties by "
        "Newton's method, the fit of statsmodels PHReg with ties='efron'; model-based "
        f"SEs) of days from index_date to the first {outcome.name} event after it (events "
        "on the index date excluded), censored at the person's end of follow-up; terms: "
        f"program, {names} (categorical covariates one-hot, first level dropped; missing "
        "numeric values median-filled plus indicator). Estimate: exp(program coefficient), "
        "the hazard ratio given the covariates, with a Wald 95% interval."
    )


def _survival(times: pd.DataFrame, outcome: str, group: str) -> object:
    import statsmodels.api as sm

    part = times.loc[times["group"] == group]
    return sm.SurvfuncRight(
        part[outcome].to_numpy(dtype=float), part[f"{outcome}_event"].to_numpy(dtype=float)
    )


def _km_table(times: pd.DataFrame, outcome: Outcome) -> pd.DataFrame:
    rows = []
    for group in ("program", "comparison"):
        if not (times["group"] == group).any():
            continue
        sf = _survival(times, outcome.name, group)
        t = np.asarray(sf.surv_times)  # type: ignore[attr-defined]
        surv = np.asarray(sf.surv_prob)  # type: ignore[attr-defined]
        se = np.asarray(sf.surv_prob_se)  # type: ignore[attr-defined]
        for day in KM_DAYS:
            k = np.searchsorted(t, day, side="right") - 1
            p, s = (1.0, 0.0) if k < 0 else (float(surv[k]), float(se[k]))
            n_risk = int((times.loc[times["group"] == group, outcome.name] >= day).sum())
            rows.append(
                {
                    "outcome": outcome.name,
                    "group": group,
                    "day": day,
                    "n_at_risk": n_risk,
                    "survival": p,
                    "ci_low": max(0.0, p - Z * s),
                    "ci_high": min(1.0, p + Z * s),
                }
            )
    return pd.DataFrame(rows)


def _km_figure(times: pd.DataFrame, outcome: Outcome) -> str:
    from openlead.evaluation.plots import figure_to_svg, new_figure

    fig = new_figure()
    ax = fig.add_subplot()
    for group in ("program", "comparison"):
        if not (times["group"] == group).any():
            continue
        sf = _survival(times, outcome.name, group)
        t = np.concatenate([[0.0], np.asarray(sf.surv_times)])  # type: ignore[attr-defined]
        s = np.concatenate([[1.0], np.asarray(sf.surv_prob)])  # type: ignore[attr-defined]
        n = int((times["group"] == group).sum())
        at_risk = np.concatenate([[n], np.asarray(sf.n_risk)])  # type: ignore[attr-defined]
        keep = at_risk >= 11  # the tail where fewer than 11 remain is not drawn
        ax.step(t[keep], s[keep], where="post", label=group)
    ax.set_xlabel("days from index date")
    ax.set_ylabel(f"share without a {outcome.label}")
    ax.set_ylim(0, 1.02)
    ax.set_title(f"Kaplan-Meier: time to first {outcome.label}")
    if ax.get_legend_handles_labels()[0]:
        ax.legend()
    return figure_to_svg(fig)
