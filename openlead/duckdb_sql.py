"""Quoting for the DuckDB SQL that the pure packages build (evaluation, linkage).

No Django here: `openlead.evaluation` and `openlead.linkage` import it and must run
without the web app. Event kinds and outcome names come from users' CSV files, so every
name or text put into SQL goes through these functions, never through an f-string alone.
DuckDB follows standard SQL: inside "..." a double quote is written twice, and inside
'...' a single quote is written twice; nothing else is special (no backslash escapes).
"""

from __future__ import annotations

import math

__all__ = ["identifier", "number", "string"]


def identifier(name: str) -> str:
    """`name` as a quoted DuckDB identifier (a column or alias), whatever it contains."""
    if "\x00" in name:
        raise ValueError("a SQL identifier cannot contain a NUL character")
    return '"' + name.replace('"', '""') + '"'


def string(value: str) -> str:
    """`value` as a DuckDB string literal."""
    if "\x00" in value:
        raise ValueError("a SQL string cannot contain a NUL character")
    return "'" + value.replace("'", "''") + "'"


def number(value: float) -> str:
    """A finite number as a literal (repr of inf or nan would be read as a column name)."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    return repr(value)
