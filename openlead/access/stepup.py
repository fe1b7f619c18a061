"""Step-up: a fresh second factor (within 10 minutes) for the riskiest actions.

Exports of participant data, a supervisor's consent override and MFA resets use it now;
role grants and merges will (issue 12). The time of each verification is kept in the
session by `mark_verified`, which every MFA page calls on success.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast, overload
from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.models import Device

from openlead.access.mfa import mfa_enforced

VERIFIED_AT_KEY = "openlead_mfa_verified_at"
View = TypeVar("View", bound=Callable[..., HttpResponse])


def is_verified(request: HttpRequest) -> bool:
    """True when django-otp's middleware found a confirmed device for this session."""
    check = getattr(request.user, "is_verified", None)
    return bool(check and check())


def mark_verified(request: HttpRequest, device: Device) -> None:
    """Record a successful second factor in the session (and give it a new key)."""
    django_otp.login(request, device)
    request.session.cycle_key()  # a verified session never keeps a pre-verification id
    request.session[VERIFIED_AT_KEY] = int(time.time())


def stepped_up(request: HttpRequest) -> bool:
    """A second factor within OPENLEAD_STEP_UP_SECONDS (always true with MFA turned off)."""
    if not mfa_enforced():
        return True
    at = request.session.get(VERIFIED_AT_KEY)
    if not is_verified(request) or not isinstance(at, int):
        return False
    return 0 <= time.time() - at <= settings.OPENLEAD_STEP_UP_SECONDS


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    """Only a path on this site; anything else (another host, //host, a scheme) goes home."""
    if (
        candidate
        and candidate.startswith("/")
        and not candidate.startswith("//")
        and "\\" not in candidate
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    ):
        return candidate
    return reverse("home")


def _return_to(request: HttpRequest) -> str:
    """Back to this page; after a form post, back to the page that had the form."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    origin = f"{request.scheme}://{request.get_host()}"
    return referer[len(origin) :] if referer.startswith(origin + "/") else reverse("home")


def step_up_redirect(request: HttpRequest) -> HttpResponse:
    messages.info(request, "For this, enter a fresh code from your authenticator app.")
    query = urlencode({"next": safe_next(request, _return_to(request))})
    return redirect(f"{reverse('mfa_step_up')}?{query}")


@overload
def step_up_required(view: View) -> View: ...


@overload
def step_up_required(
    *, when: Callable[[HttpRequest], bool] | None = None
) -> Callable[[View], View]: ...


def step_up_required(
    view: View | None = None, *, when: Callable[[HttpRequest], bool] | None = None
) -> View | Callable[[View], View]:
    """View decorator: without a fresh second factor, go to the re-verify page and back.

    `when` limits it to some requests of a view (the CSV form of a page, say)."""

    def decorate(func: View) -> View:
        @wraps(func)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if (when is None or when(request)) and not stepped_up(request):
                return step_up_redirect(request)
            return func(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorate(view) if view is not None else decorate
