"""Reads for the release-of-information pages: who a release may name, who may witness
it, one release with its sealed fields opened, and the accounting of disclosures.

The accounting (42 CFR 2.24, HIPAA 45 CFR 164.528 in spirit) is built from the audit log:
every allowed read by a role that sees a group only under a release, and every service
link sent to a provider under a release. The views call these after casework.access has
scoped and authorised the request; the page's own READ/EXPORT event is written here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditEvent, AuditOutcome, Membership, User
from openlead.access.policy import POLICY
from openlead.access.roles import FieldGroup, Role
from openlead.casework.models import Provider
from openlead.people import disclosure, vault
from openlead.people.models import ConsentRelease, Person
from openlead.programs.models import Organization

LABEL = "people.consentrelease"
ACCOUNTING_LIMIT = 1000
# Roles that see some group only under a release: their reads are disclosures.
GATED_ROLES = {role.value: rule.roi_required for role, rule in POLICY.items() if rule.roi_required}
RECIPIENT_ROLES = [Role.POLICE_OFFICER, Role.PROSECUTOR, Role.DEFENDER]
ACCOUNTING_COLUMNS = ["When", "Who", "Role", "What was shared", "Under release", "Why"]


def partner_organizations(program_id: int) -> QuerySet[Organization]:
    """The program's partners: organizations with staff in it, or in its provider directory."""
    staffed = Membership.objects.filter(program_id=program_id).values("organization_id")
    listed = Provider.objects.filter(program_id=program_id).values("organization_id")
    return Organization.objects.filter(Q(pk__in=staffed) | Q(pk__in=listed)).order_by("name")


def program_providers(program_id: int) -> QuerySet[Provider]:
    return Provider.objects.filter(program_id=program_id, active=True).select_related(
        "organization"
    )


def possible_witnesses(program_id: int, recorder: User | None) -> QuerySet[User]:
    """Care-team staff of the program who may witness a verbal consent: never the recorder."""
    staff = Membership.objects.filter(
        program_id=program_id, active=True, role__in=list(disclosure.CARE_TEAM)
    ).values("user_id")
    users = User.objects.filter(pk__in=staff, is_active=True).order_by("first_name", "username")
    return users.exclude(pk=recorder.pk) if recorder is not None else users


def releases_of(person: Person) -> QuerySet[ConsentRelease]:
    """This person's releases, with what their pages show (casework.access.child picks one)."""
    return person.consents.select_related("recipient_organization", "witness", "created_by")


@dataclass(frozen=True)
class OpenedRelease:
    """A release with its sealed fields opened, for the summary page."""

    consent: ConsentRelease
    signature: str
    paper_reference: str
    revoke_reason: str
    provider_name: str


def open_release(consent: ConsentRelease) -> OpenedRelease:
    dek = vault.data_key(consent.person.public_id)

    def opened(column: str) -> str:
        blob = getattr(consent, column)
        return vault.open_text(dek, blob, LABEL, consent.public_id, column)

    provider = Provider.objects.filter(public_id=consent.provider_ref).first()
    return OpenedRelease(
        consent,
        opened("signature"),
        opened("paper_reference"),
        opened("revoke_reason"),
        provider.name if provider and consent.provider_ref else "",
    )


def _shared(event: AuditEvent) -> list[str]:
    gated = GATED_ROLES.get(event.role, frozenset())
    groups = [g for g in event.field_groups if g in gated or g == FieldGroup.HEALTH]
    return groups


def _court_ordered(event: AuditEvent) -> bool:
    """A disclosure under a court order (openlead.legal.demands.actions writes it)."""
    detail = event.detail or {}
    return event.action == AuditAction.EXPORT and bool(detail.get("disclosed_to"))


def _is_disclosure(event: AuditEvent) -> bool:
    if _court_ordered(event):
        return True
    if event.role in GATED_ROLES:
        return event.action in (AuditAction.READ, AuditAction.EXPORT) and bool(_shared(event))
    detail = event.detail or {}
    return bool(detail.get("link")) and bool(detail.get("consent"))


def _row(event: AuditEvent, providers: dict[str, str]) -> list[str]:
    detail = event.detail or {}
    if _court_ordered(event):
        return _court_order_row(event, detail)
    if event.role in GATED_ROLES:
        what = ", ".join(disclosure.group_label(g) for g in _shared(event))
        releases = ", ".join(detail.get("consents", [])) or "none recorded"
    else:
        provider = providers.get(str(detail.get("provider", "")), "the provider")
        what = f"A service referral to {provider}"
        releases = str(detail.get("consent", ""))
    role = Role(event.role).label if event.role in Role.values else (event.role or "System")
    return [
        # The program's zone: the request runs in it (programs.middleware).
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M %Z"),
        event.actor_username,
        role,
        what,
        releases,
        event.purpose or ("service referral" if detail.get("link") else ""),
    ]


def _court_order_row(event: AuditEvent, detail: dict[str, Any]) -> list[str]:
    return [
        timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M %Z"),
        str(detail.get("disclosed_to", "")),
        "Recipient named in a court order",
        ", ".join(disclosure.group_label(g) for g in event.field_groups),
        f"Court order (42 CFR {detail.get('section', '')})",
        event.purpose,
    ]


def accounting(
    acting: Actor, person: Person, *, export: bool, groups: Iterable[str] = ()
) -> list[list[str]]:
    """What was shared about the person outside the care team, newest first; reading it is
    audited as a read, or as an export when it leaves as a file."""
    with transaction.atomic():
        acting.audit(
            action=AuditAction.EXPORT if export else AuditAction.READ,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=sorted({FieldGroup.LEGAL, *groups}),
            purpose="accounting of disclosures",
        )
        events = AuditEvent.objects.filter(
            person_ref=person.public_id, outcome=AuditOutcome.ALLOWED
        ).order_by("-seq")
        chosen = [e for e in events[: ACCOUNTING_LIMIT * 5] if _is_disclosure(e)]
        chosen = chosen[:ACCOUNTING_LIMIT]
        named = {str((e.detail or {}).get("provider", "")) for e in chosen} - {""}
        providers = dict(
            Provider.objects.filter(public_id__in=named).values_list("public_id", "name")
        )
        return [_row(e, providers) for e in chosen]
