"""A contact, goal, link or funds entry id under a person that is not theirs gets the same
audited 404 as a person outside the actor's scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("casework_goal_status", {"goal": "no-such-goal", "status": "achieved"}),
        ("casework_link_state", {"link": "no-such-link", "state": "accepted"}),
        ("casework_funds_decide", {"entry": "no-such-entry", "decision": "pay"}),
    ],
)
def test_it_audits_a_missing_child_as_not_found(
    cw: Casework, client: Any, name: str, data: dict[str, str]
) -> None:
    client.force_login(cw.world.users["bob"])
    url = reverse(name, kwargs={"public_id": cw.world.people["own"].public_id})
    assert client.post(url, data).status_code == 404
    event = AuditEvent.objects.filter(outcome="not_found").latest("pk")
    assert (event.actor_username, event.detail) == ("bob", {"requested": next(iter(data.values()))})
