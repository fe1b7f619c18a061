"""`openlead evaluate-extract`: de-identified input files that `openlead evaluate run` accepts."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from openlead.access.models import AuditEvent
from openlead.cli import main
from tests.conftest import World
from tests.records.helpers import make_comparison_link, make_link, seed_linkable

pytestmark = pytest.mark.django_db(databases="__all__")


def _seed(world: World) -> dict[str, Any]:
    """Participants, a comparison pool and records, with accepted links from the truth."""
    from django.utils import timezone

    from openlead.people.models import Person
    from openlead.records.models import JusticeRecord, PersonRecordLink

    program = world.programs["demo"]
    data, people = seed_linkable(program, n_people=80, seed=11)
    rng = random.Random(3)
    Person.objects.filter(program=program).update(
        referred_at=dt.datetime(2025, 1, 10, 18, tzinfo=dt.UTC)
    )
    for record in JusticeRecord.objects.filter(source="seed"):
        record.occurred_on = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
        record.save(update_fields=["occurred_on"])
    records = {r.external_id: r for r in JusticeRecord.objects.filter(source="seed")}
    for person_id, record_id in data.truth.itertuples(index=False):
        owner = people[str(person_id)]
        side = {"comparison": owner} if hasattr(owner, "pool") else {"person": owner}
        PersonRecordLink.objects.create(
            record=records[str(record_id)],
            probability=0.99,
            band="auto_accept",
            status="accepted",
            decided_at=timezone.now(),
            **side,
        )
    make_link(world, "extract-pending", "own")  # pending: never an event
    make_comparison_link(world, "extract", status="accepted")  # canary-named pool person
    return people


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_it_exits_2_for_an_unknown_program(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["evaluate-extract", "--program", "nowhere", "--out", str(tmp_path / "x")]
    )
    assert result.exit_code == 2 and "no program with the slug 'nowhere'" in result.output
    assert not (tmp_path / "x").exists()


def test_it_refuses_to_mix_two_extracts_in_one_directory(world: World, tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("old\n")
    result = CliRunner().invoke(
        main, ["evaluate-extract", "--program", "test-city", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "already holds an extract" in result.output


@pytest.mark.slow
def test_it_writes_a_de_identified_extract_that_the_evaluation_accepts(
    world: World, tmp_path: Path
) -> None:
    from openlead.records.identity import comparison_identity, person_identity
    from openlead.records.models import ComparisonPerson, PersonRecordLink

    people = _seed(world)
    out = tmp_path / "extract"
    result = CliRunner().invoke(
        main, ["evaluate-extract", "--program", "test-city", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows, events = _read(out / "people.csv"), _read(out / "events.csv")
    groups = [r["group"] for r in rows]
    # 40 seeded participants + own, same, revoked; 40 seeded + 1 canary comparison people.
    assert (groups.count("program"), groups.count("comparison")) == (43, 41)
    assert len({r["person_id"] for r in rows}) == len(rows)
    accepted = PersonRecordLink.objects.filter(status="accepted").count()
    # Each accepted link is one event, and each arrest is also a police contact (the
    # program records no other police contacts here: no referral has a police door).
    records = [e for e in events if e["kind"] != "police_contact"]
    contacts = [e for e in events if e["kind"] == "police_contact"]
    assert len(records) == accepted and {e["kind"] for e in records} == {"arrest"}
    assert sorted((c["person_id"], c["date"]) for c in contacts) == sorted(
        (e["person_id"], e["date"]) for e in records
    )
    robin = next(r for r in rows if r["group"] == "comparison" and r["index_date"] == "2025-01-15")
    assert robin["sex"] == "male" and robin["race"] == "black_af_american" and robin["age"]
    readme = (out / "README.txt").read_text()
    assert "fewer than 11" in readme and "43 participants" in readme

    # Nothing that identifies anyone: no canary, name, date of birth or public id.
    text = "\n".join(p.read_text() for p in out.iterdir())
    forbidden = list(world.canaries)
    for obj in [*people.values(), *world.people.values(), *ComparisonPerson.objects.all()]:
        forbidden.append(obj.public_id)
        ident = comparison_identity(obj) if hasattr(obj, "pool") else person_identity(obj)
        forbidden += [v for k, v in ident.items() if k in {"first_name", "last_name", "dob"} and v]
    assert [f for f in forbidden if f in text] == []
    event = AuditEvent.objects.get(purpose="evaluation extract")
    assert (event.action, event.detail["participants"], event.detail["comparison"]) == (
        "export",
        43,
        41,
    )

    report = tmp_path / "report"
    evaluated = CliRunner().invoke(
        main,
        [
            "evaluate",
            "run",
            "--people",
            str(out / "people.csv"),
            "--events",
            str(out / "events.csv"),
            "--design",
            "recidivism",
            "--out",
            str(report),
        ],
    )
    assert evaluated.exit_code == 0, evaluated.output
    assert (report / "results.json").exists() and "estimates" in evaluated.output
