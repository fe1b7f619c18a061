"""Step-up: the CSV export, the consent override and the MFA reset need a second factor
from the last 10 minutes; an older one sends the user to re-verify and back."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from openlead.access.stepup import VERIFIED_AT_KEY
from openlead.casework import actions
from tests.casework.conftest import build_casework
from tests.conftest import World
from tests.mfa import code_for, device_for

pytestmark = pytest.mark.django_db(databases="__all__")


def _verified_minutes_ago(client: Any, minutes: float) -> None:
    session = client.session
    session[VERIFIED_AT_KEY] = int(time.time() - minutes * 60)
    session.save()


def _step_up(next_url: str) -> str:
    return reverse("mfa_step_up") + "?" + urlencode({"next": next_url})


def _csv_url(world: World) -> str:
    return reverse("access_history", args=[world.people["own"].public_id]) + "?format=csv"


def test_it_sends_an_export_older_than_ten_minutes_to_re_verify(world: World, client: Any) -> None:
    client.force_login(world.users["bob"])
    _verified_minutes_ago(client, 11)
    exports = AuditEvent.objects.filter(action="export").count()
    response = client.get(_csv_url(world))
    assert response.status_code == 302
    assert response["Location"] == _step_up(_csv_url(world))
    assert AuditEvent.objects.filter(action="export").count() == exports  # nothing exported
    page = client.get(_csv_url(world).split("?")[0])  # the page itself needs no step-up
    assert page.status_code == 200


def test_it_allows_the_export_within_ten_minutes(world: World, client: Any) -> None:
    client.force_login(world.users["bob"])
    _verified_minutes_ago(client, 9)
    response = client.get(_csv_url(world))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"


def test_it_exports_after_a_fresh_code_on_the_step_up_page(world: World, client: Any) -> None:
    client.force_login(world.users["bob"])
    _verified_minutes_ago(client, 30)
    step_up = client.get(_csv_url(world))["Location"]
    page = client.get(step_up).content.decode()
    assert f'<a href="{_csv_url(world).split("?")[0]}">Go back without doing it</a>' in page
    device = device_for(world.users["bob"])
    wrong = client.post(step_up, {"code": "12345678"})  # not a recovery code either
    assert wrong.status_code == 200 and "That code did not work" in wrong.content.decode()
    back = client.post(step_up, {"code": code_for(device), "next": _csv_url(world)})
    assert back.status_code == 302 and back["Location"] == _csv_url(world)
    assert client.get(back["Location"]).status_code == 200
    assert AuditEvent.objects.filter(action="mfa_verify", detail__step="step-up").count() == 1


def test_it_sends_a_stale_consent_override_to_re_verify_and_back_to_the_form(
    world: World, client: Any
) -> None:
    cw = build_casework(world)
    link = actions.check_send_link(world.people["own"], cw.providers["moud"], acting=cw.acting)
    url = reverse("casework_link_override", args=[world.people["own"].public_id])
    form_page = reverse("casework_person", args=[world.people["own"].public_id])
    client.force_login(world.users["bob"])
    _verified_minutes_ago(client, 10.5)
    data = {
        "link": link.public_id,
        "reason": "Needs the bed tonight; consent form is at the clinic.",
    }
    response = client.post(url, data, HTTP_REFERER=f"http://testserver{form_page}")
    assert response.status_code == 302
    assert response["Location"] == _step_up(form_page)
    link.refresh_from_db()
    assert link.state == "blocked"
    _verified_minutes_ago(client, 2)
    assert client.post(url, data).status_code == 302
    link.refresh_from_db()
    assert (link.state, link.override_by) == ("sent", world.users["bob"])


def test_it_never_sends_a_post_back_to_another_site(world: World, client: Any) -> None:
    cw = build_casework(world)
    link = actions.check_send_link(world.people["own"], cw.providers["moud"], acting=cw.acting)
    client.force_login(world.users["bob"])
    _verified_minutes_ago(client, 60)
    response = client.post(
        reverse("casework_link_override", args=[world.people["own"].public_id]),
        {"link": link.public_id, "reason": "Needs the bed tonight."},
        HTTP_REFERER="https://evil.example/phish/",
    )
    assert response["Location"] == _step_up("/")


def test_it_needs_a_verified_session_for_the_step_up_page(
    world: World, client: Any, password_only: Any
) -> None:
    device_for(world.users["bob"])
    password_only("bob")
    response = client.get(reverse("mfa_step_up"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_verify"))
