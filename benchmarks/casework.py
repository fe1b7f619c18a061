"""Casework benchmark: server time of the case manager's busiest requests.

Run: .venv/bin/python benchmarks/casework.py [--runs 20] [--caseload 25]

Builds the test world on throwaway SQLite databases, gives alice a caseload of
`--caseload` participants (the LEAD maximum is 25) with a few contacts each, and prints the
median server time of: saving a quick street contact (the one-tap form), the caseload page
(as is, filtered, sorted by name and searched by name: the last two decrypt the whole
caseload's names in memory, so try `--caseload 300` too), one participant's casework
page, and the supervisor dashboard. The issue's
target is a street contact entered on a phone in under 30 seconds; the browser test
(tests/browser/test_casework_quick_contact.py) measures the whole flow, this the server part.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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
    from tests.casework.conftest import build_casework
    from tests.conftest import build_world

    world = build_world()
    cw = build_casework(world)
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


def _median_ms(runs: int, call: Any) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 302), response.status_code
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--caseload", type=int, default=25)
    args = parser.parse_args()
    world = _setup(args.caseload)
    from django.test import Client

    alice, bob = Client(), Client()
    alice.force_login(world.users["alice"])
    bob.force_login(world.users["bob"])
    own = world.people["own"].public_id
    street = {"kind": "street", "duration_minutes": "10", "location": "street"}
    results = {
        "quick street contact (POST)": _median_ms(
            args.runs, lambda: alice.post(f"/people/{own}/contacts/new/", street)
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
        "supervisor dashboard": _median_ms(args.runs, lambda: bob.get("/casework/supervisor/")),
    }
    for name, ms in results.items():
        print(f"{name:52s} median {ms:7.1f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
