"""Dates, windows and covariates checked against the data's range (issue 18, part 4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from openlead.cli import main
from openlead.evaluation.io import load_inputs
from openlead.evaluation.types import InputError


def _run(paths: dict[str, Path], *extra: str, out: Path) -> tuple[int, str]:
    args = ["evaluate", "run", "--people", str(paths["people"]), "--events", str(paths["events"])]
    result = CliRunner().invoke(main, [*args, *extra, "--out", str(out)])
    return result.exit_code, result.output


def test_a_follow_up_end_before_every_index_date_is_an_error_not_an_empty_run(
    small_simulation: dict[str, Path], tmp_path: Path
) -> None:
    code, output = _run(small_simulation, "--follow-up-end", "1900-01-01", out=tmp_path / "o")
    assert code == 2, output
    assert "option --follow-up-end: 1900-01-01 is on or before every index_date" in output
    assert not (tmp_path / "o" / "report.html").exists()
    with pytest.raises(InputError) as caught:
        load_inputs(
            small_simulation["people"],
            small_simulation["events"],
            follow_up_end=dt.date(1900, 1, 1),
        )
    assert caught.value.field == "follow_up_end"
    assert caught.value.column == "--follow-up-end" and caught.value.row is None


def _with(
    paths: dict[str, Path], tmp: Path, table: str, column: str, value: str
) -> dict[str, Path]:
    frames = {name: pd.read_csv(paths[name], dtype=str) for name in ("people", "events")}
    frames[table].loc[6, column] = value  # data row 7 of the CSV: spreadsheet row 8
    out = {}
    for name, frame in frames.items():
        out[name] = tmp / f"{name}.csv"
        frame.to_csv(out[name], index=False)
    return out


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        pytest.param("events", "date", "2099-05-01", id="event-in-the-future"),
        pytest.param("people", "index_date", "1899-12-31", id="index-before-1900"),
        pytest.param("people", "index_date", "2098-01-01", id="index-in-the-future"),
    ],
)
def test_a_date_outside_the_data_range_names_file_row_and_column(
    small_simulation: dict[str, Path], tmp_path: Path, table: str, column: str, value: str
) -> None:
    paths = _with(small_simulation, tmp_path, table, column, value)
    code, output = _run(paths, out=tmp_path / "o")
    assert code == 2, output
    assert f"{table}.csv, row 8, column '{column}'" in output
    assert "outside 1900-01-01 to today" in output
    with pytest.raises(InputError) as caught:
        load_inputs(paths["people"], paths["events"])
    assert (caught.value.row, caught.value.column, caught.value.field) == (8, column, column)


def test_a_window_longer_than_anyone_is_followed_is_an_error(
    small_simulation: dict[str, Path], tmp_path: Path
) -> None:
    code, output = _run(
        small_simulation,
        "--follow-up-end",
        "2012-01-01",
        "--window-months",
        "12",
        out=tmp_path / "o",
    )
    assert code == 2, output
    assert "option --window-months: 12 months is longer than anyone's follow-up" in output
    with pytest.raises(InputError) as caught:
        load_inputs(
            small_simulation["people"],
            small_simulation["events"],
            follow_up_end=dt.date(2012, 1, 1),
            window_months=12,
        )
    assert caught.value.field == "window_months"


def test_a_named_covariate_that_never_varies_is_an_error(
    small_simulation: dict[str, Path], tmp_path: Path
) -> None:
    people = pd.read_csv(small_simulation["people"], dtype=str)
    people["site"] = "north"
    people.to_csv(tmp_path / "people.csv", index=False)
    paths = {"people": tmp_path / "people.csv", "events": small_simulation["events"]}
    code, output = _run(paths, "--covariates", "race,site", out=tmp_path / "o")
    assert code == 2, output
    assert "column 'site': named in --covariates but the same for everyone ('north')" in output
    with pytest.raises(InputError) as caught:
        load_inputs(paths["people"], paths["events"], covariates=["race", "site"])
    assert caught.value.field == "covariates"
