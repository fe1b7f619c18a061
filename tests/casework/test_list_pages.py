"""The caseload and the supervisor's no-contact list come 25 to a page (issue 12)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.access.test_exfiltration import make_people
from tests.casework.conftest import Casework

pytestmark = pytest.mark.django_db(databases="__all__")


def _enroll_many(cw: Casework, count: int) -> list[Any]:
    from openlead.casework import actions

    people = make_people(cw.world, count)
    for person in people:
        actions.do_enroll(person, case_manager=cw.world.users["alice"], acting=cw.acting)
    return people


def _last(purpose: str) -> AuditEvent:
    event = AuditEvent.objects.filter(purpose=purpose).order_by("-seq").first()
    assert event is not None
    return event


def test_it_pages_the_caseload_and_audits_only_the_rows_shown(cw: Casework, client: Any) -> None:
    _enroll_many(cw, 29)  # 30 with alice's "own"
    client.force_login(cw.world.users["alice"])
    first = client.get(reverse("casework_caseload")).content.decode()
    assert "My caseload (30)" in first and "1-25 of 30" in first and "?page=2" in first
    shown = re.findall(r'href="/people/([^/"]+)/casework/"', first)
    assert len(set(shown)) == 25
    assert sorted(_last("my caseload").detail["people"]) == sorted(set(shown))
    second = client.get(reverse("casework_caseload"), {"page": "9"}).content.decode()
    assert "26-30 of 30" in second
    assert len(_last("my caseload").detail["people"]) == 5


def test_it_pages_the_supervisors_no_contact_list(cw: Casework, client: Any) -> None:
    _enroll_many(cw, 27)  # nobody has a contact: 30 open enrollments in the demo program
    client.force_login(cw.world.users["bob"])
    page = client.get(reverse("casework_supervisor")).content.decode()
    assert "(30)</h2>" in page and "1-25 of 30" in page
    assert len(_last("supervisor dashboard").detail["people"]) == 25
    page = client.get(reverse("casework_supervisor"), {"page": "x"}).content.decode()
    assert "1-25 of 30" in page
    page = client.get(reverse("casework_supervisor"), {"page": "2"}).content.decode()
    assert "26-30 of 30" in page and len(_last("supervisor dashboard").detail["people"]) == 5
