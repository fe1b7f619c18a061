"""`openlead referrals lapse`, run by cron."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from django.utils import timezone

from openlead.cli import main
from openlead.referrals.models import Status
from tests.conftest import World
from tests.referrals.helpers import make_referral

pytestmark = pytest.mark.django_db(databases="__all__")


def test_it_returns_lapsed_referrals_once_and_is_safe_to_rerun(world: World) -> None:
    lapsed = make_referral(world, at=timezone.now() - dt.timedelta(days=31, hours=1))
    waiting = make_referral(world)
    runner = CliRunner()
    first = runner.invoke(main, ["referrals", "lapse"])
    assert first.exit_code == 0, first.output
    assert "ok: 1 lapsed referral returned to the prosecutor" in first.output
    second = runner.invoke(main, ["referrals", "lapse"])
    assert second.exit_code == 0, second.output
    assert "ok: 0 lapsed referrals" in second.output
    lapsed.refresh_from_db()
    waiting.refresh_from_db()
    assert (lapsed.status, waiting.status) == (Status.RETURNED, Status.AWAITING_INTAKE)


def test_it_lapses_only_the_named_program(world: World) -> None:
    lapsed = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    slug = world.programs["other"].slug
    result = CliRunner().invoke(main, ["referrals", "lapse", "--program", slug])
    assert result.exit_code == 0, result.output
    assert "ok: 0 lapsed referrals" in result.output
    demo = CliRunner().invoke(main, ["referrals", "lapse", "--program", lapsed.program.slug])
    assert demo.exit_code == 0, demo.output
    assert "ok: 1 lapsed referral returned to the prosecutor" in demo.output
    lapsed.refresh_from_db()
    assert lapsed.status == Status.RETURNED


def test_it_exits_2_on_an_unknown_program(world: World) -> None:
    lapsed = make_referral(world, at=timezone.now() - dt.timedelta(days=40))
    result = CliRunner().invoke(main, ["referrals", "lapse", "--program", "no-such-program"])
    assert result.exit_code == 2, result.output
    assert "no-such-program" in result.output and "no program has that slug" in result.output
    lapsed.refresh_from_db()
    assert lapsed.status == Status.AWAITING_INTAKE
