"""The review page explains a pair's score (a waterfall of match weights, the letters that
differ), and after each decision the next pair opens with a count of what is left."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from openlead.records.explain import bars, differing, waterfall_svg
from tests.conftest import World
from tests.records.helpers import make_link

pytestmark = pytest.mark.django_db(databases="__all__")

WEIGHTS = {
    "prior": -12.3,
    "fields": {
        "first_name": {"level": "exact", "weight": 6.1},
        "last_name": {"level": "typo", "weight": 3.2},
        "dob": {"level": "exact", "weight": 9.0},
        "sex": {"level": "different", "weight": -2.5},
    },
    "frequency": 1.4,
    "total": 4.9,
}


@pytest.mark.parametrize(
    ("left", "right", "marked_left", "marked_right"),
    [
        ("Myers", "MYER", ["s"], []),
        ("Ann", "Anne", [], ["e"]),
        ("1980-03-04", "1980-04-03", ["3", "4"], ["4", "3"]),
        ("", "Garcia", [], ["Garcia"]),
    ],
)
def test_it_marks_only_the_letters_that_differ(
    left: str, right: str, marked_left: list[str], marked_right: list[str]
) -> None:
    a, b = differing(left, right)
    assert "".join(t for t, _ in a) == left and "".join(t for t, _ in b) == right
    assert [t for t, d in a if d] == marked_left
    assert [t for t, d in b if d] == marked_right


def test_it_builds_the_score_from_the_prior_up() -> None:
    rows = bars(WEIGHTS)
    assert [r.label for r in rows] == [
        "Before comparing (how rare a true pair is)",
        "First name: exact",
        "Last name: typo",
        "Date of birth: exact",
        "Sex: different",
        "How common the names are",
        "Score (match weight)",
    ]
    assert sum(r.weight for r in rows[:-1]) == pytest.approx(rows[-1].weight)
    svg = waterfall_svg(WEIGHTS)
    assert svg.count("<rect") == 7 and "style=" not in svg  # the CSP refuses style attributes
    assert "+9.0" in svg and "-2.5" in svg


def test_it_names_the_newer_levels_in_words() -> None:
    fields = {
        "first_name": {"level": "middle_as_first", "weight": 4.0},
        "last_name": {"level": "two_edits", "weight": 1.5},
        "dob": {"level": "day_month_swapped_one_digit", "weight": 3.0},
        "sex": {"level": "exact", "weight": 0.9},
    }
    rows = bars({**WEIGHTS, "fields": fields})
    assert [r.label for r in rows[1:5]] == [
        "First name: middle name used as first name",
        "Last name: two letters differ",
        "Date of birth: day and month swapped, one digit off",
        "Sex: exact",
    ]


def test_it_escapes_labels_in_the_chart() -> None:
    hostile = {**WEIGHTS, "fields": {"<script>": {"level": "exact", "weight": 1.0}}}
    assert "<script>" not in waterfall_svg(hostile)


def test_it_shows_the_waterfall_and_the_differences(world: World, client: Any) -> None:
    link = make_link(world, "pending", "own")
    link.weights = WEIGHTS
    link.save(update_fields=["weights"])
    client.force_login(world.users["bob"])
    page = client.get(reverse("link_review", kwargs={"link_id": link.public_id})).content.decode()
    assert "Why this score" in page and 'class="waterfall"' in page
    assert "Date of birth: exact" in page and "<mark>" in page
    assert "1 pair waiting for review" in page


def test_it_says_when_a_pair_has_no_weights(world: World, client: Any) -> None:
    link = make_link(world, "pending", "own")
    client.force_login(world.users["bob"])
    page = client.get(reverse("link_review", kwargs={"link_id": link.public_id})).content.decode()
    assert "its field weights were not kept" in page


def test_it_opens_the_next_pair_after_a_decision(world: World, client: Any) -> None:
    first = make_link(world, "first", "own")
    second = make_link(world, "second", "same")
    client.force_login(world.users["bob"])
    response = client.post(
        reverse("link_decide", kwargs={"link_id": first.public_id}),
        {"decision": "reject"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "link_review", kwargs={"link_id": second.public_id}
    )
    assert "Marked as not the same person. 1 pair left to review." in response.content.decode()
    response = client.post(
        reverse("link_decide", kwargs={"link_id": second.public_id}),
        {"decision": "accept"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("link_review_queue")
    assert "Linked. Every pair is reviewed." in response.content.decode()
