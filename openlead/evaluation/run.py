"""Orchestration: run the chosen designs over validated data and write every output.

The CLI and the benchmark call `run_evaluation`; it returns the time of each phase so the
benchmark can print them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openlead.evaluation.types import DesignResult, EvalData, Options

__all__ = ["RunOutcome", "run_evaluation", "single_threaded_blas"]

Progress = Callable[[str], None]


@dataclass
class RunOutcome:
    results: list[DesignResult]
    timings: dict[str, float] = field(default_factory=dict)  # phase -> wall seconds
    cpu: dict[str, float] = field(default_factory=dict)  # phase -> process CPU seconds
    paths: dict[str, Path] = field(default_factory=dict)


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """OpenBLAS threads slow statsmodels' small solves 50-70x on 2-core machines."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # an install without it still runs, only slower
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def run_evaluation(
    data: EvalData,
    options: Options,
    designs: list[str],
    out: Path,
    *,
    notes: list[str] | None = None,
    step: Progress | None = None,
) -> RunOutcome:
    """Runs `designs` (registry names) in registry order and writes the outputs to `out`."""
    from openlead.evaluation.designs import DESIGNS
    from openlead.evaluation.report import write_report, write_results, write_tables

    outcome = RunOutcome(results=[])
    with single_threaded_blas():
        for name in [d for d in DESIGNS if d in designs]:
            if step:
                step(name)
            started, cpu = time.perf_counter(), time.process_time()
            result = DESIGNS[name](data, options)
            outcome.timings[name] = time.perf_counter() - started
            outcome.cpu[name] = time.process_time() - cpu
            outcome.results.append(result)
        if notes:
            outcome.results.insert(0, DesignResult(design="inputs", warnings=list(notes)))
        if step:
            step("report")
        started, cpu = time.perf_counter(), time.process_time()
        out.mkdir(parents=True, exist_ok=True)
        inputs = describe_inputs(data, options, designs)
        outcome.paths["results"] = write_results(outcome.results, inputs, out)
        write_tables(outcome.results, out)
        outcome.paths["report"] = write_report(outcome.results, inputs, out)
        outcome.timings["report"] = time.perf_counter() - started
        outcome.cpu["report"] = time.process_time() - cpu
    return outcome


def describe_inputs(data: EvalData, options: Options, designs: list[str]) -> dict[str, Any]:
    import duckdb
    import statsmodels

    rows = {"people": len(data.people), "events": len(data.events)}
    if data.status_months is not None:
        rows["status_months"] = len(data.status_months)
    if data.costs is not None:
        rows["costs"] = len(data.costs)
    return {
        "files": data.sources,
        "rows": rows,
        "covariates": data.covariates,
        "designs": designs,
        "seed": options.seed,
        "window_months": options.window_months,
        "outcomes": options.outcomes,
        "follow_up_end": options.follow_up_end.isoformat() if options.follow_up_end else None,
        "bootstrap": options.bootstrap,
        "versions": {"statsmodels": statsmodels.__version__, "duckdb": duckdb.__version__},
    }
