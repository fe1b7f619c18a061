"""Quick contacts: one tap with defaults (now, street outreach, 10 min); the note is encrypted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.casework.models import Contact
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(cw: Casework, key: str = "own") -> str:
    return reverse("casework_contact_new", kwargs={"public_id": cw.world.people[key].public_id})


@pytest.mark.parametrize("username", ["dave", "erin", "frank", "otto"])
def test_it_refuses_roles_that_never_write_casework(
    cw: Casework, client: Any, username: str
) -> None:
    client.force_login(cw.world.users[username])
    assert client.get(_url(cw)).status_code == 403
    assert (
        client.post(
            _url(cw), {"kind": "street", "duration_minutes": 10, "location": "street"}
        ).status_code
        == 403
    )
    assert not Contact.objects.exists()


@pytest.mark.parametrize("username", ["gina", "hank", "carol", "ivan"])
def test_it_answers_404_outside_the_scope(cw: Casework, client: Any, username: str) -> None:
    client.force_login(cw.world.users[username])
    assert client.get(_url(cw)).status_code == 404


def test_it_redirects_anonymous_users_to_log_in(cw: Casework, client: Any) -> None:
    assert client.get(_url(cw)).status_code == 302


def test_it_saves_a_street_contact_from_the_defaults_alone(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    page = client.get(_url(cw)).content.decode()
    assert 'value="street"' in page and 'value="10"' in page
    before = timezone.now()
    response = client.post(
        _url(cw), {"kind": "street", "duration_minutes": "10", "location": "street"}
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.kind, contact.duration_minutes, contact.location, contact.note) == (
        "street",
        10,
        "street",
        None,
    )
    assert before - dt.timedelta(seconds=5) <= contact.occurred_at <= timezone.now()


def test_it_encrypts_the_note_and_shows_it_to_the_case_manager(cw: Casework, client: Any) -> None:
    marker = cw.canary("contact-note")
    client.force_login(cw.world.users["alice"])
    client.post(
        _url(cw),
        {
            "kind": "phone",
            "duration_minutes": "5",
            "location": "remote",
            "services": ["check_in", "naloxone"],
            "note": marker,
        },
    )
    contact = Contact.objects.get()
    assert marker.encode() not in bytes(contact.note)
    assert contact.services == ["check_in", "naloxone"]
    page = client.get(
        reverse("casework_person", kwargs={"public_id": cw.world.people["own"].public_id})
    )
    assert marker in page.content.decode()
    assert marker not in " ".join(str(e.detail) for e in AuditEvent.objects.all())


def test_it_writes_one_audit_event_for_the_save(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    before = AuditEvent.objects.count()
    client.post(_url(cw), {"kind": "street", "duration_minutes": "10", "location": "street"})
    events = list(AuditEvent.objects.all()[before:])
    assert [(e.action, e.outcome, e.field_groups) for e in events] == [
        ("create", "allowed", ["casework_notes"])
    ]


def test_it_rejects_a_future_time_and_bad_minutes(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    future = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert (
        client.post(
            _url(cw),
            {
                "kind": "street",
                "duration_minutes": "10",
                "location": "street",
                "occurred_at": future,
            },
        ).status_code
        == 400
    )
    assert (
        client.post(
            _url(cw), {"kind": "street", "duration_minutes": "0", "location": "street"}
        ).status_code
        == 400
    )
    assert not Contact.objects.exists()


def test_it_shows_a_contact_whose_author_account_was_deleted(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    client.post(_url(cw), {"kind": "phone", "duration_minutes": "5", "location": "remote"})
    Contact.objects.update(author=None)  # the author's account deleted (on_delete SET_NULL)
    page = client.get(
        reverse("casework_person", kwargs={"public_id": cw.world.people["own"].public_id})
    )
    assert page.status_code == 200
    assert "author not recorded" in page.content.decode()


def test_it_shows_an_enrollment_whose_case_manager_account_was_deleted(
    cw: Casework, client: Any
) -> None:
    from openlead.casework.models import Enrollment

    person = cw.world.people["own"]
    Enrollment.objects.filter(person=person).update(case_manager=None)
    client.force_login(cw.world.users["bob"])  # the supervisor sees every case
    page = client.get(reverse("casework_person", kwargs={"public_id": person.public_id}))
    assert page.status_code == 200
    assert "case manager not assigned" in page.content.decode()
