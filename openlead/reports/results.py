"""What the status page shows of a finished run: read from its aggregate results.json.

Every count is passed through the engine's small-cell rule before it reaches a page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from openlead.reports.models import EvaluationRun

RESULTS = "results.json"
REPORT = "report.html"


@dataclass(frozen=True)
class EstimateRow:
    design: str
    outcome: str
    window: str
    estimand: str
    measure: str
    estimate: str
    ci: str
    n_program: str
    n_comparison: str


@dataclass(frozen=True)
class RunResults:
    estimates: list[EstimateRow]
    warnings: list[str]


def _small(count: int) -> str:
    # Imported here: openlead.evaluation.types pulls in pandas, which no other page needs.
    from openlead.evaluation.types import suppress_small

    return suppress_small(count)


def _num(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return f"{number:,.0f}" if abs(number) >= 100 else f"{number:.2f}"


def _row(e: dict[str, Any]) -> EstimateRow:
    low, high = e.get("ci_low"), e.get("ci_high")
    return EstimateRow(
        design=str(e.get("design", "")),
        outcome=str(e.get("outcome", "")),
        window=str(e.get("window", "")),
        estimand=str(e.get("estimand", "")),
        measure=str(e.get("measure", "")).replace("_", " "),
        estimate=_num(e.get("estimate")),
        ci=f"{_num(low)} to {_num(high)}" if low is not None and high is not None else "",
        n_program=_small(int(e.get("n_program") or 0)),
        n_comparison=_small(int(e.get("n_comparison") or 0)),
    )


def read_results(run: EvaluationRun) -> RunResults | None:
    """None when the run has no readable results.json (not finished, or the files are gone)."""
    try:
        payload = json.loads((run.out / RESULTS).read_text())
    except (OSError, ValueError):
        return None
    return RunResults(
        estimates=[_row(e) for e in payload.get("estimates", [])],
        warnings=[str(w) for w in payload.get("warnings", [])],
    )


def counts(run: EvaluationRun) -> dict[str, str]:
    """The extract's sizes as shown to people (under 11 becomes "<11")."""
    return {
        "participants": _small(run.participants),
        "comparison_people": _small(run.comparison_people),
        "events": _small(run.events),
    }
