"""A person whose data key is gone (an old data backup restored after their deletion)
answers a plain 410 page and an "(unreadable: deleted)" row in lists, never a 500, and
shows nothing of the record."""

from __future__ import annotations

from typing import Any

import pytest

from openlead.people import vault
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")


def test_the_person_page_says_the_record_cannot_be_read(world: World, login: Any) -> None:
    person = world.people["own"]
    vault.destroy_data_key(person.public_id)
    client = login("alice")
    response = client.get(f"/people/{person.public_id}/")
    assert response.status_code == 410
    text = response.content.decode()
    assert "This record cannot be read" in text and 'href="/"' in text
    assert not [c for c in world.canaries if c in text]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_lists_keep_the_row_but_show_no_name(world: World, login: Any) -> None:
    gone, kept = world.people["own"], world.people["same"]
    vault.destroy_data_key(gone.public_id)
    client = login("bob")
    response = client.get("/people/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "(unreadable: deleted)" in text
    assert gone.public_id in text and kept.public_id in text
    assert not [c for c in world.canaries if c in text and "own-" in c]
