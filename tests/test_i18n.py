"""Languages (issue 14): the page follows the browser's Accept-Language, the footer's
switch (Django's set_language) overrides it, and the public pages are whole in Spanish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import World
from tests.i18n_po import read_po

pytestmark = pytest.mark.django_db(databases="__all__")

PO = Path(__file__).resolve().parent.parent / "openlead/locale/es/LC_MESSAGES/django.po"
SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9,en;q=0.5"}


def _public_pages(world: World) -> list[str]:
    slug = world.programs["demo"].slug
    return [
        reverse("home"),
        reverse("login"),
        reverse("self_referral_index"),
        reverse("self_referral", args=[slug]),
        reverse("self_referral_thanks", args=[slug]),
        "/no-such-page/",
    ]


def _english_sentences() -> list[str]:
    """Every translated msgid of more than one word: none may show on a Spanish page
    (one word alone could be part of an attribute, such as type="password")."""
    return [
        e.msgid
        for e in read_po(PO)
        if e.translated and " " in e.msgid and "%(" not in e.msgid and "<" not in e.msgid
    ]


def test_it_answers_in_english_to_a_browser_that_asks_for_no_language(world: World) -> None:
    page = Client().get(reverse("self_referral_index")).content.decode()
    assert '<html lang="en">' in page and "Refer yourself to Test City LEAD" in page


def test_it_answers_in_english_to_a_language_it_does_not_have(world: World) -> None:
    response = Client().get(reverse("login"), HTTP_ACCEPT_LANGUAGE="tlh")
    assert '<html lang="en">' in response.content.decode()


def test_it_shows_every_public_page_in_spanish_when_the_browser_asks(world: World) -> None:
    client = Client()
    english = _english_sentences()
    for url in _public_pages(world):
        page = client.get(url, **SPANISH).content.decode()
        assert '<html lang="es">' in page, url
        assert [s for s in english if s in page] == [], url
    refer = client.get(reverse("self_referral_index"), **SPANISH).content.decode()
    assert "Pida ayuda a Test City LEAD" in refer


def test_it_gives_the_self_referral_form_labels_and_errors_in_spanish(world: World) -> None:
    url = reverse("self_referral", args=[world.programs["demo"].slug])
    response = Client().post(url, {"name": "", "reach": ""}, **SPANISH)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Su nombre o un apodo" in page and "(necesario)" in page
    assert 'id="id_name-error">Este campo es obligatorio.</p>' in page
    assert "This field is required" not in page


def test_it_shows_the_error_pages_in_spanish(world: World) -> None:
    with translation.override("es"):
        broken = render_to_string("500.html")
        expired = render_to_string("403_csrf.html")
    assert '<html lang="es">' in broken and "Algo salió mal" in broken
    assert "No se pudo enviar este formulario" in expired
    assert "language-switch" not in expired  # no request there, so no CSRF token to send


def test_it_ignores_a_switch_to_a_language_it_does_not_have(world: World) -> None:
    client = Client()
    response = client.post(reverse("set_language"), {"language": "xx", "next": "/refer/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en">' in client.get("/refer/").content.decode()


def test_it_never_sends_the_switch_to_another_site(world: World) -> None:
    response = Client().post(
        reverse("set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_it_refuses_a_switch_without_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/refer/"})
    assert response.status_code == 403


def test_it_switches_to_spanish_from_the_footer_and_stays_there(world: World) -> None:
    client = Client()
    page = client.get(reverse("self_referral_index")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    assert 'name="language" value="es" lang="es"' in page
    # The form sends no `next`: the browser's Referer (same-origin) says where to go back.
    response = client.post(
        reverse("set_language"), {"language": "es"}, HTTP_REFERER="http://testserver/refer/"
    )
    assert response.status_code == 302 and response["Location"] == "http://testserver/refer/"
    # The choice wins over the browser's own language, on every later page.
    later = client.get("/refer/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in later
    assert "Pida ayuda a Test City LEAD" in later
    assert 'name="language" value="en" lang="en"' in later


def test_it_keeps_a_signed_in_persons_switch_through_the_mfa_gate(
    world: World, client: Any
) -> None:
    client.force_login(world.users["alice"])
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="es">' in page and "Cerrar sesión" in page
