"""Justice-records import benchmark: 1,000,000 rows into PostgreSQL (target <= 120 s).

Run: .venv/bin/python benchmarks/records_import.py [--rows 1000000] [--runs 1] [--workers 2]
     [--database-url postgres://postgres@127.0.0.1:5432/openlead_bench]

Creates (or reuses) the two benchmark databases, migrates them, writes a fake extract in
the police_records mapping's layout, and imports it with `import_file` (encryption,
blind indexes, chunked bulk inserts, batch ledger). Each run uses a new source name, so
every row is new. Prints each run, the median, and a re-run of the same file (no-op).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST = ["Jordan", "Casey", "Riley", "Morgan", "Taylor", "Alex", "Sam", "Jamie", "Robin", "Drew"]
LAST = ["Fakename", "Examplesson", "Testperson", "Sampleton", "Doefake", "Mockley", "Placeholt"]
CODES = [
    ("ARR", "Arrest - on view", ""),
    ("CHG", "Theft 3", "GM"),
    ("CHG", "Burglary 2", "F"),
    ("BKG", "Booked into county jail", ""),
    ("DSP", "Dismissed", ""),
]


def write_extract(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "EventId",
                "EventType",
                "EventDescription",
                "EventDate",
                "OffenseLevel",
                "FirstName",
                "LastName",
                "DOB",
                "Sex",
                "SID",
            ]
        )
        for i in range(rows):
            code, text, level = CODES[i % len(CODES)]
            person = rng.randrange(rows // 4 + 1)
            out.writerow(
                [
                    f"EV{i:09d}",
                    code,
                    text,
                    f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(2015, 2025)}",
                    level,
                    FIRST[person % 10],
                    LAST[person % 7] + str(person % 1000),
                    f"{person % 12 + 1:02d}/{person % 28 + 1:02d}/{1950 + person % 50}",
                    "MF"[person % 2],
                    f"WA{person:08d}" if person % 3 else "",
                ]
            )


def setup(url: str) -> None:
    keys_url = url + "_keys"
    for target in (url, keys_url):
        base, name = target.rsplit("/", 1)
        subprocess.run(
            ["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"],
            capture_output=True,
            check=False,
        )
    os.environ.update(
        DJANGO_SETTINGS_MODULE="openlead.settings",
        OPENLEAD_SECRET_KEY="benchmark-secret-key-0123456789abcdef",  # noqa: S106 (fake)
        OPENLEAD_KEK="bench:" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=",
        OPENLEAD_BLIND_INDEX_KEY="b:" + "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=",
        DATABASE_URL=url,
        OPENLEAD_KEYS_DATABASE_URL=keys_url,
        OPENLEAD_DATA_DIR=tempfile.gettempdir(),
    )
    import django

    django.setup()
    from openlead.django_setup import migrate

    migrate()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="parsing processes (0: none)")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/openlead_bench"
    )
    args = parser.parse_args()
    setup(args.database_url)
    from openlead.access.acting import Actor
    from openlead.records.importer import import_file
    from openlead.records.mapping import load_mapping

    mapping = load_mapping(ROOT / "openlead/records/mappings/police_records.toml")
    acting = Actor.system("benchmark")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "extract.csv"
        started = time.perf_counter()
        write_extract(path, args.rows)
        print(f"wrote {args.rows:,} rows in {time.perf_counter() - started:.1f} s")
        times = []
        source = ""
        for run in range(args.runs):
            source = f"bench-{int(time.time())}-{run}"
            started = time.perf_counter()
            outcome = import_file(path, mapping, source=source, acting=acting, workers=args.workers)
            elapsed = time.perf_counter() - started
            assert outcome.batch is not None
            assert outcome.batch.rows_imported == args.rows, outcome.batch.rows_imported
            times.append(elapsed)
            print(f"run {run + 1}: {elapsed:.1f} s ({args.rows / elapsed:,.0f} rows/s)")
        median = statistics.median(times)
        print(f"median import of {args.rows:,} rows: {median:.1f} s (target <= 120 s)")
        started = time.perf_counter()
        again = import_file(path, mapping, source=source, acting=acting)
        assert again.already_done is not None
        print(f"re-run of the same file (no-op): {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
