"""The 405 page (issue 11): `require_POST` answers a visit with an empty
HttpResponseNotAllowed, which browsers show as a bare "HTTP ERROR 405". This middleware
renders templates/405.html in its place, keeping the 405 status and the Allow header."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

Handler = Callable[[HttpRequest], HttpResponse]


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
