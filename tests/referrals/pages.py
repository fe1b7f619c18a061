"""Referral pages for the canary scans (tests/access/test_canaries.py).

It makes two referrals whose name, facts and answers hold CANARY markers: cora's
community referral, and dave's arrest from 40 days ago, now back with the prosecutor
(past the shift in which dave sees his own screening).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone

from openlead.referrals.actions import lapse_due
from tests.conftest import World
from tests.referrals.helpers import ELIGIBLE_ARREST, make_referral


def _canary(world: World, name: str) -> str:
    marker = f"CANARY-{name}-{uuid.uuid4().hex[:12]}"
    world.canaries.append(marker)
    return marker


def _lower_canary(world: World, name: str) -> str:
    """Offense codes are lower case on the page, so the marker is too."""
    marker = f"canary-{name}-{uuid.uuid4().hex[:12]}"
    world.canaries.append(marker)
    return marker


def _referral(world: World, key: str, **kwargs: object) -> str:
    facts = {
        **ELIGIBLE_ARREST,
        "amenable": False,
        "amenability_reason": _canary(world, f"{key}-reason"),
        "convictions": [{"offense": _lower_canary(world, f"{key}-offense")}],
    }
    referral = make_referral(
        world,
        facts=facts,
        name=_canary(world, f"{key}-name"),
        answers={"reach": _canary(world, f"{key}-reach"), "report_number": "R-1"},
        **kwargs,
    )
    return str(referral.public_id)


def referral_pages(world: World) -> list[str]:
    ids = [
        _referral(world, "ref-community", by="cora", door="community"),
        _referral(world, "ref-arrest", by="dave", at=timezone.now() - dt.timedelta(days=40)),
    ]
    lapse_due()
    urls = [reverse(name) for name in ("referral_list", "referral_clock", "referral_start")]
    urls.append(reverse("referral_new", args=["arrest"]))
    urls.append(reverse("self_referral", args=[world.programs["demo"].slug]))
    urls.append(reverse("self_referral_index"))
    urls.append(reverse("self_referral_thanks", args=[world.programs["demo"].slug]))
    urls.extend(reverse("referral_detail", args=[public_id]) for public_id in ids)
    return urls
