"""`openlead referrals lapse`: return lapsed arrest referrals to the prosecutor (for cron).

Pages never lapse a referral on a GET; this command does, every 15 minutes from cron or
a systemd timer (docs/operations.md). Django starts inside each command, so the imports
of models and actions follow `django_setup.setup()`.
"""

from __future__ import annotations

import click

from openlead import django_setup


@click.group()
def referrals() -> None:
    """Referrals: the intake clock."""


@referrals.command()
@click.option("--program", "slug", default=None, metavar="SLUG", help="Only this program.")
def lapse(slug: str | None) -> None:
    """Mark referrals whose intake window has lapsed as returned to the prosecutor (idempotent)."""
    django_setup.setup()
    from openlead.programs.models import Program
    from openlead.referrals.actions import lapse_due

    program_id = None
    if slug is not None:
        program = Program.objects.filter(slug=slug).first()
        if program is None:
            raise django_setup.UsageError(f"--program {slug!r}: no program has that slug")
        program_id = program.pk
    done = lapse_due(program_id=program_id)
    click.echo(f"ok: {done} lapsed referral{'s' if done != 1 else ''} returned to the prosecutor")
