"""Mapping files: the shipped ones load; mistakes name the file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from openlead.records.mapping import MappingError, load_mapping
from tests.records.conftest import MAPPINGS

GOOD = """[record]
id = "Id"
code = "Code"
date = "Date"

[kinds]
ARR = "arrest"

[identity]
first_name = "First"
last_name = "Last"
dob = "Dob"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.toml"
    path.write_text(text)
    return path


def test_it_names_the_line_of_invalid_toml(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD + "oops = \n")
    with pytest.raises(MappingError, match=r"m\.toml: line 13: not valid TOML"):
        load_mapping(path)


def test_it_names_the_line_and_key_of_an_unknown_key(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace('code = "Code"', 'code = "Code"\ncolour = "x"'))
    with pytest.raises(MappingError, match=r"line 4, key record\.colour: unknown key"):
        load_mapping(path)


def test_it_names_the_line_and_key_of_an_unknown_event_kind(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace('ARR = "arrest"', 'ARR = "arrest"\nXX = "parole"'))
    with pytest.raises(MappingError, match=r"line 8, key kinds\.XX: 'parole' is not one of"):
        load_mapping(path)


def test_it_requires_a_severity_for_charges(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace('ARR = "arrest"', 'CHG = "charge"'))
    with pytest.raises(MappingError, match=r"key record: charges need record\.severity"):
        load_mapping(path)


def test_it_names_a_column_missing_from_the_header(tmp_path: Path) -> None:
    mapping = load_mapping(_write(tmp_path, GOOD))
    with pytest.raises(MappingError, match=r"line 12, key identity\.dob: column 'Dob' is not"):
        mapping.check_header(["Id", "Code", "Date", "First", "Last"])


def test_it_loads_the_shipped_mappings() -> None:
    police = load_mapping(MAPPINGS / "police_records.toml")
    jail = load_mapping(MAPPINGS / "jail_bookings.toml")
    assert set(police.kinds.values()) == {"arrest", "charge", "booking", "disposition"}
    assert police.severities == {"F": "felony", "GM": "misdemeanor", "M": "misdemeanor"}
    assert set(jail.kinds.values()) == {"jail_stay", "prison_admission"}
    assert jail.record["end_date"] == "ReleaseDate"
    assert jail.identity["booking_number"] == "BookingNo"
