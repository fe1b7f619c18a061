"""No justice role can tell that a community- or self-referred person exists (issue 13).

The self-referral page promises that nothing sent there goes to the police or the
prosecutor. So, for dave (police), erin (prosecutor) and frank (defender), every page of
the canary scan renders the same before and after two such people arrive (same rows, same
counts, same statuses), and their ids answer exactly as ids that do not exist. They get
the strongest relations a justice role could have short of a release (an open case by
erin's office, frank as counsel), which open an arrest-door person but not these.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from openlead.legal.models import LegalCase
from tests.access.test_canaries import _pages
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")

JUSTICE = ["dave", "erin", "frank"]
# What differs between two renders of one unchanged page: tokens and nonces. The clock is
# frozen for the comparison instead of masking times, so a page whose only change is the
# time of the latest activity still shows up.
VOLATILE = [
    re.compile(r'name="(csrfmiddlewaretoken|submit_token)" value="[^"]+"'),
    re.compile(r'nonce="[^"]+"'),
]


def _normal(body: str) -> str:
    for pattern in VOLATILE:
        body = pattern.sub("~", body)
    return body


def _render(client: Any, urls: list[str]) -> dict[str, tuple[int, str]]:
    shown = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        shown[url] = (response.status_code, _normal(body.decode()))
    return shown


def _quiet_people(world: World) -> list[Any]:
    community = make_referral(world, by="cora", door="community", facts={}, name="Fake Quiet One")
    walk_in = make_referral(world, by=None, door="self", facts={}, name="Fake Quiet Two")
    for referral in (community, walk_in):
        LegalCase.objects.create(
            program=referral.program,
            person=referral.person,
            jurisdiction="Test County District Court",
            case_number=f"Q-{referral.pk}",
            prosecutor_office=world.orgs["prosecutor"],
            defender=world.users["frank"],
            opened_on=dt.date(2026, 11, 2),
        )
    return [community, walk_in]


@pytest.mark.parametrize("username", JUSTICE)
def test_it_renders_every_page_the_same_with_or_without_them(
    world: World, client: Any, username: str
) -> None:
    client.force_login(world.users[username])
    # The public accountability page (/p/<slug>/...) counts every referral by design: it
    # is the same for every visitor, signed in or not, and shows aggregates only, small
    # cells suppressed (tests/accountability/test_suppression_attack.py tests what its
    # totals reveal). Every page that shows a justice role anything of a person stays.
    pages = [*_pages(world), reverse("referral_list"), reverse("people_list")]
    urls = [url for url in pages if not url.startswith("/p/")]
    with time_machine.travel(timezone.now(), tick=False):
        before = _render(client, urls)
        _quiet_people(world)
        after = _render(client, urls)
    changed = [url for url in urls if before[url] != after[url]]
    assert changed == []


@pytest.mark.parametrize("username", JUSTICE)
def test_it_answers_their_ids_as_ids_that_do_not_exist(
    world: World, client: Any, username: str
) -> None:
    quiet = _quiet_people(world)
    client.force_login(world.users[username])
    for referral in quiet:
        person, missing = referral.person.public_id, "doesNotExist12"
        for name in ("person_detail", "access_history"):
            seen = _render(client, [reverse(name, args=[person])])
            absent = _render(client, [reverse(name, args=[missing])])
            assert list(seen.values()) == list(absent.values())
        seen = _render(client, [reverse("referral_detail", args=[referral.public_id])])
        absent = _render(client, [reverse("referral_detail", args=["doesNotExist12"])])
        assert list(seen.values()) == list(absent.values())
        assert next(iter(seen.values()))[0] == 404


def test_it_lets_the_care_team_see_them_so_the_test_can_tell(world: World, client: Any) -> None:
    quiet = _quiet_people(world)
    client.force_login(world.users["bob"])
    for referral in quiet:
        page = client.get(reverse("person_detail", args=[referral.person.public_id]))
        assert page.status_code == 200
