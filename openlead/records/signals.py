"""What records tells the apps above it: links between a participant and a justice record
that were just accepted (automatically or by a reviewer).

legal makes its pending cases from them (openlead.legal.cases.actions.linkage); records never
imports legal, so the arrow points one way. Sent inside the accepting transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: pairs = [(person_id, record_id), ...], acting = the Actor who accepted them.
links_accepted = Signal()
