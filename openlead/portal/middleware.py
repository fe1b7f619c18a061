"""The participant's boundary: a participant session reaches the /me/ pages, logout and
static files, and nothing else. Enforced here, in one place, for every URL (audited 403),
so no staff view has to remember that participants exist."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from openlead.access.acting import current_actor
from openlead.access.helpers import refuse_denied
from openlead.access.middleware import Handler
from openlead.access.participants import is_participant_session

PREFIX = "/me/"
# Staff URLs under /me/ would still be refused: the portal's URL names all start so.
PORTAL_NAME = "portal_"
# The language switch in the portal header too (issue 14).
OPEN = frozenset({"logout", "set_language"})
STAFF_PORTAL_URLS = frozenset({"portal_issue_code", "portal_correction_done"})


def _static_prefix() -> str:
    url = settings.STATIC_URL or "/static/"
    return url if url.startswith("/") else "/" + url


def participant_may_reach(path: str) -> bool:
    if path.startswith(_static_prefix()):
        return True
    try:
        name = resolve(path).url_name or ""
    except Resolver404:
        return False  # the 404 page itself is harmless, but a refusal says less
    if name in OPEN:
        return True
    return (
        path.startswith(PREFIX) and name.startswith(PORTAL_NAME) and name not in STAFF_PORTAL_URLS
    )


class ParticipantBoundaryMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not participant_may_reach(request.path_info)
            and is_participant_session(request)
        ):
            refuse_denied(current_actor(request), "participant outside their own pages")
            # The participant's own 403 page: its way back leads to /me/, not to staff pages.
            return render(request, "portal/outside.html", status=403)
        return self.get_response(request)
