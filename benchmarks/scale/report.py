"""The scale benchmark's figures and tables: each page beside its same-run anchor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks.scale.drive import WARMUP_S, Phase

# Issue 16's targets on 2 cores.
MIN_ANCHOR_SHARE = 0.5
MAX_WORKER_P99_MS = 50.0


def anchor_of(phase: Phase, phases: Sequence[Phase]) -> Phase | None:
    return next(
        (
            p
            for p in phases
            if p.page == "anchor" and p.audit == phase.audit and p.clients == phase.clients
        ),
        None,
    )


def figures(phase: Phase, phases: Sequence[Phase]) -> dict[str, Any]:
    anchor = anchor_of(phase, phases)
    return {
        "req_s": round(phase.rate, 1),
        "x_anchor": round(phase.rate / anchor.rate, 3) if anchor and anchor.rate else None,
        "p50_ms": round(phase.quantile(0.5), 1),
        "p95_ms": round(phase.quantile(0.95), 1),
        "p99_ms": round(phase.quantile(0.99), 1),
        "worker_p50_ms": round(phase.worker_quantile(0.5), 1),
        "worker_p99_ms": round(phase.worker_quantile(0.99), 1),
        "cpu_busy": round(phase.cpu_busy, 2),
    }


def phase_line(phase: Phase, phases: Sequence[Phase]) -> str:
    f = figures(phase, phases)
    ratio = f"{f['x_anchor']:.2f} x anchor" if f["x_anchor"] is not None else "no anchor"
    return (
        f"{phase.audit:6s} {phase.clients:2d} clients {phase.page:9s} {f['req_s']:7.1f} req/s "
        f"({ratio}), p50 {f['p50_ms']} p95 {f['p95_ms']} p99 {f['p99_ms']} ms, worker p50 "
        f"{f['worker_p50_ms']} p99 {f['worker_p99_ms']} ms, {phase.errors} errors, CPU "
        f"{f['cpu_busy']:.0%}, load {phase.load_before:.2f} -> {phase.load_after:.2f}"
    )


def tables(phases: Sequence[Phase]) -> str:
    lines = [
        "",
        "| audit | clients | page | req/s | x anchor | p50 | p95 | p99 | worker p50 | worker p99 | errors | CPU | load before -> after |",
    ]
    lines.append("|---" * 13 + "|")
    for p in phases:
        f = figures(p, phases)
        ratio = "" if f["x_anchor"] is None else f"{f['x_anchor']:.2f}"
        lines.append(
            f"| {p.audit} | {p.clients} | {p.page} | {f['req_s']} | {ratio} | {f['p50_ms']} | "
            f"{f['p95_ms']} | {f['p99_ms']} | {f['worker_p50_ms']} | {f['worker_p99_ms']} | "
            f"{p.errors} | {f['cpu_busy']:.0%} | {p.load_before:.2f} -> {p.load_after:.2f} |"
        )
    lines += [
        "",
        "Audit lock (ms; a hold runs from the lock granted to the end of the transaction,",
        "the COMMIT statement inside it shown apart):",
        "",
    ]
    lines.append(
        "| audit | clients | page | holds | hold p50 | hold p99 | hold max | COMMIT p50 | COMMIT p99 "
        "| waits | wait p50 | wait p99 | wait max | lock held, share of the server's run |"
    )
    lines.append("|---" * 14 + "|")
    for p in phases:
        if p.page == "anchor":
            continue
        k = p.lock
        # The workers count from their start: the warm-up and the window.
        held = k.get("hold_total_s", 0.0) / (p.seconds + WARMUP_S)
        lines.append(
            f"| {p.audit} | {p.clients} | {p.page} | {k.get('hold_n', 0)} | "
            f"{k.get('hold_p50_ms', 0):.2f} | {k.get('hold_p99_ms', 0):.2f} | "
            f"{k.get('hold_max_ms', 0):.2f} | {k.get('commit_p50_ms', 0):.2f} | "
            f"{k.get('commit_p99_ms', 0):.2f} | {k.get('wait_n', 0)} | {k.get('wait_p50_ms', 0):.2f} | "
            f"{k.get('wait_p99_ms', 0):.2f} | {k.get('wait_max_ms', 0):.2f} | {held:.0%} |"
        )
    return "\n".join(lines + ["", *targets(phases)])


def targets(phases: Sequence[Phase]) -> list[str]:
    out = ["Targets (issue 16, 2 cores):"]
    for p in phases:
        if p.page == "anchor":
            continue
        f = figures(p, phases)
        share = f["x_anchor"] or 0.0
        out.append(
            f"- {p.audit} {p.clients} clients {p.page}: {share:.2f} x anchor "
            f"({'met' if share >= MIN_ANCHOR_SHARE else 'missed'} >= {MIN_ANCHOR_SHARE}); worker "
            f"p99 {f['worker_p99_ms']} ms "
            f"({'met' if f['worker_p99_ms'] < MAX_WORKER_P99_MS else 'missed'} < {MAX_WORKER_P99_MS:.0f})"
        )
    for p in phases:
        if p.clients == 16:
            eight = next(
                (q for q in phases if (q.page, q.audit, q.clients) == (p.page, p.audit, 8)), None
            )
            if eight and eight.rate:
                out.append(
                    f"- 16 vs 8 clients, {p.audit} {p.page}: {p.rate / eight.rate:.2f} x the "
                    f"req/s, CPU {eight.cpu_busy:.0%} -> {p.cpu_busy:.0%}, lock wait p99 "
                    f"{eight.lock.get('wait_p99_ms', 0):.2f} -> {p.lock.get('wait_p99_ms', 0):.2f} ms"
                )
    return out
