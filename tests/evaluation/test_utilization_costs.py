"""utilization-costs: rates, costs and rate ratios against known simulated truths."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.designs import utilization_costs
from openlead.evaluation.types import DesignResult, Estimate, EvalData, Options

from ._b_fixtures import FOLLOW_UP_END, TRUE, make_data


@pytest.fixture(scope="module")
def data() -> EvalData:
    return make_data(n_program=500, n_comparison=500, seed=3)


@pytest.fixture(scope="module")
def result(data: EvalData) -> DesignResult:
    return utilization_costs.run(data, Options(bootstrap=200, seed=5))


def _by_outcome(result: DesignResult) -> dict[str, Estimate]:
    return {e.outcome: e for e in result.estimates}


def _one_person(events: list[dict[str, object]], index: str = "2021-01-01") -> EvalData:
    people = pd.DataFrame(
        {
            "person_id": ["p1", "p2"],
            "group": ["program", "comparison"],
            "index_date": pd.to_datetime([index, index]),
            "followup_end": pd.to_datetime(["2021-07-01", "2023-01-01"]),
        }
    )
    frame = pd.DataFrame(events, columns=["person_id", "date", "kind", "end_date"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    return EvalData(people=people, events=frame)


def test_it_counts_jail_days_overlapping_each_symmetric_window() -> None:
    # p1 has 181 days of follow-up: windows are days -181..-1 and 1..181
    data = _one_person(
        [
            {
                "person_id": "p1",
                "date": "2020-12-25",
                "kind": "jail_stay",
                "end_date": "2021-01-03",
            },
            {"person_id": "p1", "date": "2020-01-01", "kind": "booking"},  # day -366: outside
            {"person_id": "p1", "date": "2021-01-01", "kind": "booking"},  # index day: neither
            {"person_id": "p1", "date": "2021-03-01", "kind": "booking"},
        ]
    )
    panel = utilization_costs.person_windows(data, Options(), [])
    p1 = panel.loc[panel["person_id"] == "p1"].set_index("window")
    assert p1.loc["before", "jail_days"] == 7  # Dec 25..31
    assert p1.loc["after", "jail_days"] == 2  # Jan 2..3 (the index day is in neither)
    assert p1.loc["before", "bookings"] == 0 and p1.loc["after", "bookings"] == 1
    assert p1.loc["after", "person_years"] == pytest.approx(181 / 365.25)


def test_it_recovers_the_true_booking_and_jail_day_rate_ratios(result: DesignResult) -> None:
    found = _by_outcome(result)
    for outcome, truth in (
        ("bookings", TRUE["booking_rr_program"]),
        ("jail_days", TRUE["stay_rr_program"]),
    ):
        estimate = found[outcome]
        assert estimate.measure == "rate_ratio"
        assert estimate.ci_low is not None and estimate.ci_high is not None
        assert estimate.ci_low < truth < estimate.ci_high, outcome


def test_it_recovers_the_true_cost_difference_in_differences(result: DesignResult) -> None:
    # per window of 365 days: 1 booking fewer and half of 4 * 358/365 jail days fewer
    years = 365 / 365.25
    change = (
        -TRUE["booking_rate"] * 0.5 * TRUE["booking_cost"]
        - TRUE["stay_rate"] * 0.5 * 358 / 365 * TRUE["stay_days"] * TRUE["jail_day_cost"]
    ) / years
    did = _by_outcome(result)["legal_cost_did_per_py"]
    assert did.ci_low is not None and did.ci_high is not None
    assert did.ci_low < change < did.ci_high


def test_it_adds_the_program_cost_from_months_enrolled(
    data: EvalData, result: DesignResult
) -> None:
    program = data.people.loc[data.people["group"] == "program"]
    years = ((FOLLOW_UP_END - program["index_date"]).dt.days / 365.25).sum()
    expected = TRUE["per_month"] * 19 * len(program) / years  # months 0..18 in status data
    found = _by_outcome(result)
    assert found["program_cost_per_participant_year"].estimate == pytest.approx(expected, abs=0.01)
    assert found["program_cost_per_participant"].estimate == pytest.approx(TRUE["per_month"] * 19)
    net = found["net_cost_change_per_participant_year"]
    did = found["legal_cost_did_per_py"]
    assert net.estimate == pytest.approx(did.estimate + expected, abs=0.02)


def test_it_is_reproducible_from_the_seed(data: EvalData, result: DesignResult) -> None:
    again = utilization_costs.run(data, Options(bootstrap=200, seed=5))
    assert [e.ci_low for e in again.estimates] == [e.ci_low for e in result.estimates]


def test_it_suppresses_small_counts_and_their_rates() -> None:
    data = _one_person(
        [{"person_id": "p2", "date": "2022-01-01", "kind": "booking"}], index="2021-01-01"
    )
    table = utilization_costs.run(data, Options(bootstrap=20)).tables["utilization_by_group"]
    after = table.loc[(table["group"] == "comparison") & (table["window"] == "after")].iloc[0]
    assert after["bookings"] == "<11" and after["bookings_per_py"] == ""
    assert after["persons"] == "<11" and after["person_years"] == ""
    assert set(table["bookings"]) <= {"<11", "0"}


def test_it_skips_without_utilization_events() -> None:
    data = _one_person([{"person_id": "p1", "date": "2021-02-01", "kind": "arrest"}])
    result = utilization_costs.run(data, Options())
    assert result.skipped
    assert "booking" in result.warnings[0]


def test_it_reports_uncosted_utilization_without_a_costs_file() -> None:
    data = make_data(n_program=60, n_comparison=60, seed=1)
    data.costs = None
    result = utilization_costs.run(data, Options(bootstrap=20))
    assert any("no costs file" in w for w in result.warnings)
    assert {e.outcome for e in result.estimates} >= {"bookings", "jail_days"}
    assert not any(e.outcome.startswith("net_cost") for e in result.estimates)
    assert np.isfinite([e.estimate for e in result.estimates]).all()


@pytest.mark.slow
def test_it_runs_all_three_b_designs_on_the_loaded_simulator_output(tmp_path: Path) -> None:
    # The loader hands over categorical kinds, nullable booleans and string columns; the
    # designs must take them as they come, not only the plain frames of _b_fixtures.
    from openlead.evaluation.designs import equity_lens, within_subject
    from openlead.evaluation.io import load_inputs
    from openlead.evaluation.simulate import SimulationConfig, write_simulation

    paths = write_simulation(SimulationConfig(people=300, seed=9), tmp_path)
    data, _ = load_inputs(paths["people"], paths["events"], paths["status_months"], paths["costs"])
    options = Options(bootstrap=30)
    for design in (utilization_costs, within_subject, equity_lens):
        result = design.run(data, options)
        assert not result.skipped, result.warnings
        assert result.estimates and result.tables
        values = [e.estimate for e in result.estimates]
        assert np.isfinite(values).all(), design.DESIGN
        for e in result.estimates:
            if (
                e.ci_low is not None
                and e.ci_high is not None
                and e.measure not in ("gini", "share")
            ):
                assert e.ci_low <= e.estimate <= e.ci_high, (design.DESIGN, e.outcome)


def test_it_ends_follow_up_at_the_option_when_that_is_earlier() -> None:
    import datetime as dt

    data = _one_person([{"person_id": "p2", "date": "2021-03-01", "kind": "booking"}])
    # p2's own follow-up runs to 2023; the option stops it on 2021-04-01 (90 days)
    panel = utilization_costs.person_windows(data, Options(follow_up_end=dt.date(2021, 4, 1)), [])
    p2 = panel.loc[panel["person_id"] == "p2"].set_index("window")
    assert p2.loc["after", "person_years"] == pytest.approx(90 / 365.25)
    assert p2.loc["after", "bookings"] == 1


def test_it_blanks_counts_whose_complement_is_small() -> None:
    frame = pd.DataFrame({"n": [100, 100, 5], "yes": [95, 50, 5], "share": [0.95, 0.5, 1.0]})
    table = utilization_costs.suppress_table(
        frame, {"n": ["share"], "yes": ["share"]}, {"yes": "n"}
    )
    assert table["yes"].tolist() == ["", "50", "<11"]  # 100 - 95 = 5 people would show
    assert table["share"].tolist() == ["", 0.5, ""]
    assert table["n"].tolist() == ["100", "100", "<11"]


def test_its_plot_leaves_out_hidden_and_empty_measures() -> None:
    import pandas as pd

    from openlead.evaluation.designs.utilization_costs.figure import utilization_figure

    def table(bookings: object, jail_days: object) -> pd.DataFrame:
        rows = [
            (g, w, bookings, jail_days)
            for g in ("program", "comparison")
            for w in ("before", "after")
        ]
        return pd.DataFrame(
            rows, columns=["group", "window", "bookings_per_py", "jail_days_per_py"]
        )

    # Every cell suppressed (blank, as suppress_table leaves them): no plot at all.
    assert utilization_figure(table("", "")) is None
    # No jail data (all zero): the bookings panel only, no empty jail-days axes.
    svg = utilization_figure(table(0.4, 0.0))
    assert svg is not None and svg.startswith("<svg")
    assert "Bookings per person-year" in svg and "jail days per person-year" not in svg
    both = utilization_figure(table(0.4, 2.5))
    assert both is not None and "jail days per person-year" in both
