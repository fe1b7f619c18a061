"""Stress sets (docs/linkage.md, "Stress sets", written down before tuning): per set,
auto+review recall and auto-accept precision against the generator's truth, beside
plain Splink in the same run, and the blocking ceiling (labelled and model estimate)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from openlead.linkage.ceiling import labelled_ceiling
from openlead.linkage.core import Columns, align_fields, link, prepare, shared_fields
from openlead.linkage.model import blocking_rule_sql
from openlead.linkage.stress import make_stress_set
from tests.linkage.anchor import plain_splink

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Figures:
    precision_auto: float
    recall_auto: float
    recall_kept: float  # auto + review
    anchor_precision: float
    anchor_recall: float
    ceiling: float  # labelled: share of true pairs some blocking rule finds
    model_ceiling: float
    rule_pairs: dict[str, int]


def _hits(pairs: pd.DataFrame, truth: pd.DataFrame) -> pd.Series:
    true = set(zip(truth["person_id"], truth["record_id"], strict=True))
    keys = zip(pairs["left_id"], pairs["right_id"], strict=True)
    return pd.Series([k in true for k in keys], index=pairs.index, dtype=bool)


def measure(name: str, seed: int = 1) -> Figures:
    data = make_stress_set(name, seed=seed)
    result = link(data.people, data.records, left_id="person_id", right_id="record_id")
    hit = _hits(result.pairs, data.truth)
    auto = (result.pairs["band"] == "auto_accept").to_numpy()
    anchor = plain_splink(data.people, data.records)
    anchor_hit = _hits(anchor, data.truth)
    left, _ = prepare(data.people, "person_id", Columns())
    right, _ = prepare(data.records, "record_id", Columns())
    fields = shared_fields(left, right)
    rules = blocking_rule_sql(fields)
    ceiling = labelled_ceiling(
        align_fields(left, fields), align_fields(right, fields), data.truth, rules
    )
    n = len(data.truth)
    figures = Figures(
        precision_auto=float(hit[auto].mean()),
        recall_auto=float(hit[auto].sum()) / n,
        recall_kept=float(hit.sum()) / n,
        anchor_precision=float(anchor_hit.mean()) if len(anchor) else float("nan"),
        anchor_recall=float(anchor_hit.sum()) / n,
        ceiling=ceiling["any"],
        model_ceiling=result.blocking_ceiling,
        rule_pairs=result.rule_pairs,
    )
    print(f"\n{name}: {figures}")
    return figures


_SETS = ("names_and_dob", "aliases_only", "address_only", "heavy_missing")


@pytest.fixture(scope="module", params=_SETS)
def figures(request: pytest.FixtureRequest) -> tuple[str, Figures]:
    return request.param, measure(request.param)


def test_the_blocking_rules_find_nearly_every_true_pair(figures: tuple[str, Figures]) -> None:
    name, f = figures
    assert f.ceiling >= 0.99, (name, f)
    assert 0.0 < f.model_ceiling <= 1.0, (name, f)
    assert sum(f.rule_pairs.values()) > 0


def test_it_finds_the_true_pairs_in_accept_or_review(figures: tuple[str, Figures]) -> None:
    name, f = figures
    assert f.recall_kept >= 0.95, (name, f)
    # Within 0.005 of plain Splink at worst (as on FEBRL 4); far above it on most sets.
    assert f.recall_kept >= f.anchor_recall - 0.005, (name, f)


def test_it_is_precise_when_it_auto_accepts(figures: tuple[str, Figures]) -> None:
    name, f = figures
    assert f.precision_auto >= 0.99, (name, f)


@pytest.fixture(scope="module")
def held_out() -> Figures:
    return measure("clerical")


def test_the_held_out_set_beats_plain_splink(held_out: Figures) -> None:
    assert held_out.recall_kept > held_out.anchor_recall, held_out
    assert held_out.precision_auto >= 0.99, held_out


def test_the_held_out_set_reaches_the_issues_earlier_bar(held_out: Figures) -> None:
    # The issue measured 0.837 on an earlier held-out set against 0.85.
    assert held_out.recall_kept >= 0.85, held_out


def test_the_held_out_set_reaches_the_target(held_out: Figures) -> None:
    assert held_out.ceiling >= 0.95, held_out
    assert held_out.recall_kept >= 0.95, held_out
