"""Permission-matrix rows for the casework URLs (imported by tests/access/test_permission_matrix.py).

Casework (contacts, plans, assessments, links, funds, monthly status) is read and written
only by the care team: alice in her own caseload, bob and ada program-wide, carol in her
program. Outreach, police, prosecutor and defender are in scope for some people but never
read casework: 403. Evaluator, auditor and sysadmin have no participant scope: 404.
POSTs carry no data, so a permitted writer gets 400 (the form), proving the gate let them in.
"""

from __future__ import annotations

from typing import Any

from tests.access.relations import PERSON_RELATIONS
from tests.access.relations import anon as _anon
from tests.access.relations import in_scope as _in_scope

# Every POST goes through the same gate as the GET pages, which try all five relations;
# three relations (in scope, same program not in scope, other program) keep the suite fast.
WRITE_RELATIONS = ["own", "same", "other"]
CASEWORK_READERS = {"alice", "bob", "ada", "carol"}
SUPERVISORS = {"bob", "ada"}


def expect_read(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    assert user is not None
    if not _in_scope(user, rel):
        return 404
    return 200 if user in CASEWORK_READERS else 403


def expect_write(user: str | None, rel: str) -> int:
    status = expect_read(user, rel)
    return 400 if status == 200 else status


def expect_override(user: str | None, rel: str) -> int:
    status = expect_write(user, rel)
    return 403 if status == 400 and user not in SUPERVISORS else status


def expect_caseload(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in CASEWORK_READERS else 403


def expect_supervisor(user: str | None, rel: str) -> int:
    if _anon(user):
        return 302
    return 200 if user in SUPERVISORS else 403


CASEWORK_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "casework_caseload": ("GET", ["none"], expect_caseload),
    "casework_supervisor": ("GET", ["none"], expect_supervisor),
    "casework_settings": ("GET", ["none"], expect_supervisor),
    "casework_person": ("GET", PERSON_RELATIONS, expect_read),
    "casework_contact_new": ("GET", PERSON_RELATIONS, expect_read),
    "casework_assessment_new": ("GET", PERSON_RELATIONS, expect_read),
    "casework_snapshot": ("GET", PERSON_RELATIONS, expect_read),
    # The casework page's longer forms on their own pages (casework.form_pages).
    "casework_appointment_form": ("GET", PERSON_RELATIONS, expect_read),
    "casework_goal_form": ("GET", PERSON_RELATIONS, expect_read),
    "casework_funds_form": ("GET", PERSON_RELATIONS, expect_read),
    "casework_enrollment": ("POST", WRITE_RELATIONS, expect_write),
    "casework_goal_add": ("POST", WRITE_RELATIONS, expect_write),
    "casework_goal_status": ("POST", WRITE_RELATIONS, expect_write),
    "casework_appointment_add": ("POST", WRITE_RELATIONS, expect_write),
    "casework_link_send": ("POST", WRITE_RELATIONS, expect_write),
    "casework_link_state": ("POST", WRITE_RELATIONS, expect_write),
    "casework_link_override": ("POST", WRITE_RELATIONS, expect_override),
    "casework_funds_request": ("POST", WRITE_RELATIONS, expect_write),
    "casework_funds_decide": ("POST", WRITE_RELATIONS, expect_write),
}
