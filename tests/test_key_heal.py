"""A damaged cache key heals: the next run replaces it and runs correctly, the run after it is
warm again, and the cache commands work on the damaged directory. An untrusted directory is
still refused. Real runs of `python -m esmload` on a real cache directory."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from conftest import Result, run_esmload, spawn_esmload, write_tree

PROGRAM = {
    "main.mjs": """\
        import { total } from './lib/sum.mjs';
        import { label } from './lib/label.mjs';
        import cfg from './cfg.json' with { type: 'json' };
        const { shout } = await import('./lib/shout.mjs');
        console.log(shout(label(total(cfg.values))));
    """,
    "lib/sum.mjs": "import { add } from './add.mjs';\nexport const total = (xs) => xs.reduce(add, 0);\n",
    "lib/add.mjs": "export const add = (a, b) => a + b;\n",
    "lib/label.mjs": "export const label = (n) => `total ${n}`;\n",
    "lib/shout.mjs": "export const shout = (s) => s.toUpperCase() + '!';\n",
    "cfg.json": '{"values": [1, 2, 3, 4]}',
}
EXPECTED = "TOTAL 10!\n"
STATS = re.compile(r"hits=(\d+) misses=(\d+) written=\d+ invalid=(\d+)")
# The damage the brief names; tests/test_store.py covers more (links, FIFOs, longer files).
KINDS = ["truncated", "garbage", "empty", "directory"]


def damage(cache_dir: Path, kind: str) -> bytes:
    """Damage the key in place; returns the key it had."""
    key = cache_dir / "key"
    before = key.read_bytes()
    if kind == "truncated":
        key.write_bytes(before[:20])
    elif kind == "garbage":
        key.write_bytes(os.urandom(32))
    elif kind == "empty":
        key.write_bytes(b"")
    elif kind == "directory":
        key.unlink()
        key.mkdir()
        (key / "inside").write_bytes(before)
    else:
        raise AssertionError(kind)
    return before


def run(project: Path, cache_dir: Path) -> Result:
    return run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)


def stats(result: Result) -> dict[str, int]:
    match = STATS.search(result.stderr)
    assert match, result.stderr
    return dict(zip(("hits", "misses", "invalid"), map(int, match.groups()), strict=True))


def assert_correct(result: Result) -> None:
    assert result.stdout == EXPECTED, result.stderr
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def assert_warm(project: Path, cache_dir: Path) -> None:
    warm = run(project, cache_dir)
    assert_correct(warm)
    counts = stats(warm)
    assert counts["hits"] > 0 and counts["misses"] == 0, warm.stderr
    assert "warning" not in warm.stderr


def assert_key_healed(cache_dir: Path, before: bytes) -> None:
    key = cache_dir / "key"
    assert stat.S_ISREG(os.lstat(key).st_mode)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    data = key.read_bytes()
    assert len(data) == 32 and data != before


def command(cache_dir: Path, project: Path, action: str) -> Result:
    result = run_esmload(["cache", action], cwd=project, cache_dir=cache_dir)
    assert result.returncode == 0, result.stderr
    assert "cannot be used" not in result.stderr and "Traceback" not in result.stderr
    return result


@pytest.fixture
def warmed(project: Path, cache_dir: Path) -> Path:
    """The program, run once so that the cache holds its records and bundle."""
    write_tree(project, PROGRAM)
    cold = run(project, cache_dir)
    assert_correct(cold)
    assert stats(cold)["misses"] > 0
    return project


@pytest.mark.parametrize("kind", KINDS)
def test_run_heals_a_damaged_key(warmed: Path, cache_dir: Path, kind: str) -> None:
    before = damage(cache_dir, kind)
    healed = run(warmed, cache_dir)
    assert_correct(healed)
    assert "warning" not in healed.stderr  # nothing for the user to do
    counts = stats(healed)
    # Every record was made with the old key: each fails its digest and is rewritten.
    assert counts["hits"] == 0 and counts["misses"] > 0 and counts["invalid"] > 0, healed.stderr
    assert_key_healed(cache_dir, before)
    assert_warm(warmed, cache_dir)
    verify = command(cache_dir, warmed, "verify")
    assert " 0 removed" in verify.stdout, verify.stdout


@pytest.mark.parametrize("kind", KINDS)
def test_cache_commands_on_a_damaged_key(warmed: Path, cache_dir: Path, kind: str) -> None:
    records = sorted((cache_dir / "records").rglob("*.rec"))
    before = damage(cache_dir, kind)
    verify = command(cache_dir, warmed, "verify")
    # The records were made with the key before the damage: to the new one they are damaged.
    assert f"checked {len(records)} records: 0 valid, {len(records)} removed" in verify.stdout
    assert_key_healed(cache_dir, before)

    assert_correct(run(warmed, cache_dir))
    before = damage(cache_dir, kind)
    cleared = command(cache_dir, warmed, "clear")
    assert f"removed {len(records)} files" in cleared.stdout, cleared.stdout
    assert not list((cache_dir / "records").rglob("*.rec"))
    assert_key_healed(cache_dir, before)

    before = damage(cache_dir, kind)
    info = command(cache_dir, warmed, "info")
    assert "records: 0" in info.stdout
    assert_key_healed(cache_dir, before)

    assert_correct(run(warmed, cache_dir))
    assert_warm(warmed, cache_dir)


def test_cache_commands_on_a_directory_without_records(project: Path, cache_dir: Path) -> None:
    write_tree(project, PROGRAM)
    assert_correct(run(project, cache_dir))
    before = damage(cache_dir, "truncated")
    subprocess.run(["rm", "-rf", str(cache_dir / "records")], check=True)
    (cache_dir / "notes.txt").write_text("stray")
    (cache_dir / "junk").mkdir()
    (cache_dir / "junk" / "x.rec").write_text("stray")
    assert "records: 0" in command(cache_dir, project, "info").stdout
    assert "checked 0 records" in command(cache_dir, project, "verify").stdout
    assert "removed 0 files" in command(cache_dir, project, "clear").stdout
    assert_key_healed(cache_dir, before)
    assert_correct(run(project, cache_dir))
    assert_warm(project, cache_dir)


def test_key_readable_by_others_is_replaced_with_a_warning(warmed: Path, cache_dir: Path) -> None:
    key = cache_dir / "key"
    before = key.read_bytes()
    key.chmod(0o644)
    result = run(warmed, cache_dir)
    assert_correct(result)
    assert result.stderr.count("esmload: warning:") == 1 and "600" in result.stderr
    assert stats(result)["hits"] == 0  # records made with a key others could read: not used
    assert_key_healed(cache_dir, before)
    assert_warm(warmed, cache_dir)


@pytest.mark.parametrize("bits", [0o770, 0o777])
def test_untrusted_directory_is_still_refused(warmed: Path, cache_dir: Path, bits: int) -> None:
    damage(cache_dir, "truncated")
    damaged = (cache_dir / "key").read_bytes()
    records = sorted((cache_dir / "records").rglob("*.rec"))
    cache_dir.chmod(bits)
    try:
        result = run(warmed, cache_dir)
        assert_correct(result)
        assert "not private" in result.stderr and result.stderr.count("esmload: warning:") == 1
        assert stats(result)["hits"] == 0
        for action in ("verify", "clear", "info"):
            refused = run_esmload(["cache", action], cwd=warmed, cache_dir=cache_dir)
            assert refused.returncode == 1 and "cannot be used" in refused.stderr
        # Nothing in it was touched: not the key, not the records.
        assert (cache_dir / "key").read_bytes() == damaged
        assert sorted((cache_dir / "records").rglob("*.rec")) == records
    finally:
        cache_dir.chmod(0o700)
    assert_correct(run(warmed, cache_dir))  # trusted again: heals
    assert_warm(warmed, cache_dir)


def test_processes_racing_to_heal_agree_on_one_key(warmed: Path, cache_dir: Path) -> None:
    damage(cache_dir, "empty")
    procs = [spawn_esmload(warmed, cache_dir) for _ in range(6)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and out == EXPECTED, err
        assert "Traceback" not in err and "warning" not in err, err
    # Every record written by any of them verifies with the one key on disk.
    verify = command(cache_dir, warmed, "verify")
    assert " 0 removed" in verify.stdout, verify.stdout
    assert_warm(warmed, cache_dir)
