"""Import batches in the web app: status with progress, and the rejected rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.cli import main
from tests.conftest import World
from tests.records.conftest import MAPPINGS
from tests.records.helpers import make_batch

pytestmark = pytest.mark.django_db(databases="__all__")

POLICE = str(MAPPINGS / "police_records.toml")
REFRESH = '<meta http-equiv="refresh"'


def _batch_url(batch: Any) -> str:
    return reverse("import_batch", kwargs={"batch_id": batch.public_id})


def _import(police_csv: Path, *program: str) -> Any:
    args = ["import", "justice", "--source", "spd", "--mapping", POLICE, *program]
    result = CliRunner().invoke(main, [*args, str(police_csv)])
    assert result.exit_code == 2, result.output  # the example's 3 bad rows
    from openlead.records.models import ImportBatch

    return ImportBatch.objects.get(source="spd")


def test_it_sends_anonymous_visitors_to_log_in(world: World, client: Any) -> None:
    assert client.get(reverse("import_batches")).status_code == 302
    assert client.get(_batch_url(make_batch(world, "own"))).status_code == 302


@pytest.mark.parametrize("username", ["alice", "otto", "dave", "erin", "frank", "gina", "hank"])
def test_it_refuses_everyone_but_supervisors_and_program_admins(
    world: World, client: Any, username: str
) -> None:
    batch = make_batch(world, "own")
    client.force_login(world.users[username])
    for url in (reverse("import_batches"), _batch_url(batch)):
        response = client.get(url)
        assert response.status_code == 403
        assert batch.file_name not in response.content.decode()
        event = AuditEvent.objects.last()
        assert (event.action, event.outcome, event.path) == ("read", "denied", url)


def test_it_gives_another_programs_batch_the_same_audited_404_as_a_missing_one(
    world: World, client: Any
) -> None:
    other = make_batch(world, "other")
    client.force_login(world.users["bob"])
    missing = reverse("import_batch", kwargs={"batch_id": "noSuchBatch1234"})
    for url in (_batch_url(other), missing):
        assert client.get(url).status_code == 404
        event = AuditEvent.objects.last()
        assert (event.outcome, event.purpose) == ("not_found", "justice records import report")
    assert other.file_name not in client.get(reverse("import_batches")).content.decode()


def test_it_shows_a_real_imports_counts_and_rejected_rows(
    world: World, client: Any, police_csv: Path
) -> None:
    batch = _import(police_csv, "--program", "test-city")
    assert (batch.rows_total, batch.rows_seen) == (11, 11)
    client.force_login(world.users["bob"])
    listing = client.get(reverse("import_batches")).content.decode()
    assert "spd · police_records.csv" in listing
    assert "Complete with row errors" in listing
    assert "11 of 11 rows read · 8 imported · 0 already present · 3 rejected" in listing
    assert REFRESH not in listing and "<progress" not in listing
    event = AuditEvent.objects.last()
    assert (event.action, event.outcome, event.purpose) == (
        "read",
        "allowed",
        "justice records import status",
    )
    assert event.detail == {"batches": [batch.public_id]}
    page = client.get(_batch_url(batch)).content.decode()
    assert REFRESH not in page
    for row, column in [(9, "EventType"), (10, "OffenseLevel"), (11, "EventDate")]:
        assert f"<tr><td>{row}</td><td>{column}</td>" in page
    assert "a charge needs a severity" in page
    assert "Fakename" not in page and "Sampleton" not in page  # rows' identities never shown
    event = AuditEvent.objects.last()
    assert (event.action, event.purpose, event.detail["batch"]) == (
        "read",
        "justice records import report",
        batch.public_id,
    )


def test_it_shows_batches_imported_for_every_program_to_each_program(
    world: World, client: Any, police_csv: Path
) -> None:
    batch = _import(police_csv)  # no --program: it feeds every program's linkage
    assert batch.program_id is None
    client.force_login(world.users["ada"])
    assert batch.public_id in client.get(reverse("import_batches")).content.decode()
    assert client.get(_batch_url(batch)).status_code == 200


def test_it_shows_a_progress_bar_and_reloads_only_while_a_batch_runs(
    world: World, client: Any
) -> None:
    running = make_batch(world, "own", status="running")
    client.force_login(world.users["bob"])
    for url in (reverse("import_batches"), _batch_url(running)):
        page = client.get(url).content.decode()
        assert '<meta http-equiv="refresh" content="5">' in page
        assert '<progress max="10000" value="4000">' in page
        assert "<script" not in page
    running.status = "complete"
    running.save(update_fields=["status"])
    for url in (reverse("import_batches"), _batch_url(running)):
        page = client.get(url).content.decode()
        assert REFRESH not in page and "<progress" not in page


def test_it_caps_the_rejected_rows_and_points_to_the_report(world: World, client: Any) -> None:
    from openlead.records.models import ImportRowError

    batch = make_batch(world, "own")  # has row 7 already
    ImportRowError.objects.bulk_create(
        ImportRowError(batch=batch, row_number=n, column="EventDate", reason="not a date")
        for n in range(100, 304)
    )
    client.force_login(world.users["bob"])
    page = client.get(_batch_url(batch)).content.decode()
    assert page.count("<tr><td>") == 200
    assert "Showing the first 200 of 205 problems" in page
    assert "import-report.csv" in page


def test_it_records_the_files_rows_when_an_import_resumes(world: World, police_csv: Path) -> None:
    from openlead.access.acting import Actor
    from openlead.records.importer import file_facts, import_file
    from openlead.records.mapping import load_mapping
    from openlead.records.models import ImportBatch

    mapping = load_mapping(Path(POLICE))
    stopped = ImportBatch.objects.create(
        source="spd",
        file_name=police_csv.name,
        file_sha256=file_facts(police_csv).sha256,
        mapping_sha256=mapping.sha256,
        status="failed",
    )  # as left by a run from before rows_total was recorded
    outcome = import_file(police_csv, mapping, source="spd", acting=Actor.system("t"))
    assert outcome.batch is not None and outcome.batch.pk == stopped.pk
    stopped.refresh_from_db()
    assert (stopped.status, stopped.rows_total, stopped.rows_seen) == ("partial", 11, 11)


def test_it_links_the_imports_page_from_home_and_the_review_queue(
    world: World, client: Any
) -> None:
    url = reverse("import_batches")
    client.force_login(world.users["bob"])
    assert url in client.get(reverse("home")).content.decode()
    assert url in client.get(reverse("link_review_queue")).content.decode()
    client.force_login(world.users["alice"])
    assert url not in client.get(reverse("home")).content.decode()
