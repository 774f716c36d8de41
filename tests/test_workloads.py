"""Real npm graphs (three, lodash-es, marked, date-fns, preact; packages that need Node's
built-in modules; the built-ins themselves): esmload prints what node prints,
cold, warm and uncached."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_esmload

WORKLOADS = Path(__file__).with_name("workloads")
NAMES = sorted(p.stem for p in WORKLOADS.glob("*.mjs"))

pytestmark = pytest.mark.workloads


@pytest.fixture(scope="session")
def node_outputs(installed: Path) -> dict[str, str]:
    node = shutil.which("node")
    outputs = {}
    for name in NAMES:
        if node is None:
            continue
        proc = subprocess.run(
            [node, f"{name}.mjs"], cwd=installed, capture_output=True, text=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr
        outputs[name] = proc.stdout
    return outputs


@pytest.mark.parametrize("name", NAMES)
def test_workload_matches_node_cold_warm_and_uncached(
    name: str, installed: Path, node_outputs: dict[str, str], tmp_path: Path
) -> None:
    if name not in node_outputs:
        pytest.skip("node is not installed")
    expected = node_outputs[name]
    cache = tmp_path / "cache"
    cold = run_esmload(
        ["--cache-stats", f"{name}.mjs"], cwd=installed, cache_dir=cache, timeout=600
    )
    assert cold.returncode == 0, cold.stderr
    assert cold.stdout == expected
    assert "hits=0" in cold.stderr
    warm = run_esmload(["--cache-stats", f"{name}.mjs"], cwd=installed, cache_dir=cache)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout == expected
    assert "misses=0" in warm.stderr and "hits=0" not in warm.stderr
    uncached = run_esmload(["--no-cache", f"{name}.mjs"], cwd=installed, cache_dir=cache)
    assert uncached.returncode == 0, uncached.stderr
    assert uncached.stdout == expected
