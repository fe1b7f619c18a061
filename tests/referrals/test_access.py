"""Referral reads go through the access layer: one audit event each, refusals included."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_gives_out_of_scope_and_missing_referrals_the_same_404(world: World, login: Any) -> None:
    theirs = make_referral(world, by="carol", door="community", facts={}, program="other")
    client = login("dave")
    forbidden = client.get(reverse("referral_detail", args=[theirs.public_id]))
    missing = client.get(reverse("referral_detail", args=["doesNotExist123"]))
    assert forbidden.status_code == missing.status_code == 404
    body = lambda r: r.content.decode().split("</header>")[1]  # noqa: E731 (header holds the CSRF token)
    assert body(forbidden) == body(missing)


def test_it_audits_refusals(world: World, login: Any) -> None:
    before = AuditEvent.objects.count()
    assert login("gina").get(reverse("referral_list")).status_code == 403
    assert (
        login("dave").get(reverse("referral_detail", args=["doesNotExist123"])).status_code == 404
    )
    outcomes = list(
        AuditEvent.objects.filter(seq__gt=before)
        .exclude(action__in=["login", "logout"])
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["denied", "not_found"]


def test_it_writes_one_event_per_list_naming_the_referrals_shown(world: World, login: Any) -> None:
    mine = make_referral(world)
    make_referral(world, by="cora", door="community")
    client = login("dave")
    client.get(reverse("referral_list"))  # a first view; only the second is counted
    before = AuditEvent.objects.count()
    client.get(reverse("referral_list"))
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert len(events) == 1 and events[0].action == "list"
    assert events[0].detail["referrals"] == [mine.public_id]
