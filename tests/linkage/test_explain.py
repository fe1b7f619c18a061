"""Each pair's explanation adds up to its score: prior + one weight per field level (+ the
name-frequency adjustment), on a real trained model."""

from __future__ import annotations

import pytest

from openlead.linkage import LinkResult, make_linkage_data
from openlead.linkage.core import link
from openlead.linkage.explain import level_weights, pair_weights


@pytest.fixture(scope="module")
def result() -> LinkResult:
    data = make_linkage_data(500, 10_000, match_share=0.05, seed=5)
    return link(data.people, data.records)


def test_it_weighs_exact_above_different_for_every_field(result: LinkResult) -> None:
    for name, table in level_weights(result.model).items():
        top = max(table)
        assert table[top] > table[0], name
        assert table[-1] == 0.0, name  # a missing value is no evidence


def test_it_adds_up_to_the_pairs_score(result: LinkResult) -> None:
    explained = pair_weights(result.pairs, result.model)
    assert len(explained) == len(result.pairs) > 100
    for row, exp in zip(result.pairs.itertuples(), explained, strict=True):
        parts = exp["prior"] + sum(f["weight"] for f in exp["fields"].values()) + exp["frequency"]
        assert parts == pytest.approx(row.match_weight, abs=0.05)


def test_it_has_no_frequency_part_when_no_name_is_exact(result: LinkResult) -> None:
    explained = pair_weights(result.pairs, result.model)
    checked = 0
    for exp in explained:
        levels = {k: v["level"] for k, v in exp["fields"].items()}
        if levels["first_name"] != "exact" and levels["last_name"] != "exact":
            assert abs(exp["frequency"]) < 0.05, exp
            checked += 1
    assert checked > 5


def test_it_labels_each_field_with_its_level(result: LinkResult) -> None:
    exp = pair_weights(result.pairs.head(1), result.model)[0]
    assert set(exp["fields"]) == {"first_name", "last_name", "dob", "sex"}
    assert exp["fields"]["dob"]["level"] == result.pairs.iloc[0]["level_dob"]
