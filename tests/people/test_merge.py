"""Merging a duplicate (issue 11): every row moves to the survivor, re-sealed under its key;
the absorbed record is a hidden tombstone; undo within the window restores both exactly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openlead.access.acting import Actor
from openlead.access.crypto import DecryptionError
from openlead.access.models import AuditEvent
from openlead.people import merge, vault
from openlead.people.models import Person, PersonMerge
from tests.casework.conftest import build_casework, seed_canaries
from tests.conftest import World
from tests.people.merge_helpers import fake_person, person_fields, sealed_values
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def pair(world: World) -> tuple[Person, Person]:
    """A fresh referred record (kept) and alice's enrolled participant with a CANARY in
    every sealed column: notes, identifiers, casework of every kind, and a referral."""
    cw = build_casework(world)
    seed_canaries(cw, "own")
    gone = world.people["own"]
    referral = make_referral(world, by="dave", name="Fake Duplicate Person")
    keep = referral.person  # referred, not enrolled: the merge may take the enrolled one
    world.canaries.extend(cw.canaries)
    return keep, gone


def _bob() -> Actor:
    from openlead.access.models import User

    bob = User.objects.get(username="bob")
    membership = bob.memberships.first()
    return Actor.of(bob, membership.role, membership.program_id)


def _merge(keep: Person, gone: Person, **choices: str) -> PersonMerge:
    return merge.check_merge_people(merge.MergePlan(keep, gone, choices), acting=_bob())


def test_it_refuses_case_managers_at_the_page_and_in_the_action(
    world: World, login: Any, pair: tuple[Person, Person]
) -> None:
    keep, gone = pair
    client = login("alice")
    url = reverse("merge_preview", args=[keep.public_id, gone.public_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {"confirm": "on"}).status_code == 403
    alice = world.users["alice"]
    acting = Actor.of(alice, "case_manager", world.programs["demo"].pk)
    with pytest.raises(ValidationError, match="supervisor or program admin"):
        merge.check_merge_people(merge.MergePlan(keep, gone), acting=acting)
    assert Person.objects.get(pk=gone.pk).merged_into is None


def test_it_refuses_a_merge_across_programs(world: World, login: Any) -> None:
    keep, other = world.people["same"], world.people["other"]
    url = reverse("merge_preview", args=[keep.public_id, other.public_id])
    assert login("bob").get(url).status_code == 404  # the same 404 as a missing id
    with pytest.raises(ValidationError, match="this program"):
        merge.check_merge_people(merge.MergePlan(keep, other), acting=Actor.system("t"))


@pytest.mark.parametrize("other", ["", "x" * 200, "<script>", "doesNot-Exist_123", "self"])
def test_it_refuses_a_bad_other_id_beside_the_field(world: World, login: Any, other: str) -> None:
    keep = world.people["same"]
    value = keep.public_id if other == "self" else other
    response = login("bob").post(reverse("merge_start", args=[keep.public_id]), {"other": value})
    assert response.status_code == 400
    assert 'id="id_other-error"' in response.content.decode()


def test_it_refuses_two_enrolled_records(world: World) -> None:
    with pytest.raises(ValidationError, match="Both records are enrolled"):
        _merge(world.people["same"], world.people["revoked"])


def test_it_moves_every_sealed_row_under_the_survivors_key(
    world: World, pair: tuple[Person, Person]
) -> None:
    keep, gone = pair
    before = sealed_values(gone)
    assert {label for label, _, _ in before} >= {
        "people.note",
        "people.externalidentifier",
        "casework.contact",
        "casework.goal",
        "casework.assessment",
        "casework.appointment",
        "casework.fundsentry",
        "casework.servicelink",
    }
    done = _merge(keep, gone)
    after = sealed_values(Person.objects.get(pk=keep.pk))  # opened under the kept key
    moved = {(label, pk, column): text for (label, pk, column), text in after.items()}
    for key, text in before.items():
        assert moved[key] == text, key
    assert sealed_values(Person.objects.get(pk=gone.pk)) == {}
    assert sum(done.counts.values()) == len(done.moved) > 0
    gone_key = vault.data_key(gone.public_id)  # kept for the undo window
    note = next(k for k in before if k[0] == "people.note")
    row = Person.objects.get(pk=keep.pk).notes.get(pk=note[1])
    with pytest.raises(DecryptionError):
        vault.open_note(row, gone_key)


def test_it_moves_a_referral_and_its_screening_opens_under_the_survivor(
    world: World,
) -> None:
    from openlead.referrals.queries import open_screening

    referral = make_referral(world, by="dave", name="Fake Referred Twin")
    before = open_screening(referral)
    keep = world.people["same"]
    _merge(keep, referral.person)
    referral.refresh_from_db()
    assert referral.person_id == keep.pk
    after = open_screening(referral)  # decrypts under the kept person's key
    assert (after.facts, after.decision, after.answers) == (
        before.facts,
        before.decision,
        before.answers,
    )
    assert after.facts


def test_it_keeps_the_chosen_values_and_the_other_name_as_an_alias(
    world: World, pair: tuple[Person, Person]
) -> None:
    keep, gone = pair
    theirs = person_fields(gone)
    _merge(keep, gone, legal_name="absorbed", phone="survivor")
    mine = person_fields(keep)
    assert mine["legal_name"] == theirs["legal_name"]
    assert "Fake Duplicate Person" in mine["aliases"] and theirs["aliases"] in mine["aliases"]
    tomb = Person.objects.get(pk=gone.pk)
    assert tomb.merged_into_id == keep.pk and tomb.legal_name is None
    assert tomb.name_dob_index == ""


def test_it_hides_the_absorbed_record_from_pages_lists_and_search(
    world: World, login: Any, pair: tuple[Person, Person]
) -> None:
    keep, gone = pair
    _merge(keep, gone)
    client = login("bob")
    assert client.get(reverse("person_detail", args=[gone.public_id])).status_code == 404
    assert gone.public_id not in client.get(reverse("people_list")).content.decode()
    alice = login("alice")
    assert alice.get(reverse("person_detail", args=[gone.public_id])).status_code == 404
    from openlead.access.helpers import scoped_people

    assert not scoped_people(_bob()).filter(pk=gone.pk).exists()


def test_it_audits_one_event_per_person_with_counts_never_values(
    world: World, pair: tuple[Person, Person]
) -> None:
    keep, gone = pair
    done = _merge(keep, gone)
    events = AuditEvent.objects.filter(purpose__startswith="merge people")
    assert sorted(e.person_ref for e in events) == sorted([keep.public_id, gone.public_id])
    text = " ".join(str(e.detail) for e in events)
    assert all(c not in text for c in world.canaries)
    assert all(e.detail["moved"] == len(done.moved) for e in events)


def test_it_refuses_an_undo_after_the_window(world: World, pair: tuple[Person, Person]) -> None:
    keep, gone = pair
    done = _merge(keep, gone)
    late = done.undo_until + dt.timedelta(seconds=1)
    with pytest.raises(ValidationError, match="undo window of 30 days has ended"):
        merge.check_undo_merge(done, acting=_bob(), now=late)
    assert Person.objects.get(pk=gone.pk).merged_into_id == keep.pk


def test_it_undoes_a_merge_exactly(world: World, pair: tuple[Person, Person]) -> None:
    keep, gone = pair
    rows_keep, rows_gone = sealed_values(keep), sealed_values(gone)
    fields_keep, fields_gone = person_fields(keep), person_fields(gone)
    index_gone = gone.name_dob_index
    done = _merge(keep, gone, legal_name="absorbed")
    merge.check_undo_merge(done, acting=_bob())
    assert sealed_values(Person.objects.get(pk=keep.pk)) == rows_keep
    assert sealed_values(Person.objects.get(pk=gone.pk)) == rows_gone
    assert person_fields(keep) == fields_keep and person_fields(gone) == fields_gone
    restored = Person.objects.get(pk=gone.pk)
    assert restored.merged_into is None and restored.name_dob_index == index_gone
    with pytest.raises(ValidationError, match="already undone"):
        merge.check_undo_merge(PersonMerge.objects.get(pk=done.pk), acting=_bob())


def test_it_merges_and_undoes_through_the_pages(world: World, login: Any) -> None:
    keep = fake_person(world, "Fake Page Person", phone="555-0101")
    gone = fake_person(world, "Fake Page Persn", phone="555-0102")
    client = login("bob")
    start = client.post(reverse("merge_start", args=[keep.public_id]), {"other": gone.public_id})
    preview = reverse("merge_preview", args=[keep.public_id, gone.public_id])
    assert start.status_code == 302 and start["Location"] == preview
    page = client.get(preview).content.decode()
    assert "Fake Page Person" in page and "Fake Page Persn" in page and "555-0102" in page
    refused = client.post(preview, {"keep_legal_name": "survivor"})  # no confirm, no phone
    assert refused.status_code == 400 and "Nothing was saved yet" in refused.content.decode()
    done = client.post(
        preview,
        {"keep_legal_name": "survivor", "keep_phone": "absorbed", "confirm": "on"},
        follow=True,
    )
    body = done.content.decode()
    assert "Records merged" in body and "You can undo this until" in body
    assert person_fields(keep)["phone"] == "555-0102"
    found = PersonMerge.objects.get(survivor=keep)
    undone = client.post(reverse("merge_undo", args=[found.public_id]), follow=True)
    assert "Merge undone" in undone.content.decode()
    assert person_fields(keep)["phone"] == "555-0101"
    assert person_fields(gone)["legal_name"] == "Fake Page Persn"


def test_it_finds_every_sealed_column_it_must_move() -> None:
    """A new model with sealed columns and a Person key needs a public id (or the vault's
    identifier convention), or merging could not open it: this fails first."""
    for link in merge.person_links():
        if merge.sealed_columns(link.model):
            names = {f.name for f in link.model._meta.fields}
            assert "public_id" in names or link.model._meta.label_lower == (
                "people.externalidentifier"
            ), link.model


def test_it_takes_an_id_with_dashes_or_a_pasted_address() -> None:
    from openlead.people.merge_forms import MergeStartForm

    for value in ("n-NTe_xEmIeBsdPp", "https://openlead.example/people/n-NTe_xEmIeBsdPp/"):
        form = MergeStartForm({"other": value})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["other"] == "n-NTe_xEmIeBsdPp"
