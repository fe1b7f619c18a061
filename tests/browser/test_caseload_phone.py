"""My caseload on a 390 x 844 phone: about 8 people a screen or better, searchable by name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.casework import actions
from tests.access.test_exfiltration import make_people
from tests.browser.conftest import log_in
from tests.casework.conftest import build_casework
from tests.conftest import PASSWORD, World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
PHONE_SCREEN = 844
MOST_PX_PER_PERSON = PHONE_SCREEN / 8  # the bar: one screen per 8 people at most


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    cw = build_casework(world)
    for i, person in enumerate(make_people(world, 29)):
        actions.do_enroll(person, case_manager=world.users["alice"], acting=cw.acting)
        actions.do_record_contact(
            person,
            acting=Actor.of(world.users["alice"]),
            kind="street",
            duration_minutes=10,
            location="street",
            services=[],
            note="",
            occurred_at=timezone.now() - dt.timedelta(days=i),
        )
    return world


ROW_HEIGHTS = """() => {
  const rows = [...document.querySelectorAll('.caseload > li')];
  const top = rows[0].getBoundingClientRect().top, bottom = rows.at(-1).getBoundingClientRect().bottom;
  return {rows: rows.length, perPerson: (bottom - top) / rows.length};
}"""


def test_it_fits_more_than_8_people_a_screen_and_finds_one_by_name(
    live_world: World, live_server: Any, page: Any
) -> None:
    log_in(page, live_server, "alice", PASSWORD)
    page.goto(f"{live_server.url}/casework/")
    measured = page.evaluate(ROW_HEIGHTS)
    assert measured["rows"] == 25
    assert measured["perPerson"] <= MOST_PX_PER_PERSON, measured
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    assert "Showing all 30" in page.inner_text(".cl-count")
    page.fill("#id_q", "test person 7")
    page.click(".cl-search button")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/casework/"  # the name is not in the URL
    assert page.locator(".caseload .cl-name").all_inner_texts() == ["Test Person 7"]
    page.click(".cl-filters summary")
    page.fill("#id_q", "")
    page.select_option("#id_no_contact", "14")
    page.click(".cl-filters button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/casework/?no_contact=14")
    assert "Showing 16 of 30" in page.inner_text(".cl-count")  # days 14-28 and "own"
    assert page.csp_errors == []
    print(f"caseload at 390 px: {measured['perPerson']:.1f} px per person over 25 rows")
