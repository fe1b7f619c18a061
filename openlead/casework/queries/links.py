"""Service-link reads: the consent that covers a provider, the moves a link may make."""

from __future__ import annotations

import datetime as dt

from openlead.casework.models import LinkState, Provider, ServiceLink
from openlead.casework.queries.records import program_day
from openlead.people import vault
from openlead.people.models import ConsentRelease, Person

S = LinkState
NEXT_STATES: dict[str, tuple[str, ...]] = {
    S.BLOCKED: (S.EXPIRED,),
    S.SENT: (S.ACCEPTED, S.DECLINED, S.EXPIRED),
    S.ACCEPTED: (S.CONNECTED, S.DECLINED, S.EXPIRED),
    S.CONNECTED: (S.COMPLETED, S.EXPIRED),
}


def covering_consent(
    person: Person, provider: Provider, today: dt.date | None = None
) -> ConsentRelease | None:
    """The newest active release naming the provider's organization, if any."""
    today = today or program_day(person.program)
    candidates = person.consents.filter(
        recipient_organization_id=provider.organization_id, revoked_at__isnull=True
    )
    return next((c for c in candidates.order_by("-starts_on") if c.is_active(today)), None)


def open_override_reason(link: ServiceLink, dek: bytes) -> str:
    return vault.open_text(
        dek, link.override_reason, "casework.servicelink", link.public_id, "override_reason"
    )
