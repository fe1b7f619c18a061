"""`openlead export hmis`: bad arguments exit 2 naming the option; `--check` names the
file, row and column of each problem and exits 2, or 0 on a clean export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from openlead.cli import main
from tests.conftest import World
from tests.hmis.helpers import FULL, G, make_project, release, rewrite, stay

pytestmark = pytest.mark.django_db(databases="__all__")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["export", "hmis", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--program", "test-city", "--from", "2026-01-01", "--to", "2026-02-30", "--out", "x"],
            "--to: '2026-02-30' is not a date",
        ),
        (
            ["--program", "test-city", "--from", "2026-03-01", "--to", "2026-02-01", "--out", "x"],
            "--from: 2026-03-01 is after --to",
        ),
        (["--program", "test-city", "--out", "x"], "missing --from, --to"),
        (["--check", "x", "--program", "test-city"], "--check takes only the directory"),
        (["--check", "no-such-dir"], "--check: no-such-dir is not a directory"),
    ],
)
def test_it_exits_2_naming_the_bad_option(args: list[str], message: str) -> None:
    code, output = _run(*args)
    assert code == 2 and message in output, output


def test_it_exits_2_for_a_program_without_hmis_settings(world: World, tmp_path: Path) -> None:
    code, output = _run(
        "--program",
        "test-city",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-30",
        "--out",
        str(tmp_path / "out"),
    )
    assert code == 2 and "no program 'test-city' with HMIS project settings" in output
    assert not (tmp_path / "out").exists()


@pytest.fixture
def folder(world: World, tmp_path: Path) -> Path:
    make_project(world)
    stay(world.people["own"], started=dt.date(2026, 2, 3), exited=dt.date(2026, 6, 30))
    stay(world.people["same"], started=dt.date(2026, 3, 1))
    release(world, world.people["own"], FULL)
    release(world, world.people["same"], [G.ENROLLMENT_STATUS])
    out = tmp_path / "export"
    code, output = _run(
        "--program", "test-city", "--from", "2026-01-01", "--to", "2026-11-30", "--out", str(out)
    )
    assert code == 0 and "2 people" in output, output
    return out


def test_it_checks_a_clean_export_with_exit_0_and_refuses_to_overwrite_it(folder: Path) -> None:
    code, output = _run("--check", str(folder))
    assert code == 0 and "0 problems" in output and "Client.csv 2" in output, output
    code, output = _run(
        "--program", "test-city", "--from", "2026-01-01", "--to", "2026-11-30", "--out", str(folder)
    )
    assert code == 2 and "already holds an export" in output


def test_it_catches_a_code_outside_its_list(folder: Path) -> None:
    rewrite(folder, "Exit.csv", 0, "Destination", "999")
    code, output = _run("--check", str(folder))
    assert (
        code == 2 and "Exit.csv, row 2, column Destination: 999 is not in the code list" in output
    )


def test_it_catches_a_key_that_names_no_client(folder: Path) -> None:
    rewrite(folder, "Enrollment.csv", 1, "PersonalID", "nobody")
    code, output = _run("--check", str(folder))
    assert code == 2
    assert "Enrollment.csv, row 3, column PersonalID: 'nobody' is not in Client.csv" in output


def test_it_catches_a_bad_date_and_a_date_outside_the_stay(folder: Path) -> None:
    rewrite(folder, "Enrollment.csv", 1, "EntryDate", "03/01/2026")  # what Excel does to dates
    rewrite(folder, "IncomeBenefits.csv", 0, "InformationDate", "2026-12-25")
    code, output = _run("--check", str(folder))
    assert code == 2
    assert (
        "Enrollment.csv, row 3, column EntryDate: '03/01/2026' is not a date (YYYY-MM-DD)" in output
    )
    assert (
        "IncomeBenefits.csv, row 2, column InformationDate: 2026-12-25 is outside the stay"
        in output
    )


def test_it_catches_a_missing_file_a_wrong_header_and_another_export_id(folder: Path) -> None:
    (folder / "Funder.csv").unlink()
    text = (folder / "User.csv").read_text(encoding="utf-8")
    (folder / "User.csv").write_text(
        text.replace("UserFirstName", "FirstName", 1), encoding="utf-8"
    )
    rewrite(folder, "Client.csv", 0, "ExportID", "another")
    code, output = _run("--check", str(folder))
    assert code == 2
    assert "Funder.csv, column -: file missing" in output
    assert "User.csv, row 1, column FirstName (expected UserFirstName): header" in output
    assert "Client.csv, row 2, column ExportID: 'another' is not Export.csv's" in output


def test_it_catches_a_required_value_left_empty_and_a_repeated_id(folder: Path) -> None:
    rewrite(folder, "Client.csv", 0, "NameDataQuality", "")
    first = (folder / "HealthAndDV.csv").read_text(encoding="utf-8").splitlines()[1]
    with (folder / "HealthAndDV.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(first + "\r\n")
    code, output = _run("--check", str(folder))
    assert code == 2
    assert "Client.csv, row 2, column NameDataQuality: required value missing" in output
    assert "HealthAndDV.csv, row 4, column HealthAndDVID:" in output and "repeats row 2" in output
