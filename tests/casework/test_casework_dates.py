"""Issue 11: casework dates that cannot be true are refused, by the form (beside the field)
and by the check_ action (a CLI or API caller gets the same sentence); "today" is the
program's day in Los Angeles, also in the hours when the UTC date is already tomorrow."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from openlead.casework import actions, queries
from openlead.casework.models import Assessment, Contact, StatusSnapshot
from tests.casework.conftest import Casework
from tests.conftest import program_today

pytestmark = pytest.mark.django_db(databases="__all__")

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
FACTS = {
    "living_situation": "116",
    "employment_stage": "none",
    "income_any": "0",
    "insurance_any": "0",
}


def _url(cw: Casework, name: str) -> str:
    return reverse(name, kwargs={"public_id": cw.world.people["own"].public_id})


def _evening_in_los_angeles() -> dt.datetime:
    """05:00 UTC today: 21:00 or 22:00 yesterday in Los Angeles (the two dates differ)."""
    return dt.datetime.now(dt.UTC).replace(hour=5, minute=0, second=0, microsecond=0)


def _assessment(cw: Casework, on: str) -> dict[str, Any]:
    return {"kind": "intake", "assessed_on": on, **FACTS} | {
        f"status_{d}": "not_assessed"
        for d in queries.current_template(cw.world.programs["demo"]).domains
    }


def _answers(on: dt.date) -> actions.AssessmentAnswers:
    return actions.AssessmentAnswers(
        kind="intake", assessed_on=on, statuses={"housing": "need"}, notes={}, facts={}
    )


def test_it_refuses_a_contact_dated_1901_beside_the_field_and_in_the_action(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    data = {"kind": "street", "duration_minutes": "10", "location": "street"}
    response = client.post(
        _url(cw, "casework_contact_new"), {**data, "occurred_at": "1901-05-05T10:00"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in page and 'id="id_occurred_at-error"' in page
    assert "The participant came to the program on" in page
    with pytest.raises(ValidationError) as refused:
        actions.check_record_contact(
            cw.world.people["own"],
            acting=cw.acting_for("alice"),
            occurred_at=dt.datetime(1901, 5, 5, 10, tzinfo=LA),
        )
    assert "occurred_at" in refused.value.message_dict
    assert not Contact.objects.exists()


def test_it_refuses_a_contact_in_the_future(cw: Casework, client: Any) -> None:
    client.force_login(cw.world.users["alice"])
    later = dt.datetime.now(LA) + dt.timedelta(hours=2)
    response = client.post(
        _url(cw, "casework_contact_new"),
        {
            "kind": "street",
            "duration_minutes": "10",
            "location": "street",
            "occurred_at": later.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 400
    assert "A contact cannot be in the future" in response.content.decode()
    with pytest.raises(ValidationError):
        actions.check_record_contact(
            cw.world.people["own"], acting=cw.acting_for("alice"), occurred_at=later
        )
    assert not Contact.objects.exists()


@pytest.mark.parametrize("on", ["1800-01-01", "2030-06-01", "1899-12-31"])
def test_it_refuses_an_assessment_dated_1800_or_2030(cw: Casework, client: Any, on: str) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.post(_url(cw, "casework_assessment_new"), _assessment(cw, on))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_assessed_on-error"' in page and 'class="error-summary"' in page
    template = queries.current_template(cw.world.programs["demo"])
    with pytest.raises(ValidationError) as refused:
        actions.check_record_assessment(
            cw.world.people["own"],
            template,
            _answers(dt.date.fromisoformat(on)),
            acting=cw.acting_for("alice"),
        )
    assert set(refused.value.message_dict) == {"assessed_on"}
    assert not Assessment.objects.exists()


def test_it_refuses_status_months_in_the_future_or_before_the_participant_came(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    person = cw.world.people["own"]
    first = queries.first_month(person)
    assert first == cw.enrollments["own"].started_on.replace(day=1)  # enrolled before referral
    next_month = program_today(cw.world.programs["demo"]).replace(day=28) + dt.timedelta(days=4)
    for month in (
        "2031-11",
        "1999-01",
        f"{next_month:%Y-%m}",
        f"{queries.previous_month(first):%Y-%m}",
    ):
        response = client.post(_url(cw, "casework_snapshot"), {"month": month, **FACTS})
        assert response.status_code == 400, month
        assert 'id="id_month-error"' in response.content.decode()
    for month_date in (dt.date(2031, 11, 1), dt.date(1999, 1, 1)):
        with pytest.raises(ValidationError) as refused:
            actions.check_record_snapshot(
                person,
                month=month_date,
                values={k: int(v) if v.isdigit() else v for k, v in FACTS.items()}
                | {"income_sources": [], "insurance_sources": []},
                acting=cw.acting_for("alice"),
            )
        assert set(refused.value.message_dict) == {"month"}
    assert not StatusSnapshot.objects.exists()
    response = client.post(_url(cw, "casework_snapshot"), {"month": f"{first:%Y-%m}", **FACTS})
    assert response.status_code == 302  # the month they came is fine


def test_it_refuses_a_status_with_codes_off_the_lists_in_the_action(cw: Casework) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.check_record_snapshot(
            cw.world.people["own"],
            month=queries.first_month(cw.world.people["own"]),
            values={
                "living_situation": 5,
                "employment_stage": "astronaut",
                "income_any": 1,
                "income_sources": ["lottery"],
                "insurance_any": 7,
                "insurance_sources": [],
            },
            acting=cw.acting_for("alice"),
        )
    assert set(refused.value.message_dict) == {
        "living_situation",
        "employment_stage",
        "income_sources",
        "insurance_any",
    }


def test_it_ignores_an_impossible_month_in_the_link(cw: Casework, client: Any) -> None:
    """A link with ?month=1800-01 pre-filled a form that could never be saved."""
    client.force_login(cw.world.users["alice"])
    page = client.get(_url(cw, "casework_snapshot") + "?month=1800-01").content.decode()
    assert 'value="1800-01"' not in page and "1800" not in page
    expected = max(
        queries.previous_month(program_today(cw.world.programs["demo"])),
        queries.first_month(cw.world.people["own"]),
    )
    assert f'value="{expected:%Y-%m}"' in page


def test_it_counts_today_on_the_los_angeles_calendar_when_utc_is_already_tomorrow(
    cw: Casework, client: Any
) -> None:
    evening = _evening_in_los_angeles()
    utc_day, la_day = evening.date(), evening.astimezone(LA).date()
    assert la_day == utc_day - dt.timedelta(days=1)
    template = queries.current_template(cw.world.programs["demo"])
    with time_machine.travel(evening, tick=False):
        client.force_login(cw.world.users["alice"])
        # the UTC date is tomorrow in Los Angeles: refused by the form and by the action
        response = client.post(
            _url(cw, "casework_assessment_new"), _assessment(cw, utc_day.isoformat())
        )
        assert response.status_code == 400
        assert "This date is in the future" in response.content.decode()
        with pytest.raises(ValidationError):
            actions.check_record_assessment(
                cw.world.people["own"], template, _answers(utc_day), acting=cw.acting
            )
        # the Los Angeles date is today
        response = client.post(
            _url(cw, "casework_assessment_new"), _assessment(cw, la_day.isoformat())
        )
        assert response.status_code == 302
        assert Assessment.objects.get().assessed_on == la_day
        page = client.get(_url(cw, "casework_assessment_new")).content.decode()
        assert f'value="{la_day.isoformat()}"' in page  # the default date is the program's day


def test_it_shows_and_checks_a_late_evening_contact_in_los_angeles_time(
    cw: Casework, client: Any
) -> None:
    evening = _evening_in_los_angeles()
    la = evening.astimezone(LA)
    with time_machine.travel(evening + dt.timedelta(minutes=30), tick=False):
        client.force_login(cw.world.users["alice"])
        response = client.post(
            _url(cw, "casework_contact_new"),
            {
                "kind": "phone",
                "duration_minutes": "5",
                "location": "remote",
                "occurred_at": la.strftime("%Y-%m-%dT%H:%M"),  # typed on the wall clock
            },
        )
        assert response.status_code == 302
        assert Contact.objects.get().occurred_at == evening  # stored in UTC
        page = client.get(_url(cw, "casework_person")).content.decode()
    assert f"{la:%-d %b %Y}, {la:%H:%M}" in page  # shown on the wall clock, not 05:00
    assert f"{evening:%H:%M} " not in page.split('id="contacts"')[1].split("</section>")[0]
