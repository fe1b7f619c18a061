from django.apps import AppConfig
from django.core.checks import Tags, register


class AccessConfig(AppConfig):
    name = "openlead.access"
    label = "access"

    def ready(self) -> None:
        from openlead.access import signals  # noqa: F401  (login/logout audit events)
        from openlead.access.mfa import check_mfa_on

        register(check_mfa_on, Tags.security, deploy=True)
