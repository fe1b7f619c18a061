"""The person record's pages for the canary scans (tests/access/test_canaries.py).

`identity_pages` first gives each person a change history whose values are canaries:
the legal name is changed to a new canary and back, the phone to a new canary, so the
history holds CANARY values old and new while the record itself keeps its own. Then it
returns every person page (which shows the history) and every edit page.
"""

from __future__ import annotations

from django.urls import reverse

from openlead.access.acting import Actor
from openlead.people import identity_actions
from tests.conftest import World, _canary

EDIT_PAGES = [
    "person_identity_edit",
    "person_contact_edit",
    "person_demographics_edit",
    "person_identifiers_edit",
]


def seed_history(world: World) -> None:
    from openlead.access import audit
    from openlead.people import vault

    acting = Actor.from_who(audit.Who(None, "fixture", "", None))
    for key, person in world.people.items():
        dek = vault.data_key(person.public_id)
        name = vault.get_person_field(person, dek, "legal_name")
        interim = _canary(world, f"{key}-histname")
        identity_actions.do_update_identity(person, {"legal_name": interim}, acting=acting)
        identity_actions.do_update_identity(person, {"legal_name": name}, acting=acting)
        phone = _canary(world, f"{key}-histphone")
        identity_actions.do_update_contact(person, {"phone": phone}, acting=acting)
        hmis = _canary(world, f"{key}-histhmis")
        identity_actions.do_set_identifiers(person, {"hmis": hmis}, acting=acting)
        identity_actions.do_set_identifiers(person, {"hmis": ""}, acting=acting)


def identity_pages(world: World) -> list[str]:
    if not any(p.changes.exists() for p in world.people.values()):
        seed_history(world)
    urls = []
    for person in world.people.values():
        urls.append(reverse("person_detail", kwargs={"public_id": person.public_id}))
        urls.extend(reverse(name, kwargs={"public_id": person.public_id}) for name in EDIT_PAGES)
    return urls
