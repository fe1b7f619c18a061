"""Service links to outside providers, gated by the participant's consent (ROI).

A link is sent only when an active ConsentRelease names the provider's organization;
otherwise it waits as BLOCKED until consent is recorded or a supervisor overrides with a
reason (audited, reason encrypted).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.conflicts import StaleWrite
from openlead.access.models import AuditAction
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.casework.actions._common import record, require_seen, seal_and_record
from openlead.casework.models import LinkState, Provider, ServiceLink, ServiceLinkEvent
from openlead.casework.queries.links import NEXT_STATES, covering_consent
from openlead.people.models import Person

S = LinkState
GROUPS = [FieldGroup.CASEWORK_NOTES]


def _about(link: ServiceLink, **detail: Any) -> dict[str, Any]:
    return {"link": link.public_id, "provider": link.provider.public_id, **detail}


def _event(link: ServiceLink, state: str, acting: Actor) -> None:
    ServiceLinkEvent.objects.create(link=link, state=state, by_id=acting.who.actor_id)


def check_send_link(person: Person, provider: Provider, *, acting: Actor) -> ServiceLink:
    if provider.program_id != person.program_id or not provider.active:
        raise ValidationError({"provider": "Choose a provider from this program's directory."})
    return do_send_link(person, provider, acting=acting)


def do_send_link(person: Person, provider: Provider, *, acting: Actor) -> ServiceLink:
    consent = covering_consent(person, provider)
    state = S.SENT if consent else S.BLOCKED
    with transaction.atomic():
        link = ServiceLink.objects.create(
            person=person, provider=provider, state=state, consent=consent, created_by=acting.user
        )
        _event(link, state, acting)
        record(
            acting,
            person,
            AuditAction.CREATE,
            GROUPS,
            **_about(link, state=state, consent=consent.public_id if consent else None),
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


def do_override_link(link: ServiceLink, *, reason: str, acting: Actor) -> ServiceLink:
    """A supervisor sends a blocked link without consent; the reason is kept, encrypted.

    State machine, row lock: the link is locked and its state re-checked before the write.
    """
    if not acting.can(Capability.SUPERVISE):
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
        current.state, current.override_by = S.SENT, acting.user
        seal_and_record(
            acting,
            current,
            person=link.person,
            texts={"override_reason": reason.strip()},
            update_fields=["state", "override_by"],
            action=AuditAction.UPDATE,
            groups=GROUPS,
            purpose="consent override",
            **_about(current, override=True, state=[S.BLOCKED, S.SENT]),
        )
        _event(current, S.SENT, acting)
    return current


def do_move_link(link: ServiceLink, *, state: str, acting: Actor) -> ServiceLink:
    """State machine, row lock: the next state is checked against the locked row."""
    with transaction.atomic():
        current = _locked(link)
        if state in LinkState.values:
            _require_unmoved(link, current, state)
        if state not in NEXT_STATES.get(current.state, ()):
            shown = current.get_state_display().lower()
            raise ValidationError({"state": f"A link that is {shown} cannot move there."})
        old = current.state
        current.state = state
        current.save(update_fields=["state"])
        _event(current, state, acting)
        record(
            acting,
            current.person,
            AuditAction.UPDATE,
            GROUPS,
            **_about(current, state=[old, state]),
        )
    return current


def do_release_blocked_links(person: Person, *, acting: Actor) -> list[ServiceLink]:
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
            _event(link, S.SENT, acting)
            record(
                acting,
                person,
                AuditAction.UPDATE,
                GROUPS,
                **_about(link, state=[S.BLOCKED, S.SENT], consent=consent.public_id),
            )
        released.append(link)
    return released


def check_move_link(link: ServiceLink, *, state: str, acting: Actor, seen: str = "") -> ServiceLink:
    """The link's next state, decided on the state the page showed (`seen`)."""
    label = LinkState(state).label if state in LinkState.values else state
    shown = {"Link state": link.get_state_display()}
    require_seen(seen, link.state, shown, {"Link state": label})
    return do_move_link(link, state=state, acting=acting)
