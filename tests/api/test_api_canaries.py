"""The canary scan through tokens: a token acting as police, a prosecutor, an evaluator
or a sysadmin reads no CANARY marker from any API answer, nor does the log get one."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.access.test_canaries import WATCHED
from tests.api.helpers import call, token_for
from tests.api.pages import api_pages
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def _scan(client: Any, urls: list[str], token: str) -> list[str]:
    bodies = []
    for url in urls:
        response = call(client, "get", url, token=token)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        bodies.append(body.decode())
    return bodies


def test_it_shows_no_canary_to_enforcement_or_oversight_tokens(
    world: World, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    known = next(c for c in world.canaries if c.startswith("CANARY-own-name"))
    make_referral(world, by="cora", door="community", name=known)
    urls = api_pages(world)
    for username in WATCHED:
        bodies = _scan(client, urls, token_for(world, username))
        assert [c for c in world.canaries if any(c in b for b in bodies)] == [], username
    assert [c for c in world.canaries if c in caplog.text] == []


def test_it_shows_the_case_manager_her_persons_canaries_so_the_scan_can_find_them(
    world: World, client: Any
) -> None:
    from openlead.access.acting import Actor
    from openlead.casework.actions import check_record_contact

    own = world.people["own"]
    note = next(c for c in world.canaries if c.startswith("CANARY-own-"))
    check_record_contact(
        own, acting=Actor.of(world.users["alice"], "case_manager", own.program_id), note=note
    )
    bodies = _scan(client, api_pages(world), token_for(world, "alice"))
    assert any(note in b for b in bodies)
