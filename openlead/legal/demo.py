"""The legal part of the demo: cases with charges and court dates, the defense's notes,
the work group's meetings (one past with minutes, one scheduled), and two legal demands."""

from __future__ import annotations

from openlead.legal.demands.demo import seed_demands_demo
from openlead.legal.demo_cases import seed_cases_demo
from openlead.legal.demo_owg import seed_owg_demo
from openlead.programs.models import Program


def seed_legal_demo(program: Program, *, seed: int) -> None:
    seed_cases_demo(program, seed=seed)
    seed_owg_demo(program, seed=seed)  # after the cases: the agenda lists their court dates
    seed_demands_demo(program, seed=seed)  # a declined subpoena, a court-ordered disclosure
