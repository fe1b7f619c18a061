"""Permission-matrix rows for the participant portal (openlead/portal/urls.py); merged into
tests/access/test_permission_matrix.py.

pia is a participant whose person is the world's "own" (alice's caseload). Her /me/ pages
answer her 200 and every staff persona 403 (the capability, audited); anonymous visitors
go to the portal's sign-in (302). The enrolment and sign-in pages are for anonymous
visitors; a signed-in session is sent on (302). The care team's two portal actions on the
casework page follow the casework gate (tests/casework/matrix.py), and pia gets 403 there
as on every URL outside /me/ (the central rule in test_permission_matrix.py).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.urls import reverse

from tests.access.relations import anon
from tests.casework.matrix import WRITE_RELATIONS, expect_read
from tests.conftest import World

PARTICIPANT = "pia"
RELEASE_RELATIONS = ["own", "other", "missing"]  # her active release, someone else's, none
FORMAT_RELATIONS = ["html", "json", "xml"]
PASSKEY_RELATIONS = ["own", "missing"]  # a passkey of hers, none (another's: test_passkeys)


def expect_page(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    return 200 if user == PARTICIPANT else 403


def expect_door(user: str | None, rel: str) -> int:
    return 200 if anon(user) else 302


def expect_revoke(user: str | None, rel: str) -> int:
    status = expect_page(user, rel)
    if status != 200:
        return status
    return 302 if rel == "own" else 404


def expect_bad_answer(user: str | None, rel: str) -> int:
    """The passkey endpoints that verify an answer: an empty POST is a clear 400."""
    status = expect_page(user, rel)
    return 400 if status == 200 else status


def expect_passkey_door(user: str | None, rel: str) -> int:
    return 400 if anon(user) else 302


def expect_passkey_removal(user: str | None, rel: str) -> int:
    status = expect_page(user, rel)
    if status != 200:
        return status
    return 302 if rel == "own" else 404


def expect_download(user: str | None, rel: str) -> int:
    status = expect_page(user, rel)
    return 404 if status == 200 and rel == "xml" else status


def expect_staff_action(ok: int) -> Any:
    def expect(user: str | None, rel: str) -> int:
        if user == PARTICIPANT:
            return 403  # outside /me/: the participant boundary, before any scope
        status = expect_read(user, rel)
        return ok if status == 200 else status

    return expect


PORTAL_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "portal_home": ("GET", ["none"], expect_page),
    "portal_enrol": ("GET", ["none"], expect_door),
    "portal_signin": ("GET", ["none"], expect_door),
    "portal_passkey_options": ("POST", ["none"], expect_door),
    "portal_passkey_signin": ("POST", ["none"], expect_passkey_door),
    "portal_passkey_new_options": ("POST", ["none"], expect_page),
    "portal_passkey_register": ("POST", ["none"], expect_bad_answer),
    "portal_passkey_remove": ("POST", PASSKEY_RELATIONS, expect_passkey_removal),
    "portal_releases": ("GET", ["none"], expect_page),
    "portal_revoke": ("POST", RELEASE_RELATIONS, expect_revoke),
    "portal_disclosures": ("GET", ["none"], expect_page),
    "portal_who_read": ("GET", ["none"], expect_page),
    "portal_notes": ("GET", ["none"], expect_page),
    "portal_correction": ("GET", ["none"], expect_page),
    "portal_deletion": ("GET", ["none"], expect_page),
    "portal_safety": ("GET", ["none"], expect_page),
    "portal_download": ("GET", FORMAT_RELATIONS, expect_download),
    "portal_issue_code": ("POST", WRITE_RELATIONS, expect_staff_action(200)),
    "portal_correction_done": ("POST", WRITE_RELATIONS, expect_staff_action(302)),
}


def _correction_of(world: World, rel: str) -> str:
    from openlead.access.acting import Actor
    from openlead.portal.actions import do_request_correction

    person = world.people[rel]
    row = do_request_correction(person, "My birthday is wrong.", acting=Actor.system("fixture"))
    return row.public_id


def _passkey_of(world: World, rel: str) -> str:
    from openlead.portal.models import PortalAccount, PortalPasskey

    if rel != "own":
        return "noSuchPasskey1"
    account = PortalAccount.objects.get(user=world.users[PARTICIPANT])
    # A fresh credential id each call: the crawler builds a row's arguments many times.
    key = PortalPasskey.objects.create(
        account=account, credential_id=secrets.token_bytes(16), public_key=b"fake", label="Phone"
    )
    return key.public_id


def portal_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if name == "portal_passkey_remove":
        return {"passkey_id": _passkey_of(world, rel)}
    if name == "portal_revoke":
        consents = {"own": "own-police", "other": "revoked-police"}
        consent = world.consents.get(consents.get(rel, ""))
        return {"consent_id": consent.public_id if consent else "noSuchConsent1"}
    if name == "portal_download":
        return {"fmt": rel}
    if name in {"portal_issue_code", "portal_correction_done"}:
        kwargs = {"public_id": world.people[rel].public_id}
        if name == "portal_correction_done":
            kwargs["correction_id"] = _correction_of(world, rel)
        return kwargs
    return {}


def portal_data(world: World, name: str) -> dict[str, str]:
    return {}


def portal_pages(world: World) -> list[str]:
    """Every /me/ page and download, for the canary scans."""
    names = [n for n, row in PORTAL_MATRIX.items() if row[0] == "GET" and row[1] == ["none"]]
    urls = [reverse(n) for n in names]
    urls += [reverse("portal_download", kwargs={"fmt": f}) for f in ("html", "json")]
    return urls
