"""Evaluation engine benchmark: 100,000 people, ~10M events, ~1.9M status months.

Run: .venv/bin/python benchmarks/evaluation.py [--runs 3] [--people 100000] [--data DIR]
(--data reuses the output of `openlead evaluate simulate --people 100000 --seed 1
--format parquet --out DIR` instead of simulating again).

Prints the time of each phase (load+validate, aggregate, each design, report), the peak
RSS, and the anchor from the issue: counting arrests per person per 6-month window over
the 10M events in DuckDB (0.3 s on the reference machine; pandas 1.7 s).
Targets: the whole run <= 60 s and <= 4 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openlead.evaluation.designs import DESIGNS  # noqa: E402
from openlead.evaluation.io import load_inputs  # noqa: E402
from openlead.evaluation.model import Options  # noqa: E402
from openlead.evaluation.outcomes import choose_outcomes, window_counts  # noqa: E402
from openlead.evaluation.run import run_evaluation, single_threaded_blas  # noqa: E402
from openlead.evaluation.simulate import SimulationConfig, write_simulation  # noqa: E402


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
    options = Options()
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
        anchors = [anchor(folder / "events.parquet", folder / "people.parquet") for _ in range(3)]
        runs = [one_run(folder, Path(tmp) / f"out{k}") for k in range(args.runs)]
    print(f"\nmedian of {args.runs} run(s), seconds (wall / process CPU):")
    for phase in runs[0]:
        wall = statistics.median(r[phase][0] for r in runs)
        cpu = statistics.median(r[phase][1] for r in runs)
        print(f"  {phase:45s} {wall:8.2f} / {cpu:8.2f}")
    print(
        f"  {'anchor: arrests per person per 6-month window':45s} "
        f"{statistics.median(anchors):8.2f}  (issue: DuckDB 0.3 s, pandas 1.7 s)"
    )
    print(f"load average at the end: {os.getloadavg()}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
    print(f"peak RSS: {peak:.2f} GiB (target <= 4 GB); total target <= 60 s")


if __name__ == "__main__":
    main()
