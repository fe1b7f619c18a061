"""Name-search benchmark (issue 11): p50/p95 latency of the blind-index name search on
100,000 people on PostgreSQL, beside plain indexed equality lookups on the same tables.

Run: .venv/bin/python benchmarks/search.py [--people 100000] [--queries 200]
     [--url postgres://postgres@127.0.0.1:5432/openlead_bench_search]

It (re)creates the database at --url and a key store beside it (same name + "_keys"),
migrates both, builds the test world (tests.conftest, fake personas), then BULK-INSERTS
the people directly for setup speed: Person rows with the name sealed under a per-person
data key, the wrapped keys, and the tokens by COPY, all computed by the real code
(people.tokens.person_tokens, vault, crypto) but without do_create_person's per-person
audit event. Faker names only (fixed seed), never real people.

Measured, each over the same misspelled queries (a typo, a nickname or the parts swapped):
  search   access.helpers.search_people_for as the supervisor: the token query, the ranking,
           the 25 people, their names decrypted, and the audit event; what a request pays
  rank     the ranking query alone, in the database (access.helpers.ranked_ids)
  anchor   a plain indexed equality on the same tables: one person by public_id, and one
           token's rows, so a slow machine shows as slow anchors too
The load average is printed before and after: on a shared machine it explains the noise.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/openlead_bench_search"


def _recreate(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for db in (name, f"{name}_keys"):
            conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
            conn.execute(f'CREATE DATABASE "{db}"')


def _setup(url: str) -> Any:
    os.environ["DATABASE_URL"] = url
    os.environ["OPENLEAD_KEYS_DATABASE_URL"] = f"{url}_keys"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", database="default", verbosity=0)
    call_command("migrate", database="keys", verbosity=0)
    from tests.conftest import build_world

    return build_world()


def _fake_people(count: int) -> list[tuple[str, str, str]]:
    from tests.people.test_search_quality import fake_people

    return fake_people(count, seed=2026)


def _bulk_insert(world: Any, people: list[tuple[str, str, str]]) -> list[Any]:
    """Person rows (name and birth date sealed), their wrapped keys, then the tokens by COPY."""
    from django.db import connections

    from openlead.access import crypto
    from openlead.access.models import PersonKey
    from openlead.people import vault
    from openlead.people.models import Person
    from openlead.people.tokens import person_tokens

    program = world.programs["demo"]
    ring, made = vault.keyring(), []
    for start in range(0, len(people), 5000):
        rows, keys = [], []
        for first, last, born in people[start : start + 5000]:
            person = Person(program=program, status="active")
            dek = crypto.new_data_key()
            kek_id, wrapped = ring.wrap(dek, person.public_id)
            keys.append(PersonKey(person_ref=person.public_id, kek_id=kek_id, wrapped=wrapped))
            vault.set_person_field(person, dek, "legal_name", f"{first} {last}")
            vault.set_person_field(person, dek, "date_of_birth", born)
            rows.append(person)
        PersonKey.objects.bulk_create(keys)
        made.extend(Person.objects.bulk_create(rows))
    raw = connections["default"].connection
    with raw.cursor() as cursor:
        with cursor.copy("COPY people_personnametoken (person_id, kind, token) FROM STDIN") as copy:
            for person, (first, last, born) in zip(made, people, strict=True):
                for kind, token in person_tokens(
                    program.pk,
                    legal_name=f"{first} {last}",
                    preferred_name="",
                    aliases="",
                    date_of_birth=born,
                ):
                    copy.write_row((person.pk, kind, token))
    raw.commit()
    with connections["default"].cursor() as cursor:
        # What autovacuum does to a live table; it lets the covering index answer alone.
        cursor.execute("VACUUM ANALYZE")
    return made


def _timed(func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    return (time.perf_counter() - start) * 1000, result


def _summary(label: str, times: list[float]) -> str:
    q = statistics.quantiles(times, n=100)
    return (
        f"{label:<8} p50 {statistics.median(times):7.1f} ms   p95 {q[94]:7.1f} ms   n={len(times)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--url", default=DEFAULT_URL)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}  ({os.cpu_count()} CPUs)")
    _recreate(args.url)
    world = _setup(args.url)
    began = time.perf_counter()
    people = _fake_people(args.people)
    made = _bulk_insert(world, people)
    from django.test import RequestFactory

    from openlead.access import helpers as h
    from openlead.linkage import names
    from openlead.people.models import Person, PersonNameToken
    from tests.people.test_search_quality import _nicknames, misspelled

    tokens = PersonNameToken.objects.count()
    print(f"setup: {len(made)} people, {tokens} tokens in {time.perf_counter() - began:.0f} s")
    request = RequestFactory().post("/people/")
    request.user, request.session, request.request_id = world.users["bob"], {}, "bench"
    rnd, nicknames = random.Random(7), _nicknames()
    program = world.programs["demo"].pk
    results: dict[str, list[float]] = {"search": [], "rank": [], "anchor": [], "anchor-t": []}
    top5 = top5_dob = 0
    for _ in range(args.queries):
        i = rnd.randrange(len(people))
        first, last, born = people[i]
        query = misspelled(first, last, rnd, nicknames)
        ms, (_, rows) = _timed(
            lambda q=query: h.search_people_for(request, h.PeopleQuery(name=q), purpose="bench")
        )
        results["search"].append(ms)
        top5 += made[i].public_id in [r.public_id for r in rows[:5]]
        wanted = h.wanted_tokens(program, names.query_keys(query))
        results["rank"].append(_timed(lambda w=wanted: h.ranked_ids(None, w, h.LIST_LIMIT))[0])
        with_dob = h.wanted_tokens(program, names.query_keys(query) + names.birth_date_query(born))
        top5_dob += made[i].pk in h.ranked_ids(None, with_dob, 5)
        ref = made[rnd.randrange(len(made))].public_id
        results["anchor"].append(
            _timed(lambda r=ref: Person.objects.filter(public_id=r).first())[0]
        )
        one = next(iter(wanted))
        lookup = PersonNameToken.objects.filter(token=one).values_list("person_id", flat=True)
        results["anchor-t"].append(_timed(lambda q=lookup: list(q[:25]))[0])
    from django.db import connection

    print(
        f"database: {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}"
    )
    for label, times in results.items():
        print(_summary(label, times))
    print("  anchor = Person by public_id; anchor-t = one token's rows (both indexed equality)")
    print(f"right person in the top 5: {top5}/{args.queries} misspelled names alone")
    print(f"                       and {top5_dob}/{args.queries} with the date of birth")
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
