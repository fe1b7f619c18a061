"""The header menu (openlead.navigation): a role's pages, derived from the policy, so it
never offers a page the role cannot open."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import resolve, reverse

from openlead.access.policy import POLICY
from openlead.access.roles import Role
from openlead.navigation import entries
from tests.access.test_permission_matrix import MATRIX
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

STAFF = ["alice", "bob", "ada", "otto", "dave", "erin", "frank", "gina", "una", "hank", "carol"]
STAFF += ["cora"]
NAV = re.compile(r'<ul class="menu-list menu-(?:wide|home)">(.*?)</ul>', re.S)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


def _menu(html: str) -> list[tuple[str, bool, str]]:
    found = NAV.search(html)
    assert found, "no menu on the page"
    return [(url, bool(current), label) for url, current, label in LINK.findall(found.group(1))]


def test_it_shows_no_menu_to_a_visitor(client: Any) -> None:
    page = client.get(reverse("login")).content.decode()
    assert "site-menu" not in page


def test_it_offers_each_role_only_pages_the_permission_matrix_opens(
    world: World, login: Any
) -> None:
    wrong = []
    for user in STAFF:
        client = login(user)
        links = _menu(client.get(reverse("home")).content.decode())
        assert links, user
        for url, _, label in links:
            name = resolve(url).url_name
            expected = MATRIX[name][2](user, "none")
            status = client.get(url).status_code
            if expected != 200 or status != 200:
                wrong.append(f"{user}: {label} ({url}) answers {status}, matrix {expected}")
    assert wrong == []


def test_it_gives_each_role_the_pages_of_its_working_day(world: World, login: Any) -> None:
    def labels(user: str) -> list[str]:
        return [label for _, _, label in _menu(login(user).get(reverse("home")).content.decode())]

    alice = labels("alice")
    assert alice[:6] == [
        "Home",
        "New referral",
        "Referrals",
        "Intake clock",
        "Find a person",
        "My caseload",
    ]
    assert "Supervisor dashboard" not in alice and "Users" not in alice
    bob = labels("bob")
    assert {"Supervisor dashboard", "Audit log", "Record links to review"} <= set(bob)
    assert "Justice record imports" in bob and "Users" not in bob
    assert {"Program settings", "Users", "Record-view alerts"} <= set(labels("ada"))
    assert labels("dave") == [
        "Home",
        "New referral",
        "My referrals",
        "People I referred",
        "Work group meetings",
    ]
    assert "Work group meetings" in alice and "Work group meetings" in labels("erin")
    assert "Work group meetings" not in labels("otto")
    assert "Decisions" in labels("erin") and "Returned referrals" not in labels("erin")
    assert labels("gina") == ["Home", "Outcome evaluation", "Policy group report"]
    assert "Policy group report" in bob and "Policy group report" not in alice
    assert labels("hank") == ["Home", "Users", "Program settings"]
    assert labels("una") == ["Home", "Audit log"]


def test_it_marks_the_current_page(world: World, login: Any) -> None:
    page = login("bob").get(reverse("audit_log")).content.decode()
    current = [label for _, is_current, label in _menu(page) if is_current]
    assert current == ["Audit log"]
    assert page.count('aria-current="page"') == 2  # the phone list and the desktop row
    assert '<details class="menu-narrow"><summary>Menu</summary>' in page  # closed
    home = login("bob").get(reverse("home")).content.decode()
    assert "menu-home" in home and "<details" not in home  # the home page's list of work
    assert "Change password" in page and "Log out" in page
    assert "{#" not in page and "#}" not in page  # no template comment leaks onto the page


def test_it_derives_every_role_s_menu_from_the_policy() -> None:
    for role, rule in POLICY.items():
        names = [name for _, name in entries(rule)]
        assert names[0] == "home" and len(set(names)) == len(names), role
        assert all(name in MATRIX for name in names), role
    assert ("Users", "users") not in entries(POLICY[Role.CASE_MANAGER])
