"""Small shared pieces of the equity lens: concentration measures and estimate builders."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from openlead.evaluation.types import SMALL_CELL, Estimate, Measure

DESIGN = "equity-lens"


def gini(counts: np.ndarray) -> float:
    """Gini coefficient of non-negative counts: 0 equal shares, towards 1 all in one."""
    x = np.sort(np.asarray(counts, dtype=float))
    n, total = len(x), x.sum()
    if n == 0 or total == 0:
        return float("nan")
    ranks = np.arange(1, n + 1)
    return float(2 * (ranks * x).sum() / (n * total) - (n + 1) / n)


def top_share(counts: np.ndarray, fraction: float = 0.1) -> float:
    """Share of all referrals made by the top `fraction` of officers (at least one)."""
    x = np.sort(np.asarray(counts, dtype=float))[::-1]
    if x.sum() == 0:
        return float("nan")
    k = max(1, math.ceil(fraction * len(x)))
    return float(x[:k].sum() / x.sum())


def is_small(count: float) -> bool:
    return 0 < count < SMALL_CELL


def estimate(
    outcome: str,
    window: str,
    measure: Measure,
    values: tuple[float, float | None, float | None, float | None],
    n: tuple[int, int],
    method: str,
) -> Estimate:
    point, low, high, p = values
    return Estimate(
        design=DESIGN,
        outcome=outcome,
        window=window,
        estimand="unweighted",
        measure=measure,
        estimate=float(point),
        ci_low=None if low is None else float(low),
        ci_high=None if high is None else float(high),
        p_value=None if p is None else float(p),
        n_program=int(n[0]),
        n_comparison=int(n[1]),
        method=method,
    )


def program(people: pd.DataFrame) -> pd.DataFrame:
    return people.loc[people["group"] == "program"]


def age_band(age: pd.Series) -> pd.Series:
    """Age bands at the index date; unknown ages get their own band."""
    bands = pd.cut(
        age,
        [0, 18, 25, 35, 45, 55, 200],
        right=False,
        labels=["<18", "18-24", "25-34", "35-44", "45-54", "55+"],
    )
    return bands.astype("string").fillna("(missing)")
