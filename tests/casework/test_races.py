"""No silent overwrites: 200 randomised two-writer pairs per casework decision, on PostgreSQL.

Each test prints its tally; every pair must have exactly one winner whose write is what is
stored, and a loser who got the conflict (StaleWrite / EditConflict).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from openlead.casework import actions, queries
from openlead.casework.models import (
    CaseworkSettings,
    Enrollment,
    FundsBudget,
    FundsEntry,
    Goal,
    InactiveReason,
    OverBudgetRule,
    ServiceLink,
)
from openlead.people.models import Person
from tests.casework.conftest import Casework
from tests.races import PAIRS, Result, Tally, Writer, on_postgres, one_winner, run_pairs

pytestmark = on_postgres


def _judge(tally: Tally) -> None:
    assert tally.errors == []
    assert tally.counts["silent overwrite"] == 0, tally.report()
    assert tally.counts["one won"] == PAIRS, tally.report()
    assert tally.counts["conflicts:1"] == PAIRS, tally.report()


def _request(cw: Casework, cents: int) -> FundsEntry:
    return actions.do_request_funds(
        cw.world.people["own"],
        acting=cw.acting_for("alice"),
        category="motel",
        payee_type="vendor",
        amount_cents=cents,
        purpose="",
    )


def _lets_one_of_two_supervisors_decide_a_funds_request(cw: Casework) -> Tally:
    bob, ada = cw.world.users["bob"], cw.world.users["ada"]
    pk = _request(cw, 25_000).pk  # above the $100 threshold: waits for a supervisor
    ids: dict[int, int] = {}

    def reset(n: int) -> None:
        FundsEntry.objects.filter(pk=pk).update(status="requested", approved_by=None)
        ids[n] = pk

    def writers(n: int) -> tuple[Writer, Writer]:
        def decide(acting: Any, approve: bool) -> Any:
            return lambda entry: actions.do_decide_funds(entry, approve=approve, acting=acting)

        read = lambda: FundsEntry.objects.get(pk=ids[n])  # noqa: E731
        return (
            Writer(read, decide(cw.acting_for("bob"), True)),
            Writer(read, decide(cw.acting_for("ada"), False)),
        )

    def check(n: int, a: Result, b: Result) -> str:
        entry = FundsEntry.objects.get(pk=ids[n])
        winner = one_winner(a, b)
        if winner is None:
            return "silent overwrite" if (a.kind, b.kind) == ("won", "won") else "no winner"
        expected = ("approved", bob.pk) if winner is a else ("not_approved", ada.pk)
        stored = (entry.status, entry.approved_by_id)
        return "one won" if stored == expected else "silent overwrite"

    return run_pairs("funds approve vs decline", reset=reset, writers=writers, check=check)


def _never_lets_two_approvals_pass_the_budget_together(cw: Casework) -> Tally:
    """Write skew: each request fits the budget alone, the two together do not."""
    program = cw.world.programs["demo"]
    today = dt.date.today()
    FundsBudget.objects.create(
        program=program,
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(month=12, day=31),
        amount_cents=50_000,
    )
    CaseworkSettings.objects.filter(program=program).update(
        funds_approval_threshold_cents=10_000, over_budget_rule=OverBudgetRule.REFUSE
    )
    FundsEntry.objects.filter(program=program).update(status="not_approved")
    pair = (_request(cw, 30_000).pk, _request(cw, 30_000).pk)
    ids: dict[int, tuple[int, int]] = {}

    def reset(n: int) -> None:
        FundsEntry.objects.filter(pk__in=pair).update(status="requested", approved_by=None)
        ids[n] = pair

    def writers(n: int) -> tuple[Writer, Writer]:
        def approve(user: str, pk: int) -> Writer:
            return Writer(
                lambda: FundsEntry.objects.get(pk=pk),
                lambda entry: actions.do_decide_funds(
                    entry, approve=True, acting=cw.acting_for(user)
                ),
            )

        return approve("bob", ids[n][0]), approve("ada", ids[n][1])

    def check(n: int, a: Result, b: Result) -> str:
        statuses = sorted(FundsEntry.objects.filter(pk__in=ids[n]).values_list("status", flat=True))
        refused = [r for r in (a, b) if r.kind == "error" and "above the budget" in str(r.value)]
        if statuses == ["approved", "requested"] and len(refused) == 1:
            return "one won"
        return "silent overwrite"

    return run_pairs("two approvals against one budget", reset=reset, writers=writers, check=check)


def _lets_one_of_two_workers_move_a_service_link(cw: Casework) -> Tally:
    link = actions.check_send_link(
        cw.world.people["own"], cw.providers["housing"], acting=cw.acting
    )
    rng = random.Random(7)
    targets: dict[int, tuple[str, str]] = {}

    def reset(n: int) -> None:
        ServiceLink.objects.filter(pk=link.pk).update(state="sent")
        targets[n] = tuple(rng.sample(["accepted", "declined", "expired"], 2))  # type: ignore[assignment]

    def writers(n: int) -> tuple[Writer, Writer]:
        def move(user: str, state: str) -> Writer:
            return Writer(
                lambda: ServiceLink.objects.get(pk=link.pk),
                lambda lk: actions.do_move_link(lk, state=state, acting=cw.acting_for(user)),
            )

        return move("alice", targets[n][0]), move("bob", targets[n][1])

    def check(n: int, a: Result, b: Result) -> str:
        winner = one_winner(a, b)
        if winner is None:
            return "silent overwrite" if (a.kind, b.kind) == ("won", "won") else "no winner"
        expected = targets[n][0] if winner is a else targets[n][1]
        stored = ServiceLink.objects.get(pk=link.pk).state
        return "one won" if stored == expected else "silent overwrite"

    return run_pairs("service link moves", reset=reset, writers=writers, check=check)


def _lets_one_of_an_inactive_mark_and_a_reassignment_win(cw: Casework) -> Tally:
    enrollment = cw.enrollments["own"]
    alice, ivan = cw.world.users["alice"], cw.world.users["ivan"]
    reason = InactiveReason.objects.get(program=cw.world.programs["demo"], code="in_custody")

    def reset(n: int) -> None:
        Enrollment.objects.filter(pk=enrollment.pk).update(
            status="active", case_manager=alice, inactive_reason=None, inactive_since=None
        )
        Person.objects.filter(pk=enrollment.person_id).update(status="active", case_manager=alice)

    def writers(n: int) -> tuple[Writer, Writer]:
        read = lambda: Enrollment.objects.get(pk=enrollment.pk)  # noqa: E731
        return (
            Writer(
                read,
                lambda e: actions.do_mark_inactive(e, reason=reason, acting=cw.acting_for("alice")),
            ),
            Writer(
                read,
                lambda e: actions.do_reassign(e, case_manager=ivan, acting=cw.acting_for("bob")),
            ),
        )

    def check(n: int, a: Result, b: Result) -> str:
        winner = one_winner(a, b)
        if winner is None:
            return "silent overwrite" if (a.kind, b.kind) == ("won", "won") else "no winner"
        expected = ("inactive", alice.pk) if winner is a else ("active", ivan.pk)
        stored = Enrollment.objects.values_list("status", "case_manager_id").get(pk=enrollment.pk)
        person = Person.objects.values_list("status", "case_manager_id").get(
            pk=enrollment.person_id
        )
        return "one won" if stored == expected == person else "silent overwrite"

    return run_pairs("enrollment change", reset=reset, writers=writers, check=check)


def _lets_one_of_two_goal_status_changes_win(cw: Casework) -> Tally:
    goal = actions.check_add_goal(
        cw.world.people["own"],
        acting=cw.acting_for("alice"),
        domain="housing",
        words="A place of my own",
    )

    def reset(n: int) -> None:
        Goal.objects.filter(pk=goal.pk).update(status="open", closed_on=None)

    def writers(n: int) -> tuple[Writer, Writer]:
        def set_to(user: str, status: str) -> Writer:
            return Writer(
                lambda: Goal.objects.get(pk=goal.pk),
                lambda g: actions.do_set_goal_status(g, status=status, acting=cw.acting_for(user)),
            )

        return set_to("alice", "achieved"), set_to("ivan", "set_aside")

    def check(n: int, a: Result, b: Result) -> str:
        winner = one_winner(a, b)
        if winner is None:
            return "silent overwrite" if (a.kind, b.kind) == ("won", "won") else "no winner"
        stored = Goal.objects.get(pk=goal.pk).status
        return (
            "one won"
            if stored == ("achieved" if winner is a else "set_aside")
            else "silent overwrite"
        )

    return run_pairs("goal status", reset=reset, writers=writers, check=check)


def _lets_one_of_two_casework_settings_edits_win(cw: Casework) -> Tally:
    program = cw.world.programs["demo"]
    rng = random.Random(11)
    values: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}

    def edit() -> dict[str, Any]:
        return {
            "threshold_cents": rng.randrange(1, 100_000),
            "no_contact_days": rng.randrange(1, 365),
            "due_day": rng.randrange(1, 28),
            "over_budget_rule": rng.choice(OverBudgetRule.values),
        }

    def reset(n: int) -> None:
        values[n] = (edit(), edit())

    def writers(n: int) -> tuple[Writer, Writer]:
        def save(user: str, data: dict[str, Any]) -> Writer:
            return Writer(
                lambda: queries.settings_for(program).version,
                lambda version: actions.do_update_settings(
                    program, acting=cw.acting_for(user), version=version, **data
                ),
            )

        return save("bob", values[n][0]), save("ada", values[n][1])

    versions: list[int] = []

    def check(n: int, a: Result, b: Result) -> str:
        winner = one_winner(a, b)
        if winner is None:
            return "silent overwrite" if (a.kind, b.kind) == ("won", "won") else "no winner"
        s = queries.settings_for(program)
        versions.append(s.version)
        want = values[n][0] if winner is a else values[n][1]
        stored = {
            "threshold_cents": s.funds_approval_threshold_cents,
            "no_contact_days": s.no_contact_warning_days,
            "due_day": s.snapshot_due_day,
            "over_budget_rule": s.over_budget_rule,
        }
        return "one won" if stored == want else "silent overwrite"

    tally = run_pairs("casework settings edit", reset=reset, writers=writers, check=check)
    tally.counts["versions in step"] = int(versions == list(range(2, PAIRS + 2)))
    return tally


def test_it_makes_no_silent_overwrite_in_200_pairs_per_casework_decision(cw: Casework) -> None:
    """One world for every decision (the file stays near a minute); the budget race last,
    as it sets its own budget and rule."""
    tallies = [
        _lets_one_of_two_supervisors_decide_a_funds_request(cw),
        _lets_one_of_two_workers_move_a_service_link(cw),
        _lets_one_of_an_inactive_mark_and_a_reassignment_win(cw),
        _lets_one_of_two_goal_status_changes_win(cw),
        _lets_one_of_two_casework_settings_edits_win(cw),
    ]
    budget = _never_lets_two_approvals_pass_the_budget_together(cw)
    for tally in tallies:
        _judge(tally)
    assert tallies[-1].counts["versions in step"] == 1  # one saved version per pair, none lost
    # The budget loser is refused by the rule (a ValidationError, no conflict): never both.
    assert (budget.counts["one won"], budget.counts["silent overwrite"]) == (PAIRS, 0)
    assert len(budget.errors) == PAIRS
    assert all("above the budget" in e for e in budget.errors)
