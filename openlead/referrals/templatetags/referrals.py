"""`{% referral_menu actor %}`: the referral links on the home page, by role."""

from __future__ import annotations

from typing import Any

from django import template

from openlead.access.acting import current_actor
from openlead.access.helpers import LIST_LIMIT
from openlead.access.policy import Capability
from openlead.referrals.access import can_list, refer_doors, referral_scope, sees_workgroup
from openlead.referrals.public import self_door_programs

register = template.Library()


@register.inclusion_tag("referrals/_menu.html")
def referral_menu(actor: Any) -> dict[str, Any]:
    return {
        "can_list": can_list(actor),
        "can_refer": bool(refer_doors(actor)),
        "sees_clock": sees_workgroup(actor),
        "is_prosecutor": actor.can(Capability.PROSECUTOR_DECISION),
    }


@register.inclusion_tag("referrals/_self_door_links.html")
def self_door_links() -> dict[str, Any]:
    """`{% self_door_links %}`: the public door from the login page (program settings only)."""
    return {"programs": self_door_programs()}


@register.inclusion_tag("referrals/_person_referrals.html", takes_context=True)
def person_referrals(context: dict[str, Any], person: Any) -> dict[str, Any]:
    """`{% person_referrals person %}`: the person's referrals this actor may open, as links
    (plaintext columns only: door, status, date). The page that includes it has already
    fetched the person through the access layer and audited the read."""
    request = context.get("request")
    if request is None or person is None:
        return {"referrals": []}
    actor = current_actor(request)
    shown = referral_scope(actor).filter(person_id=person.pk).order_by("-referred_at")
    return {"referrals": list(shown[:LIST_LIMIT]), "tzname": person.program.time_zone}
