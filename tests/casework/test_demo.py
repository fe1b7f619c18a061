"""The demo shows casework: enrolled participants with contacts, goals, assessments and funds."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.casework.models import Assessment, Enrollment, Goal, StatusSnapshot
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
        # A monthly status for every month since enrollment, up to five, ending this month
        # (the evaluation and the PCG report count the changes).
        months = list(
            StatusSnapshot.objects.filter(person=e.person).values_list("month", flat=True)
        )
        assert 1 <= len(months) <= 5
        assert max(months) == timezone.localdate().replace(day=1)
    client.force_login(program.memberships.get(role="supervisor").user)
    assert client.get(reverse("casework_supervisor")).status_code == 200
