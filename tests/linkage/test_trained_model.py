"""A trained model is used only with the comparison levels it was trained on: m and u are
per level, in order, so a model from before a level was added is refused as outdated."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from openlead.linkage import LinkResult, make_linkage_data
from openlead.linkage.core import link
from openlead.linkage.model import OutdatedModel, outdated


@pytest.fixture(scope="module")
def data_and_result() -> tuple[Any, LinkResult]:
    data = make_linkage_data(300, 2_000, match_share=0.1, seed=7)
    return data, link(data.people, data.records)


def _before_the_new_levels(trained: dict[str, Any]) -> dict[str, Any]:
    """The model as one trained before the surname's two_edits level existed."""
    old = copy.deepcopy(trained)
    for comparison in old["comparisons"]:
        if comparison["output_column_name"] == "last_name":
            comparison["comparison_levels"] = [
                lv
                for lv in comparison["comparison_levels"]
                if lv.get("label_for_charts") != "two_edits"
            ]
    return old


def test_it_refuses_a_model_whose_levels_predate_this_version(
    data_and_result: tuple[Any, LinkResult],
) -> None:
    data, result = data_and_result
    old = _before_the_new_levels(result.model)
    why = outdated(old)
    assert why is not None and "last_name" in why
    with pytest.raises(OutdatedModel, match="outdated"):
        link(data.people, data.records, model=old)


def test_it_scores_again_with_a_current_model(data_and_result: tuple[Any, LinkResult]) -> None:
    data, result = data_and_result
    assert outdated(result.model) is None
    again = link(data.people, data.records, model=result.model)
    assert len(again.pairs) == len(result.pairs)
