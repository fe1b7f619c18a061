"""No silent overwrites in program settings: 200 randomised two-writer pairs on PostgreSQL.

Two administrators open the settings form at the same version and both save: one save
lands, the other gets EditConflict, and the stored row is the winner's, one version up.
"""

from __future__ import annotations

import random
from typing import Any

from openlead.access.acting import Actor
from openlead.programs.actions import do_update_program
from openlead.programs.forms import ProgramSettingsForm
from openlead.programs.models import Program
from tests.conftest import World
from tests.races import PAIRS, Result, Writer, on_postgres, one_winner, run_pairs

pytestmark = on_postgres
PROTOCOLS = [("seattle-lead", "2020.1"), ("seattle-lead", ""), ("santa-fe-lead", "2014.1")]
FIELDS = [
    "protocol_id",
    "intake_window_days",
    "caseload_average_limit",
    "caseload_max",
    "protocol_version",
]


def test_it_lets_one_of_two_program_settings_edits_win(world: World) -> None:
    program = world.programs["demo"]
    hank = Actor.of(world.users["hank"], "sysadmin", program.pk)
    rng = random.Random(5)
    edits: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    versions: list[int] = []

    def edit() -> dict[str, Any]:
        average = rng.randrange(1, 40)
        # Installed protocols and versions only (issue 11: the form refuses any other).
        protocol, version = rng.choice(PROTOCOLS)
        return {
            "name": program.name,
            "time_zone": rng.choice(["America/Denver", "America/Chicago", "UTC"]),
            "protocol_id": protocol,
            "protocol_version": version,
            "intake_window_days": rng.randrange(1, 90),
            "caseload_average_limit": average,
            "caseload_max": average + rng.randrange(0, 10),
        }

    def reset(n: int) -> None:
        edits[n] = (edit(), edit())

    def writers(n: int) -> tuple[Writer, Writer]:
        def save(data: dict[str, Any]) -> Writer:
            def read() -> Any:
                stored = Program.objects.get(pk=program.pk)
                form = ProgramSettingsForm({**data, "version": stored.version}, instance=stored)
                assert form.is_valid(), form.errors
                return form

            return Writer(read, lambda form: do_update_program(acting=hank, form=form))

        return save(edits[n][0]), save(edits[n][1])

    def check(n: int, a: Result, b: Result) -> str:
        winner = one_winner(a, b)
        if winner is None:
            return "silent overwrite" if (a.kind, b.kind) == ("won", "won") else "no winner"
        stored = Program.objects.get(pk=program.pk)
        versions.append(stored.version)
        want = edits[n][0] if winner is a else edits[n][1]
        same = all(getattr(stored, k) == want[k] for k in [*FIELDS, "time_zone"])
        return "one won" if same else "silent overwrite"

    tally = run_pairs("program settings edit", reset=reset, writers=writers, check=check)
    assert tally.errors == []
    assert (tally.counts["one won"], tally.counts["silent overwrite"]) == (PAIRS, 0)
    assert tally.counts["conflicts:1"] == PAIRS
    assert versions == list(range(2, PAIRS + 2))  # one saved version per pair, none lost
