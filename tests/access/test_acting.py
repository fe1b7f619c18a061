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


def test_it_builds_each_kind_of_actor_with_every_field(world: World) -> None:
    from django.test import RequestFactory

    from openlead.access.acting import anonymous_actor, current_actor

    system = Actor.system("cli:ops", 5, request_id="r-1")
    assert (system.user, system.role, system.program_ref, system.request_id, system.username) == (
        None,
        "",
        5,
        "r-1",
        "cli:ops",
    )
    alice = world.users["alice"]
    acting = Actor.of(alice, "case_manager", 3)
    assert (acting.user, acting.role, acting.program_ref, acting.username) == (
        alice,
        "case_manager",
        3,
        "alice",
    )
    who = audit.Who(alice.pk, "alice", "case_manager", 3)
    again = Actor.from_who(who, user=alice, request_id="r-2")
    assert (again.user, again.role, again.program_ref, again.request_id, again.username) == (
        alice,
        "case_manager",
        3,
        "r-2",
        "alice",
    )
    assert Actor.from_who(audit.Who(None, "fixture", "", None)).who == audit.Who(
        None, "fixture", "", None
    )
    request = RequestFactory().get("/self-referral/")
    request.request_id = "r-3"
    visitor = anonymous_actor(request, "self-referral", 9)
    assert (
        visitor.user,
        visitor.role,
        visitor.program_ref,
        visitor.request_id,
        visitor.username,
        visitor.path,
        visitor.client,
    ) == (None, "", 9, "r-3", "self-referral", "/self-referral/", "")
    bare = RequestFactory().get("/x/")
    assert anonymous_actor(bare).request_id == "" and anonymous_actor(bare).username == ""
    bare.user = alice
    bare.session = {}
    assert current_actor(bare).request_id == ""


def test_it_defaults_to_no_request_and_no_role(world: World) -> None:
    alice = world.users["alice"]
    assert Actor.system("cli:ops").request_id == ""
    assert Actor.of(alice).role == "" and Actor.of(alice).program_ref is None
    assert Actor.from_who(audit.Who(None, "t", "", None)).request_id == ""


def test_it_names_the_holders_of_a_capability_in_table_order() -> None:
    from openlead.access.policy import holders
    from openlead.access.roles import Role

    assert holders(Capability.SUPERVISE) == [Role.PROGRAM_ADMIN, Role.SUPERVISOR]
    assert holders(Capability.PROSECUTOR_DECISION) == [Role.PROSECUTOR]
