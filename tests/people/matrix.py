"""Permission-matrix rows for the person record's edit pages (registered in
tests/access/test_permission_matrix.py). The matrix GETs each page; the POSTs are
checked role by role in test_identity_permissions.py.

Identity, demographics and identifiers are written by the care team only (alice in her
caseload, bob and ada program-wide, carol in her program); contact also by outreach
(otto), whose rule writes the contact group. In scope but not a writer: 403. Out of
scope, or no participant scope at all: 404.
"""

from __future__ import annotations

from typing import Any

from tests.access.relations import PERSON_RELATIONS, anon, in_scope

CARE_TEAM_WRITERS = {"alice", "bob", "ada", "carol"}


def writers(part: str) -> set[str]:
    return CARE_TEAM_WRITERS | ({"otto"} if part == "contact" else set())


def expect_edit(part: str, ok: int = 200) -> Any:
    """The expected status of a part's page: `ok` for a writer in scope."""

    def expect(user: str | None, rel: str) -> int:
        if anon(user):
            return 302
        assert user is not None
        if not in_scope(user, rel):
            return 404
        return ok if user in writers(part) else 403

    return expect


IDENTITY_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "person_identity_edit": ("GET", PERSON_RELATIONS, expect_edit("identity")),
    "person_contact_edit": ("GET", PERSON_RELATIONS, expect_edit("contact")),
    "person_demographics_edit": ("GET", PERSON_RELATIONS, expect_edit("demographics")),
    "person_identifiers_edit": ("GET", PERSON_RELATIONS, expect_edit("identifiers")),
}
