"""What the status page shows of a finished run: read from its aggregate results.json.

Every count is passed through the engine's small-cell rule before it reaches a page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openlead.people.models import RACE_FLAGS
from openlead.reports.models import EvaluationRun
from openlead.reports.svg import UnreadableSvg, sanitise_svg

RESULTS = "results.json"
REPORT = "report.html"
MISSING = "(missing)"  # the engine's level for an unrecorded value
FIGURES = "figures"  # one SVG file per plot, and figures.json naming them in order


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
    number: int = 0  # its place in the table: the detail's anchor
    method: str = ""
    p_value: str = ""
    design_label: str = ""
    label: str = ""  # the outcome in words
    words: str = ""  # the estimand in words (openlead.evaluation.wording)
    finding: str = ""


@dataclass(frozen=True)
class Figure:
    design: str
    title: str
    svg: str  # sanitised markup (svg.sanitise_svg): safe to put in the page as it is


@dataclass(frozen=True)
class RunResults:
    estimates: list[EstimateRow]
    warnings: list[str]
    figures: list[Figure] = field(default_factory=list)


DESIGN_LABELS = {
    "recidivism": "Arrests and charges, before and after (difference in differences)",
    "time-to-event": "Time to a first event",
    "utilization-costs": "Bookings, jail days and their costs",
    "within-subject": "Participants against their own baseline",
    "equity-lens": "The critics' questions: who is referred, and by whom",
}
ESTIMAND_LABELS = {
    "ATT": "on participants (ATT)",
    "ATE": "over everyone (ATE)",
    "ATE-trimmed": "over the overlap (ATE, trimmed)",
    "ATT-truncated": "on participants (ATT, weights truncated)",
    "unweighted": "unadjusted",
}
_LEVELS = dict(RACE_FLAGS) | {"multiple": "more than one race", MISSING: "not recorded"}
_PART = re.compile(r"^(?P<name>[^\[]+)\[(?P<inner>.*)\]$")


def outcome_label(outcome: str) -> str:
    """An outcome code in words: "rri[race=white vs (missing)]" -> "relative rate index:
    race White against not recorded"; "no_eligible_arrest_24m[door=arrest]" ->
    "no eligible arrest 24m (door: arrest)"."""
    match = _PART.match(outcome)
    if match is None:
        return outcome.replace("_", " ")
    name, inner = match["name"], match["inner"]
    if name == "rri" and " vs " in inner and "=" in inner:
        (dimension, level), reference = (
            inner.split(" vs ", 1)[0].split("=", 1),
            inner.split(" vs ", 1)[1],
        )
        words = (_LEVELS.get(level, level), _LEVELS.get(reference, reference))
        return f"relative rate index: {dimension.replace('_', ' ')} {words[0]} against {words[1]}"
    parts = [
        f"{key.replace('_', ' ')}: {_LEVELS.get(value, value).replace('_', ' ')}"
        for key, _, value in (part.partition("=") for part in inner.split(","))
    ]
    return f"{name.replace('_', ' ')} ({'; '.join(parts)})"


def window_label(window: str) -> str:
    """ "6m" -> "6 months"; "long" -> the whole follow-up (recidivism's long window)."""
    if window == "long":
        return "whole follow-up"
    if re.fullmatch(r"\d+m", window):
        return f"{window[:-1]} months"
    return window.replace("_", " ")


def _small(count: int) -> str:
    # Imported here: openlead.evaluation.types pulls in pandas, which no other page needs.
    from openlead.evaluation.types import suppress_small

    return suppress_small(count)


def _num(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    return f"{number:,.0f}" if abs(number) >= 100 else f"{number:.2f}"


def _row(number: int, e: dict[str, Any]) -> EstimateRow:
    low, high = e.get("ci_low"), e.get("ci_high")
    p = e.get("p_value")
    return EstimateRow(
        number=number,
        method=str(e.get("method", "")),
        p_value="" if p is None else (f"{float(p):.3f}" if float(p) >= 0.001 else "<0.001"),
        design=str(e.get("design", "")),
        outcome=str(e.get("outcome", "")),
        window=window_label(str(e.get("window", ""))),
        estimand=ESTIMAND_LABELS.get(str(e.get("estimand", "")), str(e.get("estimand", ""))),
        measure=str(e.get("measure", "")).replace("_", " "),
        estimate=_num(e.get("estimate")),
        ci=f"{_num(low)} to {_num(high)}" if low is not None and high is not None else "",
        n_program=_small(int(e.get("n_program") or 0)),
        n_comparison=_small(int(e.get("n_comparison") or 0)),
        design_label=DESIGN_LABELS.get(str(e.get("design", "")), str(e.get("design", ""))),
        label=outcome_label(str(e.get("outcome", ""))),
        words=str(e.get("estimand_words", "")),
        finding=str(e.get("finding", "")),
    )


def read_results(run: EvaluationRun) -> RunResults | None:
    """None when the run has no readable results.json (not finished, or the files are gone)."""
    try:
        payload = json.loads((run.out / RESULTS).read_text())
    except (OSError, ValueError):
        return None
    return RunResults(
        estimates=[_row(n, e) for n, e in enumerate(payload.get("estimates", []), start=1)],
        warnings=[str(w) for w in payload.get("warnings", [])],
        figures=read_figures(run.out),
    )


def write_figures(results: list[Any], out: Path) -> None:
    """Each design's plots as files beside report.html, for the run page to show."""
    folder = out / FIGURES
    folder.mkdir(parents=True, exist_ok=True)
    listed: list[dict[str, str]] = []
    for result in results:
        for title, svg in result.figures.items():
            name = f"{len(listed) + 1:02d}-{re.sub(r'[^a-z0-9]+', '-', result.design.lower())}.svg"
            (folder / name).write_text(svg, encoding="utf-8")
            listed.append({"design": result.design, "title": title, "file": name})
    (folder / "figures.json").write_text(json.dumps(listed, indent=2) + "\n")


def read_figures(out: Path) -> list[Figure]:
    """The run's plots, sanitised for the CSP; a missing or unreadable one is left out."""
    try:
        listed = json.loads((out / FIGURES / "figures.json").read_text())
    except (OSError, ValueError):
        return []
    figures = []
    for item in listed:
        name = Path(str(item.get("file", ""))).name  # never a path out of the folder
        try:
            text = (out / FIGURES / name).read_text(encoding="utf-8")
            svg = sanitise_svg(text, label=str(item.get("title", "")))
        except (OSError, UnreadableSvg):
            continue
        figures.append(Figure(str(item.get("design", "")), str(item.get("title", "")), svg))
    return figures


def counts(run: EvaluationRun) -> dict[str, str]:
    """The extract's sizes as shown to people (under 11 becomes "<11")."""
    return {
        "participants": _small(run.participants),
        "comparison_people": _small(run.comparison_people),
        "events": _small(run.events),
    }
