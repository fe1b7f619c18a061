"""`{% referral_menu actor %}`: the referral links on the home page, by role."""

from __future__ import annotations

from typing import Any

from django import template

from openlead.access.policy import Capability
from openlead.referrals.access import can_list, refer_doors, sees_workgroup

register = template.Library()


@register.inclusion_tag("referrals/_menu.html")
def referral_menu(actor: Any) -> dict[str, Any]:
    return {
        "can_list": can_list(actor),
        "can_refer": bool(refer_doors(actor)),
        "sees_clock": sees_workgroup(actor),
        "is_prosecutor": actor.can(Capability.PROSECUTOR_DECISION),
    }
