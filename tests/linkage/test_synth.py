"""The synthetic generator: seeded, with the documented corruption rates and realistic
name frequencies, and fast enough for a million records."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from openlead.linkage.synth import Corruption, make_linkage_data


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, pd.DataFrame]:
    d = make_linkage_data(5_000, 200_000, match_share=0.5, seed=11)
    true = d.truth.merge(d.people, on="person_id").merge(
        d.records, on="record_id", suffixes=("", "_rec")
    )
    return d.people, true


def test_it_is_reproducible_with_a_seed() -> None:
    a = make_linkage_data(200, 2_000, seed=3)
    b = make_linkage_data(200, 2_000, seed=3)
    c = make_linkage_data(200, 2_000, seed=4)
    pd.testing.assert_frame_equal(a.records, b.records)
    assert not a.records.equals(c.records)


def test_it_knows_its_true_pairs() -> None:
    d = make_linkage_data(300, 10_000, match_share=0.05, seed=1)
    assert len(d.truth) == 500
    assert d.truth["record_id"].is_unique
    assert set(d.truth["person_id"]) <= set(d.people["person_id"])
    assert len(d.records) == 10_000 and d.records["record_id"].is_unique


def test_it_draws_common_names_often(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    people, _ = data
    share = people["last_name"].value_counts(normalize=True)
    # Smith is about 2% of US surnames; the rarest names appear once or not at all.
    assert share.index[0] == "Smith" and 0.012 < share.iloc[0] < 0.03
    assert (people["last_name"].str.contains("-")).mean() == pytest.approx(0.04, abs=0.01)


def _rate(mask: pd.Series) -> float:
    return float(mask.mean())


def test_it_applies_the_documented_error_rates(data: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    _, t = data
    c = Corruption()
    swapped = t["first_name_rec"].str.lower() == t["last_name"].str.lower()
    assert _rate(swapped) == pytest.approx(c.swap, abs=0.006)
    year_off = (t["dob_rec"].str.slice(5) == t["dob"].str.slice(5)) & (
        (t["dob_rec"].str.slice(0, 4).astype(float) - t["dob"].str.slice(0, 4).astype(float)).abs()
        == 1
    )
    assert _rate(year_off.fillna(False)) == pytest.approx(c.dob_year_off, abs=0.006)
    placeholder = t["dob_rec"].str.slice(5) == "01-01"
    assert _rate(placeholder.fillna(False)) == pytest.approx(c.dob_placeholder, abs=0.006)
    assert _rate(t["dob_rec"].isna()) == pytest.approx(c.missing_dob, abs=0.005)
    assert _rate(t["sex_rec"].isna()) == pytest.approx(c.missing_sex, abs=0.006)
    upper = t["last_name_rec"].str.isupper().fillna(False)
    assert _rate(upper) == pytest.approx(c.upper_case, abs=0.01)


def test_it_can_switch_corruption_off() -> None:
    d = make_linkage_data(100, 1_000, match_share=1.0, corruption=Corruption.none(), seed=2)
    t = d.truth.merge(d.people, on="person_id").merge(d.records, on="record_id")
    for col in ("first_name", "last_name", "dob", "sex"):
        assert (t[f"{col}_x"] == t[f"{col}_y"]).all(), col


@pytest.mark.slow
def test_it_makes_a_million_records_quickly() -> None:
    # CPU time of this process: wall time on a shared CI box measures the neighbours.
    start = time.process_time()
    d = make_linkage_data(10_000, 1_000_000, seed=5)
    elapsed = time.process_time() - start
    assert len(d.records) == 1_000_000 and len(d.truth) == 30_000
    assert np.isclose(d.records["dob"].isna().mean(), 0.02, atol=0.002)
    # About 7 s on an idle 2-core machine.
    assert elapsed < 30, elapsed
