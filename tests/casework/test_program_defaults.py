"""A program's casework rows are made when the program is (do_create_program, or migration
0003 for older programs), never by a page read: a GET creates no casework rows."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.casework import models as m
from openlead.casework.defaults import INACTIVE_REASONS
from openlead.casework.queries import current_template, settings_for
from openlead.programs.actions import do_create_program
from openlead.programs.models import Program
from tests.casework.conftest import Casework, seed_canaries

pytestmark = pytest.mark.django_db(databases="__all__")
CASEWORK_ROWS = [
    m.CaseworkSettings,
    m.InactiveReason,
    m.AssessmentTemplate,
    m.FundsBudget,
    m.FundsEntry,
    m.Provider,
]


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CASEWORK_ROWS}


def _seeded(program: Program) -> tuple[int, list[str], str]:
    codes = sorted(m.InactiveReason.objects.filter(program=program).values_list("code", flat=True))
    template = current_template(program)
    return settings_for(program).version, codes, f"{template.name} v{template.version}"


EXPECTED = (1, sorted(code for code, _, _ in INACTIVE_REASONS), "Psychosocial assessment v1")


def test_it_creates_no_rows_on_a_get_of_the_settings_and_funds_pages(
    cw: Casework, client: Any
) -> None:
    seed_canaries(cw, "own")  # a funds entry on the person page
    before = _counts()
    client.force_login(cw.world.users["bob"])
    person = cw.world.people["own"]
    for url in [
        reverse("casework_settings"),
        reverse("casework_supervisor"),
        reverse("casework_person", kwargs={"public_id": person.public_id}),
    ]:
        assert client.get(url).status_code == 200, url
    assert _counts() == before


def test_it_seeds_a_program_created_through_do_create_program(db: Any) -> None:
    program = do_create_program(
        acting=Actor.system("test"), name="Seeded LEAD", slug="seeded", time_zone="America/Denver"
    )
    assert _seeded(program) == EXPECTED
    event = AuditEvent.objects.filter(action="admin", purpose="create program").get()
    assert (event.program_id, event.detail) == (program.pk, {"program": "seeded"})


def test_it_backfills_a_program_made_without_defaults(db: Any) -> None:
    program = Program.objects.create(name="Old LEAD", slug="old")  # no program_created signal
    with pytest.raises(m.CaseworkSettings.DoesNotExist):
        settings_for(program)
    migration = importlib.import_module("openlead.casework.migrations.0003_seed_program_defaults")
    migration.seed_existing_programs(apps, None)
    migration.seed_existing_programs(apps, None)  # twice: idempotent
    assert _seeded(program) == EXPECTED
    assert m.AssessmentTemplate.objects.filter(program=program).count() == 1
