"""Models that last: a program's trained model is stored per source, reused on the next run
until retrained, and the summary warns when a batch drifts past the documented bounds."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from openlead.records import drift
from tests.records.helpers import make_record

pytestmark = pytest.mark.django_db(databases="__all__")

SOURCE = "test-rms"


def _program_with_people(seed: int = 11) -> Any:
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.linkage import make_linkage_data
    from openlead.people.actions import NewPerson, do_create_person
    from openlead.programs.models import Program

    program = Program.objects.create(name="Model City", slug="model-city")
    acting = Actor.from_who(audit.Who(None, "test", "", None))
    people = make_linkage_data(n_people=40, n_records=1, seed=seed).people
    for row in people.itertuples(index=False):
        do_create_person(
            NewPerson(
                program_id=program.pk,
                legal_name=f"{row.first_name} {row.last_name}",
                date_of_birth=str(row.dob),
                sex={"F": 0, "M": 1}[str(row.sex)],
                status="active",
            ),
            acting=acting,
        )
    return program


def _add_records(program: Any, prefix: str, n: int, match_share: float, seed: int = 11) -> None:
    """n records of which match_share are corrupted copies of the program's people (the
    same seed draws the same people)."""
    from openlead.linkage import make_linkage_data

    data = make_linkage_data(n_people=40, n_records=n, match_share=match_share, seed=seed)
    for row in data.records.itertuples(index=False):
        fields = {
            k: str(getattr(row, k))
            for k in ("first_name", "last_name", "dob", "sex")
            if str(getattr(row, k)) not in {"<NA>", "nan", "None", ""}
        }
        fields.setdefault("dob", "1900-01-02")
        make_record(program, f"{prefix}-{row.record_id}", source=SOURCE, state_id="", **fields)


def _run(program: Any, *, retrain: bool = False) -> Any:
    from openlead.access import audit
    from openlead.access.acting import Actor
    from openlead.records.linkage_runs import run_program_linkage

    acting = Actor.from_who(audit.Who(None, "test", "", program.pk))
    return run_program_linkage(program, acting=acting, retrain=retrain)


def _model(program: Any) -> Any:
    from openlead.records.models import LinkageModel

    return LinkageModel.objects.get(program=program, source=SOURCE)


@pytest.mark.slow
def test_it_stores_the_model_and_reuses_it_on_a_similar_batch_without_warning() -> None:
    program = _program_with_people()
    _add_records(program, "A", 300, 0.1)
    first = _run(program)
    assert first.models == (f"{SOURCE}: model trained now",)
    stored = _model(program)
    assert (stored.people, stored.records) == (40, 300)
    assert stored.settings["comparisons"] and 0 < stored.match_rate < 0.3
    assert sum(n for _, n in stored.weight_histogram) == stored.pairs_scored > 0
    _add_records(program, "B", 300, 0.1, seed=12)  # same share of true pairs, new records
    second = _run(program)
    assert second.models[0].endswith("reused") and "on 40 people x 300 records" in second.models[0]
    assert second.warnings == ()
    assert _model(program).trained_at == stored.trained_at  # not retrained


@pytest.mark.slow
def test_it_warns_when_a_batch_drifts_from_the_stored_model() -> None:
    from openlead.records.models import LinkageRun

    program = _program_with_people()
    _add_records(program, "A", 300, 0.1)
    _run(program)
    _add_records(program, "C", 300, 0.9, seed=11)  # nine in ten records are participants'
    summary = _run(program)
    assert any("the match rate is" in w for w in summary.warnings), summary.warnings
    assert "warnings" in summary.run_counts()
    assert "match rate" in summary.run_counts()["warnings"]
    assert LinkageRun._meta.get_field("warnings")  # where the web run keeps them


@pytest.mark.slow
def test_it_trains_afresh_when_asked_to_retrain() -> None:
    program = _program_with_people()
    _add_records(program, "A", 300, 0.1)
    _run(program)
    before = _model(program).trained_at
    _add_records(program, "C", 300, 0.9, seed=11)
    summary = _run(program, retrain=True)
    assert summary.models == (f"{SOURCE}: model trained now",)
    assert summary.warnings == ()  # a new baseline, nothing to drift from
    after = _model(program)
    assert after.trained_at > before and after.records == 600


@pytest.mark.slow
def test_it_retrains_a_stored_model_whose_levels_predate_this_version() -> None:
    from openlead.linkage.model import outdated

    program = _program_with_people()
    _add_records(program, "A", 300, 0.1)
    _run(program)
    stored = _model(program)
    # As stored before the surname's two_edits level existed: its m and u would land on
    # the wrong levels, so the run must not use it.
    old = copy.deepcopy(stored.settings)
    for comparison in old["comparisons"]:
        if comparison["output_column_name"] == "last_name":
            comparison["comparison_levels"] = [
                lv
                for lv in comparison["comparison_levels"]
                if lv.get("label_for_charts") != "two_edits"
            ]
    stored.settings = old
    stored.save(update_fields=["settings"])
    _add_records(program, "B", 300, 0.1, seed=12)
    summary = _run(program)
    assert summary.models == (f"{SOURCE}: model trained now",)
    assert any("predates" in w and "last_name" in w for w in summary.warnings), summary.warnings
    after = _model(program)
    assert after.trained_at > stored.trained_at
    assert outdated(after.settings) is None


def test_it_finds_no_drift_in_the_same_distribution() -> None:
    histogram = [(-5.0, 400), (0.0, 80), (6.0, 20)]
    baseline = drift.Baseline(0.1, histogram)
    assert drift.psi(histogram, histogram) == pytest.approx(0.0)
    assert drift.drift_warnings("s", baseline, 0.15, [(-5.0, 390), (0.0, 85), (6.0, 25)]) == []


@pytest.mark.parametrize(
    ("rate", "histogram", "expected"),
    [
        # ten points above the bound's edge: the match rate warns, the scores do not
        (0.25, [(-5.0, 400), (0.0, 80), (6.0, 20)], ["match rate"]),
        # the same rate, but most pairs now score high: the distribution warns
        (0.12, [(-5.0, 100), (0.0, 80), (6.0, 320)], ["score distribution"]),
        # too few pairs to judge a distribution: only the rate is checked
        (0.12, [(-5.0, 10), (6.0, 40)], []),
    ],
)
def test_it_warns_past_each_bound(
    rate: float, histogram: list[tuple[float, int]], expected: list[str]
) -> None:
    baseline = drift.Baseline(0.1, [(-5.0, 400), (0.0, 80), (6.0, 20)])
    found = drift.drift_warnings("s", baseline, rate, histogram)
    assert len(found) == len(expected)
    for warning, words in zip(found, expected, strict=True):
        assert words in warning
