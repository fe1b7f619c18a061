"""The work of an evaluation run started in the web app (`openlead evaluate-program --run`).

The program's de-identified extract (openlead.reports.extract) is written inside the
run's directory, read by the evaluation engine, and deleted when the run ends, whatever
happens: only the aggregate outputs (report.html, results.json, tables/) stay on disk.

Only the command line imports this module (reports/cli.py), and `launch_run` names it
for the inline runner of the tests; the actions that start a run never import it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from openlead.background.actions import do_finish_run, do_report_run, do_stop_run, run_actor
from openlead.evaluation.io import load_inputs
from openlead.evaluation.run import run_evaluation
from openlead.evaluation.types import InputError, Options
from openlead.reports.actions import do_count_evaluation_run
from openlead.reports.extract import write_extract
from openlead.reports.models import EvaluationRun
from openlead.reports.results import write_figures


class NothingToEvaluate(Exception):
    """The program has no participants to evaluate (a user-facing reason, no data values)."""


def execute_evaluation_run(run_id: str, *, jobs: int, reraise: bool = False) -> bool:
    """Progress into the row, then complete, or stopped with a reason that names no data
    values. Returns whether the run completed."""
    run = EvaluationRun.objects.select_related("program", "started_by").get(public_id=run_id)
    do_report_run(run, "extracting data", 0.0)
    extract = run.extract_dir
    try:
        return _evaluate(run, extract, jobs)
    except Exception as exc:
        do_stop_run(run, _reason(exc))
        if reraise and not _is_input_error(exc):
            raise
        return False
    finally:
        # The extract is row-level data about people: it never outlives the run.
        shutil.rmtree(extract, ignore_errors=True)


def execute_in_web_process(run_id: str) -> None:
    """The inline runner (tests): one job, as no web process should fork workers."""
    execute_evaluation_run(run_id, jobs=1)


def _evaluate(run: EvaluationRun, extract: Path, jobs: int) -> bool:
    _extract(run, extract)
    designs = [d for d in run.designs.split(",") if d]
    end = run.follow_up_end
    data, notes = load_inputs(
        extract / "people.csv",
        extract / "events.csv",
        extract / "status_months.csv",
        follow_up_end=end,
    )
    # results.json names its input files; the server's directories are nobody's business.
    data.sources = {table: Path(path).name for table, path in data.sources.items()}
    options = Options(follow_up_end=end, jobs=jobs)
    outcome = run_evaluation(
        data, options, designs, run.out, notes=notes, step=_stepper(run, designs)
    )
    write_figures(outcome.results, run.out)
    summary = [s for r in outcome.results for s in r.summary]
    skipped = [r.design for r in outcome.results if r.skipped]
    if skipped:
        summary.append(f"Not run for lack of inputs: {', '.join(skipped)} (see the warnings).")
    do_finish_run(run, summary=summary)
    return True


def _extract(run: EvaluationRun, extract: Path) -> None:
    """The program's de-identified extract (audited as an export by whoever started the run)."""
    extract.mkdir(parents=True, exist_ok=True)
    counts = write_extract(run.program, extract, acting=run_actor(run))
    do_count_evaluation_run(
        run,
        {
            "participants": counts.participants,
            "comparison_people": counts.comparison,
            "events": counts.events,
        },
    )
    if counts.participants == 0:
        raise NothingToEvaluate(
            "The program has no participants (active, inactive or exited) yet, so there is "
            "nothing to evaluate."
        )


def _stepper(run: EvaluationRun, designs: list[str]) -> Callable[[str], None]:
    """run_evaluation names each design as it starts, then "report": fraction = designs done."""
    done = [0]

    def step(name: str) -> None:
        label = "writing the report" if name == "report" else f"running the {name} design"
        do_report_run(run, label, done[0] / (len(designs) + 1))
        done[0] += 1

    return step


def _is_input_error(exc: Exception) -> bool:
    return isinstance(exc, InputError | NothingToEvaluate)


def _reason(exc: Exception) -> str:
    """A user mistake in the data is said in full (file, row, column: the extract holds
    pseudonyms and dates only); any other error by its type name only, as values can
    identify people."""
    if isinstance(exc, NothingToEvaluate):
        return str(exc)
    if isinstance(exc, InputError):
        where = Path(exc.file).name  # not the server's directory layout
        if exc.row is not None:
            where += f", row {exc.row}"
        if exc.column is not None:
            where += f", column {exc.column!r}"
        return f"The evaluation could not use the program's extract: {where}: {exc.reason}"
    return (
        f"The evaluation stopped with an error ({type(exc).__name__}). The server log has "
        "the details; start a new run to try again."
    )
