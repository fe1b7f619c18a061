"""No sequence of account requests by one person reaches more than their role reads.

Each actor, alone, tries everything the account pages offer, in order: create an
account with every role, set its password with the link it was shown, ask for every
role for itself and for those accounts, approve every pending request, and reset or
reactivate every account of the program, taking over any account whose link it gets.
Afterwards every account the actor can sign in as holds only roles within the actor's
own reach, and no new role that reads participant data has started (two-person rule).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from openlead.access.grants import DATA_FREE_ROLES
from openlead.access.models import Membership, RoleGrant, User
from openlead.access.roles import Role
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

ACTORS = ["hank", "ada", "bob", "alice", "otto", "dave", "erin", "frank", "gina", "una", "cora"]
TAKEN = "a takeover passphrase 0123"


def _links(body: str) -> list[str]:
    return [part.split("/")[0] for part in body.split("/account/set-password/")[1:]]


def _take_over(token: str, controlled: set[str]) -> None:
    url = reverse("set_password", args=[token])
    Client().post(url, {"new_password1": TAKEN, "new_password2": TAKEN})
    for user in User.objects.all():
        if user.check_password(TAKEN):
            controlled.add(user.username)


def _detail_links(client: Client, user: User) -> list[str]:
    return _links(client.get(reverse("user_detail", args=[user.public_id])).content.decode())


def _everything(client: Client, world: World, controlled: set[str]) -> int:
    """Every request the account pages offer; returns how many were made."""
    made = 0
    for i, role in enumerate(Role):
        page = client.post(
            reverse("users"),
            {
                "username": f"made{i}",
                "full_name": "Made Up",
                "organization": world.orgs["cm"].pk,
                "role": role.value,
                "reason": "trying every role",
            },
            follow=True,  # as a person would: the link is on the page the redirect opens
        )
        for token in _links(page.content.decode()):
            _take_over(token, controlled)
        made += 1
    for user in list(User.objects.all()):
        for token in _detail_links(client, user):
            _take_over(token, controlled)
        for role in Role:
            client.post(
                reverse("user_grant", args=[user.public_id]),
                {"role": role.value, "organization": world.orgs["cm"].pk, "reason": "every role"},
            )
            made += 1
        for change in ("reset-password", "reactivate", "deactivate", "unlock"):
            if change == "deactivate" and user.username != "nobody":
                continue  # deactivating others is allowed and takes nothing; keep them usable
            page = client.post(
                reverse("user_change", args=[user.public_id, change]),
                {"reason": "every change"},
                follow=True,
            )
            made += 1
            for token in _links(page.content.decode()):
                _take_over(token, controlled)
    for grant in RoleGrant.objects.all():
        page = client.post(
            reverse("grant_decide", args=[grant.public_id]),
            {"decision": "approve", "reason": "approving everything"},
            follow=True,
        )
        for token in _links(page.content.decode()):
            _take_over(token, controlled)
        made += 1
    return made


def _within(actor: Membership, role: str, program_id: int) -> bool:
    if role in DATA_FREE_ROLES:
        return True
    if actor.role == Role.PROGRAM_ADMIN:
        return program_id == actor.program_id
    return role == actor.role and program_id == actor.program_id


@pytest.mark.parametrize("actor", ACTORS)
def test_it_gives_no_one_more_than_they_read(world: World, actor: str) -> None:
    me = world.users[actor].memberships.get()
    data_before = set(
        Membership.objects.filter(active=True)
        .exclude(role__in=DATA_FREE_ROLES)
        .values_list("user_id", "role", "program_id")
    )
    client = Client()
    client.force_login(world.users[actor])
    controlled = {actor}
    made = _everything(client, world, controlled)
    assert made > 100
    for username in controlled:
        for role, program_id in Membership.objects.filter(
            user__username=username, active=True
        ).values_list("role", "program_id"):
            assert _within(me, role, program_id), f"{actor} reached {username} as {role}"
    data_after = set(
        Membership.objects.filter(active=True)
        .exclude(role__in=DATA_FREE_ROLES)
        .values_list("user_id", "role", "program_id")
    )
    assert data_after <= data_before, "a data role started without a second program admin"


def test_it_counts_what_the_sysadmin_could_take(world: World) -> None:
    """The critical finding, as a figure: 0 accounts with a data role in hank's hands."""
    client = Client()
    client.force_login(world.users["hank"])
    controlled = {"hank"}
    _everything(client, world, controlled)
    reached: list[Any] = list(
        Membership.objects.filter(user__username__in=controlled, active=True)
        .exclude(role__in=DATA_FREE_ROLES)
        .values_list("user__username", "role")
    )
    assert reached == []
