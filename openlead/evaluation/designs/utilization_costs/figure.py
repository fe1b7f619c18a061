"""The utilization design's plot: bookings and jail days per person-year, before and after
the index date, by group, drawn from the suppressed table so that a cell the table hides
(under 11) is never shown as a bar either."""

from __future__ import annotations

import numpy as np
import pandas as pd

from openlead.evaluation.plots import figure_to_svg, new_figure

TITLE = "Bookings and jail days per person-year, before and after"  # the heading; the plot says which it shows
# (column of the suppressed group table, axis label)
PANELS = (
    ("bookings_per_py", "bookings per person-year"),
    ("jail_days_per_py", "jail days per person-year"),
)
WINDOWS = ("before", "after")


def _value(table: pd.DataFrame, group: str, window: str, column: str) -> float:
    """The rate, or NaN where it is suppressed ("" or "<11") or absent."""
    row = table.loc[(table["group"] == group) & (table["window"] == window), column]
    if row.empty:
        return float("nan")
    value = pd.to_numeric(pd.Series([row.iloc[0]]), errors="coerce").iloc[0]
    return float(value)


def utilization_figure(table: pd.DataFrame) -> str | None:
    """Grouped bars (before/after) per group, one panel per measure that has something to
    show: a measure that is suppressed or zero in every cell (no jail data, say) gets no
    empty panel, and with none left there is no plot (None)."""
    groups = [g for g in ("program", "comparison") if (table["group"] == g).any()]
    values = {
        (column, g, w): _value(table, g, w, column)
        for column, _ in PANELS
        for g in groups
        for w in WINDOWS
    }
    panels = [
        (column, label)
        for column, label in PANELS
        if any(values[(column, g, w)] > 0 for g in groups for w in WINDOWS)  # NaN > 0 is False
    ]
    if not panels:
        return None
    fig = new_figure(width=max(5.2, 3.4 * len(panels) + 0.6), height=3.4)
    axes = np.atleast_1d(fig.subplots(1, len(panels)))
    x = np.arange(len(groups))
    for ax, (column, label) in zip(axes, panels, strict=True):
        for offset, window in zip((-0.2, 0.2), WINDOWS, strict=True):
            heights = [values[(column, g, window)] for g in groups]
            ax.bar(x + offset, np.nan_to_num(heights), width=0.4, label=window)
        ax.set_xticks(x, groups)
        ax.set_ylabel(label)
    axes[0].legend(title="window")
    shown = " and ".join(label.split(" per ")[0] for _, label in panels)
    fig.suptitle(
        f"{shown.capitalize()} per person-year, before and after the index date", fontsize="medium"
    )
    return figure_to_svg(fig)
