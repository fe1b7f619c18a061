"""The prosecutor's reads of referrals."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, F, QuerySet, Value, When
from django.db.models.functions import Coalesce

from openlead.access.acting import Actor
from openlead.referrals.access import referral_scope
from openlead.referrals.clock import lapsed_in
from openlead.referrals.models import Referral, Status


def prosecutor_queue(actor: Actor, now: dt.datetime) -> QuerySet[Referral]:
    """The arrests returned to the prosecutor, ordered as if the lapse job had run: by the
    status shown (a passed window reads as returned), then when it lapsed."""
    shown = Case(
        When(lapsed_in(actor.membership.program, now), then=Value(Status.RETURNED.value)),
        default=F("status"),
    )
    return (
        referral_scope(actor)
        .annotate(shown_status=shown, lapsed_at=Coalesce("returned_at", "intake_deadline"))
        .order_by("shown_status", "lapsed_at", "pk")
    )
