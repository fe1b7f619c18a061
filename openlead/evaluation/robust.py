"""Fits that do not fail silently: degenerate covariates, standardising, separation.

The engine's weighted models failed on a used demo ("Singular matrix" from a covariate
that was constant among the people left in a window) and on a public benchmark
(dollar-valued covariates and a covariate that nearly determines the pre-period
outcome: the maximum-likelihood estimate did not exist). This module holds the shared
remedies, each reported in words by the caller:

- `drop_degenerate`: constant and collinear columns are dropped, each named with why;
- `standardise`: columns are centred and scaled before fitting (coefficients are put
  back on the original scale by the caller where they are shown);
- `firth_logit`: Firth's (1993) bias-reduced logistic regression, which has a finite
  estimate under separation (Heinze & Schemper 2002), with case weights, via Newton
  steps on the modified score X'(w(y - p) + h(1/2 - p)), h the hat-matrix diagonal;
- `ridge_nb`: a negative binomial (NB2, log link) fit with a documented ridge penalty on
  the covariate columns only, for count models whose maximum-likelihood estimate does
  not exist;
- `cluster_sandwich`: the cluster-robust covariance of either fit.

References: Firth D (1993). Bias reduction of maximum likelihood estimates. Biometrika
80:27-38. Heinze G, Schemper M (2002). A solution to the problem of separation in
logistic regression. Statistics in Medicine 21:2409-2419.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "HUGE_COEF",
    "RIDGE",
    "RAN_OFF",
    "PenalisedFit",
    "cluster_sandwich",
    "drop_degenerate",
    "firth_logit",
    "ridge_nb",
    "standardise",
    "suspect_fit",
]

COLLINEAR_TOL = 1e-7  # relative size of a pivoted-QR diagonal below which a column is redundant
HUGE_COEF = 10.0  # on standardised columns, |coef| beyond this means the MLE ran off to infinity
GRADIENT_TOL = 1e-8  # largest modified-score entry at convergence, per unit of total weight
RIDGE = 1.0  # penalty 0.5 * RIDGE * sum(beta_j^2) on standardised covariate columns (counts)
RAN_OFF = (
    "a coefficient ran off towards infinity (separation: a covariate or group "
    "predicts the outcome perfectly for some people)"
)


def drop_degenerate(frame: pd.DataFrame, what: str) -> tuple[pd.DataFrame, list[str]]:
    """`frame` without constant or collinear columns, and one note per dropped column.

    A column is collinear when a pivoted QR decomposition of the standardised columns
    (with an intercept first) finds it a linear combination of the columns before it.
    """
    notes: list[str] = []
    if frame.shape[1] == 0:
        return frame, notes
    values = frame.to_numpy(dtype=float)
    constant = [c for c, col in zip(frame.columns, values.T, strict=True) if np.ptp(col) == 0]
    for name in constant:
        notes.append(f"{what}: dropped {name} (the same value for everyone fitted)")
    kept = frame.drop(columns=constant)
    if kept.shape[1] == 0:
        return kept, notes
    redundant = _collinear(kept)
    for name, partners in redundant:
        notes.append(
            f"{what}: dropped {name} (collinear with {partners or 'the intercept'}: "
            "it adds no information the other columns do not hold)"
        )
    return kept.drop(columns=[name for name, _ in redundant]), notes


def _collinear(frame: pd.DataFrame) -> list[tuple[str, str]]:
    import scipy.linalg

    z, _, _ = standardise(frame.to_numpy(dtype=float))
    x = np.column_stack([np.ones(len(z)), z])
    _, r, pivot = scipy.linalg.qr(x, mode="economic", pivoting=True)
    diag = np.abs(np.diag(r))
    rank = int((diag > COLLINEAR_TOL * diag[0]).sum())
    names = ["(intercept)", *map(str, frame.columns)]
    keep = [names[k] for k in pivot[:rank]]
    dropped = [names[k] for k in pivot[rank:] if k != 0]
    partners = ", ".join(k for k in keep if k != "(intercept)")
    return [(name, partners) for name in dropped]


def independent_columns(x: np.ndarray, fixed: int) -> np.ndarray:
    """Which of x's columns to keep on these rows: the first `fixed` always (the terms
    estimated), of the rest those neither constant nor a combination of the kept ones.

    Trimming gives some people weight 0, and on the rows left a covariate can become
    constant or collinear with the others; the information matrix is then singular, the
    maximum-likelihood fit has no unique answer, and Firth's penalty log|I| is -inf.
    """
    import scipy.linalg

    keep = np.ones(x.shape[1], dtype=bool)
    rest = x[:, fixed:]
    if rest.shape[1] == 0:
        return keep
    basis, _ = np.linalg.qr(x[:, :fixed])
    resid = rest - basis @ (basis.T @ rest)  # what each column adds to the fixed terms
    norms = np.linalg.norm(resid, axis=0)
    alive = np.flatnonzero(norms > COLLINEAR_TOL * np.maximum(np.linalg.norm(rest, axis=0), 1.0))
    kept = np.zeros(rest.shape[1], dtype=bool)
    if alive.size:
        _, r, pivot = scipy.linalg.qr(
            resid[:, alive] / norms[alive], mode="economic", pivoting=True
        )
        rank = int((np.abs(np.diag(r)) > COLLINEAR_TOL).sum())
        kept[alive[pivot[:rank]]] = True
    keep[fixed:] = kept
    return keep


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x - mean) / sd per column, with the means and SDs (an SD of 0 is left at 1)."""
    if x.size == 0:
        return x.astype(float), np.zeros(x.shape[1]), np.ones(x.shape[1])
    mean = x.mean(axis=0)
    sd = x.std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    return (x - mean) / sd, mean, sd


def suspect_fit(params: np.ndarray, bse: np.ndarray, converged: bool) -> str:
    """Why a maximum-likelihood fit is not to be trusted, or "" when it looks sound."""
    if not converged:
        return "the maximum-likelihood fit did not converge"
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(bse))):
        return "the maximum-likelihood fit gave non-finite coefficients or standard errors"
    if np.max(np.abs(params), initial=0.0) > HUGE_COEF:
        return RAN_OFF
    return ""


@dataclass
class PenalisedFit:
    """A numpy fit: parameters, the model-based covariance, and how it went."""

    params: np.ndarray
    cov: np.ndarray  # inverse (penalised) information
    converged: bool
    iterations: int
    fitted: np.ndarray = field(repr=False)  # p (logit) or mu (counts) per row
    score_rows: np.ndarray = field(repr=False)  # per-row score contributions (n x k)


def _expit(eta: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * eta))  # no overflow for large |eta|


def firth_logit(
    y: np.ndarray,
    x: np.ndarray,
    weight: np.ndarray | None = None,
    *,
    start: np.ndarray | None = None,
    maxiter: int = 100,
    tol: float = 1e-8,
) -> PenalisedFit:
    """Firth's penalised logistic regression with case weights `weight`.

    Maximises l(b) + 0.5 log|I(b)|, I = X' diag(w p (1-p)) X, by Newton steps on the
    modified score with step halving (as R's logistf does). `start` is a hint: where
    Newton stalls from it (a start near a maximum-likelihood fit that ran off, where the
    information is nearly singular), the fit is made again from zero.
    """
    fit = _firth_from(y, x, weight, start, maxiter, tol)
    if fit.converged or start is None:
        return fit
    again = _firth_from(y, x, weight, None, maxiter, tol)
    return again if again.converged else fit


def _firth_from(
    y: np.ndarray,
    x: np.ndarray,
    weight: np.ndarray | None,
    start: np.ndarray | None,
    maxiter: int,
    tol: float,
) -> PenalisedFit:
    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    beta = np.zeros(x.shape[1]) if start is None else np.asarray(start, dtype=float).copy()
    beta = np.clip(beta, -HUGE_COEF, HUGE_COEF)  # an MLE that ran away is no start
    current = _firth_objective(y, x, w, beta)
    if not np.isfinite(current):  # a start where every row is certain has no information
        beta = np.zeros(x.shape[1])
        current = _firth_objective(y, x, w, beta)
    total = float(w.sum())  # the score grows with the total weight, and so its rounding
    converged, iteration = False, 0
    for iteration in range(1, maxiter + 1):  # noqa: B007 - the count is reported
        p = _expit(x @ beta)
        info, h = _info_and_hat(x, w * p * (1 - p))
        score = x.T @ (w * (y - p) + h * (0.5 - p))
        step = np.linalg.lstsq(info, score, rcond=None)[0]
        # logistf's rule: converged when the full Newton step and the modified score are
        # both small. A step that shrank to nothing under halving is no convergence: it
        # stalled, and the estimate then depended on where it started.
        if np.max(np.abs(step)) < tol and np.max(np.abs(score)) < GRADIENT_TOL * max(1.0, total):
            converged = True
            break
        moved = _halved_step(y, x, w, beta, np.clip(step, -5.0, 5.0), current)
        if moved is None:
            break  # no step uphill: stop where the objective is best, not converged
        beta, current = moved
    p = _expit(x @ beta)
    info, h = _info_and_hat(x, w * p * (1 - p))
    cov = np.linalg.pinv(info)
    # the meat uses the modified score, which (unlike the plain one) sums to 0 at the fit
    rows = x * (w * (y - p) + h * (0.5 - p))[:, None]
    return PenalisedFit(beta, cov, converged, iteration, p, rows)


def _halved_step(
    y: np.ndarray,
    x: np.ndarray,
    w: np.ndarray,
    beta: np.ndarray,
    step: np.ndarray,
    current: float,
) -> tuple[np.ndarray, float] | None:
    """beta + step halved until the penalised likelihood does not fall (logistf's maxstep
    of 5 is applied by the caller), or None when 30 halvings found no such step."""
    slack = 1e-12 * max(1.0, abs(current))  # rounding of a sum over every row
    for _ in range(30):
        trial = _firth_objective(y, x, w, beta + step)
        if trial >= current - slack:
            return beta + step, trial
        step = step / 2
    return None


def _info_and_hat(x: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    info = x.T @ (x * v[:, None])
    inverse = np.linalg.pinv(info)
    h = v * np.einsum("ij,jk,ik->i", x, inverse, x)  # diag of V^1/2 X I^-1 X' V^1/2
    return info, h


def _firth_objective(y: np.ndarray, x: np.ndarray, w: np.ndarray, beta: np.ndarray) -> float:
    eta = x @ beta
    loglik = float(np.sum(w * (y * eta - np.logaddexp(0.0, eta))))
    p = _expit(eta)
    sign, logdet = np.linalg.slogdet(x.T @ (x * (w * p * (1 - p))[:, None]))
    return loglik + 0.5 * logdet if sign > 0 else -np.inf


def ridge_nb(
    y: np.ndarray,
    x: np.ndarray,
    weight: np.ndarray | None,
    offset: np.ndarray,
    alpha: float,
    penalised: np.ndarray,
    *,
    start: np.ndarray | None = None,
    maxiter: int = 100,
) -> PenalisedFit:
    """NB2 (log link, known alpha) by Fisher scoring, ridge `RIDGE` on `penalised` columns."""
    w = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    lam = RIDGE * np.asarray(penalised, dtype=float)
    beta = np.zeros(x.shape[1]) if start is None else np.asarray(start, dtype=float).copy()
    beta = np.clip(beta, -HUGE_COEF, HUGE_COEF)
    if start is None:
        beta[0] = np.log(max(float(np.sum(w * y)), 0.5) / float(np.sum(w * np.exp(offset))))
    converged, iteration = False, 0
    for iteration in range(1, maxiter + 1):  # noqa: B007 - the count is reported
        mu = np.exp(np.clip(x @ beta + offset, -50, 50))
        v = w * mu / (1 + alpha * mu)
        info = x.T @ (x * v[:, None]) + np.diag(lam)
        score = x.T @ (w * (y - mu) / (1 + alpha * mu)) - lam * beta
        step = np.clip(np.linalg.lstsq(info, score, rcond=None)[0], -5.0, 5.0)
        beta = beta + step
        if np.max(np.abs(step)) < 1e-8:
            converged = True
            break
    mu = np.exp(np.clip(x @ beta + offset, -50, 50))
    v = w * mu / (1 + alpha * mu)
    info = x.T @ (x * v[:, None]) + np.diag(lam)
    rows = x * (w * (y - mu) / (1 + alpha * mu))[:, None]  # the meat: unpenalised scores
    return PenalisedFit(beta, np.linalg.pinv(info), converged, iteration, mu, rows)


def cluster_sandwich(fit: PenalisedFit, groups: np.ndarray) -> np.ndarray:
    """Bread x meat x bread with the meat summed over clusters (no small-sample factor)."""
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    per_cluster = np.add.reduceat(fit.score_rows[order], starts, axis=0)
    meat = per_cluster.T @ per_cluster
    return fit.cov @ meat @ fit.cov
