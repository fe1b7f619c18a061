"""Loading and validating the input files: every error names file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from openlead.evaluation.io import load_inputs, prepare_inputs
from openlead.evaluation.types import InputError

PEOPLE = """person_id,group,index_date,birth_year,race,score
A1,program,2013-01-10,1980,Black,1.5
A2,comparison,2013-02-11,1975,White,0.5
A3,program,2013-03-12,1990,White,2.0
"""
EVENTS = """person_id,date,kind,severity,warrant,end_date
A1,2012-01-05,arrest,,false,
A1,2013-03-01,jail_stay,,,2013-03-04
A2,2013-05-02,charge,felony,,
A3,2014-01-01,arrest,,true,
"""


def _write(folder: Path, people: str = PEOPLE, events: str = EVENTS) -> tuple[Path, Path]:
    (folder / "people.csv").write_text(people)
    (folder / "events.csv").write_text(events)
    return folder / "people.csv", folder / "events.csv"


def _error(folder: Path, people: str = PEOPLE, events: str = EVENTS) -> InputError:
    with pytest.raises(InputError) as caught:
        load_inputs(*_write(folder, people, events))
    return caught.value


# Each row: the file changed, the change, and the row/column the message must name.
# Row numbers count the CSV header as row 1, so the first data row is row 2.
BAD_INPUTS = [
    pytest.param("people", ("group,", ""), 1, "group", id="missing-column"),
    pytest.param("events", ("2013-05-02", "2013-13-45"), 4, "date", id="bad-date"),
    pytest.param("events", ("A3,2014", "Z9,2014"), 5, "person_id", id="unknown-person"),
    pytest.param("events", ("2013-03-04", "2013-02-01"), 3, "end_date", id="stay-ends-early"),
    pytest.param("people", ("comparison", "control"), 3, "group", id="bad-group"),
    pytest.param("events", ("felony", "violation"), 4, "severity", id="bad-severity"),
    pytest.param("events", ("false", "maybe"), 2, "warrant", id="bad-boolean"),
    pytest.param("people", ("A3,program", "A1,program"), 4, "person_id", id="duplicate-id"),
]


@pytest.mark.parametrize(("table", "change", "row", "column"), BAD_INPUTS)
def test_it_names_the_file_row_and_column_of_each_bad_input(
    tmp_path: Path, table: str, change: tuple[str, str], row: int, column: str
) -> None:
    people = PEOPLE.replace(*change, 1) if table == "people" else PEOPLE
    events = EVENTS.replace(*change, 1) if table == "events" else EVENTS
    error = _error(tmp_path, people, events)
    assert error.file.endswith(f"{table}.csv")
    assert (error.row, error.column) == (row, column)
    assert f"row {row}" in str(error) and repr(column) in str(error)


def test_it_lists_further_bad_rows_in_the_same_message(tmp_path: Path) -> None:
    events = EVENTS.replace("2013-05-02", "soon").replace("2014-01-01", "later")
    error = _error(tmp_path, events=events)
    assert error.row == 4
    assert "also rows 5" in str(error)


def test_it_numbers_parquet_rows_like_csv_rows(tmp_path: Path) -> None:
    people, events = _write(tmp_path)
    frame = pd.read_csv(events, dtype=str)
    frame.loc[2, "person_id"] = "nobody"
    frame.to_parquet(tmp_path / "events.parquet")
    with pytest.raises(InputError) as caught:
        load_inputs(people, tmp_path / "events.parquet")
    assert (caught.value.row, caught.value.column) == (4, "person_id")


def test_it_types_columns_and_derives_age_and_prior_arrests(tmp_path: Path) -> None:
    data, notes = load_inputs(*_write(tmp_path))
    people = data.people.set_index("person_id")
    assert people.loc["A1", "age"] == 33  # 2013 - 1980
    assert people.loc["A1", "prior_arrests"] == 1  # 2012-01-05 is before index - 6 months
    assert people.loc["A3", "prior_arrests"] == 0
    assert data.covariates == ["race", "score", "age", "prior_arrests"]
    assert str(data.events["date"].dtype) == "datetime64[ns]"
    assert data.events["warrant"].dropna().tolist() == [False, True]
    assert any("last event date" in n for n in notes)


def test_it_keeps_only_the_covariates_asked_for(tmp_path: Path) -> None:
    people, events = _write(tmp_path)
    data, _ = load_inputs(people, events, covariates=["score", "prior_arrests"])
    assert data.covariates == ["score", "prior_arrests"]
    with pytest.raises(InputError, match="covariates"):
        load_inputs(people, events, covariates=["height"])


def test_it_ignores_events_after_the_follow_up_end_and_says_so(tmp_path: Path) -> None:
    import datetime as dt

    data, notes = load_inputs(*_write(tmp_path), follow_up_end=dt.date(2013, 12, 31))
    assert data.events["date"].max() < pd.Timestamp("2014-01-01")
    assert len(data.events) == 3
    assert any("1 events after the end of follow-up" in n for n in notes)


def test_it_rejects_a_follow_up_end_before_the_index_date(tmp_path: Path) -> None:
    people = PEOPLE.replace(
        "person_id,group,index_date,", "person_id,group,index_date,followup_end,"
    )
    people = people.replace("A1,program,2013-01-10,", "A1,program,2013-01-10,2012-01-01,")
    people = people.replace("A2,comparison,2013-02-11,", "A2,comparison,2013-02-11,,")
    people = people.replace("A3,program,2013-03-12,", "A3,program,2013-03-12,,")
    error = _error(tmp_path, people=people)
    assert (error.row, error.column) == (2, "followup_end")


def test_it_validates_frames_in_memory_with_the_table_name_as_file() -> None:
    people = pd.read_csv(pd.io.common.StringIO(PEOPLE), dtype=str)
    events = pd.read_csv(pd.io.common.StringIO(EVENTS.replace("A2,2013", "B7,2013")), dtype=str)
    with pytest.raises(InputError) as caught:
        prepare_inputs({"people": people, "events": events})
    assert str(caught.value).startswith("events, row 4, column 'person_id'")


def test_it_requires_a_source_for_every_unit_cost(tmp_path: Path) -> None:
    people, events = _write(tmp_path)
    costs = tmp_path / "costs.csv"
    costs.write_text("item,amount,source\njail_day,150,county budget\nbooking,90,\n")
    with pytest.raises(InputError) as caught:
        load_inputs(people, events, costs=costs)
    assert (caught.value.row, caught.value.column) == (3, "source")
