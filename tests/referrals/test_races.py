"""No silent overwrites in referral transitions: 200 randomised two-writer pairs on PostgreSQL.

The referral actions already lock the row (`_locked`) and re-check the state under the
lock; these pairs prove it: completing intake and withdrawing the same referral at once
leaves exactly one of them, and the other writer gets TransitionRefused.
"""

from __future__ import annotations

from openlead.access.acting import Actor
from openlead.referrals import actions
from openlead.referrals.models import Referral, Status
from tests.conftest import World
from tests.races import PAIRS, Result, Writer, on_postgres, one_winner, run_pairs
from tests.referrals.helpers import make_referral

pytestmark = on_postgres


def test_it_lets_one_of_intake_complete_and_withdrawal_win(world: World) -> None:
    referral = make_referral(world)
    assert referral.status == Status.AWAITING_INTAKE  # an arrest referral goes straight there
    alice = world.users["alice"]
    bob = Actor.of(world.users["bob"], "supervisor", world.programs["demo"].pk)
    dave = Actor.of(world.users["dave"], "police_officer", world.programs["demo"].pk)

    def reset(n: int) -> None:
        Referral.objects.filter(pk=referral.pk).update(
            status=Status.AWAITING_INTAKE, intake_completed_at=None, closed_at=None
        )

    def writers(n: int) -> tuple[Writer, Writer]:
        read = lambda: Referral.objects.get(pk=referral.pk)  # noqa: E731
        return (
            Writer(read, lambda r: actions.do_complete_intake(r, alice, acting=bob)),
            Writer(read, lambda r: actions.do_withdraw_referral(r, acting=dave)),
        )

    def check(n: int, a: Result, b: Result) -> str:
        winner = one_winner(a, b)
        if winner is None:
            return "silent overwrite" if (a.kind, b.kind) == ("won", "won") else "no winner"
        stored = Referral.objects.get(pk=referral.pk)
        expected = Status.INTAKE_COMPLETE if winner is a else Status.WITHDRAWN
        completed = stored.intake_completed_at is not None
        ok = stored.status == expected and completed == (winner is a)
        return "one won" if ok else "silent overwrite"

    tally = run_pairs(
        "referral intake complete vs withdrawal",
        reset=reset,
        writers=writers,
        check=check,
        conflicts=(actions.TransitionRefused,),
    )
    assert tally.errors == []
    assert (tally.counts["one won"], tally.counts["silent overwrite"]) == (PAIRS, 0)
    assert tally.counts["conflicts:1"] == PAIRS
