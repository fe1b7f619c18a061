"""axe-core in the browser tests (issue 14): WCAG 2.2 AA, 0 serious or critical findings.

axe-core is the npm package locked in tests/browser/axe/ (`npm ci` there; the Makefile and
.ci/run do it when npm exists). Locally the tests skip without it; under CI it must be
there, as chromium must (tests/browser/conftest.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

AXE_JS = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
# The counts of every page checked, for the report (`pytest -s` prints them).
COUNTS: dict[str, dict[str, int]] = {}

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
}"""


def require_axe() -> Path:
    if not AXE_JS.is_file():
        if os.environ.get("CI"):
            pytest.fail("CI must run the axe checks: npm ci in tests/browser/axe (.ci/run does)")
        pytest.skip("axe-core is not installed (cd tests/browser/axe && npm ci)")
    return AXE_JS


def violations(page: Any) -> list[dict[str, Any]]:
    """Every WCAG A/AA violation axe finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(require_axe()))
    found: list[dict[str, Any]] = page.evaluate(_RUN, TAGS)
    return found


def check(page: Any, name: str) -> list[str]:
    """The serious and critical findings on `page`, one line each (empty is a pass); the
    counts by impact are kept in COUNTS under `name`."""
    found = violations(page)
    counts: dict[str, int] = {}
    for v in found:
        counts[v["impact"] or "unknown"] = counts.get(v["impact"] or "unknown", 0) + 1
    COUNTS[name] = counts
    print(f"axe {name}: {counts or 'no violations'}")
    return [
        f"{name}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
        for v in found
        if v["impact"] in BLOCKING
    ]
