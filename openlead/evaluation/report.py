"""The outputs: a self-contained report.html, results.json and tables/*.csv.

Small cells: in every human-readable output (the report and the CSV tables) a count under
SMALL_CELL is shown as "<11", and rates or shares in the same row are suppressed too,
since they would reveal it. A table column is treated as a count when it holds whole
numbers and is named `n`, `n_*`, `*_n`, `events`, `people` or contains `count`.
results.json keeps estimates, never raw small counts.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from openlead.evaluation.types import SMALL_CELL, DesignResult, Estimate, suppress_small
from openlead.evaluation.wording import record

__all__ = ["suppress_table", "write_report", "write_results", "write_tables"]

COUNT_NAME = re.compile(r"^(n|events|people)$|^n_|_n$|count")
DERIVED_NAME = re.compile(r"share|pct|percent|rate|proportion|per_|mean")
SUPPRESSED = "suppressed"


def suppress_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy safe to show: small counts as "<11", rates in their rows suppressed."""
    out = frame.copy()
    counts = [c for c in out.columns if _is_count(out[c], str(c))]
    if not counts:
        return out
    small = pd.Series(False, index=out.index)
    for column in counts:
        values = pd.to_numeric(out[column], errors="coerce")
        small |= ((values > 0) & (values < SMALL_CELL)).fillna(False)
        out[column] = [suppress_small(v) if pd.notna(v) else "" for v in values]
    for column in out.columns:
        if column not in counts and DERIVED_NAME.search(str(column)):
            out[column] = out[column].astype(object)
            out.loc[small, column] = SUPPRESSED
    return out


def _is_count(values: pd.Series, name: str) -> bool:
    if not COUNT_NAME.search(name):
        return False
    if pd.api.types.is_integer_dtype(values):
        return True
    if pd.api.types.is_float_dtype(values):
        finite = values.dropna()
        return bool(len(finite)) and bool((finite == finite.round()).all())
    return False


def write_tables(results: list[DesignResult], out: Path) -> list[Path]:
    folder = out / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for result in results:
        for name, frame in result.tables.items():
            path = folder / f"{_slug(name)}.csv"
            suppress_table(frame).to_csv(path, index=False)
            paths.append(path)
    estimates = [record(e) for r in results for e in r.estimates]
    path = folder / "estimates.csv"
    columns = [*Estimate.__dataclass_fields__, "estimand_words", "finding"]
    frame = pd.DataFrame(estimates, columns=columns)
    suppress_table(frame).to_csv(path, index=False)
    paths.append(path)
    return paths


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "table"


def write_results(results: list[DesignResult], inputs: dict[str, Any], out: Path) -> Path:
    """results.json: every estimate with its interval, n and method; warnings; inputs."""
    payload = {
        "estimates": [_clean(record(e)) for r in results for e in r.estimates],
        "warnings": [f"{r.design}: {w}" for r in results for w in r.warnings],
        "inputs": inputs,
        "designs": {
            r.design: ("skipped" if r.skipped else "run") for r in results if r.design != "inputs"
        },
    }
    path = out / "results.json"
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return path


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """JSON has no NaN: undefined numbers become null."""
    return {
        k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in values.items()
    }


# --- HTML ----------------------------------------------------------------------------------------

STYLE = """
body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;
color:#1b1b1b;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.6rem 0;font-size:.85rem}
td,th{border:1px solid #ddd;padding:.2rem .45rem;text-align:right}
th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
figure{margin:1rem 0}figcaption{font-weight:600}.warn{color:#8a4b00}
.method{font-size:.9rem}svg{max-width:100%;height:auto}
"""


def write_report(results: list[DesignResult], inputs: dict[str, Any], out: Path) -> Path:
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>LEAD outcome evaluation</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>LEAD outcome evaluation</h1>",
        f"<p>Generated {html.escape(dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC'))} "
        "by <code>openlead evaluate run</code>.</p>",
        _summary(results),
        _estimates(results),
        *(_design_section(r) for r in results if r.figures or r.tables),
        _warnings(results),
        _methods(results, inputs),
        "</body></html>",
    ]
    path = out / "report.html"
    path.write_text("\n".join(parts))
    return path


def _summary(results: list[DesignResult]) -> str:
    items = [f"<li>{html.escape(s)}</li>" for r in results for s in r.summary]
    items.extend(f"<li>{html.escape(s)}</li>" for s in _what_ran(results))
    skipped = [r.design for r in results if r.skipped]
    if skipped:
        items.append(
            "<li>Not run for lack of inputs: "
            + html.escape(", ".join(skipped))
            + " (see the warnings).</li>"
        )
    if not items:
        items.append("<li>No design produced an estimate; see the warnings.</li>")
    return (
        "<h2>Summary</h2><p>What the data show, in plain words. Ratios below 1 mean fewer "
        "events (or lower odds) for program participants than for the comparison group. "
        f"Counts under {SMALL_CELL} are shown as &lt;{SMALL_CELL}.</p><ul>"
        + "".join(items)
        + "</ul>"
    )


def _what_ran(results: list[DesignResult]) -> list[str]:
    """Fallback fits and fits that could not be made, counted from the results themselves."""
    lines = []
    for r in results:
        fallback = [e for e in r.estimates if e.fit not in PLAIN_FITS]
        failed = [w for w in r.warnings if "not estimated" in w or "could not be fitted" in w]
        if fallback:
            fits = sorted({e.fit for e in fallback})
            lines.append(
                f"{r.design}: {len(fallback)} of {len(r.estimates)} estimates needed a "
                f"fallback fit ({'; '.join(fits)}) because the maximum-likelihood estimate "
                "did not exist; the warnings name each."
            )
        if failed:
            lines.append(
                f"{r.design}: {len(failed)} fits could not be made; the warnings say which, "
                "why and what you can do."
            )
    return lines


PLAIN_FITS = {"", "maximum likelihood", "maximum partial likelihood"}


def _estimates(results: list[DesignResult]) -> str:
    rows = []
    for r in results:
        for e in r.estimates:
            ci = f"{_num(e.ci_low)} to {_num(e.ci_high)}" if e.ci_low is not None else ""
            cells = [
                e.design,
                e.outcome,
                e.window,
                e.estimand,
                e.measure,
                e.fit,
                _num(e.estimate),
                ci,
                _p(e.p_value),
                suppress_small(e.n_program),
                suppress_small(e.n_comparison),
            ]
            rows.append(
                "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>"
            )
    head = [
        "design",
        "outcome",
        "window",
        "estimand",
        "measure",
        "fit",
        "estimate",
        "95% CI",
        "p",
        "n program",
        "n comparison",
    ]
    return (
        "<h2>Estimates</h2><table><thead><tr>"
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _num(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return ""
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _p(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return ""
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _design_section(result: DesignResult) -> str:
    parts = [f"<h2>{html.escape(result.design)}</h2>"]
    for title, svg in result.figures.items():
        parts.append(
            f"<figure><figcaption>{html.escape(title)}</figcaption>{_clean_svg(svg)}</figure>"
        )
    for name, frame in result.tables.items():
        shown = suppress_table(frame)
        note = ""
        if len(shown) > 60:
            note = (
                f"<p>First 60 of {len(shown)} rows; all rows are in tables/{_slug(name)}.csv.</p>"
            )
            shown = shown.head(60)
        parts.append(f"<h3>{html.escape(name)}</h3>{note}{_html_table(shown)}")
    return "\n".join(parts)


def _clean_svg(svg: str) -> str:
    """Drops matplotlib's <metadata> (it carries links) so the report holds no URLs."""
    return re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)


def _html_table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        body.append("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return "" if not math.isfinite(value) else f"{value:.4g}"
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def _warnings(results: list[DesignResult]) -> str:
    items = [
        f"<li class='warn'>{html.escape(r.design)}: {html.escape(w)}</li>"
        for r in results
        for w in r.warnings
    ]
    if not items:
        return ""
    return "<h2>Warnings</h2><ul>" + "".join(items) + "</ul>"


def _methods(results: list[DesignResult], inputs: dict[str, Any]) -> str:
    seen: dict[str, None] = {}
    for r in results:
        for e in r.estimates:
            seen.setdefault(f"{e.design}: {e.method}", None)
    methods = "".join(f"<li>{html.escape(m)}</li>" for m in seen)
    facts = "".join(
        f"<li>{html.escape(str(k))}: {html.escape(json.dumps(v, default=str))}</li>"
        for k, v in inputs.items()
    )
    return (
        "<h2>Methods and assumptions</h2><div class='method'>"
        "<p>All models are fitted with statsmodels; events are aggregated into person-period "
        "tables in DuckDB. Estimates assume no unmeasured confounding given the covariates "
        "(weighted and adjusted estimates), that the comparison group's pre-post change shows "
        "what would have happened to participants without the program (difference in "
        "differences), that censoring at the end of follow-up is unrelated to the outcome "
        "(time to event) and proportional hazards (Cox). Events on the index date itself "
        "belong to neither window. Counts under "
        f"{SMALL_CELL} are shown as &lt;{SMALL_CELL} and rates in the same row suppressed.</p>"
        f"<h3>Each estimate</h3><ul>{methods}</ul><h3>Inputs and options</h3><ul>{facts}</ul>"
        "</div>"
    )
