"""The intake picker shows each case manager's caseload and the program's limits; at or
over the maximum, intake needs "Assign anyway" (issue 11: two workers with 78 and 75)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.referrals.forms import CaseloadLimits, worker_label
from openlead.referrals.models import Referral, Status
from openlead.referrals.queries import caseload_counts, staff_of
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def _limits(world: World, average: int, maximum: int) -> None:
    program = world.programs["demo"]
    program.caseload_average_limit, program.caseload_max = average, maximum
    program.save(update_fields=["caseload_average_limit", "caseload_max"])


def _picker(login: Any, referral: Referral) -> dict[str, str]:
    page = login("bob").get(reverse("referral_detail", args=[referral.public_id]))
    form = page.context["intake_form"]
    return {str(k): label for k, label in form.fields["worker"].widget.choices}


def test_it_refuses_a_full_case_manager_without_the_confirm(world: World, login: Any) -> None:
    _limits(world, 1, 2)  # ivan has two people: at the maximum
    referral = make_referral(world, by="dave")
    url = reverse("referral_intake", args=[referral.public_id])
    response = login("bob").post(url, {"worker": world.users["ivan"].pk})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ivan already has 2 people, at or over the program’s maximum of 2" in body
    assert 'id="id_intake_over_maximum-error"' in body  # beside the box, and in the summary
    assert "Nothing was saved yet" in body
    assert Referral.objects.get(pk=referral.pk).status == Status.AWAITING_INTAKE


def test_it_refuses_a_bad_id_beside_the_picker(world: World, login: Any) -> None:
    referral = make_referral(world, by="dave")
    url = reverse("referral_intake", args=[referral.public_id])
    response = login("bob").post(url, {"worker": world.users["carol"].pk})  # other program
    assert response.status_code == 400
    assert 'id="id_intake_worker-error"' in response.content.decode()


def test_it_shows_each_case_manager_with_their_caseload(world: World, login: Any) -> None:
    referral = make_referral(world, by="dave")
    labels = _picker(login, referral)
    assert labels[str(world.users["alice"].pk)] == "Alice — 1 person"
    assert labels[str(world.users["ivan"].pk)] == "Ivan — 2 people"


def test_it_warns_beside_workers_at_the_average_and_the_maximum(world: World, login: Any) -> None:
    _limits(world, 1, 2)
    referral = make_referral(world, by="dave")
    labels = _picker(login, referral)
    assert labels[str(world.users["alice"].pk)] == (
        "Alice — 1 person (at or over the average limit of 1)"
    )
    assert labels[str(world.users["ivan"].pk)] == "Ivan — 2 people (at or over the maximum of 2)"
    page = login("bob").get(reverse("referral_detail", args=[referral.public_id]))
    body = page.content.decode()
    assert "Assign anyway" in body
    # Said again under the picker, whose closed label is cut at 390 px.
    assert "<li>Ivan — 2 people: at or over the maximum of 2</li>" in body


def test_it_shows_outreach_workers_by_name_only_in_the_hand_off(world: World, login: Any) -> None:
    referral = make_referral(world, by="dave")
    page = login("bob").get(reverse("referral_detail", args=[referral.public_id]))
    labels = dict(page.context["handoff_form"].fields["worker"].widget.choices)
    assert labels[world.users["otto"].pk] == "Otto"  # outreach holds no caseload
    assert labels[world.users["ivan"].pk] == "Ivan — 2 people"


def test_it_offers_no_confirm_when_nobody_is_full(world: World, login: Any) -> None:
    referral = make_referral(world, by="dave")
    page = login("bob").get(reverse("referral_detail", args=[referral.public_id]))
    assert "Assign anyway" not in page.content.decode()


def test_it_assigns_a_full_case_manager_when_confirmed_and_audits_it(
    world: World, login: Any
) -> None:
    _limits(world, 1, 2)
    referral = make_referral(world, by="dave")
    url = reverse("referral_intake", args=[referral.public_id])
    response = login("bob").post(url, {"worker": world.users["ivan"].pk, "over_maximum": "on"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Status.INTAKE_COMPLETE
    assert referral.person.case_manager == world.users["ivan"]
    event = AuditEvent.objects.filter(purpose="referral intake complete").latest("pk")
    assert event.detail["over_maximum"] is True


def test_it_counts_every_caseload_in_one_query(
    world: World, django_assert_num_queries: Any
) -> None:
    program = world.programs["demo"]
    managers = list(staff_of(program, ("case_manager",)))
    with django_assert_num_queries(1):
        counts = caseload_counts(program, managers)
    assert counts == {world.users["alice"].pk: 1, world.users["ivan"].pk: 2}


def test_it_labels_workers_in_words() -> None:
    class Worker:
        username = "ivan"

        def get_full_name(self) -> str:
            return "Ivan Petrov"

    limits = CaseloadLimits(20, 25)
    assert worker_label(Worker(), 12, limits) == "Ivan Petrov — 12 people"
    assert worker_label(Worker(), 1, limits) == "Ivan Petrov — 1 person"
    assert worker_label(Worker(), 78, limits) == (
        "Ivan Petrov — 78 people (at or over the maximum of 25)"
    )
    assert worker_label(Worker(), None, limits) == "Ivan Petrov"


def test_it_shows_no_caseloads_to_an_officer_handing_off(world: World, login: Any) -> None:
    referral = make_referral(world, by="dave")
    page = login("dave").get(reverse("referral_detail", args=[referral.public_id]))
    labels = [label for _, label in page.context["handoff_form"].fields["worker"].widget.choices]
    assert labels and not any("people" in label or "person" in label for label in labels)
