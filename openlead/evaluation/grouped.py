"""GLM fits on a design's distinct rows, with the cluster-robust sandwich of all its rows.

Person-window designs repeat the same row many times. On the benchmark's 100,000 people,
the weighted 6-month logistic fit has 31,871 distinct (covariates, weight, group, period,
outcome) rows among 196,968, the unweighted one 8, and the within-subject month model 38
among 746,168. statsmodels' GLM
with `freq_weights` on the distinct rows solves the same estimating equations as on all
rows, so the estimate is the same up to the last bits of rounding, in a fraction of the
time. The cluster-robust covariance still needs each person's score: every row takes its
distinct row's score per unit, the rows are summed by cluster, and the sandwich is
H^-1 (sum_g s_g s_g') H^-1 with H the Hessian, as statsmodels' `cov_type="cluster"` with
`use_correction=False` computes it on all rows (tests/evaluation/test_grouped.py checks
both against statsmodels on the full rows).
"""

from __future__ import annotations

import warnings as pywarnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from openlead.evaluation.robust import HUGE_COEF

__all__ = ["ClusterFit", "distinct_rows", "glm_cluster_fit"]

_LIMIT = 2**62  # mixed-radix codes stay below this in int64


@dataclass
class ClusterFit:
    """What callers read from a fit: the attributes of a statsmodels results object."""

    params: np.ndarray
    bse: np.ndarray
    pvalues: np.ndarray
    cov: np.ndarray  # cluster-robust, no small-sample correction
    converged: bool
    cells: int  # distinct rows fitted
    mle_retvals: dict[str, object]


def distinct_rows(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first row of each distinct row, row -> distinct row, rows per distinct row).

    Rows are distinct when any column differs. Each column is factorised and the codes
    are combined in mixed radix (re-factorised whenever the product nears int64's range):
    a few hash passes instead of a sort of wide float rows, which is 10-30 times slower.
    """
    n = len(columns[0])
    code = np.zeros(n, dtype=np.int64)
    size = 1
    for column in columns:
        values, uniques = pd.factorize(np.asarray(column), use_na_sentinel=False)
        if size * len(uniques) >= _LIMIT:
            code, seen = pd.factorize(code)
            size = len(seen)
        code = code * len(uniques) + values
        size *= max(len(uniques), 1)
    inverse, seen = pd.factorize(code)
    counts = np.bincount(inverse, minlength=len(seen))
    first = np.full(len(seen), n, dtype=np.int64)
    np.minimum.at(first, inverse, np.arange(n))
    return first, inverse, counts


def glm_cluster_fit(
    family: object,
    y: np.ndarray,
    exog: np.ndarray,
    groups: np.ndarray,
    *,
    keys: tuple[np.ndarray, ...] | None = None,
    var_weights: np.ndarray | None = None,
    offset: np.ndarray | None = None,
    start: np.ndarray | None = None,
) -> ClusterFit:
    """statsmodels GLM (Newton, else IRLS) on the distinct rows, clustered by `groups`.

    `keys` are columns that together determine each row's exog, weight and offset (for
    example a person's covariate class, program and period): rows equal in `keys` and `y`
    are fitted as one. Without `keys`, the exog, weight and offset columns themselves
    are compared.
    """
    import statsmodels.api as sm

    y = np.asarray(y, dtype=float)
    exog = np.asarray(exog, dtype=float)
    if keys is None:
        keys = tuple(exog.T) + tuple(c for c in (var_weights, offset) if c is not None)
    first, inverse, counts = distinct_rows(*keys, y)
    model = sm.GLM(
        y[first],
        exog[first],
        family=family,
        freq_weights=counts.astype(float),
        var_weights=None if var_weights is None else np.asarray(var_weights, float)[first],
        offset=None if offset is None else np.asarray(offset, float)[first],
    )
    params, retvals = _newton_then_irls(model, np.zeros(exog.shape[1]) if start is None else start)
    cov = _cluster_sandwich(model, params, inverse, counts, groups)
    return _result(params, cov, retvals, len(counts))


def _newton_then_irls(model: object, start: np.ndarray) -> tuple[np.ndarray, dict[str, object]]:
    """Newton needs only X'WX products, where IRLS solves a least-squares problem by SVD
    each step: the same estimate, 3-5 times faster. IRLS is tried when Newton does not
    converge, unless the coefficients are running off to infinity (separation), which
    the caller detects and handles."""
    fit = model.fit  # type: ignore[attr-defined]
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")
        res = fit(method="newton", start_params=start, maxiter=50, disp=0)
        params = np.asarray(res.params)
        retvals = dict(res.mle_retvals)
        diverging = np.max(np.abs(params), initial=0.0) > HUGE_COEF
        if not retvals.get("converged", False) and not diverging:
            res = fit(maxiter=100)
            params = np.asarray(res.params)
            retvals = {"converged": bool(getattr(res, "converged", False)), "method": "irls"}
    return params, retvals


def _cluster_sandwich(
    model: object, params: np.ndarray, inverse: np.ndarray, counts: np.ndarray, groups: np.ndarray
) -> np.ndarray:
    """H^-1 (sum_g s_g s_g') H^-1, s_g the sum of cluster g's rows' scores."""
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")
        unit = model.score_obs(params) / counts[:, None]  # type: ignore[attr-defined]
        hessian = model.hessian(params)  # type: ignore[attr-defined]
    per_cluster = _sum_by_cluster(unit, inverse, np.asarray(groups))
    bread = np.linalg.inv(hessian)
    return bread @ (per_cluster.T @ per_cluster) @ bread


def _sum_by_cluster(unit: np.ndarray, inverse: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Per cluster, the sum of its rows' scores (`unit[inverse]`), as a sparse product:
    (clusters x distinct rows, counting each cluster's rows) @ unit. On 200,000 rows it
    takes a tenth of the time of `np.add.reduceat` over the rows."""
    import scipy.sparse

    if groups.dtype.kind in "iu" and len(groups) and groups.min() >= 0:
        codes, size = groups, int(groups.max()) + 1  # codes from pd.factorize: used as they are
    else:
        codes, seen = pd.factorize(groups)
        size = len(seen)
    members = scipy.sparse.csr_matrix(
        (np.ones(len(codes)), (codes, inverse)), shape=(size, len(unit))
    )
    return np.asarray(members @ unit)


def _result(
    params: np.ndarray, cov: np.ndarray, retvals: dict[str, object], cells: int
) -> ClusterFit:
    from scipy.stats import norm

    with np.errstate(invalid="ignore", divide="ignore"):
        bse = np.sqrt(np.diag(cov))
        pvalues = 2 * norm.sf(np.abs(params / bse))
    converged = bool(retvals.get("converged", False))
    return ClusterFit(params, bse, pvalues, cov, converged, cells, retvals)
