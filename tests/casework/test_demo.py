"""The demo shows casework: enrolled participants with contacts, goals, assessments and funds."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.casework.models import Assessment, Enrollment, Goal, StatusSnapshot
from openlead.demo import seed_demo
from openlead.people.models import Person

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_seeds_casework_for_the_demo_program(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openlead.demo

    # The accountability seed runs last and adds a year of referrals with only the monthly
    # status and exits its page counts (openlead.accountability.demo): the casework seed's
    # participants are everyone enrolled before it starts.
    before: list[int] = []
    seed_accountability = openlead.demo.seed_accountability_demo

    def note_where_it_starts(program: Any) -> None:
        before.append(Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
        seed_accountability(program)

    monkeypatch.setattr(openlead.demo, "seed_accountability_demo", note_where_it_starts)
    program = seed_demo(n_people=12, seed=3, password="demo-password-1234")
    assert len(before) == 1  # the accountability seed ran, after the casework seed
    enrolled = Enrollment.objects.filter(program=program, person__pk__lte=before[0])
    assert enrolled.exists()
    assert Enrollment.objects.filter(program=program, person__pk__gt=before[0]).exists()
    people = [e.person_id for e in enrolled]
    assert Goal.objects.filter(person__in=people).count() == enrolled.count()
    assert Assessment.objects.filter(person__in=people).count() == enrolled.count()
    for e in enrolled:  # Person.status follows the enrollment
        assert e.person.status == e.status
        # A monthly status for every month since enrollment, up to five, ending this month
        # (the evaluation and the PCG report count the changes), and one at intake (the
        # within-subject baseline, openlead/casework/demo.py _monthly_status).
        months = sorted(
            StatusSnapshot.objects.filter(person=e.person).values_list("month", flat=True)
        )
        intake = e.started_on.replace(day=1)
        assert months[0] == intake
        recent = months[1:] if len(months) > 5 else months
        assert 1 <= len(recent) <= 5
        assert recent[-1] == timezone.localdate().replace(day=1)
        assert all(a < b for a, b in zip(recent, recent[1:], strict=False))
    client.force_login(program.memberships.get(role="supervisor").user)
    assert client.get(reverse("casework_supervisor")).status_code == 200
