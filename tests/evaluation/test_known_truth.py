"""Simulation studies: the engine recovers the simulator's true effects.

100 seeded replications of 1,500 fake people each; the 95% intervals must hold the truth
in at least 93 of them (a correct interval holds it in 95 on average). The estimators are
called directly, without the CLI or the report, to keep the study fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.designs import recidivism, time_to_event
from openlead.evaluation.io import prepare_inputs
from openlead.evaluation.outcomes import choose_outcomes, first_event_times, window_counts
from openlead.evaluation.simulate import SimulationConfig, simulate
from openlead.evaluation.types import DesignResult, Estimate, EvalData, Options

REPLICATIONS = 100
PEOPLE = 1500
OPTIONS = Options(outcomes=["any_arrest"])


def _data(seed: int, mode: str, people: int = PEOPLE) -> tuple[EvalData, dict[str, object]]:
    config = SimulationConfig(people=people, seed=seed, mode=mode, police_contacts_per_year=0.0)  # type: ignore[arg-type]
    tables, truth = simulate(config)
    data, _ = prepare_inputs({"people": tables["people"], "events": tables["events"]})
    return data, truth


def _odds_ratios(data: EvalData) -> dict[str, Estimate]:
    outcomes, _ = choose_outcomes(data, OPTIONS)
    rows = window_counts(data, outcomes, 6)
    rows = rows.loc[rows["window"] == "6m", ["person_id", "group", "period", "days", "any_arrest"]]
    covariates, weights = recidivism.covariates_and_weights(
        data, OPTIONS, DesignResult(design="recidivism")
    )
    fit = recidivism.WindowFit(rows, "any_arrest", "6m", covariates, weights, counts=False)
    estimates, notes = recidivism.fit_window(fit)
    assert not notes
    return {e.estimand: e for e in estimates}


def _hazard_ratio(data: EvalData) -> pd.Series:
    outcomes, _ = choose_outcomes(data, OPTIONS)
    times = first_event_times(data, outcomes)
    covariates = time_to_event._covariates(data, times)
    table = time_to_event.cox_fit(times, covariates, "any_arrest")
    return table.set_index("term").loc["program"]


def _covers(truth: float, low: float | None, high: float | None) -> bool:
    assert low is not None and high is not None
    return low <= truth <= high


@pytest.mark.slow
def test_it_covers_the_true_conditional_odds_ratio_in_93_of_100_replications() -> None:
    hits = 0
    for seed in range(REPLICATIONS):
        data, truth = _data(1000 + seed, "logistic")
        ate = _odds_ratios(data)["ATE"]
        hits += _covers(float(truth["odds_ratio_any_arrest_6m"]), ate.ci_low, ate.ci_high)  # type: ignore[arg-type]
    assert hits >= 93, hits


@pytest.mark.slow
def test_it_covers_the_true_hazard_ratio_in_93_of_100_replications() -> None:
    hits = 0
    for seed in range(REPLICATIONS):
        data, truth = _data(5000 + seed, "hazard")
        row = _hazard_ratio(data)
        hits += _covers(float(truth["hazard_ratio_first_rearrest"]), row["ci_low"], row["ci_high"])  # type: ignore[arg-type]
    assert hits >= 93, hits


@pytest.mark.slow
def test_it_shows_the_naive_estimate_biased_the_way_confounding_pushes_it() -> None:
    # Program members have more prior arrests, which raise post-window arrests more than
    # pre-window ones: the naive difference in differences overstates their arrests.
    data, truth = _data(77, "logistic", people=8000)
    estimates = _odds_ratios(data)
    true_log = np.log(float(truth["odds_ratio_any_arrest_6m"]))  # type: ignore[arg-type]
    naive, ate, att = (np.log(estimates[k].estimate) for k in ("unweighted", "ATE", "ATT"))
    assert naive > ate and naive > true_log + 0.1
    assert abs(ate - true_log) < abs(naive - true_log) / 2
    assert abs(att - true_log) < abs(naive - true_log) / 2
