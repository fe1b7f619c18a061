"""The time-to-event design: Kaplan-Meier by group and Cox hazard ratios with covariates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from openlead.evaluation.designs import time_to_event
from openlead.evaluation.io import load_inputs, prepare_inputs
from openlead.evaluation.types import DesignResult, Options


@pytest.fixture(scope="module")
def result(small_simulation: dict[str, Path]) -> DesignResult:
    data, _ = load_inputs(small_simulation["people"], small_simulation["events"])
    return time_to_event.run(data, Options(outcomes=["any_arrest", "booking"]))


def test_it_reports_a_covariate_adjusted_hazard_ratio_per_outcome(result: DesignResult) -> None:
    assert {(e.outcome, e.measure) for e in result.estimates} == {
        ("any_arrest", "hazard_ratio"),
        ("booking", "hazard_ratio"),
    }
    cox = result.tables["cox_any_arrest"].set_index("term")
    assert {"program", "age", "prior_arrests"} <= set(cox.index)
    assert cox.loc["prior_arrests", "coef"] > 0  # the simulator's prior arrests raise the hazard
    assert "censored at the person's end of follow-up" in result.estimates[0].method


def test_it_draws_kaplan_meier_curves_without_external_links(result: DesignResult) -> None:
    (title,) = result.figures
    assert "Kaplan-Meier" in title
    assert result.figures[title].startswith("<svg")
    km = result.tables["kaplan_meier"]
    assert set(km["group"]) == {"program", "comparison"}
    assert km["survival"].between(0, 1).all()


def test_it_censors_at_follow_up_end_and_ignores_the_index_date_event() -> None:
    people = pd.DataFrame(
        {
            "person_id": ["A", "B", "C", "D"] * 5,
            "group": ["program", "program", "comparison", "comparison"] * 5,
            "index_date": "2014-01-01",
            "followup_end": "2014-12-31",
        }
    )
    people["person_id"] = [f"{p}{k}" for k, p in enumerate(people["person_id"])]
    ids = people["person_id"].tolist()
    events = pd.DataFrame(
        {
            "person_id": ids[:10] + ids[:10],
            "date": ["2014-01-01"] * 10 + ["2014-02-01"] * 5 + ["2015-03-01"] * 5,
            "kind": "arrest",
        }
    )
    data, _ = prepare_inputs({"people": people, "events": events})
    from openlead.evaluation.outcomes import choose_outcomes, first_event_times

    outcomes, _ = choose_outcomes(data, Options(outcomes=["any_arrest"]))
    times = first_event_times(data, outcomes).set_index("person_id")
    assert times.loc[ids[0], "any_arrest"] == 31  # 2014-02-01, not the index-date arrest
    assert times.loc[ids[0], "any_arrest_event"] == 1
    assert times.loc[ids[7], "any_arrest"] == 364  # censored at 2014-12-31
    assert times.loc[ids[7], "any_arrest_event"] == 0  # the 2015 arrest is after follow-up


def test_it_skips_with_a_warning_when_there_are_no_events() -> None:
    people = pd.DataFrame(
        {
            "person_id": ["A", "B"],
            "group": ["program", "comparison"],
            "index_date": ["2014-01-01", "2014-02-01"],
        }
    )
    events = pd.DataFrame({"person_id": ["A"], "date": ["2014-01-01"], "kind": ["booking"]})
    data, _ = prepare_inputs({"people": people, "events": events})
    result = time_to_event.run(data, Options())
    assert result.estimates == []
    assert any("no events" in w or "without follow-up" in w for w in result.warnings)
