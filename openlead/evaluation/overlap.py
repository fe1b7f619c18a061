"""Overlap of the propensity scores, effective sample sizes and pre-declared trimming.

Weights are only as good as the overlap behind them: a few comparison people with scores
near 1 can carry most of the weight. The report shows, for every weighting:

- the score distributions of the program and comparison groups (a plot and quantiles);
- Kish's effective sample size, (sum w)^2 / sum w^2, per group;
- the share of the group's total weight held by its top 1% of people.

Pre-declared trimming rules (fixed here, before any outcome is seen; both are reported
beside the untrimmed estimates, never instead of them):

- ATE: keep people whose score lies in [0.1, 0.9] (Crump, Hotz, Imbens & Mitnik 2009,
  Biometrika 96:187-199, their rule-of-thumb interval), which changes the estimand to
  the average effect in the region of overlap; labelled "ATE-trimmed".
- ATT: participants keep weight 1; comparison weights are truncated at their 99th
  percentile (Lee, Lessler & Stuart 2011, PLoS ONE 6:e18174; Cole & Hernan 2008),
  which keeps the estimand and bounds any one person's influence; "ATT-truncated".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from openlead.evaluation.plots import figure_to_svg, new_figure
from openlead.evaluation.types import SMALL_CELL

__all__ = [
    "CRUMP",
    "TRUNCATE_AT",
    "kish_ess",
    "overlap_figure",
    "overlap_table",
    "overlap_warnings",
    "top_share",
    "trimmed_weights",
]

CRUMP = (0.1, 0.9)
TRUNCATE_AT = 0.99  # quantile of the comparison group's ATT weights
TOP = 0.01


def kish_ess(w: np.ndarray) -> float:
    """Kish's effective sample size of a set of weights."""
    w = np.asarray(w, dtype=float)
    total = float(w.sum())
    squares = float(np.square(w).sum())
    return total * total / squares if squares > 0 else 0.0


def top_share(w: np.ndarray, share: float = TOP) -> float:
    """The share of the total weight held by the heaviest `share` of people (at least one)."""
    w = np.sort(np.asarray(w, dtype=float))[::-1]
    if len(w) == 0 or w.sum() <= 0:
        return float("nan")
    k = max(1, int(np.ceil(share * len(w))))
    return float(w[:k].sum() / w.sum())


def trimmed_weights(
    score: pd.Series, treated: pd.Series, ate: pd.Series, att: pd.Series
) -> tuple[pd.Series, pd.Series, str]:
    """ATE weights with Crump trimming (0 outside), truncated ATT weights, and the words."""
    inside = score.between(*CRUMP)
    ate_trimmed = ate.where(inside, 0.0).rename("weight_ate_trimmed")
    comparison = treated == 0
    cap = float(att[comparison].quantile(TRUNCATE_AT)) if comparison.any() else np.inf
    att_truncated = att.where(~comparison, att.clip(upper=cap)).rename("weight_att_truncated")
    n_out = int((~inside).sum())
    n_capped = int((comparison & (att > cap)).sum())
    text = (
        f"Trimming rules, declared before fitting: ATE-trimmed keeps people with scores in "
        f"[{CRUMP[0]}, {CRUMP[1]}] (Crump et al. 2009; {n_out} of {len(score)} people left "
        f"out); ATT-truncated caps comparison weights at their {TRUNCATE_AT:.0%} quantile "
        f"({cap:.3g}; {n_capped} people capped; Lee, Lessler & Stuart 2011)."
    )
    return ate_trimmed, att_truncated, text


def overlap_table(
    score: pd.Series, treated: pd.Series, weights: dict[str, pd.Series]
) -> pd.DataFrame:
    """Per weighting and group: n, effective n, top-1% weight share and score quantiles."""
    rows = []
    all_weights = {"unweighted": pd.Series(1.0, index=score.index), **weights}
    for label, w in all_weights.items():
        for group, is_group in (("program", treated == 1), ("comparison", treated == 0)):
            part = w[is_group].to_numpy(dtype=float)
            used = part[part > 0]
            s = score[is_group].to_numpy(dtype=float)[part > 0]  # the people weighted
            rows.append(
                {
                    "weighting": label,
                    "group": group,
                    "n": int(len(used)),
                    "effective_n": round(kish_ess(used), 1),
                    "top_1pct_weight_share": top_share(used),
                    "score_min": float(s.min()) if len(s) else float("nan"),
                    "score_median": float(np.median(s)) if len(s) else float("nan"),
                    "score_max": float(s.max()) if len(s) else float("nan"),
                }
            )
    return pd.DataFrame(rows)


def overlap_warnings(table: pd.DataFrame) -> list[str]:
    """Plain warnings when the weights rest on few people."""
    notes = []
    for row in table.to_dict("records"):
        n, ess, top = int(row["n"]), float(row["effective_n"]), float(row["top_1pct_weight_share"])
        if row["weighting"] == "unweighted" or n == 0:
            continue
        if ess < 0.1 * n or top > 0.2:
            notes.append(
                f"{row['weighting']} weights, {row['group']} group: effective sample size "
                f"{ess:.0f} of {n}, top 1% of people hold {top:.0%} of the weight (poor "
                "overlap: compare the trimmed estimates, or narrow the comparison pool to "
                "people like the participants)"
            )
    return notes


def overlap_figure(score: pd.Series, treated: pd.Series) -> str:
    """Histograms of the propensity score, program above the axis and comparison below."""
    fig = new_figure(6.4, 3.4)
    ax = fig.add_subplot()
    bins = np.linspace(0.0, 1.0, 21)  # wide bins: fewer fall under the small-cell rule
    for group, is_group, sign in (("program", treated == 1, 1), ("comparison", treated == 0, -1)):
        counts, edges = np.histogram(score[is_group], bins=bins)
        share = counts / max(1, counts.sum())
        share[counts < SMALL_CELL] = 0.0  # a bar of a few people would reveal a small count
        ax.bar(edges[:-1], sign * share, width=np.diff(edges), align="edge", label=group)
    ax.axhline(0, color="black", linewidth=0.8)
    for bound in CRUMP:
        ax.axvline(bound, color="grey", linestyle="--", linewidth=1)
    ax.set_xlabel(
        f"propensity score (dashed: trimming bounds; bins under {SMALL_CELL} people not drawn)"
    )
    ax.set_ylabel("share of the group (comparison below)")
    ax.set_title("Overlap of propensity scores")
    ax.legend(loc="upper center", fontsize="small")
    return figure_to_svg(fig)
