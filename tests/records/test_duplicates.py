"""Duplicate candidates among a program's own people: found by dedupe() at a linkage run,
shown to supervisors and program admins with the waterfall and the differing letters,
decided once; "same person" leads on to the merge."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.records.helpers import make_duplicate

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_refuses_the_duplicates_to_everyone_who_may_not_merge(world: World, client: Any) -> None:
    pair = make_duplicate(world, "pending")
    for username in ("alice", "otto", "dave", "gina", "hank"):
        client.force_login(world.users[username])
        before = AuditEvent.objects.count()
        assert client.get(reverse("duplicate_pairs")).status_code == 403
        url = reverse("duplicate_pair", kwargs={"pair_id": pair.public_id})
        assert client.get(url).status_code == 403
        assert AuditEvent.objects.count() == before + 2
        assert AuditEvent.objects.last().outcome == "denied"


def test_it_shows_a_pair_with_its_waterfall_and_marked_differences(
    world: World, client: Any
) -> None:
    pair = make_duplicate(world, "pending")
    client.force_login(world.users["bob"])
    listing = client.get(reverse("duplicate_pairs")).content.decode()
    assert pair.public_id in listing
    # Named as the supervisor knows them, not by two public ids; the event names both.
    for key in ("own", "same"):
        name = next(c for c in world.canaries if c.startswith(f"CANARY-{key}-name-"))
        assert name in listing
    assert f"Records {pair.left.public_id}" not in listing
    listed = AuditEvent.objects.last()
    assert set(listed.detail["people"]) == {pair.left.public_id, pair.right.public_id}
    page = client.get(reverse("duplicate_pair", kwargs={"pair_id": pair.public_id}))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="waterfall"' in html
    assert "Last name: typo" in html and "<mark>" in html
    assert "CANARY-own-casework" not in html
    event = AuditEvent.objects.last()
    assert event.action == "read" and event.detail["pair"] == pair.public_id


def test_it_leads_same_person_to_the_merge_preview(world: World, client: Any) -> None:
    pair = make_duplicate(world, "pending")
    client.force_login(world.users["ada"])
    url = reverse("duplicate_decide", kwargs={"pair_id": pair.public_id})
    response = client.post(url, {"decision": "same"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "merge_preview", kwargs={"public_id": pair.left.public_id, "other": pair.right.public_id}
    )
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == ("same", world.users["ada"])
    event = AuditEvent.objects.filter(purpose="duplicate review").last()
    assert event.detail["decision"] == "same" and event.person_ref == pair.left.public_id


def test_it_remembers_not_the_same_and_refuses_a_second_decision(world: World, client: Any) -> None:
    pair = make_duplicate(world, "pending")
    client.force_login(world.users["bob"])
    url = reverse("duplicate_decide", kwargs={"pair_id": pair.public_id})
    assert client.post(url, {"decision": "different"}).status_code == 302
    assert pair.public_id not in client.get(reverse("duplicate_pairs")).content.decode()
    again = client.post(url, {"decision": "same"})
    assert again.status_code == 409
    assert "already decided" in again.content.decode()
    assert AuditEvent.objects.last().outcome == "denied"


def test_it_hides_pairs_of_another_program(world: World, client: Any) -> None:
    pair = make_duplicate(world, "other")
    client.force_login(world.users["bob"])
    url = reverse("duplicate_pair", kwargs={"pair_id": pair.public_id})
    assert client.get(url).status_code == 404


@pytest.mark.slow
def test_it_finds_a_participant_entered_twice() -> None:
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.linkage import Thresholds, make_linkage_data
    from openlead.people.actions import NewPerson, do_create_person
    from openlead.people.models import Person
    from openlead.programs.models import Program
    from openlead.records.duplicates import find_duplicate_people
    from openlead.records.models import DuplicatePair

    program = Program.objects.create(name="Twice City", slug="twice-city")
    acting = Actor.from_who(audit.Who(None, "test", "", program.pk))
    people = make_linkage_data(n_people=40, n_records=1, seed=3).people
    rows = [(f"{r.first_name} {r.last_name}", str(r.dob), str(r.sex)) for r in people.itertuples()]
    name, dob, sex = rows[0]
    rows.append((name[:-1], dob, sex))  # the same person again, the surname misspelt
    made = [
        do_create_person(
            NewPerson(
                program_id=program.pk,
                legal_name=n,
                date_of_birth=d,
                sex={"F": 0, "M": 1}[s],
                status="active",
            ),
            acting=acting,
        )
        for n, d, s in rows
    ]
    found = find_duplicate_people(
        program,
        list(Person.objects.filter(program=program)),
        acting=acting,
        thresholds=Thresholds(),
    )
    assert found.new >= 1
    pair = DuplicatePair.objects.get(left=made[0], right=made[-1])
    assert pair.probability >= 0.5 and pair.weights["total"] > 0
    assert {"first_name", "last_name", "dob", "sex"} <= set(pair.weights["fields"])
    again = find_duplicate_people(
        program,
        list(Person.objects.filter(program=program)),
        acting=acting,
        thresholds=Thresholds(),
    )
    assert again.new == 0  # a pair is proposed once
