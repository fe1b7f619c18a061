"""`openlead keys rotate` and `openlead keys generate`."""

from __future__ import annotations

import click

from openlead import django_setup


@click.group()
def keys() -> None:
    """Manage encryption keys."""


@keys.command()
@click.argument("key_id")
def generate(key_id: str) -> None:
    """Print a new random 256-bit key as KEYID:BASE64 for OPENLEAD_KEK or the blind index."""
    from openlead.config import new_key_text

    click.echo(new_key_text(key_id))


@keys.command()
@click.option("--batch", default=500, show_default=True, help="Rows re-wrapped per transaction.")
def rotate(batch: int) -> None:
    """Re-wrap every data key under the current OPENLEAD_KEK (safe to re-run after a crash)."""
    django_setup.setup()
    from rich.console import Console
    from rich.progress import Progress

    from openlead.access.rotation import pending_count, rotate_data_keys

    todo = pending_count()
    with Progress(transient=True, console=Console(stderr=True)) as progress:
        task = progress.add_task("re-wrapping data keys", total=todo)
        done = rotate_data_keys(batch=batch, progress=lambda n: progress.advance(task, n))
    click.echo(f"ok: {done} data keys re-wrapped; none left under a retired key")
