"""The world's relations between a persona and a person, shared by every permission matrix
(tests/access/test_permission_matrix.py and the per-app matrix modules).

own = alice's caseload, referred by officer dave; same = ivan's caseload in the same program;
revoked = ivan's caseload, referred by dave, ROI revoked; other = another program (carol's);
missing = an id that does not exist.

The justice roles (openlead.access.justice_scope): dave sees the people his agency
referred (own, revoked); erin sees "own", on which her office has a pending case (the
world's one case); frank sees "own", whose active release names his office. "same" came
through no police door and released to nobody, so no justice role can tell it exists.
"""

from __future__ import annotations

PERSON_RELATIONS = ["own", "same", "revoked", "other", "missing"]
# Roles with program-wide scope over people (supervisor, admin, outreach).
PROGRAM_SCOPE = {"bob", "ada", "otto"}
# The justice roles and the relations each has in the world.
JUSTICE_SCOPE = {"dave": {"own", "revoked"}, "erin": {"own"}, "frank": {"own"}}


def anon(user: str | None) -> bool:
    """Signed out, or signed in with a deactivated account: sent to the login page."""
    return user in {None, "inactive"}


def in_scope(user: str, rel: str) -> bool:
    """Whether the access policy's scope covers this person for this persona."""
    if user == "carol":  # a case manager in the other program: "other" is her caseload
        return rel == "other"
    if rel in {"other", "missing"}:
        return False
    if user in PROGRAM_SCOPE:
        return True
    if user == "alice":
        return rel == "own"
    return rel in JUSTICE_SCOPE.get(user, set())
