"""Template filters about a program: its time zone in words, never the raw zone id."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import template

register = template.Library()


@register.filter
def zone_label(name: str) -> str:
    """ "America/Los_Angeles" -> "Los Angeles time (PST)": what a person on the program's
    wall clock calls it (issue 11: pages showed the raw zone id)."""
    try:
        zone = zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return name
    city = name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} time ({dt.datetime.now(zone).strftime('%Z')})"
