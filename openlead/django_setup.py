"""Start Django outside a web server (the `openlead` commands, benchmarks), turning
configuration mistakes into one clear line; `UsageError` is the commands' exit 2."""

from __future__ import annotations

import os

import click


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openlead.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise UsageError(f"configuration: {exc}") from None


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=verbosity, interactive=False)
    call_command("migrate", database="keys", verbosity=verbosity, interactive=False)


class UsageError(click.ClickException):
    """Exit 2 for user mistakes, like click's own usage errors."""

    exit_code = 2
