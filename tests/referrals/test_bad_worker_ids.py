"""A worker picker posted with an id that is empty, not a number or absurd gets a clear
answer, never a 500 (issue 11: `Field 'id' expected a number`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.referrals.models import Referral, Status
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")

BAD = ["", "x", "1e9", "-3", "9" * 30, "<script>alert(1)</script>", " 1 2 "]


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("name", ["referral_intake", "referral_handoff"])
def test_it_refuses_a_bad_worker_id_with_a_message(
    world: World, login: Any, name: str, value: str
) -> None:
    referral = make_referral(world, by="dave")
    client = login("bob")
    response = client.post(reverse(name, args=[referral.public_id]), {"worker": value})
    assert response.status_code == 400
    assert "Choose" in response.content.decode()
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.status == Status.AWAITING_INTAKE and referral.handed_off_to is None
