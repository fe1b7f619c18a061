"""The demo shows casework: enrolled participants with contacts, goals, assessments and funds."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.casework.models import Assessment, Enrollment, Goal
from openlead.demo import seed_demo

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_seeds_casework_for_the_demo_program(client: Any) -> None:
    program = seed_demo(n_people=12, seed=3, password="demo-password-1234")
    enrolled = Enrollment.objects.filter(program=program)
    assert enrolled.exists()
    assert Goal.objects.filter(person__program=program).count() == enrolled.count()
    assert Assessment.objects.filter(person__program=program).count() == enrolled.count()
    for e in enrolled:  # Person.status follows the enrollment
        assert e.person.status == e.status
    client.force_login(program.memberships.get(role="supervisor").user)
    assert client.get(reverse("casework_supervisor")).status_code == 200
