"""The suppression attack (issue 18): from the published CSV and page, no hidden count can
be worked out; and the attack is strong enough to break tables suppressed one at a time."""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

import pytest

from openlead.accountability import csvfile, figures
from openlead.accountability.figures import figures_for
from openlead.accountability.groups import FLAGS
from openlead.accountability.models import Publication
from openlead.evaluation.suppression import SMALL_CELL, Suppressed
from openlead.reports.pcg_quarters import Quarter
from tests.accountability.attack import recover
from tests.accountability.helpers import officers, refer
from tests.conftest import World

pytestmark = pytest.mark.django_db(databases="__all__")

DOORS = ["arrest", "social_contact", "community", "self"]
QUARTERS = [Quarter(2026, n) for n in (1, 2, 3)]


def _seed(world: World, seed: int) -> None:
    """Referrals with many small cells: skewed doors and groups over three quarters."""
    rng = random.Random(seed)
    cops = officers(world, 6)
    for quarter in QUARTERS:
        for _ in range(rng.randint(25, 45)):
            door = rng.choices(DOORS, weights=[6, 3, 2, 1])[0]
            flags = rng.choices(
                [
                    (),
                    ("white",),
                    ("black_af_american",),
                    ("asian",),
                    ("white", "asian"),
                    (rng.choice(FLAGS),),
                ],
                weights=[1, 6, 4, 1, 1, 1],
            )[0]
            day = quarter.first_day + dt.timedelta(days=rng.randint(0, 80))
            refer(
                world,
                door=door,
                day=day,
                flags=flags,
                officer=rng.choice(cops) if door in ("arrest", "social_contact") else None,
            )


def _primary_only(tables: Any) -> list[Suppressed]:
    """Small counts hidden and nothing else: what a naive page would publish."""
    found = []
    for t in tables:
        cells = tuple(tuple(None if 0 < v < SMALL_CELL else v for v in row) for row in t)
        rows = tuple(sum(row) for row in t)
        cols = tuple(sum(col) for col in zip(*t, strict=True))
        found.append(Suppressed(cells, rows, cols, sum(rows), 0, 0))
    return found


@pytest.mark.parametrize("seed", range(6))
def test_it_publishes_no_count_that_the_totals_give_back(world: World, seed: int) -> None:
    _seed(world, seed)
    text = csvfile.render(figures_for(world.programs["demo"], QUARTERS))
    leaks, hidden = recover(text)
    assert hidden > 0  # there is something to attack
    assert leaks == []


def test_it_is_an_attack_that_breaks_a_page_hiding_only_the_small_counts(
    world: World, monkeypatch: Any
) -> None:
    """With the small counts hidden and no complements, subtraction gives them back: the
    attack above is not a pass by weakness."""
    monkeypatch.setattr(figures, "suppress_linked", _primary_only)
    _seed(world, 0)
    leaks, hidden = recover(csvfile.render(figures_for(world.programs["demo"], QUARTERS)))
    assert hidden > 0 and leaks  # e.g. the one small count of a row, by subtraction


def test_it_shows_on_the_page_what_the_csv_says(world: World, client: Any) -> None:
    _seed(world, 1)
    Publication.objects.create(program=world.programs["demo"], public=True)
    program = world.programs["demo"]
    html = client.get(f"/p/{program.slug}/accountability/?year=2026").content.decode()
    hidden_on_page = re.findall(r"<td>([^<]*)</td>", html).count("hidden")
    text = client.get(f"/p/{program.slug}/accountability.csv?year=2026").content.decode()
    assert hidden_on_page == text.count(",hidden\n")
    assert recover(text)[0] == []
