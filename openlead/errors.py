"""The 405 page (issue 11) and the page for a record that cannot be decrypted.

The 405 page: `require_POST` answers a visit with an empty
HttpResponseNotAllowed, which browsers show as a bare "HTTP ERROR 405". This middleware
renders templates/405.html in its place, keeping the 405 status and the Allow header."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

Handler = Callable[[HttpRequest], HttpResponse]
logger = logging.getLogger(__name__)


class NotAllowedPageMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response  # a view that wrote its own 405 keeps it
        allowed = response.get("Allow", "")
        page = render_to_string("405.html", {"allowed": allowed}, request=request)
        nice = HttpResponse(page, status=405)
        if allowed:
            nice["Allow"] = allowed
        return nice


class UnreadableRecordMiddleware:
    """A record whose data key is gone answers a plain page (410), never a 500.

    It happens when a data backup older than a deletion is restored with the current key
    store (docs/operations.md#backups-and-restore): the person's rows are back, but their
    key was destroyed, so nothing of them can be decrypted, which is the point. The page
    says so instead of a stack trace; nothing of the record is shown."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from openlead.access.crypto import DecryptionError

        if not isinstance(exception, DecryptionError):
            return None
        logger.warning("unreadable record at %s: %s", request.path, exception)
        page = render_to_string("410_unreadable.html", request=request)
        return HttpResponse(page, status=410)
