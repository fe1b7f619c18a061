"""Has this batch drifted from the stored model's training run? (docs/records.md, "Models
that last".)

Two checks, each against what the training run saw (LinkageModel.match_rate and
.weight_histogram):

- the match rate (share of records with a proposal, automatic or for review) moved by more
  than MATCH_RATE_BOUND (absolute, 0.10 = ten percentage points);
- the distribution of match weights over every scored pair moved by a population
  stability index above PSI_BOUND (0.25, the usual "significant shift" line), checked only
  when both runs scored at least MIN_PAIRS pairs (fewer make the index noise).

Numbers only, never values: the warnings go to the run summary and the LinkageRun row.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

MATCH_RATE_BOUND = 0.10
PSI_BOUND = 0.25
MIN_PAIRS = 100
_EMPTY = 1e-4  # a bin one histogram lacks counts as this share, so the log stays finite

Histogram = Iterable[tuple[float, int]]  # (floor of match weight, scored pairs)


@dataclass(frozen=True)
class Baseline:
    match_rate: float
    histogram: list[tuple[float, int]]


def match_rate(records_with_proposal: int, records: int) -> float:
    return records_with_proposal / records if records else 0.0


def psi(expected: Histogram, actual: Histogram) -> float:
    """Population stability index: sum over bins of (a - e) * ln(a / e), on shares."""
    e, a = _shares(expected), _shares(actual)
    total = 0.0
    for key in set(e) | set(a):
        pe, pa = e.get(key, _EMPTY), a.get(key, _EMPTY)
        total += (pa - pe) * math.log(pa / pe)
    return total


def _shares(histogram: Histogram) -> dict[float, float]:
    counts: dict[float, int] = {}
    for bin_, n in histogram:
        counts[float(bin_)] = counts.get(float(bin_), 0) + int(n)
    whole = sum(counts.values())
    return {k: v / whole for k, v in counts.items() if v} if whole else {}


def drift_warnings(
    source: str, baseline: Baseline, rate: float, histogram: list[tuple[float, int]]
) -> list[str]:
    """The warnings for one source's batch, empty when it stays within the bounds."""
    out = []
    if abs(rate - baseline.match_rate) > MATCH_RATE_BOUND:
        out.append(
            f"{source}: the match rate is {rate:.0%}, against {baseline.match_rate:.0%} when "
            f"the model was trained (bound: {MATCH_RATE_BOUND:.0%} either way); "
            "check the extract, or retrain"
        )
    scored = sum(n for _, n in histogram)
    trained = sum(n for _, n in baseline.histogram)
    if min(scored, trained) >= MIN_PAIRS:
        index = psi(baseline.histogram, histogram)
        if index > PSI_BOUND:
            out.append(
                f"{source}: the score distribution moved (stability index {index:.2f}, "
                f"bound {PSI_BOUND}) from the model's training run; check the extract, "
                "or retrain"
            )
    return out
