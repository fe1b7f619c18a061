"""`make sbom`: a CycloneDX SBOM naming every locked runtime package, its version and
hashes (the same cyclonedx-py command the Makefile runs)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\]+)", re.M)


def _makefile_command() -> list[str]:
    """The cyclonedx-py arguments from the Makefile's sbom target, so the two cannot drift."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    match = re.search(r"\$\(BIN\)/cyclonedx-py (requirements [^\n]+)", text)
    assert match, "the Makefile lost its sbom target"
    return match.group(1).split()


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_it_locks_every_runtime_package_with_hashes() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    pins = PIN.findall(lock)
    assert len(pins) > 30
    for name, _version in pins:
        block = lock.split(f"\n{name}==", 1)[1].split("\n    # via", 1)[0]
        assert "--hash=sha256:" in block, f"{name} has no hash in requirements.lock"


def test_it_writes_a_cyclonedx_sbom_of_the_locked_runtime(tmp_path: Path) -> None:
    tool = shutil.which("cyclonedx-py", path=str(Path(sys.executable).parent))
    if tool is None:
        pytest.skip("cyclonedx-bom is not installed (it is in the dev extra)")
    args = _makefile_command()
    out = tmp_path / "sbom.cdx.json"
    args[args.index("-o") + 1] = str(out)
    result = subprocess.run(
        [tool, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr
    bom = json.loads(out.read_text())
    assert (bom["bomFormat"], bom["specVersion"]) == ("CycloneDX", "1.6")
    assert bom["metadata"]["component"]["name"] == "openlead"
    pins = {_canonical(n): v for n, v in PIN.findall((ROOT / "requirements.lock").read_text())}
    components = {_canonical(c["name"]): c for c in bom["components"]}
    assert set(components) == set(pins)
    assert {n: c["version"] for n, c in components.items()} == pins
    for component in components.values():
        hashes = [h for ref in component["externalReferences"] for h in ref.get("hashes", [])]
        assert hashes and all(h["alg"] == "SHA-256" for h in hashes)
