"""Permission-matrix rows for the work group's meetings, agendas and minutes (openlead/legal/urls_owg.py); merged into
tests/access/test_permission_matrix.py.

Meeting relations: invited (every attending role), uninvited (the care team only), other
(the other program's meeting), missing (no such id). Minutes take the person relations
(tests/access/relations.py) on the invited meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from tests.access.relations import PERSON_RELATIONS, anon, in_scope
from tests.conftest import World
from tests.legal.owg_helpers import meeting_of, minuted_meeting

MEETING_RELATIONS = ["invited", "uninvited", "other", "missing"]
ATTENDEES = {"alice", "bob", "ada", "dave", "erin", "frank", "carol"}
RUNNERS = {"bob", "ada"}
WRITERS = {"alice", "bob", "ada", "carol"}
JUSTICE = {"dave", "erin", "frank"}


def expect_list(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    return 200 if user in ATTENDEES else 403


def expect_meeting(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    if user not in ATTENDEES:
        return 403
    if user == "carol":
        return 200 if rel == "other" else 404
    if rel in {"other", "missing"}:
        return 404
    return 200 if user not in JUSTICE or rel == "invited" else 404


def expect_run(ok: int) -> Any:
    def expect(user: str | None, rel: str) -> int:
        if anon(user):
            return 302
        if user not in RUNNERS:
            return 403
        return ok if rel in {"invited", "uninvited", "none"} else 404

    return expect


def expect_minute(user: str | None, rel: str) -> int:
    if anon(user):
        return 302
    if user not in WRITERS:
        return 403
    if user == "carol":
        return 404  # the meeting is the demo program's
    return 302 if in_scope(user, rel) else 404


OWG_MATRIX: dict[str, tuple[str, list[str], Any]] = {
    "owg_meetings": ("GET", ["none"], expect_list),
    "owg_schedule": ("POST", ["none"], expect_run(302)),
    "owg_meeting": ("GET", MEETING_RELATIONS, expect_meeting),
    "owg_print": ("GET", MEETING_RELATIONS, expect_meeting),
    "owg_hold": ("POST", MEETING_RELATIONS, expect_run(302)),
    "owg_cancel": ("POST", MEETING_RELATIONS, expect_run(302)),
    "owg_minute": ("POST", PERSON_RELATIONS, expect_minute),
}


def _meeting_id(world: World, rel: str) -> str:
    return "noSuchMeeting1" if rel == "missing" else meeting_of(world, rel).public_id


def owg_kwargs(world: World, name: str, rel: str) -> dict[str, str]:
    """The URL's keyword arguments for this relation."""
    if rel == "none":
        return {}
    if name == "owg_minute":
        person = "doesNotExist123" if rel == "missing" else world.people[rel].public_id
        meeting = meeting_of(world, "invited").public_id
        return {"public_id": meeting, "person_id": person, "section": "court_dates"}
    return {"public_id": _meeting_id(world, rel)}


def owg_data(world: World, name: str) -> dict[str, Any]:
    """The POST body for this URL (valid, so the answer is the permission's, not a form's)."""
    if name == "owg_schedule":
        tomorrow = timezone.localtime() + dt.timedelta(days=1)
        return {
            "starts_at": tomorrow.strftime("%Y-%m-%dT10:00"),
            "location": "Room 2",
            "invited_roles": ["case_manager", "prosecutor"],
        }
    if name == "owg_minute":
        return {
            "next_steps": "Meet at the drop-in centre.",
            "who": "Case manager",
            "field_group": "legal",
        }
    return {}


def owg_pages(world: World) -> list[str]:
    """Every page of these URLs worth rendering in the canary scan
    (tests/access/test_canaries.py), with the world's data behind them."""
    meeting = minuted_meeting(world).public_id
    return [
        reverse("owg_meetings"),
        reverse("owg_meeting", kwargs={"public_id": meeting}),
        reverse("owg_print", kwargs={"public_id": meeting}),
        reverse("owg_schedule"),
    ]
