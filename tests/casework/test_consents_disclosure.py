"""After a release is recorded: revocation with a reason (effective at once), expiry
warnings at 30, 14 and 7 days, the plain-language summary, the 42 CFR 2.32 notice where
Part 2 data reaches someone outside the care team, and the accounting of disclosures."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.models import AuditEvent
from openlead.casework.queries import consents as q
from openlead.people import disclosure
from openlead.people.actions import do_record_consent
from openlead.people.models import ConsentRelease
from tests.casework.consent_helpers import new_url, person_url, release_post
from tests.conftest import World, program_today

pytestmark = pytest.mark.django_db(databases="__all__")

NOTICE = "This record which has been disclosed to you is protected by Federal confidentiality"


def _name_canary(world: World, key: str) -> str:
    return next(c for c in world.canaries if c.startswith(f"CANARY-{key}-name-"))


def _revoke_url(world: World, key: str, consent: Any) -> str:
    kwargs = {"public_id": world.people[key].public_id, "consent_id": consent.public_id}
    return reverse("casework_consent_revoke", kwargs=kwargs)


def _summary_url(world: World, key: str, consent: Any) -> str:
    kwargs = {"public_id": world.people[key].public_id, "consent_id": consent.public_id}
    return reverse("casework_consent_summary", kwargs=kwargs)


def _release(world: World, key: str, days: int, **kw: Any) -> ConsentRelease:
    today = program_today(world.programs["demo"])
    return do_record_consent(
        world.people[key],
        acting=Actor.system("t"),
        field_groups=kw.pop("groups", ["legal"]),
        starts_on=today - dt.timedelta(days=1),
        expires_on=today + dt.timedelta(days=days),
        purpose="court dates",
        **kw,
    )


def test_it_refuses_revocation_to_the_defender_and_keeps_the_release(
    world: World, client: Any
) -> None:
    consent = world.consents["own-defender"]
    client.force_login(world.users["frank"])
    data = {"revoked_on": program_today(world.programs["demo"]).isoformat(), "reason": "no"}
    assert client.post(_revoke_url(world, "own", consent), data).status_code == 403
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_it_refuses_a_revocation_without_a_reason_or_with_a_future_date(
    world: World, client: Any
) -> None:
    consent = world.consents["own-defender"]
    client.force_login(world.users["alice"])
    url = _revoke_url(world, "own", consent)
    future = (program_today(world.programs["demo"]) + dt.timedelta(days=3)).isoformat()
    for data in (
        {"revoked_on": future, "reason": "Asked to stop"},
        {"revoked_on": "", "reason": ""},
    ):
        response = client.post(url, data)
        assert response.status_code == 400
        assert "Nothing was saved yet" in response.content.decode()
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_it_revokes_at_once_so_the_defenders_next_read_has_no_identity(
    world: World, client: Any
) -> None:
    consent = world.consents["own-defender"]
    name = _name_canary(world, "own")
    client.force_login(world.users["frank"])
    assert name in client.get(person_url(world, "own")).content.decode()
    client.force_login(world.users["alice"])
    today = program_today(world.programs["demo"]).isoformat()
    response = client.post(
        _revoke_url(world, "own", consent), {"revoked_on": today, "reason": "Changed lawyers"}
    )
    assert response.status_code == 302 and response["Location"] == person_url(world, "own")
    assert "revoked. It stopped at once." in client.get(response["Location"]).content.decode()
    consent.refresh_from_db()
    assert consent.revoked_by == world.users["alice"] and consent.revoked_on.isoformat() == today
    assert q.open_release(consent).revoke_reason == "Changed lawyers"
    assert b"Changed lawyers" not in bytes(consent.revoke_reason)
    client.force_login(world.users["frank"])
    assert name not in client.get(person_url(world, "own")).content.decode()


@pytest.mark.parametrize(
    ("days", "warning"), [(31, None), (30, 30), (15, 30), (14, 14), (8, 14), (7, 7), (0, 7)]
)
def test_it_warns_at_30_14_and_7_days(world: World, days: int, warning: int | None) -> None:
    consent = _release(world, "same", days, organization_id=world.orgs["police"].pk)
    today = program_today(world.programs["demo"])
    assert disclosure.expiry_warning(consent, today) == warning


def test_it_does_not_warn_about_a_revoked_or_open_ended_release(world: World) -> None:
    today = program_today(world.programs["demo"])
    assert disclosure.expiry_warning(world.consents["revoked-police"], today) is None
    consent = _release(world, "same", 5, organization_id=world.orgs["police"].pk)
    consent.expires_on = None
    assert disclosure.expiry_warning(consent, today) is None


def test_it_shows_the_expiry_warning_on_the_person_page(world: World, client: Any) -> None:
    _release(world, "own", 7, role="defender")
    client.force_login(world.users["alice"])
    page = client.get(person_url(world, "own")).content.decode()
    assert "consent-warning-7" in page
    assert "Any defender working with the program ends in 7 days" in page
    assert "consent-warning-30" not in page  # the 300-day releases do not warn


def test_it_shows_the_notice_to_police_under_a_release_only(world: World, client: Any) -> None:
    client.force_login(world.users["dave"])
    assert NOTICE in client.get(person_url(world, "own")).content.decode()
    # The revoked person: no release, no released group shown, so no notice.
    assert NOTICE not in client.get(person_url(world, "revoked")).content.decode()


@pytest.mark.parametrize("user", ["erin", "frank"])
def test_it_shows_the_notice_to_prosecutor_and_defender(
    world: World, client: Any, user: str
) -> None:
    client.force_login(world.users[user])
    assert NOTICE in client.get(person_url(world, "own")).content.decode()


@pytest.mark.parametrize("user", ["alice", "bob", "otto"])
def test_it_keeps_the_notice_off_care_team_pages(world: World, client: Any, user: str) -> None:
    client.force_login(world.users[user])
    assert NOTICE not in client.get(person_url(world, "own")).content.decode()


def test_it_applies_the_notice_to_health_shown_outside_the_care_team(world: World) -> None:
    police = Actor.of(world.users["dave"], "police_officer", world.programs["demo"].pk)
    alice = Actor.of(world.users["alice"], "case_manager", world.programs["demo"].pk)
    assert disclosure.notice_applies(police, ["health"])
    assert disclosure.notice_applies(police, ["legal", "enrollment_status"])
    assert not disclosure.notice_applies(police, ["enrollment_status", "cm_contact"])
    assert not disclosure.notice_applies(alice, ["health", "legal"])


def test_it_prints_a_plain_summary_of_each_element(world: World, client: Any) -> None:
    client.force_login(world.users["bob"])
    response = client.post(new_url(world, "same"), release_post(world))
    page = client.get(response["Location"]).content.decode()
    for words in [
        "Who shares it",
        "Test City LEAD",
        "Who gets it",
        "Test defender",
        "Your name, other names you use",  # what kind of information, in plain words
        "So my lawyer can plan my court dates",
        "When it ends",
        "You can change your mind",
        "does not change the help you get",
        "Signed on screen",
        'alt="Your signature"',
        "data-print",
        _name_canary(world, "same"),
    ]:
        assert words in page, words
    assert "Revoke this release" in page


def test_it_refuses_the_summary_to_police_and_another_persons_release(
    world: World, client: Any
) -> None:
    client.force_login(world.users["dave"])
    assert client.get(_summary_url(world, "own", world.consents["own-police"])).status_code == 403
    client.force_login(world.users["bob"])
    # A real release id, but of someone else: the same 404 as no such id.
    assert client.get(_summary_url(world, "same", world.consents["own-police"])).status_code == 404


def test_it_lists_a_prosecutors_gated_read_with_the_release_id(world: World, client: Any) -> None:
    client.force_login(world.users["erin"])
    client.get(person_url(world, "own"))
    read = AuditEvent.objects.filter(actor_username="erin", action="read").last()
    assert read is not None and read.detail == {
        "consents": [world.consents["own-prosecutor"].public_id]
    }
    client.force_login(world.users["alice"])
    url = reverse("casework_consent_accounting", args=[world.people["own"].public_id])
    page = client.get(url).content.decode()
    assert "Prosecutor" in page and world.consents["own-prosecutor"].public_id in page
    assert "Legal coordination" in page


def test_it_lists_no_consent_for_reads_without_one(world: World, client: Any) -> None:
    """A police read of the revoked person opens no gated group: not a disclosure, no ids."""
    client.force_login(world.users["dave"])
    client.get(person_url(world, "revoked"))
    read = AuditEvent.objects.filter(actor_username="dave", action="read").last()
    assert read is not None and read.detail == {}
    client.force_login(world.users["bob"])
    url = reverse("casework_consent_accounting", args=[world.people["revoked"].public_id])
    assert "dave" not in client.get(url).content.decode()


def test_it_downloads_the_accounting_with_the_notice_first(world: World, client: Any) -> None:
    client.force_login(world.users["frank"])
    client.get(person_url(world, "own"))
    client.force_login(world.users["alice"])
    url = reverse("casework_consent_accounting", args=[world.people["own"].public_id])
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0].startswith(NOTICE)
    assert q.ACCOUNTING_COLUMNS in rows
    assert any("frank" in r and world.consents["own-defender"].public_id in r[4] for r in rows)
    export = AuditEvent.objects.filter(action="export", purpose="accounting of disclosures")
    assert export.filter(actor_username="alice").exists()


def test_it_lists_a_service_link_sent_under_a_release(world: World, client: Any) -> None:
    from openlead.casework import actions
    from openlead.casework.models import Provider

    org = world.orgs["community"]
    provider = Provider.objects.create(
        program=world.programs["demo"], organization=org, name="Drop-in", kind="housing"
    )
    consent = _release(world, "own", 60, organization_id=org.pk, groups=["casework_notes"])
    actions.do_send_link(world.people["own"], provider, acting=Actor.of(world.users["alice"]))
    client.force_login(world.users["alice"])
    url = reverse("casework_consent_accounting", args=[world.people["own"].public_id])
    page = client.get(url).content.decode()
    assert "A service referral to Drop-in" in page and consent.public_id in page


def test_it_takes_the_release_day_in_the_programs_zone(world: World, client: Any) -> None:
    """Recorded at 23:30 in Los Angeles (07:30 UTC the next day): revoking it on that
    Los Angeles day is allowed, the UTC date would refuse it."""
    import zoneinfo

    la = zoneinfo.ZoneInfo(world.programs["demo"].time_zone)
    yesterday = program_today(world.programs["demo"]) - dt.timedelta(days=1)
    late = dt.datetime.combine(yesterday, dt.time(23, 30), tzinfo=la)
    consent = world.consents["own-defender"]
    ConsentRelease.objects.filter(pk=consent.pk).update(created_at=late)
    client.force_login(world.users["alice"])
    data = {"revoked_on": yesterday.isoformat(), "reason": "Asked on the phone last night"}
    assert client.post(_revoke_url(world, "own", consent), data).status_code == 302
    earlier = {"revoked_on": (yesterday - dt.timedelta(days=1)).isoformat(), "reason": "x"}
    other = world.consents["own-police"]
    ConsentRelease.objects.filter(pk=other.pk).update(created_at=late)
    response = client.post(_revoke_url(world, "own", other), earlier)
    assert response.status_code == 400 and "use that day or later" in response.content.decode()
