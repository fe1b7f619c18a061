from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "openlead.records"
    label = "records"
    verbose_name = "Justice records"
