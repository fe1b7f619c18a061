"""Plan goals (status changes are rows) and versioned assessments (health domains sealed apart)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.casework import actions, queries
from openlead.casework.models import Assessment, AssessmentTemplate, Goal
from openlead.people import vault
from tests.casework.conftest import Casework
from tests.conftest import program_today

pytestmark = pytest.mark.django_db(databases="__all__")


def _url(cw: Casework, name: str) -> str:
    return reverse(name, kwargs={"public_id": cw.world.people["own"].public_id})


@pytest.mark.parametrize("username", ["dave", "erin", "frank"])
def test_it_refuses_plans_and_assessments_to_the_justice_roles(
    cw: Casework, client: Any, username: str
) -> None:
    client.force_login(cw.world.users[username])
    assert (
        client.post(_url(cw, "casework_goal_add"), {"domain": "housing", "words": "x"}).status_code
        == 403
    )
    assert client.get(_url(cw, "casework_assessment_new")).status_code == 403


def test_it_keeps_each_goal_status_change_as_a_row(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    words = cw.canary("goal-words")
    assert (
        client.post(
            _url(cw, "casework_goal_add"), {"domain": "id_documents", "words": "", "steps": ""}
        ).status_code
        == 400
    )
    assert (
        client.post(
            _url(cw, "casework_goal_add"), {"domain": "id_documents", "words": words}
        ).status_code
        == 302
    )
    goal = Goal.objects.get()
    assert words.encode() not in bytes(goal.words)
    for status in ("set_aside", "open", "achieved"):
        assert (
            client.post(
                _url(cw, "casework_goal_status"), {"goal": goal.public_id, "status": status}
            ).status_code
            == 302
        )
    goal.refresh_from_db()
    assert goal.status == "achieved" and goal.closed_on is not None
    assert list(goal.events.values_list("status", flat=True)) == [
        "open",
        "set_aside",
        "open",
        "achieved",
    ]
    assert words in client.get(_url(cw, "casework_person")).content.decode()


def test_it_answers_404_for_a_goal_of_someone_else(cw: Casework, client: Any) -> None:
    other = actions.do_add_goal(
        cw.world.people["same"],
        acting=cw.acting,
        domain="legal",
        words="w",
        steps="",
        on=cw.enrollments["own"].started_on,
    )
    client.force_login(cw.world.users["alice"])
    response = client.post(
        _url(cw, "casework_goal_status"), {"goal": other.public_id, "status": "achieved"}
    )
    assert response.status_code == 404


def test_it_records_an_assessment_with_the_template_version_and_seals_health_apart(
    cw: Casework, client: Any
) -> None:
    template = AssessmentTemplate.objects.get(program=cw.world.programs["demo"])
    newer = AssessmentTemplate.objects.create(
        program=template.program,
        name=template.name,
        version=2,
        domains=["housing", "substance_use", "safety"],
    )
    client.force_login(cw.world.users["alice"])
    page = client.get(_url(cw, "casework_assessment_new")).content.decode()
    assert "v2" in page and "Substance use" in page and "Family" not in page
    housing, health = cw.canary("housing-note"), cw.canary("su-note")
    data = {
        "kind": "intake",
        "assessed_on": program_today(cw.world.programs["demo"]).isoformat(),
        "status_housing": "need",
        "note_housing": housing,
        "status_substance_use": "in_progress",
        "note_substance_use": health,
        "status_safety": "no_need",
        "living_situation": "116",
        "employment_stage": "none",
        "income_any": "0",
        "insurance_any": "1",
        "insurance_sources": ["medicaid"],
    }
    assert client.post(_url(cw, "casework_assessment_new"), data).status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.template == newer
    assert housing.encode() not in bytes(assessment.answers) and health.encode() not in bytes(
        assessment.health_answers
    )
    dek = vault.data_key(cw.world.people["own"].public_id)
    without = queries.open_assessment(assessment, dek, health=False)
    assert set(without["domains"]) == {"housing", "safety"}
    assert (
        queries.open_assessment(assessment, dek, health=True)["domains"]["substance_use"]["note"]
        == health
    )
    assert without["facts"]["insurance_sources"] == ["medicaid"]
