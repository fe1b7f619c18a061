"""Casework settings: supervisors and program admins only; each change audited as ADMIN."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.casework.models import FundsBudget, InactiveReason, Provider
from openlead.casework.queries import current_template, settings_for
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")
URL = "/casework/settings/"


@pytest.mark.parametrize("username", ["alice", "otto", "dave", "erin", "gina", "hank"])
def test_it_refuses_everyone_but_supervisors_and_admins(
    cw: Casework, client: Any, username: str
) -> None:
    client.force_login(cw.world.users[username])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"form": "provider", "name": "X", "kind": "housing"}).status_code == 403
    assert Provider.objects.filter(name="X").count() == 0


def test_it_saves_each_setting_for_the_program_admin(cw: Casework, client: Any) -> None:
    assert reverse("casework_settings") == URL
    client.force_login(cw.world.users["ada"])
    program = cw.world.programs["demo"]
    assert client.get(URL).status_code == 200
    posts = [
        {
            "form": "settings",
            "threshold": "150.00",
            "no_contact_days": "21",
            "due_day": "5",
            "version": "1",  # the version the page was loaded with
        },
        {"form": "provider", "name": "Test detox", "kind": "detox", "organization_name": ""},
        {"form": "reason", "label": "Staying with family out of town", "unreachable_days": ""},
        {"form": "budget", "starts_on": "2026-01-01", "ends_on": "2026-12-31", "amount": "25000"},
        {"form": "template", "domains": ["housing", "legal"]},
    ]
    for data in posts:
        assert client.post(URL, data).status_code == 302, data
    settings = settings_for(program)
    assert (
        settings.funds_approval_threshold_cents,
        settings.no_contact_warning_days,
        settings.snapshot_due_day,
    ) == (15_000, 21, 5)
    assert Provider.objects.get(name="Test detox").organization.name == "Test detox"
    assert InactiveReason.objects.filter(
        program=program, code="staying-with-family-out-of-town"
    ).exists()
    assert FundsBudget.objects.get(program=program).amount_cents == 2_500_000
    template = current_template(program)
    assert (template.version, template.domains) == (2, ["housing", "legal"])
    assert (
        AuditEvent.objects.filter(
            action="admin", purpose="casework settings", actor_username="ada"
        ).count()
        == 5
    )


def test_it_explains_bad_input(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["bob"])
    assert (
        client.post(
            URL,
            {"form": "budget", "starts_on": "2026-12-31", "ends_on": "2026-01-01", "amount": "10"},
        ).status_code
        == 400
    )
    assert client.post(URL, {"form": "nonsense"}).status_code == 400
    assert not FundsBudget.objects.exists()
