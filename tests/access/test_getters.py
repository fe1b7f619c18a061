"""The audited getter and the audited list (openlead.access.getters), with the exact audit
event each writes: every view that takes an id or lists rows starts with one of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from openlead.access import audited_list, get_for
from openlead.access.acting import Actor
from openlead.access.getters import in_scope, person_ref_of, refuse_denied
from openlead.access.models import AuditEvent, Membership
from openlead.access.policy import Capability
from openlead.people.models import ConsentRelease, Person
from openlead.programs.models import Program
from tests.access.test_helpers import _fields, _last, _request
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def _get(world: World, username: str, public_id: str, **kwargs: Any) -> Any:
    return get_for(
        _request(world, username), Person.objects.all(), public_id, purpose="person page", **kwargs
    )


def test_it_gives_an_outsider_the_same_audited_404_as_a_missing_id(world: World) -> None:
    own = world.people["own"].public_id
    for username, requested in (("ivan", own), ("alice", "nobody-has-this-id")):
        with pytest.raises(Http404, match="Not found."):
            _get(world, username, requested)
        assert _fields(_last())[2:] == (
            "read",
            "not_found",
            "",
            [],
            "person page",
            {"requested": requested},
        )


def test_it_refuses_a_role_without_the_capability_like_a_missing_id(world: World) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(Http404):
        _get(world, "alice", world.people["own"].public_id, capability=Capability.SUPERVISE)
    assert AuditEvent.objects.count() == before + 1
    assert _last().outcome == "not_found"  # never "denied": the id's existence stays hidden


def test_it_returns_the_object_and_audits_the_read_in_its_transaction(world: World) -> None:
    own = world.people["own"]
    found = _get(world, "alice", own.public_id, groups=["identity", "contact"])
    assert found == own
    assert _fields(_last()) == (
        "alice",
        "case_manager",
        "read",
        "allowed",
        own.public_id,
        ["contact", "identity"],
        "person page",
        {},
    )
    assert _last().request_id == "rid-test-1" and _last().path == "/some/path/"


def test_it_scopes_rows_about_a_person_through_that_person(world: World) -> None:
    consent = ConsentRelease.objects.filter(person=world.people["own"]).first()
    assert consent is not None
    alice = world.users["alice"]
    actor = Actor.of(alice, "case_manager", world.programs["demo"].pk)
    assert consent in in_scope(actor, ConsentRelease.objects.all())
    ivan = Actor.of(world.users["ivan"], "case_manager", world.programs["demo"].pk)
    assert consent not in in_scope(ivan, ConsentRelease.objects.all())
    assert person_ref_of(consent) == world.people["own"].public_id


def test_it_scopes_program_rows_to_the_program_and_refuses_unscoped_models(world: World) -> None:
    actor = Actor.of(world.users["alice"], "case_manager", world.programs["demo"].pk)
    assert set(in_scope(actor, Membership.objects.all()).values_list("program_id", flat=True)) == {
        world.programs["demo"].pk
    }
    with pytest.raises(TypeError, match="has no scope"):
        in_scope(actor, Program.objects.all())


def test_it_takes_a_scoping_function_instead_of_a_queryset(world: World) -> None:
    seen: list[Actor] = []

    def scope(actor: Actor) -> Any:
        seen.append(actor)
        return Person.objects.filter(program_id=actor.program_id)

    same = world.people["same"]
    assert get_for(_request(world, "alice"), scope, same.public_id, purpose="p") == same
    assert seen[0].username == "alice"


def test_it_lists_with_one_event_naming_only_the_rows_shown(world: World) -> None:
    before = AuditEvent.objects.count()
    with audited_list(
        _request(world, "bob"), purpose="caseload", groups=["enrollment_status"]
    ) as page:
        people = list(page.scope(Person.objects.order_by("pk"))[:2])
        page.shown(p.public_id for p in people)
        page.detail["query"] = ""
    assert AuditEvent.objects.count() == before + 1
    assert _fields(_last()) == (
        "bob",
        "supervisor",
        "list",
        "allowed",
        "",
        ["enrollment_status"],
        "caseload",
        {"people": [p.public_id for p in people], "query": ""},
    )


def test_it_refuses_a_list_without_the_capability_with_an_audited_403(world: World) -> None:
    with pytest.raises(PermissionDenied):
        with audited_list(
            _request(world, "alice"), purpose="funds queue", capability=Capability.SUPERVISE
        ):
            raise AssertionError("the body must not run")
    assert _fields(_last())[2:4] == ("list", "denied")


def test_it_writes_no_list_event_when_the_page_fails(world: World) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError):
        with audited_list(_request(world, "bob"), purpose="caseload"):
            raise RuntimeError("template broke")
    assert AuditEvent.objects.count() == before


def test_it_says_only_not_found_and_names_the_requested_id(world: World) -> None:
    with pytest.raises(Http404, match=r"^Not found\.$"):
        _get(world, "alice", "missing-id-1")
    with pytest.raises(Http404, match=r"^No such referral\.$"):
        _get(world, "alice", "missing-id-2", message="No such referral.")
    with pytest.raises(Http404, match=r"^No such referral\.$"):
        _get(world, "alice", "x", capability=Capability.SUPERVISE, message="No such referral.")
    assert _last().detail == {"requested": "x"}


def test_it_lets_a_role_holding_the_capability_through(world: World) -> None:
    own = world.people["own"]
    assert _get(world, "bob", own.public_id, capability=Capability.SUPERVISE) == own


def test_it_adds_the_callers_detail_to_the_read_event(world: World) -> None:
    own = world.people["own"]
    _get(world, "alice", own.public_id, detail=lambda person: {"shown": person.public_id})
    assert _last().detail == {"shown": own.public_id}
    _get(world, "alice", own.public_id)
    assert _last().detail == {}


def test_it_names_no_person_for_rows_without_one(world: World) -> None:
    membership = Membership.objects.filter(user=world.users["alice"]).first()
    assert membership is not None and person_ref_of(membership) == ""

    class Row:
        person = "not a person"

    assert person_ref_of(Row()) == ""  # type: ignore[arg-type]


def test_it_audits_a_refusal_of_the_role(world: World) -> None:
    actor = Actor.of(world.users["alice"], "case_manager", world.programs["demo"].pk)
    error = refuse_denied(actor, "funds queue")
    assert isinstance(error, PermissionDenied)
    assert _fields(_last()) == (
        "alice",
        "case_manager",
        "read",
        "denied",
        "",
        [],
        "funds queue",
        {},
    )
