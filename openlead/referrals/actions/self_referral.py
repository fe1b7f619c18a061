"""The public self-referral page's writes: the referral a person makes for themself, and
the keyed count that rate-limits the page (no account, no source address kept)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.programs.models import Program
from openlead.referrals.actions.common import moment
from openlead.referrals.actions.referrals import NewReferral, do_make_referral
from openlead.referrals.models import Door, Referral, SelfReferralHit

SELF_REFERRAL_PERIOD = dt.timedelta(hours=1)
# No 0/O, 1/I/L: a reference read out over a phone line must not be misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    """A short code the person can quote ("K7QM-3XPA"). Random, not derived from any id,
    and no public page looks it up: staff see it on the referral to match a call."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def client_hash(address: str) -> str:
    """A keyed hash of the client address: enough to rate-limit, useless as a log of who came."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"self-referral|{address}".encode(), hashlib.sha256).hexdigest()


def check_self_referral_rate(address: str, *, now: dt.datetime | None = None) -> bool:
    """May this client send another? False once OPENLEAD_SELF_REFERRAL_LIMIT accepted
    submissions came from its address in the last hour (invalid posts are not counted)."""
    at, digest = moment(now), client_hash(address)
    recent = SelfReferralHit.objects.filter(
        client_hash=digest, at__gt=at - SELF_REFERRAL_PERIOD
    ).count()
    return recent < settings.OPENLEAD_SELF_REFERRAL_LIMIT


def do_refuse_self_referral(*, acting: Actor) -> None:
    """Audit a submission refused by the rate limit."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.DENIED,
            purpose="self-referral rate limit",
        )


def do_count_self_referral(address: str, *, now: dt.datetime | None = None) -> None:
    """One accepted submission from this client; rows older than a day go."""
    at = moment(now)
    with transaction.atomic():
        SelfReferralHit.objects.filter(at__lt=at - dt.timedelta(days=1)).delete()
        SelfReferralHit.objects.create(client_hash=client_hash(address), at=at)


def _reach(reach: str) -> tuple[str, str]:
    """The phone or email a person gave as how to reach them, if it looks like one."""
    email = reach if "@" in reach and " " not in reach else ""
    digits = sum(ch.isdigit() for ch in reach)
    phone = reach if not email and digits >= 7 and digits >= len(reach) * 0.6 else ""
    return phone, email


def do_make_self_referral(
    program: Program, data: dict[str, Any], address: str, *, acting: Actor
) -> Referral:
    """The referral a person made for themself, counted against their client's limit."""
    reach = data["reach"].strip()
    phone, email = _reach(reach)
    answers = {
        "reach": reach,
        "best_time": data.get("best_time", ""),
        "message_ok": data.get("message_ok", ""),
        # The view makes it (new_reference) to show it once on the thanks page.
        "reference": data.get("reference") or new_reference(),
    }
    new = NewReferral(
        program=program,
        door=Door.SELF,
        aliases=data["name"],
        phone=phone,
        email=email,
        answers={k: v for k, v in answers.items() if v},
    )
    with transaction.atomic():
        referral = do_make_referral(new, acting=acting)
        do_count_self_referral(address)
    return referral
