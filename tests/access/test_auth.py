"""Authentication: Argon2 hashes, lockout, idle timeout, cookies and security headers."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db(databases="__all__")


def _try(client: Any, username: str, password: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
def test_it_stores_passwords_as_argon2(world: World) -> None:
    user = world.users["alice"]
    user.set_password("a long passphrase for the field")
    assert user.password.startswith("argon2")


def test_it_rejects_short_and_common_passwords() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for bad in ["short1", "password123456", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(bad)
    validate_password("a sixty-four character passphrase is fine " + "x" * 22)


def test_it_logs_in_and_audits_it(world: World, client: Any) -> None:
    response = _try(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="login", actor_username="alice").count() == 1


def test_it_locks_the_account_after_five_failures(world: World, client: Any) -> None:
    for _ in range(4):
        assert _try(client, "alice", "wrong-password-1").status_code == 200
    assert _try(client, "alice", "wrong-password-1").status_code == 429  # the fifth failure locks
    locked = _try(client, "alice", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed", actor_username="alice").count() >= 5


def test_it_answers_unknown_users_exactly_like_known_ones(world: World, client: Any) -> None:
    known = _try(client, "alice", "wrong-password-1")
    unknown = _try(client, "nobody", "wrong-password-1")
    body = lambda r: re.sub(r'value="[^"]*"', "", r.content.decode().split("</header>")[1])  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert body(known) == body(unknown)
    for _ in range(4):
        _try(client, "nobody2", "x-wrong-password")
    assert _try(client, "nobody2", "x-wrong-password").status_code == 429


def test_it_logs_out_after_fifteen_idle_minutes(world: World, client: Any) -> None:
    # The default idle limit is 15 minutes (security bar, test 8); it was 30.
    client.force_login(world.users["alice"])
    assert client.get(reverse("password_change")).status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 16 * 60
    session.save()
    # A signed-in page: `/` itself is a public page for a signed-out visitor (issue 14).
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_keeps_an_active_session(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    session = client.session
    session["last_seen"] = int(time.time()) - 14 * 60
    session.save()
    assert client.get(reverse("password_change")).status_code == 200


def test_it_sends_strict_security_headers(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_it_marks_session_cookies_httponly_and_samesite(world: World, client: Any) -> None:
    response = _try(client, "alice", PASSWORD)
    cookie = response.cookies[
        client.cookies.get("sessionid").key
        if "sessionid" in client.cookies
        else "__Host-openlead-session"
    ]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"


def test_it_shows_note_form_errors_and_saves_nothing(world: World, client: Any) -> None:
    from openlead.people.models import Note

    client.force_login(world.users["alice"])
    before = Note.objects.count()
    url = reverse("add_note", kwargs={"public_id": world.people["own"].public_id})
    response = client.post(url, {"field_group": "casework_notes", "text": "   "})
    assert (
        response.status_code == 400 and "Write the note before saving." in response.content.decode()
    )
    response = client.post(url, {"field_group": "nonsense", "text": "hello"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert Note.objects.count() == before


def test_it_lets_the_sysadmin_add_a_user_but_shows_errors_for_bad_input(
    world: World, client: Any
) -> None:
    """Issue 12 changed this test on purpose: it used to assert that the sysadmin could
    create a case manager with a password of their choosing (the critical finding). The
    bad-input errors and the audit stay; the success is now a data-free role with no
    password (a one-time link), and the case manager is refused."""
    from openlead.access.models import User

    client.force_login(world.users["hank"])
    bad = client.post(reverse("users"), {"username": "Bad Name!", "password": "short"})
    assert bad.status_code == 400 and "lower-case letters" in bad.content.decode()
    fields = {
        "full_name": "Quinn Case",
        "organization": world.orgs["ops"].pk,
        "reason": "joins the IT team",
    }
    refused = client.post(reverse("users"), {**fields, "username": "quinn", "role": "case_manager"})
    assert refused.status_code == 400 and not User.objects.filter(username="quinn").exists()
    good = client.post(reverse("users"), {**fields, "username": "quinn", "role": "sysadmin"})
    assert good.status_code == 302
    quinn = User.objects.get(username="quinn")
    assert quinn.memberships.get().role == "sysadmin" and not quinn.has_usable_password()
    assert AuditEvent.objects.filter(action="admin", actor_username="hank").exists()


def test_it_exports_the_access_history_for_the_participant(world: World, client: Any) -> None:
    person = world.people["own"]
    client.force_login(world.users["dave"])
    client.get(reverse("person_detail", kwargs={"public_id": person.public_id}))
    client.force_login(world.users["bob"])
    response = client.get(
        reverse("access_history", kwargs={"public_id": person.public_id}), {"format": "csv"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("When (UTC),Who,Role")
    assert any(",dave,police_officer,Read," in line for line in lines)


def test_it_refuses_program_settings_to_case_managers(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    assert client.post(reverse("program_settings"), {"name": "Renamed"}).status_code == 403


def test_it_shows_program_settings_errors_and_saves_nothing(world: World, client: Any) -> None:
    from openlead.programs.models import Program

    client.force_login(world.users["hank"])
    data = {
        "name": "Test City LEAD",
        "time_zone": "Mars/Olympus",
        "protocol_id": "seattle-lead",
        "protocol_version": "2020.1",  # an installed version (issue 11: "1" is refused)
        "intake_window_days": 30,
        "caseload_average_limit": 30,
        "caseload_max": 25,
        "version": 1,  # the version the page was loaded with (races: no silent overwrites)
    }
    response = client.post(reverse("program_settings"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "is not a time zone name" in page and "cannot be below the average" in page
    assert Program.objects.get(pk=world.programs["demo"].pk).time_zone == "America/Los_Angeles"
    data.update(time_zone="America/Denver", caseload_average_limit=18)
    assert client.post(reverse("program_settings"), data).status_code == 302
    assert Program.objects.get(pk=world.programs["demo"].pk).time_zone == "America/Denver"
    assert AuditEvent.objects.filter(
        action="admin", detail__program_settings__time_zone__isnull=False
    ).exists()
