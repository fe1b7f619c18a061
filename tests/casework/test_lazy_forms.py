"""Issue 16: the casework page renders its quick actions and loads its longer forms when
opened (casework.form_pages); each of those forms has a page of its own, with a way back,
that works without JavaScript and saves through the same write as before."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from openlead.casework.models import Appointment, FundsEntry, Goal
from tests.casework.conftest import Casework, seed_canaries

pytestmark = pytest.mark.django_db(databases="__all__")

FORM_PAGES = ["casework_appointment_form", "casework_goal_form", "casework_funds_form"]
WRITES = {
    "casework_appointment_form": "casework_appointment_add",
    "casework_goal_form": "casework_goal_add",
    "casework_funds_form": "casework_funds_request",
}


def _url(cw: Casework, name: str, key: str = "own") -> str:
    return reverse(name, kwargs={"public_id": cw.world.people[key].public_id})


@pytest.mark.parametrize("name", FORM_PAGES)
@pytest.mark.parametrize(
    ("username", "status"),
    [(None, 302), ("otto", 403), ("dave", 403), ("carol", 404), ("gina", 404)],
)
def test_it_refuses_a_form_page_to_whoever_the_casework_page_refuses(
    cw: Casework, client: Any, name: str, username: str | None, status: int
) -> None:
    if username:
        client.force_login(cw.world.users[username])
    assert client.get(_url(cw, name)).status_code == status


def test_it_renders_the_quick_actions_and_only_a_link_for_the_longer_forms(
    cw: Casework, client: Any
) -> None:
    seed_canaries(cw)
    client.force_login(cw.world.users["alice"])
    page = client.get(_url(cw, "casework_person")).content.decode()
    for name in FORM_PAGES:
        own_page = _url(cw, name)
        assert f'data-lazy-form="{own_page}"' in page
        assert f'<a href="{own_page}">' in page  # the way in without JavaScript
    for field in ('name="starts_at"', 'name="words"', 'name="amount"', 'name="payee_type"'):
        assert field not in page, field
    # The quick actions stay: service link, goal status, funds decisions, enrollment moves.
    assert 'id="link-form"' in page and 'name="status" aria-label="Goal status"' in page
    assert 'name="decision" value="pay"' in page
    assert re.findall(r'name="action" value="(\w+)"', page) == ["inactive", "exit"]
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all("src=" in s for s in scripts)  # the CSP allows no inline script
    assert any("lazy-forms" in s for s in scripts)


@pytest.mark.parametrize("name", FORM_PAGES)
def test_it_shows_each_form_on_its_own_page_with_a_way_back(
    cw: Casework, client: Any, name: str
) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.get(_url(cw, name))
    page = response.content.decode()
    assert response.status_code == 200
    assert f'action="{_url(cw, WRITES[name])}"' in page
    assert "data-lazy-part" in page and "<h1>" in page
    section = {"casework_appointment_form": "appointments", "casework_goal_form": "plan"}
    back = f"{_url(cw, 'casework_person')}#{section.get(name, 'funds')}"
    assert f'<a href="{back}">Back to casework</a>' in page
    assert "autofocus" not in page and 'class="error-summary"' not in page


def test_it_says_on_the_funds_page_when_a_supervisor_must_approve(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    page = client.get(_url(cw, "casework_funds_form")).content.decode()
    assert "Requests above $100.00 need a supervisor&#x27;s approval." in page


def test_it_offers_the_programs_providers_on_the_appointment_page(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    page = client.get(_url(cw, "casework_appointment_form")).content.decode()
    picker = page.split('name="provider"')[1].split("</select>")[0]
    for provider in cw.providers.values():
        assert f'<option value="{provider.public_id}">{provider.name}</option>' in picker


def test_it_saves_what_a_form_page_posts_and_says_so_back_on_the_casework_page(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    person_url = _url(cw, "casework_person")
    posts = [
        (
            "casework_goal_add",
            {"domain": "housing", "words": "A room of my own"},
            "Plan goal added.",
        ),
        (
            "casework_funds_request",
            {"category": "motel", "payee_type": "vendor", "amount": "20.00"},
            "Funds requested.",
        ),
    ]
    for name, data, message in posts:
        response = client.post(_url(cw, name), data, follow=True)
        assert response.redirect_chain == [(person_url, 302)], name
        assert message in response.content.decode()
    assert Goal.objects.count() == 1 and FundsEntry.objects.count() == 1


def test_it_opens_a_form_that_did_not_save_on_the_casework_page_with_its_errors(
    cw: Casework, client: Any
) -> None:
    client.force_login(cw.world.users["alice"])
    response = client.post(_url(cw, "casework_appointment_add"), {"kind": "court"})
    page = response.content.decode()
    assert response.status_code == 400 and not Appointment.objects.exists()
    box = page.split('<details class="lazy-form" open>')[1].split("</details>")[0]
    assert 'id="appointment-form"' in box and "autofocus" in box
    assert 'id="appointment-starts_at-error"' in box  # beside the field
    assert box.count("data-lazy") == 0  # here already: nothing to load
    assert page.count("data-lazy-form=") == 2  # the goal and funds forms still load on open
