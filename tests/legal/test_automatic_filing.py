"""`on_lapse = "automatic_filing"` honoured by the lapse job (`openlead referrals lapse`):
the arrest moves on to charges filed, an auto_file decision by nobody is written under the
job's audit name, and the prosecutor's queue lists it in its notice."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from openlead.access.models import AuditEvent
from openlead.eligibility import loader
from openlead.legal.models import LegalDecision
from openlead.referrals.actions import lapse_due
from openlead.referrals.models import Status
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def auto_filing(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The installed protocols plus Seattle's, renamed, with `on_lapse = "automatic_filing"`
    (no shipped protocol files automatically); the test program screens with it."""
    for path in loader.PROTOCOLS_DIR.glob("*.toml"):
        shutil.copy(path, tmp_path / path.name)
    text = (loader.PROTOCOLS_DIR / "seattle-lead.toml").read_text(encoding="utf-8")
    text = text.replace('id = "seattle-lead"', 'id = "seattle-auto"', 1)
    text = text.replace('on_lapse = "prosecutor_decides"', 'on_lapse = "automatic_filing"', 1)
    (tmp_path / "seattle-auto.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "PROTOCOLS_DIR", tmp_path)
    monkeypatch.setattr(loader, "VERSIONS_DIR", tmp_path / "versions")

    def lapsed() -> Any:
        referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
        program = world.programs["demo"]
        program.protocol_id = "seattle-auto"
        program.save(update_fields=["protocol_id"])
        return referral

    return lapsed


def test_it_leaves_the_decision_to_the_prosecutor_without_automatic_filing(world: World) -> None:
    referral = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    assert lapse_due() == 1
    referral.refresh_from_db()
    assert referral.status == Status.RETURNED and not LegalDecision.objects.exists()


def test_it_files_a_lapsed_arrest_automatically_when_the_protocol_says_so(
    world: World, auto_filing: Any
) -> None:
    referral = auto_filing()
    before = AuditEvent.objects.count()
    assert lapse_due() == 1
    referral.refresh_from_db()
    assert referral.status == Status.CHARGES_FILED and referral.closed_at is not None
    decision = LegalDecision.objects.get(referral=referral)
    assert (decision.kind, decision.decided_by, decision.person) == (
        "auto_file",
        None,
        referral.person,
    )
    events = AuditEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [(e.actor_username, e.purpose) for e in events] == [
        ("openlead-referrals", "referral returned to the prosecutor"),
        ("openlead-referrals", "referral filed automatically"),
    ]
    assert lapse_due() == 0  # run again: nothing more


def test_it_lists_automatic_filings_in_the_prosecutors_notice(
    world: World, auto_filing: Any, login: Any
) -> None:
    referral = auto_filing()
    lapse_due()
    page = login("erin").get(reverse("referral_list")).content.decode()
    notice = page.split("Filed automatically (last 14 days)")[1]
    assert referral.public_id in notice and '<span class="badge">1</span>' in notice
    item = login("erin").get(reverse("prosecutor_referral", args=[referral.public_id]))
    body = item.content.decode()
    assert "Filed automatically when the window lapsed" in body and "Automatic" in body
    assert "No decision is open on this item." in body
