"""Seven years on (a frozen clock): the retention job leaves no identifiable record past the
schedule, keeps what a legal hold covers, and the audit shows each step."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent, PersonKey
from openlead.casework.actions.enrollment import do_enroll, do_exit
from openlead.cli import main
from openlead.people.actions import NewPerson, do_create_person
from openlead.people.models import ExternalIdentifier, Note, Person, PersonNameToken
from openlead.records.models import JusticeRecord, PersonRecordLink
from openlead.referrals.models import Referral
from openlead.retention.models import LegalHold
from tests.records.helpers import make_link

pytestmark = pytest.mark.django_db(databases="__all__")
START = dt.datetime(2026, 6, 1, 18, tzinfo=dt.UTC)
LATER = START + dt.timedelta(days=7 * 365 + 3)


def _exit(world: Any, key: str) -> Any:
    person = world.people[key]
    system = Actor.system("fixture", person.program_id)
    enrollment = do_enroll(
        person, case_manager=person.case_manager, acting=system, started_on=dt.date(2026, 1, 5)
    )
    do_exit(enrollment, destination=410, acting=system, on=dt.date(2026, 5, 30))
    return person


def _never_enrolled(world: Any) -> Any:
    program = world.programs["demo"]
    data = NewPerson(program_id=program.pk, legal_name="Test Walkin", status="referred",
                     identifiers={"state_id": "FAKE-0001"})  # fmt: skip
    person = do_create_person(data, acting=Actor.system("fixture"))
    Referral.objects.create(program=program, person=person, door="self", closed_at=START)
    return person


def _rows_about(pk: int) -> int:
    """Rows of every model that points at a person (casework, legal, consents, ...)."""
    from django.apps import apps

    total = 0
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if getattr(f, "many_to_one", False) and f.related_model is Person and f.concrete:
                total += model.objects.filter(**{f.name: pk}).count()
    return total


def _identifiable(ref: str, pk: int) -> dict[str, int]:
    return {
        "rows_about": _rows_about(pk),
        "person": Person.objects.filter(public_id=ref).count(),
        "key": PersonKey.objects.filter(person_ref=ref).count(),
        "tokens": PersonNameToken.objects.filter(person_id=pk).count(),
        "identifiers": ExternalIdentifier.objects.filter(person_id=pk).count(),
        "notes": Note.objects.filter(person_id=pk).count(),
        "referrals": Referral.objects.filter(person_id=pk).count(),
        "links": PersonRecordLink.objects.filter(person_id=pk).count(),
    }


@pytest.fixture
def seven_years(world: Any) -> dict[str, Any]:
    with time_machine.travel(START, tick=False):
        people = {"exited": _exit(world, "own"), "held": _exit(world, "same")}
        people["walkin"] = _never_enrolled(world)
        people["active"] = world.people["revoked"]
        make_link(world, "seven", "own", status="accepted")
        LegalHold.objects.create(
            program=world.programs["demo"], person=people["held"], person_ref=people["held"].public_id,
            reason="Civil claim against the program", reference="CV-2026-14",
        )  # fmt: skip
    return people


def test_it_exits_2_for_an_unknown_program(world: Any) -> None:
    result = CliRunner().invoke(main, ["retention", "run", "--program", "no-such-place"])
    assert result.exit_code == 2
    assert "no program has that slug" in result.output


def test_it_deletes_nothing_on_a_dry_run(seven_years: dict[str, Any]) -> None:
    with time_machine.travel(LATER, tick=False):
        result = CliRunner().invoke(main, ["retention", "run", "--program", "test-city"])
    assert result.exit_code == 0, result.output
    assert seven_years["exited"].public_id in result.output
    assert seven_years["walkin"].public_id in result.output
    assert "kept under a legal hold: 1" in result.output
    assert "ok: dry run, 2 would be deleted" in result.output
    assert Person.objects.filter(pk=seven_years["exited"].pk).exists()


def test_it_leaves_nothing_identifiable_past_the_schedule(
    seven_years: dict[str, Any], world: Any
) -> None:
    refs = {k: (p.public_id, p.pk) for k, p in seven_years.items()}
    records = JusticeRecord.objects.count()
    with time_machine.travel(LATER, tick=False):
        result = CliRunner().invoke(main, ["retention", "run", "--apply"])
        assert result.exit_code == 0, result.output
        assert "ok: 2 deleted" in result.output
    for key in ("exited", "walkin"):
        assert set(_identifiable(*refs[key]).values()) == {0}, key
    assert JusticeRecord.objects.count() == records  # unlinked, not deleted
    for key in ("held", "active"):
        assert _identifiable(*refs[key])["person"] == 1 and _identifiable(*refs[key])["key"] == 1
    steps = list(
        AuditEvent.objects.filter(person_ref=refs["exited"][0], at__gte=LATER).values_list(
            "detail", "action"
        )
    )
    assert [d.get("step", a) for d, a in steps] == [
        "justice_links_removed",
        "blind_indexes_removed",
        "delete",
    ]
    runs = AuditEvent.objects.filter(program_id=world.programs["demo"].pk, action="delete")
    run = [e for e in runs if e.detail.get("event") == "retention_run"]
    assert run[0].detail["kinds"]["exited"] == {"due": 1, "done": 1, "held": 1}


def test_it_keeps_everyone_under_a_program_wide_hold(
    seven_years: dict[str, Any], world: Any
) -> None:
    LegalHold.objects.create(program=world.programs["demo"], reason="Audit", reference="SAO-9")
    with time_machine.travel(LATER, tick=False):
        result = CliRunner().invoke(main, ["retention", "run", "--apply", "--program", "test-city"])
    assert result.exit_code == 0, result.output
    assert "ok: 0 deleted" in result.output
    assert Person.objects.filter(pk=seven_years["exited"].pk).exists()
