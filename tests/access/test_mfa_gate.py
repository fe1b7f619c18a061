"""MFA coverage (security-bar test 6): a password-only session gets only redirects to the
MFA pages from every URL, and 0 participant data; the gate is off only when set off."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.access import test_permission_matrix as pm
from tests.conftest import World
from tests.mfa import device_for

pytestmark = pytest.mark.django_db(databases="__all__")

MFA_PAGES = {"mfa_enrol", "mfa_verify", "mfa_recovery_codes", "mfa_step_up"}


def _cases(world: World) -> list[tuple[str, str, str]]:
    """(url name, method, url) for every row and relation of the permission matrix."""
    cases = []
    for name, (method, rels, _) in sorted(pm.MATRIX.items()):
        if name == "logout":  # open by design, and it would end the session under test
            continue
        for rel in rels:
            cases.append((name, method, reverse(name, kwargs=pm._kwargs(world, name, rel))))
    return cases


def _crawl(
    world: World, client: Any, cases: list[tuple[str, str, str]], data_for: str
) -> tuple[Counter[str], list[str], str]:
    answers: Counter[str] = Counter()
    wrong, bodies = [], []
    for name, method, url in cases:
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, pm._data(world, name, data_for))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        bodies.append(body.decode(errors="replace"))
        where = response.get("Location", "")
        if response.status_code == 302 and where.startswith("/account/mfa/"):
            answers["redirect to MFA"] += 1
        elif response.status_code == 200 and name in MFA_PAGES:
            answers["MFA page"] += 1
        else:
            wrong.append(f"{method} {name} {url}: {response.status_code} {where}")
    return answers, wrong, "\n".join(bodies)


@pytest.mark.parametrize(
    ("username", "enrolled", "pages"),
    [
        # Not enrolled: enrol and the (empty) recovery-codes page answer; verify sends to enrol.
        ("alice", False, 2),
        # Enrolled: verify and the recovery-codes page answer; enrol sends to verify.
        ("dave", True, 2),
        ("hank", True, 2),
    ],
)
def test_it_gives_a_password_only_session_nothing_but_the_mfa_pages(
    world: World, client: Any, password_only: Any, username: str, enrolled: bool, pages: int
) -> None:
    if enrolled:
        device_for(world.users[username])
    password_only(username)
    cases = _cases(world)  # the kwargs builders make the objects some URLs need
    before = AuditEvent.objects.exclude(person_ref="").count()
    answers, wrong, bodies = _crawl(world, client, cases, username)
    total = len(cases)
    assert total >= 100  # every URL of the matrix, with each relation it has
    assert wrong == []
    assert answers == {"redirect to MFA": total - pages, "MFA page": pages}
    assert [c for c in world.canaries if c in bodies] == []
    assert [m for m in world.legal_markers.values() if m in bodies] == []
    assert AuditEvent.objects.exclude(person_ref="").count() == before  # no participant read


def test_it_sends_an_enrolled_user_to_verify_and_a_new_user_to_enrol(
    world: World, client: Any, password_only: Any
) -> None:
    device_for(world.users["bob"])
    password_only("bob")
    people = client.get(reverse("people_list"))
    assert people.status_code == 302
    assert people["Location"] == reverse("mfa_verify") + "?next=%2Fpeople%2F"
    password_only("alice")
    assert client.get(reverse("people_list"))["Location"] == reverse("mfa_enrol")


def test_it_keeps_login_healthz_and_self_referral_open_to_anonymous_users(
    world: World, client: Any
) -> None:
    slug = world.programs["demo"].slug
    # The home page too: signed out, it is the public page (issue 14).
    for url in (
        reverse("login"),
        reverse("healthz"),
        reverse("self_referral", args=[slug]),
        reverse("home"),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("password_change"))["Location"].startswith(reverse("login"))


def test_it_lets_a_password_only_session_log_out(
    world: World, client: Any, password_only: Any
) -> None:
    password_only("alice")
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_it_keeps_the_gate_on_unless_the_insecure_setting_is_set(
    world: World, client: Any, password_only: Any
) -> None:
    password_only("alice")
    assert client.get(reverse("home")).status_code == 302
    with override_settings(OPENLEAD_MFA_INSECURE_DISABLED=False):
        assert client.get(reverse("home")).status_code == 302
    with override_settings(OPENLEAD_MFA_INSECURE_DISABLED=True):
        assert client.get(reverse("password_change")).status_code == 200
        csv = reverse("access_history", args=[world.people["own"].public_id]) + "?format=csv"
        assert client.get(csv).status_code == 404  # alice's scope, not a step-up, decides


def test_it_reads_the_insecure_setting_only_from_its_own_name(tmp_path: Any) -> None:
    from openlead.config import ConfigError, load_config
    from tests.access.test_config import GOOD

    env = {**GOOD, "OPENLEAD_DATA_DIR": str(tmp_path)}
    assert load_config(env).mfa_insecure_disabled is False
    assert load_config({**env, "OPENLEAD_MFA_INSECURE_DISABLED": "1"}).mfa_insecure_disabled
    assert load_config({**env, "OPENLEAD_MFA_DISABLED": "1"}).mfa_insecure_disabled is False
    with pytest.raises(ConfigError, match="OPENLEAD_MFA_INSECURE_DISABLED"):
        load_config({**env, "OPENLEAD_MFA_INSECURE_DISABLED": "maybe"})


def test_it_warns_in_check_deploy_only_while_mfa_is_off() -> None:
    from openlead.access.mfa import check_mfa_on

    assert check_mfa_on() == []
    with override_settings(OPENLEAD_MFA_INSECURE_DISABLED=True):
        assert [m.id for m in check_mfa_on()] == ["openlead.W001"]


def test_it_redirects_unknown_paths_too_with_the_usual_headers(
    world: World, client: Any, password_only: Any
) -> None:
    password_only("alice")
    response = client.get("/no-such-page/")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_enrol")
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert client.get("/static/openlead/site.css").status_code == 200
