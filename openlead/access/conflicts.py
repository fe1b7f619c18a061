"""Two writers, one row: the loser is told, never silently overwritten.

Two kinds of protection, chosen per decision (each action says which in a comment):
- state machines (funds, links, enrollment, goals, referrals) lock the row with
  `select_for_update()`, re-read it and check the state under the lock; a decision made
  on a state that has moved on raises `StaleWrite`;
- edit forms (program settings, casework settings) carry a `version` integer as a hidden
  field and save with `filter(pk=..., version=v).update(..., version=F("version") + 1)`;
  0 rows updated raises `EditConflict`.

Both are ValidationErrors, so a caller that does not know about conflicts still shows a
field error rather than a 500; views that do know render the 409 page (`conflict_response`).
The label -> value dicts hold only what the page already shows the user (statuses, names of
staff, setting values), never participant secrets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openlead.access import audit
from openlead.access.middleware import request_id_of
from openlead.access.models import AuditAction, AuditOutcome

Values = Mapping[str, str]


class EditConflict(ValidationError):
    """Someone else saved first: `current` is what is stored now, `attempted` what you sent."""

    def __init__(
        self,
        message: str,
        *,
        current: Values,
        attempted: Values,
        field: str = "version",
        current_version: int | None = None,
    ) -> None:
        super().__init__({field: [message]})
        self.message_text = message
        self.current = dict(current)
        self.attempted = dict(attempted)
        self.current_version = current_version


class StaleWrite(EditConflict):
    """A state-machine decision made on a state another writer has already moved on."""

    def __init__(self, message: str, *, current: Values, attempted: Values) -> None:
        super().__init__(message, current=current, attempted=attempted, field="status")


def conflict_response(
    request: HttpRequest,
    conflict: EditConflict,
    *,
    who: audit.Who,
    back_url: str,
    purpose: str,
    person_ref: str = "",
    resubmit: Iterable[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The 409 page: both versions side by side, a way back, and (edit forms) "save mine anyway".

    `resubmit` holds the loser's form values (`form_values`); the page re-posts them with
    the current version, so keeping theirs is a deliberate second save, version-checked too.
    """
    with transaction.atomic():
        audit.record(
            who,
            action=AuditAction.UPDATE,
            outcome=AuditOutcome.DENIED,
            person_ref=person_ref,
            purpose=f"{purpose}: someone else changed it first",
            request_id=request_id_of(request),
            path=request.path,
            detail={"conflict": sorted(conflict.current)},
        )
    labels = list(dict.fromkeys([*conflict.current, *conflict.attempted]))
    rows = [
        (label, conflict.current.get(label, ""), conflict.attempted.get(label, ""))
        for label in labels
    ]
    hidden: list[tuple[str, str]] = []
    if resubmit is not None and conflict.current_version is not None:
        hidden = [(k, v) for k, v in resubmit if k not in ("csrfmiddlewaretoken", "version")]
        hidden.append(("version", str(conflict.current_version)))
    context = {
        "message": conflict.message_text,
        "rows": rows,
        "back_url": back_url,
        "resubmit_url": request.path,
        "hidden": hidden,
    }
    return render(request, "409.html", context, status=409)


def form_values(request: HttpRequest) -> list[tuple[str, str]]:
    """Every posted value (lists kept), for the "save mine anyway" form."""
    return [(k, v) for k in request.POST for v in request.POST.getlist(k)]
