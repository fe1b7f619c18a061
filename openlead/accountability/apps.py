from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    """The public accountability page, its publication setting and the population table."""

    name = "openlead.accountability"
    label = "accountability"
    verbose_name = "Public accountability"
