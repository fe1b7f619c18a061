"""The officer's referral: door, facts, the decision at once, and the hand-off."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.referrals.models import Referral, Status
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

ARREST_POST = {
    "name": "Fake Person One",
    "report_number": "24-000123",
    "conduct": ["possession"],
    "drug_grams": "1.5",
    "amenable": "yes",
    # One tick for the yes/no exclusions and past convictions: none of them applies.
    "applies": ["none"],
}


def _post(client: Any, door: str = "arrest", **changes: Any) -> Any:
    form = client.get(reverse("referral_new", args=[door])).context["form"]
    data = {**ARREST_POST, "submit_token": form.initial["submit_token"], **changes}
    return client.post(reverse("referral_new", args=[door]), data)


def test_it_refuses_the_new_referral_form_to_anonymous_and_read_only_roles(
    world: World, login: Any
) -> None:
    assert login(None).get(reverse("referral_new", args=["arrest"])).status_code == 302
    for username in ("erin", "gina", "alice"):
        assert login(username).get(reverse("referral_new", args=["arrest"])).status_code == 403


def test_it_offers_the_officer_only_the_police_doors(world: World, login: Any) -> None:
    page = login("dave").get(reverse("referral_start")).content.decode()
    assert "Arrest diversion" in page and "Social contact referral" in page
    assert "Community referral" not in page and "Self-referral" not in page


def test_it_screens_an_eligible_arrest_and_shows_the_decision_with_reasons(
    world: World, login: Any
) -> None:
    client = login("dave")
    response = _post(client)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.status, referral.outcome, referral.door) == (
        Status.AWAITING_INTAKE,
        "eligible",
        "arrest",
    )
    assert referral.protocol_id == "seattle-lead" and referral.protocol_version == "2020.1"
    assert (
        referral.person.status == "referred" and referral.person.referred_by == world.users["dave"]
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        "Eligible" in page
        and "1.1" in page
        and "possession: eligible conduct for arrest diversion" in page
    )
    assert "24-000123" in page and "Handed off to outreach worker" in page


def test_it_shows_an_ineligible_decision_with_the_clause(world: World, login: Any) -> None:
    client = login("dave")
    response = _post(client, drug_grams="3.5")
    page = client.get(response["Location"]).content.decode()
    referral = Referral.objects.get()
    assert (referral.status, referral.outcome) == (Status.SCREENED, "ineligible")
    assert "Not eligible" in page and "2.1" in page and "3.5" in page


def test_it_makes_one_referral_from_a_double_tapped_submit(world: World, login: Any) -> None:
    client = login("dave")
    form = client.get(reverse("referral_new", args=["arrest"])).context["form"]
    data = {**ARREST_POST, "submit_token": form.initial["submit_token"]}
    first = client.post(reverse("referral_new", args=["arrest"]), data)
    second = client.post(reverse("referral_new", args=["arrest"]), data)
    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_it_logs_the_hand_off_with_its_time_and_worker(world: World, login: Any) -> None:
    client = login("dave")
    detail = _post(client)["Location"]
    referral = Referral.objects.get()
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("referral_handoff", args=[referral.public_id]), {"worker": world.users["otto"].pk}
    )
    assert response.status_code == 302 and response["Location"] == detail
    referral.refresh_from_db()
    assert referral.handed_off_to == world.users["otto"] and referral.handed_off_at is not None
    event = AuditEvent.objects.filter(seq__gt=before).get()
    assert event.purpose == "referral handed off" and event.detail["worker"] == "otto"


def test_it_refuses_a_hand_off_to_someone_outside_the_program_staff(
    world: World, login: Any
) -> None:
    client = login("dave")
    _post(client)
    referral = Referral.objects.get()
    response = client.post(
        reverse("referral_handoff", args=[referral.public_id]), {"worker": world.users["erin"].pk}
    )
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.handed_off_at is None


def test_it_shows_the_officer_the_care_teams_status_words_but_never_a_persons_no(
    world: World, login: Any
) -> None:
    from openlead.access.acting import Actor
    from openlead.referrals.actions import do_complete_intake, do_record_declined

    client = login("dave")
    _post(client)
    referral = Referral.objects.get()
    listing = client.get(reverse("referral_list")).content.decode()
    assert "Awaiting intake" in listing and "Received" not in listing
    do_complete_intake(referral, world.users["alice"], acting=Actor.system("t"))
    listing = client.get(reverse("referral_list")).content.decode()
    assert "Intake complete" in listing
    _post(client, name="Fake Person Nine")
    declined = Referral.objects.exclude(pk=referral.pk).get()
    do_record_declined(declined, acting=Actor.system("t"))
    listing = client.get(reverse("referral_list")).content.decode()
    assert "Not enrolled" in listing and "Declined" not in listing


def test_it_hides_the_screening_from_the_officer_after_the_shift(world: World, login: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from tests.referrals.helpers import make_referral

    old = make_referral(world, at=timezone.now() - dt.timedelta(hours=13))
    page = login("dave").get(reverse("referral_detail", args=[old.public_id])).content.decode()
    assert "Screening:" not in page and "Awaiting intake" in page


def test_it_writes_one_audit_event_per_referral_page(world: World, login: Any) -> None:
    client = login("dave")
    detail = _post(client)["Location"]
    before = AuditEvent.objects.count()
    client.get(detail)
    events = list(AuditEvent.objects.filter(seq__gt=before))
    assert len(events) == 1 and events[0].action == "read" and "referral" in events[0].field_groups
