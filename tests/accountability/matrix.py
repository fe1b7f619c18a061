"""Permission-matrix rows for the accountability page (openlead/accountability/urls.py);
merged into tests/access/test_permission_matrix.py.

Relations for the page and its CSV: "unpublished" is the world's demo program (staff only:
its program admin, supervisor and evaluator; 404 for everyone else, signed in or not),
"published" is the other program with its page made public (200 for anyone), "missing"
is a slug no program has (404). The settings page is the program admin's alone.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import World

STAFF_READERS = {"ada", "bob", "gina"}  # SEE_PCG_REPORT in the demo program
SLUGS = {"unpublished": "test-city", "published": "elsewhere", "missing": "no-such-program"}


def expect_page(user: str | None, rel: str) -> int:
    if rel == "published":
        return 200
    if rel == "unpublished" and user in STAFF_READERS:
        return 200
    return 404


def expect_settings(user: str | None, rel: str) -> int:
    if user in {None, "inactive"}:
        return 302
    return 200 if user == "ada" else 403


def expect_settings_post(user: str | None, rel: str) -> int:
    if user in {None, "inactive"}:
        return 302
    return 302 if user == "ada" else 403


PAGE_RELATIONS = ["unpublished", "published", "missing"]
# url name -> (method, relations to try, expectation(user, rel) -> status)
ACCOUNTABILITY_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "accountability_page": ("GET", PAGE_RELATIONS, expect_page),
    "accountability_csv": ("GET", PAGE_RELATIONS, expect_page),
    "accountability_settings": ("POST", ["none"], expect_settings_post),
}


def publish_other(world: World) -> None:
    from openlead.accountability.models import Publication

    Publication.objects.update_or_create(program=world.programs["other"], defaults={"public": True})


def accountability_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    if name == "accountability_settings":
        return {}
    publish_other(world)
    return {"slug": SLUGS[rel]}


def accountability_data(world: World, name: str) -> dict[str, Any]:
    """A valid POST: keep the page to staff (the answer is the permission's, not a form's)."""
    return {"form": "publication", "public": "0"}


def accountability_pages(world: World) -> list[str]:
    """For the canary scan (tests/access/test_canaries.py): the demo program's page and CSV,
    published, and the settings page."""
    from django.urls import reverse

    from openlead.accountability.models import Publication

    Publication.objects.update_or_create(program=world.programs["demo"], defaults={"public": True})
    slug = world.programs["demo"].slug
    return [
        reverse("accountability_page", args=[slug]),
        reverse("accountability_csv", args=[slug]),
        reverse("accountability_settings"),
    ]
