"""Fits spread over worker processes give exactly what one process gives."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from openlead.evaluation.designs import DESIGNS
from openlead.evaluation.io import load_inputs
from openlead.evaluation.parallel import default_jobs, map_forked
from openlead.evaluation.types import DesignResult, Options


def test_it_keeps_the_order_of_the_items_and_runs_in_other_processes() -> None:
    parent = os.getpid()
    values = list(range(7))
    done = map_forked(lambda k: (k * k, os.getpid()), values, 2)
    assert [square for square, _ in done] == [k * k for k in values]
    assert {pid for _, pid in done} - {parent}, "no fit ran in a worker process"


def test_it_runs_in_process_for_one_job() -> None:
    assert map_forked(lambda _: os.getpid(), [1, 2, 3], 1) == [os.getpid()] * 3


def test_the_default_is_between_one_and_four_processes() -> None:
    assert 1 <= default_jobs() <= 4


def _all_designs(paths: dict[str, Path], jobs: int) -> list[DesignResult]:
    data, _ = load_inputs(paths["people"], paths["events"], paths["status_months"], paths["costs"])
    options = Options(jobs=jobs, bootstrap=50)
    return [design(data, options) for design in DESIGNS.values()]


@pytest.mark.slow
def test_two_processes_give_the_same_results_as_one(small_simulation: dict[str, Path]) -> None:
    one, two = _all_designs(small_simulation, 1), _all_designs(small_simulation, 2)
    assert sum(len(r.estimates) for r in one) > 50  # the comparison covers real fits
    for a, b in zip(one, two, strict=True):
        assert a.design == b.design and a.warnings == b.warnings and a.summary == b.summary
        assert [e.method for e in a.estimates] == [e.method for e in b.estimates]
        ours = np.array([[e.estimate, e.ci_low, e.ci_high] for e in a.estimates], dtype=float)
        theirs = np.array([[e.estimate, e.ci_low, e.ci_high] for e in b.estimates], dtype=float)
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, equal_nan=True)
        assert a.tables.keys() == b.tables.keys()
        for name in a.tables:
            pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
