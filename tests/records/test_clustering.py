"""The justice import clusters one person's records: one justice person holds all of
them, and a later batch's record joins the justice person its person already has."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from openlead.access.models import AuditEvent
from openlead.cli import main
from tests.records.conftest import MAPPINGS
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db(databases="__all__")

SOURCE = "test-rms"
JORDAN = {"first_name": "Jordan", "last_name": "Fakename", "dob": "1988-05-14", "sex": "M"}
ROBIN = {"first_name": "Robin", "last_name": "Examplar", "dob": "1979-11-02", "sex": "F"}


def _acting() -> Any:
    from openlead.access import audit
    from openlead.access.acting import Actor

    return Actor.from_who(audit.Who(None, "test", "", None))


def _strangers(n: int) -> None:
    from openlead.linkage import make_linkage_data

    data = make_linkage_data(n_people=1, n_records=n, match_share=0.0, seed=5)
    for row in data.records.itertuples(index=False):
        fields = {k: str(getattr(row, k)) for k in ("first_name", "last_name", "dob", "sex")}
        fields = {k: v for k, v in fields.items() if v not in {"<NA>", "nan", ""}}
        fields.setdefault("dob", "1900-01-02")
        make_record(None, f"S-{row.record_id}", source=SOURCE, state_id="", **fields)


def _person_of(external_id: str) -> int | None:
    from openlead.records.models import JusticeRecord

    return JusticeRecord.objects.get(source=SOURCE, external_id=external_id).justice_person_id


@pytest.mark.slow
def test_it_gives_one_justice_person_all_records_of_one_person() -> None:
    from openlead.records.clustering import cluster_source

    _strangers(60)
    make_record(None, "J1", source=SOURCE, state_id="WA90000001", **JORDAN)
    make_record(None, "J2", source=SOURCE, state_id="WA90000001", **JORDAN)
    make_record(
        None, "J3", source=SOURCE, state_id="WA90000001", **{**JORDAN, "last_name": "Fakenam"}
    )
    make_record(None, "R1", source=SOURCE, state_id="WA90000002", **ROBIN)
    make_record(None, "R2", source=SOURCE, state_id="WA90000002", **ROBIN)
    counts = cluster_source(SOURCE, acting=_acting())
    jordan = {_person_of(e) for e in ("J1", "J2", "J3")}
    robin = {_person_of(e) for e in ("R1", "R2")}
    assert len(jordan) == 1 and len(robin) == 1 and jordan != robin and None not in jordan
    assert counts.records == 65 and counts.justice_persons <= 63
    event = AuditEvent.objects.filter(purpose="justice records clustering").last()
    assert event.detail["records"] == 65 and "Jordan" not in str(event.detail)
    # A later batch: the new record joins Jordan's justice person; nothing else moves.
    make_record(None, "J4", source=SOURCE, state_id="WA90000001", **JORDAN)
    again = cluster_source(SOURCE, acting=_acting())
    assert _person_of("J4") == jordan.pop()
    assert _person_of("R1") == robin.pop()
    assert again.created <= counts.created and again.moved == 0


def test_it_makes_one_justice_person_per_record_below_three_records() -> None:
    from openlead.records.clustering import cluster_source

    make_record(None, "J1", source=SOURCE, **JORDAN)
    make_record(None, "R1", source=SOURCE, **ROBIN)
    counts = cluster_source(SOURCE, acting=_acting())
    assert (counts.records, counts.justice_persons, counts.created) == (2, 2, 2)
    assert _person_of("J1") != _person_of("R1")


@pytest.mark.slow
def test_it_clusters_after_the_import_command(police_csv: Path) -> None:
    from openlead.records.models import JusticeRecord

    args = ["--source", "spd", "--mapping", str(MAPPINGS / "police_records.toml")]
    result = CliRunner().invoke(main, ["import", "justice", *args, str(police_csv)])
    # The example extract has three bad rows on purpose: exit 2; the good rows are stored
    # and clustered.
    assert result.exit_code == 2, result.output
    assert "clustered: spd: 8 records of 3 people" in result.output
    assert not JusticeRecord.objects.filter(source="spd", justice_person__isnull=True).exists()
    skipped = CliRunner().invoke(
        main, ["import", "justice", *args, "--no-cluster", str(police_csv)]
    )
    assert skipped.exit_code == 2 and "clustered" not in skipped.output
