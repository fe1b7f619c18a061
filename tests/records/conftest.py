from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAPPINGS = ROOT / "openlead" / "records" / "mappings"
EXAMPLES = ROOT / "docs" / "examples" / "records"


@pytest.fixture
def police_csv(tmp_path: Path) -> Path:
    target = tmp_path / "police_records.csv"
    shutil.copy(EXAMPLES / "police_records.csv", target)
    return target


@pytest.fixture
def jail_csv(tmp_path: Path) -> Path:
    target = tmp_path / "jail_bookings.csv"
    shutil.copy(EXAMPLES / "jail_bookings.csv", target)
    return target
