"""link(): prepare both tables, train the Splink model, score pairs and band them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from openlead.linkage import model
from openlead.linkage.bands import corroborated
from openlead.linkage.engine import Backend, make_backend
from openlead.linkage.fields import EXTRA_FIELDS, PREPARED_COLUMNS, present
from openlead.linkage.prepare import OPTIONAL_IDENTIFIERS, BadValue, Columns, prepare
from openlead.linkage.prior import logit2, refit_prior, shifted_probability

LOG = logging.getLogger(__name__)

__all__ = ["LinkResult", "Progress", "Thresholds", "compare", "link"]

# Enough pairs for stable m estimates; more only costs time on big extracts.
EM_MAX_PAIRS = 3e5
U_MAX_PAIRS = 5e5

# step name, fraction done (0..1)
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Thresholds:
    """Bands on match probability: p >= auto_accept, review <= p < auto_accept, else reject."""

    auto_accept: float = 0.95
    review: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 < self.review <= self.auto_accept <= 1.0:
            raise ValueError(
                f"need 0 < review ({self.review}) <= auto_accept ({self.auto_accept}) <= 1"
            )

    def band(self, p: pd.Series) -> pd.Series:
        out = pd.Series("reject", index=p.index, dtype="string")
        out = out.mask(p >= self.review, "review")
        return out.mask(p >= self.auto_accept, "auto_accept")


@dataclass
class LinkResult:
    """Scored pairs at or above the review threshold, plus what the run saw."""

    pairs: pd.DataFrame  # left_id, right_id, match_probability, match_weight, band, levels
    thresholds: Thresholds
    weight_histogram: pd.DataFrame  # bin (floor of match weight), n: every scored pair
    bad_values: dict[str, list[BadValue]] = field(default_factory=dict)
    comparisons: tuple[str, ...] = ()
    engine: str = "duckdb"
    model: dict[str, Any] = field(default_factory=dict)  # trained Splink settings (JSON-able)
    rule_pairs: dict[str, int] = field(default_factory=dict)  # scored pairs by blocking rule
    # Share of true pairs some blocking rule finds, estimated from the model (ceiling.py).
    blocking_ceiling: float = float("nan")

    def band_counts(self) -> dict[str, int]:
        counts = self.pairs["band"].value_counts()
        return {b: int(counts.get(b, 0)) for b in ("auto_accept", "review")}

    @property
    def n_scored(self) -> int:
        return int(self.weight_histogram["n"].sum())


def link(
    left: pd.DataFrame,
    right: pd.DataFrame,
    *,
    left_id: str | None = None,
    right_id: str | None = None,
    columns: Columns | None = None,
    right_columns: Columns | None = None,
    engine: str | Backend = "duckdb",
    thresholds: Thresholds | None = None,
    seed: int = 42,
    progress: Progress | None = None,
    model: dict[str, Any] | None = None,
) -> LinkResult:
    """Link people (left) to records (right) and band the scored pairs.

    The identifier is the first column unless named. `columns` says where the compared
    fields are (default: first_name, last_name, dob, sex, state_id, booking_number).
    `model` is a trained model from an earlier LinkResult.model: training is skipped,
    so the same parameters can score on another engine or a later extract.
    """
    thresholds = thresholds or Thresholds()
    report = progress or (lambda _step, _fraction: None)
    columns = columns or Columns()
    report("preparing", 0.0)
    left_std, left_bad = prepare(left, left_id or str(left.columns[0]), columns)
    right_std, right_bad = prepare(
        right, right_id or str(right.columns[0]), right_columns or columns
    )
    identifiers = shared_fields(left_std, right_std)
    left_std, right_std = align_fields(left_std, identifiers), align_fields(right_std, identifiers)
    backend = make_backend(engine)
    try:
        pairs, histogram, trained = _run(
            backend, left_std, right_std, identifiers, thresholds, seed, report, model
        )
        identifiers = tuple(c["output_column_name"] for c in trained["comparisons"][4:])
    finally:
        backend.close()
    report("done", 1.0)
    comparisons = ("first_name", "last_name", "dob", "sex", *identifiers)
    return LinkResult(
        blocking_ceiling=estimate_ceiling(trained, left_std, right_std, comparisons),
        pairs=pairs,
        thresholds=thresholds,
        weight_histogram=tidy_histogram(histogram),
        rule_pairs=rule_pairs_of(histogram, identifiers),
        bad_values={"left": left_bad, "right": right_bad},
        comparisons=comparisons,
        engine=backend.name,
        model=trained,
    )


def estimate_ceiling(
    trained: dict[str, Any], left: pd.DataFrame, right: pd.DataFrame, comparisons: tuple[str, ...]
) -> float:
    """The model's estimate of the blocking recall ceiling (openlead.linkage.ceiling)."""
    from openlead.linkage.ceiling import missing_shares, model_ceiling

    rules = list(model.blocking_rule_sql(comparisons[4:]))
    return model_ceiling(trained, rules, missing_shares(left, right, comparisons))


def compare(
    left: pd.DataFrame, right: pd.DataFrame, *, columns: Columns | None = None
) -> pd.DataFrame:
    """Comparison levels of every left x right pair, and whether blocking would find it.

    No training and no blocking: for explaining a pair to a reviewer, and for tests.
    """
    from splink import Linker

    columns = columns or Columns()
    left_std, _ = prepare(left, str(left.columns[0]), columns)
    right_std, _ = prepare(right, str(right.columns[0]), columns)
    identifiers = shared_fields(left_std, right_std)
    left_std, right_std = align_fields(left_std, identifiers), align_fields(right_std, identifiers)
    backend = make_backend("duckdb")
    try:
        tables = [backend.register(left_std, "left"), backend.register(right_std, "right")]
        linker = Linker(tables, model.settings(identifiers), log_level=None)
        scored = linker.inference.score_pairs(
            _records(left_std), _records(right_std), include_found_by_blocking_rules=True
        ).as_pandas_dataframe()
    finally:
        backend.close()
    out = pd.DataFrame(
        {
            "left_id": scored["unique_id_l"].astype("string"),
            "right_id": scored["unique_id_r"].astype("string"),
        }
    )
    for comp, table in model.level_labels(identifiers).items():
        out[f"level_{comp}"] = scored[f"gamma_{comp}"].astype(int).map(table).to_numpy()
    out["found_by_blocking"] = scored["found_by_blocking_rules"].astype(bool).to_numpy()
    return out


def _records(df: pd.DataFrame) -> list[dict[str, object]]:
    plain = df.astype(object).where(df.notna(), None)
    return plain.to_dict(orient="records")  # type: ignore[return-value]


def align_fields(df: pd.DataFrame, optional: tuple[str, ...]) -> pd.DataFrame:
    """The same columns on both sides: a field only one side has is not compared."""
    unused = [c for c in OPTIONAL_IDENTIFIERS if c in df and c not in optional]
    for name, prepared in PREPARED_COLUMNS.items():
        if name not in optional:
            unused += [c for c in prepared if c in df]
    return df.drop(columns=unused)


def shared_fields(left: pd.DataFrame, right: pd.DataFrame) -> tuple[str, ...]:
    """The identifiers, then the extra fields, that both inputs carry (model order)."""
    ids = tuple(
        c
        for c in OPTIONAL_IDENTIFIERS
        if c in left and c in right and left[c].notna().any() and right[c].notna().any()
    )
    return ids + tuple(f for f in EXTRA_FIELDS if present(left, f) and present(right, f))


def _run(
    backend: Backend,
    left: pd.DataFrame,
    right: pd.DataFrame,
    identifiers: tuple[str, ...],
    thresholds: Thresholds,
    seed: int,
    report: Progress,
    trained: dict[str, Any] | None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    from splink import Linker

    # Splink narrates every step at INFO/WARNING; our progress callback replaces that.
    logging.getLogger("splink").setLevel(logging.ERROR)
    report("registering", 0.05)
    tables = [backend.register(left, "left"), backend.register(right, "right")]
    if trained is None:
        linker = Linker(tables, model.settings(identifiers), log_level=None)
        n_pairs = len(left) * len(right)
        rules = model.em_rules(optional=identifiers)
        train(
            linker, seed=seed, report=report, n_pairs=n_pairs, chunks=backend.u_chunks, rules=rules
        )
    else:
        identifiers = tuple(c["output_column_name"] for c in trained["comparisons"][4:])
        dialect = backend.api.sql_dialect.sql_dialect_str
        linker = Linker(
            tables, model.with_parameters(identifiers, trained, dialect), log_level=None
        )
    report("scoring", 0.7)
    predictions = linker.inference.predict(warning_mode="never")
    # A trained model's prior is refitted to the scored pairs; a given one is kept.
    n_pairs = len(left) * len(right) if trained is None else 0
    pairs, histogram, saved = collect_refitted(backend, linker, predictions, n_pairs, thresholds)
    return tidy_pairs(pairs, identifiers, thresholds), histogram, saved


def collect_refitted(
    backend: Backend, linker: Any, predictions: Any, n_pairs: int, thresholds: Thresholds
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Histogram and kept pairs under the prior refitted to the scored pairs (prior.py).

    With n_pairs 0 the model's prior is kept as it is."""
    saved: dict[str, Any] = linker.misc.save_model_to_json()
    start = float(saved["probability_two_random_records_match"])
    prior = refit_prior(backend.weights(predictions), n_pairs, start) if n_pairs else start
    shift = logit2(prior) - logit2(start)
    histogram, kept = backend.collect(predictions, thresholds.review, shift)
    kept["match_weight"] = kept["match_weight"].astype(float) + shift
    kept["match_probability"] = shifted_probability(kept["match_weight"])
    saved["probability_two_random_records_match"] = prior
    return kept, histogram, saved


def train(
    linker: object,
    *,
    seed: int,
    report: Progress,
    n_pairs: int,
    chunks: int = 10,
    rules: list[Any] | None = None,
) -> None:
    """u by random sampling, then m by EM over two blocking rules.

    Each EM session leaves out the fields in its blocking rule, so between them every
    comparison gets an m estimate: the dob block trains names and sex, the last-name
    block trains first name, dob and sex. A full-name block would not do: same-name
    strangers are common, and with dob as the only free field EM cannot tell them
    from true pairs.
    """
    from splink import block_on
    from splink.internals.exceptions import EMTrainingException

    training = linker.training  # type: ignore[attr-defined]
    report("estimating prior", 0.1)
    prior_rules = [block_on("first_name_canon", "last_name", "dob")]
    try:
        training.estimate_probability_two_random_records_match(prior_rules, recall=0.7)
    except ValueError:
        # Splink refuses recall 0.7 when the exact agreements outnumber what that recall
        # allows: a table made mostly of one person's records (a justice source being
        # clustered). Every such pair is then taken as a match (recall 1.0).
        training.estimate_probability_two_random_records_match(prior_rules, recall=1.0)
    settings = linker._settings_obj  # type: ignore[attr-defined]
    if not 0 < settings._probability_two_random_records_match < 1:
        # No exact agreements at all (tiny inputs): assume one true pair among all pairs.
        settings._probability_two_random_records_match = min(0.5, 1 / max(n_pairs, 2))
    report("estimating u", 0.2)
    training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=seed, num_chunks=chunks)
    rules = rules or model.em_rules()
    for step, rule in enumerate(rules):
        report(f"estimating m (EM session {step + 1})", 0.3 + 0.35 * step / len(rules))
        # A session narrows the model's comparisons to the ones it trains before it
        # starts; if it stops midway, the model must be put back as it was.
        before = settings.core_model_settings.copy()
        start = _else_m(settings)
        try:
            _em_session(training, settings, rule, before)
        except EMTrainingException:
            # Tiny inputs can leave a training block empty; Splink's default m values
            # stand in for the fields that block would have trained.
            settings.core_model_settings = before
        except ValueError as exc:
            # EM can drive the m of a level that true pairs never show (records that copy
            # a person's name exactly, every time) below what float64 holds, and Splink
            # refuses it. The other session and the default m values stand in.
            if "probability value" not in str(exc):
                raise
            settings.core_model_settings = before
            LOG.warning(
                "linkage: EM session %d stopped (%s); its m values are not used", step + 1, exc
            )
            continue
        if not _plausible(settings, start):
            # A block holding almost no true pairs (dates of birth missing or wrong in
            # most records) makes EM fit look-alikes instead: it then finds a different
            # name no evidence against a match. Such a session is left out.
            settings.core_model_settings = before
            LOG.warning("linkage: EM session %d found no true pairs; not used", step + 1)


# Iterations per attempt: a session whose m underflows is run again, stopped earlier.
_EM_ATTEMPTS = (20, 6)


def _em_session(training: Any, settings: Any, rule: Any, before: Any) -> None:
    """One EM session; if an m underflows, again from the start with fewer iterations.

    A level true pairs never show (no nicknames among clerical errors, an identifier
    that always agrees) has its m halved or worse at every iteration until Splink refuses
    it; the other levels have long converged by then, so stopping earlier keeps them."""
    from dataclasses import replace

    full = settings.training_settings
    try:
        for attempt, iterations in enumerate(_EM_ATTEMPTS):
            settings.training_settings = replace(full, max_iterations=iterations)
            try:
                training.estimate_parameters_using_expectation_maximisation(
                    rule, estimate_without_term_frequencies=True, max_pairs=EM_MAX_PAIRS
                )
                return
            except ValueError as exc:
                if "probability value" not in str(exc) or attempt == len(_EM_ATTEMPTS) - 1:
                    raise
                settings.core_model_settings = before.copy()
    finally:
        settings.training_settings = full


def _else_levels(settings: Any) -> dict[str, Any]:
    out = {}
    for comparison in settings.comparisons:
        if comparison.output_column_name in ("first_name", "last_name", "dob"):
            for level in comparison.comparison_levels:
                if level._is_else_level:  # noqa: SLF001 - Splink has no public flag
                    out[comparison.output_column_name] = level
    return out


def _else_m(settings: Any) -> dict[str, float | None]:
    return {name: level.m_probability for name, level in _else_levels(settings).items()}


def _plausible(settings: Any, start: dict[str, float | None]) -> bool:
    """Whether the fields this session trained still find a different first name, surname
    or birth date to count against a match (untrained levels keep Splink's defaults)."""
    for name, level in _else_levels(settings).items():
        m, u = level.m_probability, level.u_probability
        if m != start.get(name) and m is not None and u is not None and m >= u:
            return False
    return True


def tidy_pairs(
    raw: pd.DataFrame, identifiers: tuple[str, ...], thresholds: Thresholds
) -> pd.DataFrame:
    # Splink puts the alphabetically first source ("left") on the _l side; check anyway.
    # A dedupe has no source column: its pairs keep Splink's order (left id < right id).
    if "source_dataset_l" in raw:
        swap = raw["source_dataset_l"].astype("string") == "right"
    else:
        swap = pd.Series(False, index=raw.index)
    left_id = raw["unique_id_l"].where(~swap, raw["unique_id_r"])
    right_id = raw["unique_id_r"].where(~swap, raw["unique_id_l"])
    out = pd.DataFrame(
        {
            "left_id": left_id.astype("string"),
            "right_id": right_id.astype("string"),
            "match_probability": raw["match_probability"].astype(float),
            "match_weight": raw["match_weight"].astype(float),
        }
    )
    out["band"] = thresholds.band(out["match_probability"])
    labels = model.level_labels(identifiers)
    for comp, table in labels.items():
        # Splink leaves out the gamma columns when no pair was blocked at all.
        column = raw.get(f"gamma_{comp}", pd.Series(-1, index=raw.index))
        gamma = column.astype(int)
        out[f"gamma_{comp}"] = gamma.to_numpy()
        out[f"level_{comp}"] = gamma.map(table).astype("string").to_numpy()
    # Shared household fields or aliases alone do not auto-accept (bands.py).
    auto = out["band"].eq("auto_accept") & ~corroborated(out, identifiers)
    out["band"] = out["band"].mask(auto, "review")
    order = out.sort_values(
        ["match_probability", "left_id", "right_id"], ascending=[False, True, True]
    )
    return order.reset_index(drop=True)


def tidy_histogram(raw: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"bin": raw["bin"].astype(float), "n": raw["n"].astype(int)})
    summed: pd.DataFrame = out.groupby("bin", as_index=False).agg(n=("n", "sum"))
    return summed.sort_values("bin").reset_index(drop=True)


def rule_pairs_of(raw: pd.DataFrame, identifiers: tuple[str, ...]) -> dict[str, int]:
    """Scored pairs by the first blocking rule that found them (Splink's match_key)."""
    names = list(model.blocking_rule_sql(identifiers))
    counts = raw.groupby(raw["match_key"].astype(int))["n"].sum()
    return {name: int(counts.get(i, 0)) for i, name in enumerate(names)}
