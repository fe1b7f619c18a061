"""request_deletion: the participant's or staff's request, sealed and audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.people import vault
from openlead.retention.actions import request_deletion
from openlead.retention.models import DeletionRequest, DeletionSource, DeletionStatus

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_refuses_staff_requests_without_a_reason(world: Any) -> None:
    acting = Actor.of(world.users["alice"], "case_manager", world.programs["demo"].pk)
    with pytest.raises(ValidationError) as caught:
        request_deletion(world.people["own"], acting=acting, source="staff", reason="  ")
    assert "reason" in caught.value.message_dict
    assert not DeletionRequest.objects.exists()


def test_it_refuses_an_unknown_source(world: Any) -> None:
    acting = Actor.of(world.users["alice"], "case_manager", world.programs["demo"].pk)
    with pytest.raises(ValidationError) as caught:
        request_deletion(world.people["own"], acting=acting, source="police", reason="x")
    assert "source" in caught.value.message_dict


def test_it_records_a_sealed_audited_request(world: Any) -> None:
    person = world.people["own"]
    acting = Actor.of(world.users["alice"], "case_manager", person.program_id)
    row = request_deletion(
        person, acting=acting, source=DeletionSource.STAFF, reason="Asked at the drop-in"
    )
    assert row.status == DeletionStatus.REQUESTED
    assert row.person_ref == person.public_id and row.requested_by == world.users["alice"]
    assert b"drop-in" not in bytes(row.reason)
    dek = vault.data_key(person.public_id)
    text = vault.open_text(dek, row.reason, "retention.deletionrequest", row.public_id, "reason")
    assert text == "Asked at the drop-in"
    event = AuditEvent.objects.filter(person_ref=person.public_id).last()
    assert event is not None and event.detail["event"] == "deletion_requested"


def test_it_returns_the_open_request_when_asked_twice(world: Any) -> None:
    person = world.people["own"]
    first = request_deletion(person, acting=Actor.system("portal"), source="participant", reason="")
    again = request_deletion(person, acting=Actor.system("portal"), source="participant", reason="")
    assert again.pk == first.pk and DeletionRequest.objects.count() == 1
