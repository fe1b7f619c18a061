"""The crawler (issue 11, "9. No server error on bad input anywhere").

For every URL the resolver knows (the permission matrix's rows, so a new URL is crawled
as soon as it has one) and every role of the world fixture, GET each page the matrix says
the role may open, read every <form> on it with html.parser, and submit each form with
bad values: all empty, over-long, a <script>, out-of-range numbers and dates, wrong types
and another program's ids. No answer may be a 5xx. POST-only URLs are also sent the
matrix's own form data, spoiled the same way. Each submit runs in a savepoint that is
rolled back, so every one starts from the same world, and values are sampled per field
kind (one spoiled kind per submit) rather than the full cross product.
"""

from __future__ import annotations

import datetime as dt
import logging
import resource
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.access.test_permission_matrix import MATRIX, ROLES, _data, _kwargs
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

# Fewer than this many requests means the crawler stopped reaching pages (a login that
# no longer sticks, a matrix that lost its rows): fail rather than pass on nothing.
MINIMUM_REQUESTS = 1200
MINIMUM_PAGES = 200
LONG = 10_000
SKIP_ACTIONS = {"logout"}  # logging out mid-crawl would turn every later page into a 302
# Starting a linkage or evaluation run runs it inline in tests (seconds each): the first
# role sends every variant, later roles none (the view and its form are the same).
HEAVY = {"linkage_run_start", "evaluation_run_start"}
ID_HINTS = ("id", "pk", "membership", "person", "referral", "user", "organization", "program")


@dataclass
class Form:
    method: str
    action: str
    fields: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class FormParser(HTMLParser):
    """Every <form> of a page: its inputs, selects (with their options) and textareas."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("method", "get").lower() or "get", a.get("action", ""))
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"submit", "image", "button"}:
                self._form.buttons.append((name, a.get("value", "")))
            elif kind not in {"reset", "file"}:
                checked = "checked" in a
                self._form.fields.append(
                    {"name": name, "kind": kind, "value": a.get("value", "")} | {"checked": checked}
                )
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            self._form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = {"name": name, "kind": "select", "value": "", "options": []}
            self._select["multiple"] = "multiple" in a
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["value"] = value
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "kind": "textarea", "value": ""}
            self._form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def _kind(f: dict[str, Any]) -> str:
    """text, number, date, id, select, check or token: what bad values fit the field."""
    name, kind = f["name"], f["kind"]
    if name == "csrfmiddlewaretoken":
        return "token"
    if kind in {"checkbox", "radio"}:
        return "check"
    if kind == "number" or kind == "range":
        return "number"
    if kind in {"date", "datetime-local", "month", "time"} or name.endswith(("_on", "date")):
        return "date"
    if kind == "select":
        return "select"
    if kind == "hidden" or any(h in name for h in ID_HINTS):
        return "id" if kind == "hidden" or name.endswith(("_id", "id")) else "text"
    return "text"


def _plausible(f: dict[str, Any], today: dt.date) -> Any:
    """A value that gets past the required checks, so spoiled neighbours reach deeper ones."""
    kind = _kind(f)
    if f["value"] or kind == "token":
        return f["value"]
    if kind == "select":
        return next((o for o in f["options"] if o), "")
    return {"number": "1", "date": today.isoformat(), "check": "on", "id": ""}.get(kind, "Test")


@dataclass(frozen=True)
class Foreign:
    """Ids that belong to the other program, for the "ids of another program" values."""

    pk: str
    public_id: str


# Each variant: field kind -> its value, or None to keep the plausible one. Kinds are
# spoiled together (a form checks every field), so eight submits cover every bad value.
Variant = Callable[[str, Foreign], str | None]
VARIANTS: dict[str, Variant] = {
    "empty": lambda k, f: "",
    "over-long": lambda k, f: ("9" if k in {"number", "id"} else "a") * LONG,
    "script": lambda k, f: "<script>alert(1)</script>",
    "low, wrong type": lambda k, f: {"number": "-1", "date": "1800-01-01"}.get(
        k, "abc" if k in {"id", "select", "check"} else None
    ),
    "high, foreign pk": lambda k, f: {"number": str(10**12), "date": "2999-12-31"}.get(
        k, f.pk if k in {"id", "select"} else None
    ),
    "garbled, foreign public id": lambda k, f: {"number": "abc", "date": "0000-00-00"}.get(
        k, f.public_id if k in {"id", "select", "text"} else None
    ),
    "not a date": lambda k, f: {"date": "not a date", "number": "0"}.get(k),
}
NAMES = list(VARIANTS)


def _spoiled(base: dict, form: Form, variant: Variant | None, foreign: Foreign) -> dict:
    data = dict(base)
    for f in form.fields:
        kind = _kind(f)
        value = None if variant is None or kind == "token" else variant(kind, foreign)
        if value is not None:
            data[f["name"]] = value
    return data


def submissions(
    form: Form, foreign: Foreign, today: dt.date, variants: list[str]
) -> Iterator[tuple[str, dict]]:
    base: dict[str, Any] = {}
    for f in form.fields:
        if f["kind"] in {"checkbox", "radio"} and not f["checked"] and f["name"] in base:
            continue
        base[f["name"]] = _plausible(f, today)
    buttons = form.buttons[:3] or [("", "")]
    sent: set[tuple[tuple[str, str], ...]] = set()
    for button, pressed in buttons:
        extra = {button: pressed} if button else {}
        label = f" {button}={pressed}" if button else ""
        for name in ["plausible", *variants]:
            data = _spoiled(base, form, VARIANTS.get(name), foreign) | extra
            same = tuple(sorted((k, str(v)) for k, v in data.items()))
            if same not in sent:  # a form of only a token and a button: one submit, not eight
                sent.add(same)
                yield name + label, data


@dataclass
class Crawl:
    world: World
    client: Client
    foreign: Foreign
    requests: int = 0
    pages: int = 0  # GETs answered 200 with HTML: proof the crawl reached real pages
    errors: list[str] = field(default_factory=list)
    seen: set[tuple[str, str, tuple[str, ...]]] = field(default_factory=set)
    # Forms already given every variant (by URL name and fields): later roles get a sample.
    spoiled: dict[tuple[str, tuple[str, ...]], int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per URL name: where time goes

    def login(self, user: str | None) -> None:
        self.client.logout()
        if user:
            self.client.force_login(self.world.users[user])

    def send(self, user: str | None, method: str, url: str, data: dict, what: str) -> Any:
        """One request in a rolled-back savepoint; a 5xx or a raised exception is recorded."""
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        before = cookie.value if cookie else None
        self.requests += 1
        response = None
        try:
            with transaction.atomic():
                if method == "get":
                    response = self.client.get(url, data)
                else:
                    response = self.client.post(url, data)
                raise _Undo
        except _Undo:
            pass
        except Exception as error:  # noqa: BLE001  (every failure is collected, then reported)
            self.errors.append(f"{user} {method.upper()} {url} [{what}] {_brief(data)}: {error!r}")
        if response is not None and response.status_code >= 500:
            status = response.status_code
            self.errors.append(f"{user} {method.upper()} {url} [{what}] {_brief(data)}: {status}")
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        if (cookie.value if cookie else None) != before:
            self.login(user)  # a rolled-back password change or switch lost the session
        return response

    def crawl_form(self, user: str | None, page: str, form: Form) -> None:
        action = urljoin(page, form.action) if form.action else page
        path = urlsplit(action).path
        if any(path == reverse(name) for name in SKIP_ACTIONS):
            return
        names = tuple(sorted(f["name"] for f in form.fields))
        key = (str(user), path, names)
        if key in self.seen:
            return  # the header's forms and repeated rows: once per role is enough
        self.seen.add(key)
        # The first role to reach a form sends every variant; each later role sends one,
        # in turn, since bad input is handled (or not) the same whoever sends it.
        try:
            kind = (resolve(path).url_name or path, names)
        except Resolver404:
            return  # a form that leaves the site: not ours to crawl
        turn = self.spoiled.get(kind, -1) + 1
        self.spoiled[kind] = turn
        variants = NAMES if turn == 0 else [NAMES[turn % len(NAMES)]]
        if turn and kind[0] in HEAVY:
            return
        for what, data in submissions(form, self.foreign, dt.date.today(), variants):
            self.send(user, form.method, action, data, f"form on {page}: {what}")

    def crawl_page(self, user: str | None, url: str) -> None:
        response = self.send(user, "get", url, {}, "page")
        if response is None or response.status_code != 200:
            return
        if response.streaming or "html" not in response.get("Content-Type", ""):
            return  # a download (an export, an extract): nothing to fill in
        self.pages += 1
        for form in forms_of(response.content.decode()):
            self.crawl_form(user, url, form)

    def crawl_post(self, user: str | None, name: str, url: str) -> None:
        """A POST-only URL, sent the matrix's own data spoiled like a form's fields."""
        data = {k: v for k, v in _data(self.world, name, user).items() if isinstance(v, str | int)}
        fields = [
            {"name": k, "kind": "text", "value": str(v), "checked": False} for k, v in data.items()
        ]
        self.crawl_form(user, url, Form("post", url, fields))


def _brief(data: dict) -> str:
    """The values sent, each cut short, for the failure report."""
    shown = {k: (str(v)[:24] + "…" if len(str(v)) > 24 else str(v)) for k, v in data.items()}
    return (
        "{" + ", ".join(f"{k}={v!r}" for k, v in shown.items() if k != "csrfmiddlewaretoken") + "}"
    )


class _Undo(Exception):
    """Raised to roll one request back, so every request starts from the same world."""


def test_it_never_answers_a_server_error_to_any_role_or_input(world: World) -> None:
    logging.disable(logging.ERROR)  # each failure is collected below, not logged 2,000 times
    try:
        _crawl_everything(world)
    finally:
        logging.disable(logging.NOTSET)


def _crawl_everything(world: World) -> None:
    started = time.monotonic()
    other = world.people["other"]
    crawl = Crawl(world, Client(), Foreign(str(other.pk), other.public_id))
    for user in [role for role in ROLES if role != "inactive"]:  # inactive crawls as None
        crawl.login(user)
        for name in sorted(MATRIX):
            method, rels, expect = MATRIX[name]
            for rel in rels:
                if expect(user, rel) >= 400 and rel != rels[0]:
                    continue  # refused or missing: the first relation is tried, not all
                url = reverse(name, kwargs=_kwargs(world, name, rel))
                began = time.monotonic()
                if method == "GET":
                    crawl.crawl_page(user, url)
                elif name not in SKIP_ACTIONS:
                    crawl.crawl_post(user, name, url)
                spent = crawl.seconds.get(name, 0.0) + time.monotonic() - began
                crawl.seconds[name] = spent
        print(f"crawler: {user} done, {crawl.requests} requests so far", flush=True)
    seconds = time.monotonic() - started
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"\ncrawler: {crawl.requests} requests ({crawl.pages} pages), {len(crawl.errors)} 5xx,"
        f" {seconds:.0f} s"
        f" (process CPU {cpu.ru_utime + cpu.ru_stime:.0f} s, world included)"
    )
    slowest = sorted(crawl.seconds.items(), key=lambda item: -item[1])[:8]
    print("crawler: slowest URLs " + ", ".join(f"{n} {s:.0f} s" for n, s in slowest))
    assert crawl.errors == [], "\n".join(crawl.errors[:200])
    assert crawl.requests >= MINIMUM_REQUESTS and crawl.pages >= MINIMUM_PAGES
