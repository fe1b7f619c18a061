from typing import Any

from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    """Compute the name + date-of-birth blind index for people created before it existed.

    Uses the vault's own code (key store and HMAC key), so the token matches what
    people.actions.do_create_person writes. A person without a data key (crypto-shredded)
    has nothing to index and keeps "".
    """
    from openlead.access.crypto import DecryptionError
    from openlead.people import vault

    Person = apps.get_model("people", "Person")
    for person in Person.objects.using(schema_editor.connection.alias).iterator(chunk_size=500):
        try:
            dek = vault.data_key(person.public_id)
        except DecryptionError:
            continue
        token = vault.name_dob_index(
            vault.get_person_field(person, dek, "legal_name"),
            vault.get_person_field(person, dek, "date_of_birth"),
        )
        if token:
            person.name_dob_index = token
            person.save(update_fields=["name_dob_index"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_alter_consentrelease_recipient_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_dob_index",
            field=models.CharField(blank=True, db_index=True, default="", max_length=64),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
