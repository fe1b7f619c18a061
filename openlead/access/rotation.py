"""Re-wrap per-person data keys under the current key-encryption key.

Each batch commits on its own, and a row is picked only while it is still under a
retired key, so a rotation killed midway is finished by running it again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from openlead.access.models import PersonKey
from openlead.people.vault import keyring


def pending_count() -> int:
    return PersonKey.objects.exclude(kek_id=keyring().current_id).count()


def rotate_data_keys(*, batch: int = 500, progress: Callable[[int], None] | None = None) -> int:
    ring, done = keyring(), 0
    while True:
        with transaction.atomic(using="keys"):
            rows = list(
                PersonKey.objects.exclude(kek_id=ring.current_id).order_by("person_ref")[:batch]
            )
            if not rows:
                return done
            for row in rows:
                dek = ring.unwrap(row.kek_id, bytes(row.wrapped), row.person_ref)
                row.kek_id, row.wrapped = ring.wrap(dek, row.person_ref)
                row.rotated_at = timezone.now()
                row.save(update_fields=["kek_id", "wrapped", "rotated_at"])
        done += len(rows)
        if progress is not None:
            progress(len(rows))
