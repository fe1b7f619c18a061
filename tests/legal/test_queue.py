"""The prosecutor's queue (referrals/ for a prosecutor) and item pages: sections with
counts on the test world, rows that link to item pages, context without casework, and
the decision posted from a page (message, 400 beside the field, 409, 404)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.legal.models import CaseStatus, Charge, CourtDate
from tests.conftest import World
from tests.legal.helpers import own_case, reviewed_referral
from tests.referrals.helpers import make_referral, returned_referral

pytestmark = pytest.mark.django_db(databases="__all__")

WHY = {"reason": "The person started with LEAD last week."}


def _counts(page: str) -> dict[str, int]:
    found = re.findall(r"<h2>([^<]+?) <span class=\"badge\">(\d+)</span></h2>", page)
    return {title.strip(): int(count) for title, count in found}


def test_it_shows_the_four_sections_with_counts(world: World, login: Any) -> None:
    returned = returned_referral(world)
    not_marked = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    reviewed = reviewed_referral(world)
    make_referral(world)  # awaiting intake: not the prosecutor's
    page = login("erin").get(reverse("referral_list")).content.decode()
    assert _counts(page) == {
        "Arrests to review": 1,
        "Lapsed intakes": 2,
        "New charges": 1,
        "Filed automatically (last 14 days)": 0,
    }
    for referral in (returned, not_marked, reviewed):
        assert reverse("prosecutor_referral", args=[referral.public_id]) in page
    assert reverse("prosecutor_case", args=[own_case(world).public_id]) in page
    assert "TC-OWN-1" in page and "awaiting_intake" not in page  # human labels only


def test_it_takes_a_decided_case_off_the_new_charges(world: World, login: Any) -> None:
    erin = login("erin")
    case = own_case(world)
    url = reverse("prosecutor_case_decision", args=[case.public_id])
    response = erin.post(url, {"decision": "abeyance", **WHY}, follow=True)
    assert "Decision recorded." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.ABEYANCE
    assert _counts(erin.get(reverse("referral_list")).content.decode())["New charges"] == 0


def test_it_shows_the_case_context_without_casework(world: World, login: Any) -> None:
    case = own_case(world)
    Charge.objects.create(
        case=case, code="69.50.4013", label="Possession of a controlled substance"
    )
    CourtDate.objects.create(case=case, at=timezone.now() + dt.timedelta(days=3))
    page = login("erin").get(reverse("prosecutor_case", args=[case.public_id])).content.decode()
    assert "Test County District Court" in page and "Possession of a controlled substance" in page
    assert "Hearing" in page and "Record decision" in page and "← Decisions" in page
    assert world.legal_markers["own"] not in page  # the case manager's note stays theirs
    assert not any(canary in page for canary in world.canaries)


def test_it_answers_a_bad_or_foreign_id_with_the_same_404(world: World, login: Any) -> None:
    erin = login("erin")
    open_one = make_referral(world)
    for name, public_id in (
        ("prosecutor_referral", "doesNotExist123"),
        ("prosecutor_referral", open_one.public_id),
        ("prosecutor_case", "doesNotExist123"),
    ):
        assert erin.get(reverse(name, args=[public_id])).status_code == 404
    assert (
        login("alice").get(reverse("prosecutor_case", args=[own_case(world).public_id])).status_code
        == 404
    )


def test_it_shows_the_case_decision_errors_once_and_refuses_a_second(
    world: World, login: Any
) -> None:
    erin = login("erin")
    case = own_case(world)
    url = reverse("prosecutor_case_decision", args=[case.public_id])
    bad = erin.post(url, {"decision": "file", "reason": ""})
    assert bad.status_code == 400
    assert bad.content.decode().count("Give the reason for this decision.") == 1
    assert erin.post(url, {"decision": "file", **WHY}).status_code == 302
    again = erin.post(url, {"decision": "decline", **WHY})
    assert again.status_code == 409 and "already decided" in again.content.decode()
    page = erin.get(reverse("prosecutor_case", args=[case.public_id])).content.decode()
    assert "File charges" in page and WHY["reason"] in page  # the earlier decision and why


def test_it_records_a_review_decision_from_the_item_page(world: World, login: Any) -> None:
    referral = reviewed_referral(world)
    erin = login("erin")
    item = erin.get(reverse("prosecutor_referral", args=[referral.public_id])).content.decode()
    assert "Extend the intake window" not in item  # nothing to extend before intake
    url = reverse("referral_decision", args=[referral.public_id])
    response = erin.post(
        url, {"decision": "decline", "victim_consent": "refused", **WHY}, follow=True
    )
    body = response.content.decode()
    assert "Decision recorded." in body and "The victim or complainant does not consent" in body


def test_it_says_how_many_more_wait_past_the_list_limit(world: World, login: Any) -> None:
    from openlead.access.helpers import LIST_LIMIT
    from openlead.legal.models import LegalCase

    case = own_case(world)
    for n in range(LIST_LIMIT + 2):  # TC-OWN-1 and these: 28 pending cases of erin's office
        LegalCase.objects.create(
            program=case.program,
            person=case.person,
            jurisdiction=case.jurisdiction,
            case_number=f"TC-MORE-{n}",
            prosecutor_office=case.prosecutor_office,
            opened_on=case.opened_on,
        )
    page = login("erin").get(reverse("referral_list")).content.decode()
    assert _counts(page)["New charges"] == LIST_LIMIT + 3
    assert f"Showing {LIST_LIMIT} of {LIST_LIMIT + 3}; the rest appear here" in page
    case_links = re.findall(r'href="/prosecutor/cases/[^/"]+/"', page)
    assert len(case_links) == LIST_LIMIT
