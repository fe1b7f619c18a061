"""Shared steps of the portal tests: a code issued through the casework page, an enrolment
through /me/enrol/, a sign-in through /me/signin/ (the real forms, no force_login)."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from tests.conftest import World

PASSPHRASE = "blue kettle sings loudly tonight"
CODE = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")


def issue_code(client: Any, world: World, *, by: str = "ivan", rel: str = "same") -> str:
    client.logout()
    client.force_login(world.users[by])
    url = reverse("portal_issue_code", kwargs={"public_id": world.people[rel].public_id})
    response = client.post(url)
    assert response.status_code == 200, response
    found = CODE.search(response.content.decode())
    assert found, "the code is on the page"
    client.logout()
    return found.group(0)


def enrol(client: Any, code: str, username: str = "quinn", passphrase: str = PASSPHRASE) -> Any:
    return client.post(
        reverse("portal_enrol"),
        {
            "code": code,
            "username": username,
            "passphrase": passphrase,
            "passphrase_again": passphrase,
        },
    )


def sign_in(client: Any, username: str, passphrase: str = PASSPHRASE) -> Any:
    return client.post(reverse("portal_signin"), {"username": username, "passphrase": passphrase})
