"""`{% redisclosure_notice actor groups %}` and `{% consent_rows consents as rows %}`: the
42 CFR 2.32 notice where it applies, and releases with plain labels and expiry warnings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.people import disclosure
from openlead.people.models import ConsentRelease

register = template.Library()


@register.inclusion_tag("people/_redisclosure_notice.html")
def redisclosure_notice(
    actor: Actor | None, groups: Iterable[str] = (), always: bool = False
) -> dict[str, Any]:
    applies = always or (actor is not None and disclosure.notice_applies(actor, groups))
    return {"applies": applies, "paragraphs": disclosure.NOTICE_PARAGRAPHS}


@register.simple_tag
def consent_rows(consents: Iterable[ConsentRelease]) -> list[dict[str, Any]]:
    today = timezone.localdate()  # the program's day (programs.middleware)
    return [
        {
            "consent": c,
            "recipient": disclosure.recipient_text(c),
            "groups": [disclosure.group_label(g) for g in c.field_groups],
            "active": c.is_active(today),
            "state": disclosure.state_text(c, today),
            "warning": disclosure.expiry_warning(c, today),
            "days_left": disclosure.days_left(c, today),
        }
        for c in consents
    ]
