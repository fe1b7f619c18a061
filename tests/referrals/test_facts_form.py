"""The facts form is generated from the protocol: it asks what the protocol reads, no more."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.eligibility import load_protocol, required_facts
from openlead.people.models import Person
from openlead.referrals.forms import FactsForm
from openlead.referrals.models import Referral
from tests.conftest import World
from tests.referrals.test_officer_flow import ARREST_POST, _post

ROW = {"conviction_offense_0", "conviction_attempt_0", "conviction_date_0"}
COMPANIONS = {
    "convictions": {"applies"} | ROW,
    "verified_activity": {
        "verified_activity",
        "verified_activity_date",
        "verified_activity_in_area",
    },
    "age": {"date_of_birth"},
    "capacity_available": set(),  # worked out from the caseloads, never asked
}
DOOR_EXTRAS = {
    "arrest": {"report_number"},
    "social_contact": set(),
    "community": {"reach"},
    "self": {"reach"},
}
PROTOCOL_DOORS = [
    (pid, door) for pid in ("seattle-lead", "santa-fe-lead") for door in load_protocol(pid).doors
]


@pytest.mark.parametrize(("protocol_id", "door"), PROTOCOL_DOORS)
def test_it_generates_one_question_per_required_fact(protocol_id: str, door: str) -> None:
    protocol = load_protocol(protocol_id)
    specs = required_facts(protocol, door)
    form = FactsForm(protocol=protocol, door=door)
    expected = {"submit_token", "name"} | DOOR_EXTRAS[door]
    if door in ("community", "self"):  # never asked for a criminal record at these doors
        specs = [spec for spec in specs if spec.name != "convictions"]
    for spec in specs:
        if spec.name in form.check_names:
            expected |= {"applies"}  # the yes/no exclusions are one tick list
        else:
            expected |= COMPANIONS.get(spec.name, {spec.name})
    assert set(form.fields) == expected
    asked = [spec.name for spec in specs if spec.name != "capacity_available"]
    assert form.question_names() == asked


def test_it_asks_santa_fe_for_age_and_drug_form_but_not_seattle() -> None:
    santa_fe = FactsForm(protocol=load_protocol("santa-fe-lead"), door="arrest")
    seattle = FactsForm(protocol=load_protocol("seattle-lead"), door="arrest")
    assert {"date_of_birth", "drug_form"} <= set(santa_fe.fields) and "age" not in santa_fe.fields
    assert not {"date_of_birth", "drug_form"} & set(seattle.fields)


def test_it_marks_conditional_questions_for_the_page_script() -> None:
    form = FactsForm(protocol=load_protocol("seattle-lead"), door="arrest")
    grams = form.fields["drug_grams"].widget.attrs
    reason = form.fields["amenability_reason"].widget.attrs
    assert (
        grams["data-only-when"] == "conduct" and grams["data-only-when-values"] == "possession,sale"
    )
    assert reason["data-only-when"] == "amenable" and reason["data-only-when-values"] == "no"


def test_it_drops_answers_to_questions_that_did_not_apply() -> None:
    data = {
        **ARREST_POST,
        "submit_token": "t" * 20,
        "conduct": ["prostitution"],
        "sale_for_profit": "yes",
        "amenability_reason": "not asked",
    }
    form = FactsForm(data, protocol=load_protocol("seattle-lead"), door="arrest")
    assert form.is_valid(), form.errors
    facts = form.facts()
    assert (
        "drug_grams" not in facts
        and "sale_for_profit" not in facts
        and "amenability_reason" not in facts
    )
    assert (
        facts["conduct"] == ["prostitution"]
        and facts["amenable"] is True
        and facts["convictions"] == []
    )


pytestmark_db = pytest.mark.django_db(databases="__all__")


@pytestmark_db
def test_it_shows_field_errors_and_saves_nothing_for_bad_input(world: World, login: Any) -> None:
    client = login("dave")
    people = Person.objects.count()
    response = _post(
        client,
        drug_grams="lots",
        applies=["convictions"],
        conviction_offense_0="robbery_2",
        conviction_date_0="2031-03-04",
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "drug_grams" in errors and "conviction_date_0" in errors
    assert "in the future" in errors["conviction_date_0"][0]
    assert Referral.objects.count() == 0 and Person.objects.count() == people


@pytestmark_db
def test_it_refuses_a_negative_amount(world: World, login: Any) -> None:
    response = _post(login("dave"), drug_grams="-1")
    assert response.status_code == 400 and "drug_grams" in response.context["form"].errors
    assert Referral.objects.count() == 0


@pytestmark_db
def test_it_refuses_an_offense_that_is_not_on_the_protocols_list(world: World, login: Any) -> None:
    response = _post(
        login("dave"), applies=["convictions"], conviction_offense_0="attempt:jaywalking"
    )
    assert response.status_code == 400
    assert "conviction_offense_0" in response.context["form"].errors
    assert Referral.objects.count() == 0


@pytestmark_db
def test_it_gives_needs_review_naming_a_missing_fact(world: World, login: Any) -> None:
    client = login("dave")
    data = {**ARREST_POST}
    data.pop("applies")  # the officer could not say: the team checks
    form = client.get(reverse("referral_new", args=["arrest"])).context["form"]
    response = client.post(
        reverse("referral_new", args=["arrest"]),
        {**data, "submit_token": form.initial["submit_token"]},
    )
    page = client.get(response["Location"]).content.decode()
    assert Referral.objects.get().outcome == "needs_review"
    assert "2.7" in page and "pending" in page
