from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_program_view_alert_settings")]

    operations = [
        migrations.AddField(
            model_name="program",
            name="minimum_age",
            field=models.PositiveSmallIntegerField(
                default=18,
                help_text="Dates of birth that make someone younger are refused",
                verbose_name="Minimum age of a participant",
            ),
        ),
    ]
