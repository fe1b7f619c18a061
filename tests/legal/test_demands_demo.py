"""The demo's legal demands: a subpoena declined (a subpoena alone allows nothing) and a
court order disclosed, in the accounting of its participant."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.demo import seed_demo
from openlead.legal.demands.queries import notices_for
from openlead.legal.models import DemandKind, DemandStatus, LegalDemand

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_seeds_a_declined_subpoena_and_a_disclosed_court_order(client: Any) -> None:
    program = seed_demo(n_people=30, seed=5, password="demo-password-1234")
    subpoena = LegalDemand.objects.get(program=program, kind=DemandKind.SUBPOENA)
    order = LegalDemand.objects.get(program=program, kind=DemandKind.COURT_ORDER)
    assert subpoena.status == DemandStatus.DECLINED
    assert order.status == DemandStatus.DISCLOSED
    assert order.logged_by != order.decision.decided_by
    assert len(notices_for(order.person)) == 1
    client.force_login(program.memberships.get(role="supervisor").user)
    page = client.get(reverse("legal_demands")).content.decode()
    assert "Subpoena from" in page and "Disclosed under a court order" in page
