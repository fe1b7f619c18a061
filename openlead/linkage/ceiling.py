"""The blocking recall ceiling: the share of true pairs that any blocking rule finds.

Only blocked pairs are scored, so no threshold can find a true pair the rules miss.
Two estimates:

- `model_ceiling`, from the trained model: draws comparison levels of true pairs from
  the m probabilities (each field independently, as Fellegi-Sunter assumes), with each
  field missing as often as the two inputs leave it missing, and counts how many of
  those pairs some rule would find. A rule whose condition is not a level (a phonetic
  code, an initial) counts only where a level implies it, so the estimate is a little
  low for those; errors that come together in one record (the independence the model
  assumes does not hold) make it high.
- `labelled_ceiling`, from a labelled sample: evaluates every rule's SQL on the known
  true pairs (tests, benchmarks, a reviewed sample).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["labelled_ceiling", "missing_shares", "model_ceiling"]

Levels = dict[str, np.ndarray]
_FIRST_INITIAL = ("exact", "typo", "similar")
_LAST_INITIAL = ("exact", "typo", "two_edits", "similar", "part")
_SAME_YEAR = ("exact", "day_month_swapped", "same_year_month")
_NEAR = ("exact", "typo")  # surname levels within the rules' two Levenshtein edits


def _is(levels: Levels, field: str, *labels: str) -> np.ndarray:
    values = levels.get(field)
    if values is None:
        return np.zeros(len(next(iter(levels.values()))), dtype=bool)
    return np.isin(values, labels)


def _base_rules() -> dict[str, Callable[[Levels], np.ndarray]]:
    def first_canon(lv: Levels) -> np.ndarray:
        return _is(lv, "first_name", "exact", "nickname")

    return {
        "dob+an_initial": lambda lv: (
            _is(lv, "dob", "exact")
            & (_is(lv, "first_name", *_FIRST_INITIAL) | _is(lv, "last_name", *_LAST_INITIAL))
        ),
        "first_canon+last": lambda lv: first_canon(lv) & _is(lv, "last_name", "exact"),
        "swapped": lambda lv: _is(lv, "first_name", "swapped") & _is(lv, "last_name", "swapped"),
        "last_soundex+year+initial": lambda lv: (
            _is(lv, "last_name", "exact", "typo")
            & _is(lv, "dob", *_SAME_YEAR)
            & _is(lv, "first_name", *_FIRST_INITIAL)
        ),
        "first_canon+month+day": lambda lv: (
            first_canon(lv) & _is(lv, "dob", "exact", "year_off_by_one")
        ),
        "phonetic first+last": lambda lv: (
            _is(lv, "first_name", "exact") & _is(lv, "last_name", "exact")
        ),
        "last+year+month": lambda lv: _is(lv, "last_name", "exact") & _is(lv, "dob", *_SAME_YEAR),
        "last+day+month_or_year": lambda lv: (
            _is(lv, "last_name", "exact") & _is(lv, "dob", "exact", "year_off_by_one")
        ),
        # "exact" dob leaves out 01-01 (the "placeholder" level), as the rule does; a
        # surname "two_edits" apart need not be two Levenshtein edits apart.
        "dob+sex": lambda lv: (
            _is(lv, "dob", "exact") & _is(lv, "sex", "exact") & _is(lv, "last_name", *_NEAR)
        ),
        "first_canon+year+month_or_day": lambda lv: (
            first_canon(lv)
            & _is(lv, "dob", "exact", "same_year_month")
            & _is(lv, "last_name", *_NEAR)
        ),
    }


def _rule_test(name: str) -> Callable[[Levels], np.ndarray]:
    base = _base_rules()
    if name in base:
        return base[name]
    field = name.removeprefix("same ")
    agree = {"address": ("exact",), "phone": ("last_7_digits",), "alias": ("alias_exact",)}
    target = "aliases" if field == "alias" else field
    return lambda lv: _is(lv, target, *agree.get(field, ("exact",)))


def model_ceiling(
    trained: dict[str, Any],
    rules: list[str],
    missing: dict[str, float],
    *,
    draws: int = 200_000,
    seed: int = 0,
) -> float:
    """Share of true pairs some rule finds, by drawing levels from the model's m."""
    from openlead.linkage.model import level_labels

    rng = np.random.default_rng(seed)
    optional = tuple(c["output_column_name"] for c in trained["comparisons"][4:])
    labels = level_labels(optional)
    levels: Levels = {}
    for comp in trained["comparisons"]:
        name = comp["output_column_name"]
        table = labels[name]
        m = [
            lv.get("m_probability")
            for lv in comp["comparison_levels"]
            if not lv.get("is_null_level")
        ]
        gammas = sorted((g for g in table if g >= 0), reverse=True)
        probs = np.array([p or 0.0 for p in m], dtype=float)
        share_missing = missing.get(name, 0.0)
        if probs.sum() <= 0:
            # Not trained (every EM session that would have was left out): count the
            # field as never agreeing, so the estimate stays on the low side.
            probs, share_missing = np.zeros(len(probs)), 1.0
        else:
            probs = probs / probs.sum() * (1 - share_missing)
        probs = np.append(probs, share_missing)
        names = np.array([table[g] for g in gammas] + ["null"], dtype=object)
        levels[name] = names[rng.choice(len(names), draws, p=probs)]
    found = np.zeros(draws, dtype=bool)
    for rule in rules:
        found |= _rule_test(rule)(levels)
    return float(found.mean())


# Prepared column whose absence makes a comparison's null level.
_PRESENCE = {
    "first_name": "first_name", "last_name": "last_name", "dob": "dob", "sex": "sex",
    "middle_name": "middle_name", "address": "addr_street", "phone": "phone7",
    "aliases": "alias_names",
}  # fmt: skip


def missing_shares(
    left: pd.DataFrame, right: pd.DataFrame, comparisons: tuple[str, ...]
) -> dict[str, float]:
    """P(either side missing) per comparison, each side's missing share taken as independent."""
    out = {}
    for name in comparisons:
        col = _PRESENCE.get(name, name)
        shares = []
        for df in (left, right):
            values = df[col]
            gone = values.map(len).eq(0) if name == "aliases" else values.isna()
            shares.append(float(gone.mean()) if len(df) else 0.0)
        out[name] = 1 - (1 - shares[0]) * (1 - shares[1])
    return out


def labelled_ceiling(
    left: pd.DataFrame, right: pd.DataFrame, truth: pd.DataFrame, rules: dict[str, str]
) -> dict[str, float]:
    """Per rule and overall ("any"), the share of the true pairs the rule's SQL finds.

    `left` and `right` are prepared tables (unique_id and the model's columns); `truth`
    has the left and right ids in its first two columns.
    """
    import duckdb

    con = duckdb.connect()
    try:
        con.register("l_in", left)
        con.register("r_in", right)
        pairs = pd.DataFrame(
            {"lid": truth.iloc[:, 0].astype(str), "rid": truth.iloc[:, 1].astype(str)}
        )
        con.register("t_in", pairs)
        tests = [f"count(*) FILTER (WHERE {sql})" for sql in rules.values()]
        any_rule = " OR ".join(f"({sql})" for sql in rules.values())
        query = (
            f"SELECT count(*), count(*) FILTER (WHERE {any_rule}), {', '.join(tests)} "  # noqa: S608 - our own rule SQL
            "FROM t_in t JOIN l_in l ON l.unique_id = t.lid JOIN r_in r ON r.unique_id = t.rid"
        )
        row = con.execute(query).fetchone()
    finally:
        con.close()
    assert row is not None
    n = len(pairs) or 1
    return {"any": row[1] / n} | {name: row[i + 2] / n for i, name in enumerate(rules)}
