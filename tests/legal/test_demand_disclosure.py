"""The court-ordered disclosure (openlead.legal.demands.queries.disclosure_for): only the
order's field groups and date range, the 42 CFR 2.32 notice, the accounting of
disclosures, and the participant's notice held back until the order allows it."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.legal.demands.queries import notices_for
from openlead.people.disclosure import NOTICE_PARAGRAPHS
from tests.conftest import World
from tests.legal.demands_helpers import disclose, log_demand, order_data

pytestmark = pytest.mark.django_db(databases="__all__")


def _disclosed(world: World, **order: Any) -> Any:
    demand = log_demand(world)
    disclose(demand, world, order_data(**order))
    demand.refresh_from_db()
    return demand


def _document(world: World, login: Any, demand: Any) -> str:
    url = reverse("legal_demand_disclosure", kwargs={"public_id": demand.public_id})
    response = login("ada").get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _own_canaries(world: World, *groups: str) -> list[str]:
    return [c for c in world.canaries if any(c.startswith(f"CANARY-own-{g}") for g in groups)]


def test_it_refuses_the_document_before_a_decision(world: World, login: Any) -> None:
    demand = log_demand(world)
    url = reverse("legal_demand_disclosure", kwargs={"public_id": demand.public_id})
    assert login("ada").get(url).status_code == 404
    assert login("bob").get(url).status_code == 403
    events = AuditEvent.objects.filter(purpose="court-ordered disclosure document")
    assert not events.filter(outcome="allowed").exists()


def test_it_holds_only_the_groups_the_order_scopes(world: World, login: Any) -> None:
    page = _document(world, login, _disclosed(world))
    assert world.legal_markers["own"] in page  # legal: in scope
    out_of_scope = _own_canaries(
        world, "name", "alias", "dob", "phone", "email", "address", "stateid", "casework_notes"
    ) + _own_canaries(world, "health", "funds", "safety", "referral")
    assert len(out_of_scope) == 12
    assert [c for c in out_of_scope if c in page] == []


def test_it_shows_identity_when_the_order_allows_it(world: World, login: Any) -> None:
    """The control for the scan above: an order reaching identity shows the name."""
    page = _document(world, login, _disclosed(world, scope_groups=["identity"]))
    assert _own_canaries(world, "name")[0] in page
    assert world.legal_markers["own"] not in page


def test_it_keeps_to_the_orders_date_range(world: World, login: Any) -> None:
    before = timezone.localdate() - dt.timedelta(days=30)
    page = _document(world, login, _disclosed(world, scope_to=before))
    assert world.legal_markers["own"] not in page
    assert "None in the order" in page


def test_it_carries_the_redisclosure_notice(world: World, login: Any) -> None:
    page = _document(world, login, _disclosed(world))
    assert NOTICE_PARAGRAPHS[0][:60] in page


def test_it_audits_each_copy_as_an_export_of_the_scoped_groups(world: World, login: Any) -> None:
    _document(world, login, _disclosed(world))
    event = AuditEvent.objects.filter(purpose="court-ordered disclosure document").latest("seq")
    assert event.action == "export" and event.actor_username == "ada"
    assert event.field_groups == ["enrollment_status", "legal"]


def test_it_lists_the_disclosure_in_the_accounting(world: World, login: Any) -> None:
    _disclosed(world)
    url = reverse("casework_consent_accounting", args=[world.people["own"].public_id])
    page = login("alice").get(url).content.decode()
    assert "Test County Superior Court clerk" in page
    assert "Court order (42 CFR 2.64)" in page and "court order" in page
    assert "Legal coordination" in page and "Enrollment status" in page


def test_it_lists_a_copy_of_the_document_only_once(world: World, login: Any) -> None:
    demand = _disclosed(world)
    _document(world, login, demand)
    _document(world, login, demand)
    url = reverse("casework_consent_accounting", args=[world.people["own"].public_id])
    page = login("alice").get(url).content.decode()
    assert page.count("Test County Superior Court clerk") == 1


def test_it_notifies_the_participant_at_once_without_a_hold(world: World) -> None:
    _disclosed(world)
    notices = notices_for(world.people["own"])
    assert len(notices) == 1
    assert "Test County Superior Court clerk" in notices[0].text
    assert "court ordered it" in notices[0].text


def test_it_holds_the_notice_until_the_order_allows_it(world: World) -> None:
    hold = timezone.localdate() + dt.timedelta(days=10)
    _disclosed(world, do_not_notify_until=hold)
    person = world.people["own"]
    assert notices_for(person) == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=9), tick=False):
        assert notices_for(person) == []
    with time_machine.travel(timezone.now() + dt.timedelta(days=11), tick=False):
        shown = notices_for(person)
    assert len(shown) == 1 and shown[0].visible_from == hold


def test_it_gives_no_notice_to_anyone_else(world: World) -> None:
    _disclosed(world)
    assert notices_for(world.people["same"]) == []


def _verified_minutes_ago(client: Any, minutes: float) -> None:
    from openlead.access.stepup import VERIFIED_AT_KEY

    session = client.session
    session[VERIFIED_AT_KEY] = int(time.time() - minutes * 60)
    session.save()


def test_it_asks_for_a_fresh_second_factor_before_the_document(world: World, login: Any) -> None:
    demand = _disclosed(world)
    client = login("ada")
    _verified_minutes_ago(client, 11)
    url = reverse("legal_demand_disclosure", kwargs={"public_id": demand.public_id})
    response = client.get(url)
    assert response.status_code == 302 and reverse("mfa_step_up") in response["Location"]
    events = AuditEvent.objects.filter(purpose="court-ordered disclosure document")
    assert not events.exists()


def test_it_asks_for_a_fresh_second_factor_before_a_decision(world: World, login: Any) -> None:
    from tests.legal.demands_helpers import order_post

    demand = log_demand(world)
    client = login("ada")
    _verified_minutes_ago(client, 11)
    url = reverse("legal_demand_decide", kwargs={"public_id": demand.public_id})
    assert client.get(url).status_code == 200  # reading the form needs no step-up
    response = client.post(url, order_post())
    assert response.status_code == 302 and reverse("mfa_step_up") in response["Location"]
    demand.refresh_from_db()
    assert demand.status == "open"
