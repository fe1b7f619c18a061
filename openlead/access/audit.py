"""The audit writer: every read, write and refusal of participant data is recorded here.

The chain itself (hash(n) = SHA-256(hash(n-1) || canonical JSON of event n), serialised
appends, verification) is `openlead.access.chain`. `record` appends one event and then
runs the record-view check, so no read path can skip it (issue 12).
"""

from __future__ import annotations

from typing import Unpack

from django.db import transaction

from openlead.access.alerts import check_record_views, check_safety_view
from openlead.access.chain import (
    ANONYMOUS,
    GENESIS,
    PG_AUDIT_LOCK,
    EventFields,
    VerifyResult,
    Who,
    append,
    canonical,
    chain_hash,
    verify,
)
from openlead.access.models import AuditEvent

__all__ = [
    "ANONYMOUS",
    "EventFields",
    "GENESIS",
    "PG_AUDIT_LOCK",
    "VerifyResult",
    "Who",
    "canonical",
    "chain_hash",
    "record",
    "verify",
]


def record(who: Who, **fields: Unpack[EventFields]) -> AuditEvent:
    """Append one event in the caller's transaction; if this fails, so does the caller."""
    with transaction.atomic():
        event = append(who, **fields)
        # Anti-exfiltration: every allowed read of a person passes here (issue 12).
        check_record_views(event)
        check_safety_view(event)  # a flagged person opened outside their care team
    return event
