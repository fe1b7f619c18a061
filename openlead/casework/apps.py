from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "openlead.casework"
    label = "casework"
