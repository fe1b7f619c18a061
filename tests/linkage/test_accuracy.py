"""Linkage quality against the generator's known truth (2,000 people, 50,000 records)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from openlead.linkage import LinkResult, Thresholds, link, make_linkage_data
from openlead.linkage.synth import SyntheticData


@pytest.fixture(scope="module")
def run() -> tuple[SyntheticData, LinkResult]:
    data = make_linkage_data(2_000, 50_000, match_share=0.03, seed=2026)
    return data, link(data.people, data.records, left_id="person_id", right_id="record_id", seed=7)


def _is_true(result: LinkResult, data: SyntheticData) -> pd.Series:
    truth = set(zip(data.truth["person_id"], data.truth["record_id"], strict=True))
    keys = zip(result.pairs["left_id"], result.pairs["right_id"], strict=True)
    return pd.Series([k in truth for k in keys], index=result.pairs.index)


@pytest.mark.slow
def test_it_is_precise_when_it_auto_accepts(run: tuple[SyntheticData, LinkResult]) -> None:
    data, result = run
    auto = result.pairs["band"] == "auto_accept"
    precision = _is_true(result, data)[auto].mean()
    # Measured 0.9986 (2 of 1,443) on this seed; the issue asks for >= 0.99.
    assert precision >= 0.99, precision


@pytest.mark.slow
def test_it_finds_nearly_all_true_pairs_in_accept_or_review(
    run: tuple[SyntheticData, LinkResult],
) -> None:
    data, result = run
    recall = _is_true(result, data).sum() / len(data.truth)
    # Measured 0.976 on this seed; the misses stack two or three errors in one record.
    assert recall >= 0.95, recall


@pytest.mark.slow
def test_it_bands_pairs_by_the_thresholds(run: tuple[SyntheticData, LinkResult]) -> None:
    _, result = run
    p, band = result.pairs["match_probability"], result.pairs["band"]
    assert (p[band == "auto_accept"] >= 0.95).all()
    assert ((p[band == "review"] >= 0.5) & (p[band == "review"] < 0.95)).all()
    assert result.n_scored > len(result.pairs)
    assert set(result.band_counts()) == {"auto_accept", "review"}


@pytest.mark.slow
def test_it_gives_common_names_less_weight_than_rare_ones(
    run: tuple[SyntheticData, LinkResult],
) -> None:
    _, result = run
    exact = result.pairs[
        (result.pairs["level_first_name"] == "exact")
        & (result.pairs["level_last_name"] == "exact")
        & (result.pairs["level_dob"] == "exact")
        & (result.pairs["level_sex"] == "exact")
    ]
    # Same agreement pattern, different weights: only term frequencies can do that.
    assert exact["match_weight"].nunique() > 100
    assert exact["match_weight"].max() - exact["match_weight"].min() > 4


@pytest.mark.slow
def test_it_treats_a_01_01_birthday_as_weak_evidence(run: tuple[SyntheticData, LinkResult]) -> None:
    _, result = run
    dob = next(c for c in result.model["comparisons"] if c["output_column_name"] == "dob")
    weights = {
        lv["label_for_charts"]: np.log2(lv["m_probability"] / lv["u_probability"])
        for lv in dob["comparison_levels"]
        if "m_probability" in lv and "u_probability" in lv
    }
    assert weights["placeholder"] < weights["exact"] - 3
    assert weights["exact"] > weights["year_off_by_one"] > weights["All other comparisons"]


def test_it_rejects_inconsistent_thresholds() -> None:
    with pytest.raises(ValueError, match="review"):
        Thresholds(auto_accept=0.5, review=0.9)
    bands = Thresholds(auto_accept=0.9, review=0.4).band(pd.Series([0.95, 0.9, 0.5, 0.39]))
    assert bands.tolist() == ["auto_accept", "auto_accept", "review", "reject"]


def test_it_copes_with_inputs_too_small_to_train_on() -> None:
    # Three people, five records, no exact agreements: EM blocks are empty and the
    # prior cannot be estimated; defaults stand in rather than the run stopping.
    data = make_linkage_data(3, 5, match_share=0.0, seed=7)
    result = link(data.people, data.records)
    assert list(result.pairs.columns[:5]) == [
        "left_id",
        "right_id",
        "match_probability",
        "match_weight",
        "band",
    ]
    assert set(result.pairs["band"]) <= {"auto_accept", "review"}
    assert 0 < result.model["probability_two_random_records_match"] < 1
