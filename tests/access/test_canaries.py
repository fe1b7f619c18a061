"""Canary scan: enforcement and oversight roles never see a participant's sensitive fields.

Every page reachable as police, prosecutor, evaluator and sysadmin (and defender) is
rendered; no CANARY marker may appear in any of them, in the application log, or in
the audit log. Legal-coordination items are the one shared group, and only under an
active ROI.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.models import AuditEvent
from tests.access.mfa_matrix import mfa_pages
from tests.accountability.matrix import accountability_pages
from tests.api.pages import api_pages
from tests.casework.consent_matrix import consent_pages
from tests.casework.pages import casework_pages
from tests.conftest import World
from tests.hmis.matrix import hmis_download_texts, hmis_pages
from tests.legal.cases_matrix import cases_pages
from tests.legal.defense_matrix import defense_pages
from tests.legal.demands_matrix import demands_pages
from tests.legal.owg_matrix import owg_pages
from tests.legal.prosecutor_matrix import prosecutor_pages
from tests.people.merge_matrix import merge_pages
from tests.people.pages import identity_pages
from tests.portal.matrix import portal_pages
from tests.records.helpers import records_pages
from tests.referrals.pages import referral_pages
from tests.reports.matrix import evaluation_pages
from tests.reports.pcg_matrix import pcg_pages
from tests.retention.matrix import retention_pages

pytestmark = pytest.mark.django_db(databases="__all__")

WATCHED = ["dave", "erin", "gina", "hank"]


def _pages(world: World) -> list[str]:
    urls = [
        reverse("home"),
        reverse("people_list"),
        reverse("audit_log"),
        reverse("alert_list"),
        reverse("users"),
        reverse("user_detail", kwargs={"public_id": world.users["alice"].public_id}),
        reverse("login"),
        reverse("password_change"),
        reverse("set_language"),  # issue 14: a redirect, with nothing of anyone's in it
    ]
    for person in world.people.values():
        urls.append(reverse("person_detail", kwargs={"public_id": person.public_id}))
        urls.append(reverse("access_history", kwargs={"public_id": person.public_id}))
    urls.extend(casework_pages(world))
    urls.extend(consent_pages(world))
    urls.extend(records_pages(world))
    urls.extend(referral_pages(world))
    urls.extend(evaluation_pages(world))  # a completed run, its report and results
    urls.extend(mfa_pages(world))
    urls.extend(identity_pages(world))  # person pages with a canary change history
    urls.extend(merge_pages(world))
    urls.extend(portal_pages(world))  # the participant's own pages: refused to staff
    for pages in (prosecutor_pages, cases_pages, defense_pages, owg_pages, pcg_pages):  # issue 13
        urls.extend(pages(world))
    urls.extend(retention_pages(world))  # issue 14: deletion requests, holds, schedule
    urls.extend(demands_pages(world))  # issue 14
    urls.extend(hmis_pages(world))  # issue 15: the HMIS export page
    urls.extend(accountability_pages(world))  # issue 18: the public accountability page
    urls.extend(api_pages(world))  # issue 15: the API's reads, after the pages made their rows
    return urls


@pytest.mark.parametrize("username", WATCHED)
def test_it_shows_no_canary_to_enforcement_or_oversight_roles(
    world: World, client: Any, caplog: pytest.LogCaptureFixture, username: str
) -> None:
    caplog.set_level(logging.DEBUG)
    # A new community referral of someone already known (a canary name and date of birth):
    # its page would list the canary person as a duplicate candidate to the care team.
    from tests.referrals.helpers import make_referral

    known = next(c for c in world.canaries if c.startswith("CANARY-own-name"))
    twin = make_referral(world, by="cora", door="community", name=known)
    duplicate_page = reverse("referral_detail", args=[twin.public_id])
    client.force_login(world.users[username])
    rendered = []
    for url in [*_pages(world), duplicate_page]:
        response = client.get(
            url, {"system": "state_id", "value": world.canaries[-1]} if "people" in url else None
        )
        body = b"".join(response.streaming_content) if response.streaming else response.content
        rendered.append(body.decode())
    # Identifier search is a POST (issue 12): scan it too, with a canary as the query.
    search = {"state_id": world.canaries[-1], "booking_number": world.canaries[0]}
    rendered.append(client.post(reverse("people_list"), search).content.decode())
    # The name search too, with a canary name as the query (issue 11).
    by_name = {"name": known.removeprefix("CANARY-")}
    rendered.append(client.post(reverse("people_list"), by_name).content.decode())
    # The HMIS download (issue 15): refused, or the files themselves if it were not.
    rendered.extend(hmis_download_texts(client, world))
    leaks = [c for c in world.canaries if any(c in page for page in rendered)]
    assert leaks == []
    assert [c for c in world.canaries if c in caplog.text] == []


def test_it_shows_the_canaries_to_the_case_manager_so_the_scan_can_find_them(
    world: World, client: Any
) -> None:
    client.force_login(world.users["alice"])
    page = client.get(
        reverse("person_detail", kwargs={"public_id": world.people["own"].public_id})
    ).content.decode()
    own = [c for c in world.canaries if c.startswith("CANARY-own-")]
    assert own and all(c in page for c in own)


def test_it_shows_the_care_team_the_canary_as_a_duplicate_and_a_search_result(
    world: World, client: Any
) -> None:
    """The control for the scan's duplicate page and name search: the care team sees them."""
    from tests.referrals.helpers import make_referral

    known = next(c for c in world.canaries if c.startswith("CANARY-own-name"))
    twin = make_referral(world, by="cora", door="community", name=known)
    client.force_login(world.users["bob"])
    page = client.get(reverse("referral_detail", args=[twin.public_id])).content.decode()
    assert "Possible duplicates" in page and world.people["own"].public_id in page
    found = client.post(reverse("people_list"), {"name": known.removeprefix("CANARY-")})
    assert known in found.content.decode()


@pytest.mark.parametrize("username", ["dave", "erin"])
def test_it_shows_legal_items_only_under_an_active_roi(
    world: World, client: Any, username: str
) -> None:
    if username == "erin":  # her relation to "revoked": an open case her office brought
        _open_case(world, world.people["revoked"])
    client.force_login(world.users[username])
    own = client.get(reverse("person_detail", kwargs={"public_id": world.people["own"].public_id}))
    revoked = client.get(
        reverse("person_detail", kwargs={"public_id": world.people["revoked"].public_id})
    )
    assert world.legal_markers["own"] in own.content.decode()
    assert revoked.status_code == 200
    assert world.legal_markers["revoked"] not in revoked.content.decode()


def _open_case(world: World, person: Any) -> None:
    import datetime as dt

    from openlead.legal.models import LegalCase

    LegalCase.objects.create(
        program=person.program,
        person=person,
        jurisdiction="Test County District Court",
        case_number="TC-REVOKED-1",
        prosecutor_office=world.orgs["prosecutor"],
        opened_on=dt.date(2026, 11, 1),
    )


def test_it_hides_legal_items_from_the_next_read_after_revocation(
    world: World, client: Any
) -> None:
    from openlead.access.acting import Actor
    from openlead.people.actions import do_revoke_consent

    client.force_login(world.users["dave"])
    url = reverse("person_detail", kwargs={"public_id": world.people["own"].public_id})
    assert world.legal_markers["own"] in client.get(url).content.decode()
    do_revoke_consent(world.consents["own-police"], acting=Actor.system("t"))
    assert world.legal_markers["own"] not in client.get(url).content.decode()


def test_it_keeps_canaries_out_of_the_audit_log(world: World, client: Any) -> None:
    client.force_login(world.users["alice"])
    client.get(reverse("person_detail", kwargs={"public_id": world.people["own"].public_id}))
    # Issue 12: the search is a POST with two identifiers (it was a GET with one).
    client.post(
        reverse("people_list"),
        {"state_id": world.canaries[0], "booking_number": world.canaries[1]},
    )
    client.post(
        reverse("people_list"),
        {"name": world.canaries[0], "date_of_birth": "1980-01-02"},
    )
    dumped = " ".join(str(e.__dict__) for e in AuditEvent.objects.all())
    assert [c for c in world.canaries if c in dumped] == []


def test_it_shows_the_defender_identity_only_under_the_roi_and_never_casework(
    world: World, client: Any
) -> None:
    client.force_login(world.users["frank"])
    pages = " ".join(client.get(url).content.decode() for url in _pages(world))
    seen = {c for c in world.canaries if c in pages}
    roi_identity = {
        c
        for c in world.canaries
        if c.split("-")[1:3]
        in (["own", "name"], ["own", "alias"], ["own", "dob"], ["own", "stateid"])
    }
    assert seen == roi_identity
