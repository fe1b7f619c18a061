"""Every URL x role x relation -> the expected status. A URL without a row fails here.

Relations: own = alice's caseload, referred by officer dave, ROI active for police,
prosecutor and defender; same = ivan's caseload in the same program, no ROI;
revoked = ivan's caseload, referred by dave, ROI revoked; other = another program;
missing = an id that does not exist. Forbidden and missing give the same 404.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import get_resolver

from tests.access.account_matrix import ACCOUNT_MATRIX, account_data, account_kwargs
from tests.access.mfa_matrix import MFA_MATRIX, mfa_data, mfa_kwargs
from tests.access.relations import PERSON_RELATIONS
from tests.access.relations import anon as _anon
from tests.access.relations import in_scope as _in_scope
from tests.accountability.matrix import (
    ACCOUNTABILITY_MATRIX,
    accountability_data,
    accountability_kwargs,
)
from tests.api.matrix import (
    API_EQUIVALENT,
    API_ROWS,
    API_WRITE_ROWS,
    api_kwargs,
    as_api,
    own_kwargs,
)
from tests.casework.consent_matrix import CONSENT_MATRIX, consent_kwargs
from tests.casework.matrix import CASEWORK_MATRIX
from tests.conftest import World
from tests.hmis.matrix import HMIS_MATRIX, hmis_data, hmis_kwargs
from tests.legal.cases_matrix import CASES_MATRIX, cases_data, cases_kwargs
from tests.legal.defense_matrix import DEFENSE_MATRIX, defense_data, defense_kwargs
from tests.legal.demands_matrix import DEMANDS_MATRIX, demands_data, demands_kwargs
from tests.legal.owg_matrix import OWG_MATRIX, owg_data, owg_kwargs
from tests.legal.prosecutor_matrix import PROSECUTOR_MATRIX, prosecutor_data, prosecutor_kwargs
from tests.people.matrix import IDENTITY_MATRIX
from tests.people.merge_matrix import MERGE_MATRIX, merge_kwargs
from tests.portal.matrix import PARTICIPANT, PORTAL_MATRIX, portal_data, portal_kwargs
from tests.records.matrix import RECORDS_MATRIX, records_data, records_kwargs
from tests.referrals.matrix import REFERRAL_MATRIX, referral_data, referral_kwargs
from tests.reports.matrix import EVALUATION_MATRIX, evaluation_kwargs
from tests.reports.pcg_matrix import PCG_MATRIX, pcg_data, pcg_kwargs
from tests.retention.matrix import RETENTION_MATRIX, retention_data, retention_kwargs
from tests.safety.matrix import SAFETY_MATRIX

pytestmark = pytest.mark.django_db(databases="__all__")

ROLES = [
    "alice",
    "bob",
    "ada",
    "otto",
    "dave",
    "erin",
    "frank",
    "gina",
    "una",
    "hank",
    "carol",
    "cora",
    "pia",  # a participant (openlead.portal): her person is "own"
    None,
    "inactive",
]
CARE_TEAM = {"bob", "ada"}  # program-wide scope with full read


def expect_person_get(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if _in_scope(user, rel) else 404


def expect_note_post(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    if not _in_scope(user, rel):
        return 404
    return 302 if user in CARE_TEAM | {"alice", "carol"} else 403


def expect_revoke(user: str | None, rel: str) -> int:
    status = expect_note_post(user, rel)
    if _anon(user):
        return status
    has_consent = rel in {"own", "revoked"}
    return 404 if status == 302 and not has_consent else status


def expect_history(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in CARE_TEAM and _in_scope(user, rel) else 404


def expect_people_list(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 403 if user in {"gina", "una", "hank"} else 200


def expect_audit_log(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in {"bob", "ada", "una"} else 403


def expect_users(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in {"ada", "hank"} else 403


def expect_alerts(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user == "ada" else 403  # program admins only (Rule.can_see_alerts)


def expect_logged_in_page(user: str | None, rel: str) -> int:
    return 302 if _anon(user) else 200


# url name -> (method, relations to try, expectation, data builder)
MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "healthz": ("GET", ["none"], lambda u, r: 200),
    "login": ("GET", ["none"], lambda u, r: 200 if _anon(u) else 302),
    "logout": ("POST", ["none"], lambda u, r: 302),
    # Signed out, `/` is the public home page (issue 14); signed in, the role's home.
    "home": ("GET", ["none"], lambda u, r: 200),
    # The language switch (Django's set_language): a redirect back for everyone.
    "set_language": ("POST", ["none"], lambda u, r: 302),
    "password_change": ("GET", ["none"], expect_logged_in_page),
    "switch_membership": ("POST", ["none"], lambda u, r: 302),
    "people_list": ("GET", ["none"], expect_people_list),
    "person_detail": ("GET", PERSON_RELATIONS, expect_person_get),
    "add_note": ("POST", PERSON_RELATIONS, expect_note_post),
    "revoke_consent": ("POST", PERSON_RELATIONS, expect_revoke),
    "access_history": ("GET", PERSON_RELATIONS, expect_history),
    "audit_log": ("GET", ["none"], expect_audit_log),
    "alert_list": ("GET", ["none"], expect_alerts),
    "users": ("GET", ["none"], expect_users),
    "program_settings": ("GET", ["none"], expect_users),
}
MATRIX.update(MFA_MATRIX)
MATRIX.update(CASEWORK_MATRIX)
MATRIX.update(CONSENT_MATRIX)
MATRIX.update(ACCOUNT_MATRIX)
MATRIX.update(REFERRAL_MATRIX)
MATRIX.update(RECORDS_MATRIX)
MATRIX.update(EVALUATION_MATRIX)
MATRIX.update(IDENTITY_MATRIX)
MATRIX.update(MERGE_MATRIX)
MATRIX.update(PROSECUTOR_MATRIX)
MATRIX.update(CASES_MATRIX)
MATRIX.update(DEFENSE_MATRIX)
MATRIX.update(OWG_MATRIX)
MATRIX.update(DEMANDS_MATRIX)
MATRIX.update(PCG_MATRIX)
MATRIX.update(PORTAL_MATRIX)
MATRIX.update(SAFETY_MATRIX)
MATRIX.update(RETENTION_MATRIX)
MATRIX.update(HMIS_MATRIX)
MATRIX.update(ACCOUNTABILITY_MATRIX)
# The API (issue 15): each read answers as the page it mirrors (tests/api/matrix.py).
MATRIX.update(API_ROWS)
for _api, _page in API_EQUIVALENT.items():
    MATRIX[_api] = ("GET", MATRIX[_page][1], as_api(MATRIX[_page][2]))
# Each app's rows build their own URL arguments and POST bodies.
APP_MATRICES: list[tuple[dict[str, Any], Any, Any]] = [
    (PROSECUTOR_MATRIX, prosecutor_kwargs, prosecutor_data),
    (CASES_MATRIX, cases_kwargs, cases_data),
    (DEFENSE_MATRIX, defense_kwargs, defense_data),
    (OWG_MATRIX, owg_kwargs, owg_data),
    (DEMANDS_MATRIX, demands_kwargs, demands_data),
    (PCG_MATRIX, pcg_kwargs, pcg_data),
    (PORTAL_MATRIX, portal_kwargs, portal_data),
    (RETENTION_MATRIX, retention_kwargs, retention_data),
    (HMIS_MATRIX, hmis_kwargs, hmis_data),
    (ACCOUNTABILITY_MATRIX, accountability_kwargs, accountability_data),
]
# The one rule for a participant outside the portal: every URL answers 403 (audited, by
# openlead.portal.middleware), whatever the row says for staff; only logout and the
# language switch in the portal's header (issue 14) are open.
OPEN_TO_PARTICIPANTS = {"logout", "set_language"}


def expected(name: str, user: str | None, rel: str) -> int:
    if user == PARTICIPANT and name not in PORTAL_MATRIX and name not in OPEN_TO_PARTICIPANTS:
        return 403
    return int(MATRIX[name][2](user, rel))


def test_it_has_a_row_for_every_url() -> None:
    names = {p.name for p in get_resolver().url_patterns}
    assert names - set(MATRIX) == set(), "add these URLs to the permission matrix"
    assert set(MATRIX) - names == set()


def _kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if name in API_EQUIVALENT:
        return api_kwargs(world, name, _kwargs(world, API_EQUIVALENT[name], rel), rel)
    if name in API_ROWS:
        return own_kwargs(world, name, rel)
    for rows, kwargs_of, _ in APP_MATRICES:
        if name in rows:
            return dict(kwargs_of(world, name, rel))
    if name in ACCOUNT_MATRIX:
        return account_kwargs(world, name, rel)
    if name in REFERRAL_MATRIX:
        return referral_kwargs(world, name, rel)
    if name in RECORDS_MATRIX:
        return records_kwargs(world, name, rel)
    if name in EVALUATION_MATRIX:
        return evaluation_kwargs(world, name, rel)
    if name in MFA_MATRIX:
        return mfa_kwargs(world, name, rel)
    if name in MERGE_MATRIX:
        return merge_kwargs(world, name, rel)
    if name in CONSENT_MATRIX:
        return consent_kwargs(world, name, rel)
    if rel == "none":
        return {}
    public_id = "doesNotExist123" if rel == "missing" else world.people[rel].public_id
    kwargs = {"public_id": public_id}
    if name == "revoke_consent":
        consent = world.consents.get(f"{rel}-police")
        kwargs["consent_id"] = consent.public_id if consent else "noSuchConsent1"
    return kwargs


def _data(world: World, name: str, user: str | None) -> dict[str, Any]:
    for rows, _, data_of in APP_MATRICES:
        if name in rows:
            return dict(data_of(world, name))
    if name in ACCOUNT_MATRIX:
        return account_data(world, name)
    if name in REFERRAL_MATRIX:
        return referral_data(world, name)
    if name in RECORDS_MATRIX:
        return records_data(world, name)
    if name in MFA_MATRIX:
        return mfa_data(name)
    if name == "add_note":
        return {"field_group": "casework_notes", "text": "Checked in at the drop-in centre."}
    if name == "switch_membership" and user and user in world.users:
        return {"membership": world.users[user].memberships.first().pk}
    return {}


class _Undo(Exception):
    """Raised to roll one case back, so every case starts from the same world."""


def _log_in(world: World, client: Any, user: str | None) -> None:
    client.logout()
    if user == "inactive":
        world.users["alice"].is_active = False
        world.users["alice"].save(update_fields=["is_active"])
        client.force_login(world.users["alice"])
    elif user:
        client.force_login(world.users[user])


def _answer(world: World, client: Any, name: str, user: str | None, url: str) -> int:
    method = MATRIX[name][0]
    _log_in(world, client, user)
    if method == "GET":
        return int(client.get(url).status_code)
    return int(client.post(url, _data(world, name, user)).status_code)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_answers_each_role_as_the_policy_says(world: World, client: Any, name: str) -> None:
    """All roles x relations for one URL; each case runs in a savepoint that is rolled back
    (building the world once per URL instead of once per case keeps CI fast)."""
    from django.urls import reverse

    rels = MATRIX[name][1]
    # Objects a URL needs are made before the savepoints, so every case can use them.
    urls = {rel: reverse(name, kwargs=_kwargs(world, name, rel)) for rel in rels}
    wrong = []
    for user in ROLES:
        for rel in rels:
            status = -1
            try:
                with transaction.atomic():
                    status = _answer(world, client, name, user, urls[rel])
                    raise _Undo
            except _Undo:
                pass
            want = expected(name, user, rel)
            if status != want:
                wrong.append(f"{name} as {user} on {rel}: {status} != {want}")
    assert wrong == []


@pytest.mark.parametrize("name", sorted(API_WRITE_ROWS))
def test_it_answers_each_role_on_api_writes(world: World, client: Any, name: str) -> None:
    """The API's writes on URLs whose row above is their GET (tests/api/matrix.py)."""
    _, rels, expect, send = API_WRITE_ROWS[name]
    wrong = []
    for user in ROLES:
        for rel in rels:
            status = -1
            try:
                with transaction.atomic():
                    _log_in(world, client, user)
                    status = int(send(client).status_code)
                    raise _Undo
            except _Undo:
                pass
            want = 403 if user == PARTICIPANT else int(expect(user, rel))
            if status != want:
                wrong.append(f"{name} POST as {user} on {rel}: {status} != {want}")
    assert wrong == []


def test_it_gives_forbidden_and_missing_the_same_body(world: World, client: Any) -> None:
    from django.urls import reverse

    client.force_login(world.users["alice"])
    forbidden = client.get(
        reverse("person_detail", kwargs={"public_id": world.people["same"].public_id})
    )
    missing = client.get(reverse("person_detail", kwargs={"public_id": "doesNotExist123"}))
    assert forbidden.status_code == missing.status_code == 404
    strip = lambda r: r.content.decode().split("</header>")[1]  # noqa: E731  (header holds the CSRF token)
    assert strip(forbidden) == strip(missing)
