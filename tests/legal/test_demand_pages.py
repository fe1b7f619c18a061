"""The legal-demand pages: refusals first, errors beside their fields, success messages,
the plain "do not confirm" guidance, the list's order, and the whole workflow end to end."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.legal.demands.queries import notices_for
from openlead.legal.models import CourtOrder, DemandKind, DemandStatus, LegalDemand
from tests.conftest import World
from tests.legal.demands_helpers import decision_post, log_demand, order_post

pytestmark = pytest.mark.django_db(databases="__all__")

REFUSED = ["dave", "erin", "frank", "otto", "gina", "hank", "cora"]


def _new_url(world: World, key: str = "own") -> str:
    return reverse("legal_demand_new", kwargs={"public_id": world.people[key].public_id})


def _body(**changes: Any) -> dict[str, Any]:
    body = {
        "kind": "subpoena",
        "requester": "Test Firm LLP",
        # Yesterday: the program's day (Los Angeles) may still be behind the server's.
        "received_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        "due_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "summary": "Asks for attendance records.",
    }
    body.update(changes)
    return body


@pytest.mark.parametrize("username", REFUSED)
def test_it_refuses_the_list_and_the_log_form_outside_the_care_team(
    world: World, login: Any, username: str
) -> None:
    client = login(username)
    assert client.get(reverse("legal_demands")).status_code == 403
    assert client.get(_new_url(world)).status_code == 403
    assert client.post(_new_url(world), _body()).status_code == 403
    assert not LegalDemand.objects.exists()


def test_it_sends_an_anonymous_visitor_to_log_in(world: World, login: Any) -> None:
    response = login(None).get(reverse("legal_demands"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_answers_a_person_outside_the_caseload_as_missing(world: World, login: Any) -> None:
    client = login("alice")
    outside = client.get(_new_url(world, "same"))
    missing = client.get(reverse("legal_demand_new", kwargs={"public_id": "doesNotExist123"}))
    assert outside.status_code == missing.status_code == 404


def test_it_tells_staff_not_to_confirm_the_person_is_in_the_program(
    world: World, login: Any
) -> None:
    page = login("alice").get(_new_url(world)).content.decode()
    assert "Do not confirm or deny" in page and "2.13(c)" in page
    assert "Back to the person" in page


def test_it_shows_a_future_received_date_beside_its_field_once(world: World, login: Any) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).isoformat()  # in every zone
    response = login("alice").post(_new_url(world), _body(received_on=tomorrow, due_on=""))
    assert response.status_code == 400
    assert response.content.decode().count('id="id_received_on-error"') == 1
    assert not LegalDemand.objects.exists()


def test_it_refuses_a_nonsense_date_without_an_error_page(world: World, login: Any) -> None:
    response = login("alice").post(_new_url(world), _body(received_on="99999-99-99"))
    assert response.status_code == 400
    assert 'id="id_received_on-error"' in response.content.decode()


def test_it_logs_a_demand_and_says_nothing_was_disclosed(world: World, login: Any) -> None:
    response = login("alice").post(_new_url(world), _body(), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Demand logged. Nothing has been disclosed." in page
    assert "Subpoena from Test Firm LLP" in page and "Asks for attendance records." in page
    assert LegalDemand.objects.get().logged_by == world.users["alice"]


def test_it_lists_open_demands_first_soonest_due_first(world: World, login: Any) -> None:
    later = log_demand(world, kind=DemandKind.SUBPOENA)
    LegalDemand.objects.filter(pk=later.pk).update(due_on=timezone.localdate() + dt.timedelta(30))
    sooner = log_demand(world, kind=DemandKind.LAW_ENFORCEMENT)
    LegalDemand.objects.filter(pk=sooner.pk).update(due_on=timezone.localdate())
    done = log_demand(world, kind=DemandKind.OTHER)
    LegalDemand.objects.filter(pk=done.pk).update(status=DemandStatus.DECLINED)
    page = login("bob").get(reverse("legal_demands")).content.decode()
    order = [page.index(d.public_id) for d in (sooner, later, done)]
    assert order == sorted(order)
    assert "Law-enforcement request" in page and "Open: waiting for counsel" in page
    assert "Overdue" not in page


def test_it_marks_an_open_demand_past_its_due_date(world: World, login: Any) -> None:
    late = log_demand(world, kind=DemandKind.SUBPOENA)
    past = timezone.localdate() - dt.timedelta(days=3)
    LegalDemand.objects.filter(pk=late.pk).update(received_on=past, due_on=past)
    assert "Overdue" in login("bob").get(reverse("legal_demands")).content.decode()


def test_it_shows_a_case_manager_only_demands_on_her_caseload(world: World, login: Any) -> None:
    mine = log_demand(world, "own", by="alice")
    theirs = log_demand(world, "same", by="bob")
    page = login("alice").get(reverse("legal_demands")).content.decode()
    assert mine.public_id in page and theirs.public_id not in page
    url = reverse("legal_demand", kwargs={"public_id": theirs.public_id})
    assert login("alice").get(url).status_code == 404


def test_it_refuses_the_decision_page_to_the_supervisor(world: World, login: Any) -> None:
    demand = log_demand(world)
    url = reverse("legal_demand_decide", kwargs={"public_id": demand.public_id})
    assert login("bob").get(url).status_code == 403
    assert login("bob").post(url, decision_post()).status_code == 403


def test_it_explains_to_the_admin_who_logged_it_that_another_decides(
    world: World, login: Any
) -> None:
    demand = log_demand(world, by="ada")
    url = reverse("legal_demand_decide", kwargs={"public_id": demand.public_id})
    page = login("ada").get(url).content.decode()
    assert "another program admin records counsel's decision" in page
    assert 'name="counsel_name"' not in page
    assert login("ada").post(url, decision_post()).status_code == 403
    demand.refresh_from_db()
    assert demand.status == DemandStatus.OPEN


def test_it_says_a_subpoena_can_never_be_disclosed_under(world: World, login: Any) -> None:
    demand = log_demand(world, kind=DemandKind.SUBPOENA)
    url = reverse("legal_demand_decide", kwargs={"public_id": demand.public_id})
    client = login("ada")
    assert "A subpoena alone never allows disclosure" in client.get(url).content.decode()
    response = client.post(url, order_post())
    assert response.status_code == 400
    assert 'id="id_outcome-error"' in response.content.decode()
    assert not CourtOrder.objects.exists()


def test_it_refuses_an_order_missing_a_finding_beside_the_findings(
    world: World, login: Any
) -> None:
    demand = log_demand(world)
    url = reverse("legal_demand_decide", kwargs={"public_id": demand.public_id})
    body = order_post(findings=["good_cause", "other_ways", "limited"])  # no public interest
    response = login("ada").post(url, body)
    assert response.status_code == 400
    assert 'id="id_findings-error"' in response.content.decode()
    assert not AuditEvent.objects.filter(purpose="court order").exists()


def test_it_records_a_decline_and_says_so(world: World, login: Any) -> None:
    demand = log_demand(world, kind=DemandKind.IMMIGRATION)
    url = reverse("legal_demand_decide", kwargs={"public_id": demand.public_id})
    response = login("ada").post(
        url, decision_post(reason="A request is not an order."), follow=True
    )
    page = response.content.decode()
    assert "Decision recorded. Nothing was disclosed." in page
    assert "A request is not an order." in page and "Immigration enforcement request" in page
    demand.refresh_from_db()
    assert demand.status == DemandStatus.DECLINED


def test_it_runs_the_whole_workflow_from_logging_to_the_accounting(
    world: World, login: Any
) -> None:
    """alice logs a court order; nothing is disclosed; bob may not decide; alice may not
    either; ada records counsel's decision under §2.64; the document holds the scoped
    groups and the notice; the accounting lists it; the participant's notice is set."""
    response = login("alice").post(_new_url(world), _body(kind="court_order"))
    demand = LegalDemand.objects.get()
    assert response.status_code == 302 and demand.status == DemandStatus.OPEN
    assert not AuditEvent.objects.filter(purpose="court order").exists()
    assert notices_for(world.people["own"]) == []
    decide = reverse("legal_demand_decide", kwargs={"public_id": demand.public_id})
    assert login("bob").post(decide, order_post()).status_code == 403
    assert login("alice").post(decide, order_post()).status_code == 403
    done = login("ada").post(decide, order_post(), follow=True)
    assert "disclosed under the court order" in done.content.decode()
    document = login("ada").get(
        reverse("legal_demand_disclosure", kwargs={"public_id": demand.public_id})
    )
    page = document.content.decode()
    assert world.legal_markers["own"] in page and "42 CFR part 2" in page
    assert [c for c in world.canaries if c in page] == []
    accounting = reverse("casework_consent_accounting", args=[world.people["own"].public_id])
    assert "Test County Superior Court clerk" in login("alice").get(accounting).content.decode()
    assert len(notices_for(world.people["own"])) == 1
