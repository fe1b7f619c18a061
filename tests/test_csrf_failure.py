"""A refused CSRF check shows the app's own page: no inline style, a way back."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_shows_a_csp_clean_page_when_the_csrf_check_fails(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    body = response.content.decode()
    assert "This form could not be sent" in body and "Nothing was saved" in body
    assert f'href="{reverse("home")}"' in body  # the way back
    # Django's default page carries an inline <style>, which the CSP refuses.
    assert not re.search(r"<style|<script|\sstyle=|\son[a-z]+=", body)
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "default-src" in policy
    assert "_auth_user_id" not in client.session  # nobody was logged in
