from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps: Any, schema_editor: Any) -> None:
    """Name-search tokens for people created before the token table existed.

    Uses the live token code (people.tokens.person_tokens, the same HMAC key), so the rows
    match what do_create_person writes now. A person without a data key (crypto-shredded)
    has nothing left to index and gets no tokens.
    """
    from openlead.access.crypto import DecryptionError
    from openlead.people import vault
    from openlead.people.tokens import person_tokens

    alias = schema_editor.connection.alias
    Person = apps.get_model("people", "Person")
    Token = apps.get_model("people", "PersonNameToken")
    batch: list[Any] = []
    for person in Person.objects.using(alias).iterator(chunk_size=500):
        try:
            dek = vault.data_key(person.public_id)
        except DecryptionError:
            continue
        rows = person_tokens(
            person.program_id,
            legal_name=vault.get_person_field(person, dek, "legal_name"),
            preferred_name="",
            aliases=vault.get_person_field(person, dek, "aliases"),
            date_of_birth=vault.get_person_field(person, dek, "date_of_birth"),
        )
        batch.extend(Token(person_id=person.pk, kind=kind, token=token) for kind, token in rows)
        if len(batch) >= 5000:
            Token.objects.using(alias).bulk_create(batch)
            batch = []
    Token.objects.using(alias).bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_person_identity_and_changes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonNameToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=8)),
                ("token", models.CharField(max_length=64)),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_tokens",
                        to="people.person",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        fields=["token"], include=("kind", "person"), name="people_token_cover"
                    )
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
