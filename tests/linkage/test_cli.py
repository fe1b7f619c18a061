"""`openlead link` end to end: files in, pairs.csv and summary.html out, and the
refusals (missing column, unreadable file) with exit code 2 and one clear line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from openlead.cli import main
from openlead.linkage import make_linkage_data


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = make_linkage_data(300, 6_000, match_share=0.1, seed=9)
    root = tmp_path_factory.mktemp("link")
    people = root / "people.csv"
    d.people.to_csv(people, index=False)
    records = d.records.rename(columns={"first_name": "FNAME", "dob": "BIRTH_DATE"})
    records.loc[4, "BIRTH_DATE"] = "31/12/1985"  # not ISO: reported, kept
    records.to_parquet(root / "records.parquet")
    return {"people": people, "records": root / "records.parquet", "root": root}


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, ["link", *args])


def test_it_refuses_a_missing_column_naming_file_and_column(
    files: dict[str, Path], tmp_path: Path
) -> None:
    result = _run(
        "--left", str(files["people"]), "--right", str(files["records"]), "--out", str(tmp_path)
    )
    assert result.exit_code == 2, result.output
    assert "records.parquet" in result.output and "'first_name'" in result.output
    assert "Traceback" not in result.output


def test_it_refuses_an_unreadable_file(files: dict[str, Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"this is not parquet")
    result = _run(
        "--left", str(files["people"]), "--right", str(broken), "--out", str(tmp_path / "o")
    )
    assert result.exit_code == 2, result.output
    assert "broken.parquet: cannot read" in result.output
    missing = _run(
        "--left", str(tmp_path / "nope.csv"), "--right", str(broken), "--out", str(tmp_path)
    )
    assert missing.exit_code == 2 and "nope.csv: file not found" in missing.output


def test_it_refuses_an_unknown_identifier_column(files: dict[str, Path], tmp_path: Path) -> None:
    result = _run(
        "--left", str(files["people"]), "--right", str(files["records"]), "--out", str(tmp_path),
        "--left-id", "participant_no",
    )  # fmt: skip
    assert (
        result.exit_code == 2
        and "people.csv: missing identifier column 'participant_no'" in result.output
    )


def test_it_refuses_a_review_threshold_above_auto_accept(
    files: dict[str, Path], tmp_path: Path
) -> None:
    result = _run(
        "--left", str(files["people"]), "--right", str(files["records"]), "--out", str(tmp_path),
        "--auto-accept", "0.6", "--review", "0.9",
    )  # fmt: skip
    assert result.exit_code == 2, result.output


@pytest.mark.slow
def test_it_links_files_and_writes_pairs_and_summary(
    files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = _run(
        "--left", str(files["people"]), "--right", str(files["records"]), "--out", str(out),
        "--map", "first_name=FNAME", "--map", "dob=BIRTH_DATE", "--seed", "3",
        "--auto-accept", "0.9", "--review", "0.4",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # The bad date is reported with file, row and column, and the record is kept.
    assert "records.parquet: row 5, column 'BIRTH_DATE': '31/12/1985'" in result.output
    bad = pd.read_csv(out / "bad_values.csv")
    assert bad[["row", "column"]].values.tolist() == [[5, "BIRTH_DATE"]]
    pairs = pd.read_csv(out / "pairs.csv")
    assert list(pairs.columns[:5]) == [
        "person_id",
        "record_id",
        "match_probability",
        "match_weight",
        "band",
    ]
    assert {"level_first_name", "level_dob", "gamma_last_name"} <= set(pairs.columns)
    assert set(pairs["band"]) == {"auto_accept", "review"}
    assert (pairs.loc[pairs["band"] == "auto_accept", "match_probability"] >= 0.9).all()
    assert pairs["match_probability"].min() >= 0.4
    # About 600 true pairs exist; nearly all should be accepted.
    assert 540 <= (pairs["band"] == "auto_accept").sum() <= 640
    summary = (out / "summary.html").read_text()
    assert "<svg" in summary and "Auto-accept" in summary
    assert f"{(pairs['band'] == 'review').sum():,}</td>" in summary
    # Self-contained: nothing fetched from elsewhere.
    assert not any(tag in summary for tag in ("<script", " src=", "<link", "<img"))
    # Pairs per blocking rule and the blocking ceiling, on the page and on stdout, with
    # the band counts still the last line.
    assert "Blocking recall ceiling" in summary and "phonetic first+last" in summary
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith("blocking rule phonetic first+last: ") for line in lines)
    ceiling = next(line for line in lines if line.startswith("blocking recall ceiling"))
    assert 0.5 < float(ceiling.rsplit(" ", 1)[1]) <= 1.0
    assert "auto-accepted" in lines[-1]


@pytest.mark.slow
def test_it_suffixes_identifier_columns_that_share_a_name(tmp_path: Path) -> None:
    d = make_linkage_data(100, 1_500, match_share=0.1, seed=4)
    d.people.rename(columns={"person_id": "id"}).to_csv(tmp_path / "a.csv", index=False)
    d.records.rename(columns={"record_id": "id"}).to_csv(tmp_path / "b.csv", index=False)
    result = _run(
        "--left",
        str(tmp_path / "a.csv"),
        "--right",
        str(tmp_path / "b.csv"),
        "--out",
        str(tmp_path / "o"),
    )
    assert result.exit_code == 0, result.output
    pairs = pd.read_csv(tmp_path / "o" / "pairs.csv")
    assert list(pairs.columns[:2]) == ["id_left", "id_right"]
    assert (
        pairs["id_left"].str.startswith("P").all() and pairs["id_right"].str.startswith("R").all()
    )
