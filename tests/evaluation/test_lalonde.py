"""Validation against the NSW job-training experiment and its CPS comparison group.

LaLonde RJ (1986). Evaluating the econometric evaluations of training programs with
experimental data. American Economic Review 76(4):604-620.
Dehejia RH, Wahba S (1999). Causal effects in nonexperimental studies: reevaluating the
evaluation of training programs. Journal of the American Statistical Association
94(448):1053-1062. Table 3 reports, for re78 (1978 earnings, dollars): the NSW
experimental difference 1,794 (SE 633) and the unadjusted CPS-1 difference -8,498
(SE 712). Data: the Dehejia-Wahba subsample (185 treated, 260 controls) and CPS-1
(15,992), as shipped by the `causaldata` package (nsw_mixtape, cps_mixtape).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from openlead.evaluation.propensity import propensity_weights

causaldata = pytest.importorskip("causaldata")

EXPERIMENTAL = (1794, 633)  # Dehejia & Wahba (1999), Table 3, whole dollars
NAIVE_CPS = (-8498, 712)
BASE = ["age", "educ", "black", "hisp", "marr", "nodegree", "re74", "re75"]
SQUARES_AND_ZEROS = ["age2", "educ2", "re74_2", "re75_2", "u74", "u75"]


def _difference(frame: pd.DataFrame, weights: pd.Series | None = None) -> tuple[float, float]:
    """Treated-minus-control difference in re78 from statsmodels WLS: (estimate, SE)."""
    exog = sm.add_constant(frame["treat"].astype(float))
    w = np.ones(len(frame)) if weights is None else weights.to_numpy()
    cov = "nonrobust" if weights is None else "HC1"  # robust SE once weights are estimated
    fit = sm.WLS(frame["re78"].astype(float), exog, weights=w).fit(cov_type=cov)
    return float(fit.params["treat"]), float(fit.bse["treat"])


def _nsw() -> pd.DataFrame:
    frame: pd.DataFrame = causaldata.nsw_mixtape.load_pandas().data
    return frame


def _treated_plus_cps() -> pd.DataFrame:
    nsw = _nsw()
    cps: pd.DataFrame = causaldata.cps_mixtape.load_pandas().data
    frame = pd.concat([nsw[nsw["treat"] == 1], cps], ignore_index=True)
    frame["group"] = np.where(frame["treat"] == 1, "program", "comparison")
    for column in ("age", "educ"):
        frame[f"{column}2"] = frame[column].astype(float) ** 2
    for column in ("re74", "re75"):
        frame[f"{column}_2"] = frame[column].astype(float) ** 2
    frame["u74"] = (frame["re74"] == 0).astype(float)
    frame["u75"] = (frame["re75"] == 0).astype(float)
    return frame


def test_it_reproduces_the_experimental_benchmark_to_the_dollar() -> None:
    nsw = _nsw()
    assert (nsw["treat"] == 1).sum() == 185 and (nsw["treat"] == 0).sum() == 260
    estimate, se = _difference(nsw)
    assert (round(estimate), round(se)) == EXPERIMENTAL


def test_it_reproduces_the_naive_cps_difference_to_the_dollar() -> None:
    estimate, se = _difference(_treated_plus_cps())
    assert (round(estimate), round(se)) == NAIVE_CPS


@pytest.mark.slow
def test_it_moves_the_att_from_the_naive_figure_to_the_benchmark() -> None:
    frame = _treated_plus_cps()
    result = propensity_weights(frame, BASE + SQUARES_AND_ZEROS)
    estimate, se = _difference(frame, result.att)
    benchmark = EXPERIMENTAL[0]
    assert estimate > 0  # the sign flips from -8,498
    # within 15% of the naive gap (10,292 dollars) of the benchmark: here about 224 dollars
    assert abs(estimate - benchmark) < 0.15 * abs(NAIVE_CPS[0] - benchmark)
    assert estimate - 1.96 * se < benchmark < estimate + 1.96 * se
    assert result.balance["smd_att"].abs().max() < 0.1
    assert result.balance["smd_unweighted"].abs().max() > 1.0
