"""The demo seeds two deletion requests waiting for approval and a legal hold on one."""

from __future__ import annotations

import pytest

from openlead.demo import seed_demo
from openlead.retention.models import DeletionRequest, LegalHold

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_seeds_two_waiting_requests_and_a_hold() -> None:
    program = seed_demo(n_people=30, seed=5, password="demo-password-1234")
    requests = DeletionRequest.objects.filter(program=program, status="requested")
    assert sorted(requests.values_list("source", flat=True)) == ["participant", "staff"]
    hold = LegalHold.objects.get(program=program)
    assert hold.person is not None and hold.in_force
    assert requests.filter(person=hold.person).exists()
