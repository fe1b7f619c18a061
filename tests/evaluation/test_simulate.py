"""The simulator: LEAD-like tables, the columns the engine reads, and the stated truths."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.io import load_inputs
from openlead.evaluation.simulate import SimulationConfig, simulate, write_simulation


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return simulate(SimulationConfig(people=3000, seed=5, police_contacts_per_year=1.0))[0]


def test_it_writes_every_column_the_designs_read(tables: dict[str, pd.DataFrame]) -> None:
    people, events = tables["people"], tables["events"]
    for column in ("door", "race", "ethnicity", "sex", "birth_year", "officer_id", "followup_end"):
        assert column in people.columns
    for column in ("severity", "warrant", "end_date", "eligible_conduct"):
        assert column in events.columns
    kinds = set(events["kind"].astype(str))
    assert kinds == {
        "arrest",
        "charge",
        "booking",
        "jail_stay",
        "prison_admission",
        "police_contact",
    }
    stays = events.loc[events["kind"] == "jail_stay"]
    assert (stays["end_date"] >= stays["date"]).all()
    assert set(tables["costs"].columns) == {"item", "amount", "source"}
    assert tables["costs"]["source"].str.len().min() > 10


def test_it_gives_doors_and_officers_to_program_members_only(
    tables: dict[str, pd.DataFrame],
) -> None:
    people = tables["people"]
    program = people["group"] == "program"
    assert people.loc[~program, ["door", "officer_id", "program"]].isna().all().all()
    assert people.loc[program, "door"].notna().all()
    assert set(people.loc[program, "door"]) == {"arrest", "social_contact", "community"}
    police = program & (people["door"] != "community")
    assert people.loc[police, "officer_id"].notna().all()


def test_it_confounds_referral_with_prior_arrests(tables: dict[str, pd.DataFrame]) -> None:
    events, people = tables["events"], tables["people"]
    arrests = events.loc[events["kind"] == "arrest", ["person_id", "date"]].merge(
        people[["person_id", "index_date", "group"]], on="person_id"
    )
    early = arrests["date"] < arrests["index_date"] - pd.DateOffset(months=6)
    prior = arrests.loc[early].groupby("group").size() / people.groupby("group").size()
    assert prior["program"] > 1.3 * prior["comparison"]


def test_it_shifts_status_by_the_stated_within_subject_odds_ratios() -> None:
    tables, truth = simulate(SimulationConfig(people=6000, seed=8, police_contacts_per_year=0.0))
    status = tables["status_months"].merge(tables["people"][["person_id", "group", "index_date"]])
    status = status.loc[status["group"] == "program"]
    after = status["month"] > status["index_date"]
    sheltered = status["housing"] // 100 >= 2
    odds = sheltered.groupby(after).mean().pipe(lambda p: p / (1 - p))
    observed = odds[True] / odds[False]
    assert observed == pytest.approx(truth["within_subject_odds_ratios"]["sheltered"], rel=0.12)


def test_it_is_reproducible_from_the_seed() -> None:
    first = simulate(SimulationConfig(people=300, seed=9))[0]["events"]
    second = simulate(SimulationConfig(people=300, seed=9))[0]["events"]
    pd.testing.assert_frame_equal(first, second)


def test_it_writes_files_the_loader_accepts_with_the_truth_beside_them(tmp_path: Path) -> None:
    paths = write_simulation(SimulationConfig(people=400, seed=2, mode="logistic"), tmp_path)
    truth = json.loads(paths["truth"].read_text())
    assert truth["odds_ratio_any_arrest_6m"] == pytest.approx(0.4)
    assert truth["hazard_ratio_first_rearrest"] is None  # not exact in this mode
    assert paths["events"].suffix == ".csv"
    data, _ = load_inputs(paths["people"], paths["events"], paths["status_months"], paths["costs"])
    assert len(data.people) == 400
    assert np.isin(["age", "prior_arrests"], data.covariates).all()


def test_it_writes_parquet_when_asked(tmp_path: Path) -> None:
    paths = write_simulation(SimulationConfig(people=200, seed=2), tmp_path, "parquet")
    assert paths["events"].suffix == ".parquet"
    data, _ = load_inputs(paths["people"], paths["events"])
    assert str(data.events["date"].dtype) == "datetime64[ns]"
