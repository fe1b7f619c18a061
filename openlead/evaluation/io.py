"""Loading and validating the evaluation input files (CSV or Parquet).

Every problem is raised as an `InputError` naming the file, the row and the column. Rows
are numbered as in a spreadsheet opened on the CSV: the header is row 1, so the first
data row is row 2. Parquet files use the same numbers (record k is row k + 1), so a
message reads the same whichever format the program exported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from openlead.evaluation.ranges import check_dates, check_follow_up, check_requested_covariates
from openlead.evaluation.types import EvalData, InputError

__all__ = [
    "DEMOGRAPHICS",
    "KNOWN_PEOPLE_COLUMNS",
    "load_inputs",
    "prepare_inputs",
    "read_table",
]

GROUPS = ("program", "comparison")
DOORS = ("arrest", "social_contact", "community", "self")  # self-referral: no gatekeeper
SEVERITIES = ("felony", "misdemeanor")
PEOPLE_REQUIRED = ("person_id", "group", "index_date")
EVENTS_REQUIRED = ("person_id", "date", "kind")
STATUS_REQUIRED = ("person_id", "month")
COSTS_REQUIRED = ("item", "amount", "source")
# Program-only or bookkeeping columns: never covariates (they are collinear with group).
NOT_COVARIATES: tuple[str, ...] = (
    "person_id",
    "group",
    "index_date",
    "followup_end",
    "door",
    "program",
    "officer_id",
    "birth_year",
)
DEMOGRAPHICS = ("race", "ethnicity", "sex")
KNOWN_PEOPLE_COLUMNS = NOT_COVARIATES + DEMOGRAPHICS
TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0"}
SHOWN_ROWS = 5  # further bad rows are counted, not listed, to keep the message one line


def read_table(path: str | Path) -> pd.DataFrame:
    """A file as a frame: Parquet by extension (.parquet, .pq), otherwise CSV as text."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), None, None, "file not found")
    if path.suffix.lower() in {".parquet", ".pq"}:
        return _read_parquet(path)
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(str(path), None, None, f"not a readable CSV file ({exc})") from exc


def _read_parquet(path: Path) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowInvalid) as exc:
        raise InputError(str(path), None, None, f"not a readable Parquet file ({exc})") from exc
    # Dates come back as datetime.date objects by default; timestamps keep them vectorised.
    columns = []
    for field in table.schema:
        column = table.column(field.name)
        if pa.types.is_date(field.type):
            column = column.cast(pa.timestamp("ns"))
        columns.append(column)
    table = pa.table(columns, names=table.column_names)
    return table.to_pandas()


def load_inputs(
    people: str | Path,
    events: str | Path,
    status_months: str | Path | None = None,
    costs: str | Path | None = None,
    *,
    covariates: list[str] | None = None,
    follow_up_end: dt.date | None = None,
    window_months: int = 6,
) -> tuple[EvalData, list[str]]:
    """Read, validate and join the input files; returns the data and notes for results.json."""
    paths = {"people": people, "events": events, "status_months": status_months, "costs": costs}
    frames = {name: read_table(path) for name, path in paths.items() if path is not None}
    sources = {name: str(path) for name, path in paths.items() if path is not None}
    return prepare_inputs(
        frames,
        sources,
        covariates=covariates,
        follow_up_end=follow_up_end,
        window_months=window_months,
    )


def prepare_inputs(
    frames: dict[str, pd.DataFrame],
    sources: dict[str, str] | None = None,
    *,
    covariates: list[str] | None = None,
    follow_up_end: dt.date | None = None,
    window_months: int = 6,
) -> tuple[EvalData, list[str]]:
    """Validate frames already in memory (keys people, events, [status_months], [costs]).

    `sources` names each table's file in error messages; by default the table name.
    """
    names = {name: name for name in frames} | (sources or {})
    notes: list[str] = []
    people = validate_people(frames["people"], names["people"])
    check_dates(people, names["people"], ("index_date", "followup_end"))
    events = validate_events(frames["events"], names["events"], people)
    check_dates(events, names["events"], ("date",))
    people = _with_follow_up(people, events, follow_up_end, notes)
    check_follow_up(people, follow_up_end, window_months, names["people"])
    events = _drop_after_follow_up(events, people, notes)
    derived = _derive_covariates(people, events, window_months)
    chosen = choose_covariates(people, covariates, names["people"], derived)
    if covariates:
        check_requested_covariates(people, chosen, names["people"])
    status = None
    if frames.get("status_months") is not None:
        status = validate_status(frames["status_months"], names["status_months"], people)
    costs = None
    if frames.get("costs") is not None:
        costs = validate_costs(frames["costs"], names["costs"])
    data = EvalData(people, events, status, costs, chosen, dict(names))
    return data, notes


# --- shared checks -------------------------------------------------------------------


def _rows(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask) + 2  # header is row 1


def _fail(file: str, mask: np.ndarray, column: str, reason: str, values: pd.Series) -> None:
    rows = _rows(mask)
    if len(rows) == 0:
        return
    first = values.iloc[rows[0] - 2]
    more = ""
    if len(rows) > 1:
        listed = ", ".join(str(r) for r in rows[1 : 1 + SHOWN_ROWS])
        extra = len(rows) - 1 - min(SHOWN_ROWS, len(rows) - 1)
        more = f" (also rows {listed}{f' and {extra} more' if extra else ''})"
    raise InputError(file, int(rows[0]), column, f"{reason}, got {_show(first)}{more}")


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "an empty value"
    return repr(str(value))


def _require_columns(frame: pd.DataFrame, file: str, required: Iterable[str]) -> None:
    for column in required:
        if column not in frame.columns:
            raise InputError(file, 1, column, "required column is missing from the header")


def _factorize(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes (-1 for empty) and distinct values: checks then run once per distinct value,
    which keeps 10 million events with a few thousand distinct dates fast."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), pd.Index(values.cat.categories)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, pd.Index(uniques)


def _clean_text(uniques: pd.Index, *, lower: bool = False) -> pd.Series:
    text = pd.Series(uniques.astype(str), dtype="string").str.strip()
    text = text.str.lower() if lower else text
    return text.mask(text == "")


def _non_empty_text(
    frame: pd.DataFrame, file: str, column: str, *, lower: bool = False
) -> pd.Series:
    """Stripped text; an empty value is an error. Categorical when values repeat a lot."""
    values = frame[column]
    codes, uniques = _factorize(values)
    clean = _clean_text(uniques, lower=lower)
    empty_unique = clean.isna().to_numpy()
    bad = (codes < 0) | np.append(empty_unique, False)[codes]
    _fail(file, bad, column, "a value is required", values)
    if len(uniques) * 20 < len(values):
        return _recode(codes, clean, frame.index)
    return pd.Series(clean.to_numpy()[codes], index=frame.index, dtype="string")


def _recode(codes: np.ndarray, clean: pd.Series, index: pd.Index) -> pd.Series:
    """A categorical from per-row codes into cleaned distinct values (which may now repeat)."""
    new_codes, categories = pd.factorize(clean, use_na_sentinel=True)
    final = np.append(new_codes, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(final, categories=categories), index=index)


def _dates(frame: pd.DataFrame, file: str, column: str, *, required: bool) -> pd.Series:
    values = frame[column]
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = values.astype("datetime64[ns]")
    else:
        codes, uniques = _factorize(values)
        text = _clean_text(uniques)
        parsed_u = pd.to_datetime(text, format="ISO8601", errors="coerce")
        bad_u = (parsed_u.isna() & text.notna()).to_numpy()
        _fail(file, np.append(bad_u, False)[codes], column, "not a date (use YYYY-MM-DD)", values)
        lookup = np.append(parsed_u.to_numpy().astype("datetime64[ns]"), np.datetime64("NaT"))
        parsed = pd.Series(lookup[codes], index=values.index)
    if required:
        _fail(file, parsed.isna().to_numpy(), column, "a date is required", values)
    return parsed


def _booleans(frame: pd.DataFrame, file: str, column: str) -> pd.Series:
    values = frame[column]
    if pd.api.types.is_bool_dtype(values):
        return values.astype("boolean")
    codes, uniques = _factorize(values)
    text = _clean_text(uniques, lower=True)
    truth = text.isin(list(TRUE_WORDS)).fillna(False).to_numpy()
    falsity = text.isin(list(FALSE_WORDS)).fillna(False).to_numpy()
    bad_u = text.notna().to_numpy() & ~truth & ~falsity
    _fail(file, np.append(bad_u, False)[codes], column, "not true/false (or yes/no, 1/0)", values)
    flags: list[bool | None] = [
        True if t else (False if f else None) for t, f in zip(truth, falsity, strict=True)
    ]
    lookup = pd.array([*flags, None], dtype="boolean")
    return pd.Series(lookup[codes], index=values.index)


def _choice(frame: pd.DataFrame, file: str, column: str, allowed: tuple[str, ...]) -> pd.Series:
    values = frame[column]
    codes, uniques = _factorize(values)
    text = _clean_text(uniques, lower=True)
    bad_u = (text.notna() & ~text.isin(list(allowed)).fillna(False)).to_numpy()
    _fail(
        file, np.append(bad_u, False)[codes], column, f"must be one of {'|'.join(allowed)}", values
    )
    return _recode(codes, text, values.index)


def _known_person(frame: pd.DataFrame, file: str, people: pd.DataFrame) -> np.ndarray:
    codes, uniques = _factorize(frame["person_id"])
    where = pd.Index(people["person_id"]).get_indexer(_clean_text(uniques))
    position = np.append(where, -1)[codes]
    _fail(file, position < 0, "person_id", "not a person in the people file", frame["person_id"])
    return position


# --- people ----------------------------------------------------------------------------


def validate_people(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Typed people table; raises on the first problem found."""
    _require_columns(frame, file, PEOPLE_REQUIRED)
    out = pd.DataFrame(index=frame.index)
    out["person_id"] = _non_empty_text(frame, file, "person_id").astype(str)
    _fail(
        file,
        out["person_id"].duplicated().to_numpy(),
        "person_id",
        "appears twice in the people file",
        frame["person_id"],
    )
    out["group"] = _choice(frame, file, "group", GROUPS).astype(str)
    _fail(
        file,
        frame["group"].isna().to_numpy(),
        "group",
        "must be one of program|comparison",
        frame["group"],
    )
    out["index_date"] = _dates(frame, file, "index_date", required=True)
    if "followup_end" in frame.columns:
        out["followup_end"] = _dates(frame, file, "followup_end", required=False)
        early = (out["followup_end"] < out["index_date"]).fillna(False).to_numpy()
        _fail(
            file,
            early,
            "followup_end",
            "follow-up ends before the index_date",
            frame["followup_end"],
        )
    if "door" in frame.columns:
        out["door"] = _choice(frame, file, "door", DOORS)
    if "birth_year" in frame.columns:
        out["birth_year"] = _birth_years(frame, file)
    for column in frame.columns:
        if column not in out.columns:
            out[column] = _covariate(frame[column])
    return out.reset_index(drop=True)


def _birth_years(frame: pd.DataFrame, file: str) -> pd.Series:
    values = frame["birth_year"]
    years = pd.to_numeric(values, errors="coerce")
    this_year = dt.date.today().year
    bad = values.notna() & (years.isna() | (years < 1900) | (years > this_year))
    _fail(file, bad.to_numpy(), "birth_year", f"must be a year 1900-{this_year}", values)
    return years.astype("Float64")


def _covariate(values: pd.Series) -> pd.Series:
    """Numbers when every non-empty value is one, otherwise text (a categorical)."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().sum() == values.notna().sum() and values.notna().any():
        return numbers.astype(float)
    return values.astype("string").str.strip()


# --- events ----------------------------------------------------------------------------


def validate_events(frame: pd.DataFrame, file: str, people: pd.DataFrame) -> pd.DataFrame:
    """Typed events table; every person_id must be in the people file."""
    _require_columns(frame, file, EVENTS_REQUIRED)
    out = pd.DataFrame(index=frame.index)
    position = _known_person(frame, file, people)
    out["person_id"] = people["person_id"].to_numpy()[position]
    out["date"] = _dates(frame, file, "date", required=True)
    out["kind"] = _non_empty_text(frame, file, "kind", lower=True).astype("category")
    if "severity" in frame.columns:
        out["severity"] = _choice(frame, file, "severity", SEVERITIES)
    for column in ("warrant", "eligible_conduct"):
        if column in frame.columns:
            out[column] = _booleans(frame, file, column)
    if "end_date" in frame.columns:
        out["end_date"] = _dates(frame, file, "end_date", required=False)
        early = (out["end_date"] < out["date"]).fillna(False).to_numpy()
        _fail(
            file,
            early,
            "end_date",
            "the stay ends before it starts (end_date < date)",
            frame["end_date"],
        )
    out["_person"] = position.astype(np.int64)  # row of people; used by the follow-up cut
    return out.reset_index(drop=True)


# --- follow-up and derived covariates ------------------------------------------------------


def _with_follow_up(
    people: pd.DataFrame, events: pd.DataFrame, cut: dt.date | None, notes: list[str]
) -> pd.DataFrame:
    """Each person's follow-up end: their own, capped by --follow-up-end, else the data end."""
    people = people.copy()
    data_end = events["date"].max() if len(events) else people["index_date"].max()
    own = people["followup_end"] if "followup_end" in people.columns else None
    end = own.fillna(data_end) if own is not None else pd.Series(data_end, index=people.index)
    if own is None or own.isna().any():
        notes.append(
            f"follow-up for people without followup_end ends at the last event date "
            f"({pd.Timestamp(data_end).date()})"
        )
    if cut is not None:
        end = end.where(end <= pd.Timestamp(cut), pd.Timestamp(cut))
    people["followup_end"] = end.astype("datetime64[ns]")
    short = int((people["followup_end"] <= people["index_date"]).sum())
    if short:
        notes.append(f"{short} people have no follow-up after their index_date")
    return people


def _drop_after_follow_up(
    events: pd.DataFrame, people: pd.DataFrame, notes: list[str]
) -> pd.DataFrame:
    ends = people["followup_end"].to_numpy()[events["_person"].to_numpy()]
    keep = events["date"].to_numpy() <= ends
    dropped = int((~keep).sum())
    if dropped:
        notes.append(f"{dropped} events after the end of follow-up are not analysed")
    return events.loc[keep].drop(columns="_person").reset_index(drop=True)


def _derive_covariates(people: pd.DataFrame, events: pd.DataFrame, window_months: int) -> list[str]:
    """Adds `age` (index year - birth_year) and `prior_arrests` to people, in place.

    prior_arrests counts arrests before the pre-index window (index_date minus
    window_months), so the covariate never contains the outcome it adjusts for.
    """
    derived: list[str] = []
    if "birth_year" in people.columns and "age" not in people.columns:
        people["age"] = (people["index_date"].dt.year - people["birth_year"]).astype(float)
        derived.append("age")
    if "prior_arrests" not in people.columns and (events["kind"] == "arrest").any():
        people["prior_arrests"] = prior_arrest_counts(people, events, window_months)
        derived.append("prior_arrests")
    return derived


def prior_arrest_counts(
    people: pd.DataFrame, events: pd.DataFrame, window_months: int
) -> np.ndarray:
    """Arrests before index_date - window_months, per person, in DuckDB."""
    import duckdb

    con = duckdb.connect()
    con.register("p", people[["person_id", "index_date"]])
    con.register("e", events.loc[events["kind"] == "arrest", ["person_id", "date"]])
    counts = con.execute(
        f"""
        SELECT p.person_id, count(e.date) AS n
        FROM p LEFT JOIN e ON e.person_id = p.person_id
             AND e.date < p.index_date - INTERVAL {int(window_months)} MONTH
        GROUP BY p.person_id
        """  # noqa: S608 - window_months is an int
    ).df()
    con.close()
    n = counts.set_index("person_id")["n"].reindex(people["person_id"]).fillna(0)
    return n.to_numpy(dtype=float)


def choose_covariates(
    people: pd.DataFrame, requested: list[str] | None, file: str, derived: list[str]
) -> list[str]:
    """--covariates if given (each must exist), else demographics, extras and derived ones."""
    if requested:
        for name in requested:
            if name not in people.columns or name in NOT_COVARIATES:
                raise InputError(file, 1, name, "named in --covariates but not a covariate column")
        return list(requested)
    chosen = [c for c in people.columns if c not in NOT_COVARIATES and not c.startswith("_")]
    chosen = [c for c in chosen if c not in derived] + derived
    return [c for c in chosen if people[c].notna().any()]


# --- status months and costs ------------------------------------------------------------


def validate_status(frame: pd.DataFrame, file: str, people: pd.DataFrame) -> pd.DataFrame:
    """person_id, month (first of the month), housing, employment, income_or_benefits."""
    _require_columns(frame, file, STATUS_REQUIRED)
    out = pd.DataFrame(index=frame.index)
    position = _known_person(frame, file, people)
    out["person_id"] = people["person_id"].to_numpy()[position]
    out["month"] = _dates(frame, file, "month", required=True).dt.to_period("M").dt.to_timestamp()
    out["month"] = out["month"].astype("datetime64[ns]")
    for column in ("housing", "employment"):
        if column in frame.columns:
            out[column] = frame[column].astype("string").str.strip()
    if "income_or_benefits" in frame.columns:
        out["income_or_benefits"] = _booleans(frame, file, "income_or_benefits")
    return out.reset_index(drop=True)


def validate_costs(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """item, amount (a number), source (required: every unit cost names where it came from)."""
    _require_columns(frame, file, COSTS_REQUIRED)
    out = pd.DataFrame(index=frame.index)
    out["item"] = _non_empty_text(frame, file, "item")
    amount = pd.to_numeric(frame["amount"], errors="coerce")
    _fail(file, amount.isna().to_numpy(), "amount", "must be a number", frame["amount"])
    out["amount"] = amount.astype(float)
    out["source"] = _non_empty_text(frame, file, "source")
    for column in frame.columns:
        if column not in out.columns:
            out[column] = frame[column]
    return out.reset_index(drop=True)
