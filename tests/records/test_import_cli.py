"""`openlead import justice`: exit codes, per-row report, idempotence, encryption."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from openlead.access.models import AuditAction, AuditEvent
from openlead.cli import main
from tests.conftest import World
from tests.records.conftest import MAPPINGS

pytestmark = pytest.mark.django_db(databases="__all__")

POLICE = str(MAPPINGS / "police_records.toml")
JAIL = str(MAPPINGS / "jail_bookings.toml")


def _import(*args: str) -> object:
    return CliRunner().invoke(main, ["import", "justice", *args])


def _records() -> object:
    from openlead.records.models import JusticeRecord

    return JusticeRecord.objects


@pytest.fixture
def clean_csv(police_csv: Path) -> Path:
    """The example police extract without its three bad rows (9, 10 and 11)."""
    lines = police_csv.read_text().splitlines(keepends=True)
    police_csv.write_text("".join(lines[:9]))
    return police_csv


def test_it_exits_2_naming_a_missing_column_before_importing_anything(
    tmp_path: Path, police_csv: Path
) -> None:
    text = police_csv.read_text().replace("OffenseLevel", "Level")
    police_csv.write_text(text)
    result = _import("--source", "spd", "--mapping", POLICE, str(police_csv))
    assert result.exit_code == 2, result.output
    assert "key record.severity: column 'OffenseLevel' is not in the file's header" in result.output
    assert "police_records.toml: line" in result.output
    assert _records().count() == 0


def test_it_exits_2_for_an_unreadable_file(tmp_path: Path) -> None:
    missing = _import("--source", "spd", "--mapping", POLICE, str(tmp_path / "nope.csv"))
    assert missing.exit_code == 2
    assert "nope.csv: No such file or directory" in missing.output
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage\x81\n")
    bad = _import("--source", "spd", "--mapping", POLICE, str(binary))
    assert bad.exit_code == 2
    assert "binary.csv: not utf-8" in bad.output
    assert "Traceback" not in bad.output


def test_it_exits_2_for_a_bad_mapping_or_program(tmp_path: Path, police_csv: Path) -> None:
    mapping = tmp_path / "bad.toml"
    mapping.write_text('[record]\nid = "EventId"\nnope = "x"\n')
    result = _import("--source", "spd", "--mapping", str(mapping), str(police_csv))
    assert result.exit_code == 2
    assert "bad.toml: line 3, key record.nope: unknown key" in result.output
    result = _import("--source", "spd", "--mapping", POLICE, "--program", "nah", str(police_csv))
    assert result.exit_code == 2
    assert "no program with the slug 'nah'" in result.output


def test_it_reports_bad_rows_and_keeps_the_good_ones(world: World, police_csv: Path) -> None:
    from openlead.records.models import ImportBatch, ImportRowError

    result = _import(
        "--source", "spd", "--mapping", POLICE, "--program", "test-city", str(police_csv)
    )
    # Rows were rejected: exit 2 (a user mistake in the file), the good rows committed.
    assert result.exit_code == 2, result.output
    assert "partial: batch" in result.stdout
    assert "11 rows, 8 imported, 0 already present, 3 rejected" in result.stdout
    assert f"{police_csv}: row 9, column EventType: unknown event code 'XYZ'" in result.stderr
    report = police_csv.with_name("police_records.import-report.csv")
    assert f"{police_csv}: 3 rows were rejected, listed in {report}" in result.stderr
    assert "Traceback" not in result.output
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.rows_seen, batch.rows_imported, batch.errors) == (
        "partial",
        11,
        8,
        3,
    )
    assert list(ImportRowError.objects.values_list("row_number", "column")) == [
        (9, "EventType"),
        (10, "OffenseLevel"),
        (11, "EventDate"),
    ]
    rows = list(csv.DictReader(report.open()))
    assert [(r["row"], r["column"]) for r in rows] == [
        ("9", "EventType"),
        ("10", "OffenseLevel"),
        ("11", "EventDate"),
    ]
    kinds = sorted(_records().values_list("kind", flat=True))  # type: ignore[attr-defined]
    assert kinds == [
        "arrest",
        "arrest",
        "arrest",
        "booking",
        "charge",
        "charge",
        "charge",
        "disposition",
    ]
    charge = _records().get(external_id="PR-1005")  # type: ignore[attr-defined]
    assert (charge.severity, charge.raw_severity, charge.raw_code, charge.raw_text) == (
        "misdemeanor",
        "GM",
        "CHG",
        "Theft 3",
    )
    assert charge.program_id == world.programs["demo"].pk


def test_it_exits_0_for_a_complete_file_and_changes_nothing_when_run_again(
    clean_csv: Path, tmp_path: Path
) -> None:
    first = _import("--source", "spd", "--mapping", POLICE, str(clean_csv))
    assert first.exit_code == 0, first.output
    assert "ok: batch" in first.stdout and "8 rows, 8 imported" in first.stdout
    assert not clean_csv.with_name("police_records.import-report.csv").exists()
    creates = AuditEvent.objects.filter(action=AuditAction.CREATE).count()
    count = _records().count()  # type: ignore[attr-defined]
    again = _import("--source", "spd", "--mapping", POLICE, str(clean_csv))
    assert again.exit_code == 0, again.output
    assert "already imported" in again.output and "complete" in again.output
    # A different file holding the same events (plus a blank line) adds nothing either.
    copy = tmp_path / "copy.csv"
    copy.write_text(clean_csv.read_text() + "\n")
    third = _import("--source", "spd", "--mapping", POLICE, str(copy))
    assert third.exit_code == 0, third.output
    assert "9 rows, 0 imported, 8 already present, 0 rejected" in third.output  # blank: skipped
    assert _records().count() == count  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == creates


def test_it_exits_2_again_for_a_partial_file_run_again_and_rewrites_its_report(
    police_csv: Path,
) -> None:
    from openlead.records.models import ImportBatch

    first = _import("--source", "spd", "--mapping", POLICE, str(police_csv))
    assert first.exit_code == 2, first.output
    report = police_csv.with_name("police_records.import-report.csv")
    written = report.read_text()
    report.unlink()  # as if the first run had been killed before writing it
    audit_events, count = AuditEvent.objects.count(), _records().count()  # type: ignore[attr-defined]
    again = _import("--source", "spd", "--mapping", POLICE, str(police_csv))
    assert again.exit_code == 2, again.output
    batch = ImportBatch.objects.get()
    assert (
        f"partial: {police_csv} was already imported (batch {batch.public_id}, partial); "
        "nothing changed" in again.stdout
    )
    assert f"{police_csv}: row 10, column OffenseLevel: a charge needs a severity" in again.stderr
    assert f"{police_csv}: 3 rows were rejected, listed in {report}" in again.stderr
    assert report.read_text() == written
    assert (AuditEvent.objects.count(), _records().count()) == (audit_events, count)  # type: ignore[attr-defined]


def test_it_imports_the_corrected_rows_of_a_partial_file_and_exits_0(police_csv: Path) -> None:
    first = _import("--source", "spd", "--mapping", POLICE, str(police_csv))
    assert first.exit_code == 2, first.output
    fixed = (
        police_csv.read_text()
        .replace("PR-1009,XYZ,", "PR-1009,ARR,")
        .replace(
            "PR-1010,CHG,Charge without a level,05/07/2025,,", "PR-1010,CHG,Theft 3,05/07/2025,GM,"
        )
        .replace("13/45/2025", "05/08/2025")
    )
    police_csv.write_text(fixed)
    second = _import("--source", "spd", "--mapping", POLICE, str(police_csv))
    assert second.exit_code == 0, second.output
    assert "11 rows, 3 imported, 8 already present, 0 rejected" in second.stdout
    assert _records().count() == 11  # type: ignore[attr-defined]


def test_it_writes_one_audit_event_per_batch_with_counts(police_csv: Path) -> None:
    before = AuditEvent.objects.count()
    result = _import("--source", "spd", "--mapping", POLICE, str(police_csv))
    assert result.exit_code == 2, result.output  # 3 rows rejected, 8 imported
    events = list(AuditEvent.objects.filter(seq__gt=before).order_by("seq"))
    # One event for the batch, then one for clustering its source's records (issue 17).
    assert len(events) == 2
    assert events[1].purpose == "justice records clustering"
    assert events[0].action == AuditAction.CREATE
    assert {k: events[0].detail[k] for k in ("rows_seen", "rows_imported", "errors")} == {
        "rows_seen": 11,
        "rows_imported": 8,
        "errors": 3,
    }


def test_it_imports_jail_stays_and_prison_admissions(jail_csv: Path) -> None:
    result = _import("--source", "kcj", "--mapping", JAIL, str(jail_csv))
    assert result.exit_code == 2, result.output
    assert "row 5, column ReleaseDate: ends before it starts" in result.stderr
    assert "1 row was rejected" in result.stderr
    stay = _records().get(external_id="JM-5001")  # type: ignore[attr-defined]
    assert (stay.kind, str(stay.occurred_on), str(stay.ended_on)) == (
        "jail_stay",
        "2025-03-02",
        "2025-03-04",
    )
    assert _records().get(external_id="JM-5004").kind == "prison_admission"  # type: ignore[attr-defined]


def test_it_stores_identity_only_encrypted_with_a_blind_index(clean_csv: Path) -> None:
    from openlead.people.vault import identifier_index
    from openlead.records.identity import record_identity
    from openlead.records.models import JusticeRecord, SourceKey

    assert _import("--source", "spd", "--mapping", POLICE, str(clean_csv)).exit_code == 0
    record = JusticeRecord.objects.get(external_id="PR-1001")
    stored = " ".join(str(v) for v in record.__dict__.values()) + bytes(record.identity).hex()
    assert "Fakename" not in stored and "WA90000001" not in stored
    assert b"Fakename".hex() not in stored
    assert record.birth_year == 1988
    assert record.state_id_index == identifier_index("state_id", "WA90000001")
    assert record_identity(record)["last_name"] == "Fakename"
    assert record_identity(record)["dob"] == "1988-05-14"
    assert SourceKey.objects.using("keys").filter(source="spd").exists()


def test_it_merges_rows_a_concurrent_import_stored_first(police_csv: Path) -> None:
    """The fallback path of the PostgreSQL writer: ON CONFLICT DO NOTHING via a temp table."""
    from django.db import connection, transaction

    from openlead.records import store
    from openlead.records.models import JusticeRecord

    if connection.vendor != "postgresql":
        pytest.skip("the COPY writer is PostgreSQL-only")
    assert _import("--source", "spd", "--mapping", POLICE, str(police_csv)).exit_code == 2
    first = JusticeRecord.objects.get(external_id="PR-1001")
    row = tuple(
        getattr(first, c) if c not in ("public_id", "external_id") else f"X-{c}"
        for c in store.COLUMNS
    )
    row = tuple(
        first.external_id if c == "external_id" else v
        for c, v in zip(store.COLUMNS, row, strict=True)
    )
    new = tuple(
        "PR-NEW" if c == "external_id" else ("newPublicId1" if c == "public_id" else v)
        for c, v in zip(store.COLUMNS, row, strict=True)
    )
    with transaction.atomic():
        assert store._copy_merge([row, new]) == 1
    assert JusticeRecord.objects.filter(source="spd").count() == 9


def test_it_gives_the_same_result_with_worker_processes(police_csv: Path) -> None:
    from openlead.records.models import ImportBatch, ImportRowError

    result = _import(
        "--source", "spd", "--mapping", POLICE, "--chunk", "3", "--workers", "2", str(police_csv)
    )
    assert result.exit_code == 2, result.output  # the file's 3 bad rows
    batch = ImportBatch.objects.get()
    assert (batch.rows_seen, batch.rows_imported, batch.errors) == (11, 8, 3)
    assert ImportRowError.objects.count() == 3
    assert sorted(_records().values_list("external_id", flat=True))[:2] == ["PR-1001", "PR-1002"]  # type: ignore[attr-defined]
