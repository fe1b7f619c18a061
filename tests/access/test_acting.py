"""The one acting actor every action takes, and append-only rows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from openlead.access import audit
from openlead.access.acting import Actor
from openlead.access.immutable import ImmutableRowError
from openlead.access.models import AuditEvent
from openlead.access.policy import Capability
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_gives_the_system_no_capability_and_no_program() -> None:
    system = Actor.system("openlead-referrals")
    assert system.is_system and system.rule.capabilities == frozenset()
    assert system.who == audit.Who(None, "openlead-referrals", "", None)
    with pytest.raises(PermissionDenied):
        _ = system.program_id
    with pytest.raises(PermissionDenied):
        _ = system.membership
    assert system.in_program(7).program_id == 7


def test_it_writes_its_events_with_its_request(world: World) -> None:
    alice = world.users["alice"]
    acting = Actor.of(alice, "case_manager", world.programs["demo"].pk, request_id="rid-9")
    assert acting.can(Capability.TAKE_INTAKE) and not acting.can(Capability.SUPERVISE)
    acting.audit(action="update", outcome="allowed", purpose="why")
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.actor_id, event.actor_username, event.role, event.request_id) == (
        alice.pk,
        "alice",
        "case_manager",
        "rid-9",
    )


def test_it_refuses_to_change_or_delete_an_audit_event(world: World) -> None:
    event = audit.record(audit.ANONYMOUS, action="read", outcome="allowed")
    event.purpose = "rewritten"
    with pytest.raises(ImmutableRowError):
        event.save()
    with pytest.raises(ImmutableRowError):
        event.save(update_fields=["purpose"])
    with pytest.raises(ImmutableRowError):
        event.delete()
    assert AuditEvent.objects.get(seq=event.seq).purpose == ""
