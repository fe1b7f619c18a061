"""Propensity scores, weights and standardised mean differences."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.propensity import CLIP, propensity_weights, smd_table
from openlead.evaluation.types import InputError


def _confounded(n: int = 4000, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    area = rng.choice(["north", "south", "west"], size=n)
    logit = -0.4 + 1.0 * x + 0.9 * (area == "south")
    treated = rng.random(n) < 1 / (1 + np.exp(-logit))
    y = 2.0 * treated + 3.0 * x + 1.5 * (area == "south") + rng.normal(size=n)
    return pd.DataFrame(
        {"group": np.where(treated, "program", "comparison"), "x": x, "area": area, "y": y}
    )


def test_it_computes_smd_by_hand_for_a_continuous_column() -> None:
    # treated 1,2,3 (mean 2, var 1); comparison 2,4,6 (mean 4, var 4); pooled SD sqrt(2.5)
    design = pd.DataFrame({"x": [1.0, 2.0, 3.0, 2.0, 4.0, 6.0]})
    treated = pd.Series([1, 1, 1, 0, 0, 0])
    weights = pd.Series([1.0, 1.0, 1.0, 1.0, 1.0, 2.0])  # comparison mean becomes 18/4
    table = smd_table(design, treated, {"w": weights})
    assert table.loc[0, "smd_unweighted"] == pytest.approx(-2 / math.sqrt(2.5))
    assert table.loc[0, "smd_w"] == pytest.approx(-2.5 / math.sqrt(2.5))


def test_it_uses_p_times_one_minus_p_for_binary_columns() -> None:
    # treated p=.5, comparison p=.25: SD sqrt((.25 + .1875) / 2)
    design = pd.DataFrame({"b": [1.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]})
    treated = pd.Series([1, 1, 1, 1, 0, 0, 0, 0])
    table = smd_table(design, treated, {})
    assert table.loc[0, "smd_unweighted"] == pytest.approx(0.25 / math.sqrt(0.21875))


def test_it_balances_a_confounded_simulation() -> None:
    people = _confounded()
    result = propensity_weights(people, ["x", "area"])
    balance = result.balance.set_index("covariate")
    assert set(balance.index) == {"x", "area=south", "area=west"}
    assert balance["smd_unweighted"].abs()["x"] > 0.5
    assert balance["smd_ate"].abs().max() < 0.05
    assert balance["smd_att"].abs().max() < 0.05
    assert result.figure_svg.startswith("<svg")


def test_it_recovers_a_known_effect_with_both_weights() -> None:
    people = _confounded()
    result = propensity_weights(people, ["x", "area"])
    is_t = people["group"] == "program"
    naive = people.loc[is_t, "y"].mean() - people.loc[~is_t, "y"].mean()
    assert naive > 3.0  # confounding by x and area inflates the true effect of 2
    for weights in (result.ate, result.att):
        w_t = np.average(people.loc[is_t, "y"], weights=weights[is_t])
        w_c = np.average(people.loc[~is_t, "y"], weights=weights[~is_t])
        assert w_t - w_c == pytest.approx(2.0, abs=0.2)


def test_it_defines_weights_from_the_clipped_score() -> None:
    people = _confounded(n=600)
    result = propensity_weights(people, ["x"])
    e = result.score
    assert e.between(*CLIP).all()
    is_t = people["group"] == "program"
    assert np.allclose(result.ate[is_t], 1 / e[is_t])
    assert np.allclose(result.ate[~is_t], 1 / (1 - e[~is_t]))
    assert (result.att[is_t] == 1.0).all()
    inside = ~is_t & (e > CLIP[0])
    assert np.allclose(result.att[inside], e[inside] / (1 - e[inside]))
    assert (result.att[~is_t & (e == CLIP[0])] < CLIP[0] / (1 - CLIP[0])).all()
    assert "clipped" in result.method


def test_it_fills_missing_numeric_values_and_says_so() -> None:
    people = _confounded(n=500)
    people.loc[people.index[:40], "x"] = np.nan
    result = propensity_weights(people, ["x"])
    assert "x_missing" in set(result.balance["covariate"])
    assert "median" in result.method
    assert result.score.notna().all()


def test_it_refuses_an_unknown_group() -> None:
    people = _confounded(n=50)
    people.loc[people.index[3], "group"] = "control"
    with pytest.raises(InputError, match="row 4"):
        propensity_weights(people, ["x"])


def test_it_says_when_the_score_model_separates_the_groups() -> None:
    people = pd.DataFrame({"group": ["program"] * 20 + ["comparison"] * 20, "x": range(40)})
    result = propensity_weights(people, ["x"])
    assert "Perfect separation" in result.method
    # The MLE does not exist: Firth's penalised fit gives finite scores, and says so.
    assert result.fit_used == "Firth penalised likelihood"
    assert "Firth's penalised likelihood used instead" in result.method
    assert result.score.notna().all()
    clipped = int(result.score.isin(CLIP).sum())
    assert 20 < clipped < 40  # the ends of x are beyond [0.01, 0.99], the middle is not
    assert f"{clipped} of 40 people clipped" in result.method
    assert any("poor overlap" in w for w in result.warnings)
