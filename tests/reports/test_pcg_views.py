"""The policy group's report page and its download: refusals first, then what the admin,
the supervisor and the evaluator see."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.reports.pcg_quarters import Quarter
from openlead.reports.pcg_views import PAGE
from tests.conftest import World, program_today

pytestmark = pytest.mark.django_db(databases="__all__")

READERS = ["gina", "bob", "ada"]
OTHERS = ["alice", "otto", "dave", "erin", "frank", "una", "hank", "carol", "cora"]


def _current(world: World) -> str:
    return Quarter.of(program_today(world.programs["demo"])).code


def test_it_sends_the_anonymous_to_log_in(client: Any, world: World) -> None:
    for name in ("pcg_report", "pcg_download"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("user", OTHERS)
def test_it_refuses_everyone_else_and_audits_it(login: Any, world: World, user: str) -> None:
    client = login(user)
    assert client.get(reverse("pcg_report")).status_code == 403
    assert client.get(reverse("pcg_download")).status_code == 403
    refused = AuditEvent.objects.filter(actor_username=user, outcome="denied")
    assert refused.filter(purpose="policy group report").exists()
    assert refused.filter(purpose="policy group report download").exists()


def test_it_answers_a_quarter_that_is_not_the_program_s_with_the_form(
    login: Any, world: World
) -> None:
    client = login("gina")
    for bad in ("1999-Q1", "2026-Q7", "nonsense"):
        response = client.get(reverse("pcg_report"), {"quarter": bad})
        assert response.status_code == 400
        page = response.content.decode()
        assert page.count("Select a valid choice") == 1  # beside the field, once
        assert "Show this quarter" in page
        assert client.get(reverse("pcg_download"), {"quarter": bad}).status_code == 400


@pytest.mark.parametrize("user", READERS)
def test_it_shows_the_report_with_labels_charts_and_the_rule(
    login: Any, world: World, user: str
) -> None:
    response = login(user).get(reverse("pcg_report"))
    assert response.status_code == 200
    assert response.templates[0].name == PAGE
    page = response.content.decode()
    for title in (
        "Referrals by door and agency",
        "Eligibility decisions",
        "Intakes completed",
        "Caseloads: case managers by caseload size",
        "Prosecutor decisions",
        "Participants at the end of the quarter",
        "Housing, income and employment changes",
    ):
        assert title in page
    assert "Arrest diversion" in page and "Hold in abeyance while the person is in LEAD" in page
    assert "arrest</th>" not in page and "abeyance</th>" not in page  # labels, not codes
    assert page.count("<svg") == 8
    assert "Small counts are hidden" in page and "Counts from 1 to 10 are hidden" in page
    assert "<style" not in page and "style=" not in page and "<script" not in page  # CSP
    assert f'value="{_current(world)}" selected' in page
    assert 'href="/"' in page or reverse("home") in page  # a way back
    event = AuditEvent.objects.filter(actor_username=user, purpose="policy group report").last()
    assert event is not None and event.action == "read" and event.outcome == "allowed"
    assert event.detail["quarter"] == _current(world)
    assert "people" not in event.detail


def test_it_shows_the_picked_quarter(login: Any, world: World) -> None:
    code = _current(world)
    response = login("bob").get(reverse("pcg_report"), {"quarter": code})
    assert response.status_code == 200
    assert Quarter(int(code[:4]), int(code[-1])).label in response.content.decode()


@pytest.mark.parametrize("user", READERS)
def test_it_downloads_a_self_contained_html_file(login: Any, world: World, user: str) -> None:
    code = _current(world)
    response = login(user).get(reverse("pcg_download"), {"quarter": code})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="policy-group-report-test-city-{code}.html"'
    )
    body = response.content.decode()
    assert body.startswith("<!doctype html>") and "<style>" in body
    assert "<link" not in body and "src=" not in body  # nothing to fetch
    assert body.count("<svg") == 8 and "Test City LEAD" in body
    for canary in world.canaries:
        assert canary not in body
    event = AuditEvent.objects.filter(actor_username=user, action="export").last()
    assert event is not None and event.purpose == "policy group report download"
    assert event.detail["quarter"] == code
