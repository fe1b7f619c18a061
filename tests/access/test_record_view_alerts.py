"""Security-bar test 4 (issue 12): the 61st distinct record opened in 10 minutes raises one
alert, visible to program admins, emailed where email is configured, and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from openlead.access import audit
from openlead.access.models import AccessAlert, AuditEvent
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")
START = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)  # 09:00 in Los Angeles


@pytest.fixture
def mail_on(settings: Any, world: World) -> None:
    settings.OPENLEAD_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world.users["ada"].email = "ada@example.org"
    world.users["ada"].save(update_fields=["email"])


def _who(world: World, username: str = "alice") -> audit.Who:
    user = world.users[username]
    membership = user.memberships.first()
    return audit.Who(user.pk, username, membership.role, membership.program_id)


def _read(who: audit.Who, person_ref: str, action: str = "read", outcome: str = "allowed") -> None:
    audit.record(who, action=action, outcome=outcome, person_ref=person_ref, purpose="person page")


def _reads(world: World, count: int, *, every: dt.timedelta, first: int = 0) -> None:
    who = _who(world)
    for i in range(first, first + count):
        with time_machine.travel(START + i * every, tick=False):
            _read(who, f"person{i:03d}")


def test_it_raises_no_alert_for_60_distinct_records_in_10_minutes(
    world: World, mail_on: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _reads(world, 60, every=dt.timedelta(seconds=9))
    assert AccessAlert.objects.count() == 0 and len(mail.outbox) == 0


def test_it_raises_no_alert_for_61_records_spread_over_11_minutes(
    world: World, mail_on: None
) -> None:
    _reads(world, 61, every=dt.timedelta(seconds=11))  # 60 gaps of 11 s = 11 minutes
    assert AccessAlert.objects.count() == 0


def test_it_counts_distinct_people_not_views(world: World, mail_on: None) -> None:
    who = _who(world)
    with time_machine.travel(START, tick=False):
        for i in range(200):
            _read(who, f"person{i % 60:03d}")
    assert AccessAlert.objects.count() == 0


def test_it_ignores_refusals_lists_and_other_accounts(world: World, mail_on: None) -> None:
    alice, ivan = _who(world), _who(world, "ivan")
    with time_machine.travel(START, tick=False):
        for i in range(70):
            _read(alice, f"person{i:03d}", outcome="not_found")
            _read(alice, f"person{i:03d}", action="list")
            _read(alice if i < 35 else ivan, f"person{i:03d}")
    assert AccessAlert.objects.count() == 0


def test_it_raises_exactly_one_alert_at_the_61st_record_and_mails_the_admins(
    world: World, mail_on: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _reads(world, 60, every=dt.timedelta(seconds=9))
        assert AccessAlert.objects.count() == 0
        _reads(world, 1, every=dt.timedelta(seconds=9), first=60)
        _reads(world, 5, every=dt.timedelta(seconds=1), first=61)  # still in the window
    alert = AccessAlert.objects.get()
    assert (alert.actor_username, alert.role, alert.distinct_records) == (
        "alice",
        "case_manager",
        61,
    )
    assert (alert.threshold, alert.window_minutes, alert.program) == (
        60,
        10,
        world.programs["demo"],
    )
    assert alert.at == START + 60 * dt.timedelta(seconds=9)
    events = AuditEvent.objects.filter(purpose="record-view alert")
    assert [(e.action, e.detail["distinct_records"], e.program_id) for e in events] == [
        ("admin", 61, world.programs["demo"].pk)
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "alice opened 61 records" in mail.outbox[0].subject
    assert "person0" not in mail.outbox[0].body  # no record ids in the mail


def test_it_raises_a_new_alert_in_a_later_window(world: World, mail_on: None) -> None:
    _reads(world, 61, every=dt.timedelta(seconds=1))
    _reads(world, 61, every=dt.timedelta(seconds=1), first=1000)  # ~16 minutes later
    assert AccessAlert.objects.count() == 2


def test_it_uses_the_programs_own_limit_and_window(world: World) -> None:
    program = world.programs["demo"]
    program.view_alert_records, program.view_alert_minutes = 3, 1
    program.save(update_fields=["view_alert_records", "view_alert_minutes"])
    _reads(world, 4, every=dt.timedelta(seconds=20))  # 4 in 60 s: the window is "after"
    assert AccessAlert.objects.count() == 0
    _reads(world, 4, every=dt.timedelta(seconds=19), first=10)
    alert = AccessAlert.objects.get()
    assert (alert.distinct_records, alert.threshold, alert.window_minutes) == (4, 3, 1)


def test_it_stores_the_alert_without_mail_when_email_is_not_configured(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.OPENLEAD_EMAIL_ENABLED = False
    with django_capture_on_commit_callbacks(execute=True):
        _reads(world, 61, every=dt.timedelta(seconds=1))
    assert AccessAlert.objects.count() == 1 and len(mail.outbox) == 0


def test_it_raises_the_alert_from_real_person_pages(world: World, client: Any) -> None:
    program = world.programs["demo"]
    program.view_alert_records = 2
    program.save(update_fields=["view_alert_records"])
    client.force_login(world.users["bob"])
    for key in ("own", "same", "revoked"):
        url = reverse("person_detail", kwargs={"public_id": world.people[key].public_id})
        assert client.get(url).status_code == 200
    alert = AccessAlert.objects.get()
    assert (alert.actor_username, alert.distinct_records) == ("bob", 3)


# ---- the alerts page ----------------------------------------------------------------------


def test_it_refuses_the_alerts_page_to_everyone_but_program_admins(
    world: World, client: Any
) -> None:
    assert client.get(reverse("alert_list")).status_code == 302
    for username in ("alice", "bob", "una", "hank", "dave"):
        client.force_login(world.users[username])
        assert client.get(reverse("alert_list")).status_code == 403
    event = AuditEvent.objects.filter(purpose="record-view alerts").last()
    assert event is not None and (event.actor_username, event.outcome) == ("dave", "denied")


def test_it_lists_the_programs_alerts_in_its_time_zone_for_admins(
    world: World, client: Any
) -> None:
    _reads(world, 61, every=dt.timedelta(seconds=1))
    carol = _who(world, "carol")  # another program: not on this program's page
    with time_machine.travel(START, tick=False):
        for i in range(61):
            _read(carol, f"other{i:03d}")
    assert AccessAlert.objects.count() == 2
    client.force_login(world.users["ada"])
    response = client.get(reverse("alert_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2026-03-02 09:01" in page  # 17:01 UTC in America/Los_Angeles
    assert "alice" in page and "Case manager" in page and "carol" not in page
    assert "<td>61</td>" in page and "10 minutes" in page
    mine = AccessAlert.objects.get(actor_username="alice")
    event = AuditEvent.objects.filter(purpose="record-view alerts").last()
    assert event is not None and event.detail == {"alerts": [mine.public_id]}
    assert (event.action, event.outcome, event.person_ref) == ("read", "allowed", "")


def test_it_links_the_alerts_page_from_home_for_admins_only(world: World, client: Any) -> None:
    client.force_login(world.users["ada"])
    assert reverse("alert_list") in client.get(reverse("home")).content.decode()
    client.force_login(world.users["bob"])
    assert reverse("alert_list") not in client.get(reverse("home")).content.decode()


def test_it_refuses_bad_alert_settings_beside_the_fields(world: World, client: Any) -> None:
    from openlead.programs.models import Program

    client.force_login(world.users["ada"])
    data = {
        "name": "Test City LEAD",
        "time_zone": "America/Los_Angeles",
        "protocol_id": "seattle-lead",
        "protocol_version": "2020.1",  # an installed version (issue 11: "1" is refused)
        "intake_window_days": 30,
        "caseload_average_limit": 20,
        "caseload_max": 25,
        "view_alert_records": 0,
        "view_alert_minutes": 5000,
        "version": 1,  # the version the page was loaded with (optimistic lock)
    }
    response = client.post(reverse("program_settings"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "between 1 and 10000" in page.split('id="id_view_alert_records"', 1)[1]
    assert "between 1 and 1440 minutes" in page.split('id="id_view_alert_minutes"', 1)[1]
    data.update(view_alert_records=40, view_alert_minutes=15)
    assert client.post(reverse("program_settings"), data).status_code == 302
    program = Program.objects.get(pk=world.programs["demo"].pk)
    assert (program.view_alert_records, program.view_alert_minutes) == (40, 15)
    data.pop("view_alert_records")
    data["version"] = program.version
    assert client.post(reverse("program_settings"), data).status_code == 302
    assert Program.objects.get(pk=program.pk).view_alert_records == 40  # blank keeps it
