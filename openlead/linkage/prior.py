"""Re-estimate the prior (the share of all pairs that match) from the scored pairs.

Training starts the prior from a deterministic rule (same first name, surname and date
of birth) assumed to find 70% of true pairs. On records that are rarely exact (heavy
corruption, aliases, missing dates) it finds far fewer, the prior comes out many times
too low, and true pairs fall below the thresholds. With m and u fixed, the prior that
explains the scored pairs is the fixed point of lambda = sum_i P(match_i | lambda) / N
(expectation maximisation of the mixing share alone); the pairs the rules never
blocked count as non-matches. Changing the prior shifts every match weight by the same
amount, so the scored pairs are re-banded without scoring again.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["logit2", "refit_prior", "shifted_probability"]


def logit2(p: float) -> float:
    return math.log2(p / (1 - p))


def refit_prior(weights: pd.DataFrame, n_pairs: int, prior: float, *, steps: int = 200) -> float:
    """The self-consistent prior, given scored pairs' weights (columns w, n) at `prior`."""
    if n_pairs <= 0 or weights.empty:
        return prior
    w = weights["w"].to_numpy(dtype=float) - logit2(prior)  # the Bayes factors, log2
    n = weights["n"].to_numpy(dtype=float)
    lam = prior
    for _ in range(steps):
        odds = np.exp2(np.clip(w + logit2(lam), -60, 60))
        new = float((n * odds / (1 + odds)).sum()) / n_pairs
        new = min(max(new, 1e-300), 0.5)
        if abs(new - lam) <= 1e-6 * lam:
            return new
        lam = new
    return lam


def shifted_probability(weight: pd.Series) -> pd.Series:
    return pd.Series(1 / (1 + np.exp2(-weight.to_numpy(dtype=float))), index=weight.index)
