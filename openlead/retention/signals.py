"""What the deletion tells the apps above it (reports), which answer it.

`people_deleting` is sent once per batch of deletions, inside its transaction, before any
row goes. Each receiver returns a context manager that is entered before the rows are
deleted and left after: the policy group's report uses it to keep, as counts, what the
deleted people added to its past quarters (openlead.reports.pcg_retained)."""

from __future__ import annotations

from django.dispatch import Signal

people_deleting = Signal()  # sender=Program; kwargs: program, person_ids, acting
