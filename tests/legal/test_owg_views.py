"""The work group's pages: human labels, errors beside fields once, success messages, the
recomputed note on a held meeting, the 42 CFR 2.32 notice where released data appears."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.roles import Role
from openlead.legal.models import MinuteEntry, OwgMeeting
from tests.conftest import World
from tests.legal.owg_helpers import make_meeting

pytestmark = pytest.mark.django_db(databases="__all__")

NOTICE = "42 CFR Part 2"


def test_it_refuses_the_schedule_form_to_a_case_manager(world: World, login: Any) -> None:
    assert login("alice").get(reverse("owg_schedule")).status_code == 403


def test_it_offers_invited_roles_by_their_human_labels(world: World, login: Any) -> None:
    page = login("bob").get(reverse("owg_schedule")).content.decode()
    assert "Prosecutor" in page and "Case manager" in page
    assert ">prosecutor<" not in page and "Evaluator" not in page


def test_it_shows_a_past_time_error_beside_its_field_once(world: World, login: Any) -> None:
    past = (timezone.localtime() - dt.timedelta(days=2)).strftime("%Y-%m-%dT10:00")
    body = {"starts_at": past, "invited_roles": ["case_manager"]}
    response = login("bob").post(reverse("owg_schedule"), body)
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('<p class="error" id="id_starts_at-error">') == 1
    assert not OwgMeeting.objects.exists()


def test_it_schedules_and_says_so(world: World, login: Any) -> None:
    soon = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    body = {"starts_at": soon, "location": "Room 2", "invited_roles": ["case_manager"]}
    response = login("bob").post(reverse("owg_schedule"), body, follow=True)
    assert response.status_code == 200
    assert "Meeting scheduled." in response.content.decode()
    assert OwgMeeting.objects.get().invited_roles == ["case_manager"]


def test_it_lists_only_meetings_the_viewer_is_invited_to(world: World, login: Any) -> None:
    care_team = make_meeting(world, roles=[Role.CASE_MANAGER], hours=24)
    open_to_all = make_meeting(world, hours=48)
    page = login("erin").get(reverse("owg_meetings")).content.decode()
    assert open_to_all.public_id in page and care_team.public_id not in page
    assert care_team.public_id in login("bob").get(reverse("owg_meetings")).content.decode()


def test_it_says_a_held_meetings_rows_are_recomputed(world: World, login: Any) -> None:
    meeting = make_meeting(world, hours=-3, status="held")
    page = login("alice").get(reverse("owg_meeting", args=[meeting.public_id])).content.decode()
    assert "worked out again" in page
    assert "Mark held" not in page  # a held meeting is not held again


def test_it_refuses_holding_a_meeting_twice_with_a_400(world: World, login: Any) -> None:
    meeting = make_meeting(world, hours=-3, status="held")
    response = login("bob").post(reverse("owg_hold", args=[meeting.public_id]))
    assert response.status_code == 400
    assert "already held" in response.content.decode()


def test_it_marks_held_with_a_message(world: World, login: Any) -> None:
    meeting = make_meeting(world, hours=-1)
    response = login("bob").post(reverse("owg_hold", args=[meeting.public_id]), follow=True)
    assert "Meeting marked held." in response.content.decode()


def test_it_carries_the_part_2_notice_to_the_prosecutor_not_the_case_manager(
    world: World, login: Any
) -> None:
    meeting = make_meeting(world)
    url = reverse("owg_print", args=[meeting.public_id])
    assert NOTICE in login("erin").get(url).content.decode()  # "own" is released to her
    assert NOTICE not in login("alice").get(url).content.decode()


def test_it_rejects_a_minute_too_long_beside_its_field(world: World, login: Any) -> None:
    meeting = make_meeting(world)
    url = reverse("owg_minute", args=[meeting.public_id, world.people["own"].public_id, "lapsing"])
    body = {"next_steps": "x" * 1001, "field_group": "legal"}
    response = login("alice").post(url, body)
    assert response.status_code == 400
    assert response.content.decode().count('id="id_next_steps-error"') == 1
    assert not MinuteEntry.objects.exists()


def test_it_answers_404_for_a_section_that_does_not_exist(world: World, login: Any) -> None:
    meeting = make_meeting(world)
    url = reverse("owg_minute", args=[meeting.public_id, world.people["own"].public_id, "nope"])
    assert login("alice").get(url).status_code == 404


def test_it_saves_a_minute_and_shows_it_on_the_row(world: World, login: Any) -> None:
    meeting = make_meeting(world)
    url = reverse(
        "owg_minute", args=[meeting.public_id, world.people["own"].public_id, "no_contact"]
    )
    client = login("alice")
    assert client.get(url).status_code == 200
    body = {"next_steps": "Fake: look for them at the drop-in.", "field_group": "casework_notes"}
    page = client.post(url, body, follow=True).content.decode()
    assert "Minute saved." in page and "Fake: look for them at the drop-in." in page
    erin = login("erin").get(reverse("owg_meeting", args=[meeting.public_id])).content.decode()
    assert "look for them" not in erin and "No contact in 30 days" not in erin
