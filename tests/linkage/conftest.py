"""Run the Spark test first: its JVM start-up dominates, and under `pytest -n 2` it then
overlaps with everything else instead of starting last."""

from __future__ import annotations

from typing import Any


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    spark = [item for item in items if "test_spark.py" in str(item.fspath)]
    rest = [item for item in items if item not in spark]
    items[:] = spark + rest
