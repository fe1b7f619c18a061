"""Fits that do not fail silently: separation, collinearity, constant covariates, Cox."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.designs import time_to_event
from openlead.evaluation.designs.recidivism_fit import WindowFit, fit_window
from openlead.evaluation.overlap import kish_ess, top_share
from openlead.evaluation.propensity import design_matrix, propensity_weights
from openlead.evaluation.robust import drop_degenerate, firth_logit

from ._hard_cases import TRUE_OR, estimates, near_determined


def test_firth_agrees_with_maximum_likelihood_when_the_mle_exists() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(1)
    x = np.column_stack([np.ones(4000), rng.normal(size=4000), rng.normal(size=4000)])
    y = (rng.random(4000) < 1 / (1 + np.exp(-(x @ [-0.5, 1.0, 0.3])))).astype(float)
    w = rng.uniform(0.5, 2.0, 4000)
    firth = firth_logit(y, x, w)
    mle = sm.GLM(y, x, family=sm.families.Binomial(), var_weights=w).fit()
    assert firth.converged
    # Firth's bias correction is O(1/n): a few thousandths here
    np.testing.assert_allclose(firth.params, mle.params, atol=0.01)


def test_firth_is_finite_where_the_mle_runs_off_to_infinity() -> None:
    # complete separation: y = 1 exactly when x >= 0
    x = np.column_stack([np.ones(40), np.linspace(-2, 2, 40)])
    y = (x[:, 1] >= 0).astype(float)
    fit = firth_logit(y, x)
    assert fit.converged
    assert np.all(np.isfinite(fit.params)) and 0 < fit.params[1] < 20
    assert np.all((fit.fitted > 0) & (fit.fitted < 1))


def test_it_drops_a_collinear_covariate_by_name_and_still_estimates() -> None:
    people = near_determined(3)
    people["age_in_months"] = people["age"] * 12  # collinear with age
    people["constant"] = 1.0
    design, notes = design_matrix(people, ["any_prior", "age", "age_in_months", "constant"])
    assert list(design.columns) == ["any_prior", "age"]
    assert any("dropped constant" in n and "same value for everyone" in n for n in notes)
    assert any("dropped age_in_months (collinear with" in n for n in notes)
    scores = propensity_weights(people, ["any_prior", "age", "age_in_months"], figures=False)
    assert any("age_in_months" in w for w in scores.warnings)
    found = estimates(people, ["any_prior", "age", "age_in_months"])
    assert {"unweighted", "ATE", "ATT"} <= set(found)


def test_drop_degenerate_names_what_each_column_duplicates() -> None:
    frame = pd.DataFrame({"a": [1.0, 2, 3, 4, 5], "b": [0.0, 1, 0, 1, 1]})
    frame["a_plus_b"] = frame["a"] + frame["b"]
    kept, notes = drop_degenerate(frame, "test")
    assert kept.shape[1] == 2
    assert len(notes) == 1 and "collinear with" in notes[0]


def test_a_separated_outcome_model_falls_back_to_firth_and_says_so() -> None:
    # nobody without a prior arrest has a pre-window arrest: the MLE does not exist
    people = near_determined(0)
    pre_without = people.loc[people["any_prior"] == 0, "y_pre"]
    assert len(pre_without) > 50 and not pre_without.any()
    people = people.assign(person_id=[f"p{k}" for k in range(len(people))])
    ids = pd.Index(people["person_id"])
    design, _ = design_matrix(people, ["any_prior", "age"])
    design.index = ids
    rows = pd.DataFrame(
        {
            "person_id": np.repeat(people["person_id"].to_numpy(), 2),
            "group": np.repeat(people["group"].to_numpy(), 2),
            "period": np.tile(["pre", "post"], len(people)),
            "days": 182,
            "any_arrest": np.column_stack([people["y_pre"], people["y_post"]]).ravel().astype(int),
        }
    )
    weight = pd.Series(1.0, index=ids)
    found, notes = fit_window(WindowFit(rows, "any_arrest", "6m", design, {"ATE": weight}))
    by = {(e.estimand, e.measure): e for e in found}
    ate = by[("ATE", "odds_ratio")]
    assert ate.fit == "Firth penalised likelihood"
    assert "Firth's penalised likelihood" in ate.method
    assert any(
        "ATE odds ratio" in n and "Firth's penalised likelihood used instead" in n for n in notes
    )
    assert ate.ci_low is not None and ate.ci_high is not None
    assert ate.ci_low < TRUE_OR < ate.ci_high
    assert ("ATE", "rate_ratio") in by  # the count model too, by one fit or the other


def test_cox_survives_a_covariate_constant_among_people_with_follow_up() -> None:
    from openlead.evaluation.io import prepare_inputs
    from openlead.evaluation.simulate import SimulationConfig, simulate
    from openlead.evaluation.types import Options

    tables, _ = simulate(SimulationConfig(people=600, seed=5, police_contacts_per_year=0.0))
    people = tables["people"].copy()
    people["site"] = "north"  # the same everywhere: a singular design if it were kept
    people["score_a"] = np.random.default_rng(1).normal(size=len(people))
    people["score_b"] = 2 * people["score_a"] + 1  # collinear with score_a
    data, _ = prepare_inputs({"people": people, "events": tables["events"]})
    result = time_to_event.run(data, Options(outcomes=["any_arrest"]))
    assert [e.outcome for e in result.estimates] == ["any_arrest"]
    assert any("dropped site" in w for w in result.warnings), result.warnings
    assert any("dropped score_b (collinear with" in w for w in result.warnings), result.warnings
    assert not any("Singular" in w for w in result.warnings)


def test_kish_and_top_share_by_hand() -> None:
    assert kish_ess(np.ones(10)) == pytest.approx(10)
    assert kish_ess(np.array([1.0, 1.0, 2.0])) == pytest.approx(16 / 6)
    assert top_share(np.r_[np.ones(99), 101.0]) == pytest.approx(0.505)


def test_firth_on_a_two_by_two_table_is_the_log_odds_ratio_plus_a_half_per_cell() -> None:
    # A known truth: for one binary covariate the model is saturated and Firth's estimate
    # is the log odds ratio with 0.5 added to every cell (Haldane's correction), even
    # with an empty cell where the MLE does not exist.
    exposed_events, exposed_none, other_events, other_none = 7, 0, 3, 12
    x = np.array([[1.0, 1.0]] * 7 + [[1.0, 0.0]] * 15)
    y = np.array([1.0] * exposed_events + [1.0] * other_events + [0.0] * other_none)
    fit = firth_logit(y, x)
    assert fit.converged
    log_or = np.log((7.5 * (other_none + 0.5)) / ((exposed_none + 0.5) * (other_events + 0.5)))
    np.testing.assert_allclose(fit.params[1], log_or, rtol=1e-7)
    np.testing.assert_allclose(fit.params[0], np.log(3.5 / 12.5), rtol=1e-7)


def test_firth_reaches_the_same_estimate_from_any_start() -> None:
    rng = np.random.default_rng(3)
    n = 300
    x = np.column_stack([np.ones(n), rng.normal(size=n), (rng.random(n) < 0.1).astype(float)])
    y = ((x[:, 2] == 1) | (rng.random(n) < 0.2)).astype(float)  # the flag separates
    w = rng.integers(1, 50, n).astype(float)  # frequency weights, as the grouped fits use
    fits = [firth_logit(y, x, w, start=np.array(s)) for s in ([0.0] * 3, [5, -5, 9], [-9, 9, -9])]
    assert all(f.converged for f in fits)
    for other in fits[1:]:
        np.testing.assert_allclose(other.params, fits[0].params, atol=1e-6)


def test_firth_does_not_call_a_start_with_no_information_converged() -> None:
    # From a start where every row's probability is exactly 1 the information is zero,
    # the Newton step is zero and an earlier version reported convergence at the start.
    rng = np.random.default_rng(5)
    x = np.column_stack([np.ones(200), 100 + rng.normal(size=200)])
    y = (rng.random(200) < 0.3).astype(float)
    fit = firth_logit(y, x, start=np.array([10.0, 10.0]))
    plain = firth_logit(y, x)
    assert fit.converged and plain.converged
    np.testing.assert_allclose(fit.params, plain.params, atol=1e-6)
    assert firth_logit(y, x, maxiter=2).converged is False


def test_firth_fits_again_from_zero_where_newton_stalls_from_the_start_given() -> None:
    # The demo's weighted fits started from a maximum-likelihood fit that ran off, where
    # the information is nearly singular; from there Newton stalled. Here the same logic
    # with an iteration budget that the far start cannot meet but a start at zero can.
    from openlead.evaluation.robust import _firth_from

    rng = np.random.default_rng(1)
    x = np.column_stack([np.ones(4000), rng.normal(size=4000), rng.normal(size=4000)])
    y = (rng.random(4000) < 1 / (1 + np.exp(-(x @ [-0.5, 1.0, 0.3])))).astype(float)
    far = np.array([0.0, -10.0, 10.0])
    assert not _firth_from(y, x, None, far, 5, 1e-8).converged
    fit = firth_logit(y, x, start=far, maxiter=5)
    assert fit.converged
    np.testing.assert_allclose(fit.params, firth_logit(y, x).params, atol=1e-8)


def test_independent_columns_keeps_the_estimated_terms_and_drops_what_trimming_emptied() -> None:
    from openlead.evaluation.robust import independent_columns

    rng = np.random.default_rng(2)
    n = 200
    program, post = (np.arange(n) % 2).astype(float), (np.arange(n) // 2 % 2).astype(float)
    naive = np.column_stack([np.ones(n), program, post, program * post])
    age = rng.normal(size=n)
    flag = np.zeros(n)  # a covariate the trimming left constant (everyone kept has 0)
    same_as_program = 2 * program  # collinear with an estimated term
    twice_age = 2 * age + 1  # collinear with a kept covariate
    x = np.column_stack([naive, age, flag, same_as_program, twice_age, age * post])
    keep = independent_columns(x, 4)
    assert keep[:4].all()
    assert keep.tolist()[4:] == [True, False, False, False, True] or keep.tolist()[4:] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert np.linalg.matrix_rank(x[:, keep]) == keep.sum()
