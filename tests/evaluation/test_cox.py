"""The engine's Cox fit is statsmodels PHReg's (Efron ties), without its Python loops."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from openlead.evaluation.cox import efron_cox


def _survival(seed: int, n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Whole days, so many people share a failure time (Efron and Breslow then differ)."""
    rng = np.random.default_rng(seed)
    x = np.column_stack([rng.random(n) < 0.4, rng.normal(size=(n, k - 1))]).astype(float)
    hazard = np.exp(x @ np.r_[-0.3, rng.normal(scale=0.3, size=k - 1)])
    event, censor = rng.exponential(200 / hazard), rng.uniform(30, 700, n)
    return np.ceil(np.minimum(event, censor)), (event <= censor).astype(float), x


@pytest.mark.parametrize(("seed", "n", "k"), [(1, 300, 1), (2, 3000, 4), (3, 20_000, 8)])
def test_it_matches_statsmodels_phreg_with_efron_ties(seed: int, n: int, k: int) -> None:
    from statsmodels.duration.hazard_regression import PHReg

    time, status, x = _survival(seed, n, k)
    assert len(np.unique(time[status > 0])) < status.sum()  # tied failure times
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = PHReg(time, x, status=status, ties="efron").fit()
    ours = efron_cox(time, x, status=status)
    assert ours.converged
    np.testing.assert_allclose(ours.params, reference.params, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(ours.bse, reference.bse, rtol=1e-8)
    np.testing.assert_allclose(ours.pvalues, reference.pvalues, rtol=1e-6, atol=1e-12)


def test_it_gives_efron_not_breslow_estimates_under_ties() -> None:
    from statsmodels.duration.hazard_regression import PHReg

    time, status, x = _survival(4, 3000, 2)
    time = np.ceil(time / 30)  # months: heavy ties
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        breslow = PHReg(time, x, status=status, ties="breslow").fit()
    ours = efron_cox(time, x, status=status)
    assert np.max(np.abs(ours.params - breslow.params)) > 1e-3


def test_it_refuses_a_singular_design() -> None:
    time, status, x = _survival(5, 200, 2)
    with pytest.raises(np.linalg.LinAlgError):
        efron_cox(time, np.column_stack([x, x[:, 1]]), status=status)


def test_it_stops_and_says_so_when_a_coefficient_runs_off_to_infinity() -> None:
    # everyone with x = 1 fails on day 1; no one with x = 0 ever fails before them
    rng = np.random.default_rng(6)
    x = np.repeat([1.0, 0.0], 50)
    time = np.where(x == 1, 1.0, rng.integers(2, 300, 100).astype(float))
    status = np.where(x == 1, 1.0, rng.random(100) < 0.5)
    fit = efron_cox(time, np.column_stack([x, rng.normal(size=100)]), status=status)
    assert fit.diverged and not fit.converged
    assert abs(fit.params[0]) > 10
