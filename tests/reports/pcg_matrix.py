"""Permission-matrix rows for the policy group's quarterly report (openlead/reports/urls_pcg.py); merged into
tests/access/test_permission_matrix.py."""

from __future__ import annotations

from typing import Any

from tests.conftest import World

# url name -> (method, relations to try, expectation(user, rel) -> status)
PCG_MATRIX: dict[str, tuple[str, list[str], Any]] = {}


def pcg_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    """The URL's keyword arguments for this relation."""
    return {}


def pcg_data(world: World, name: str) -> dict[str, Any]:
    """The POST body for this URL (valid, so the answer is the permission's, not a form's)."""
    return {}


def pcg_pages(world: World) -> list[str]:
    """Every page of these URLs worth rendering in the canary scan
    (tests/access/test_canaries.py), with the world's data behind them."""
    return []
