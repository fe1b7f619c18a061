"""Demo work-group meetings: one held with minutes, one scheduled with a live agenda."""

from __future__ import annotations

from openlead.programs.models import Program


def seed_owg_demo(program: Program, *, seed: int) -> None:
    """Filled in by the OWG part of issue 13."""
