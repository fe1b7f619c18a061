"""Probabilistic record linkage of justice records to program participants (Splink).

Pure Python, no Django. Names are loaded lazily so `openlead --help` does not import
pandas or Splink.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "BadValue",
    "Columns",
    "Corruption",
    "DedupeResult",
    "LinkResult",
    "SyntheticData",
    "Thresholds",
    "compare",
    "dedupe",
    "link",
    "make_linkage_data",
]

_HOMES = {
    "BadValue": "openlead.linkage.prepare",
    "Columns": "openlead.linkage.prepare",
    "Corruption": "openlead.linkage.synth",
    "LinkResult": "openlead.linkage.core",
    "SyntheticData": "openlead.linkage.synth",
    "Thresholds": "openlead.linkage.core",
    "DedupeResult": "openlead.linkage.deduplicate",
    "compare": "openlead.linkage.core",
    "dedupe": "openlead.linkage.deduplicate",
    "link": "openlead.linkage.core",
    "make_linkage_data": "openlead.linkage.synth",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'openlead.linkage' has no attribute {name!r}")
