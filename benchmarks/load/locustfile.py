"""`make load`: 30 simulated staff (case managers, officers, supervisors) for 3 minutes
against `openlead serve` (gunicorn) on PostgreSQL, on loopback only (run.py refuses any
other host). Results: docs/operations.md#load-test.

Each persona signs in once, with password and TOTP code (demo_login.py), when the test
starts; the simulated users of that persona share its session, as the tabs of one
browser would. (Signing 30 users in separately would reuse a TOTP step per device, which
django-otp rightly refuses.)
"""

from __future__ import annotations

import random
import re
import sys
import uuid
from pathlib import Path
from typing import Any, ClassVar

import requests
from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).parent))
from demo_login import csrf, log_in  # noqa: E402

PEOPLE_LINK = re.compile(r'href="/people/([A-Za-z0-9_-]{8,})/"')
SESSIONS: dict[str, dict[str, str]] = {}
PEOPLE: dict[str, list[str]] = {}


@events.test_start.add_listener
def _sign_in(environment: Any, **_: Any) -> None:
    """Sign each persona in once (a different TOTP device each) and find their people."""
    base = environment.host.rstrip("/")
    for username in ("alice", "ivan", "bob", "dave"):
        session = requests.Session()
        log_in(session, base, username)
        SESSIONS[username] = session.cookies.get_dict()
        page = session.get(f"{base}/people/")
        PEOPLE[username] = sorted(set(PEOPLE_LINK.findall(page.text)))


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    personas: ClassVar[tuple[str, ...]] = ()

    def on_start(self) -> None:
        self.persona = random.choice(self.personas)  # noqa: S311  (load mix, not security)
        self.client.cookies.update(SESSIONS[self.persona])

    def person(self) -> str | None:
        people = PEOPLE.get(self.persona) or []
        return random.choice(people) if people else None  # noqa: S311

    def get(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/login/" in response.url:
                response.failure(f"{response.status_code} at {response.url}")


class CaseManager(Staff):
    weight = 3
    personas = ("alice", "ivan")

    @task(3)
    def caseload(self) -> None:
        self.get("/casework/", "caseload")

    @task(2)
    def people(self) -> None:
        self.get("/people/", "people list")

    @task(4)
    def person_page(self) -> None:
        ref = self.person()
        if ref:
            self.get(f"/people/{ref}/", "person page")

    @task(3)
    def casework_page(self) -> None:
        ref = self.person()
        if ref:
            self.get(f"/people/{ref}/casework/", "casework page")


class Officer(Staff):
    weight = 2
    personas = ("dave",)

    @task(3)
    def home(self) -> None:
        self.get("/", "home")

    @task(2)
    def my_referrals(self) -> None:
        self.get("/referrals/", "referral list")

    @task(1)
    def refer(self) -> None:
        """An arrest referral: the form, then the screened save (a write, audited)."""
        form = self.client.get("/referrals/new/arrest/", name="referral form")
        token = re.search(r'name="submit_token" value="([^"]+)"', form.text)
        data = {
            "csrfmiddlewaretoken": csrf(form.text),
            "submit_token": token.group(1) if token else "",
            "name": f"Fake Load Person {uuid.uuid4().hex[:6]}",
            "report_number": f"26-{random.randint(1000, 9999)}",  # noqa: S311
            "conduct": "possession",
            "drug_grams": "1.0",
            "amenable": "yes",
            "applies": "none",
        }
        with self.client.post(
            "/referrals/new/arrest/",
            data=data,
            name="referral save",
            headers={"Referer": f"{self.host}/referrals/new/arrest/"},
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/referrals/new/" in response.url:
                response.failure(f"referral not saved: {response.status_code} {response.url}")


class Supervisor(Staff):
    weight = 1
    personas = ("bob",)

    @task(2)
    def board(self) -> None:
        self.get("/casework/supervisor/", "supervisor board")

    @task(2)
    def clock(self) -> None:
        self.get("/referrals/intake-clock/", "intake clock")

    @task(2)
    def people(self) -> None:
        self.get("/people/", "people list")

    @task(3)
    def person_page(self) -> None:
        ref = self.person()
        if ref:
            self.get(f"/people/{ref}/", "person page")
