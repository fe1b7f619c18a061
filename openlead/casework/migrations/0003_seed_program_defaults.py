"""Backfill every existing program with what do_create_program now seeds at creation:
its casework settings row, the default inactive reasons and the first assessment
template. Pages used to create these lazily on a read; now they only read them."""

from typing import Any

from django.db import migrations

from openlead.casework.defaults import seed_program_defaults


def seed_existing_programs(apps: Any, schema_editor: Any) -> None:
    program_model = apps.get_model("programs", "Program")
    for program_id in program_model.objects.values_list("pk", flat=True):
        seed_program_defaults(
            program_id,
            settings_model=apps.get_model("casework", "CaseworkSettings"),
            reason_model=apps.get_model("casework", "InactiveReason"),
            template_model=apps.get_model("casework", "AssessmentTemplate"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_funds_second_approver_and_settings_version"),
        ("programs", "0003_program_view_alert_settings"),
    ]

    operations = [migrations.RunPython(seed_existing_programs, migrations.RunPython.noop)]
