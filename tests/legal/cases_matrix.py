"""Permission-matrix rows for cases, charges and court dates (openlead/legal/urls_cases.py);
merged into tests/access/test_permission_matrix.py.

The world's one case (TC-OWN-1, on "own") is the prosecutor's office's; erin and frank
both read it (the person's release opens `legal` to their offices), only erin is on its
side, so her valid writes save (302) and frank's are refused (403). Cases made here on
"same", "revoked" and "other" name no office: nobody outside the care team's scope can
see them, and the care team has no case pages (it sees court dates on casework): 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.relations import anon
from tests.conftest import World

CASE_RELATIONS = ["own", "same", "revoked", "other", "missing"]
WRITE_RELATIONS = ["own", "revoked", "other", "missing"]
CASE_READERS = {"erin", "frank"}  # ENTER_LEGAL_CASES, under the release on "own"


def expect_list(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    return 200 if user in CASE_READERS else 403


def expect_read(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    return 200 if user in CASE_READERS and rel == "own" else 404


def expect_write(user: str | None, rel: str) -> int:
    status = expect_read(user, rel)
    if status != 200:
        return status
    return 302 if user == "erin" else 403  # frank is not on the prosecutor's case


# url name -> (method, relations to try, expectation(user, rel) -> status)
CASES_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "legal_cases": ("GET", ["none"], expect_list),
    "legal_case": ("GET", CASE_RELATIONS, expect_read),
    "legal_case_new": ("GET", CASE_RELATIONS, expect_read),
    "legal_case_charge": ("POST", WRITE_RELATIONS, expect_write),
    "legal_case_court_date": ("POST", WRITE_RELATIONS, expect_write),
    "legal_case_court_date_cancel": ("POST", WRITE_RELATIONS, expect_write),
    "legal_case_status": ("POST", WRITE_RELATIONS, expect_write),
    "legal_case_defender": ("POST", WRITE_RELATIONS, expect_write),
}


def case_on(world: World, rel: str) -> Any:
    """The case on the relation's person: the world's own case, or one made here."""
    from openlead.legal.models import LegalCase

    person = world.people[rel]
    found = LegalCase.objects.filter(person=person).first()
    if found is None:
        found = LegalCase.objects.create(
            program=person.program,
            person=person,
            jurisdiction="Test County District Court",
            case_number=f"TC-{rel.upper()}-9",
            opened_on=dt.date(2026, 11, 1),
        )
    return found


def court_date_on(case: Any) -> Any:
    from django.utils import timezone

    from openlead.legal.models import CourtDate

    found = case.court_dates.first()
    if found is None:
        at = timezone.now() + dt.timedelta(days=5)
        found = CourtDate.objects.create(case=case, at=at, kind="hearing", location="Room 1")
    return found


def cases_kwargs(world: World, name: str, rel: str) -> dict[str, Any]:
    """The URL's keyword arguments for this relation."""
    if name == "legal_cases":
        return {}
    if name == "legal_case_new":
        person = world.people.get(rel)
        return {"public_id": person.public_id if person else "noSuchPerson1"}
    if rel == "missing":
        kwargs: dict[str, Any] = {"public_id": "noSuchCase123"}
        if name == "legal_case_court_date_cancel":
            kwargs["court_id"] = 999999
        return kwargs
    case = case_on(world, rel)
    kwargs = {"public_id": case.public_id}
    if name == "legal_case_court_date_cancel":
        kwargs["court_id"] = court_date_on(case).pk
    return kwargs


def cases_data(world: World, name: str) -> dict[str, Any]:
    """The POST body for this URL (valid, so the answer is the permission's, not a form's)."""
    return {
        "legal_case_charge": {"code": "69.50.4013", "level": ""},
        "legal_case_court_date": {"at": "2027-01-11T09:30", "kind": "hearing", "location": "E-1"},
        "legal_case_status": {"status": "filed"},
        "legal_case_defender": {"defender": str(world.users["frank"].pk)},
    }.get(name, {})


def cases_pages(world: World) -> list[str]:
    """Every page of these URLs worth rendering in the canary scan
    (tests/access/test_canaries.py), with the world's data behind them."""
    from django.urls import reverse

    from openlead.legal.models import Charge

    urls = [reverse("legal_cases")]
    for rel in ("own", "same", "revoked", "other"):
        case = case_on(world, rel)
        court_date_on(case)
        if not case.charges.exists():
            Charge.objects.create(case=case, code="9A.52.080", label="Criminal trespass")
        urls.append(reverse("legal_case", kwargs={"public_id": case.public_id}))
        urls.append(reverse("legal_case_new", kwargs={"public_id": world.people[rel].public_id}))
    return urls
