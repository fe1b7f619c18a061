"""Shared fixtures: a small simulated dataset on disk, and single-threaded BLAS.

OpenBLAS threads make statsmodels' many small solves 50-70x slower on the 2-core CI
machines, so every evaluation test runs with BLAS capped at one thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from openlead.evaluation.run import single_threaded_blas
from openlead.evaluation.simulate import SimulationConfig, write_simulation


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread() -> Iterator[None]:
    with single_threaded_blas():
        yield


@pytest.fixture(scope="session")
def small_simulation(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """800 fake people as CSV (hazard mode), shared read-only by the tests."""
    folder = tmp_path_factory.mktemp("simulated")
    config = SimulationConfig(people=800, seed=11, police_contacts_per_year=2.0)
    return write_simulation(config, folder, "csv")
