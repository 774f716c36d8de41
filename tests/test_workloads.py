"""Real npm graphs (three, lodash-es, marked, date-fns, preact; packages that need Node's
built-in modules; the built-ins themselves; CommonJS packages imported from ES modules — react
with react-dom/server, lodash, moment, … — and required from a CommonJS entry point): esmload
prints what node prints, cold, warm and uncached."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_esmload

WORKLOADS = Path(__file__).with_name("workloads")
# Entry points: ES modules (`*.mjs`) and CommonJS programs (`*.cjs`); ids are their stems.
ENTRIES = sorted(p.name for p in [*WORKLOADS.glob("*.mjs"), *WORKLOADS.glob("*.cjs")])

pytestmark = pytest.mark.workloads


@pytest.fixture(scope="session")
def node_outputs(installed: Path) -> dict[str, str]:
    node = shutil.which("node")
    outputs = {}
    for entry in ENTRIES:
        if node is None:
            continue
        proc = subprocess.run(
            [node, entry], cwd=installed, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr
        outputs[entry] = proc.stdout
    return outputs


@pytest.mark.parametrize("entry", ENTRIES, ids=[Path(e).stem for e in ENTRIES])
def test_workload_matches_node_cold_warm_and_uncached(
    entry: str, installed: Path, node_outputs: dict[str, str], tmp_path: Path
) -> None:
    if entry not in node_outputs:
        pytest.skip("node is not installed")
    expected = node_outputs[entry]
    cache = tmp_path / "cache"
    cold = run_esmload(["--cache-stats", entry], cwd=installed, cache_dir=cache, timeout=600)
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout == expected
    assert "hits=0" in cold.stderr
    warm = run_esmload(["--cache-stats", entry], cwd=installed, cache_dir=cache)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout == expected
    assert "misses=0" in warm.stderr and "hits=0" not in warm.stderr
    uncached = run_esmload(["--no-cache", entry], cwd=installed, cache_dir=cache)
    assert uncached.returncode == 0, uncached.stderr
    assert uncached.stdout == expected
