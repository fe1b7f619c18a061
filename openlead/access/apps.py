from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "openlead.access"
    label = "access"

    def ready(self) -> None:
        from openlead.access import signals  # noqa: F401  (login/logout audit events)
