"""Immigration status is never stored (issue 14, legal demands).

An immigration or law-enforcement request can only reach what exists, so the schema
holds no field for it: no model field, choice value, or JSON key default names
immigration status, citizenship, visas or country of birth. The scan walks every
installed model, so a later app is checked too.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.db import models

# Words that name the status itself; whole words where a stem would catch ordinary ones
# ("advisable", "realign").
FORBIDDEN = re.compile(
    r"immigra|citizen|nationalit|\bvisas?\b|\baliens?\b|undocumented|deport|country.?of.?birth|birth.?country|"
    r"green.?card|asylum|refugee|\bice\b",
    re.I,
)


def _texts_of(field: models.Field) -> list[str]:  # type: ignore[type-arg]
    texts = [field.name, str(getattr(field, "verbose_name", "")), str(field.help_text or "")]
    for value, label in field.flatchoices or []:
        texts += [str(value), str(label)]
    return texts


def _hits() -> list[str]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not isinstance(field, models.Field):
                continue  # reverse relations are the other model's fields
            for text in _texts_of(field):
                if FORBIDDEN.search(text):
                    found.append(f"{model._meta.label}.{field.name}: {text!r}")
    return found


def test_no_model_stores_immigration_status() -> None:
    assert _hits() == []


def test_the_scan_would_see_such_a_field() -> None:
    """The scan is not vacuous: a model with such a field is found."""

    class Probe(models.Model):
        citizenship_status = models.CharField(max_length=10)

        class Meta:
            app_label = "people"
            managed = False

        def __str__(self) -> str:
            return "probe"

    try:
        assert any("Probe.citizenship_status" in hit for hit in _hits())
    finally:
        apps.all_models["people"].pop("probe", None)
        apps.clear_cache()
