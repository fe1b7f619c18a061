"""The link review queue: reviewers only, side by side, decisions audited, rejects remembered."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.records.helpers import make_link

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_refuses_the_queue_to_anonymous_and_non_reviewers(world: World, client: Any) -> None:
    assert client.get(reverse("link_review_queue")).status_code == 302
    for username in ("alice", "carol", "dave", "erin", "gina"):
        client.force_login(world.users[username])
        before = AuditEvent.objects.count()
        assert client.get(reverse("link_review_queue")).status_code == 403
        assert AuditEvent.objects.last().outcome == "denied"
        assert AuditEvent.objects.count() == before + 1


def test_it_hides_links_of_another_program(world: World, client: Any) -> None:
    other = make_link(world, "other", "other")
    client.force_login(world.users["bob"])
    response = client.get(reverse("link_review", kwargs={"link_id": other.public_id}))
    assert response.status_code == 404
    assert other.public_id not in client.get(reverse("link_review_queue")).content.decode()


def test_it_shows_both_records_side_by_side(world: World, client: Any) -> None:
    link = make_link(world, "pending", "own")
    client.force_login(world.users["bob"])
    queue = client.get(reverse("link_review_queue")).content.decode()
    assert link.public_id in queue
    page = client.get(reverse("link_review", kwargs={"link_id": link.public_id})).content.decode()
    own_name = next(c for c in world.canaries if c.startswith("CANARY-own-name"))
    assert own_name in page  # the participant's side
    assert "Fakename" in page and "WA90000001" in page  # the record's side
    assert "CANARY-own-casework" not in page and "CANARY-own-health" not in page
    event = AuditEvent.objects.last()
    assert (event.action, event.person_ref) == ("read", world.people["own"].public_id)


def test_it_audits_an_accept_and_attaches_the_record(world: World, client: Any) -> None:
    from openlead.records.models import PersonRecordLink

    link = make_link(world, "pending", "own")
    client.force_login(world.users["ada"])
    url = reverse("link_decide", kwargs={"link_id": link.public_id})
    assert client.post(url, {"decision": "accept"}).status_code == 302
    link = PersonRecordLink.objects.get(pk=link.pk)
    assert (link.status, link.decided_by) == ("accepted", world.users["ada"])
    event = AuditEvent.objects.last()
    assert (event.action, event.actor_username, event.detail["decision"]) == (
        "update",
        "ada",
        "accepted",
    )
    assert client.post(url, {"decision": "reject"}).status_code == 409


def test_it_remembers_a_rejected_pair_and_never_proposes_it_again(
    world: World, client: Any
) -> None:
    from openlead.access.acting import Actor
    from openlead.records.actions import Proposal, do_store_proposals
    from openlead.records.models import PersonRecordLink

    link = make_link(world, "pending", "own")
    client.force_login(world.users["bob"])
    url = reverse("link_decide", kwargs={"link_id": link.public_id})
    assert client.post(url, {"decision": "reject"}).status_code == 302
    event = AuditEvent.objects.last()
    assert (event.action, event.detail["decision"]) == ("update", "rejected")
    counts = do_store_proposals(
        [Proposal(link.person_id, link.record_id, 0.99, "auto_accept")],
        acting=Actor.system("test"),
        program_id=link.person.program_id,
    )
    assert (counts.auto_accepted, counts.queued, counts.already_known) == (0, 0, 1)
    assert PersonRecordLink.objects.get(pk=link.pk).status == "rejected"
    assert client.get(reverse("link_review_queue")).content.decode().count(link.public_id) == 0


def test_it_refuses_an_unknown_decision(world: World, client: Any) -> None:
    link = make_link(world, "pending", "own")
    client.force_login(world.users["bob"])
    url = reverse("link_decide", kwargs={"link_id": link.public_id})
    assert client.post(url, {"decision": "maybe"}).status_code == 409
    assert AuditEvent.objects.last().outcome == "denied"
