"""The scale benchmark's world builder (benchmarks/scale/world.py) at a small scale, on the
suite's database: COPY on PostgreSQL, executemany on SQLite. What it builds must read
through the real pages and access layer like a world made through the actions, or the
benchmark measures something the product never serves."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.scale.world import NOTES, Scale, build, existing, person_name
from openlead.access.models import AuditEvent, PersonKey, User
from openlead.casework.models import Contact, Enrollment
from openlead.people import vault
from openlead.people.models import Person, PersonNameToken

pytestmark = pytest.mark.django_db(databases="__all__")
SMALL = Scale(people=300, contacts=6_000, batch_people=100, report_every=2_000)


@pytest.fixture
def built() -> Any:
    seen: list[tuple[int, int]] = []
    world = build(SMALL, progress=lambda people, contacts: seen.append((people, contacts)))
    assert seen[-1] == (300, 6_000)
    return world


def test_it_writes_every_row_with_a_real_key_per_person(built: Any) -> None:
    people = Person.objects.filter(program_id=built.program_id)
    refs = list(people.values_list("public_id", flat=True))
    assert len(refs) == 300 and len(built.caseloads) == 12
    assert PersonKey.objects.filter(person_ref__in=refs).count() == 300
    assert Contact.objects.filter(person__in=people).count() == 6_000
    assert Enrollment.objects.filter(person__in=people, status="active").count() == 300
    assert PersonNameToken.objects.filter(person__in=people).exists()
    assert len({bytes(k.wrapped) for k in PersonKey.objects.filter(person_ref__in=refs)}) == 300
    first = people.order_by("pk").first()
    assert first is not None
    assert vault.get_person_field(first, vault.data_key(first.public_id), "legal_name") == (
        person_name(0)
    )


def test_it_reports_the_load_rate_per_stretch_of_contacts(built: Any) -> None:
    assert [(i.first, i.last) for i in built.intervals] == [
        (0, 2_000),
        (2_000, 4_000),
        (4_000, 6_000),
    ]
    assert all(i.rate > 0 and i.db_s > 0 and i.prep_s > 0 for i in built.intervals)


def test_its_caseload_page_shows_the_decrypted_names_through_the_access_layer(
    built: Any, client: Any
) -> None:
    caseload = built.caseloads[1]
    client.force_login(User.objects.get(pk=caseload.manager_id))
    response = client.get("/casework/")
    assert response.status_code == 200
    page = response.content.decode()
    assert all(person_name(25 + i) in page for i in range(25))
    assert person_name(0) not in page  # another case manager's participant
    event = AuditEvent.objects.filter(actor_id=caseload.manager_id).order_by("-seq").first()
    assert event is not None and event.action == "list"
    assert sorted(event.detail["people"]) == sorted(caseload.people)


def test_its_casework_page_shows_the_decrypted_contact_notes(built: Any, client: Any) -> None:
    caseload = built.caseloads[0]
    ref = caseload.people[3]
    client.force_login(User.objects.get(pk=caseload.manager_id))
    response = client.get(f"/people/{ref}/casework/")
    assert response.status_code == 200
    page = response.content.decode()
    assert person_name(3) in page
    assert any(note in page for note in NOTES)
    assert AuditEvent.objects.filter(person_ref=ref, actor_id=caseload.manager_id).exists()


def test_it_finds_the_world_again_for_a_second_run(built: Any) -> None:
    again = existing(caseloads=2)
    assert again is not None
    assert [c.people for c in again.caseloads] == [c.people for c in built.caseloads[:2]]
    assert again.rows == {"people": 300, "contacts": 6_000}
