"""The statewide world of issue 16, built through bulk paths: one program, a case manager
for every 25 participants, each participant with their own real data key and encrypted
name, an open enrollment, name tokens, and their share of the contacts, each contact's
note encrypted under that participant's key.

The keys and ciphertexts come from the product's own code (`crypto.new_data_key` and the
key ring's `wrap`, as `people.actions.do_create_person` uses them; `vault` for every
encrypted field; `people.tokens.person_tokens` for the search tokens), so the pages read
this world exactly as they read one made through the actions. Only the row writing is
bulk (benchmarks/scale/bulk.py). Used by benchmarks/caseload_scale.py at full scale and
by tests/casework/test_scale_world.py at a small one. Fake personas only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from benchmarks.scale.bulk import BulkTable, deferred_indexes, last_pk, new_rows_after
from openlead.access import crypto
from openlead.access.acting import Actor
from openlead.access.models import Membership, PersonKey, User, new_public_id
from openlead.access.roles import Role
from openlead.casework.models import Contact, Enrollment, EnrollmentEvent
from openlead.people import vault
from openlead.people.models import Person, PersonNameToken
from openlead.people.tokens import person_tokens
from openlead.programs.actions import do_create_program
from openlead.programs.models import Organization, Program

SLUG = "statewide-scale"
FIRST = ["Jordan", "Casey", "Riley", "Morgan", "Taylor", "Alex", "Sam", "Jamie", "Robin", "Drew"]
LAST = ["Fakename", "Examplesson", "Testperson", "Sampleton", "Doefake", "Mockley", "Placeholt"]
NOTES = [
    "Checked in at the drop-in; talked about the housing forms.",
    "Met outside the library, brought socks and a bus pass.",
    "Phone call: the ID office appointment is on for next week.",
    "Went with them to the clinic intake; it went well.",
]
KINDS = ["street", "office", "phone", "accompaniment"]
PLACES = ["street", "office", "shelter", "service", "remote"]


def person_name(index: int) -> str:
    """The fake legal name of the index-th participant built."""
    return f"{FIRST[index % 10]} {LAST[index % 7]}{index}"


@dataclass(frozen=True)
class Scale:
    people: int = 100_000
    contacts: int = 5_000_000
    caseload: int = 25  # the LEAD maximum: each case manager gets this many participants
    batch_people: int = 2_000  # per transaction; 100,000 contacts at the default ratio
    report_every: int = 1_000_000  # contacts per line of the rate report
    seed: int = 16


@dataclass(frozen=True)
class Caseload:
    manager_id: int
    username: str
    people: list[str]  # public ids, in the order built


@dataclass
class Interval:
    """One stretch of the contacts load: how fast, and where the time went."""

    first: int
    last: int
    seconds: float
    prep_s: float  # keys, encryption and row building in Python
    db_s: float  # COPY (or executemany) of all the batch's tables
    load: float
    wal_mb: float = 0.0  # WAL written meanwhile (PostgreSQL): full-page images show here

    @property
    def rate(self) -> float:
        return (self.last - self.first) / self.seconds if self.seconds else 0.0


@dataclass
class Built:
    program_id: int
    caseloads: list[Caseload]
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    intervals: list[Interval] = field(default_factory=list)
    index_rebuild_s: dict[str, float] = field(default_factory=dict)


Progress = Callable[[int, int], None]  # (people done, contacts done)


def build(
    scale: Scale, *, progress: Progress | None = None, defer_indexes: str | None = None
) -> Built:
    """Build the world in the current databases (main and key store). `defer_indexes`:
    "all" drops the contact table's indexes for the load, a column name only its own."""
    started = time.perf_counter()
    program = do_create_program(
        acting=Actor.system("scale world"), name="Statewide Scale LEAD", slug=SLUG
    )
    managers = _managers(program.pk, math.ceil(scale.people / scale.caseload))
    built = Built(program.pk, [Caseload(pk, name, []) for pk, name in managers])
    loader = _Loader(scale, program.pk, built)
    column = "" if defer_indexes == "all" else (defer_indexes or "")
    deferring = deferred_indexes(Contact, built.index_rebuild_s, column)
    with deferring if defer_indexes else contextlib.nullcontext():
        for first in range(0, scale.people, scale.batch_people):
            loader.batch(first, min(first + scale.batch_people, scale.people))
            if progress is not None:
                progress(loader.people_done, loader.contacts_done)
    loader.close_interval()
    built.seconds = time.perf_counter() - started
    return built


def _managers(program_id: int, count: int) -> list[tuple[int, str]]:
    """`count` case managers in one organization, with unusable passwords (the benchmark
    logs them in through sessions, benchmarks/scale/sessions.py)."""
    org = Organization.objects.create(
        name="Statewide Scale Case Management", kind="case_management"
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"scale-cm-{i:05d}",
                first_name="Case",
                last_name=f"Manager {i}",
                password=unusable,
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, program_id=program_id, organization=org, role=Role.CASE_MANAGER)
            for u in users
        ],
        batch_size=2000,
    )
    return [(u.pk, u.username) for u in users]


class _Loader:
    """Writes the people in batches and keeps the rate figures of the contacts."""

    def __init__(self, scale: Scale, program_id: int, built: Built) -> None:

        self.scale, self.program_id, self.built = scale, program_id, built
        self.rng = random.Random(scale.seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.keys = BulkTable(PersonKey, ["person_ref", "kek_id", "wrapped"], using="keys")
        self.people = BulkTable(
            Person,
            ["public_id", "status", "case_manager", "referred_at", "legal_name",
             "date_of_birth", "name_dob_index", "sex"],
            fixed={"program_id": program_id},
        )  # fmt: skip
        self.tokens = BulkTable(PersonNameToken, ["person", "kind", "token"])
        self.enrollments = BulkTable(
            Enrollment,
            ["public_id", "person", "case_manager", "started_on"],
            fixed={"program_id": program_id, "status": "active"},
        )
        self.events = BulkTable(
            EnrollmentEvent,
            ["enrollment", "on", "to_manager"],
            fixed={"kind": "enrolled", "at": self.now},
        )
        self.contacts = BulkTable(
            Contact,
            ["public_id", "person", "occurred_at", "kind", "duration_minutes", "location",
             "note", "author"],
            fixed={"services": ["check_in"]},
        )  # fmt: skip
        self.people_done = self.contacts_done = 0
        self._open = Interval(0, 0, 0.0, 0.0, 0.0, 0.0)
        self._wal_at = _wal_position()

    def contacts_of(self, index: int) -> int:
        base, extra = divmod(self.scale.contacts, self.scale.people)
        return base + (1 if index < extra else 0)

    def batch(self, first: int, last: int) -> None:
        started = time.perf_counter()
        people = [self._person(i) for i in range(first, last)]
        prep = time.perf_counter() - started
        db = self.keys.write(self.keys.rows((p.ref, p.kek_id, p.wrapped) for p in people))
        with transaction.atomic():
            db_main, prep_main, contacts = self._write_main(people)
        self._count(len(people), contacts, prep + prep_main, db + db_main, started)

    def _person(self, index: int) -> _Person:

        ref = new_public_id()
        dek = crypto.new_data_key()
        kek_id, wrapped = vault.keyring().wrap(dek, ref)
        name, dob = (
            person_name(index),
            f"19{50 + index % 40}-{index % 12 + 1:02d}-{index % 28 + 1:02d}",
        )
        sealed = Person(public_id=ref, program_id=self.program_id)
        vault.set_person_field(sealed, dek, "legal_name", name)
        vault.set_person_field(sealed, dek, "date_of_birth", dob)
        caseload = self.built.caseloads[index // self.scale.caseload]
        caseload.people.append(ref)
        days = self.rng.randrange(60, 720)
        return _Person(ref, dek, kek_id, wrapped, name, dob, sealed, caseload.manager_id, days)

    def _write_main(self, people: list[_Person]) -> tuple[float, float, int]:

        t0 = time.perf_counter()
        start_pk = last_pk(Person)
        rows = self.people.rows(
            (p.ref, "active", p.manager_id, self.now - dt.timedelta(days=p.days + 3),
             p.sealed.legal_name, p.sealed.date_of_birth, vault.name_dob_index(p.name, p.dob), 99)
            for p in people
        )  # fmt: skip
        prep = time.perf_counter() - t0
        db = self.people.write(rows)
        pks = [pk for pk, _ in new_rows_after(Person, start_pk, "public_id", count=len(people))]
        t0 = time.perf_counter()
        tokens = self.tokens.rows(
            (pk, kind, token)
            for pk, p in zip(pks, people, strict=True)
            for kind, token in person_tokens(
                self.program_id, legal_name=p.name, preferred_name="", aliases="",
                date_of_birth=p.dob,
            )
        )  # fmt: skip
        enrollments = self.enrollments.rows(
            (new_public_id(), pk, p.manager_id, self.today - dt.timedelta(days=p.days))
            for pk, p in zip(pks, people, strict=True)
        )
        prep += time.perf_counter() - t0
        db += self.tokens.write(tokens)
        start_enrollment = last_pk(Enrollment)
        db += self.enrollments.write(enrollments)
        enrolled = new_rows_after(Enrollment, start_enrollment, "person", count=len(people))
        t0 = time.perf_counter()
        events = self.events.rows(
            (epk, self.today - dt.timedelta(days=p.days), p.manager_id)
            for (epk, _), p in zip(enrolled, people, strict=True)
        )
        contacts = self.contacts.rows(self._contacts(pks, people))
        prep += time.perf_counter() - t0
        db += self.events.write(events)
        db += self.contacts.write(contacts)
        return db, prep, len(contacts)

    def _contacts(self, pks: list[int], people: list[_Person]) -> Iterator[tuple[Any, ...]]:

        rng, label = self.rng, "casework.contact"
        for offset, (pk, p) in enumerate(zip(pks, people, strict=True)):
            minutes = p.days * 24 * 60
            for _ in range(self.contacts_of(self.people_done + offset)):
                ref = new_public_id()
                note = vault.seal_text(p.dek, rng.choice(NOTES), label, ref, "note")
                at = self.now - dt.timedelta(minutes=rng.randrange(minutes))
                kind, place = rng.choice(KINDS), rng.choice(PLACES)
                yield (ref, pk, at, kind, rng.choice((10, 15, 30, 45)), place, note, p.manager_id)

    def _count(self, people: int, contacts: int, prep: float, db: float, started: float) -> None:
        self.people_done += people
        self.contacts_done += contacts
        rows = self.built.rows
        for name, count in (("people", people), ("contacts", contacts)):
            rows[name] = rows.get(name, 0) + count
        block = self._open
        block.seconds += time.perf_counter() - started
        block.prep_s += prep
        block.db_s += db
        block.last = self.contacts_done
        if self.contacts_done - block.first >= self.scale.report_every:
            self.close_interval()

    def close_interval(self) -> None:
        block = self._open
        if block.last > block.first:
            block.load = os.getloadavg()[0]
            wal_at = _wal_position()
            block.wal_mb = (wal_at - self._wal_at) / 2**20
            self._wal_at = wal_at
            self.built.intervals.append(block)
        self._open = Interval(self.contacts_done, self.contacts_done, 0.0, 0.0, 0.0, 0.0)


def _wal_position() -> int:
    """Bytes of WAL written since the server's start (0 where there is no WAL)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@dataclass
class _Person:
    ref: str
    dek: bytes
    kek_id: str
    wrapped: bytes
    name: str
    dob: str
    sealed: Any  # an unsaved Person holding the ciphertexts
    manager_id: int
    days: int  # enrolled this many days ago


def existing(caseloads: int) -> Built | None:
    """The world already in these databases (the first `caseloads` case managers'), if any."""

    program = Program.objects.filter(slug=SLUG).first()
    if program is None:
        return None
    managers = User.objects.filter(username__startswith="scale-cm-").order_by("username")
    loads = []
    for user in managers[:caseloads]:
        refs = Person.objects.filter(case_manager=user).order_by("pk")
        loads.append(
            Caseload(user.pk, user.username, list(refs.values_list("public_id", flat=True)))
        )
    people = Person.objects.filter(program=program).count()
    contacts = Contact.objects.filter(person__program=program).count()
    return Built(program.pk, loads, rows={"people": people, "contacts": contacts})
