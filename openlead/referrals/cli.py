"""`openlead referrals lapse`: return lapsed arrest referrals to the prosecutor (for cron)."""

from __future__ import annotations

import click

from openlead import django_setup


@click.group()
def referrals() -> None:
    """Referrals: the intake clock."""


@referrals.command()
def lapse() -> None:
    """Mark referrals whose intake window has lapsed as returned to the prosecutor (idempotent)."""
    django_setup.setup()
    from openlead.referrals.actions import lapse_due

    done = lapse_due()
    click.echo(f"ok: {done} lapsed referral{'s' if done != 1 else ''} returned to the prosecutor")
