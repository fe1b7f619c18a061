"""Program writes: each runs in a transaction, takes one `acting` actor and is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F

from openlead.access.acting import Actor
from openlead.access.conflicts import EditConflict
from openlead.access.models import AuditAction, AuditOutcome
from openlead.eligibility import pick_version, shipped_protocols, shipped_versions
from openlead.programs.models import Program
from openlead.programs.signals import program_created


def mirror_protocol_releases(program: Program, on: dt.date | None = None) -> list[str]:
    """Set Program.release_required_for from the protocol version the program screens with
    (its pinned version, else the one in force `on`, today by default) and return it.

    Every write that sets protocol_id or protocol_version calls this, so the release rule
    openlead.access.justice_scope enforces is the protocol's and never drifts from it. A
    program with no installed protocol keeps what it has: there is nothing to mirror, and
    keeping a release requirement is the side that protects participants.
    """
    if program.protocol_id in shipped_protocols():
        versions = shipped_versions(program.protocol_id)
        chosen = pick_version(versions, program.protocol_version, on or dt.date.today())
        program.release_required_for = list(chosen.release_required_for)
    return list(program.release_required_for or [])


def do_create_program(
    *,
    acting: Actor,
    name: str,
    slug: str,
    time_zone: str = "America/Los_Angeles",
    protocol_id: str = "",
    protocol_version: str = "",
    **fields: Any,
) -> Program:
    """A new program, with whatever the apps above it seed for it (`program_created`), so
    no page has to create a program's rows on a read."""
    with transaction.atomic():
        program = Program(
            name=name,
            slug=slug,
            time_zone=time_zone,
            protocol_id=protocol_id,
            protocol_version=protocol_version,
            **fields,
        )
        mirror_protocol_releases(program)
        program.save(force_insert=True)
        program_created.send(sender=Program, program=program, acting=acting)
        acting.in_program(program.pk).audit(
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            purpose="create program",
            detail={"program": program.slug},
        )
    return program


def _releases_after(stored: Program, values: dict[str, Any]) -> list[str]:
    """The release rule once the form's protocol choice is saved (mirror_protocol_releases
    on a copy, so the locked row is not changed before the versioned update)."""
    after = Program(
        protocol_id=values["protocol_id"],
        protocol_version=values["protocol_version"],
        release_required_for=list(stored.release_required_for or []),
    )
    return mirror_protocol_releases(after)


def _shown(form: Any, values: Any) -> dict[str, str]:
    """Label -> value of each settings field, for the 409 page (program settings hold no PII)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return {str(form.fields[name].label): str(get(name)) for name in form.Meta.fields}


def do_update_program(*, acting: Actor, form: Any) -> Program:
    """Save a validated ProgramSettingsForm, auditing the old and new values.

    Edit form, optimistic version: the row is written only if it still has the version the
    form was loaded with; 0 rows updated means someone else saved first (EditConflict).
    """
    program: Program = form.instance
    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    version = form.cleaned_data["version"]
    with transaction.atomic():
        stored = Program.objects.select_for_update().get(pk=program.pk)
        values["release_required_for"] = _releases_after(stored, values)
        changed = {
            name: [str(getattr(stored, name)), str(value)]
            for name, value in values.items()
            if getattr(stored, name) != value
        }
        updated = Program.objects.filter(pk=program.pk, version=version).update(
            **values, version=F("version") + 1
        )
        if not updated:
            raise EditConflict(
                "Someone else saved these program settings after you opened them.",
                current=_shown(form, stored),
                attempted=_shown(form, values),
                current_version=stored.version,
            )
        acting.audit(
            action=AuditAction.ADMIN,
            outcome=AuditOutcome.ALLOWED,
            detail={"program_settings": changed, "version": version + 1},
        )
    program.refresh_from_db()
    return program
