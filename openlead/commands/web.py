"""`openlead serve`, `openlead migrate` and `openlead demo`."""

from __future__ import annotations

import os
import sys

import click

from openlead import django_setup

DEMO_PASSWORD = "openlead-demo-2026"  # noqa: S105  (documented in README.md; demo mode only)


@click.command()
@click.option(
    "--bind", default="127.0.0.1:8000", show_default=True, help="Address and port to listen on."
)
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--no-migrate", is_flag=True, help="Do not apply database migrations first.")
def serve(bind: str, workers: int, no_migrate: bool) -> None:
    """Serve the web app with gunicorn (migrating first)."""
    django_setup.setup()
    if not no_migrate:
        django_setup.migrate()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    click.echo(f"openlead is serving on http://{bind}  (Ctrl-C stops it)")
    args = gunicorn_command(bind, workers)
    os.execv(sys.executable, args)  # noqa: S606  (replaces this process with gunicorn)


def gunicorn_command(bind: str, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "openlead.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        # gunicorn's control socket defaults to one shared path per OS user
        # (~/.gunicorn/gunicorn.ctl): a second server, or anything running as that user,
        # could reload or stop this one through it. Nothing here uses it: turn it off.
        "--no-control-socket",
        "--access-logfile",
        "-",
        "--access-logformat",
        # The path without its query string: searches carry identifiers.
        '%(t)s "%(m)s %(U)s" %(s)s %(L)ss',
    ]


@click.command()
@click.option(
    "--check",
    is_flag=True,
    help="Apply nothing: list the pending migrations; exit 1 if there are any.",
)
def migrate(check: bool) -> None:
    """Create or update the database tables (both the data and the key store)."""
    django_setup.setup()
    if check:
        pending = django_setup.pending_migrations()
        for alias, app, name in pending:
            click.echo(f"pending: {alias} database: {app}.{name}")
        if pending:
            # 1, like `manage.py migrate --check`: a deploy script stops before serving.
            click.echo(f"{len(pending)} migrations pending; run `openlead migrate`")
            sys.exit(1)
        click.echo("ok: no migrations pending (data and key store)")
        return
    django_setup.migrate(verbosity=1)
    click.echo("migrations applied")


@click.command()
@click.option("--if-empty", is_flag=True, help="Seed only when no program exists yet.")
@click.option(
    "--people", "n_people", default=200, show_default=True, help="How many fake people to create."
)
@click.option(
    "--seed", default=2011, show_default=True, help="Faker seed, so the demo is the same each time."
)
def demo(if_empty: bool, n_people: int, seed: int) -> None:
    """Create the demo program "Demo City LEAD" with fake personas and people."""
    django_setup.setup()
    from django.conf import settings

    # Only OPENLEAD_DEMO: DEBUG=1 on a real database must not seed known passwords.
    if not settings.OPENLEAD_DEMO:
        raise django_setup.UsageError(
            "openlead demo runs only with OPENLEAD_DEMO=1 (it creates known passwords)"
        )
    django_setup.migrate()
    from openlead.demo import PERSONAS, seed_demo
    from openlead.programs.models import Program

    if if_empty and Program.objects.exists():
        click.echo("The demo database already has data; not seeding again.")
        from openlead.demo import give_demo_devices

        if settings.OPENLEAD_DEMO:  # a demo database from before MFA: personas get the secret
            give_demo_devices()
    else:
        seed_demo(n_people=n_people, seed=seed, password=DEMO_PASSWORD)
        click.echo(f"Seeded Demo City LEAD with {n_people} fake people.")
    from openlead.demo import DEMO_TOTP_SECRET

    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
    for username, role, where in PERSONAS:
        click.echo(f"  {username:<6} {role:<16} {where}")
    click.echo(
        "  pia    participant      her own pages only: sign in at /me/signin/ (no second step)"
    )
    click.echo(
        f"\nTwo-step sign-in is on. Add the demo secret {DEMO_TOTP_SECRET} to an authenticator"
        "\napp (one account serves every persona), or run `openlead demo-code USERNAME`."
    )


@click.command("demo-code")
@click.argument("username")
def demo_code(username: str) -> None:
    """Print a demo persona's current two-step sign-in code (demo mode only)."""
    django_setup.setup()
    from django.conf import settings

    if not settings.OPENLEAD_DEMO:
        raise django_setup.UsageError("openlead demo-code runs only with OPENLEAD_DEMO=1")
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from openlead.demo import demo_totp_key

    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is None:
        raise django_setup.UsageError(f"{username!r} is not a demo persona with an authenticator")
    if device.key != demo_totp_key():
        # Never reveal codes of a device someone enrolled themselves, even in the demo.
        raise django_setup.UsageError(f"{username!r} set up their own authenticator; use that app")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    click.echo(f"{totp.token():0{device.digits}d}")
