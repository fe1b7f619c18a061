"""Service links to outside providers, gated by the participant's consent (ROI).

A link is sent only when an active ConsentRelease names the provider's organization;
otherwise it waits as BLOCKED until consent is recorded or a supervisor overrides with a
reason (audited, reason encrypted).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openlead.access import audit
from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability, rule_for
from openlead.access.roles import FieldGroup
from openlead.casework.models import LinkState, Provider, ServiceLink, ServiceLinkEvent
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
    today = today or timezone.localdate()
    candidates = person.consents.filter(
        recipient_organization_id=provider.organization_id, revoked_at__isnull=True
    )
    return next((c for c in candidates.order_by("-starts_on") if c.is_active(today)), None)


def _record(
    who: audit.Who,
    link: ServiceLink,
    action: str,
    request_id: str,
    purpose: str = "",
    **detail: Any,
) -> None:
    audit.record(
        who,
        action=action,
        outcome=AuditOutcome.ALLOWED,
        person_ref=link.person.public_id,
        groups=[FieldGroup.CASEWORK_NOTES],
        request_id=request_id,
        purpose=purpose,
        detail={"link": link.public_id, "provider": link.provider.public_id, **detail},
    )


def check_send_link(
    person: Person, provider: Provider, *, who: audit.Who, by: Any, request_id: str = ""
) -> ServiceLink:
    if provider.program_id != person.program_id or not provider.active:
        raise ValidationError({"provider": "Choose a provider from this program's directory."})
    return do_send_link(person, provider, who=who, by=by, request_id=request_id)


def do_send_link(
    person: Person, provider: Provider, *, who: audit.Who, by: Any, request_id: str = ""
) -> ServiceLink:
    consent = covering_consent(person, provider)
    state = S.SENT if consent else S.BLOCKED
    with transaction.atomic():
        link = ServiceLink.objects.create(
            person=person, provider=provider, state=state, consent=consent, created_by=by
        )
        ServiceLinkEvent.objects.create(link=link, state=state, by_id=who.actor_id)
        _record(
            who,
            link,
            AuditAction.CREATE,
            request_id,
            state=state,
            consent=consent.public_id if consent else None,
        )
    return link


def _locked(link: ServiceLink) -> ServiceLink:
    return ServiceLink.objects.select_for_update().get(pk=link.pk)


def _require_unmoved(seen: ServiceLink, current: ServiceLink, attempted: str) -> None:
    """`seen` is the link the decision was made on; under the lock it must still be so."""
    if current.state != seen.state:
        raise StaleWrite(
            "Someone else moved this link while you were looking at it.",
            current={"Link state": current.get_state_display()},
            attempted={"Link state": LinkState(attempted).label},
        )


def do_override_link(
    link: ServiceLink, *, reason: str, who: audit.Who, by: Any, request_id: str = ""
) -> ServiceLink:
    """A supervisor sends a blocked link without consent; the reason is kept, encrypted.

    State machine, row lock: the link is locked and its state re-checked before the write.
    """
    if not (who.role and rule_for(who.role).has(Capability.SUPERVISE)):
        raise PermissionDenied("Only a supervisor can send a link without consent.")
    if len(reason.strip()) < 10:
        raise ValidationError(
            {"reason": "Say why this link cannot wait for consent (at least 10 characters)."}
        )
    with transaction.atomic():
        current = _locked(link)
        _require_unmoved(link, current, S.SENT)
        if current.state != S.BLOCKED:
            raise ValidationError({"link": "Only a link waiting for consent can be overridden."})
        current.state, current.override_by = S.SENT, by
        current.override_reason = vault.seal_text(
            vault.data_key(link.person.public_id),
            reason.strip(),
            "casework.servicelink",
            current.public_id,
            "override_reason",
        )
        current.save(update_fields=["state", "override_by", "override_reason"])
        ServiceLinkEvent.objects.create(link=current, state=S.SENT, by_id=who.actor_id)
        _record(
            who,
            current,
            AuditAction.UPDATE,
            request_id,
            purpose="consent override",
            override=True,
            state=[S.BLOCKED, S.SENT],
        )
    return current


def do_move_link(
    link: ServiceLink, *, state: str, who: audit.Who, request_id: str = ""
) -> ServiceLink:
    """State machine, row lock: the next state is checked against the locked row."""
    with transaction.atomic():
        current = _locked(link)
        if state in LinkState.values:
            _require_unmoved(link, current, state)
        if state not in NEXT_STATES.get(current.state, ()):
            raise ValidationError(
                {
                    "state": f"A link that is {current.get_state_display().lower()} cannot move there."
                }
            )
        old = current.state
        current.state = state
        current.save(update_fields=["state"])
        ServiceLinkEvent.objects.create(link=current, state=state, by_id=who.actor_id)
        _record(who, current, AuditAction.UPDATE, request_id, state=[old, state])
    return current


def release_blocked_links(person: Person, *, who: audit.Who) -> list[ServiceLink]:
    """After consent is recorded, blocked links it now covers go out."""
    released = []
    for link in person.service_links.filter(state=S.BLOCKED).select_related("provider"):
        consent = covering_consent(person, link.provider)
        if consent is None:
            continue
        with transaction.atomic():
            # Row lock: a supervisor's override may have sent it meanwhile; then leave it.
            if _locked(link).state != S.BLOCKED:
                continue
            link.state, link.consent = S.SENT, consent
            link.save(update_fields=["state", "consent"])
            ServiceLinkEvent.objects.create(link=link, state=S.SENT, by_id=who.actor_id)
            _record(
                who,
                link,
                AuditAction.UPDATE,
                "",
                state=[S.BLOCKED, S.SENT],
                consent=consent.public_id,
            )
        released.append(link)
    return released


def open_override_reason(link: ServiceLink, dek: bytes) -> str:
    return vault.open_text(
        dek, link.override_reason, "casework.servicelink", link.public_id, "override_reason"
    )
