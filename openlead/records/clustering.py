"""The justice import's dedupe: cluster one source's records of the same person into one
JusticePerson (`openlead import justice`, unless --no-cluster; the demo).

Every record of the source takes part, so a new batch's records join the justice persons
that earlier batches made: `dedupe()` (Splink's connected components at the auto-accept
threshold) clusters the whole source, and each cluster keeps the justice person its
earlier records already had (records.actions.clusters). Identity is decrypted into an
in-memory frame here only, as in records.linkage_runs. Only the command line and the demo
import this module: it pulls in Splink.
"""

from __future__ import annotations

from collections.abc import Callable

from openlead.access.acting import Actor
from openlead.linkage import Thresholds, dedupe
from openlead.records.actions.clusters import ClusterCounts, do_assign_justice_persons
from openlead.records.identity import records_frame
from openlead.records.models import JusticeRecord

# Below this, dedupe has nothing to train on: each record is its own justice person.
MIN_RECORDS = 3
Progress = Callable[[str, float], None]


def cluster_source(
    source: str,
    *,
    acting: Actor,
    auto_accept: float = 0.95,
    progress: Progress | None = None,
) -> ClusterCounts:
    records = list(
        JusticeRecord.objects.filter(source=source).only(
            "pk", "public_id", "source", "external_id", "identity", "justice_person_id"
        )
    )
    if len(records) < MIN_RECORDS:
        groups = [[r.public_id] for r in records]
    else:
        result = dedupe(
            records_frame(records),
            thresholds=Thresholds(auto_accept=auto_accept, review=min(0.5, auto_accept)),
            progress=progress,
            # A justice person is never split once made, so only auto-accepted pairs join
            # records here, not dedupe's lower CLUSTER_AT.
            cluster_at=auto_accept,
        )
        found: dict[str, list[str]] = {}
        for record_id, cluster in zip(
            result.clusters["record_id"].astype(str),
            result.clusters["cluster_id"].astype(str),
            strict=True,
        ):
            found.setdefault(cluster, []).append(record_id)
        groups = list(found.values())
    return do_assign_justice_persons(source, records, groups, acting=acting)
