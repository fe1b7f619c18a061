"""Evaluation engine benchmark: 100,000 people, ~10M events, ~1.9M status months.

Run: .venv/bin/python benchmarks/evaluation.py [--runs 3] [--people 100000] [--data DIR]
(--data reuses the output of `openlead evaluate simulate --people 100000 --seed 1
--format parquet --out DIR` instead of simulating again).

Prints the time of each phase (load+validate, aggregate, each design, report), the peak
RSS, and the anchor from the issue: counting arrests per person per 6-month window over
the 10M events in DuckDB (0.3 s on the reference machine; pandas 1.7 s).
Targets (issue 18): the whole run <= 40 s and <= 4 GB. Model fits run in forked worker processes
(one per CPU, at most 4), as `openlead evaluate run` does by default.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openlead.evaluation.designs import DESIGNS  # noqa: E402
from openlead.evaluation.io import load_inputs  # noqa: E402
from openlead.evaluation.outcomes import choose_outcomes, window_counts  # noqa: E402
from openlead.evaluation.parallel import default_jobs  # noqa: E402
from openlead.evaluation.run import run_evaluation, single_threaded_blas  # noqa: E402
from openlead.evaluation.simulate import SimulationConfig, write_simulation  # noqa: E402
from openlead.evaluation.types import Options  # noqa: E402


def anchor(events_path: Path, people_path: Path) -> float:
    """Arrests per person per 6-month window (relative to index) over all events."""
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(
        f"""
        SELECT e.person_id,
               floor(datediff('month', p.index_date, e.date) / 6) AS window6,
               count(*) AS arrests
        FROM read_parquet('{events_path}') e
        JOIN read_parquet('{people_path}') p USING (person_id)
        WHERE e.kind = 'arrest'
        GROUP BY ALL
        """  # noqa: S608 - paths from this script
    ).fetchall()
    return time.perf_counter() - started


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:  # the process ended meanwhile
        return 0
    return 0


def _children(parent: int, sampler: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent and int(stat.parent.name) != sampler:
            found.append(int(stat.parent.name))
    return found


def sample_pss(parent: int, peak: Any, stop: Any) -> None:
    """Peak proportional set size of `parent` plus its worker processes, in KiB.

    Forked workers share most pages with the parent, so adding up RSS counts those pages
    twice; PSS splits each shared page between the processes that map it. Runs in its own
    process so that sampling does not take the benchmark's interpreter lock.
    """
    me = os.getpid()
    while not stop.is_set():
        total = _pss_kib(parent) + sum(_pss_kib(pid) for pid in _children(parent, me))
        peak.value = max(peak.value, total)
        time.sleep(0.25)


def one_run(folder: Path, out: Path) -> dict[str, tuple[float, float]]:
    """Phase -> (wall seconds, process CPU seconds)."""
    times: dict[str, tuple[float, float]] = {}
    wall, cpu = time.perf_counter(), time.process_time()
    data, notes = load_inputs(
        folder / "people.parquet",
        folder / "events.parquet",
        folder / "status_months.parquet",
        folder / "costs.csv",
    )
    times["load+validate"] = (time.perf_counter() - wall, time.process_time() - cpu)
    options = Options(jobs=default_jobs())  # as `openlead evaluate run` does by default
    wall, cpu = time.perf_counter(), time.process_time()
    outcomes, _ = choose_outcomes(data, options)
    window_counts(data, outcomes, options.window_months)
    times["aggregate (person-windows, all outcomes)"] = (
        time.perf_counter() - wall,
        time.process_time() - cpu,
    )
    with single_threaded_blas():
        outcome = run_evaluation(data, options, list(DESIGNS), out, notes=notes)
    for phase, seconds in outcome.timings.items():
        times[phase] = (seconds, outcome.cpu[phase])
    phases = ["load+validate", *outcome.timings]
    times["total (load + designs + report)"] = (
        sum(times[p][0] for p in phases),
        sum(times[p][1] for p in phases),
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="reuse data simulated earlier (Parquet)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp) / "data"
        if args.data is None:
            started = time.perf_counter()
            write_simulation(SimulationConfig(people=args.people, seed=1), folder, "parquet")
            print(
                f"simulate {args.people} people: {time.perf_counter() - started:.1f} s (not timed)"
            )
        import pyarrow.parquet as pq

        for name in ("people", "events", "status_months"):
            rows = pq.ParquetFile(folder / f"{name}.parquet").metadata.num_rows
            print(f"{name}: {rows:,} rows")
        print(f"load average at the start: {os.getloadavg()}")
        spawn = multiprocessing.get_context("spawn")
        pss_peak, stop = spawn.Value("q", 0), spawn.Event()
        sampler = spawn.Process(target=sample_pss, args=(os.getpid(), pss_peak, stop), daemon=True)
        sampler.start()
        # the anchor runs just before each run, so that each run has its own under the
        # same load (a shared machine's load changes from minute to minute)
        anchors, runs = [], []
        for k in range(args.runs):
            anchors.append(anchor(folder / "events.parquet", folder / "people.parquet"))
            runs.append(one_run(folder, Path(tmp) / f"out{k}"))
        stop.set()
        sampler.join()
    print(
        f"\nmedian of {args.runs} run(s), seconds (wall / CPU of the main process; the "
        "workers' CPU is not in it):"
    )
    for phase in runs[0]:
        wall = statistics.median(r[phase][0] for r in runs)
        cpu = statistics.median(r[phase][1] for r in runs)
        print(f"  {phase:45s} {wall:8.2f} / {cpu:8.2f}")
    print(
        f"  {'anchor: arrests per person per 6-month window':45s} "
        f"{statistics.median(anchors):8.2f}  (issue: DuckDB 0.3 s, pandas 1.7 s)"
    )
    totals = ", ".join(f"{r['total (load + designs + report)'][0]:.1f}" for r in runs)
    print(f"each run's total wall seconds: {totals}")
    ratios = [
        r["total (load + designs + report)"][0] / a for r, a in zip(runs, anchors, strict=True)
    ]
    print(
        "each run's total over its own anchor: "
        + ", ".join(f"{x:.0f}" for x in ratios)
        + f" (median {statistics.median(ratios):.0f})"
    )
    print(f"load average at the end: {os.getloadavg()}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    print(f"worker processes: {default_jobs()}")
    print(f"peak RSS: {peak:.2f} GiB in the main process (target <= 4 GB); total target <= 40 s")
    print(
        f"largest worker's peak RSS: {child:.2f} GiB (forked: most of it is pages shared "
        "with the main process, counted in both)"
    )
    print(
        f"peak PSS of the main process and its workers together: "
        f"{pss_peak.value / 1024**2:.2f} GiB (sampled every 0.25 s; target <= 4 GB)"
    )


if __name__ == "__main__":
    main()
