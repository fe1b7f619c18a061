"""dedupe(): link one table to itself and cluster its records of the same person.

The same model, blocking rules and bands as `link`; pairs at or above `CLUSTER_AT` (below
`auto_accept`) are joined into clusters by Splink's connected components, and the review
band lists the pairs a person should look at before any merge. A program's own people and
a justice extract's several records of one person are the two uses (issue 17).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from openlead.linkage import model
from openlead.linkage.core import (
    Progress,
    Thresholds,
    align_fields,
    collect_refitted,
    estimate_ceiling,
    rule_pairs_of,
    shared_fields,
    tidy_histogram,
    tidy_pairs,
    train,
)
from openlead.linkage.engine import Backend, make_backend
from openlead.linkage.prepare import BadValue, Columns, prepare
from openlead.linkage.prior import logit2

__all__ = ["CLUSTER_AT", "DedupeResult", "dedupe"]

# Clusters are the connected components of the pairs at or above this match probability.
# Chosen on the generator's seeds 4-8 (make_linkage_data(800, 3_000, match_share=0.5),
# the test's shape; its seed 3 played no part in the choice) among 0.5, 0.6, ..., 0.9
# and 0.95: the highest at which pairwise recall over the clusters reached 0.98 on every
# seed, since a higher one merges fewer records no person has looked at. At 0.7 recall
# was 0.984-0.988 and precision 0.995-1.0; at 0.8 recall fell to 0.974 (seed 5) and
# 0.977 (seed 8); at 0.95 (auto_accept) it was 0.961-0.970 (docs/linkage.md).
CLUSTER_AT = 0.7


@dataclass
class DedupeResult:
    """Scored pairs at or above review, and each record's cluster (at CLUSTER_AT)."""

    pairs: pd.DataFrame  # left_id, right_id, match_probability, match_weight, band, levels
    clusters: pd.DataFrame  # record_id, cluster_id, cluster_size
    thresholds: Thresholds
    weight_histogram: pd.DataFrame
    bad_values: list[BadValue] = field(default_factory=list)
    comparisons: tuple[str, ...] = ()
    rule_pairs: dict[str, int] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    blocking_ceiling: float = float("nan")  # share of duplicates the rules find (model)

    def band_counts(self) -> dict[str, int]:
        counts = self.pairs["band"].value_counts()
        return {b: int(counts.get(b, 0)) for b in ("auto_accept", "review")}

    @property
    def n_scored(self) -> int:
        return int(self.weight_histogram["n"].sum())

    @property
    def n_people(self) -> int:
        """Distinct people the records stand for, at the cluster threshold."""
        return int(self.clusters["cluster_id"].nunique())


def dedupe(
    records: pd.DataFrame,
    *,
    id_column: str | None = None,
    columns: Columns | None = None,
    engine: str | Backend = "duckdb",
    thresholds: Thresholds | None = None,
    seed: int = 42,
    progress: Progress | None = None,
    cluster_at: float = CLUSTER_AT,
) -> DedupeResult:
    """Find the records of one table that stand for the same person, and cluster them.

    Clusters join the pairs with p >= `cluster_at` (at most `thresholds.auto_accept`)."""
    thresholds = thresholds or Thresholds()
    report = progress or (lambda _step, _fraction: None)
    report("preparing", 0.0)
    std, bad = prepare(records, id_column or str(records.columns[0]), columns or Columns())
    if std["unique_id"].duplicated().any():
        first = std["unique_id"][std["unique_id"].duplicated()].iloc[0]
        raise ValueError(f"the identifier column repeats {first!r}: ids must be unique")
    optional = shared_fields(std, std)
    std = align_fields(std, optional)
    backend = make_backend(engine)
    try:
        pairs, histogram, clusters, trained = _run(
            backend, std, optional, thresholds, seed, report, cluster_at
        )
    finally:
        backend.close()
    report("done", 1.0)
    comparisons = ("first_name", "last_name", "dob", "sex", *optional)
    return DedupeResult(
        blocking_ceiling=estimate_ceiling(trained, std, std, comparisons),
        pairs=pairs,
        clusters=clusters,
        thresholds=thresholds,
        weight_histogram=tidy_histogram(histogram),
        bad_values=bad,
        comparisons=comparisons,
        rule_pairs=rule_pairs_of(histogram, optional),
        model=trained,
    )


def _run(
    backend: Backend,
    std: pd.DataFrame,
    optional: tuple[str, ...],
    thresholds: Thresholds,
    seed: int,
    report: Progress,
    cluster_at: float,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    report("registering", 0.05)
    table = backend.register(std, "records")
    linker = Linker([table], model.settings(optional, link_type="dedupe_only"), log_level=None)
    n_pairs = len(std) * (len(std) - 1) // 2
    train(
        linker,
        seed=seed,
        report=report,
        n_pairs=n_pairs,
        chunks=backend.u_chunks,
        rules=model.em_rules(link_type="dedupe_only", optional=optional),
    )
    report("scoring", 0.7)
    predictions = linker.inference.predict(warning_mode="never")
    kept, histogram, saved = collect_refitted(backend, linker, predictions, n_pairs, thresholds)
    report("clustering", 0.85)
    # Clustering reads Splink's probabilities, made under the first prior: the same
    # threshold in those terms. Never above auto_accept, so that every auto-accepted
    # pair is inside one cluster.
    shift = logit2(saved["probability_two_random_records_match"]) - logit2(
        linker._settings_obj._probability_two_random_records_match
    )
    join = min(cluster_at, thresholds.auto_accept)
    at = 1 / (1 + 2 ** (shift - logit2(join))) if join < 1 else 1.0
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=at
    ).as_pandas_dataframe()
    pairs = tidy_pairs(kept, optional, thresholds)
    return pairs, histogram, _clusters(clustered), saved


def _clusters(raw: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "record_id": raw["unique_id"].astype("string"),
            "cluster_id": raw["cluster_id"].astype("string"),
        }
    )
    out["cluster_size"] = out.groupby("cluster_id")["record_id"].transform("size").astype(int)
    return out.sort_values(["cluster_id", "record_id"]).reset_index(drop=True)
