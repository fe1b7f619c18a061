"""The recidivism design's model fits: one outcome in one window, every estimand.

Logistic GEE (independence working correlation, cluster-robust SEs) for "any event" and a
negative binomial GLM for counts, each unweighted (naive) and with the propensity weights.
Fits do not fail silently: covariates constant or collinear within the window are
dropped and named; covariates are standardised (the program x post coefficient, the one
reported, does not depend on their scale); when the maximum-likelihood estimate does not
exist (non-convergence, coefficients running off to infinity) the binary model is refitted
by Firth's penalised likelihood and the count model with a ridge on the covariate terms,
and the estimate says which; when no fit can be made the note says which, why and what
the user can do.
"""

from __future__ import annotations

import math
import warnings as pywarnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from openlead.evaluation.grouped import ClusterFit, distinct_rows, glm_cluster_fit
from openlead.evaluation.robust import (
    RIDGE,
    cluster_sandwich,
    drop_degenerate,
    firth_logit,
    independent_columns,
    ridge_nb,
    standardise,
    suspect_fit,
)
from openlead.evaluation.types import Estimand, Estimate

__all__ = ["WindowFit", "fit_window", "gee_independence_logit"]

DESIGN = "recidivism"
Z = 1.959963984540054
ALPHA_SAMPLE = 20_000  # person-windows; the dispersion only tunes efficiency (SEs are robust)
ML = "maximum likelihood"
FIRTH = "Firth penalised likelihood"
RIDGE_FIT = f"ridge-penalised likelihood (lambda {RIDGE} on standardised covariate terms)"
BINARY_ONLY = ("ATE-trimmed", "ATT-truncated")  # the trimming check: odds ratios only
WHAT_TO_DO = (
    "try fewer covariates (--covariates), a longer window, or check the events and index "
    "dates of the people in this window"
)


@dataclass
class WindowFit:
    """Inputs of one outcome in one window: rows are person-windows (pre, post)."""

    rows: pd.DataFrame  # person_id, group, period, days, and the outcome's count column
    outcome: str
    window: str
    covariates: pd.DataFrame  # numeric design columns indexed by person_id
    weights: dict[str, pd.Series]  # estimand -> weight indexed by person_id
    window_text: str = ""
    seed: int = 0
    counts: bool = True  # also fit the negative binomial (the known-truth test skips it)


@dataclass
class _Spec:
    estimand: Estimand
    exog: np.ndarray
    weight: np.ndarray | None
    keep: np.ndarray  # rows with positive weight (trimming gives some weight 0)
    keys: tuple[np.ndarray, ...]  # columns that fix each row's exog and weight (grouped.py)


Values = tuple[float, float, float, float]  # exp(b), CI low, CI high, p of program x post


def fit_window(fit: WindowFit) -> tuple[list[Estimate], list[str]]:
    """Unweighted (naive) and weighted estimates, binary and counts, with notes."""
    rows = fit.rows.reset_index(drop=True)
    y = rows[fit.outcome].to_numpy(dtype=float)
    program = (rows["group"] == "program").to_numpy(dtype=float)
    post = (rows["period"] == "post").to_numpy(dtype=float)
    reason = _cannot_fit(y, program, post)
    if reason:
        return [], [f"{fit.outcome} ({fit.window}): {reason}; not estimated ({WHAT_TO_DO})"]
    where = f"{fit.outcome} ({fit.window})"
    naive = np.column_stack([np.ones_like(y), program, post, program * post])
    people, weights, classes = _by_person(fit, rows["person_id"])
    covariates, notes = drop_degenerate(people, f"{where} outcome model")
    x, _, _ = standardise(covariates.to_numpy(dtype=float))
    adjusted = np.column_stack([naive, x, x * post[:, None]])
    groups = pd.factorize(rows["person_id"])[0]
    specs = [_Spec("unweighted", naive, None, np.ones(len(y), dtype=bool), (program, post))]
    for estimand, person_weight in weights.items():
        keys = (classes, program, post) if classes is not None else (*adjusted.T, person_weight)
        specs.append(_Spec(estimand, adjusted, person_weight, person_weight > 0, keys))  # type: ignore[arg-type]
    log_days = np.log(np.maximum(rows["days"].to_numpy(dtype=float), 1.0))
    alpha = _nb_alpha(y, naive, log_days, fit.seed) if fit.counts else float("nan")
    names = list(covariates.columns)
    estimates: list[Estimate] = []
    starts: dict[str, np.ndarray] = {}
    for spec in specs:
        k = spec.keep
        n_program = _people(groups[k & (program == 1)])
        n_comparison = _people(groups[k & (program == 0)])
        base = dict(n_program=n_program, n_comparison=n_comparison, estimand=spec.estimand)
        exog, g = spec.exog[k], groups[k]
        weight = None if spec.weight is None else spec.weight[k]
        keys = tuple(column[k] for column in spec.keys)
        label = f"{where}, {spec.estimand}"
        empty = _cannot_fit(y[k], program[k], post[k])
        if empty:
            notes.append(f"{label}: {empty} once weights of 0 are left out; not estimated")
            continue
        exog, used, hint = _on_these_rows(exog, names, spec, label, notes, starts)
        binary = _fit_binary(y[k] > 0, exog, g, weight, keys, hint, label, notes)
        if binary is not None:
            values, how = binary
            method = _binary_method(fit, spec.estimand, used, how)
            estimates.append(_estimate(fit, "odds_ratio", values, base, method, how))
        if fit.counts and spec.estimand not in BINARY_ONLY:
            counts = _fit_counts(
                y[k],
                exog,
                g,
                weight,
                log_days[k],
                (*keys, log_days[k]),
                alpha,
                hint,
                label,
                notes,
            )
            if counts is not None:
                values, how = counts
                method = _count_method(fit, spec.estimand, alpha, used, how)
                estimates.append(_estimate(fit, "rate_ratio", values, base, method, how))
    return estimates, notes


def _on_these_rows(
    exog: np.ndarray,
    names: list[str],
    spec: _Spec,
    label: str,
    notes: list[str],
    starts: dict[str, np.ndarray],
) -> tuple[np.ndarray, list[str], dict[str, np.ndarray]]:
    """exog without the covariate terms that are constant or collinear on the rows kept
    (trimming leaves fewer people), the covariates still in it, and the starts to use:
    the earlier fits' own, unless columns went (their positions no longer match)."""
    if spec.weight is None or spec.keep.all():
        return exog, names, starts
    keep = independent_columns(exog, 4)
    if keep.all():
        return exog, names, starts
    m = len(names)
    terms = names + [f"{n} x post" for n in names]
    gone = [terms[j - 4] for j in np.flatnonzero(~keep)]
    notes.append(
        f"{label}: left out {', '.join(gone)} (constant or collinear among the people whose "
        "weight is not 0: they add nothing the other terms do not hold)"
    )
    used = [n for n, kept in zip(names, keep[4 : 4 + m], strict=True) if kept]
    return exog[:, keep], used, {}


def _people(groups: np.ndarray) -> int:
    """Distinct people among rows (codes from pd.factorize: small non-negative ints)."""
    return int(np.count_nonzero(np.bincount(groups))) if len(groups) else 0


def _by_person(
    fit: WindowFit, ids: pd.Series
) -> tuple[pd.DataFrame, dict[str, np.ndarray], np.ndarray | None]:
    """Each row's covariates and weights, and its person's class: people of one class
    have the same covariates and weights, so rows equal in (class, program, period,
    outcome) are one distinct row to `glm_cluster_fit`. None when someone is missing
    from the covariates (their rows then compare on the exog columns themselves)."""
    index = fit.covariates.index
    where = index.get_indexer(pd.Index(ids))
    if (where < 0).any():
        covariates = fit.covariates.reindex(ids).reset_index(drop=True)
        weights = {k: w.reindex(ids).to_numpy(dtype=float) for k, w in fit.weights.items()}
        return covariates, weights, None
    aligned = {k: w.reindex(index).to_numpy(dtype=float) for k, w in fit.weights.items()}
    # the column of zeros gives everyone one class when there are no covariates
    _, person_class, _ = distinct_rows(
        *fit.covariates.to_numpy(dtype=float).T, *aligned.values(), np.zeros(len(index))
    )
    covariates = fit.covariates.iloc[where].reset_index(drop=True)
    return covariates, {k: w[where] for k, w in aligned.items()}, person_class[where]


def _fit_binary(
    y: np.ndarray,
    exog: np.ndarray,
    groups: np.ndarray,
    weight: np.ndarray | None,
    keys: tuple[np.ndarray, ...],
    starts: dict[str, np.ndarray],
    label: str,
    notes: list[str],
) -> tuple[Values, str] | None:
    """The logistic fit: maximum likelihood, else Firth; None (with a note) if neither."""
    # Each fit starts from the previous one's solution (the naive terms, covariates at
    # zero; ATT from ATE): Newton then needs 2-4 steps instead of 5-7. Same optimum.
    start = _start(starts.get("binary"), exog.shape[1])
    why = ""
    try:
        res = gee_independence_logit(y, exog, groups, weight, start, keys=keys)
        why = _suspect(res)
        if not why:
            starts["binary"] = res.params
            return _interaction(res), ML
    except (np.linalg.LinAlgError, ValueError) as exc:
        why = f"the maximum-likelihood fit failed ({exc})"
    try:
        firth = firth_logit(y.astype(float), exog, weight, start=start)
        values = _penalised_values(firth.params, cluster_sandwich(firth, groups))
    except (np.linalg.LinAlgError, ValueError) as exc:
        notes.append(
            f"{label} odds ratio: not estimated: {why}; Firth's fit also failed ({exc}); {WHAT_TO_DO}"
        )
        return None
    if not firth.converged:
        notes.append(
            f"{label} odds ratio: not estimated: {why}, and Firth's fit did not converge; {WHAT_TO_DO}"
        )
        return None
    notes.append(f"{label} odds ratio: {why}; Firth's penalised likelihood used instead")
    return values, FIRTH


def _fit_counts(
    y: np.ndarray,
    exog: np.ndarray,
    groups: np.ndarray,
    weight: np.ndarray | None,
    log_days: np.ndarray,
    keys: tuple[np.ndarray, ...],
    alpha: float,
    starts: dict[str, np.ndarray],
    label: str,
    notes: list[str],
) -> tuple[Values, str] | None:
    """The negative binomial fit: maximum likelihood, else ridge on covariate terms."""
    start = _start(starts.get("counts"), exog.shape[1])
    why = ""
    try:
        res = _nb_counts(y, exog, groups, weight, log_days, keys, alpha, start)
        why = _suspect(res)
        if not why:
            starts["counts"] = res.params
            return _interaction(res), ML
    except (np.linalg.LinAlgError, ValueError) as exc:
        why = f"the maximum-likelihood fit failed ({exc})"
    penalised = np.r_[np.zeros(4), np.ones(exog.shape[1] - 4)]  # never the program terms
    try:
        ridge = ridge_nb(y, exog, weight, log_days, alpha, penalised, start=start)
        values = _penalised_values(ridge.params, cluster_sandwich(ridge, groups))
    except (np.linalg.LinAlgError, ValueError) as exc:
        notes.append(
            f"{label} rate ratio: not estimated: {why}; the ridge fit also failed ({exc}); {WHAT_TO_DO}"
        )
        return None
    if not ridge.converged:
        notes.append(
            f"{label} rate ratio: not estimated: {why}, and the ridge fit did not converge; {WHAT_TO_DO}"
        )
        return None
    notes.append(f"{label} rate ratio: {why}; a {RIDGE_FIT} used instead")
    return values, RIDGE_FIT


def _suspect(res: ClusterFit) -> str:
    return suspect_fit(res.params, res.bse, res.converged)


MAX_LOG_RATIO = 700.0  # math.exp overflows just past 709


def _penalised_values(params: np.ndarray, cov: np.ndarray) -> Values:
    from scipy.stats import norm

    b, se = float(params[3]), float(np.sqrt(cov[3, 3]))
    if not (np.isfinite(b) and np.isfinite(se) and se > 0):
        raise ValueError("the penalised fit gave no finite standard error")
    if abs(b) + Z * se > MAX_LOG_RATIO:
        # An interval past e^700 is no estimate (and math.exp would overflow): say so.
        raise ValueError("the penalised fit's interval has no finite bound")
    p = float(2 * norm.sf(abs(b / se)))
    return math.exp(b), math.exp(b - Z * se), math.exp(b + Z * se), p


def _start(previous: np.ndarray | None, width: int) -> np.ndarray | None:
    """The previous fit's parameters, padded with zeros to `width` columns."""
    if previous is None:
        return None
    start = np.zeros(width)
    start[: min(width, len(previous))] = previous[:width]
    return start


def _cannot_fit(y: np.ndarray, program: np.ndarray, post: np.ndarray) -> str:
    if len(y) == 0:
        return "nobody has follow-up this long"
    for g in (0.0, 1.0):
        for p in (0.0, 1.0):
            cell = y[(program == g) & (post == p)]
            if len(cell) == 0:
                return "a group has nobody in this window"
            if (cell > 0).all() or (cell == 0).all():
                return "a group has events in every or no person-window (separation)"
    return ""


def gee_independence_logit(
    y: np.ndarray | pd.Series,
    exog: np.ndarray | pd.DataFrame,
    groups: np.ndarray,
    weight: np.ndarray | None,
    start: np.ndarray | None = None,
    *,
    keys: tuple[np.ndarray, ...] | None = None,
) -> ClusterFit:
    """Logistic GEE with independence working correlation and robust SEs by cluster.

    Fitted as statsmodels GLM (Binomial) with the cluster-robust sandwich and no small-sample
    correction: the same estimating equations and the same sandwich as statsmodels GEE
    (tests check they agree), but vectorised, where GEE loops over people in Python and
    takes minutes on 100,000 people. The GLM is fitted on the distinct rows (`keys`, see
    `glm_cluster_fit`).
    """
    import statsmodels.api as sm

    exog = np.asarray(exog, dtype=float)
    return glm_cluster_fit(
        sm.families.Binomial(),
        np.asarray(y, dtype=float),
        exog,
        groups,
        keys=keys,
        var_weights=weight,
        start=np.zeros(exog.shape[1]) if start is None else start,
    )


def _nb_alpha(y: np.ndarray, exog: np.ndarray, log_days: np.ndarray, seed: int) -> float:
    """NB2 dispersion by maximum likelihood (statsmodels NegativeBinomial), unweighted.

    Fitted on a seeded sample of person-windows on large data: alpha only sets the GLM's
    working variance, and the cluster-robust SEs stay valid whatever its value.
    """
    import statsmodels.api as sm

    if len(y) > ALPHA_SAMPLE:
        pick = np.random.default_rng(seed).choice(len(y), ALPHA_SAMPLE, replace=False)
        y, exog, log_days = y[pick], exog[pick], log_days[pick]
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")
        try:
            res = sm.NegativeBinomial(y, exog, offset=log_days).fit(disp=0, maxiter=200)
            alpha = float(res.params[-1])
        except (np.linalg.LinAlgError, ValueError):
            alpha = 1.0
    return alpha if np.isfinite(alpha) and alpha > 1e-6 else 1e-6


def _nb_counts(
    y: np.ndarray,
    exog: np.ndarray,
    groups: np.ndarray,
    weight: np.ndarray | None,
    log_days: np.ndarray,
    keys: tuple[np.ndarray, ...],
    alpha: float,
    start: np.ndarray | None,
) -> ClusterFit:
    import statsmodels.api as sm

    if start is None:
        start = np.zeros(exog.shape[1])
        start[0] = np.log(max(y.sum(), 0.5) / np.exp(log_days).sum())  # the overall rate
    return glm_cluster_fit(
        sm.families.NegativeBinomial(alpha=alpha),
        y,
        exog,
        groups,
        keys=keys,
        var_weights=weight,
        offset=log_days,
        start=start,
    )


def _interaction(res: ClusterFit) -> Values:
    """exp(coef), CI low, CI high and p-value of column 3 (program x post)."""
    b, se = float(res.params[3]), float(res.bse[3])
    if not (np.isfinite(b) and np.isfinite(se)):
        raise ValueError("the model did not converge")
    return (
        float(np.exp(b)),
        float(np.exp(b - Z * se)),
        float(np.exp(b + Z * se)),
        float(res.pvalues[3]),
    )


def _estimate(
    fit: WindowFit, measure: str, values: Values, base: dict, method: str, how: str
) -> Estimate:
    estimate, low, high, p = values
    return Estimate(
        design=DESIGN,
        outcome=fit.outcome,
        window=fit.window,
        measure=measure,  # type: ignore[arg-type]
        estimate=estimate,
        ci_low=low,
        ci_high=high,
        p_value=p,
        method=method,
        fit=how,
        **base,
    )


WEIGHT_WORDS = {
    "ATE": "ATE inverse-probability weights (1/e and 1/(1-e)",
    "ATT": "ATT weights (1 and e/(1-e)",
    "ATE-trimmed": "ATE weights (1/e and 1/(1-e), people with e outside [0.1, 0.9] left out",
    "ATT-truncated": "ATT weights (1 and e/(1-e), comparison weights capped at their 99th percentile",
}


def _terms(estimand: str, names: list[str]) -> str:
    if estimand == "unweighted":
        return "intercept, program, post, program x post (naive: no covariates, no weights)"
    return (
        "intercept, program, post, program x post, covariates and covariates x post "
        f"[{', '.join(names) or 'none'}; standardised]; {WEIGHT_WORDS[estimand]}, e the "
        "propensity score from the balance model)"
    )


def _binary_method(fit: WindowFit, estimand: str, names: list[str], how: str) -> str:
    fitted = (
        "fitted as the identical statsmodels GLM, Binomial family, logit link, by maximum likelihood"
        if how == ML
        else "fitted by Firth's penalised likelihood (numpy; the maximum-likelihood estimate does not exist)"
    )
    return (
        "Logistic GEE with independence working correlation and robust sandwich SEs "
        f"clustered by person ({fitted}, cluster-robust covariance without small-sample "
        f"correction) of any {fit.outcome} in each "
        f"of 2 person-windows per person; {fit.window_text}. Terms: {_terms(estimand, names)}. "
        "Estimate: exp(program x post coefficient), the ratio of the post/pre odds ratios "
        "of program and comparison, with a Wald 95% interval."
    )


def _count_method(fit: WindowFit, estimand: str, alpha: float, names: list[str], how: str) -> str:
    return (
        f"Negative binomial GLM (statsmodels GLM, NB2 with alpha={alpha:.4g} from an "
        "unweighted statsmodels NegativeBinomial fit of program, post and program x post on at "
        f"most {ALPHA_SAMPLE:,} person-windows (seeded sample), log link, "
        f"offset log(window days), cluster-robust SEs by person; fitted by {how}) of the number of "
        f"{fit.outcome} events in each person-window; {fit.window_text}. Terms: "
        f"{_terms(estimand, names)}. Estimate: exp(program x post), a ratio of rate ratios."
    )
