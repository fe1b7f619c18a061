"""Deleting a participant's record removes their portal account: no username, passphrase
hash or participant membership is left behind (issue 14, item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent, Membership
from openlead.portal.models import PortalAccount
from openlead.retention.actions.shred import do_shred_people
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_removes_the_participants_account_with_their_record(world: World, client: Any) -> None:
    pia = world.users["pia"]
    person = world.people["own"]
    assert PortalAccount.objects.filter(user=pia, person=person).exists()
    do_shred_people([person], acting=Actor.system("test"), purpose="retention test")
    assert not get_user_model().objects.filter(pk=pia.pk).exists()
    assert not Membership.objects.filter(user_id=pia.pk).exists()
    step = AuditEvent.objects.filter(detail__step="portal_accounts_removed").get()
    assert step.detail["users"] == 1
    # Other staff and participants are untouched.
    assert get_user_model().objects.filter(username="alice").exists()
