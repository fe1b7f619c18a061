"""Data keys kept for one request only (issue 16, part 2).

A page that reads one person from several getters (casework, legal, consents) asked the
key store for the same key each time, and unwrapped it each time. Within a request each
key is now fetched and unwrapped once. Nothing outlives the request: the middleware
opens the cache around the view and drops it after, and outside a request (commands,
scheduled jobs, the demo) there is no cache at all, so a long job never holds keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_KEYS: ContextVar[dict[str, bytes] | None] = ContextVar("openlead_request_keys", default=None)


@contextmanager
def request_keys() -> Iterator[None]:
    token = _KEYS.set({})
    try:
        yield
    finally:
        _KEYS.reset(token)


def cached(person_ref: str) -> bytes | None:
    keys = _KEYS.get()
    return None if keys is None else keys.get(person_ref)


def keep(person_ref: str, dek: bytes) -> None:
    keys = _KEYS.get()
    if keys is not None:
        keys[person_ref] = dek


def forget(person_ref: str) -> None:
    """A shredded key must not be readable for the rest of the request either."""
    keys = _KEYS.get()
    if keys is not None:
        keys.pop(person_ref, None)


class RequestKeysMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_keys():
            return self.get_response(request)
