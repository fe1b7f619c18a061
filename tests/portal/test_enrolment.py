"""The one-time enrolment code: issued by the care team, 72 hours, used once, and a new
one ends the old passphrase and every session."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent, Membership
from openlead.access.roles import Role
from openlead.portal.models import EnrolmentCode, PortalAccount
from tests.conftest import World
from tests.portal.helpers import PASSPHRASE, enrol, issue_code, sign_in

pytestmark = pytest.mark.django_db(databases="__all__")


def _code_url(world: World, rel: str) -> str:
    return reverse("portal_issue_code", kwargs={"public_id": world.people[rel].public_id})


def test_it_refuses_a_code_to_anonymous_outreach_police_and_another_caseload(
    world: World, client: Any, login: Any
) -> None:
    assert client.post(_code_url(world, "same")).status_code == 302
    assert login("otto").post(_code_url(world, "same")).status_code == 403
    assert login("dave").post(_code_url(world, "own")).status_code == 403
    assert login("alice").post(_code_url(world, "same")).status_code == 404
    assert login("pia").post(_code_url(world, "own")).status_code == 403
    assert not EnrolmentCode.objects.exists()


def test_it_shows_the_code_once_and_keeps_only_its_hash(world: World, client: Any) -> None:
    code = issue_code(client, world)
    row = EnrolmentCode.objects.get()
    assert code.replace("-", "") not in row.code_hash and len(row.code_hash) == 64
    assert row.expires_at - row.created_at == dt.timedelta(hours=72)
    events = AuditEvent.objects.filter(purpose="portal enrolment code")
    assert events.count() == 1 and code not in str(events.get().detail)
    client.force_login(world.users["ivan"])
    page = client.get(reverse("casework_person", args=[world.people["same"].public_id]))
    assert code not in page.content.decode() and "A code is waiting" in page.content.decode()


def test_it_enrols_with_the_code_as_a_participant_of_the_person(world: World, client: Any) -> None:
    code = issue_code(client, world)
    response = enrol(client, code.lower().replace("-", " "))
    assert response.status_code == 302 and response.url == reverse("portal_home")
    account = PortalAccount.objects.get(person=world.people["same"])
    assert account.user.username == "quinn" and account.user.check_password(PASSPHRASE)
    membership = Membership.objects.get(user=account.user)
    assert membership.role == Role.PARTICIPANT and membership.program == world.programs["demo"]
    home = client.get(reverse("portal_home"))
    assert home.status_code == 200 and "quinn" in home.content.decode()


def test_it_refuses_a_used_code(world: World, client: Any) -> None:
    code = issue_code(client, world)
    enrol(client, code)
    client.logout()
    again = enrol(client, code, username="quinn2")
    assert again.status_code == 400 and "does not work" in again.content.decode()


def test_it_refuses_a_code_after_72_hours(world: World, client: Any) -> None:
    code = issue_code(client, world)
    later = timezone.now() + dt.timedelta(hours=72, minutes=1)
    with time_machine.travel(later, tick=False):
        response = enrol(client, code)
    assert (
        response.status_code == 400
        and not PortalAccount.objects.filter(person=world.people["same"]).exists()
    )


def test_it_accepts_a_code_just_before_72_hours(world: World, client: Any) -> None:
    code = issue_code(client, world)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=71, minutes=59), tick=False):
        assert enrol(client, code).status_code == 302


def test_it_refuses_a_taken_username_and_a_short_passphrase_beside_the_field(
    world: World, client: Any
) -> None:
    code = issue_code(client, world)
    taken = enrol(client, code, username="alice")
    assert taken.status_code == 400 and "already uses this username" in taken.content.decode()
    short = enrol(client, code, passphrase="short")
    assert short.status_code == 400 and 'id="id_passphrase-error"' in short.content.decode()
    assert enrol(client, code).status_code == 302  # the code still works after the mistakes


def test_it_ends_the_old_code_passphrase_and_sessions_on_a_new_code(
    world: World, client: Any, django_user_model: Any
) -> None:
    from django.test import Client

    first = issue_code(client, world)
    second_device = Client()
    assert enrol(second_device, first).status_code == 302
    assert second_device.get(reverse("portal_home")).status_code == 200
    old_code = issue_code(client, world)
    new_code = issue_code(client, world)  # lost access again: the old_code dies too
    assert second_device.get(reverse("portal_home")).status_code == 302  # session ended
    assert sign_in(client, "quinn").status_code == 400  # the old passphrase is gone
    assert enrol(client, old_code).status_code == 400
    assert enrol(client, new_code, passphrase="green ladder hums softly").status_code == 302
    assert PortalAccount.objects.filter(person=world.people["same"]).count() == 1
