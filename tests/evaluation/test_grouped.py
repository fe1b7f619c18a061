"""GLM fits on distinct rows give statsmodels' full-row estimates and cluster sandwich."""

from __future__ import annotations

import numpy as np
import pytest

from openlead.evaluation.grouped import distinct_rows, glm_cluster_fit

# statsmodels warns that its cluster sandwich with var_weights is "not fully supported";
# the engine has always used it (tests/evaluation/test_recidivism.py checks it against GEE)
pytestmark = pytest.mark.filterwarnings("ignore:cov_type not fully supported")


def _person_windows(seed: int, n: int = 2000) -> dict[str, np.ndarray]:
    """Two windows per person; a covariate with few values, so rows repeat."""
    rng = np.random.default_rng(seed)
    program = np.repeat(rng.random(n) < 0.4, 2).astype(float)
    post = np.tile([0.0, 1.0], n)
    level = rng.integers(0, 8, n)
    x = np.repeat(level / 4.0, 2)
    exog = np.column_stack([np.ones(2 * n), program, post, program * post, x, x * post])
    p = 1 / (1 + np.exp(-(x - 1.0 - 0.5 * program * post)))
    days = np.repeat(rng.integers(181, 185, n), 2).astype(float)
    return {
        "exog": exog,
        "binary": (rng.random(2 * n) < p).astype(float),
        "counts": rng.poisson(np.exp(-1.5 + 0.3 * x) * days / 182).astype(float),
        "weight": np.repeat(np.where(program[::2] > 0, 1.0, 0.5 + level / 8), 2),
        "offset": np.log(days),
        "groups": np.repeat(np.arange(n), 2),
    }


def _statsmodels(family: object, y: np.ndarray, d: dict[str, np.ndarray], **kw: object) -> object:
    import statsmodels.api as sm

    cov = {"groups": d["groups"], "use_correction": False}
    model = sm.GLM(y, d["exog"], family=family, var_weights=d["weight"], **kw)
    start = np.zeros(d["exog"].shape[1])
    if "offset" in kw:
        start[0] = np.log(y.sum() / np.exp(d["offset"]).sum())
    # the same optimiser (Newton from the same start) on all rows
    return model.fit(method="newton", start_params=start, cov_type="cluster", cov_kwds=cov)


@pytest.mark.parametrize("seed", [1, 2])
def test_it_matches_statsmodels_on_all_rows_for_the_logit(seed: int) -> None:
    import statsmodels.api as sm

    d = _person_windows(seed)
    full = _statsmodels(sm.families.Binomial(), d["binary"], d)
    ours = glm_cluster_fit(
        sm.families.Binomial(), d["binary"], d["exog"], d["groups"], var_weights=d["weight"]
    )
    assert ours.cells < len(d["binary"]) / 10  # the point: far fewer rows fitted
    np.testing.assert_allclose(ours.params, full.params, rtol=1e-9)  # type: ignore[attr-defined]
    np.testing.assert_allclose(ours.bse, full.bse, rtol=1e-9)  # type: ignore[attr-defined]
    np.testing.assert_allclose(ours.pvalues, full.pvalues, rtol=1e-7)  # type: ignore[attr-defined]
    assert ours.converged


def test_it_matches_statsmodels_on_all_rows_for_the_negative_binomial() -> None:
    import statsmodels.api as sm

    d = _person_windows(3)
    family = sm.families.NegativeBinomial(alpha=0.8)
    full = _statsmodels(family, d["counts"], d, offset=d["offset"])
    start = np.zeros(6)
    start[0] = np.log(d["counts"].sum() / np.exp(d["offset"]).sum())
    ours = glm_cluster_fit(
        family,
        d["counts"],
        d["exog"],
        d["groups"],
        var_weights=d["weight"],
        offset=d["offset"],
        start=start,
    )
    np.testing.assert_allclose(ours.params, full.params, rtol=1e-9)  # type: ignore[attr-defined]
    np.testing.assert_allclose(ours.bse, full.bse, rtol=1e-9)  # type: ignore[attr-defined]


def test_it_fits_the_same_with_keys_that_fix_each_row() -> None:
    import statsmodels.api as sm

    d = _person_windows(4)
    program, post, x = d["exog"][:, 1], d["exog"][:, 2], d["exog"][:, 4]
    family = sm.families.Binomial()
    by_columns = glm_cluster_fit(family, d["binary"], d["exog"], d["groups"])
    by_keys = glm_cluster_fit(family, d["binary"], d["exog"], d["groups"], keys=(x, program, post))
    np.testing.assert_allclose(by_keys.params, by_columns.params, rtol=1e-12)
    np.testing.assert_allclose(by_keys.cov, by_columns.cov, rtol=1e-10)


def test_it_finds_distinct_rows_across_columns_of_any_type() -> None:
    first, inverse, counts = distinct_rows(
        np.array([1.0, 1.0, 2.0, 1.0, np.nan, np.nan]),
        np.array(["a", "b", "a", "a", "a", "a"], dtype=object),
    )
    assert inverse.tolist() == [0, 1, 2, 0, 3, 3]
    assert first.tolist() == [0, 1, 2, 4]
    assert counts.tolist() == [2, 1, 1, 2]
