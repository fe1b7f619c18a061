"""The public accountability page as an anonymous visitor (issue 18): on a 390 x 844 phone
and a desktop, in English and Spanish, with no CSP violation, no sideways scrolling of the
page (wide tables scroll inside their own box) and no serious axe-core finding."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from openlead.accountability.models import PopulationTable, Publication
from tests.accountability.helpers import officers, refer_many
from tests.browser.axe import check, require_axe
from tests.conftest import World, build_world

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    world = build_world()
    today = dt.date.today()
    cops = officers(world, 6)
    for i, cop in enumerate(cops):
        refer_many(world, 2 + i, door="arrest", day=today, flags=("white",), officer=cop)
    refer_many(
        world, 12, door="social_contact", day=today, flags=("black_af_american",), officer=cops[1]
    )
    refer_many(world, 3, door="community", day=today, flags=("asian",))
    counts = {"white": 40000, "black_af_american": 9000, "asian": 7000}
    PopulationTable.objects.create(
        program=world.programs["demo"],
        area="Test County",
        source="Census 2020",
        year=2020,
        counts=counts,
        file_name="p.csv",
    )
    Publication.objects.create(program=world.programs["demo"], public=True)
    return world


def test_it_shows_the_page_to_an_anonymous_visitor_on_a_phone(
    live_world: World, live_server: Any, page: Any
) -> None:
    page.goto(f"{live_server.url}/p/test-city/accountability/")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accountability: Test City LEAD")
    expect(page.get_by_role("heading", name="Officer concentration")).to_be_visible()
    assert page.locator("svg.ac-chart").count() == 7
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.csp_errors == []  # type: ignore[attr-defined]
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    assert download.value.suggested_filename.startswith("accountability-test-city-")


@pytest.mark.parametrize(
    ("width", "height", "locale"),
    [(390, 844, "en-US"), (390, 844, "es-MX"), (1280, 900, "en-US"), (1280, 900, "es-MX")],
)
def test_it_finds_no_serious_barrier_on_the_page(
    live_world: World, live_server: Any, browser: Any, width: int, height: int, locale: str
) -> None:
    require_axe()
    # bypass_csp: axe is injected as an inline script, which the CSP refuses (as it should).
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale=locale, bypass_csp=True
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/p/test-city/accountability/")
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert check(page, f"accountability {width} {locale}") == []
    finally:
        context.close()
