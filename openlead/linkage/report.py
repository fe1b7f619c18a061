"""Output files of a linkage run: pairs.csv and a self-contained summary.html."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pandas as pd

from openlead.linkage.core import LinkResult

__all__ = ["pairs_table", "summary_html", "weight_histogram_svg", "write_outputs"]


def pairs_table(result: LinkResult, left_id: str, right_id: str) -> pd.DataFrame:
    """Pairs with the identifiers under their input names (suffixed when they clash)."""
    if left_id == right_id:
        left_id, right_id = f"{left_id}_left", f"{right_id}_right"
    return result.pairs.rename(columns={"left_id": left_id, "right_id": right_id})


def weight_histogram_svg(histogram: pd.DataFrame, thresholds_weights: tuple[float, float]) -> str:
    """Inline SVG bar chart of match weights over every scored pair."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3))
    ax.bar(histogram["bin"] + 0.5, histogram["n"], width=1.0, color="#4c72b0")
    ax.set_yscale("log")
    for weight, label in zip(thresholds_weights, ("review", "auto accept"), strict=True):
        ax.axvline(weight, color="#c44e52", linestyle="--", linewidth=1)
        ax.text(weight, ax.get_ylim()[1], f" {label}", va="top", fontsize=8)
    ax.set_xlabel("match weight (log2 Bayes factor)")
    ax.set_ylabel("scored pairs (log scale)")
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]


def _weight(p: float) -> float:
    import math

    return math.log2(p / (1 - p)) if p < 1 else 60.0


def summary_html(
    result: LinkResult, *, inputs: dict[str, int], title: str = "Linkage summary"
) -> str:
    t = result.thresholds
    counts = result.band_counts()
    svg = weight_histogram_svg(result.weight_histogram, (_weight(t.review), _weight(t.auto_accept)))
    n_bad = sum(len(v) for v in result.bad_values.values())
    rows = [
        ("Input rows", ", ".join(f"{html.escape(k)}: {v:,}" for k, v in inputs.items())),
        ("Engine", html.escape(result.engine)),
        ("Comparisons", html.escape(", ".join(result.comparisons))),
        ("Scored pairs", f"{result.n_scored:,}"),
        (f"Auto-accept (p &ge; {t.auto_accept})", f"{counts['auto_accept']:,}"),
        (f"Review ({t.review} &le; p &lt; {t.auto_accept})", f"{counts['review']:,}"),
        ("Values set to missing (bad input)", f"{n_bad:,}"),
        (
            "Blocking recall ceiling (true pairs some rule finds, estimated from the model)",
            f"{result.blocking_ceiling:.3f}",
        ),
    ]
    rows += [
        (f"Pairs first found by rule <code>{html.escape(name)}</code>", f"{n:,}")
        for name, n in result.rule_pairs.items()
    ]
    table = "\n".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto}}
th{{text-align:left;padding-right:1rem}}</style></head>
<body><h1>{html.escape(title)}</h1>
<table>{table}</table>
<h2>Match weights of every scored pair</h2>
{svg}
<p>Pairs below the review threshold are not written to pairs.csv.</p>
</body></html>
"""


def write_outputs(
    result: LinkResult, out_dir: Path, *, left_id: str, right_id: str, inputs: dict[str, int]
) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    pairs_table(result, left_id, right_id).to_csv(out_dir / "pairs.csv", index=False)
    (out_dir / "summary.html").write_text(summary_html(result, inputs=inputs), encoding="utf-8")
