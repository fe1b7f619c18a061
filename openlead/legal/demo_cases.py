"""Demo cases, charges, court dates and defense notes (fake people only)."""

from __future__ import annotations

from openlead.programs.models import Program


def seed_cases_demo(program: Program, *, seed: int) -> None:
    """Filled in by the cases part of issue 13."""
