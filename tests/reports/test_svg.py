"""Plots and report.html under a CSP without 'unsafe-inline' (issue 18, part 5)."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from openlead.evaluation.plots import figure_to_svg, new_figure
from openlead.reports.report_page import page_markup, report_policy, style_hashes
from openlead.reports.svg import UnreadableSvg, sanitise_svg

HOSTILE = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="10pt" height="10pt" viewBox="0 0 10 10" onload="alert(1)">'
    "<style>*{fill:red}</style><script>alert(2)</script>"
    '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'
    '<a xlink:href="javascript:alert(3)"><rect style="fill: #1f77b4; stroke-width: 2; '
    'behavior: url(x.htc)" onclick="alert(4)" width="5" height="5"/></a>'
    '<use xlink:href="#glyph"/><path fill="url(https://evil.example/x)" d="M0 0"/>'
    "</svg>"
)


def _plot() -> str:
    figure = new_figure()
    axes = figure.subplots()
    axes.plot([1, 2, 3], [3, 1, 2], label="a line")
    axes.set_title("Title")
    return figure_to_svg(figure)


def test_it_keeps_a_matplotlib_plot_drawn_but_without_any_style() -> None:
    raw = _plot()
    assert "style=" in raw and "<style" in raw  # what matplotlib writes, and the CSP blocks
    clean = sanitise_svg(raw, label="A plot")
    assert "style=" not in clean and "<style" not in clean
    assert 'class="plot"' in clean and 'role="img"' in clean and 'aria-label="A plot"' in clean
    assert 'fill="#ffffff"' in clean and "stroke-width=" in clean  # colours kept as attributes
    assert 'width="' not in clean.split(">", 1)[0]  # the stylesheet sizes it


def test_it_strips_scripts_handlers_styles_and_foreign_links() -> None:
    clean = sanitise_svg(HOSTILE)
    for bad in ("alert", "<script", "<style", "foreignObject", "onload", "onclick", "evil"):
        assert bad not in clean, bad
    assert "behavior" not in clean and "url(x.htc)" not in clean
    assert 'fill="#1f77b4"' in clean and 'stroke-width="2"' in clean
    assert 'href="#glyph"' in clean  # a link inside the same document stays


def test_it_refuses_what_is_not_an_svg() -> None:
    with pytest.raises(UnreadableSvg):
        sanitise_svg("<html><body>no</body></html>")
    with pytest.raises(UnreadableSvg):
        sanitise_svg("<svg")


def test_the_report_policy_allows_exactly_its_own_style_blocks() -> None:
    report = (
        "<!doctype html><html><head><style>body{margin:0}</style></head><body>"
        f"<p style='color:red'>x</p><script>alert(1)</script><figure>{_plot()}</figure>"
        "</body></html>"
    )
    markup = page_markup(report)
    assert "<script" not in markup and "style=" not in markup and "<svg" in markup
    digest = base64.b64encode(hashlib.sha256(b"body{margin:0}").digest()).decode()
    assert style_hashes(markup) == [f"'sha256-{digest}'"]  # matplotlib's <style> is gone
    policy = report_policy(markup)
    assert f"style-src 'sha256-{digest}';" in policy
    assert "unsafe" not in policy and "script-src 'none'" in policy
    assert re.search(r"default-src 'none'", policy)
