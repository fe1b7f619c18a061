"""Merging two records of the same person, and undoing it (issue 11, "Duplicates").

A merge keeps every record. The survivor keeps its data key; every row about the absorbed
person (notes, identifiers, consents, and every app's rows that point at a Person: casework,
referrals, justice-record links, search tokens...) is found through the model registry, so
this module imports no app above people. Each encrypted column of those rows is opened
under the absorbed person's key and sealed again under the survivor's, with the AAD of the
row (table, row public id, column; identifiers bind the person's public id), then the row
is re-pointed to the survivor. The absorbed Person stays as a tombstone (`merged_into`),
hidden from every scope, and its key is kept so the merge can be undone until
`UNDO_WINDOW` has passed (docs/merging.md). One transaction; one audit event per person,
with counts, never values.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from openlead.access.acting import Actor
from openlead.access.crypto import DecryptionError
from openlead.access.models import AuditAction, AuditOutcome
from openlead.access.policy import Capability
from openlead.access.roles import FieldGroup
from openlead.people import tokens, vault
from openlead.people.models import EnrollmentStatus, ExternalIdentifier, Person, PersonMerge

# Long enough for a supervisor to notice a wrong merge at the next month's status review;
# short enough that the absorbed person's data key (kept only for the undo) does not linger.
UNDO_WINDOW = dt.timedelta(days=30)
# Fields a person has one of: the supervisor chooses which record's value survives.
SINGLE_FIELDS = (
    ("legal_name", "Legal name"),
    ("date_of_birth", "Date of birth"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("address", "Address"),
)
GROUPS = [FieldGroup.IDENTITY, FieldGroup.CONTACT, FieldGroup.ENROLLMENT_STATUS]
ENROLLED = (EnrollmentStatus.ACTIVE, EnrollmentStatus.INACTIVE)


def person_columns() -> list[str]:
    """Every encrypted column of Person (other helpers add some: found, not listed)."""
    return [f.name for f in Person._meta.concrete_fields if isinstance(f, models.BinaryField)]


def open_fields(person: Person, dek: bytes) -> dict[str, str]:
    return {c: vault.get_person_field(person, dek, c) for c in person_columns()}


@dataclass(frozen=True)
class Link:
    """One foreign key to Person on some model (found in the app registry)."""

    model: type[models.Model]
    field: str


def person_links() -> list[Link]:
    """Every foreign key to Person outside the merge's own bookkeeping."""
    links = []
    for model in apps.get_models():
        if model in (Person, PersonMerge):
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is Person:
                links.append(Link(model, f.name))
    return links


def sealed_columns(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, models.BinaryField)]


def _row_ref(row: models.Model, person: Person) -> str:
    """The row reference its columns were sealed with (vault's conventions)."""
    if isinstance(row, ExternalIdentifier):
        return f"{person.public_id}:{row.system}"
    ref = getattr(row, "public_id", None)
    if not ref:
        raise DecryptionError(f"{row._meta.label_lower} has sealed columns and no public id")
    return str(ref)


def _move_row(
    row: models.Model, link: Link, old: tuple[Person, bytes], new: tuple[Person, bytes]
) -> None:
    """Open each sealed column under the old person's key, seal it under the new one's,
    and point the row at the new person."""
    label = row._meta.label_lower
    old_ref, new_ref = _row_ref_pair(row, old[0], new[0])
    columns = sealed_columns(type(row))
    for column in columns:
        blob = getattr(row, column)
        if blob:
            text = vault.open_text(old[1], blob, label, old_ref, column)
            setattr(row, column, vault.seal_text(new[1], text, label, new_ref, column))
    # A queryset update, not save(): append-only rows (the funds ledger, change history)
    # keep their content; only the key they are sealed under and their person change,
    # as key rotation rewraps a data key (tests/architecture allows this module).
    values = {column: getattr(row, column) for column in columns}
    type(row)._default_manager.filter(pk=row.pk).update(**values, **{link.field: new[0]})


def _row_ref_pair(row: models.Model, old: Person, new: Person) -> tuple[str, str]:
    if not sealed_columns(type(row)):
        return "", ""
    return _row_ref(row, old), _row_ref(row, new)


def _rows_of(person: Person) -> Iterator[tuple[Link, models.Model]]:
    for link in person_links():
        manager: Any = link.model._default_manager
        for row in manager.filter(**{link.field: person}).order_by("pk"):
            yield link, row


@dataclass
class MergePlan:
    """What the supervisor chose: which record's value survives, per single field."""

    survivor: Person
    absorbed: Person
    choices: dict[str, str] = field(default_factory=dict)  # field -> survivor | absorbed


def conflicts(survivor: Person, absorbed: Person) -> list[tuple[str, str, str, str]]:
    """(field, label, survivor's value, absorbed's value) where both differ (decrypts:
    the caller has read both records through the access layer)."""
    mine = open_fields(survivor, vault.data_key(survivor.public_id))
    theirs = open_fields(absorbed, vault.data_key(absorbed.public_id))
    return [
        (name, label, mine[name], theirs[name])
        for name, label in SINGLE_FIELDS
        if mine.get(name) and theirs.get(name) and mine[name] != theirs[name]
    ]


def check_merge_people(plan: MergePlan, *, acting: Actor) -> PersonMerge:
    """Refuse what must not merge, then merge (ValidationError with the reason)."""
    survivor, absorbed = plan.survivor, plan.absorbed
    if not (acting.is_system or acting.can(Capability.MERGE_PEOPLE)):
        raise ValidationError("Only a supervisor or program admin merges records.")
    if survivor.pk == absorbed.pk:
        raise ValidationError({"other": "Choose a different record: this is the same one."})
    if survivor.program_id != absorbed.program_id:
        raise ValidationError({"other": "Both records must belong to this program."})
    if survivor.merged_into_id or absorbed.merged_into_id:
        raise ValidationError({"other": "That record was already merged into another."})
    if survivor.status in ENROLLED and absorbed.status in ENROLLED:
        raise ValidationError(
            {
                "other": "Both records are enrolled: exit one enrollment first (its casework "
                "moves across with the merge)."
            }
        )
    if _open_merges(absorbed).exists():
        raise ValidationError(
            {
                "other": "That record absorbed another within the undo window: merge the other "
                "way round, or wait until that merge is final."
            }
        )
    bad = {k: v for k, v in plan.choices.items() if v not in ("survivor", "absorbed")}
    if bad or set(plan.choices) - {name for name, _ in SINGLE_FIELDS}:
        raise ValidationError("Choose which record's value to keep for each field.")
    try:
        return do_merge_people(plan, acting=acting)
    except (IntegrityError, DecryptionError) as error:
        raise ValidationError(
            f"Nothing was merged: a row could not be moved ({type(error).__name__})."
        ) from None


def _open_merges(survivor: Person, now: dt.datetime | None = None) -> Any:
    at = now or timezone.now()
    return PersonMerge.objects.filter(survivor=survivor, undone_at=None, undo_until__gt=at)


def _merged_fields(
    mine: dict[str, str], theirs: dict[str, str], choices: dict[str, str]
) -> dict[str, str]:
    """The survivor's fields after the merge; a losing legal name becomes an alias."""
    result = dict(mine)
    for name in person_columns():
        if name == "aliases":
            continue
        take = choices.get(name, "survivor" if mine.get(name) else "absorbed")
        if take == "absorbed" and theirs.get(name):
            result[name] = theirs[name]
    losing = theirs["legal_name"] if result["legal_name"] != theirs["legal_name"] else ""
    if result["legal_name"] != mine["legal_name"]:
        losing = mine["legal_name"]
    aliases: list[str] = []
    for part in (mine.get("aliases", ""), theirs.get("aliases", ""), losing):
        if part and part.casefold() not in {a.casefold() for a in aliases}:
            aliases.append(part)
    result["aliases"] = ", ".join(aliases)
    return result


def _set_fields(person: Person, dek: bytes, values: dict[str, str]) -> None:
    for column, value in values.items():
        vault.set_person_field(person, dek, column, value)
    person.name_dob_index = vault.name_dob_index(
        values.get("legal_name", ""), values.get("date_of_birth", "")
    )


def _audit(acting: Actor, person: Person, purpose: str, **detail: Any) -> None:
    acting.audit(
        action=AuditAction.UPDATE,
        outcome=AuditOutcome.ALLOWED,
        person_ref=person.public_id,
        groups=GROUPS,
        purpose=purpose,
        detail=detail,
    )


def do_merge_people(plan: MergePlan, *, acting: Actor) -> PersonMerge:
    now = timezone.now()
    with transaction.atomic():
        survivor = Person.objects.select_for_update().get(pk=plan.survivor.pk)
        absorbed = Person.objects.select_for_update().get(pk=plan.absorbed.pk)
        keep, gone = vault.data_key(survivor.public_id), vault.data_key(absorbed.public_id)
        mine, theirs = open_fields(survivor, keep), open_fields(absorbed, gone)
        after = _merged_fields(mine, theirs, plan.choices)
        merge = PersonMerge(
            program_id=survivor.program_id,
            survivor=survivor,
            absorbed=absorbed,
            merged_by=_user(acting),
            merged_at=now,
            undo_until=now + UNDO_WINDOW,
            choices=plan.choices,
            changed=sorted(k for k in after if after[k] != mine.get(k, "")),
        )
        before = {"survivor": mine, "absorbed": theirs, "survivor_index": survivor.name_dob_index}
        before["absorbed_index"] = absorbed.name_dob_index
        merge.sealed_before = vault.seal_json(before, keep, _merge_aad(merge))
        moved, counts = [], Counter[str]()
        for link, row in list(_rows_of(absorbed)):
            _move_row(row, link, (absorbed, gone), (survivor, keep))
            moved.append({"model": row._meta.label_lower, "pk": row.pk, "field": link.field})
            counts[row._meta.label_lower] += 1
        merge.moved, merge.counts = moved, dict(counts)
        _set_fields(survivor, keep, after)
        survivor.save(update_fields=[*person_columns(), "name_dob_index", "updated_at"])
        # The tombstone holds no identity: its values are in sealed_before, under the
        # survivor's key; name_dob_index "" keeps it out of name + date-of-birth search.
        _set_fields(absorbed, gone, dict.fromkeys(person_columns(), ""))
        absorbed.merged_into, absorbed.merged_at = survivor, now
        absorbed.merged_by = merge.merged_by
        absorbed.save(
            update_fields=[*person_columns(), "name_dob_index", "merged_into", "merged_at"]
            + ["merged_by", "updated_at"]
        )
        merge.save(force_insert=True)
        # The survivor's tokens follow its merged names (the absorbed name is now an alias).
        tokens.reindex_stored(survivor, keep)
        total = sum(counts.values())
        _audit(acting, survivor, "merge people: kept", merge=merge.public_id, moved=total)
        _audit(acting, absorbed, "merge people: absorbed", merge=merge.public_id, moved=total)
    return merge


def _user(acting: Actor) -> Any:
    return acting.user if getattr(acting.user, "pk", None) else None


def _merge_aad(merge: PersonMerge) -> tuple[str, str, str]:
    return ("people.personmerge", merge.public_id, "sealed_before")


def check_undo_merge(
    merge: PersonMerge, *, acting: Actor, now: dt.datetime | None = None
) -> PersonMerge:
    at = now or timezone.now()
    if not (acting.is_system or acting.can(Capability.MERGE_PEOPLE)):
        raise ValidationError("Only a supervisor or program admin undoes a merge.")
    if merge.undone_at is not None:
        raise ValidationError("This merge was already undone.")
    if not merge.undoable(at):
        raise ValidationError(
            f"The undo window of {UNDO_WINDOW.days} days has ended: this merge is final."
        )
    later = _open_merges(merge.survivor, at).filter(merged_at__gt=merge.merged_at)
    if later.exists():
        raise ValidationError("Undo the later merge into this record first.")
    try:
        return do_undo_merge(merge, acting=acting, now=at)
    except (IntegrityError, DecryptionError) as error:
        raise ValidationError(
            f"Nothing was undone: a row could not be moved back ({type(error).__name__})."
        ) from None


def do_undo_merge(
    merge: PersonMerge, *, acting: Actor, now: dt.datetime | None = None
) -> PersonMerge:
    """Move every moved row back, re-sealed under the absorbed person's key, and restore
    both records' fields as they were (the survivor's only where the merge changed them;
    rows added to the survivor since the merge stay with the survivor)."""
    at = now or timezone.now()
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        survivor = Person.objects.select_for_update().get(pk=merge.survivor_id)
        absorbed = Person.objects.select_for_update().get(pk=merge.absorbed_id)
        keep, gone = vault.data_key(survivor.public_id), vault.data_key(absorbed.public_id)
        before: Any = vault.open_json(merge.sealed_before, keep, _merge_aad(merge))
        back = 0
        for entry in merge.moved:
            model = apps.get_model(entry["model"])
            row = model._default_manager.filter(pk=entry["pk"]).first()
            if row is None or getattr(row, f"{entry['field']}_id") != survivor.pk:
                continue  # deleted since, or moved by someone else: nothing to bring back
            _move_row(row, Link(model, entry["field"]), (survivor, keep), (absorbed, gone))
            back += 1
        restored = open_fields(survivor, keep)
        restored.update({k: before["survivor"].get(k, "") for k in merge.changed})
        _set_fields(survivor, keep, restored)
        survivor.save(update_fields=[*person_columns(), "name_dob_index", "updated_at"])
        _set_fields(absorbed, gone, {c: before["absorbed"].get(c, "") for c in person_columns()})
        absorbed.name_dob_index = before["absorbed_index"]
        absorbed.merged_into, absorbed.merged_at, absorbed.merged_by = None, None, None
        absorbed.save(
            update_fields=[*person_columns(), "name_dob_index", "merged_into", "merged_at"]
            + ["merged_by", "updated_at"]
        )
        tokens.reindex_stored(survivor, keep)
        tokens.reindex_stored(absorbed, gone)
        merge.undone_at, merge.undone_by = at, _user(acting)
        merge.save(update_fields=["undone_at", "undone_by"])
        _audit(acting, survivor, "undo merge: kept", merge=merge.public_id, moved_back=back)
        _audit(acting, absorbed, "undo merge: restored", merge=merge.public_id, moved_back=back)
    return merge


def moved_summary(merge: PersonMerge) -> list[tuple[str, int]]:
    """Rows moved per kind, in words for the result page ("Casework contacts: 3")."""
    out = []
    for label, count in sorted(merge.counts.items()):
        model = apps.get_model(label)
        out.append((str(model._meta.verbose_name_plural).capitalize(), int(count)))
    return out
