"""Why a pair scored as it did: the match weight of each field's level, from the model.

A pair's match weight is the prior's weight plus one weight per comparison,
log2(m / u) of the level the pair fell in (Fellegi-Sunter). A reviewer who sees these
sees exactly what the score is made of: "date of birth exact +9.1, surname typo +3.2,
sex different -2.0". The null level carries no weight (0).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from openlead.linkage import model

__all__ = ["FieldWeight", "level_weights", "pair_weights", "prior_weight"]

FieldWeight = dict[str, Any]  # {"level": label, "weight": float}


def prior_weight(trained: dict[str, Any]) -> float:
    """log2 of the prior odds that two random records are the same person."""
    p = float(trained["probability_two_random_records_match"])
    return math.log2(p / (1 - p))


def level_weights(trained: dict[str, Any]) -> dict[str, dict[int, float]]:
    """comparison -> gamma -> log2(m/u), numbered as Splink numbers them (null = -1)."""
    out: dict[str, dict[int, float]] = {}
    for comparison in trained["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        table = {-1: 0.0}
        for i, level in enumerate(levels):
            gamma = len(levels) - 1 - i
            m, u = level.get("m_probability"), level.get("u_probability")
            table[gamma] = math.log2(m / u) if m and u else 0.0
        out[comparison["output_column_name"]] = table
    return out


def pair_weights(pairs: pd.DataFrame, trained: dict[str, Any]) -> list[dict[str, Any]]:
    """One explanation per row of a pairs frame (its gamma_ and match_weight columns).

    {"prior": w, "fields": {comparison: {level, weight}}, "frequency": w, "total": w}.
    "frequency" is what term-frequency adjustment added (a rare exact surname weighs more
    than Smith): the pair's weight less the prior and the field levels' weights.
    """
    weights = level_weights(trained)
    prior = round(prior_weight(trained), 2)
    names = [c["output_column_name"] for c in trained["comparisons"]]
    labels = model.level_labels(tuple(names[4:]))
    gammas = {n: pairs[f"gamma_{n}"].astype(int).tolist() for n in names if f"gamma_{n}" in pairs}
    totals = pairs["match_weight"].astype(float).tolist()
    out: list[dict[str, Any]] = []
    for i, total in enumerate(totals):
        fields: dict[str, FieldWeight] = {}
        for name, column in gammas.items():
            gamma = column[i]
            fields[name] = {
                "level": labels[name].get(gamma, str(gamma)),
                "weight": round(weights[name].get(gamma, 0.0), 2),
            }
        used = prior + sum(f["weight"] for f in fields.values())
        out.append(
            {
                "prior": prior,
                "fields": fields,
                "frequency": round(total - used, 2),
                "total": round(total, 2),
            }
        )
    return out
