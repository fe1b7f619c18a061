"""Each branch of openlead.access.helpers, with the exact audit event it writes.

These are the tests `make mutants` runs against the helpers (with test_policy_table.py),
so each asserts exact values: a changed string, comparison or argument must fail one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from openlead.access import audit
from openlead.access import helpers as h
from openlead.access.acting import Actor
from openlead.access.models import AuditEvent, Membership
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup as G
from openlead.access.roles import Role
from openlead.people.actions import do_record_consent
from tests.access.test_exfiltration import make_people
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def _request(world: World | None, username: str | None, **session: Any) -> Any:
    request = RequestFactory().get("/some/path/")
    request.user = world.users[username] if world and username else AnonymousUser()
    request.session = dict(session)
    request.request_id = "rid-test-1"
    return request


def _actor(world: World, username: str) -> h.Actor:
    return h.current_actor(_request(world, username))


def _last() -> AuditEvent:
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    return event


def _fields(event: AuditEvent) -> tuple[Any, ...]:
    return (
        event.actor_username,
        event.role,
        event.action,
        event.outcome,
        event.person_ref,
        event.field_groups,
        event.purpose,
        event.detail,
    )


# ---- the actor ---------------------------------------------------------------------------


def test_it_refuses_an_anonymous_request_and_a_user_without_memberships(world: World) -> None:
    with pytest.raises(PermissionDenied):
        h.current_actor(_request(None, None))
    Membership.objects.filter(user=world.users["alice"]).update(active=False)
    with pytest.raises(PermissionDenied):
        h.current_actor(_request(world, "alice"))
    assert list(h.memberships_of(world.users["alice"])) == []


def test_it_uses_the_membership_chosen_in_the_session_else_the_first(world: World) -> None:
    alice = world.users["alice"]
    first = alice.memberships.get()
    second = Membership.objects.create(
        user=alice,
        program=world.programs["other"],
        organization=world.orgs["cm2"],
        role=Role.AUDITOR,
    )
    assert h.current_actor(_request(world, "alice")).membership == first
    chosen = h.current_actor(_request(world, "alice", membership_id=second.pk))
    assert (chosen.membership, chosen.role, chosen.rule.has(Capability.SEE_ACCESS_HISTORY)) == (
        second,
        "auditor",
        True,
    )
    assert chosen.membership.program.name == "Elsewhere LEAD"  # select_related works
    # Someone else's membership id falls back to the user's own first membership.
    bob_membership = world.users["bob"].memberships.get()
    assert (
        h.current_actor(_request(world, "alice", membership_id=bob_membership.pk)).membership
        == first
    )


def test_it_loads_the_program_and_organization_with_the_membership(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    actor = _actor(world, "alice")
    with CaptureQueriesContext(connection) as queries:
        names = (actor.membership.program.name, actor.membership.organization.name)
    assert names == ("Test City LEAD", "Test cm") and len(queries) == 0


def test_it_describes_the_actor_for_the_audit(world: World) -> None:
    actor = _actor(world, "bob")
    bob = world.users["bob"]
    assert (actor.role, actor.program_id) == ("supervisor", world.programs["demo"].pk)
    assert actor.who == audit.Who(bob.pk, "bob", "supervisor", world.programs["demo"].pk)


def test_it_audits_a_request_with_its_id_and_path_or_as_anonymous(world: World) -> None:
    h.audit_request(_request(world, "bob"), _actor(world, "bob"), action="read", outcome="allowed")
    event = _last()
    assert (event.actor_username, event.request_id, event.path) == (
        "bob",
        "rid-test-1",
        "/some/path/",
    )
    assert event.client == "127.0.0.1"  # staff requests keep their source address
    bare = RequestFactory().get("/other/")
    h.audit_request(bare, None, action="list", outcome="denied")
    event = _last()
    assert (event.actor_id, event.actor_username, event.request_id, event.path) == (
        None,
        "",
        "",
        "/other/",
    )
    assert event.client == ""  # an anonymous visitor's address is not kept


# ---- scope, consent and field groups -------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("bob", {"own", "same", "revoked"}),
        ("otto", {"own", "same", "revoked"}),
        ("alice", {"own"}),
        ("dave", {"own", "revoked"}),
        ("cora", set()),
        ("gina", set()),
        ("hank", set()),
        ("carol", {"other"}),
    ],
)
def test_it_scopes_people_by_the_rule(world: World, username: str, expected: set[str]) -> None:
    ids = set(h.scoped_people(_actor(world, username)).values_list("public_id", flat=True))
    assert ids == {world.people[k].public_id for k in expected}


def test_it_finds_active_consents_by_organization_or_role_only(world: World) -> None:
    person, today = world.people["own"], dt.date.today()
    dave, erin, bob = _actor(world, "dave"), _actor(world, "erin"), _actor(world, "bob")
    by_org = world.consents["own-police"]
    assert h.active_consents(person, dave, today) == [by_org]
    assert h.active_consents(person, bob, today) == []
    by_role = do_record_consent(
        person,
        acting=Actor.from_who(audit.ANONYMOUS),
        field_groups=["legal"],
        starts_on=today,
        expires_on=None,
        role="supervisor",
    )
    assert h.active_consents(person, bob, today) == [by_role]
    assert [c.pk for c in h.active_consents(person, erin, today)] == [
        world.consents["own-prosecutor"].pk
    ]
    # Revoked (the "revoked" person's) and not yet started consents do not count.
    assert h.active_consents(world.people["revoked"], dave, today) == []
    assert h.active_consents(person, bob, today - dt.timedelta(days=1)) == []
    # A release counts through its last day, and not after it.
    last_day = do_record_consent(
        world.people["same"],
        acting=Actor.from_who(audit.ANONYMOUS),
        field_groups=["legal"],
        starts_on=today - dt.timedelta(days=30),
        expires_on=today,
        role="supervisor",
    )
    assert h.active_consents(world.people["same"], bob, today) == [last_day]
    assert h.active_consents(world.people["same"], bob, today + dt.timedelta(days=1)) == []
    assert [c.is_active(today) for c in (by_org, by_role, last_day)] == [True, True, True]


def test_it_shows_gated_groups_only_under_an_active_release(world: World) -> None:
    dave, frank, bob = _actor(world, "dave"), _actor(world, "frank"), _actor(world, "bob")
    assert h.visible_groups(dave, world.people["own"]) == {
        G.ENROLLMENT_STATUS,
        G.CM_CONTACT,
        G.LEGAL,
    }
    assert h.visible_groups(dave, world.people["revoked"]) == {G.ENROLLMENT_STATUS, G.CM_CONTACT}
    assert h.visible_groups(frank, world.people["own"]) == {
        G.IDENTITY,
        G.ENROLLMENT_STATUS,
        G.CM_CONTACT,
        G.LEGAL,
    }
    assert h.visible_groups(frank, world.people["same"]) == {G.ENROLLMENT_STATUS, G.CM_CONTACT}
    assert h.visible_groups(bob, world.people["same"]) == frozenset(G)
    legal_only = do_record_consent(
        world.people["same"],
        acting=Actor.from_who(audit.ANONYMOUS),
        field_groups=["legal"],
        starts_on=dt.date.today(),
        expires_on=None,
        organization_id=world.orgs["defender"].pk,
    )
    assert legal_only.pk
    assert h.visible_groups(frank, world.people["same"]) == {
        G.ENROLLMENT_STATUS,
        G.CM_CONTACT,
        G.LEGAL,
    }
    assert all(type(g) is G for g in h.visible_groups(frank, world.people["same"]))


# ---- refusals --------------------------------------------------------------------------------


def test_it_audits_a_not_found_lookup_with_the_id_cut_to_40_characters(world: World) -> None:
    error = h.refuse_not_found(_actor(world, "alice"), "x" * 50, "person page")
    assert isinstance(error, Http404) and str(error) == "No such person."
    assert _fields(_last()) == (
        "alice",
        "case_manager",
        "read",
        "not_found",
        "",
        [],
        "person page",
        {"requested": "x" * 40},
    )
    other = h.refuse_not_found(_actor(world, "alice"), "y", "p", message="No such thing.")
    assert str(other) == "No such thing."


def test_it_refuses_a_missing_capability_and_audits_it(world: World) -> None:
    with pytest.raises(PermissionDenied):
        h.require(_request(world, "alice"), Capability.SUPERVISE, purpose="supervisor dashboard")
    assert _fields(_last()) == (
        "alice",
        "case_manager",
        "read",
        "denied",
        "",
        [],
        "supervisor dashboard",
        {},
    )
    before = AuditEvent.objects.count()
    assert h.require(_request(world, "bob"), Capability.SUPERVISE, purpose="x").role == "supervisor"
    assert AuditEvent.objects.count() == before


def test_it_scopes_access_history_to_people_in_scope_for_roles_that_see_it(world: World) -> None:
    own = world.people["own"]
    actor, person = h.require_person_scope(_request(world, "bob"), own.public_id, purpose="history")
    assert (actor.role, person) == ("supervisor", own)
    for username, public_id in [("alice", own.public_id), ("bob", "missing-id")]:
        with pytest.raises(Http404):
            h.require_person_scope(_request(world, username), public_id, purpose="history")
        assert (_last().outcome, _last().purpose, _last().actor_username) == (
            "not_found",
            "history",
            username,
        )
        assert _last().detail == {"requested": public_id}


# ---- one person --------------------------------------------------------------------------------


def test_it_reads_one_person_projected_and_audited(world: World) -> None:
    own = world.people["own"]
    record = h.get_person_for(_request(world, "dave"), own.public_id, purpose="person page")
    assert record.groups == {G.ENROLLMENT_STATUS, G.CM_CONTACT, G.LEGAL}
    assert (record.public_id, record.display_name) == (own.public_id, f"Referral {own.public_id}")
    assert record.can("legal") and not record.can("identity")
    assert record.fields[G.CM_CONTACT]["Case manager"] == "Alice"  # select_related manager
    assert _fields(_last()) == (
        "dave",
        "police_officer",
        "read",
        "allowed",
        own.public_id,
        ["cm_contact", "enrollment_status", "legal"],
        "person page",
        # The release that opened LEGAL, for the accounting of disclosures (issue 11).
        {"consents": [world.consents["own-police"].public_id]},
    )
    named = h.get_person_for(_request(world, "bob"), own.public_id, purpose="p")
    assert _last().detail == {}  # the care team reads under no release
    name = next(c for c in world.canaries if c.startswith("CANARY-own-name"))
    assert named.display_name == name


def test_it_fetches_the_person_and_their_case_manager_in_one_query(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        h.get_person_for(_request(world, "bob"), world.people["own"].public_id, purpose="p")
    person_queries = [q["sql"] for q in queries if 'FROM "people_person"' in q["sql"]]
    assert len(person_queries) == 1 and 'JOIN "access_user"' in person_queries[0]


def test_it_refuses_a_person_out_of_scope_and_a_write_by_a_reader(world: World) -> None:
    same = world.people["same"]
    with pytest.raises(Http404):
        h.get_person_for(_request(world, "alice"), same.public_id, purpose="person page")
    assert (_last().actor_username, _last().outcome, _last().detail) == (
        "alice",
        "not_found",
        {"requested": same.public_id},
    )
    with pytest.raises(PermissionDenied):
        h.get_person_for(
            _request(world, "otto"), same.public_id, purpose="add note", write_group=G.HEALTH
        )
    assert _fields(_last()) == (
        "otto",
        "outreach_worker",
        "update",
        "denied",
        same.public_id,
        ["health"],
        "add note",
        {},
    )
    record = h.get_person_for(
        _request(world, "otto"), same.public_id, purpose="contact", write_group=G.CONTACT
    )
    assert record.can("contact") and _last().action == "read"


# ---- lists, pages and search ---------------------------------------------------------------------


def test_it_pages_any_list_and_keeps_an_empty_first_page() -> None:
    empty = h.page_of([], 1)
    assert (empty.number, empty.paginator.count, list(empty.object_list)) == (1, 0, [])
    page = h.page_of(list(range(60)), "3")
    assert (page.number, page.start_index(), page.end_index()) == (3, 51, 60)
    assert h.page_of(list(range(60)), None).number == 1


def test_it_names_the_query_kind_from_its_keys_only() -> None:
    assert h.PeopleQuery({"state_id": "1", "hmis": "2"}).kind == "state_id+hmis"
    assert h.PeopleQuery({}, "A Name", "1990-01-01").kind == "name+dob"
    assert h.PeopleQuery({"hmis": "2"}, "A Name", "1990-01-01").kind == "hmis+name+dob"
    assert h.PeopleQuery({"hmis": "2"}, "A Name", "").kind == "hmis"
    # Issue 11: a date of birth now narrows on its own token, and a typed name is "name".
    assert h.PeopleQuery({"hmis": "2"}, "", "1990-01-01").kind == "hmis+dob"
    assert h.PeopleQuery(name="A Nmae").kind == "name"
    assert (
        h.PeopleQuery({"hmis": "2"}, date_of_birth="1990-01-01", name="A").kind == "hmis+name+dob"
    )


def test_it_refuses_lists_to_roles_without_people_and_audits_it(world: World) -> None:
    with pytest.raises(PermissionDenied):
        h.list_people_for(_request(world, "gina"), purpose="people list")
    assert _fields(_last()) == ("gina", "evaluator", "list", "denied", "", [], "people list", {})


@pytest.mark.parametrize("username", ["gina", "dave", "cora", "erin", "frank"])
def test_it_refuses_a_search_to_roles_that_may_not_search(world: World, username: str) -> None:
    with pytest.raises(PermissionDenied):
        h.require_search(_request(world, username), purpose="people search")
    event = _last()
    assert (event.actor_username, event.action, event.outcome, event.purpose) == (
        username,
        "search",
        "denied",
        "people search",
    )


def test_it_lists_one_page_newest_first_and_audits_exactly_those_rows(world: World) -> None:
    made = make_people(world, 26)  # 29 in bob's program
    actor, rows, page = h.list_people_for(_request(world, "bob"), purpose="people list")
    assert (actor.role, page.number, page.paginator.count, len(rows)) == ("supervisor", 1, 29, 25)
    assert [r.public_id for r in rows] == [p.public_id for p in reversed(made)][:25]
    assert rows[0].name == "Test Person 25" and rows[0].case_manager == "alice"
    assert _fields(_last()) == (
        "bob",
        "supervisor",
        "list",
        "allowed",
        "",
        ["enrollment_status", "identity"],
        "people list",
        {"people": [r.public_id for r in rows], "query": ""},
    )
    _, rows, page = h.list_people_for(_request(world, "bob"), purpose="people list", page="2")
    assert (page.number, len(rows)) == (2, 4)


@pytest.mark.parametrize(
    ("username", "shows"),
    [("bob", True), ("alice", True), ("otto", True), ("frank", False), ("dave", False)],
)
def test_it_shows_names_only_where_identity_is_read_without_a_release(
    world: World, username: str, shows: bool
) -> None:
    _, rows, _ = h.list_people_for(_request(world, username), purpose="people list")
    assert rows and all(bool(r.name) is shows for r in rows)
    assert ("identity" in _last().field_groups) is shows


def test_it_searches_by_every_part_of_the_query_in_scope(world: World) -> None:
    a, b = make_people(world, 2, legal_name="Same Name", date_of_birth="1980-02-03")
    c = make_people(world, 1, legal_name="Same Name", date_of_birth="1980-02-04")[0]
    for person, booking in [(a, "BK-1"), (b, "BK-2"), (c, "BK-1")]:
        h_identifier(person, "booking_number", booking)
    both = h.PeopleQuery({"booking_number": "BK-1"}, "same name", "1980-02-03")
    actor, rows = h.search_people_for(_request(world, "bob"), both, purpose="people search")
    assert actor.role == "supervisor" and [r.public_id for r in rows] == [a.public_id]
    assert _fields(_last()) == (
        "bob",
        "supervisor",
        "search",
        "allowed",
        "",
        ["enrollment_status", "identity"],
        "people search",
        {"people": [a.public_id], "query": "booking_number+name+dob"},
    )
    # A name without a date of birth adds no condition (the form never sends one alone).
    loose = h.PeopleQuery({"booking_number": "BK-1"}, "same name", "")
    _, rows = h.search_people_for(_request(world, "bob"), loose, purpose="people search")
    assert {r.public_id for r in rows} == {a.public_id, c.public_id}
    by_name = h.PeopleQuery({}, "Same Name", "1980-02-03")
    _, rows = h.search_people_for(_request(world, "bob"), by_name, purpose="people search")
    assert [r.public_id for r in rows] == [b.public_id, a.public_id]  # newest first
    _, rows = h.search_people_for(_request(world, "otto"), by_name, purpose="people search")
    assert len(rows) == 2
    with pytest.raises(PermissionDenied):
        h.search_people_for(_request(world, "dave"), by_name, purpose="people search")


def test_it_returns_each_match_once_and_at_most_25(world: World) -> None:
    people = make_people(world, 27, identifiers={"state_id": "WA-9"})
    for person in people[:3]:
        h_identifier(person, "booking_number", "BK-9")
    h_identifier(people[0], "hmis", "H-1")
    h_identifier(people[0], "hmis", "H-1")  # a duplicated identifier row: still one result
    query = h.PeopleQuery({"state_id": "WA-9", "hmis": "H-1"})
    _, rows = h.search_people_for(_request(world, "bob"), query, purpose="people search")
    assert [r.public_id for r in rows] == [people[0].public_id]
    many = h.PeopleQuery({"state_id": "WA-9"})
    _, rows = h.search_people_for(_request(world, "bob"), many, purpose="people search")
    assert len(rows) == 25


def h_identifier(person: Any, system: str, value: str) -> None:
    from openlead.people import vault
    from openlead.people.models import ExternalIdentifier

    identifier = ExternalIdentifier(person=person, system=system)
    vault.seal_identifier(identifier, vault.data_key(person.public_id), value)
    identifier.save(force_insert=True)


def test_it_orders_people_referred_at_the_same_moment_newest_record_first(
    world: World,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openlead.people.models import Person

    made = make_people(world, 3, identifiers={"state_id": "TIE-1", "booking_number": "TIE-2"})
    moment = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # after the world's people: listed first
    Person.objects.filter(pk__in=[p.pk for p in made]).update(referred_at=moment)
    # The oldest record, referred last of all: the referral time orders before the id.
    own = world.people["own"]
    Person.objects.filter(pk=own.pk).update(referred_at=moment + dt.timedelta(days=1))
    h_identifier(own, "state_id", "TIE-1")
    h_identifier(own, "booking_number", "TIE-2")
    newest_first = [own.public_id] + [p.public_id for p in sorted(made, key=lambda p: -p.pk)]
    with CaptureQueriesContext(connection) as queries:
        _, rows, _ = h.list_people_for(_request(world, "bob"), purpose="people list")
    assert [r.public_id for r in rows][:4] == newest_first
    query = h.PeopleQuery({"state_id": "TIE-1", "booking_number": "TIE-2"})
    with CaptureQueriesContext(connection) as more:
        _, found = h.search_people_for(_request(world, "bob"), query, purpose="people search")
    assert [r.public_id for r in found] == newest_first
    # The case manager comes in the same query as the people (one query per list).
    for captured in (queries, more):
        listing = [q["sql"] for q in captured if 'FROM "people_person"' in q["sql"]]
        assert any('JOIN "access_user"' in sql and "LIMIT" in sql for sql in listing)
        assert not [q for q in captured if q["sql"].startswith('SELECT "access_user"')]


def test_it_never_matches_a_value_filed_under_another_kind_of_identifier(world: World) -> None:
    person = make_people(world, 1, identifiers={"state_id": "SAME-1", "hmis": "SAME-1"})[0]
    crossed = h.PeopleQuery({"booking_number": "SAME-1", "hmis": "SAME-1"})
    _, rows = h.search_people_for(_request(world, "bob"), crossed, purpose="people search")
    assert rows == []
    right = h.PeopleQuery({"state_id": "SAME-1", "hmis": "SAME-1"})
    _, rows = h.search_people_for(_request(world, "bob"), right, purpose="people search")
    assert [r.public_id for r in rows] == [person.public_id]


def test_it_reads_the_memberships_once_per_request(
    world: World, django_assert_num_queries: Any
) -> None:
    request = _request(world, "bob")
    with django_assert_num_queries(1):
        first = h.request_memberships(request)
        again = h.request_memberships(request)
        actor = h.current_actor(request)
    assert first is again and actor.membership == first[0]
