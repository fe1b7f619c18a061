"""The demo shows justice records: imported fake records, linked and queued for review."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.demo import seed_demo

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_seeds_records_and_links_for_the_demo_program(client: Any) -> None:
    from openlead.records.models import ImportBatch, PersonRecordLink

    program = seed_demo(n_people=30, seed=5, password="demo-password-1234")
    assert ImportBatch.objects.get(source="demo-rms").status == "complete"
    links = PersonRecordLink.objects.filter(person__program=program)
    assert links.filter(status="accepted").exists()
    assert links.filter(status="pending").exists()
    client.force_login(program.memberships.get(role="supervisor").user)
    page = client.get(reverse("link_review_queue")).content.decode()
    pending = links.filter(status="pending").first()
    assert pending is not None and pending.public_id in page
