"""The same model runs on Spark (local mode) and scores pairs exactly as DuckDB does."""

from __future__ import annotations

import shutil

import pytest

from openlead.linkage import link, make_linkage_data

pytest.importorskip("pyspark")
pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")


@pytest.mark.slow
def test_it_scores_the_same_pairs_on_spark_as_on_duckdb() -> None:
    data = make_linkage_data(80, 800, match_share=0.15, seed=21)
    duck = link(data.people, data.records, engine="duckdb", seed=1)
    # Train once, score on both engines: the saved m, u and prior travel with the model.
    spark = link(data.people, data.records, engine="spark", model=duck.model)
    assert spark.engine == "spark"
    merged = duck.pairs.merge(spark.pairs, on=["left_id", "right_id"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all(), merged["_merge"].value_counts()
    assert len(merged) > 80
    diff = (merged["match_probability_x"] - merged["match_probability_y"]).abs().max()
    assert diff < 1e-9, diff
    for column in ("level_first_name", "level_last_name", "level_dob", "level_sex", "band"):
        assert (merged[f"{column}_x"] == merged[f"{column}_y"]).all(), column
    assert duck.n_scored == spark.n_scored
