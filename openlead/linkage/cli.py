"""`openlead link`: link a people file to a records file and write pairs and a summary."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    import pandas as pd

    from openlead.linkage.core import Progress, Thresholds
    from openlead.linkage.prepare import BadValue, Columns

__all__ = ["dedupe", "link"]

_OPTIONAL = (
    "sex",
    "state_id",
    "booking_number",
    "middle_name",
    "house_number",
    "street",
    "city",
    "postal_code",
    "phone",
    "aliases",
)
_FIELDS = ("first_name", "last_name", "dob", *_OPTIONAL)
_SHOWN_BAD_VALUES = 20


class InputError(Exception):
    """A user mistake in an input file: reported in one line, exit code 2."""


def _shared_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options `link` and `dedupe` share: output, column mapping, bands, seed."""
    for option in reversed(_SHARED):
        command = option(command)
    return command


_SHARED = [
    click.option(
        "--out",
        "out_dir",
        required=True,
        type=click.Path(path_type=Path, file_okay=False),
        help="Output directory.",
    ),
    click.option(
        "--map",
        "mappings",
        multiple=True,
        metavar="FIELD=COLUMN",
        help=f"Read FIELD from COLUMN (fields: {', '.join(_FIELDS)}). Repeatable.",
    ),
    click.option(
        "--auto-accept",
        type=click.FloatRange(0, 1),
        default=0.95,
        show_default=True,
        help="Pairs at or above this probability are accepted.",
    ),
    click.option(
        "--review",
        type=click.FloatRange(0, 1, min_open=True),
        default=0.5,
        show_default=True,
        help="Pairs at or above this (and below --auto-accept) go to review.",
    ),
    click.option(
        "--seed",
        type=int,
        default=42,
        show_default=True,
        help="Seed for the random sampling of u probabilities.",
    ),
]


@click.command("link")
@_shared_options
@click.option(
    "--left",
    "left_path",
    required=True,
    type=click.Path(path_type=Path),
    help="People file (CSV or Parquet).",
)
@click.option(
    "--right",
    "right_path",
    required=True,
    type=click.Path(path_type=Path),
    help="Records file (CSV or Parquet).",
)
@click.option(
    "--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True
)
@click.option(
    "--left-id", default=None, help="Identifier column of the people file (default: first column)."
)
@click.option(
    "--right-id",
    default=None,
    help="Identifier column of the records file (default: first column).",
)
def link(
    left_path: Path,
    right_path: Path,
    out_dir: Path,
    engine: str,
    left_id: str | None,
    right_id: str | None,
    mappings: tuple[str, ...],
    auto_accept: float,
    review: float,
    seed: int,
) -> None:
    """Link people to justice records by name, date of birth and sex (Splink)."""
    from openlead.linkage.core import link as run_link
    from openlead.linkage.report import write_outputs

    thresholds = _thresholds(auto_accept, review)
    mapping = _parse_mappings(mappings)
    try:
        left_df, left_cols, lid = _load(left_path, left_id, mapping)
        right_df, right_cols, rid = _load(right_path, right_id, mapping)
    except InputError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(2) from None
    with _progress_bar() as progress:
        result = run_link(
            left_df,
            right_df,
            left_id=lid,
            right_id=rid,
            columns=left_cols,
            right_columns=right_cols,
            engine=engine,
            thresholds=thresholds,
            seed=seed,
            progress=progress,
        )
    bad = {left_path: result.bad_values["left"], right_path: result.bad_values["right"]}
    _report_bad_values(bad, out_dir)
    inputs = {left_path.name: len(left_df), right_path.name: len(right_df)}
    write_outputs(result, out_dir, left_id=lid, right_id=rid, inputs=inputs)
    _echo_blocking(result.rule_pairs, result.blocking_ceiling)
    counts = result.band_counts()
    click.echo(
        f"{counts['auto_accept']:,} auto-accepted and {counts['review']:,} for review "
        f"out of {result.n_scored:,} scored pairs; wrote {out_dir / 'pairs.csv'} "
        f"and {out_dir / 'summary.html'}"
    )


def _echo_blocking(rule_pairs: dict[str, int], ceiling: float) -> None:
    """Pairs per blocking rule and the model's blocking recall ceiling (before the last line)."""
    for name, n in rule_pairs.items():
        click.echo(f"blocking rule {name}: {n:,} scored pairs found first")
    click.echo(f"blocking recall ceiling (estimated from the model): {ceiling:.3f}")


def _thresholds(auto_accept: float, review: float) -> Thresholds:
    from openlead.linkage.core import Thresholds

    if review > auto_accept:
        raise click.BadParameter(f"--review {review} is above --auto-accept {auto_accept}")
    return Thresholds(auto_accept=auto_accept, review=review)


def _parse_mappings(mappings: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in mappings:
        field, sep, column = item.partition("=")
        if not sep or field.strip() not in _FIELDS or not column.strip():
            raise click.BadParameter(
                f"{item!r}: use FIELD=COLUMN with FIELD one of {', '.join(_FIELDS)}",
                param_hint="--map",
            )
        out[field.strip()] = column.strip()
    return out


def read_table(path: Path) -> pd.DataFrame:
    """CSV or Parquet by extension, every CSV value as text; InputError if unreadable."""
    import pandas as pd

    suffix = path.suffix.lower()
    if suffix not in {".csv", ".parquet", ".pq"}:
        raise InputError(
            f"{path}: unsupported file type {suffix or '(none)'}; use .csv or .parquet"
        )
    try:
        if suffix == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        else:
            df = pd.read_parquet(path)
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except Exception as err:  # pandas/pyarrow raise many types for a damaged file
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise InputError(f"{path}: cannot read: {first_line}") from None
    if df.empty or len(df.columns) == 0:
        raise InputError(f"{path}: no data rows")
    return df


def _load(
    path: Path, id_column: str | None, mapping: dict[str, str]
) -> tuple[pd.DataFrame, Columns, str]:
    from openlead.linkage.prepare import Columns

    df = read_table(path)
    if id_column is not None and id_column not in df.columns:
        raise InputError(f"{path}: missing identifier column {id_column!r}")
    chosen = {f: mapping[f] if mapping.get(f) in df.columns else f for f in _FIELDS}
    for field in ("first_name", "last_name", "dob"):
        if chosen[field] not in df.columns:
            wanted = mapping.get(field, field)
            raise InputError(
                f"{path}: missing column {wanted!r} (for {field}; map it with --map {field}=COLUMN)"
            )
    optional = {f: (chosen[f] if chosen[f] in df.columns else None) for f in _OPTIONAL}
    columns = replace(
        Columns(),
        first_name=chosen["first_name"],
        last_name=chosen["last_name"],
        dob=chosen["dob"],
        **optional,
    )
    return df, columns, id_column or str(df.columns[0])


def _report_bad_values(bad: dict[Path, list[BadValue]], out_dir: Path) -> None:
    """One line per bad value on stderr (capped) and all of them in bad_values.csv."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for path, values in bad.items():
        for i, b in enumerate(values):
            rows.append(
                {
                    "file": str(path),
                    "row": b.row,
                    "column": b.column,
                    "value": b.value,
                    "reason": b.reason,
                }
            )
            if i < _SHOWN_BAD_VALUES:
                click.echo(
                    f"warning: {path}: row {b.row}, column {b.column!r}: {b.value!r} {b.reason}; kept as missing",
                    err=True,
                )
        if len(values) > _SHOWN_BAD_VALUES:
            click.echo(
                f"warning: {path}: {len(values) - _SHOWN_BAD_VALUES} more bad values", err=True
            )
    if rows:
        out_dir.mkdir(parents=True, exist_ok=True)
        pd.DataFrame(rows).to_csv(out_dir / "bad_values.csv", index=False)
        click.echo(
            f"{len(rows)} bad values kept as missing; listed in {out_dir / 'bad_values.csv'}",
            err=True,
        )


@contextmanager
def _progress_bar() -> Iterator[Progress]:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = (TextColumn("{task.description:<28}"), BarColumn(), TimeElapsedColumn())
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bar:
        task = bar.add_task("linking", total=100)

        def update(step: str, fraction: float) -> None:
            bar.update(task, description=step, completed=100 * fraction)

        yield update


@click.command("dedupe")
@_shared_options
@click.option(
    "--in",
    "in_path",
    required=True,
    type=click.Path(path_type=Path),
    help="Records file (CSV or Parquet).",
)
@click.option("--id", "id_column", default=None, help="Identifier column (default: first column).")
def dedupe(
    in_path: Path,
    out_dir: Path,
    id_column: str | None,
    mappings: tuple[str, ...],
    auto_accept: float,
    review: float,
    seed: int,
) -> None:
    """Find the records of one file that stand for the same person, and cluster them."""
    from openlead.linkage.deduplicate import dedupe as run_dedupe

    thresholds = _thresholds(auto_accept, review)
    mapping = _parse_mappings(mappings)
    try:
        df, cols, rid = _load(in_path, id_column, mapping)
        repeats = df[rid].astype("string").duplicated().to_numpy().nonzero()[0]
        if len(repeats):
            pos = int(repeats[0])
            value = df[rid].iloc[pos]
            raise InputError(
                f"{in_path}: row {pos + 1}, column {rid!r}: id {value!r} repeats an earlier row"
            )
    except InputError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(2) from None
    with _progress_bar() as progress:
        result = run_dedupe(
            df,
            id_column=rid,
            columns=cols,
            thresholds=thresholds,
            seed=seed,
            progress=progress,
        )
    _report_bad_values({in_path: result.bad_values}, out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result.pairs.to_csv(out_dir / "pairs.csv", index=False)
    result.clusters.to_csv(out_dir / "clusters.csv", index=False)
    _echo_blocking(result.rule_pairs, result.blocking_ceiling)
    counts = result.band_counts()
    click.echo(
        f"{len(df):,} records stand for {result.n_people:,} people at p >= {auto_accept}; "
        f"{counts['auto_accept']:,} pairs auto-accepted and {counts['review']:,} for review; "
        f"wrote {out_dir / 'pairs.csv'} and {out_dir / 'clusters.csv'}"
    )
