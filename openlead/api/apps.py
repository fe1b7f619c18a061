from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "openlead.api"
    label = "api"

    def ready(self) -> None:
        from openlead.api import schema  # noqa: F401  (registers the token scheme)
