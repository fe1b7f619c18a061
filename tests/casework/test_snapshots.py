"""Monthly status: due dates across month and year boundaries, pre-fill from assessment and contacts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from openlead.casework import actions, queries
from openlead.casework.models import StatusSnapshot
from openlead.casework.queries import current_template
from tests.casework.conftest import Casework
from tests.conftest import program_today

D = dt.date


@pytest.mark.parametrize(
    ("today", "due_day", "expected"),
    [
        (D(2026, 3, 11), 10, D(2026, 2, 1)),  # past the due day: last month is due
        (D(2026, 3, 10), 10, D(2026, 1, 1)),  # on the due day: last month still has time
        (D(2027, 1, 11), 10, D(2026, 12, 1)),  # across the year boundary
        (D(2027, 1, 2), 10, D(2026, 11, 1)),
        (D(2026, 3, 1), 0, D(2026, 2, 1)),  # due day 0: due as soon as the month ends
    ],
)
def test_it_finds_the_latest_month_due(today: dt.date, due_day: int, expected: dt.date) -> None:
    assert queries.latest_due_month(today, due_day) == expected


@pytest.mark.django_db(databases="__all__")
def test_it_flags_an_overdue_month_until_it_is_recorded(cw: Casework) -> None:
    person = cw.world.people["own"]
    today = D(2026, 3, 11)
    assert queries.snapshot_overdue(person, D(2026, 1, 15), today, 10) == D(2026, 2, 1)
    assert (
        queries.snapshot_overdue(person, D(2026, 3, 1), today, 10) is None
    )  # enrolled after February
    assert queries.snapshot_overdue(person, D(2026, 2, 28), today, 10) == D(
        2026, 2, 1
    )  # enrolled within it
    actions.do_record_snapshot(
        person,
        month=D(2026, 2, 14),
        acting=cw.acting,
        values={
            "living_situation": 116,
            "employment_stage": "none",
            "income_any": 0,
            "income_sources": [],
            "insurance_any": 1,
            "insurance_sources": ["medicaid"],
        },
    )
    assert queries.snapshot_overdue(person, D(2026, 1, 15), today, 10) is None
    assert queries.snapshot_overdue(person, D(2026, 1, 15), D(2026, 4, 11), 10) == D(2026, 3, 1)


@pytest.mark.django_db(databases="__all__")
def test_it_prefills_from_the_latest_assessment(cw: Casework) -> None:
    person = cw.world.people["own"]
    facts = {
        "living_situation": 314,
        "employment_stage": "seeking",
        "income_any": 1,
        "income_sources": ["ssi"],
        "insurance_any": 1,
        "insurance_sources": ["medicaid"],
    }
    actions.do_record_assessment(
        person,
        current_template(person.program),
        actions.AssessmentAnswers(
            kind="intake",
            assessed_on=D(2026, 2, 3),
            statuses={"housing": "need"},
            notes={},
            facts=facts,
        ),
        acting=cw.acting,
    )
    values = queries.prefill_snapshot(person, D(2026, 2, 1))
    assert {k: values[k] for k in facts} == facts
    assert values["sources"] == ["assessment 2026-02-03"]


@pytest.mark.django_db(databases="__all__")
def test_it_lets_a_newer_in_custody_contact_override_the_housing_answer(cw: Casework) -> None:
    person = cw.world.people["own"]
    actions.do_record_assessment(
        person,
        current_template(person.program),
        actions.AssessmentAnswers(
            kind="intake",
            assessed_on=D(2026, 2, 3),
            statuses={},
            notes={},
            facts={"living_situation": 116, "income_any": 0},
        ),
        acting=cw.acting,
    )
    actions.do_record_contact(
        person,
        acting=cw.acting,
        kind="custody",
        duration_minutes=30,
        location="custody",
        services=[],
        note="",
        occurred_at=dt.datetime(2026, 2, 20, 18, tzinfo=dt.UTC),
    )
    values = queries.prefill_snapshot(person, D(2026, 2, 1))
    assert (values["living_situation"], values["income_any"]) == (207, 0)
    assert values["sources"] == ["assessment 2026-02-03", "contact 2026-02-20"]
    # a contact after the month does not leak backwards into it
    assert queries.prefill_snapshot(person, D(2026, 1, 1))["living_situation"] == 99


@pytest.mark.django_db(databases="__all__")
def test_it_refuses_the_status_page_to_police_and_records_for_the_case_manager(
    cw: Casework, client: Any
) -> None:
    url = reverse("casework_snapshot", kwargs={"public_id": cw.world.people["own"].public_id})
    client.force_login(cw.world.users["dave"])
    assert client.get(url).status_code == 403
    client.force_login(cw.world.users["alice"])
    # last month: the participant was enrolled 120 days ago (a month before that is refused)
    month = queries.previous_month(program_today(cw.world.programs["demo"]))
    assert client.get(url + f"?month={month:%Y-%m}").status_code == 200
    data = {
        "month": f"{month:%Y-%m}",
        "living_situation": "101",
        "employment_stage": "training",
        "income_any": "1",
        "income_sources": ["snap"],
        "insurance_any": "0",
    }
    assert (
        client.post(url, {**data, "insurance_sources": ["medicaid"]}).status_code == 400
    )  # sources but "No"
    assert client.post(url, data).status_code == 302
    assert (
        client.post(url, {**data, "living_situation": "435"}).status_code == 302
    )  # a correction, same month
    snapshot = StatusSnapshot.objects.get()
    assert (snapshot.month, snapshot.living_situation, snapshot.income_sources) == (
        month,
        435,
        ["snap"],
    )
