"""`openlead link-program`: participants linked to imported records, checked against truth."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from openlead.cli import main
from tests.records.conftest import MAPPINGS

pytestmark = pytest.mark.django_db(databases="__all__")


def _us_date(iso: Any) -> str:
    text = "" if iso is None or str(iso) in {"<NA>", "nan"} else str(iso)
    return f"{text[5:7]}/{text[8:10]}/{text[:4]}" if text else ""


def _seed(tmp_path: Path) -> tuple[Any, dict[str, str], Path]:
    """40 participants, 400 records of which 40 are (corrupted) records of participants."""
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.linkage import make_linkage_data
    from openlead.people.actions import NewPerson, do_create_person
    from openlead.programs.models import Program

    data = make_linkage_data(n_people=40, n_records=400, match_share=0.1, seed=7)
    program = Program.objects.create(name="Link City", slug="link-city")
    who = audit.Who(None, "test", "", None)
    people: dict[str, str] = {}
    for row in data.people.itertuples(index=False):
        person = do_create_person(
            NewPerson(
                program_id=program.pk,
                legal_name=f"{row.first_name} {row.last_name}",
                date_of_birth=str(row.dob),
                sex={"F": 0, "M": 1}[str(row.sex)],
                status="active",
            ),
            acting=Actor.from_who(who),
        )
        people[str(row.person_id)] = person.public_id
    extract = tmp_path / "records.csv"
    with extract.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "EventId",
                "EventType",
                "EventDescription",
                "EventDate",
                "OffenseLevel",
                "FirstName",
                "LastName",
                "DOB",
                "Sex",
                "SID",
            ]
        )
        for row in data.records.itertuples(index=False):
            sex = "" if str(row.sex) in {"<NA>", "nan", "None"} else str(row.sex)
            first = "" if str(row.first_name) in {"<NA>", "nan"} else str(row.first_name)
            out.writerow(
                [
                    row.record_id,
                    "ARR",
                    "Arrest",
                    "03/02/2025",
                    "",
                    first,
                    row.last_name,
                    _us_date(row.dob),
                    sex,
                    "",
                ]
            )
    return data, people, extract


@pytest.mark.slow
def test_it_links_participants_to_their_records(tmp_path: Path) -> None:
    from openlead.records.models import PersonRecordLink

    data, people, extract = _seed(tmp_path)
    runner = CliRunner()
    mapping = str(MAPPINGS / "police_records.toml")
    imported = runner.invoke(
        main,
        [
            "import",
            "justice",
            "--source",
            "t",
            "--mapping",
            mapping,
            "--program",
            "link-city",
            str(extract),
        ],
    )
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(main, ["link-program", "--program", "link-city"])
    assert result.exit_code == 0, result.output
    truth = {(people[p], r) for p, r in data.truth.itertuples(index=False)}
    links = {
        (link.person.public_id, link.record.external_id): link
        for link in PersonRecordLink.objects.select_related("person", "record")
    }
    accepted = {pair for pair, link in links.items() if link.status == "accepted"}
    assert all(links[p].band == "auto_accept" for p in accepted)
    assert all(link.status == "pending" for link in links.values() if link.band == "review")
    precision = len(accepted & truth) / max(len(accepted), 1)
    recall = len(set(links) & truth) / len(truth)
    assert precision >= 0.9, (precision, len(accepted))
    assert recall >= 0.7, recall
    again = runner.invoke(main, ["link-program", "--program", "link-city"])
    assert again.exit_code == 0, again.output
    assert f"0 linked automatically, 0 sent to review, {len(links)} decided before" in again.output
    assert PersonRecordLink.objects.count() == len(links)


def test_it_exits_2_for_an_unknown_program() -> None:
    result = CliRunner().invoke(main, ["link-program", "--program", "nowhere"])
    assert result.exit_code == 2
    assert "no program with the slug 'nowhere'" in result.output
