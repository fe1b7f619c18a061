"""A deleted participant's portal account goes with them.

The person's deletion (retention.actions.shred) cascades to the PortalAccount row, but the
Django user it pointed at would stay: a username the participant chose, a passphrase
hash and a participant membership with nothing behind it. The receiver collects those
users before the rows go and deletes them after (retention.signals.people_deleting).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model

from openlead.access.acting import Actor
from openlead.access.models import AuditAction, AuditOutcome
from openlead.portal.models import PortalAccount


@contextmanager
def _remove_accounts(user_ids: list[int], acting: Actor) -> Iterator[None]:
    yield
    removed, _ = get_user_model().objects.filter(pk__in=user_ids).delete()
    if user_ids:
        acting.audit(
            action=AuditAction.DELETE,
            outcome=AuditOutcome.ALLOWED,
            purpose="deletion: participant accounts removed",
            detail={
                "event": "deletion_step",
                "step": "portal_accounts_removed",
                "users": len(user_ids),
            },
        )


def remove_portal_accounts(sender: Any, *, person_ids: list[int], acting: Actor, **_: Any) -> Any:
    """The receiver of retention.signals.people_deleting (connected in apps.py)."""
    users = list(
        PortalAccount.objects.filter(person_id__in=person_ids).values_list("user_id", flat=True)
    )
    return _remove_accounts(users, acting)
