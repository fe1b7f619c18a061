"""Accounts with separation of duties (issue 12, finding 1 and part 1).

The critical finding: the sysadmin made a full-read account in two requests. Now a
data role needs a program admin to ask and a second program admin to approve, and
nobody who manages accounts chooses a password.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent, Membership, RoleGrant, User
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(databases="__all__")


def _as(world: World, username: str) -> Client:
    client = Client()
    client.force_login(world.users[username])
    return client


def _second_admin(world: World) -> User:
    ada2 = User.objects.create_user(username="ada2", password=PASSWORD, first_name="Ada2")
    Membership.objects.create(
        user=ada2,
        program=world.programs["demo"],
        organization=world.orgs["cm"],
        role="program_admin",
    )
    world.users["ada2"] = ada2
    return ada2


def _create(client: Client, world: World, username: str, role: str, org: str = "cm") -> Any:
    return client.post(
        reverse("users"),
        {
            "username": username,
            "full_name": "Quinn Case",
            "work_phone": "555-0199",
            "organization": world.orgs[org].pk,
            "role": role,
            "reason": "new hire in the outreach team",
        },
    )


def _link_on_page(client: Client, username: str) -> str:
    page = client.get(reverse("user_detail", args=[User.objects.get(username=username).public_id]))
    body = page.content.decode()
    assert "One-time set-password link" in body
    return body.split("/account/set-password/")[1].split("/")[0]


def _logs_in(username: str, password: str) -> bool:
    """Through the real login page (axes and all)."""
    response = Client().post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def _set_password(token: str, password: str) -> Any:
    url = reverse("set_password", args=[token])
    return Client().post(url, {"new_password1": password, "new_password2": password})


@pytest.mark.parametrize("role", ["program_admin", "case_manager", "prosecutor", "auditor"])
def test_it_refuses_the_sysadmin_an_account_with_a_data_role(world: World, role: str) -> None:
    hank = _as(world, "hank")
    org = "prosecutor" if role == "prosecutor" else "cm"  # the variant: the org a release names
    response = _create(hank, world, "mallory", role, org)
    assert response.status_code == 400
    assert "Only a program admin can give a role" in response.content.decode()
    assert not User.objects.filter(username="mallory").exists()
    assert AuditEvent.objects.filter(
        actor_username="hank", outcome="denied", purpose="account: create"
    ).exists()


def test_it_lets_the_sysadmin_add_a_sysadmin_with_a_link_not_a_password(world: World) -> None:
    hank = _as(world, "hank")
    bad = hank.post(reverse("users"), {"username": "Bad Name!"})
    assert bad.status_code == 400 and "lower-case letters" in bad.content.decode()
    response = _create(hank, world, "quinn", "sysadmin", "ops")
    quinn = User.objects.get(username="quinn")
    assert response.status_code == 302 and not quinn.has_usable_password()
    assert list(quinn.memberships.values_list("role", flat=True)) == ["sysadmin"]
    token = _link_on_page(hank, "quinn")
    again = hank.get(reverse("user_detail", args=[quinn.public_id])).content.decode()
    assert token not in again  # shown once
    assert _set_password(token, "a long passphrase nobody else typed").status_code == 302
    assert _logs_in("quinn", "a long passphrase nobody else typed")
    assert _set_password(token, "another long passphrase here").status_code == 404  # used


def test_it_needs_a_second_program_admin_for_a_data_role(world: World) -> None:
    ada2 = _second_admin(world)
    ada = _as(world, "ada")
    assert _create(ada, world, "quinn", "case_manager").status_code == 302
    quinn = User.objects.get(username="quinn")
    assert not quinn.memberships.exists()  # nothing works before the approval
    grant = RoleGrant.objects.get(user=quinn)
    url = reverse("grant_decide", args=[grant.public_id])
    data = {"decision": "approve", "reason": "agreed at the team meeting"}
    refused = ada.post(url, data)
    assert refused.status_code == 403 and "second program admin" in refused.content.decode()
    assert not quinn.memberships.exists()
    assert _as(world, "hank").post(url, data).status_code == 403
    assert _as(world, "ada2").post(url, data).status_code == 302
    membership = quinn.memberships.get()
    assert (membership.role, membership.active) == ("case_manager", True)
    grant.refresh_from_db()
    assert (grant.status, grant.decided_by_id) == ("approved", ada2.pk)
    steps = set(
        AuditEvent.objects.filter(detail__account=quinn.public_id).values_list("purpose", flat=True)
    )
    assert {"account: create", "account: grant approved"} <= steps


def test_it_resets_the_password_when_the_link_came_from_the_sysadmin(world: World) -> None:
    _second_admin(world)
    hank = _as(world, "hank")
    _create(hank, world, "quinn", "sysadmin", "ops")
    token = _link_on_page(hank, "quinn")
    _set_password(token, "hank knows this passphrase")
    quinn = User.objects.get(username="quinn")
    ada = _as(world, "ada")
    ada.post(
        reverse("user_grant", args=[quinn.public_id]),
        {
            "role": "case_manager",
            "organization": world.orgs["cm"].pk,
            "reason": "moving to casework",
        },
    )
    grant = RoleGrant.objects.get(user=quinn)
    ada2 = _as(world, "ada2")
    decided = ada2.post(
        reverse("grant_decide", args=[grant.public_id]),
        {"decision": "approve", "reason": "agreed at the team meeting"},
    )
    assert decided.status_code == 302
    assert not _logs_in("quinn", "hank knows this passphrase")
    assert _link_on_page(ada2, "quinn")  # the approver hands over a new link


def test_it_refuses_the_sysadmin_a_new_way_into_a_data_account(world: World) -> None:
    hank = _as(world, "hank")
    alice = world.users["alice"]
    for change in ("reset-password", "reactivate"):
        url = reverse("user_change", args=[alice.public_id, change])
        response = hank.post(url, {"reason": "she asked me to"})
        assert response.status_code == 403, change
        assert "only a program admin" in response.content.decode()
    assert _logs_in("alice", PASSWORD)
    assert AuditEvent.objects.filter(actor_username="hank", outcome="denied").count() == 2


def test_it_lets_the_sysadmin_deactivate_and_unlock_and_ends_sessions(world: World) -> None:
    alice_phone = _as(world, "alice")
    hank = _as(world, "hank")
    alice = world.users["alice"]
    done = hank.post(
        reverse("user_change", args=[alice.public_id, "deactivate"]), {"reason": "lost laptop"}
    )
    assert done.status_code == 302
    # the session ended (a signed-in page: `/` is public when signed out, issue 14)
    assert alice_phone.get(reverse("password_change")).status_code == 302
    assert not _logs_in("alice", PASSWORD)
    unlock = hank.post(
        reverse("user_change", args=[alice.public_id, "unlock"]), {"reason": "called the desk"}
    )
    assert unlock.status_code == 302
    follow = hank.get(reverse("user_detail", args=[alice.public_id]))
    assert "Lockout released." in follow.content.decode()
    no_reason = hank.post(reverse("user_change", args=[alice.public_id, "unlock"]), {})
    assert no_reason.status_code == 400 and "Say why" in no_reason.content.decode()


def test_it_resets_a_password_by_program_admin_with_a_link_that_expires(world: World) -> None:
    alice_phone = _as(world, "alice")
    ada = _as(world, "ada")
    alice = world.users["alice"]
    assert (
        ada.post(
            reverse("user_change", args=[alice.public_id, "reset-password"]),
            {"reason": "forgot her password"},
        ).status_code
        == 302
    )
    assert alice_phone.get(reverse("password_change")).status_code == 302  # signed out
    assert not _logs_in("alice", PASSWORD)
    token = _link_on_page(ada, "alice")
    from openlead.access.models import AccountToken

    AccountToken.objects.filter(user=alice).update(expires_at=timezone.now() - dt.timedelta(1))
    assert Client().get(reverse("set_password", args=[token])).status_code == 404
    AccountToken.objects.filter(user=alice).update(expires_at=timezone.now() + dt.timedelta(1))
    assert _set_password(token, "short").status_code == 400
    assert _set_password(token, "a brand new long passphrase").status_code == 302
    assert _logs_in("alice", "a brand new long passphrase")


def test_it_changes_a_role_only_with_approval_and_ends_sessions(world: World) -> None:
    _second_admin(world)
    alice = world.users["alice"]
    alice_phone = _as(world, "alice")
    current = alice.memberships.get()
    ada = _as(world, "ada")
    response = ada.post(
        reverse("user_grant", args=[alice.public_id]),
        {
            "role": "supervisor",
            "organization": world.orgs["cm"].pk,
            "replaces": current.pk,
            "reason": "promoted to supervisor",
        },
    )
    assert response.status_code == 302
    # nothing changes before approval (a signed-in page: `/` is public when signed out)
    assert alice_phone.get(reverse("password_change")).status_code == 200
    grant = RoleGrant.objects.get(user=alice)
    _as(world, "ada2").post(
        reverse("grant_decide", args=[grant.public_id]),
        {"decision": "approve", "reason": "agreed at the team meeting"},
    )
    active = set(alice.memberships.filter(active=True).values_list("role", flat=True))
    assert active == {"supervisor"}
    # a role change ends the session (a signed-in page: `/` is public when signed out)
    assert alice_phone.get(reverse("password_change")).status_code == 302


def test_it_refuses_giving_oneself_a_role(world: World) -> None:
    ada = _as(world, "ada")
    response = ada.post(
        reverse("user_grant", args=[world.users["ada"].public_id]),
        {"role": "supervisor", "organization": world.orgs["cm"].pk, "reason": "just because"},
    )
    assert response.status_code == 403
    assert not RoleGrant.objects.exists()


def test_it_releases_a_real_lockout_so_the_right_password_works_again(world: World) -> None:
    for _ in range(6):
        Client().post(reverse("login"), {"username": "alice", "password": "wrong guess"})
    assert not _logs_in("alice", PASSWORD)  # locked: the right password fails too
    hank = _as(world, "hank")
    response = hank.post(
        reverse("user_change", args=[world.users["alice"].public_id, "unlock"]),
        {"reason": "she called the help desk"},
    )
    assert response.status_code == 302
    assert _logs_in("alice", PASSWORD)
    event = AuditEvent.objects.filter(purpose="account: unlock").get()
    assert event.detail["cleared"] >= 1 and event.actor_username == "hank"
