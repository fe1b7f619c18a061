"""Comparison pools: `openlead import comparison`, linking them, and reviewing their pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.cli import main
from tests.conftest import World
from tests.records.helpers import make_comparison_link, make_comparison_person, make_record

pytestmark = pytest.mark.django_db(databases="__all__")

HEADER = "external_id,first_name,last_name,dob,sex,state_id,index_date,race\n"
GOOD = [
    "C-1,Robin,Fakeperson,1985-02-03,F,WA00000011,2025-01-10,3\n",
    "C-2,Sam,Testsubject,1979-11-30,M,,2025-02-01,5;6\n",
    "C-3,,Onlylast,1990-07-07,,,2025-03-01,\n",
]


def _csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "pool.csv"
    path.write_text(header + "".join(rows))
    return path


def _import(path: Path, slug: str = "test-city", pool: str = "north-2025") -> Any:
    args = ["import", "comparison", "--program", slug, "--pool", pool, str(path)]
    return CliRunner().invoke(main, args)


def test_it_imports_a_pool_sealed_with_covariates_in_clear(world: World, tmp_path: Path) -> None:
    from openlead.records.identity import comparison_identity
    from openlead.records.models import ComparisonPerson

    result = _import(_csv(tmp_path, *GOOD))
    assert result.exit_code == 0, result.output
    assert "3 rows, 3 imported, 0 already present, 0 rejected" in result.output
    robin = ComparisonPerson.objects.get(external_id="C-1")
    assert b"Fakeperson" not in bytes(robin.identity)  # sealed
    assert comparison_identity(robin)["last_name"] == "Fakeperson"
    assert (robin.birth_year, robin.sex, robin.black_af_american, robin.white) == (
        1985,
        0,
        True,
        False,
    )
    assert robin.state_id_index and robin.index_date.isoformat() == "2025-01-10"
    sam = ComparisonPerson.objects.get(external_id="C-2")
    assert (sam.white, sam.hispanic_latinao, sam.race_none, sam.state_id_index) == (
        True,
        True,
        None,
        "",
    )
    assert ComparisonPerson.objects.get(external_id="C-3").race_none == 99


def test_it_is_idempotent_and_audits_counts_never_values(world: World, tmp_path: Path) -> None:
    from openlead.records.models import ComparisonPerson

    path = _csv(tmp_path, *GOOD)
    assert _import(path).exit_code == 0
    again = _import(path)
    assert again.exit_code == 0, again.output
    assert "0 imported, 3 already present" in again.output
    assert ComparisonPerson.objects.count() == 3
    events = list(AuditEvent.objects.filter(purpose="comparison pool import").order_by("seq"))
    assert [e.action for e in events] == ["create", "admin"]
    assert events[0].detail["imported"] == 3 and events[0].detail["pool"] == "north-2025"
    assert "Fakeperson" not in str(events[0].detail) and "1985" not in str(events[0].detail)


def test_it_keeps_valid_rows_and_exits_2_naming_file_row_and_column(
    world: World, tmp_path: Path
) -> None:
    from openlead.records.models import ComparisonPerson

    path = _csv(
        tmp_path,
        GOOD[0],
        "C-9,Ann,Baddate,1980-13-40,F,,2025-01-01,\n",
        "C-10,Bo,Badrace,1980-01-01,X,,2025-01-01,42\n",
        GOOD[1],
        "C-1,Again,Duplicate,1980-01-01,F,,2025-01-01,\n",
    )
    result = _import(path)
    assert result.exit_code == 2
    assert f"{path}: row 2, column dob" in result.output
    assert f"{path}: row 3, column sex" in result.output and "column race" in result.output
    assert "row 5, column external_id: repeats the id of row 1" in result.output
    assert "1980-13-40" not in result.output  # reasons never repeat values
    assert "Traceback" not in result.output
    assert set(ComparisonPerson.objects.values_list("external_id", flat=True)) == {"C-1", "C-2"}
    event = AuditEvent.objects.get(purpose="comparison pool import")
    assert (event.detail["rows"], event.detail["rejected"]) == (5, 3)


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        # why: a missing column must stop the import before any row is written
        ("missing_column", "column index_date: required column is missing"),
        ("no_file", "no such file"),
        ("not_utf8", "not UTF-8 text"),
        ("unknown_program", "no program with the slug 'nowhere'"),
        ("bad_pool", "--pool:"),
    ],
)
def test_it_exits_2_before_writing_for_an_unusable_file(
    world: World, tmp_path: Path, setup: str, message: str
) -> None:
    from openlead.records.models import ComparisonPerson

    path = _csv(tmp_path, *GOOD)
    slug, pool = "test-city", "north-2025"
    if setup == "missing_column":
        path = _csv(
            tmp_path, "C-1,A,B,1980-01-01,F\n", header="external_id,first_name,last_name,dob,sex\n"
        )
    elif setup == "no_file":
        path = tmp_path / "absent.csv"
    elif setup == "not_utf8":
        path.write_bytes(HEADER.encode() + "C-1,Ré,X,1980-01-01,F,,2025-01-01,\n".encode("latin-1"))
    elif setup == "unknown_program":
        slug = "nowhere"
    else:
        pool = "bad pool/name"
    result = _import(path, slug, pool)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert ComparisonPerson.objects.count() == 0


def test_it_crypto_shreds_a_pool_with_its_key(world: World) -> None:
    from openlead.access.crypto import DecryptionError
    from openlead.records.identity import comparison_identity
    from openlead.records.models import SourceKey, comparison_source

    person = make_comparison_person(world.programs["demo"], "C-shred")
    SourceKey.objects.filter(source=comparison_source(person.program_id, person.pool)).delete()
    with pytest.raises(DecryptionError):
        comparison_identity(person)


def test_it_never_opens_a_pool_identity_as_a_justice_record(world: World) -> None:
    """The associated data names the table, so a ciphertext cannot be replayed across."""
    from openlead.access.crypto import DecryptionError
    from openlead.records.keys import sealer_for
    from openlead.records.models import comparison_source

    person = make_comparison_person(world.programs["demo"], "C-aad")
    as_record = sealer_for(comparison_source(person.program_id, person.pool))
    with pytest.raises(DecryptionError):
        as_record.open(person.external_id, person.identity)


def test_it_needs_exactly_one_side_on_a_link(world: World) -> None:
    from django.db import IntegrityError, transaction

    from openlead.records.models import PersonRecordLink

    record = make_record(world.programs["demo"], "EV-sides")
    person = make_comparison_person(world.programs["demo"], "C-sides")
    for sides in ({}, {"person": world.people["own"], "comparison": person}):
        with pytest.raises(IntegrityError), transaction.atomic():
            PersonRecordLink.objects.create(
                record=record, probability=0.9, band="review", status="pending", **sides
            )


def test_it_shows_comparison_pairs_to_reviewers_labelled(world: World, client: Any) -> None:
    link = make_comparison_link(world, "queue")
    marker = next(c for c in world.canaries if c.startswith("CANARY-comparison-queue"))
    client.force_login(world.users["bob"])
    queue = client.get(reverse("link_review_queue")).content.decode()
    assert link.public_id in queue and "Comparison group" in queue
    assert marker not in queue  # the queue shows no identity
    page = client.get(reverse("link_review", kwargs={"link_id": link.public_id})).content.decode()
    assert marker in page and "Comparison group" in page and "Fakename" in page
    event = AuditEvent.objects.last()
    assert (event.action, event.person_ref) == ("read", "")
    assert event.detail["comparison"] == link.comparison.public_id


def test_it_audits_a_comparison_decision_and_refuses_a_second(world: World, client: Any) -> None:
    from openlead.records.models import PersonRecordLink

    link = make_comparison_link(world, "decide")
    url = reverse("link_decide", kwargs={"link_id": link.public_id})
    client.force_login(world.users["alice"])
    assert client.post(url, {"decision": "accept"}).status_code == 403
    client.force_login(world.users["ada"])
    assert client.post(url, {"decision": "accept"}).status_code == 302
    assert PersonRecordLink.objects.get(pk=link.pk).status == "accepted"
    event = AuditEvent.objects.last()
    assert (event.action, event.detail["decision"], event.detail["comparison"]) == (
        "update",
        "accepted",
        link.comparison.public_id,
    )
    assert client.post(url, {"decision": "reject"}).status_code == 409


def test_it_never_proposes_a_rejected_comparison_pair_again(world: World) -> None:
    from openlead.access.acting import Actor
    from openlead.records.actions import Proposal, do_store_proposals

    link = make_comparison_link(world, "rejected", status="rejected")
    counts = do_store_proposals(
        [Proposal(None, link.record_id, 0.99, "auto_accept", comparison_id=link.comparison_id)],
        acting=Actor.system("test"),
        program_id=link.comparison.program_id,
    )
    assert (counts.auto_accepted, counts.already_known) == (0, 1)


@pytest.mark.parametrize("username", ["alice", "ivan", "otto", "carol", "dave", "erin", "gina"])
def test_it_never_shows_comparison_people_outside_link_review(
    world: World, client: Any, username: str
) -> None:
    from tests.records.helpers import records_pages

    urls = records_pages(world)
    urls += [reverse("people_list"), reverse("home")]
    markers = [c for c in world.canaries if c.startswith("CANARY-comparison-")]
    client.force_login(world.users[username])
    pages = [client.get(url).content.decode() for url in urls]
    assert markers and not [m for m in markers if any(m in page for page in pages)]
