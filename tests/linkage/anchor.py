"""Plain Splink as the same-run anchor: set up as in its FEBRL 4 example
(tests/linkage/test_febrl.py), with whichever of the identifier, address and phone
fields the inputs carry. No nicknames, swaps, aliases or prior refitting."""

from __future__ import annotations

import logging

import pandas as pd


def plain_splink(people: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Pairs plain Splink keeps at p >= 0.5 (left_id, right_id, match_probability)."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    a = _lower(people.rename(columns={"person_id": "id"}))
    b = _lower(records.rename(columns={"record_id": "id"}))
    shared = [c for c in a.columns if c in b.columns]
    a, b = a[shared], b[shared]
    rules: list[object] = [
        block_on("first_name", "last_name"),
        "l.first_name = r.last_name and l.last_name = r.first_name",
        block_on("dob"),
    ]
    comparisons = [
        cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("last_name").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison(
            "dob", input_is_string=True, datetime_format="%Y-%m-%d", invalid_dates_as_null=True
        ),
    ]
    if "state_id" in shared:
        rules.append(block_on("state_id"))
        comparisons.append(cl.DamerauLevenshteinAtThresholds("state_id", [1, 2]))
    if "street" in shared:
        rules += [block_on("city", "street"), block_on("house_number", "street")]
        rules.append(block_on("postal_code"))
        comparisons += [
            cl.ExactMatch("house_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postal_code", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ]
    if "phone" in shared:
        rules.append(block_on("phone"))
        comparisons.append(cl.ExactMatch("phone"))
    settings = SettingsCreator(
        unique_id_column_name="id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=rules,
        comparisons=comparisons,
    )
    api = DuckDBAPI()
    linker = Linker([api.register(a), api.register(b)], settings, log_level=None)
    deterministic = [block_on("first_name", "last_name", "dob")]
    if "state_id" in shared:
        deterministic.insert(0, block_on("state_id"))
    try:
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
        estimated = linker._settings_obj._probability_two_random_records_match  # noqa: SLF001
    except ValueError:
        estimated = 0.0
    if not estimated > 0:
        # No pair agrees on the deterministic rules (every true record corrupted):
        # Splink cannot estimate the prior, so the anchor keeps its default (1e-4).
        linker = Linker([api.register(a), api.register(b)], settings, log_level=None)
    training = linker.training
    training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    for block in ("dob", "first_name"):
        try:
            training.estimate_parameters_using_expectation_maximisation(
                block_on(block), estimate_without_term_frequencies=True
            )
        except Exception as exc:  # noqa: BLE001 - the anchor runs as plain Splink would
            logging.getLogger(__name__).warning("anchor EM on %s stopped: %s", block, exc)
    out = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return pd.DataFrame(
        {
            "left_id": out["id_l"].astype("string"),
            "right_id": out["id_r"].astype("string"),
            "match_probability": out["match_probability"].astype(float),
        }
    )


def _lower(df: pd.DataFrame) -> pd.DataFrame:
    out = df.drop(columns=[c for c in ("sex", "aliases", "middle_name") if c in df]).copy()
    for col in ("first_name", "last_name", "street", "city"):
        if col in out:
            out[col] = out[col].astype("string").str.lower().str.strip()
    return out
