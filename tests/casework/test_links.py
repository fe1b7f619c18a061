"""Service links: blocked without consent, sent with it, supervisor override audited, never by a case manager."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.casework import actions
from openlead.casework.models import ServiceLink
from openlead.people.actions import do_record_consent, do_revoke_consent
from tests.casework.conftest import Casework
from tests.conftest import program_today

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(cw: Casework, name: str) -> str:
    return reverse(name, kwargs={"public_id": cw.world.people["own"].public_id})


def _consent(cw: Casework, provider: str) -> Any:
    return do_record_consent(
        cw.world.people["own"],
        acting=Actor.from_who(cw.who),
        field_groups=["casework_notes", "health"],
        starts_on=program_today(cw.world.programs["demo"]),
        expires_on=None,
        organization_id=cw.providers[provider].organization_id,
        purpose="MOUD referral",
    )


def test_it_refuses_the_link_pages_to_police_and_other_programs(cw: Casework, client: Any) -> None:
    data = {"provider": cw.providers["moud"].public_id}
    client.force_login(cw.world.users["dave"])
    assert client.post(_url(cw, "casework_link_send"), data).status_code == 403
    client.force_login(cw.world.users["carol"])
    assert client.post(_url(cw, "casework_link_send"), data).status_code == 404
    assert not ServiceLink.objects.exists()


def test_it_blocks_a_link_without_consent(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    assert (
        client.post(
            _url(cw, "casework_link_send"), {"provider": cw.providers["moud"].public_id}
        ).status_code
        == 302
    )
    link = ServiceLink.objects.get()
    assert (link.state, link.consent) == ("blocked", None)


def test_it_blocks_when_the_consent_names_someone_else_or_was_revoked(cw: Casework) -> None:
    _consent(cw, "housing")
    revoked = _consent(cw, "moud")
    do_revoke_consent(revoked, acting=Actor.from_who(cw.who))
    link = actions.check_send_link(cw.world.people["own"], cw.providers["moud"], acting=cw.acting)
    assert link.state == "blocked"


def test_it_sends_a_link_the_consent_covers(cw: Casework, client: Any) -> None:
    consent = _consent(cw, "moud")
    client.force_login(cw.world.users["alice"])
    client.post(_url(cw, "casework_link_send"), {"provider": cw.providers["moud"].public_id})
    link = ServiceLink.objects.get()
    assert (link.state, link.consent) == ("sent", consent)
    for state in ("accepted", "connected", "completed"):
        assert (
            client.post(
                _url(cw, "casework_link_state"), {"link": link.public_id, "state": state}
            ).status_code
            == 302
        )
    link.refresh_from_db()
    assert link.state == "completed"
    assert list(link.events.values_list("state", flat=True)) == [
        "sent",
        "accepted",
        "connected",
        "completed",
    ]


def test_it_refuses_a_jump_from_sent_to_completed(cw: Casework, client: Any) -> None:
    _consent(cw, "moud")
    link = actions.check_send_link(cw.world.people["own"], cw.providers["moud"], acting=cw.acting)
    client.force_login(cw.world.users["alice"])
    assert (
        client.post(
            _url(cw, "casework_link_state"), {"link": link.public_id, "state": "completed"}
        ).status_code
        == 400
    )


def test_it_does_not_let_a_case_manager_override(cw: Casework, client: Any) -> None:
    link = actions.check_send_link(cw.world.people["own"], cw.providers["moud"], acting=cw.acting)
    client.force_login(cw.world.users["alice"])
    response = client.post(
        _url(cw, "casework_link_override"),
        {"link": link.public_id, "reason": "Needs it today please"},
    )
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.state == "blocked"
    denied = AuditEvent.objects.filter(
        actor_username="alice", outcome="denied", purpose="consent override"
    )
    assert denied.count() == 1
    with pytest.raises(PermissionDenied):
        actions.do_override_link(
            link, reason="Needs it today please", acting=cw.acting_for("alice")
        )


def test_it_lets_a_supervisor_override_with_a_reason_and_audits_it(
    cw: Casework, client: Any
) -> None:
    link = actions.check_send_link(cw.world.people["own"], cw.providers["moud"], acting=cw.acting)
    client.force_login(cw.world.users["bob"])
    assert (
        client.post(
            _url(cw, "casework_link_override"), {"link": link.public_id, "reason": "short"}
        ).status_code
        == 400
    )
    reason = cw.canary("override-reason")
    assert (
        client.post(
            _url(cw, "casework_link_override"), {"link": link.public_id, "reason": reason}
        ).status_code
        == 302
    )
    link.refresh_from_db()
    assert (link.state, link.override_by) == ("sent", cw.world.users["bob"])
    assert reason.encode() not in bytes(link.override_reason)
    event = AuditEvent.objects.get(purpose="consent override", outcome="allowed", action="update")
    assert (event.actor_username, event.role, event.detail["override"]) == (
        "bob",
        "supervisor",
        True,
    )
    assert reason not in str(event.detail)


def test_it_releases_blocked_links_once_consent_is_recorded(cw: Casework) -> None:
    link = actions.check_send_link(
        cw.world.people["own"], cw.providers["housing"], acting=cw.acting
    )
    _consent(cw, "housing")
    assert [
        lk.pk for lk in actions.do_release_blocked_links(cw.world.people["own"], acting=cw.acting)
    ] == [link.pk]
    link.refresh_from_db()
    assert link.state == "sent"


def test_it_refuses_another_programs_provider(cw: Casework) -> None:
    with pytest.raises(ValidationError):
        actions.check_send_link(cw.world.people["other"], cw.providers["moud"], acting=cw.acting)
