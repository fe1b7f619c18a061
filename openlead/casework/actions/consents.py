"""Releases of information from the casework pages: record one (and send the service links
it now covers, in the same request), and revoke one, effective at once.

The release row and its audit event are people.actions' (the one place a consent is
written); this module checks what only casework knows (the provider directory, the
program's staff) and unblocks the links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import Membership, User
from openlead.casework.actions.service_links import do_release_blocked_links
from openlead.casework.models import Provider, ServiceLink
from openlead.people import disclosure
from openlead.people.actions import ConsentWay, do_record_consent, do_revoke_consent
from openlead.people.models import ConsentMethod, ConsentRelease, Person
from openlead.people.signature import signature_problem


@dataclass(frozen=True)
class ReleaseDraft:
    """A release as the form gave it: exactly one recipient, the groups, the dates, the way."""

    field_groups: list[str]
    purpose: str
    starts_on: dt.date
    expires_on: dt.date
    method: str
    signed_on: dt.date
    organization_id: int | None = None
    role: str = ""
    provider_id: str = ""
    signature: str = ""
    paper_reference: str = ""
    witness_id: str = ""


@dataclass(frozen=True)
class Recorded:
    consent: ConsentRelease
    sent: list[ServiceLink]


def _provider(person: Person, public_id: str) -> Provider:
    provider = Provider.objects.filter(
        program_id=person.program_id, public_id=public_id, active=True
    ).first()
    if provider is None:
        raise ValidationError({"provider": "Choose a provider from this program's directory."})
    return provider


def _witness(person: Person, public_id: str, acting: Actor) -> User:
    staff = Membership.objects.filter(
        program_id=person.program_id, active=True, role__in=list(disclosure.CARE_TEAM)
    ).values("user_id")
    witness = User.objects.filter(public_id=public_id, pk__in=staff, is_active=True).first()
    if witness is None:
        raise ValidationError({"witness": "Choose a staff member of this program."})
    if acting.user is not None and witness.pk == acting.user.pk:
        raise ValidationError({"witness": "The witness must be someone other than you."})
    return witness


def _way(person: Person, draft: ReleaseDraft, acting: Actor, provider_ref: str) -> ConsentWay:
    """The proof for the chosen method; only that method's proof is kept."""
    way = ConsentWay(method=draft.method, signed_on=draft.signed_on, provider_ref=provider_ref)
    if draft.method == ConsentMethod.SIGNED_ON_SCREEN:
        problem = signature_problem(draft.signature)
        if problem:
            raise ValidationError({"signature": problem})
        return replace(way, signature=draft.signature)
    if draft.method == ConsentMethod.PAPER:
        if not draft.paper_reference.strip():
            raise ValidationError({"paper_reference": "Say where the signed paper form is kept."})
        return replace(way, paper_reference=draft.paper_reference.strip())
    if draft.method == ConsentMethod.VERBAL:
        witness = _witness(person, draft.witness_id, acting)
        return replace(way, witness_id=witness.pk)
    raise ValidationError({"method": "Choose how the participant agreed."})


def _check(draft: ReleaseDraft) -> None:
    recipients = [bool(draft.organization_id), bool(draft.role), bool(draft.provider_id)]
    if sum(recipients) != 1:
        raise ValidationError({"recipient_kind": "Choose who receives the information."})
    allowed = {g.value for g in disclosure.RELEASABLE}
    if not draft.field_groups or not set(draft.field_groups) <= allowed:
        raise ValidationError({"field_groups": "Tick at least one kind of information."})
    if draft.expires_on < draft.starts_on:
        raise ValidationError({"expires_on": "The end date is before the start date."})
    if not draft.purpose.strip():
        raise ValidationError({"purpose": "Say why the information is shared."})


def check_record_release(person: Person, draft: ReleaseDraft, *, acting: Actor) -> Recorded:
    """Validate what only the server can know, record the release, send the links it covers."""
    _check(draft)
    organization_id, provider_ref = draft.organization_id, ""
    if draft.provider_id:
        provider = _provider(person, draft.provider_id)
        organization_id, provider_ref = provider.organization_id, provider.public_id
    way = _way(person, draft, acting, provider_ref)
    return do_record_release(person, draft, organization_id, way, acting=acting)


def do_record_release(
    person: Person,
    draft: ReleaseDraft,
    organization_id: int | None,
    way: ConsentWay,
    *,
    acting: Actor,
) -> Recorded:
    with transaction.atomic():
        consent = do_record_consent(
            person,
            acting=acting,
            field_groups=draft.field_groups,
            starts_on=draft.starts_on,
            expires_on=draft.expires_on,
            organization_id=organization_id,
            role=draft.role,
            purpose=draft.purpose.strip(),
            way=way,
        )
        # The waiting links go out in the same request (issue 11: they waited for ever).
        sent = do_release_blocked_links(person, acting=acting)
    return Recorded(consent, sent)


def check_revoke_release(
    consent: ConsentRelease, *, acting: Actor, reason: str, revoked_on: dt.date
) -> ConsentRelease:
    if consent.revoked_at is not None:
        raise ValidationError({"reason": "This release was already revoked."})
    if not reason.strip():
        raise ValidationError({"reason": "Write a few words about why."})
    return do_revoke_consent(consent, acting=acting, reason=reason.strip(), revoked_on=revoked_on)
