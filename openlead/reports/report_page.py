"""report.html as a page in the browser, under a CSP of its own.

The report is self-contained: its styles are `<style>` blocks and its plots inline SVG
with matplotlib's style attributes. The app's CSP (style-src 'self') would block both, and
'unsafe-inline' is never allowed. So at serve time each plot is rewritten as the run page
shows it (svg.sanitise_svg: presentation attributes, nothing active) and the policy allows
exactly the sha256 hashes of the report's own `<style>` blocks, and nothing else: no
script, no frame, no form, no base.
"""

from __future__ import annotations

import base64
import hashlib
import re

from openlead.reports.svg import UnreadableSvg, sanitise_svg

_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*("[^"]*"|'[^']*')""", re.I)
_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.S | re.I)


def page_markup(report: str) -> str:
    """The report with its plots made CSP-safe, and no script or style attribute left."""
    text = _SCRIPT.sub("", report)
    text = _SVG.sub(_safe_svg, text)
    return _STYLE_ATTR.sub("", text)


def _safe_svg(match: re.Match[str]) -> str:
    try:
        return sanitise_svg(match.group(0), css_class="report-plot")
    except UnreadableSvg:
        return ""  # a plot that does not parse is left out rather than shown unsafe


def style_hashes(markup: str) -> list[str]:
    """'sha256-…' of each `<style>` block's text, as the browser hashes it."""
    found = []
    for block in _STYLE.findall(markup):
        digest = hashlib.sha256(block.encode("utf-8")).digest()
        found.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(found))


def report_policy(markup: str) -> str:
    """The Content-Security-Policy header for `markup`."""
    styles = " ".join(style_hashes(markup)) or "'none'"
    return "; ".join(
        [
            "default-src 'none'",
            f"style-src {styles}",
            "img-src data:",
            "script-src 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )
