"""Append-only rows, said in code (job-server's ImmutableModelMixin): the audit chain,
the flexible-funds ledger and the wrapped data keys.

A row, once written, may not be saved again except for the few fields its model names in
`MUTABLE_FIELDS`, and only with `save(update_fields=...)`: a funds entry moves from
requested to approved to paid, a data key is rewrapped on rotation; the amount, the
payee, the audit event's content never change. Instances refuse `delete()`; correcting
the ledger is a reversing entry, and destroying a data key (crypto-shredding) is a
queryset delete in `openlead.people.vault`, the one place allowed to do it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class ImmutableRowError(Exception):
    """An attempt to change or delete an append-only row."""


class ImmutableModelMixin(models.Model):
    MUTABLE_FIELDS: ClassVar[frozenset[str]] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or not set(fields) <= self.MUTABLE_FIELDS:
                raise ImmutableRowError(
                    f"{type(self).__name__} rows are append-only; "
                    f"only {sorted(self.MUTABLE_FIELDS) or 'nothing'} may change"
                )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{type(self).__name__} rows are never deleted one by one")
