"""Issue 16: the forms' provider and inactive-reason lists are built once per program and
reused until the program's choices stamp moves (casework.choices): a change to a provider
or a reason shows at the next page, in every worker, and touches no other program."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openlead.casework.actions.settings import do_add_inactive_reason, do_add_provider
from openlead.casework.choices import program_choices
from openlead.casework.models import CaseworkSettings, InactiveReason, Provider
from openlead.programs.models import Program
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


def _page(cw: Casework, client: Any) -> tuple[str, list[str]]:
    url = reverse("casework_person", kwargs={"public_id": cw.world.people["own"].public_id})
    with ExitStack() as stack:
        captured = [stack.enter_context(CaptureQueriesContext(connections[a])) for a in connections]
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for c in captured for q in c.captured_queries]


def _lists_read(sql: list[str]) -> list[str]:
    """Queries that read the lists themselves (a service link's JOIN to its provider is not)."""
    tables = ('FROM "casework_provider"', 'FROM "casework_inactivereason"')
    return [q for q in sql if any(t in q for t in tables)]


def _stamp(program: Program) -> str:
    return CaseworkSettings.objects.get(program=program).choices_stamp


def _fresh(program: Program) -> Program:
    """The program as a request reads it: with its settings row and their stamp."""
    return Program.objects.select_related("casework_settings").get(pk=program.pk)


def test_it_reads_a_programs_lists_once_and_reuses_them_on_the_next_pages(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    _, first = _page(cw, client)
    page, second = _page(cw, client)
    assert len(_lists_read(first)) == 2  # providers and reasons (each test has new stamps)
    assert _lists_read(second) == []
    assert cw.providers["housing"].name in page.split('id="link-form"')[1]


def test_it_shows_a_new_provider_and_reason_at_the_next_page(cw: Casework, client: Any) -> None:
    demo = cw.world.programs["demo"]
    client.force_login(cw.world.users["alice"])
    _page(cw, client)
    added = do_add_provider(
        demo, acting=cw.acting, name="Test dental provider", kind="other", organization_name=""
    )
    do_add_inactive_reason(demo, acting=cw.acting, label="Test moved away", unreachable_days=None)
    page, sql = _page(cw, client)
    assert len(_lists_read(sql)) == 2  # built again, once
    assert f'<option value="{added.public_id}">Test dental provider</option>' in page
    assert ">Test moved away</option>" in page.split('name="reason"')[1].split("</select>")[0]


def test_it_drops_a_retired_provider_or_reason_at_the_next_page(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    assert cw.providers["moud"].public_id in _page(cw, client)[0]
    cw.providers["moud"].active = False
    cw.providers["moud"].save(update_fields=["active"])
    reason = InactiveReason.objects.filter(program=cw.world.programs["demo"]).first()
    assert reason is not None
    reason.delete()
    page, _ = _page(cw, client)
    assert f'value="{cw.providers["moud"].public_id}"' not in page
    assert f'<option value="{reason.pk}">' not in page.split('name="reason"')[1]


def test_it_gives_only_the_changed_program_a_new_stamp(cw: Casework) -> None:
    demo, other = cw.world.programs["demo"], cw.world.programs["other"]
    before = {p.pk: _stamp(p) for p in (demo, other)}
    provider = Provider.objects.create(
        program=demo, organization=cw.providers["moud"].organization, name="Test", kind="other"
    )
    saved = _stamp(demo)
    provider.delete()
    assert len({before[demo.pk], saved, _stamp(demo)}) == 3  # new on save and on delete
    assert _stamp(other) == before[other.pk]


def test_it_keeps_one_programs_lists_apart_from_anothers(cw: Casework) -> None:
    demo, other = cw.world.programs["demo"], cw.world.programs["other"]
    names = {name for _, name in program_choices(_fresh(demo)).providers}
    assert names == {p.name for p in cw.providers.values()}
    assert program_choices(_fresh(other)).providers == ()
