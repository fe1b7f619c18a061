"""One work-group meeting at desk width (1280 px), opened by the case manager and by the
prosecutor: the same legal sections, the prosecutor's rows carrying less (no casework
minute, no casework no-contact section)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from openlead.access.roles import FieldGroup
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, World, build_world
from tests.legal.owg_helpers import make_meeting, write_minute

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

CASEWORK_STEP = "Fake casework step: meet at the drop-in"
LEGAL_STEP = "Fake legal step: ask for a reset"


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


@pytest.fixture
def desk(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _meeting(world: World) -> Any:
    from django.utils import timezone

    from openlead.legal.models import CourtDate, LegalCase

    case = LegalCase.objects.get(case_number="TC-OWN-1")
    CourtDate.objects.create(case=case, at=timezone.now() + dt.timedelta(days=4))
    meeting = make_meeting(world, hours=24)
    own = world.people["own"]
    write_minute(meeting, own, FieldGroup.CASEWORK_NOTES, CASEWORK_STEP)
    write_minute(meeting, own, FieldGroup.LEGAL, LEGAL_STEP)
    return meeting


def _open(page: Any, live_server: Any, username: str, meeting: Any) -> list[str]:
    log_in(page, live_server, username, PASSWORD)
    page.goto(f"{live_server.url}/")
    page.locator(".site-menu a", has_text="Work group meetings").first.click()
    expect(page).to_have_url(f"{live_server.url}/owg/")
    page.locator(f"a[href='/owg/{meeting.public_id}/']").click()
    expect(page).to_have_url(f"{live_server.url}/owg/{meeting.public_id}/")
    page.wait_for_load_state()
    # Each heading ends in its count badge; the section names are what the two compare.
    return [h.rsplit(" ", 1)[0] for h in page.locator(".owg-section h2").all_inner_texts()]


def test_the_prosecutor_sees_the_same_meeting_with_less_in_each_row(
    live_world: World, live_server: Any, desk: Any
) -> None:
    meeting = _meeting(live_world)
    alice = _open(desk, live_server, "alice", meeting)
    court = desk.locator("#section-court_dates")
    expect(court).to_contain_text(CASEWORK_STEP)
    expect(court).to_contain_text(LEGAL_STEP)
    expect(court).to_contain_text("TC-OWN-1")
    desk.context.clear_cookies()
    erin = _open(desk, live_server, "erin", meeting)
    assert "No contact in 30 days" in alice
    assert erin == [s for s in alice if s != "No contact in 30 days"]
    court = desk.locator("#section-court_dates")
    expect(court).to_contain_text(LEGAL_STEP)
    expect(court).to_contain_text("TC-OWN-1")  # legal, under her office's release
    expect(desk.locator("main")).not_to_contain_text(CASEWORK_STEP)
    expect(desk.locator("#section-no_contact")).to_have_count(0)
