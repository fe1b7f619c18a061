from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "openlead.programs"
    label = "programs"
