"""Matplotlib figures rendered as inline SVG for the self-contained HTML report."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on servers or CI
from matplotlib.figure import Figure  # noqa: E402


def new_figure(width: float = 6.4, height: float = 3.6) -> Figure:
    """A figure not attached to pyplot's global state (safe in threads and tests)."""
    return Figure(figsize=(width, height), layout="constrained")


def figure_to_svg(fig: Figure) -> str:
    """The figure as an `<svg>` element, without the XML prologue, for inlining in HTML."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    return text[text.index("<svg") :]
