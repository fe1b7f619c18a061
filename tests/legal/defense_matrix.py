"""Permission-matrix rows for the defender's pages and the note channel
(openlead/legal/urls_defense.py); merged into tests/access/test_permission_matrix.py.

frank (defender) sees "own", whose active release names his office and covers legal
coordination, so the note channel is open on "own" only: frank writes from the client
page, the care team (alice's caseload, bob and ada program-wide) from the casework page.
Police, prosecutors, outreach and the other program's case manager are refused (403) on
people they see; everyone is 404 on people outside their scope.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.access.relations import PERSON_RELATIONS, anon, in_scope
from tests.conftest import World

CHANNEL = {"frank", "alice", "bob", "ada"}  # on "own": the release to the defender's office


def expect_clients(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    return 200 if user == "frank" else 403


def expect_client(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    return 200 if user == "frank" and in_scope(user, rel) else 404


def expect_note(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    if not in_scope(str(user), rel):
        return 404
    return 302 if user in CHANNEL and rel == "own" else 403


# url name -> (method, relations to try, expectation(user, rel) -> status)
DEFENSE_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "defense_clients": ("GET", ["none"], expect_clients),
    "defense_client": ("GET", PERSON_RELATIONS, expect_client),
    "defense_note_new": ("POST", PERSON_RELATIONS, expect_note),
}


def defense_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    """The URL's keyword arguments for this relation."""
    if rel == "none":
        return {}
    return {"public_id": "doesNotExist123" if rel == "missing" else world.people[rel].public_id}


def defense_data(world: World, name: str) -> dict[str, Any]:
    """The POST body for this URL (valid, so the answer is the permission's, not a form's)."""
    return {"text": "The hearing moved to Tuesday; can you remind them?"}


def defense_pages(world: World) -> list[str]:
    """Every page of these URLs worth rendering in the canary scan
    (tests/access/test_canaries.py), with the world's data behind them."""
    pages = [reverse("defense_clients")]
    for person in world.people.values():
        pages.append(reverse("defense_client", kwargs={"public_id": person.public_id}))
    return pages
