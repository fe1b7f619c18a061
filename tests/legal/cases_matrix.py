"""Permission-matrix rows for cases, charges, court dates and the defender's pages (openlead/legal/urls_cases.py); merged into
tests/access/test_permission_matrix.py."""

from __future__ import annotations

from typing import Any

from tests.conftest import World

# url name -> (method, relations to try, expectation(user, rel) -> status)
CASES_MATRIX: dict[str, tuple[str, list[str], Any]] = {}


def cases_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    """The URL's keyword arguments for this relation."""
    return {}


def cases_data(world: World, name: str) -> dict[str, Any]:
    """The POST body for this URL (valid, so the answer is the permission's, not a form's)."""
    return {}


def cases_pages(world: World) -> list[str]:
    """Every page of these URLs worth rendering in the canary scan
    (tests/access/test_canaries.py), with the world's data behind them."""
    return []
