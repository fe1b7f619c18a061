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


def records_pages(world: World) -> list[str]:
    """The records pages for the canary scan (tests/access/test_canaries.py)."""
    from django.urls import reverse

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
    ]
    for person in world.people.values():
        urls.append(reverse("justice_records", kwargs={"public_id": person.public_id}))
    return urls
