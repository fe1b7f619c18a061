"""Canary scan over casework: CANARY markers in every encrypted casework field (contact note,
goal, steps, assessment notes incl. substance use, funds purpose, override reason, appointment note) never
reach police, prosecutor, defender, outreach, evaluator, auditor or sysadmin pages, logs or the audit log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.casework.conftest import Casework, seed_canaries
from tests.casework.pages import casework_pages

pytestmark = pytest.mark.django_db(databases="__all__")

WATCHED = ["dave", "erin", "frank", "otto", "gina", "una", "hank"]


@pytest.fixture
def seeded(cw: Casework) -> Casework:
    seed_canaries(cw, "own")
    return cw


def _render(client: Any, cw: Casework) -> str:
    urls = casework_pages(cw.world) + [
        reverse("person_detail", kwargs={"public_id": p.public_id})
        for p in cw.world.people.values()
    ]
    return " ".join(client.get(url).content.decode() for url in urls)


@pytest.mark.parametrize("username", WATCHED)
def test_it_shows_no_casework_canary_to_enforcement_or_oversight_roles(
    seeded: Casework, client: Any, caplog: pytest.LogCaptureFixture, username: str
) -> None:
    caplog.set_level(logging.DEBUG)
    client.force_login(seeded.world.users[username])
    pages = _render(client, seeded)
    assert [c for c in seeded.canaries if c in pages] == []
    assert [c for c in seeded.canaries if c in caplog.text] == []


def test_it_shows_every_casework_canary_to_the_case_manager_so_the_scan_can_find_them(
    seeded: Casework, client: Any
) -> None:
    client.force_login(seeded.world.users["alice"])
    page = client.get(
        reverse("casework_person", kwargs={"public_id": seeded.world.people["own"].public_id})
    )
    assert len(seeded.canaries) == 8
    assert [c for c in seeded.canaries if c not in page.content.decode()] == []


def test_it_keeps_casework_canaries_out_of_the_audit_log(seeded: Casework, client: Any) -> None:
    client.force_login(seeded.world.users["bob"])
    _render(client, seeded)
    dumped = " ".join(str(e.__dict__) for e in AuditEvent.objects.all())
    assert [c for c in seeded.canaries if c in dumped] == []
