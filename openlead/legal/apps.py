from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "openlead.legal"
    label = "legal"
    verbose_name = "Legal coordination"
