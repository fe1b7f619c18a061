"""Event kinds are text from a user's CSV: in the DuckDB SQL they stay plain data.

The payload closes the quoted alias the outcome name used to be pasted into, and tries
to end the statement and drop the events table."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from openlead.cli import main
from openlead.duckdb_sql import identifier, number, string

PAYLOAD = 'x" FROM t; DROP TABLE events; --'
KIND = PAYLOAD.lower()  # the events reader lower-cases kinds; SQL keywords stay keywords
LITERAL_PAYLOAD = "x' OR 1=1; DROP TABLE events; --"


def test_it_refuses_what_cannot_be_quoted() -> None:
    for bad in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(ValueError, match="not a finite number"):
            number(bad)
    with pytest.raises(ValueError, match="NUL"):
        identifier("a\x00b")
    with pytest.raises(ValueError, match="NUL"):
        string("a\x00b")


def test_it_quotes_with_duckdbs_own_escaping() -> None:
    assert identifier(PAYLOAD) == '"x"" FROM t; DROP TABLE events; --"'
    assert string(LITERAL_PAYLOAD) == "'x'' OR 1=1; DROP TABLE events; --'"
    assert number(0.25) == "0.25"
    con = duckdb.connect()
    con.execute("CREATE TABLE events (kind VARCHAR)")
    con.execute("INSERT INTO events VALUES ('arrest'), (?)", [LITERAL_PAYLOAD])
    frame = con.execute(
        f"SELECT count(*) AS {identifier(PAYLOAD)} FROM events "  # noqa: S608
        f"WHERE kind = {string(LITERAL_PAYLOAD)}"
    ).df()
    assert list(frame.columns) == [PAYLOAD] and frame.iloc[0, 0] == 1
    assert con.execute("SELECT count(*) FROM events").fetchone() == (2,)  # still there


def test_it_runs_an_evaluation_whose_event_kind_is_an_injection_payload(
    small_simulation: dict[str, Path], tmp_path: Path
) -> None:
    events = pd.read_csv(small_simulation["events"])
    crafted = events["kind"] == "booking"
    assert crafted.sum() > 50
    events.loc[crafted, "kind"] = PAYLOAD
    events_file = tmp_path / "events.csv"
    events.to_csv(events_file, index=False)
    out = tmp_path / "report"
    result = CliRunner().invoke(
        main,
        [
            "evaluate",
            "run",
            "--people",
            str(small_simulation["people"]),
            "--events",
            str(events_file),
            "--design",
            "recidivism,time-to-event",
            "--outcomes",
            f"any_arrest,{KIND}",
            "--jobs",
            "1",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    results = json.loads((out / "results.json").read_text())
    outcomes = {(e["design"], e["outcome"]) for e in results["estimates"]}
    # The crafted kind is analysed as an outcome of its own, by both designs, by name.
    assert {d for d, o in outcomes if o == KIND} == {"recidivism", "time-to-event"}
    assert {o for _, o in outcomes} == {"any_arrest", KIND}
    assert not [w for w in results["warnings"] if "not found" in w]
