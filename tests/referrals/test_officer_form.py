"""The officer's forms (issue 11): only what the protocol needs from an officer, labels and
pickers instead of codes, what the system knows worked out, an empty form refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.people import vault
from openlead.people.models import Person
from openlead.programs.models import Program
from openlead.referrals.capacity import has_room
from openlead.referrals.models import Referral
from openlead.referrals.queries import open_screening
from tests.conftest import World
from tests.referrals.test_officer_flow import _post

pytestmark = pytest.mark.django_db(databases="__all__")

SOCIAL_POST = {
    "name": "Fake Person Six",
    "conduct": ["prostitution"],
    "amenable": "yes",
    "verified_activity": "officer_observation",
    "verified_activity_date": "2026-01-10",
    "verified_activity_in_area": "yes",
    "applies": ["none"],
}


def _token(client: Any, door: str = "arrest") -> str:
    return str(
        client.get(reverse("referral_new", args=[door])).context["form"].initial["submit_token"]
    )


def _social(client: Any, **changes: Any) -> Any:
    data = {**SOCIAL_POST, "submit_token": _token(client, "social_contact"), **changes}
    return client.post(reverse("referral_new", args=["social_contact"]), data)


def test_it_refuses_an_empty_arrest_form_with_each_error_beside_its_field(
    world: World, login: Any
) -> None:
    client = login("dave")
    people = Person.objects.count()
    response = client.post(
        reverse("referral_new", args=["arrest"]), {"submit_token": _token(client)}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"name", "conduct", "amenable"} <= set(errors)
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'href="#id_name"' in page
    assert 'id="id_name-error"' in page and "Write the name the person gives" in page
    assert "This field is required" not in page
    assert Referral.objects.count() == 0 and Person.objects.count() == people


def test_it_refuses_an_empty_social_contact_form_naming_the_verified_activity(
    world: World, login: Any
) -> None:
    client = login("dave")
    data = {"submit_token": _token(client, "social_contact")}
    response = client.post(reverse("referral_new", args=["social_contact"]), data)
    assert response.status_code == 400
    assert {"name", "conduct", "amenable", "verified_activity"} <= set(
        response.context["form"].errors
    )
    assert Referral.objects.count() == 0


def test_it_refuses_none_of_these_together_with_a_tick(world: World, login: Any) -> None:
    response = _post(login("dave"), applies=["none", "exploits_minors"])
    assert response.status_code == 400 and "applies" in response.context["form"].errors


def test_it_refuses_a_conviction_dated_in_the_future(world: World, login: Any) -> None:
    response = _post(
        login("dave"),
        applies=["convictions"],
        conviction_offense_0="robbery_2",
        conviction_date_0="2031-01-01",
    )
    assert response.status_code == 400
    assert "in the future" in response.context["form"].errors["conviction_date_0"][0]
    assert Referral.objects.count() == 0


def test_it_refuses_a_conviction_date_without_an_offense(world: World, login: Any) -> None:
    response = _post(login("dave"), applies=["convictions"], conviction_date_0="2019-03-04")
    assert response.status_code == 400
    assert "conviction_offense_0" in response.context["form"].errors


def test_it_refuses_past_convictions_ticked_but_none_chosen(world: World, login: Any) -> None:
    response = _post(login("dave"), applies=["convictions"])
    assert response.status_code == 400
    assert "conviction_offense_0" in response.context["form"].errors


def test_it_refuses_not_amenable_without_a_reason(world: World, login: Any) -> None:
    response = _post(login("dave"), amenable="no")
    assert response.status_code == 400
    assert "amenability_reason" in response.context["form"].errors


@pytest.mark.parametrize("grams", ["99999999", "-0.5", "1e400", "<script>"])
def test_it_refuses_an_amount_out_of_range(world: World, login: Any, grams: str) -> None:
    response = _post(login("dave"), drug_grams=grams)
    assert response.status_code == 400 and "drug_grams" in response.context["form"].errors


def test_it_offers_offenses_by_name_not_by_code(world: World, login: Any) -> None:
    page = login("dave").get(reverse("referral_new", args=["arrest"])).content.decode()
    assert "Robbery in the second degree" in page and "robbery_2 2019" not in page
    assert 'name="conviction_offense_0"' in page and 'type="date"' in page
    assert "None of these" in page and "Does the program have room" not in page


def test_it_reads_several_conviction_rows_with_attempts(world: World, login: Any) -> None:
    client = login("dave")
    response = _post(
        client,
        applies=["convictions"],
        conviction_offense_0="burglary_2",
        conviction_date_0="2012-05-01",
        conviction_offense_1="robbery_1",
        conviction_attempt_1="on",
        conviction_date_1="2015-02-03",
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    facts = open_screening(referral).facts
    assert facts["convictions"] == [
        {"offense": "burglary_2", "date": "2012-05-01"},
        {"offense": "attempt:robbery_1", "date": "2015-02-03"},
    ]
    assert facts["exploits_minors"] is False and facts["pending_specialty_court"] is False
    assert referral.outcome == "ineligible"  # an attempted robbery 1 disqualifies (2.6(a))


def test_it_takes_a_ticked_exclusion_as_yes_and_the_rest_as_no(world: World, login: Any) -> None:
    _post(login("dave"), applies=["pending_specialty_court"])
    facts = open_screening(Referral.objects.get()).facts
    assert facts["pending_specialty_court"] is True and facts["exploits_minors"] is False
    assert facts["convictions"] == []


def test_it_never_asks_for_capacity_and_works_it_out_from_the_caseloads(
    world: World, login: Any
) -> None:
    client = login("dave")
    form = client.get(reverse("referral_new", args=["social_contact"])).context["form"]
    assert "capacity_available" not in form.fields
    assert _social(client).status_code == 302
    referral = Referral.objects.get()
    assert open_screening(referral).facts["capacity_available"] is True
    assert referral.outcome == "eligible"


def test_it_screens_social_contact_out_when_the_caseloads_are_full(
    world: World, login: Any
) -> None:
    Program.objects.filter(pk=world.programs["demo"].pk).update(caseload_average_limit=0)
    client = login("dave")
    assert _social(client).status_code == 302
    referral = Referral.objects.get()
    assert open_screening(referral).facts["capacity_available"] is False
    assert referral.outcome == "ineligible"
    page = client.get(reverse("referral_detail", args=[referral.public_id])).content.decode()
    assert "3.2" in page and "no capacity" in page


def test_it_counts_room_from_active_and_referred_people_per_case_manager(world: World) -> None:
    program = Program.objects.get(pk=world.programs["demo"].pk)
    carried = Person.objects.filter(program=program, status__in=["active", "referred"]).count()
    managers = 2  # alice and ivan
    program.caseload_max = 100
    program.caseload_average_limit = carried // managers + 1
    assert has_room(program) is True
    program.caseload_average_limit = carried // managers
    assert has_room(program) is False  # the program as a whole carries its average
    program.caseload_average_limit, program.caseload_max = 100, 0
    assert has_room(program) is False  # every case manager is at the hard maximum


def test_it_works_out_the_age_from_the_date_of_birth(world: World, login: Any) -> None:
    Program.objects.filter(pk=world.programs["demo"].pk).update(protocol_id="santa-fe-lead")
    client = login("dave")
    form = client.get(reverse("referral_new", args=["arrest"])).context["form"]
    assert "date_of_birth" in form.fields and "age" not in form.fields
    response = _post(client, date_of_birth="2015-06-01", drug_form="other")
    assert response.status_code == 302
    referral = Referral.objects.get()
    age = open_screening(referral).facts["age"]
    assert 10 <= age <= 12 and referral.outcome == "ineligible"  # under Santa Fe's 18
    dek = vault.data_key(referral.person.public_id)
    assert vault.get_person_field(referral.person, dek, "date_of_birth") == "2015-06-01"


def test_it_refuses_a_date_of_birth_in_the_future(world: World, login: Any) -> None:
    Program.objects.filter(pk=world.programs["demo"].pk).update(protocol_id="santa-fe-lead")
    response = _post(login("dave"), date_of_birth="2099-01-01")
    assert response.status_code == 400 and "date_of_birth" in response.context["form"].errors
