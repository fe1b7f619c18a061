"""Input standardisation: names, nicknames, Soundex, and bad values kept as missing."""

from __future__ import annotations

import pandas as pd
import pytest

from openlead.linkage.names import canonical_first_name, nickname_table, soundex
from openlead.linkage.prepare import Columns, prepare


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # Published examples of American Soundex (US National Archives).
        ("Robert", "R163"),
        ("Rupert", "R163"),
        ("Ashcraft", "A261"),
        ("Tymczak", "T522"),
        ("Pfister", "P236"),
        ("Lee", "L000"),
    ],
)
def test_it_computes_american_soundex(name: str, code: str) -> None:
    assert soundex(name) == code


@pytest.mark.parametrize(
    ("nickname", "formal"),
    [("bill", "william"), ("bob", "robert"), ("liz", "elizabeth"), ("peggy", "margaret"),
     ("rosie", "rosemary"), ("william", "william"), ("zelda", "zelda")],
)  # fmt: skip
def test_it_maps_nicknames_to_formal_names(nickname: str, formal: str) -> None:
    assert canonical_first_name(nickname) == formal


def test_it_ships_about_two_hundred_nickname_pairs() -> None:
    table = nickname_table()
    assert 200 <= len(table) <= 400
    assert all(k.islower() and v.islower() for k, v in table.items())


def test_it_normalises_case_spacing_and_double_surnames() -> None:
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "first_name": ["  BILL ", "Mary-Jo", ""],
            "last_name": ["Smith - Jones", "de la Cruz", "O'Neil"],
            "dob": ["1980-02-03", "1980-02-03T00:00:00", "1980-02-03"],
        }
    )
    out, bad = prepare(df, "id", Columns())
    assert bad == []
    assert out["first_name"].tolist()[:2] == ["bill", "mary-jo"]
    assert pd.isna(out["first_name"].iloc[2])
    assert out["first_name_canon"].iloc[0] == "william"
    assert out["last_name"].tolist() == ["smith-jones", "de la cruz", "o'neil"]
    assert out["last_name_1"].tolist() == ["smith", "de", "o'neil"]
    assert out["last_name_2"].tolist()[:2] == ["jones", "cruz"]
    assert out["dob"].tolist() == ["1980-02-03"] * 3


def test_it_keeps_rows_with_bad_values_and_reports_row_and_column() -> None:
    df = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "first_name": ["Ann", "Bob", "Cy", "Di"],
            "last_name": ["Fake", "Fake", "Fake", "Fake"],
            "birth": ["1980-02-30", "03/04/1980", "2999-01-01", "1980-01-01"],
            "gender": ["F", "Q", "U", "female"],
        }
    )
    out, bad = prepare(df, "id", Columns(dob="birth", sex="gender"))
    assert len(out) == 4
    assert [(b.row, b.column) for b in bad] == [
        (1, "birth"),
        (2, "birth"),
        (3, "birth"),
        (2, "gender"),
    ]
    assert out["dob"].isna().tolist() == [True, True, True, False]
    # "U" honestly says unknown: missing, but not a data-entry problem.
    assert (
        out["sex"].tolist()[0] == "f" and pd.isna(out["sex"].iloc[2]) and out["sex"].iloc[3] == "f"
    )


def test_it_accepts_real_date_columns_from_parquet() -> None:
    df = pd.DataFrame(
        {
            "id": [1],
            "first_name": ["Ann"],
            "last_name": ["Fake"],
            "dob": pd.to_datetime(["1980-02-03"]),
        }
    )
    out, bad = prepare(df, "id", Columns())
    assert (
        bad == [] and out["dob"].tolist() == ["1980-02-03"] and out["unique_id"].tolist() == ["1"]
    )


def test_it_raises_for_a_missing_required_column() -> None:
    df = pd.DataFrame({"id": [1], "first_name": ["Ann"], "last_name": ["Fake"]})
    with pytest.raises(KeyError, match="dob"):
        prepare(df, "id", Columns())
