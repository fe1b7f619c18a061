from django.apps import AppConfig


class HmisConfig(AppConfig):
    """The HMIS CSV export: one settings row per program and the export itself."""

    name = "openlead.hmis"
    label = "hmis"
    verbose_name = "HMIS export"
