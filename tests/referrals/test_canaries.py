"""The referral canaries are visible to the care team (so the shared scan can find them)
and to no one else: the shared scan covers police, prosecutor, evaluator and sysadmin."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import World
from tests.referrals.pages import referral_pages

pytestmark = pytest.mark.django_db(databases="__all__")


def _seen(world: World, client: Any, urls: list[str]) -> set[str]:
    pages = " ".join(client.get(url).content.decode() for url in urls)
    return {c for c in world.canaries if c.lower().startswith("canary-ref-") and c in pages}


def test_it_hides_referral_canaries_from_the_defender(world: World, login: Any) -> None:
    assert _seen(world, login("frank"), referral_pages(world)) == set()


def test_it_shows_outreach_the_name_and_how_to_reach_but_not_the_facts(
    world: World, login: Any
) -> None:
    seen = _seen(world, login("otto"), referral_pages(world))
    assert {c.split("-")[3] for c in seen} == {"name", "reach"}


def test_it_shows_the_referral_canaries_to_the_supervisor(world: World, login: Any) -> None:
    urls = referral_pages(world)
    seen = _seen(world, login("bob"), urls)
    assert {c.split("-")[3] for c in seen} == {"name", "reason", "offense", "reach"}
