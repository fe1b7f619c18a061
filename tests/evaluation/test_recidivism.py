"""The recidivism design: GEE over person-windows with propensity weights, NB counts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.designs import recidivism
from openlead.evaluation.io import load_inputs, prepare_inputs
from openlead.evaluation.simulate import SimulationConfig, simulate
from openlead.evaluation.types import DesignResult, EvalData, Options


@pytest.fixture(scope="module")
def small(small_simulation: dict[str, Path]) -> EvalData:
    paths = small_simulation
    return load_inputs(paths["people"], paths["events"])[0]


@pytest.fixture(scope="module")
def result(small: EvalData) -> DesignResult:
    return recidivism.run(small, Options(outcomes=["any_arrest", "felony_charge", "booking"]))


def test_it_matches_statsmodels_gee_with_independence_working_correlation() -> None:
    import statsmodels.api as sm

    rng = np.random.default_rng(3)
    n = 600
    program = np.repeat(rng.random(n) < 0.4, 2).astype(float)
    post = np.tile([0.0, 1.0], n)
    x = np.repeat(rng.normal(size=n), 2)
    exog = np.column_stack([np.ones(2 * n), program, post, program * post, x, x * post])
    y = (rng.random(2 * n) < 1 / (1 + np.exp(-(x - 0.5 * program * post)))).astype(float)
    weight = np.repeat(rng.uniform(0.5, 3.0, n), 2)
    groups = np.repeat(np.arange(n), 2)
    gee = sm.GEE(
        y,
        exog,
        groups=groups,
        family=sm.families.Binomial(),
        cov_struct=sm.cov_struct.Independence(),
        weights=weight,
    ).fit()
    ours = recidivism.gee_independence_logit(y, exog, groups, weight)
    np.testing.assert_allclose(ours.params, gee.params, rtol=1e-7)  # type: ignore[attr-defined]
    np.testing.assert_allclose(ours.bse, gee.bse, rtol=1e-6)  # type: ignore[attr-defined]


def test_it_reports_odds_and_rate_ratios_for_each_estimand_and_window(
    result: DesignResult,
) -> None:
    keys = {(e.outcome, e.window, e.estimand, e.measure) for e in result.estimates}
    for outcome in ("any_arrest", "felony_charge", "booking"):
        for window in ("6m", "long"):
            for estimand in ("unweighted", "ATE", "ATT"):
                assert (outcome, window, estimand, "odds_ratio") in keys
                assert (outcome, window, estimand, "rate_ratio") in keys
    for e in result.estimates:
        assert e.ci_low is not None and e.ci_high is not None
        assert e.ci_low < e.estimate < e.ci_high
        assert e.n_program + e.n_comparison <= 800


def test_it_writes_method_text_precise_enough_to_redo_the_analysis(
    result: DesignResult,
) -> None:
    ate = next(e for e in result.estimates if e.estimand == "ATE" and e.measure == "odds_ratio")
    for phrase in (
        "independence working",
        "clustered by person",
        "program x post",
        "prior_arrests",
        "inverse-probability weights",
        "index_date + 6 months",
    ):
        assert phrase in ate.method


def test_it_reports_balance_and_the_monthly_rate_plot(result: DesignResult) -> None:
    balance = result.tables["balance"]
    assert {"covariate", "smd_unweighted", "smd_ate", "smd_att"} <= set(balance.columns)
    assert balance["smd_ate"].abs().max() < balance["smd_unweighted"].abs().max()
    assert any(svg.startswith("<svg") for svg in result.figures.values())
    rates = result.tables["monthly_rates"]
    assert set(rates["month"]) == set(range(-12, 12))
    assert result.summary


def test_it_analyses_every_event_kind_but_police_contacts_by_default(small: EvalData) -> None:
    from openlead.evaluation.outcomes import choose_outcomes

    outcomes, notes = choose_outcomes(small, Options())
    names = {o.name for o in outcomes}
    assert {"any_arrest", "felony_charge", "non_warrant_arrest", "misdemeanor_charge"} <= names
    assert {"any_event", "booking", "jail_stay", "charge"} <= names
    # the extract writes each arrest as a police contact too: it would repeat any_arrest
    assert "police_contact" not in names
    assert not notes
    named, notes = choose_outcomes(small, Options(outcomes=["any_arrest", "police_contact"]))
    assert [o.name for o in named] == ["any_arrest", "police_contact"] and not notes


def test_it_skips_named_outcomes_whose_columns_are_absent(small: EvalData) -> None:
    data = EvalData(
        small.people,
        small.events.drop(columns=["severity", "warrant"]),
        covariates=small.covariates,
    )
    result = recidivism.run(data, Options(outcomes=["any_arrest", "felony_charge"]))
    assert {e.outcome for e in result.estimates} == {"any_arrest"}
    assert any("felony_charge not analysed" in w for w in result.warnings)


def test_it_warns_instead_of_failing_when_a_group_has_no_events() -> None:
    people = pd.DataFrame(
        {
            "person_id": [f"X{k}" for k in range(40)],
            "group": ["program"] * 20 + ["comparison"] * 20,
            "index_date": "2014-01-01",
            "followup_end": "2015-01-01",
        }
    )
    events = pd.DataFrame(
        {
            "person_id": ["X25", "X30"],
            "date": ["2014-03-01", "2013-09-01"],
            "kind": ["booking", "booking"],
        }
    )
    data, _ = prepare_inputs({"people": people, "events": events})
    result = recidivism.run(data, Options())
    assert result.estimates == []
    assert any("not estimated" in w for w in result.warnings)


@pytest.mark.slow
def test_it_recovers_the_true_rate_ratio_of_arrests() -> None:
    tables, truth = simulate(SimulationConfig(people=5000, seed=21, police_contacts_per_year=0.0))
    data, _ = prepare_inputs({"people": tables["people"], "events": tables["events"]})
    result = recidivism.run(data, Options(outcomes=["any_arrest"]))
    for estimand in ("ATE", "ATT"):
        e = next(
            e
            for e in result.estimates
            if e.window == "6m" and e.estimand == estimand and e.measure == "rate_ratio"
        )
        assert e.ci_low is not None and e.ci_high is not None
        assert e.ci_low <= truth["rate_ratio_arrests"] <= e.ci_high
