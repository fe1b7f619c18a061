"""Recording a referral that a person already in the program came by, from before the
program used openlead (a migration of its earlier records, or the demo's history).

`do_make_referral` creates a new person for each referral; a participant entered by hand
(or imported) has no referral row, so the door they came by, the referring officer and the
screening outcome are nowhere. This action records that referral for the existing person,
already through intake: it is history, not a new case to work.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.roles import FieldGroup
from openlead.people import vault
from openlead.people.models import Person
from openlead.referrals.models import Door, Outcome, Referral, Status
from openlead.referrals.queries import aad


def do_record_earlier_referral(
    person: Person,
    *,
    door: str,
    referred_at: dt.datetime,
    referrer: Any = None,
    facts: dict[str, Any] | None = None,
    outcome: str = Outcome.ELIGIBLE,
    acting: Actor,
) -> Referral:
    """One past referral of `person`, intake complete, with its screening facts sealed."""
    if door not in Door.values:
        raise ValidationError({"door": "Choose a door from the list."})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose an outcome from the list."})
    with transaction.atomic():
        referral = Referral(
            program_id=person.program_id,
            person=person,
            door=door,
            referrer=referrer,
            referred_at=referred_at,
            screened_at=referred_at,
            outcome=outcome,
            status=Status.INTAKE_COMPLETE,
            intake_completed_at=referred_at,
        )
        dek = vault.data_key(person.public_id)
        referral.sealed_facts = vault.seal_json(facts or {}, dek, aad(referral, "sealed_facts"))
        referral.sealed_answers = vault.seal_json({}, dek, aad(referral, "sealed_answers"))
        referral.save(force_insert=True)
        acting.audit(
            action=AuditAction.CREATE,
            outcome=AuditOutcome.ALLOWED,
            person_ref=person.public_id,
            groups=[FieldGroup.REFERRAL],
            purpose="earlier referral recorded",
            detail={"referral": referral.public_id, "door": door, "outcome": outcome},
        )
    return referral
