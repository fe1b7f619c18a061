"""The same pair is asked once: several records of one justice person proposed for the
same participant make one queue item, and its decision decides every one of them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db(databases="__all__")


def _three_records_of_one_person(world: World) -> list[Any]:
    from openlead.records.models import JusticePerson, PersonRecordLink

    person = world.people["own"]
    justice_person = JusticePerson.objects.create(source="test-rms")
    links = []
    for i, probability in enumerate((0.6, 0.8, 0.7)):
        record = make_record(person.program, f"EV-same-{i}")
        record.justice_person = justice_person
        record.save(update_fields=["justice_person"])
        links.append(
            PersonRecordLink.objects.create(
                person=person,
                record=record,
                probability=probability,
                band="review",
                status="pending",
            )
        )
    return links


def test_it_lists_one_item_for_the_records_of_one_justice_person(world: World, client: Any) -> None:
    links = _three_records_of_one_person(world)
    lone = make_record(world.people["own"].program, "EV-alone")
    from openlead.records.models import PersonRecordLink

    alone = PersonRecordLink.objects.create(
        person=world.people["own"], record=lone, probability=0.55, band="review", status="pending"
    )
    client.force_login(world.users["bob"])
    queue = client.get(reverse("link_review_queue")).content.decode()
    assert links[1].public_id in queue  # the most probable stands for the three
    assert links[0].public_id not in queue and links[2].public_id not in queue
    assert alone.public_id in queue  # a record of no justice person is its own item
    page = client.get(reverse("link_review", kwargs={"link_id": links[1].public_id}))
    assert "2 more records proposed for the same participant" in page.content.decode()
    assert page.context["left_to_review"] == 2


def test_it_applies_one_decision_to_every_record_of_the_pair(world: World, client: Any) -> None:
    from openlead.records.models import PersonRecordLink

    links = _three_records_of_one_person(world)
    client.force_login(world.users["bob"])
    url = reverse("link_decide", kwargs={"link_id": links[1].public_id})
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 302
    statuses = {
        link.public_id: (link.status, link.decided_by)
        for link in PersonRecordLink.objects.filter(pk__in=[k.pk for k in links])
    }
    assert set(statuses.values()) == {("accepted", world.users["bob"])}
    event = AuditEvent.objects.filter(purpose="record link review").last()
    assert event.detail["link"] == links[1].public_id
    assert sorted(event.detail["same_pair_links"]) == sorted(
        [links[0].public_id, links[2].public_id]
    )
    assert event.detail["same_pair_decided"] == 2
    # Nothing of the pair is left to ask.
    assert client.get(reverse("link_review_queue")).context["total"] == 0


def test_it_keeps_pairs_of_other_participants_apart(world: World, client: Any) -> None:
    from openlead.records.models import PersonRecordLink

    links = _three_records_of_one_person(world)
    other_person = world.people["same"]  # another participant of the same program
    PersonRecordLink.objects.create(
        person=other_person,
        record=links[0].record,
        probability=0.9,
        band="review",
        status="pending",
    )
    client.force_login(world.users["bob"])
    assert client.get(reverse("link_review_queue")).context["total"] == 2
