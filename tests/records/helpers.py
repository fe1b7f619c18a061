"""Fake justice records and links for the records tests (no real personal data)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from tests.conftest import World

FAKE_IDENTITY = {
    "first_name": "Jordan",
    "last_name": "Fakename",
    "dob": "1988-05-14",
    "sex": "M",
    "state_id": "WA90000001",
}


def make_record(
    program: Any,
    external_id: str,
    *,
    source: str = "test-rms",
    kind: str = "arrest",
    **identity: str,
) -> Any:
    from openlead.records.keys import sealer_for
    from openlead.records.models import BatchStatus, ImportBatch, JusticeRecord

    batch, _ = ImportBatch.objects.get_or_create(
        source=source,
        file_sha256="0" * 64,
        mapping_sha256="0" * 64,
        defaults={"file_name": "fixture.csv", "status": BatchStatus.COMPLETE},
    )
    sealer = sealer_for(source, create=True)
    ident = {**FAKE_IDENTITY, **identity}
    return JusticeRecord.objects.create(
        source=source,
        external_id=external_id,
        batch=batch,
        program=program,
        kind=kind,
        occurred_on=dt.date(2025, 3, 2),
        raw_code="ARR",
        raw_text="JUSTICE-RECORD-" + external_id,
        identity=sealer.seal(external_id, ident),
        birth_year=int(ident["dob"][:4]),
    )


def make_link(world: World, key: str, person_key: str, status: str = "pending") -> Any:
    """A link (cached in world.consents under `link-KEY`) between a person and a new record."""
    from django.utils import timezone

    from openlead.records.models import PersonRecordLink

    cache_key = f"link-{key}"
    if cache_key in world.consents:
        return world.consents[cache_key]
    person = world.people[person_key]
    record = make_record(person.program, f"EV-{key}")
    link = PersonRecordLink.objects.create(
        person=person,
        record=record,
        probability=0.7,
        band="review" if status == "pending" else "auto_accept",
        status=status,
        decided_at=None if status == "pending" else timezone.now(),
    )
    world.consents[cache_key] = link
    return link


def make_comparison_person(
    program: Any, external_id: str, *, pool: str = "test-pool", **identity: str
) -> Any:
    """A comparison-pool person (not a participant) sealed like an imported one."""
    from openlead.records.keys import COMPARISON_TABLE, sealer_for
    from openlead.records.models import ComparisonPerson, comparison_source

    ident = {**FAKE_IDENTITY, **identity}
    sealer = sealer_for(comparison_source(program.pk, pool), create=True, table=COMPARISON_TABLE)
    return ComparisonPerson.objects.create(
        program=program,
        pool=pool,
        external_id=external_id,
        identity=sealer.seal(external_id, ident),
        birth_year=int(ident["dob"][:4]) if ident["dob"][:4].isdigit() else None,
        index_date=dt.date(2025, 1, 15),
        black_af_american=True,
        sex=1,
    )


def make_comparison_link(world: World, key: str, status: str = "pending") -> Any:
    """A link of a new comparison person of the demo program, whose names are canaries."""
    from django.utils import timezone

    from openlead.records.models import PersonRecordLink

    cache_key = f"comparison-link-{key}"
    if cache_key in world.consents:
        return world.consents[cache_key]
    program = world.programs["demo"]
    marker = f"CANARY-comparison-{key}-{uuid.uuid4().hex[:8]}"
    world.canaries.extend([f"{marker}-first", f"{marker}-last"])
    person = make_comparison_person(
        program, f"CMP-{key}", first_name=f"{marker}-first", last_name=f"{marker}-last"
    )
    link = PersonRecordLink.objects.create(
        comparison=person,
        record=make_record(program, f"EV-cmp-{key}"),
        probability=0.7,
        band="review" if status == "pending" else "auto_accept",
        status=status,
        decided_at=None if status == "pending" else timezone.now(),
    )
    world.consents[cache_key] = link
    return link


def make_run(world: World, program_key: str, status: str = "complete") -> Any:
    from openlead.records.models import LinkageRun

    cache_key = f"run-{program_key}-{status}"
    if cache_key not in world.consents:
        world.consents[cache_key] = LinkageRun.objects.create(
            program=world.programs["demo" if program_key == "own" else program_key],
            status=status,
            participants=3,
            records=5,
        )
    return world.consents[cache_key]


def make_batch(world: World, rel: str, status: str = "partial") -> Any:
    """An import batch with one rejected row: rel own = the demo program's, shared = imported
    without --program (every program's), other = the other program's."""
    from openlead.records.models import ImportBatch, ImportRowError

    cache_key = f"batch-{rel}-{status}"
    if cache_key in world.consents:
        return world.consents[cache_key]
    program = {"own": world.programs["demo"], "shared": None}.get(rel, world.programs.get(rel))
    running = status == "running"
    batch = ImportBatch.objects.create(
        source=f"test-{rel}",
        program=program,
        file_name=f"extract-{rel}.csv",
        file_sha256=uuid.uuid4().hex * 2,
        mapping_sha256="0" * 64,
        status=status,
        rows_seen=4000 if running else 10,
        rows_total=10000 if running else 10,
        rows_imported=3990 if running else 9,
        errors=1,
    )
    ImportRowError.objects.create(
        batch=batch, row_number=7, column="EventDate", reason="not a date (expected MM/DD/YYYY)"
    )
    world.consents[cache_key] = batch
    return batch


def records_pages(world: World) -> list[str]:
    """The records pages for the canary scan (tests/access/test_canaries.py)."""
    from django.urls import reverse

    comparison = make_comparison_link(world, "canary")
    pending = make_link(world, "canary-pending", "own")
    accepted = make_link(world, "canary-accepted", "own", status="accepted")
    # The linked record's text is a canary too: only the care team may ever see it.
    marker = f"CANARY-justice-{uuid.uuid4().hex[:12]}"
    accepted.record.raw_text = marker
    accepted.record.save(update_fields=["raw_text"])
    world.canaries.append(marker)
    urls = [
        reverse("link_review_queue"),
        reverse("link_review", kwargs={"link_id": pending.public_id}),
        reverse("link_review", kwargs={"link_id": comparison.public_id}),
        reverse("linkage_run", kwargs={"run_id": make_run(world, "own").public_id}),
        reverse("import_batches"),
        reverse("import_batch", kwargs={"batch_id": make_batch(world, "own").public_id}),
        reverse("duplicate_pairs"),
        reverse("duplicate_pair", kwargs={"pair_id": make_duplicate(world, "pending").public_id}),
    ]
    for person in world.people.values():
        urls.append(reverse("justice_records", kwargs={"public_id": person.public_id}))
    return urls


def _text(value: Any) -> str:
    return "" if value is None or str(value) in {"<NA>", "nan", "None"} else str(value)


def seed_linkable(program: Any, *, n_people: int = 60, seed: int = 7) -> tuple[Any, dict[str, Any]]:
    """Synthetic people: the first half participants, the rest a comparison pool; records
    (some corrupted copies of them) imported for the program. Returns the data and
    {synthetic person id: Person or ComparisonPerson}."""
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.linkage import make_linkage_data
    from openlead.people.actions import NewPerson, do_create_person
    from openlead.records.keys import sealer_for
    from openlead.records.models import BatchStatus, ImportBatch, JusticeRecord

    data = make_linkage_data(n_people=n_people, n_records=n_people * 7, match_share=0.15, seed=seed)
    who = audit.Who(None, "test", "", None)
    people: dict[str, Any] = {}
    for index, row in enumerate(data.people.itertuples(index=False)):
        if index < n_people // 2:
            people[str(row.person_id)] = do_create_person(
                NewPerson(
                    program_id=program.pk,
                    legal_name=f"{row.first_name} {row.last_name}",
                    date_of_birth=str(row.dob),
                    sex={"F": 0, "M": 1}[str(row.sex)],
                    status="active",
                ),
                acting=Actor.from_who(who),
            )
        else:
            people[str(row.person_id)] = make_comparison_person(
                program,
                str(row.person_id),
                pool="seeded",
                first_name=str(row.first_name),
                last_name=str(row.last_name),
                dob=str(row.dob),
                sex=str(row.sex),
                state_id="",
            )
    batch = ImportBatch.objects.create(
        source="seed", file_name="seed.csv", file_sha256="1" * 64, mapping_sha256="1" * 64,
        status=BatchStatus.COMPLETE,
    )  # fmt: skip
    sealer = sealer_for("seed", create=True)
    JusticeRecord.objects.bulk_create(
        [
            JusticeRecord(
                source="seed",
                external_id=str(row.record_id),
                batch=batch,
                program=program,
                kind="arrest",
                occurred_on=dt.date(2025, 6, 1),
                raw_code="ARR",
                identity=sealer.seal(
                    str(row.record_id),
                    {k: _text(getattr(row, k)) for k in ("first_name", "last_name", "dob", "sex")},
                ),
                birth_year=int(_text(row.dob)[:4]) if _text(row.dob) else None,
            )
            for row in data.records.itertuples(index=False)
        ]
    )
    return data, people


def make_duplicate(world: World, rel: str) -> Any:
    """A duplicate candidate: pending = "own" and "same" of the demo program; decided = "same"
    and "revoked", already marked not the same; other = a pair of the other program."""
    from openlead.records.models import DuplicatePair

    cache_key = f"duplicate-{rel}"
    if cache_key in world.consents:
        return world.consents[cache_key]
    keys = {"pending": ("own", "same"), "decided": ("same", "revoked"), "other": ("own", "revoked")}
    a, b = sorted([world.people[k] for k in keys[rel]], key=lambda p: p.pk)
    program = world.programs["other" if rel == "other" else "demo"]
    pair = DuplicatePair.objects.create(
        program=program,
        left=a,
        right=b,
        probability=0.8,
        band="review",
        weights=FAKE_WEIGHTS,
        status="different" if rel == "decided" else "pending",
    )
    world.consents[cache_key] = pair
    return pair


# A pair's explanation as linkage.explain.pair_weights gives it: levels and numbers only.
FAKE_WEIGHTS = {
    "prior": -9.2,
    "fields": {
        "first_name": {"level": "exact", "weight": 4.1},
        "last_name": {"level": "typo", "weight": 3.2},
        "dob": {"level": "exact", "weight": 9.1},
        "sex": {"level": "different", "weight": -2.0},
    },
    "frequency": 0.4,
    "total": 5.6,
}
