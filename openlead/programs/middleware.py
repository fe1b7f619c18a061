"""Dates and times in the program's time zone (issue 11: a contact at 13:19 showed 21:19).

Stored times stay UTC; for the length of a request Django's current time zone is the
chosen membership's program's, so templates, forms and `timezone.localdate()` agree with
the clock on the wall where the program runs.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

Handler = Callable[[HttpRequest], HttpResponse]


def _program_zone(request: HttpRequest) -> str:
    from openlead.access.helpers import chosen_membership

    if not getattr(request, "user", None):
        return ""
    chosen = chosen_membership(request)
    return chosen.program.time_zone if chosen else ""


class ProgramTimeZoneMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _program_zone(request)
        if not name:
            return self.get_response(request)
        try:
            timezone.activate(zoneinfo.ZoneInfo(name))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return self.get_response(request)  # settings validate zones; never fail a page on it
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
