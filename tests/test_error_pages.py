"""The error pages (issue 11): 404, 403 and 405 in the app's style with a way back, and a
500 that shows no traceback and no data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from openlead import urls as site_urls
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def _boom(request: Any) -> Any:
    raise RuntimeError("SECRET-DETAIL-in-the-traceback")


urlpatterns = [*site_urls.urlpatterns, path("boom/", _boom, name="boom")]


def test_it_answers_a_visit_to_a_form_only_address_with_a_405_page(
    world: World, login: Any
) -> None:
    response = login("alice").get(reverse("switch_membership"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "This address takes a form, not a visit" in page
    assert f'href="{reverse("home")}"' in page and "site-menu" in page


def test_it_keeps_the_405_of_a_visitor_who_is_not_signed_in(client: Any) -> None:
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert "takes a form" in response.content.decode()


def test_it_shows_a_plain_404_with_a_way_back(world: World, login: Any) -> None:
    response = login("alice").get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Not found</h1>" in page and "Back to the start" in page
    assert "403" not in page.split("<main>")[1]


def test_it_shows_a_403_that_says_the_role_cannot(world: World, login: Any) -> None:
    response = login("gina").get(reverse("people_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Not allowed</h1>" in page and "Back to the start" in page


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_it_shows_the_styled_500_with_no_traceback_or_data(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["alice"])
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Something went wrong</h1>" in page and 'href="/"' in page
    assert "site.css" in page
    assert "SECRET-DETAIL" not in page and "Traceback" not in page and "alice" not in page
    assert not any(canary in page for canary in world.canaries)
