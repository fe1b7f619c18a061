"""Propensity scores, inverse-probability weights and balance diagnostics.

The recidivism design (Seattle LEAD evaluation: logistic GEE with ATE and ATT weights)
and the LaLonde validation test depend on these weights; the report shows the love plot.

References:
- Austin PC (2009). Balance diagnostics for comparing the distribution of baseline
  covariates between treatment groups in propensity-score matched samples. Statistics in
  Medicine 28:3083-3107.
- Austin PC (2011). An introduction to propensity score methods for reducing the effects
  of confounding in observational studies. Multivariate Behavioral Research 46:399-424.
- Austin PC, Stuart EA (2015). Moving towards best practice when using inverse probability
  of treatment weighting (IPTW) using the propensity score. Statistics in Medicine
  34:3661-3679.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from openlead.evaluation.overlap import (
    overlap_figure,
    overlap_table,
    overlap_warnings,
    trimmed_weights,
)
from openlead.evaluation.plots import figure_to_svg, new_figure
from openlead.evaluation.robust import drop_degenerate, firth_logit, standardise, suspect_fit
from openlead.evaluation.types import InputError

__all__ = ["CLIP", "PropensityResult", "design_matrix", "propensity_weights", "smd_table"]

CLIP = (0.01, 0.99)  # extreme scores give a few people most of the weight


@dataclass
class PropensityResult:
    """Scores and weights indexed like the `people` frame passed in."""

    score: pd.Series
    ate: pd.Series
    att: pd.Series
    balance: pd.DataFrame  # covariate, smd_unweighted, smd_ate, smd_att
    method: str
    figure_svg: str
    fit_used: str = "maximum likelihood"  # or "Firth penalised likelihood"
    ate_trimmed: pd.Series | None = None  # Crump 0.1-0.9 (0 outside), see overlap.py
    att_truncated: pd.Series | None = None  # comparison weights capped at their 99th pct
    overlap: pd.DataFrame = field(default_factory=pd.DataFrame)
    overlap_svg: str = ""
    warnings: list[str] = field(default_factory=list)  # dropped columns, poor overlap


def propensity_weights(
    people: pd.DataFrame, covariates: list[str], *, seed: int = 0, figures: bool = True
) -> PropensityResult:
    """Fit P(program | covariates) by logistic GLM and derive ATE and ATT weights.

    Covariates are standardised before fitting; constant and collinear ones are dropped
    with a named note; when the maximum-likelihood estimate does not exist (separation,
    non-convergence) Firth's penalised logit is used instead, and the method says so.
    `seed` is accepted so every design has the same call shape; the fit is deterministic.
    `figures=False` leaves the two plots empty (simulation studies fit thousands of times).
    """
    del seed
    treated = _treatment(people)
    design, notes = design_matrix(people, covariates)
    raw, fit_used = _fit_scores(design, treated, notes)
    score = raw.clip(*CLIP)
    n_clipped = int((score != raw).sum())
    ate = pd.Series(np.where(treated == 1, 1 / score, 1 / (1 - score)), index=people.index)
    # ATT clips only the upper end: a low score already means a small comparison weight,
    # and raising it to 0.01 would hand weight to people unlike any participant (on the
    # LaLonde CPS data that turns a +$1,570 estimate into -$3,130).
    upper = raw.clip(upper=CLIP[1])
    att = pd.Series(np.where(treated == 1, 1.0, upper / (1 - upper)), index=people.index)
    ate_trimmed, att_truncated, trimming = trimmed_weights(score, treated, ate, att)
    balance = smd_table(
        design,
        treated,
        {"ate": ate, "att": att, "ate_trimmed": ate_trimmed, "att_truncated": att_truncated},
    )
    weights = {"ATE": ate, "ATT": att, "ATE-trimmed": ate_trimmed, "ATT-truncated": att_truncated}
    overlap = overlap_table(score, treated, weights)
    method = _method_text(covariates, notes, n_clipped, len(people), fit_used) + " " + trimming
    return PropensityResult(
        score=score.rename("propensity_score"),
        ate=ate.rename("weight_ate"),
        att=att.rename("weight_att"),
        balance=balance,
        method=method,
        figure_svg=love_plot(balance) if figures else "",
        fit_used=fit_used,
        ate_trimmed=ate_trimmed,
        att_truncated=att_truncated,
        overlap=overlap,
        overlap_svg=overlap_figure(score, treated) if figures else "",
        warnings=[n for n in notes if "dropped" in n] + overlap_warnings(overlap),
    )


def _treatment(people: pd.DataFrame) -> pd.Series:
    if "group" not in people.columns:
        raise InputError("people", None, "group", "missing column (program|comparison)")
    bad = ~people["group"].isin(["program", "comparison"])
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 1
        raise InputError(
            "people", row, "group", f"{people['group'].iloc[row - 1]!r} is not program|comparison"
        )
    treated = (people["group"] == "program").astype(int)
    if treated.nunique() < 2:
        raise InputError("people", None, "group", "need both program and comparison people")
    return treated


def design_matrix(people: pd.DataFrame, covariates: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """Numeric columns for the score model, and notes on what was filled or encoded."""
    parts: list[pd.DataFrame] = []
    notes: list[str] = []
    for name in covariates:
        if name not in people.columns:
            raise InputError("people", None, name, "covariate named in options is missing")
        column = people[name]
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
            parts.append(_numeric(column.astype(float), name, notes))
        else:
            parts.append(_categorical(column, name, notes))
    if not parts:
        return pd.DataFrame(index=people.index), notes
    design, dropped = drop_degenerate(pd.concat(parts, axis=1), "covariates")
    notes.extend(dropped)
    return design, notes


def _numeric(column: pd.Series, name: str, notes: list[str]) -> pd.DataFrame:
    out = pd.DataFrame({name: column})
    missing = column.isna()
    if missing.any():
        out[name] = column.fillna(column.median())
        out[f"{name}_missing"] = missing.astype(float)
        notes.append(f"{name}: {int(missing.sum())} missing filled with the median plus indicator")
    return out


def _categorical(column: pd.Series, name: str, notes: list[str]) -> pd.DataFrame:
    labels = column.astype("string").fillna("(missing)")
    if (labels == "(missing)").any():
        notes.append(f"{name}: missing values kept as their own level")
    levels = sorted(labels.unique())
    if len(levels) < 2:
        notes.append(f"covariates: dropped {name} (the same value for everyone fitted)")
    return pd.DataFrame(
        {f"{name}={level}": (labels == level).astype(float) for level in levels[1:]},
        index=column.index,
    )


def _fit_scores(
    design: pd.DataFrame, treated: pd.Series, notes: list[str]
) -> tuple[pd.Series, str]:
    """Fitted scores on standardised covariates: the MLE, or Firth's when it does not exist."""
    import statsmodels.api as sm

    z, _, _ = standardise(design.to_numpy(dtype=float))
    exog = np.column_stack([np.ones(len(design)), z])
    y = treated.to_numpy(dtype=float)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = sm.GLM(y, exog, family=sm.families.Binomial()).fit(maxiter=100)
            fitted = np.asarray(fit.fittedvalues, dtype=float)
            why = suspect_fit(
                np.asarray(fit.params), np.asarray(fit.bse), bool(fit.converged)
            ) or _degenerate_scores(fitted)
        except (np.linalg.LinAlgError, ValueError) as exc:
            fitted, why = np.full(len(y), np.nan), f"the maximum-likelihood fit failed ({exc})"
    # separation or non-convergence means extreme scores: the reader must know
    for message in sorted({str(w.message).split(",")[0] for w in caught}):
        notes.append(f"score model: {message}")
    if not why:
        return pd.Series(fitted, index=design.index), "maximum likelihood"
    firth = firth_logit(y, exog)
    notes.append(f"score model: {why}; Firth's penalised likelihood used instead")
    return pd.Series(firth.fitted, index=design.index), "Firth penalised likelihood"


def _degenerate_scores(fitted: np.ndarray) -> str:
    extreme = (fitted < 1e-8) | (fitted > 1 - 1e-8)
    if extreme.mean() > 0.01:
        return f"{int(extreme.sum())} fitted scores are 0 or 1 (separation)"
    return ""


def smd_table(
    design: pd.DataFrame, treated: pd.Series, weights: dict[str, pd.Series]
) -> pd.DataFrame:
    """Standardised mean differences, unweighted and under each set of weights.

    The denominator is always the pooled *unweighted* SD, sqrt((s_t^2 + s_c^2) / 2), so
    weighting changes only the numerator (Austin 2009; Austin & Stuart 2015). Binary
    columns use p(1-p) as the variance, as Austin does.
    """
    rows = []
    is_t = treated.to_numpy() == 1
    for name in design.columns:
        x = design[name].to_numpy(dtype=float)
        sd = _pooled_sd(x[is_t], x[~is_t])
        row: dict[str, object] = {"covariate": name}
        row["smd_unweighted"] = _smd(x, is_t, np.ones_like(x), sd)
        for label, w in weights.items():
            row[f"smd_{label}"] = _smd(x, is_t, w.to_numpy(dtype=float), sd)
        rows.append(row)
    columns = ["covariate", "smd_unweighted", *[f"smd_{k}" for k in weights]]
    return pd.DataFrame(rows, columns=columns)


def _pooled_sd(xt: np.ndarray, xc: np.ndarray) -> float:
    binary = set(np.unique(np.concatenate([xt, xc]))) <= {0.0, 1.0}
    if binary:
        var_t, var_c = xt.mean() * (1 - xt.mean()), xc.mean() * (1 - xc.mean())
    else:
        var_t, var_c = xt.var(ddof=1), xc.var(ddof=1)
    return float(np.sqrt((var_t + var_c) / 2))


def _smd(x: np.ndarray, is_t: np.ndarray, w: np.ndarray, sd: float) -> float:
    if w[is_t].sum() <= 0 or w[~is_t].sum() <= 0:
        return float("nan")  # trimming left nobody in a group: no balance to measure
    diff = np.average(x[is_t], weights=w[is_t]) - np.average(x[~is_t], weights=w[~is_t])
    if sd == 0:
        return 0.0 if diff == 0 else float("nan")
    return float(diff / sd)


def love_plot(balance: pd.DataFrame) -> str:
    """|SMD| per covariate before and after weighting, with the usual 0.1 threshold."""
    fig = new_figure(6.4, max(2.0, 0.3 * len(balance) + 1.2))
    ax = fig.add_subplot()
    y = np.arange(len(balance))
    styles = {"smd_unweighted": "o", "smd_ate": "s", "smd_att": "^"}
    for column, marker in styles.items():
        if column in balance.columns:
            label = column.removeprefix("smd_")
            ax.scatter(balance[column].abs(), y, marker=marker, label=label)
    ax.axvline(0.1, color="grey", linestyle="--", linewidth=1)
    ax.set_yticks(y, balance["covariate"].tolist())
    ax.set_xlabel("|standardised mean difference|")
    ax.set_title("Covariate balance before and after weighting")
    ax.legend(loc="lower right", fontsize="small")
    return figure_to_svg(fig)


def _method_text(
    covariates: list[str], notes: list[str], n_clipped: int, n: int, fit_used: str
) -> str:
    how = (
        "a logistic GLM (statsmodels, Binomial family, maximum likelihood)"
        if fit_used == "maximum likelihood"
        else "Firth's penalised logistic regression (the maximum-likelihood estimate does "
        "not exist; Firth 1993, Heinze & Schemper 2002)"
    )
    text = (
        f"Propensity score from {how} of program "
        f"membership on {', '.join(covariates) or 'an intercept only'}; categorical "
        "covariates one-hot encoded with the first level dropped; missing numeric values "
        "filled with the median plus a missing-indicator column; covariates standardised "
        "(mean 0, SD 1) before fitting; constant or collinear columns dropped and named. "
        f"Scores clipped to [{CLIP[0]}, {CLIP[1]}] ({n_clipped} of {n} people clipped). "
        "ATE weights 1/e (program) and 1/(1-e) (comparison) from the clipped score; ATT "
        "weights 1 (program) and e/(1-e) (comparison), with e clipped at the upper end only. Balance: standardised mean differences with the pooled "
        "unweighted SD as denominator (Austin 2009, 2011; Austin & Stuart 2015)."
    )
    if notes:
        text += " Notes: " + "; ".join(notes) + "."
    return text
