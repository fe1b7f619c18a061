"""The portal's section of the participant's casework page (casework.panels): whether the
participant has their own pages, the button that makes a one-time code, and their open
correction requests with a way to mark each done."""

from __future__ import annotations

from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.casework.panels import Panel
from openlead.people import vault
from openlead.people.models import Person
from openlead.portal.models import CorrectionRequest, EnrolmentCode, PortalAccount
from openlead.portal.queries import open_correction


def casework_panel(actor: Actor, person: Person) -> Panel | None:
    if FieldGroup.CASEWORK_NOTES not in actor.rule.read:
        return None
    dek = vault.data_key(person.public_id)
    open_rows = CorrectionRequest.objects.filter(person=person, done_at=None)[:20]
    live = EnrolmentCode.objects.filter(
        person=person, used_at=None, killed_at=None, expires_at__gt=timezone.now()
    ).first()
    context = {
        "can_manage": actor.can(Capability.MANAGE_PORTAL)
        and FieldGroup.CASEWORK_NOTES in actor.rule.write,
        "has_account": PortalAccount.objects.filter(person=person).exists(),
        "live_code_until": live.expires_at if live else None,
        "corrections": [(r, open_correction(r, dek)) for r in open_rows],
        "person": person,
    }
    return Panel("portal/_casework_panel.html", context)
