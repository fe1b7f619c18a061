"""equity-lens: doors, disparity, officer concentration, net-widening, contacts, routes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openlead.evaluation.designs import equity_lens
from openlead.evaluation.types import DesignResult, Estimate, EvalData, Options

from ._b_fixtures import TRUE, make_data, odds_ratio


@pytest.fixture(scope="module")
def result() -> DesignResult:
    return equity_lens.run(
        make_data(n_program=400, n_comparison=400, seed=4), Options(bootstrap=100)
    )


def _found(result: DesignResult) -> dict[str, Estimate]:
    return {e.outcome: e for e in result.estimates}


def _covers(estimate: Estimate, truth: float) -> bool:
    assert estimate.ci_low is not None and estimate.ci_high is not None
    return estimate.ci_low < truth < estimate.ci_high


@pytest.mark.parametrize(
    ("counts", "gini", "top"),
    [
        ([5] * 10, 0.0, 0.1),  # equal shares: no concentration
        ([50] + [5] * 9, 810 / (2 * 100 * 9.5), 50 / 95),  # sum|xi-xj| / (2 n^2 mean)
        ([0, 0, 0, 10], 0.75, 1.0),  # all referrals from one of four: (n-1)/n
    ],
    ids=["equal", "one-busy-officer", "one-of-four"],
)
def test_it_computes_gini_and_top_share_by_hand(counts: list[int], gini: float, top: float) -> None:
    assert equity_lens.gini(np.array(counts)) == pytest.approx(gini)
    assert equity_lens.top_share(np.array(counts)) == pytest.approx(top)


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=60).filter(any),
    factor=st.integers(min_value=2, max_value=9),
)
def test_it_keeps_concentration_measures_in_range_and_scale_free(
    counts: list[int], factor: int
) -> None:
    x = np.array(counts)
    g, top = equity_lens.gini(x), equity_lens.top_share(x)
    assert -1e-12 <= g <= 1 - 1 / len(x) + 1e-12  # the maximum for n officers is (n-1)/n
    assert max(x) / x.sum() - 1e-12 <= top <= 1.0
    # referral counts measured in other units give the same concentration
    assert equity_lens.gini(x * factor) == pytest.approx(g)
    assert equity_lens.top_share(x * factor) == pytest.approx(top)


def _disparity_data() -> EvalData:
    # diverted: 40 Black, 60 White; booked for eligible conduct: 80 Black, 60 White
    race = ["Black"] * 40 + ["White"] * 60 + ["Black"] * 80 + ["White"] * 60
    group = ["program"] * 100 + ["comparison"] * 140
    people = pd.DataFrame(
        {
            "person_id": [f"p{i}" for i in range(240)],
            "group": group,
            "index_date": pd.Timestamp("2021-06-01"),
            "race": race,
        }
    )
    events = pd.DataFrame(
        {
            "person_id": people["person_id"][100:].tolist() + ["p0"],
            "date": pd.Timestamp("2021-06-01"),
            "kind": ["arrest"] * 140 + ["arrest"],
            "eligible_conduct": [True] * 140 + [True],
        }
    )
    return EvalData(people=people, events=events)


def test_it_computes_the_relative_rate_index_and_its_delta_method_interval() -> None:
    result = equity_lens.run(_disparity_data(), Options(bootstrap=20))
    rri = _found(result)["rri[race=Black vs White]"]
    se = math.sqrt(1 / 40 + 1 / 80 + 1 / 60 + 1 / 60)
    assert rri.estimate == pytest.approx(0.5)
    assert rri.ci_low == pytest.approx(0.5 * math.exp(-1.959964 * se), rel=1e-4)
    assert rri.ci_high == pytest.approx(0.5 * math.exp(1.959964 * se), rel=1e-4)
    assert (rri.n_program, rri.n_comparison) == (40, 80)


def test_it_reports_which_parts_could_not_run() -> None:
    result = equity_lens.run(_disparity_data(), Options(bootstrap=20))
    text = " ".join(result.warnings)
    assert "no door" in text and "no officer_id" in text and "police_contact" in text
    assert not result.skipped


def test_it_recovers_the_simulated_disparity_and_contact_change(result: DesignResult) -> None:
    found = _found(result)
    booked, diverted = TRUE["race_booked"], TRUE["race_diverted"]
    truth = (diverted["Black"] / booked["Black"]) / (diverted["White"] / booked["White"])
    assert _covers(found["rri[race=Black vs White]"], truth)
    assert _covers(found["police_contacts"], TRUE["contact_rate"][1] / TRUE["contact_rate"][0])


def test_it_recovers_the_route_odds_ratio(result: DesignResult) -> None:
    route = TRUE["arrest_6m"]
    estimate = _found(result)["any_arrest_police_vs_community_referred"]
    assert _covers(estimate, odds_ratio(route["community"], route["police"]))


def test_it_measures_net_widening_by_door(result: DesignResult) -> None:
    found = _found(result)
    assert _covers(found["no_eligible_arrest_24m[door=social_contact]"], TRUE["no_prior_social"])
    assert found["no_eligible_arrest_24m[door=arrest]"].estimate == 0.0  # the index arrest
    assert found["no_eligible_arrest_24m[door=community]"].estimate == 1.0
    assert "net-widening" in " ".join(result.summary)


def test_it_finds_no_concentration_among_equally_likely_officers(result: DesignResult) -> None:
    found = _found(result)
    # 40 officers chosen uniformly for 600 referrals: Gini near 0, top 4 officers near 10%
    assert found["referral_gini"].estimate < 0.2
    assert 0.1 < found["top_10pct_officer_share"].estimate < 0.2


def test_it_draws_the_door_mix_and_suppresses_small_periods() -> None:
    data = make_data(n_program=60, n_comparison=10, seed=2)
    result = equity_lens.run(data, Options(bootstrap=20))
    assert result.tables["door_mix"]["period"].str.contains("-Q").all()
    table = result.tables["door_mix_yearly"]  # 60 entrants: most quarters are small
    small = table["entrants"] == "<11"
    assert small.any()
    for period in table.loc[small, "period"]:
        assert (table.loc[table["period"] == period, "share"] == "").all()
    figure = next(v for k, v in result.figures.items() if k.startswith("Door mix"))
    assert figure.startswith("<svg")


def test_it_skips_without_program_participants() -> None:
    data = _disparity_data()
    data.people = data.people.loc[data.people["group"] == "comparison"]
    result = equity_lens.run(data, Options())
    assert result.skipped and "program" in result.warnings[0]


def test_it_takes_white_as_the_reference_in_the_apps_codes_and_never_the_missing() -> None:
    data = _disparity_data()
    # The app's extract writes HMIS codes, and most people here gave no race at all.
    codes = {"Black": "black_af_american", "White": "white"}
    data.people["race"] = data.people["race"].map(codes)
    data.people.loc[data.people.index[::2], "race"] = None
    found = _found(equity_lens.run(data, Options(bootstrap=20)))
    rris = [name for name in found if name.startswith("rri[race=")]
    assert rris and all(name.endswith(" vs white]") for name in rris), rris
    assert "rri[race=(missing) vs white]" in rris


def test_it_gives_no_race_rate_when_no_race_was_collected() -> None:
    data = _disparity_data()
    data.people["race"] = None  # race not collected: no race RRI against "(missing)"
    found = _found(equity_lens.run(data, Options(bootstrap=20)))
    assert not [name for name in found if name.startswith("rri[race=")]
