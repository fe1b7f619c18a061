"""Casework benchmark: server time of the case manager's busiest requests.

Run: .venv/bin/python benchmarks/casework.py [--runs 20] [--caseload 25]
On PostgreSQL: DATABASE_URL=postgres://.../NAME OPENLEAD_KEYS_DATABASE_URL=postgres://.../KEYS
(test_NAME databases are made and dropped).

Builds the test world on throwaway SQLite databases, gives alice a caseload of
`--caseload` participants (the LEAD maximum is 25) with a few contacts each, and prints the
median server time of: saving a quick street contact (the one-tap form), the caseload page
(as is, filtered, sorted by name and searched by name: the last two decrypt the whole
caseload's names in memory, so try `--caseload 300` too), one participant's casework
page, and the supervisor dashboard. The issue's
target is a street contact entered on a phone in under 30 seconds; the browser test
(tests/browser/test_casework_quick_contact.py) measures the whole flow, this the server part.

Then the casework page's cost (issue 16): its queries on both databases, the server-side
cursors among them (`DECLARE ... CURSOR`, PostgreSQL only), its form controls (inputs,
selects, options, textareas: the widgets rendered) and its size, and the same for each
form page it links to. The clients pass MFA as the suite's do (tests/mfa.py): without
it every page here was the 302 to the MFA enrolment page, timed as if it were the page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def _setup(caseload: int) -> Any:
    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment

    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    from django.utils import timezone

    from openlead.access.acting import Actor
    from openlead.casework import actions
    from openlead.people.actions import NewPerson, do_create_person
    from tests.casework.conftest import build_casework, seed_canaries
    from tests.conftest import build_world

    world = build_world()
    cw = build_casework(world)
    seed_canaries(cw, "own")  # a goal, an assessment, an appointment, funds and a link
    alice = world.users["alice"]
    for i in range(caseload - 1):
        person = do_create_person(
            NewPerson(
                program_id=world.programs["demo"].pk,
                legal_name=f"Bench Person {i}",
                status="active",
                case_manager_id=alice.pk,
            ),
            acting=Actor.from_who(cw.who),
        )
        actions.do_enroll(
            person,
            case_manager=alice,
            acting=cw.acting,
            started_on=dt.date.today() - dt.timedelta(days=90),
        )
        for days in (2, 9, 20):
            actions.do_record_contact(
                person,
                acting=Actor.of(alice),
                kind="street",
                duration_minutes=10,
                location="street",
                services=["check_in"],
                note="Bench note",
                occurred_at=timezone.now() - dt.timedelta(days=days),
            )
    return world


def _median_ms(runs: int, call: Any, status: int = 200) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == status, (response.status_code, response.get("Location"))
    return statistics.median(times)


def _client(user: Any) -> Any:
    from django.test import Client

    from tests.mfa import mark_session_verified

    client = Client()
    client.force_login(user)
    mark_session_verified(client, user)
    return client


CONTROLS = re.compile(r"<(input|select|option|textarea)\b")


def page_cost(client: Any, url: str) -> dict[str, int]:
    """One GET of `url`: queries on every database, server-side cursors, form controls."""
    from contextlib import ExitStack

    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    with ExitStack() as stack:
        captured = [stack.enter_context(CaptureQueriesContext(connections[a])) for a in connections]
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    sql = [q["sql"] for c in captured for q in c.captured_queries]
    html = response.content.decode()
    return {
        "queries": len(sql),
        "cursors": sum(1 for q in sql if re.search(r"\bDECLARE\b.*\bCURSOR\b", q, re.S)),
        "controls": len(CONTROLS.findall(html)),
        "options": html.count("<option"),
        "kB": len(html) // 1024,
    }


def widget_ms(runs: int, client: Any, url: str) -> tuple[float, float]:
    """Median server time of `url`, and the median part of it spent rendering form widgets
    (BoundField.as_widget, which runs each field's choice query when it has one)."""
    from django.forms.boundfield import BoundField

    real = BoundField.as_widget
    spent = [0.0]

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(self, *args, **kwargs)
        finally:
            spent[0] += (time.perf_counter() - started) * 1000

    totals, widgets = [], []
    BoundField.as_widget = timed  # type: ignore[method-assign]
    try:
        for _ in range(runs):
            spent[0] = 0.0
            totals.append(_median_ms(1, lambda: client.get(url)))
            widgets.append(spent[0])
    finally:
        BoundField.as_widget = real  # type: ignore[method-assign]
    return statistics.median(totals), statistics.median(widgets)


def _form_pages(html: str) -> list[str]:
    """The lazily loaded forms' own pages the casework page links to."""
    return sorted(set(re.findall(r'data-lazy-form="([^"]+)"', html)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--caseload", type=int, default=25)
    args = parser.parse_args()
    world = _setup(args.caseload)
    from django.db import connection

    alice, bob = _client(world.users["alice"]), _client(world.users["bob"])
    own = world.people["own"].public_id
    street = {"kind": "street", "duration_minutes": "10", "location": "street"}
    results = {
        # The anchor: the whole middleware stack (session, MFA, CSP) and a bare view.
        "anchor: /healthz signed in": _median_ms(args.runs, lambda: alice.get("/healthz")),
        "quick street contact (POST)": _median_ms(
            args.runs, lambda: alice.post(f"/people/{own}/contacts/new/", street), 302
        ),
        f"caseload today ({args.caseload} participants)": _median_ms(
            args.runs, lambda: alice.get("/casework/")
        ),
        "caseload, no contact in 7 days + status due": _median_ms(
            args.runs, lambda: alice.get("/casework/", {"no_contact": "7", "due": "on"})
        ),
        "caseload sorted by name (decrypts the caseload)": _median_ms(
            args.runs, lambda: alice.get("/casework/", {"sort": "name"})
        ),
        "caseload name search (POST, decrypts the caseload)": _median_ms(
            args.runs, lambda: alice.post("/casework/", {"q": "bench person 1"})
        ),
        "participant casework page": _median_ms(
            args.runs, lambda: alice.get(f"/people/{own}/casework/")
        ),
        "participant casework page, as the supervisor": _median_ms(
            args.runs, lambda: bob.get(f"/people/{own}/casework/")
        ),
        "supervisor dashboard": _median_ms(args.runs, lambda: bob.get("/casework/supervisor/")),
    }
    anchor = results["anchor: /healthz signed in"]
    for name, ms in results.items():
        print(f"{name:52s} median {ms:7.1f} ms over {args.runs} runs ({ms / anchor:5.1f} x anchor)")
    print(f"\nPage costs on {connection.vendor} (queries on both databases):")
    page = f"/people/{own}/casework/"
    for who, client in (("alice", alice), ("bob", bob)):
        html = client.get(page).content.decode()
        for url in [page, *_form_pages(html)]:
            cost = page_cost(client, url)
            median, widgets = widget_ms(args.runs, client, url)
            shown = " ".join(f"{k} {v:3d}" for k, v in cost.items())
            print(
                f"{who:5s} {url.split('/', 3)[-1]:24s} {shown}  median {median:6.1f} ms"
                f" ({median / anchor:4.1f} x anchor), widgets {widgets:5.1f} ms"
            )


if __name__ == "__main__":
    main()
