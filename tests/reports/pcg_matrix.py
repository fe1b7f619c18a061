"""Permission-matrix rows for the policy group's quarterly report (openlead/reports/urls_pcg.py); merged into
tests/access/test_permission_matrix.py.

The report has no ids: one relation ("none"). The program admin (ada), the supervisor
(bob) and the evaluator (gina) see it; everyone else gets 403, whatever their scope.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World

PCG_READERS = {"ada", "bob", "gina"}


def expect_pcg(user: str | None, rel: str) -> int:
    if user in {None, "inactive"}:
        return 302
    return 200 if user in PCG_READERS else 403


# url name -> (method, relations to try, expectation(user, rel) -> status)
PCG_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "pcg_report": ("GET", ["none"], expect_pcg),
    "pcg_download": ("GET", ["none"], expect_pcg),
}


def pcg_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    """The URL's keyword arguments for this relation."""
    return {}


def pcg_data(world: World, name: str) -> dict[str, Any]:
    """The POST body for this URL (valid, so the answer is the permission's, not a form's)."""
    return {}


def pcg_pages(world: World) -> list[str]:
    """Every page of these URLs worth rendering in the canary scan
    (tests/access/test_canaries.py), with the world's data behind them: the report and its
    download for the current quarter (the world's people were referred and enrolled now)."""
    from django.urls import reverse

    return [reverse("pcg_report"), reverse("pcg_download")]
