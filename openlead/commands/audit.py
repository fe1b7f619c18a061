"""`openlead audit verify`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

from openlead.commands import _django


@click.group()
def audit() -> None:
    """Check the hash-chained audit log."""


@audit.command()
def verify() -> None:
    """Recompute the audit chain and name the first broken sequence number."""
    _django.setup()
    from rich.progress import Progress

    from openlead.access.audit import verify as verify_chain
    from openlead.access.models import AuditEvent

    total = AuditEvent.objects.count()
    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("verifying audit chain", total=total)
        result = verify_chain(progress=lambda n: progress.advance(task, n))
    if result.first_broken_seq is not None:
        click.echo(
            f"BROKEN at sequence number {result.first_broken_seq}: {result.reason} "
            f"({result.checked} events before it verified)"
        )
        sys.exit(1)
    click.echo(f"ok: {result.checked} events verified, chain intact")


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)
