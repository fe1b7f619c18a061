"""Carrying a deletion out: links, tokens and key gone, justice records kept, the policy
group's report unchanged, every step audited; a held person is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent, PersonKey
from openlead.people.models import ExternalIdentifier, Person, PersonNameToken
from openlead.reports.pcg_quarters import quarters_of
from openlead.reports.pcg_queries import report_tables
from openlead.retention.actions.shred import do_shred_people
from openlead.retention.models import LegalHold
from tests.reports.pcg_seed import seed_program

pytestmark = pytest.mark.django_db(databases="__all__")


def _report(program: Any) -> dict[str, list[tuple[str, list[str], list[str], list[list[int]]]]]:
    today = dt.date(2026, 8, 1)
    return {
        q.code: [(t.key, t.row_labels, t.col_labels, t.counts) for t in report_tables(program, q)]
        for q in quarters_of(program, today)
    }


def test_it_refuses_a_person_under_a_legal_hold(world: Any) -> None:
    person = world.people["own"]
    LegalHold.objects.create(
        program=person.program,
        person=person,
        person_ref=person.public_id,
        reason="Civil claim",
        reference="CV-1",
    )
    with pytest.raises(ValidationError):
        do_shred_people([person], acting=Actor.system("test"), purpose="test")
    assert Person.objects.filter(pk=person.pk).exists()
    assert PersonKey.objects.filter(person_ref=person.public_id).exists()


def test_it_refuses_everyone_under_a_program_wide_hold(world: Any) -> None:
    person = world.people["own"]
    LegalHold.objects.create(program=person.program, reason="Audit", reference="A-7")
    with pytest.raises(ValidationError):
        do_shred_people([person], acting=Actor.system("test"), purpose="test")
    assert Person.objects.filter(pk=person.pk).exists()


def test_it_removes_links_tokens_and_the_key_and_keeps_justice_records(world: Any) -> None:
    from tests.records.helpers import make_link

    person = world.people["own"]
    ref = person.public_id
    record = make_link(world, "shred", "own", status="accepted").record
    assert PersonNameToken.objects.filter(person=person).exists()
    done = do_shred_people([person], acting=Actor.system("test"), purpose="retention test")
    assert done.refs == [ref] and done.steps["links"] == 1
    assert not Person.objects.filter(public_id=ref).exists()
    assert not PersonKey.objects.filter(person_ref=ref).exists()
    assert not PersonNameToken.objects.filter(person_id=person.pk).exists()
    assert not ExternalIdentifier.objects.filter(person_id=person.pk).exists()
    record.refresh_from_db()  # the justice record stays, unlinked
    steps = [
        e.detail.get("step") or e.action
        for e in AuditEvent.objects.filter(
            person_ref=ref, at__gte=timezone.now() - dt.timedelta(minutes=1)
        )
    ]
    assert steps[-3:] == ["justice_links_removed", "blind_indexes_removed", "delete"]


def test_it_keeps_the_policy_group_report_the_same_after_a_deletion() -> None:
    seeded = seed_program()
    before = _report(seeded.program)
    people = seeded.people
    # Referrals in Q1 and Q2, a legal case, an exit, an inactive person, a self-referral.
    chosen = [people[0], people[3], people[5], people[13], people[20], people[29]]
    do_shred_people(chosen, acting=Actor.system("test"), purpose="retention test")
    assert Person.objects.filter(program=seeded.program).count() == 24
    assert _report(seeded.program) == before
    do_shred_people(people[6:9], acting=Actor.system("test"), purpose="retention test")
    assert _report(seeded.program) == before


def test_it_counts_the_deleted_for_the_evaluation_and_lists_them_in_the_extract(
    tmp_path: Any,
) -> None:
    from openlead.reports.extract import write_extract
    from openlead.retention.models import DeletedTally

    seeded = seed_program()
    people = seeded.people
    do_shred_people(people[0:2], acting=Actor.system("test"), purpose="retention schedule: exited")
    do_shred_people([people[16]], acting=Actor.system("test"), purpose="deletion request")
    tallies = {(t.index_quarter, t.door, t.cause): t.people for t in DeletedTally.objects.all()}
    assert tallies == {
        ("2026-Q2", "arrest", "retention"): 2,
        ("2026-Q2", "community", "request"): 1,
    }
    write_extract(seeded.program, tmp_path, acting=Actor.system("test", seeded.program.pk))
    lines = (tmp_path / "deleted.csv").read_text().splitlines()
    assert lines == [
        "index_quarter,door,cause,people",
        "2026-Q2,arrest,retention,2",
        "2026-Q2,community,request,1",
    ]
    assert "3 participants deleted so far" in (tmp_path / "README.txt").read_text()


def test_it_refuses_a_person_whose_merged_duplicate_is_held(world: Any) -> None:
    from openlead.retention.holds import held_person_ids

    survivor, absorbed = world.people["own"], world.people["revoked"]
    Person.objects.filter(pk=absorbed.pk).update(merged_into=survivor)
    LegalHold.objects.create(
        program=absorbed.program,
        person=absorbed,
        person_ref=absorbed.public_id,
        reason="Civil claim",
        reference="CV-2",
    )
    assert survivor.pk in (held_person_ids(survivor.program_id) or set())
    with pytest.raises(ValidationError):
        do_shred_people([survivor], acting=Actor.system("test"), purpose="test")
    assert Person.objects.filter(pk=survivor.pk).exists()


def test_it_keeps_every_key_when_a_batch_fails_halfway(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openlead.retention.actions import shred

    first, second = world.people["own"], world.people["same"]
    real = shred.do_delete_person

    def failing(person: Person, **kw: Any) -> None:
        if person.pk == second.pk:
            raise RuntimeError("disk full")
        real(person, **kw)

    monkeypatch.setattr(shred, "do_delete_person", failing)
    with pytest.raises(RuntimeError):
        do_shred_people([first, second], acting=Actor.system("test"), purpose="test")
    assert PersonKey.objects.filter(person_ref=first.public_id).exists()
    assert Person.objects.filter(public_id=first.public_id).exists()
