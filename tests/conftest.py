"""Shared fixtures: every test runs real programs through `python -m esmload` in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from esmload.cache.store import CacheStore


@dataclass
class Result:
    stdout: str
    stderr: str
    returncode: int


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Create files (dedented text or raw bytes) below root, making folders as needed."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def run_esmload(
    args: list[str],
    *,
    cwd: Path,
    cache_dir: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Result:
    """Run `python -m esmload ARGS` with its own cache directory unless told otherwise."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ESMLOAD_")}
    if cache_dir is not None:
        full_env["ESMLOAD_CACHE_DIR"] = str(cache_dir)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "esmload", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(proc.stdout, proc.stderr, proc.returncode)


def spawn_esmload(
    project: Path,
    cache_dir: Path,
    pass_fds: tuple[int, ...] = (),
    args: tuple[str, ...] | list[str] = ("main.mjs",),
) -> subprocess.Popen[str]:
    """`python -m esmload main.mjs` (or `args`) in `project` with its own cache, started, not
    awaited (`pass_fds`: descriptors it inherits)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESMLOAD_")}
    env["ESMLOAD_CACHE_DIR"] = str(cache_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "esmload", *args],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        pass_fds=pass_fds,
    )


def unpack(cache_dir: Path) -> None:
    """Split the cache's packs into a file per record, named as the store names them (what
    a run with a few misses writes), so that a test can damage records one by one."""
    packs = cache_dir / "packs"
    if not packs.is_dir():
        return
    store = CacheStore(cache_dir)
    for pack in sorted(packs.glob("*.pack")):
        entries = store.pack_records(str(pack))
        assert entries is not None, f"{pack} is not a readable pack"
        for path, data in entries:
            Path(path).parent.mkdir(mode=0o700, exist_ok=True)
            Path(path).write_bytes(data)
            Path(path).chmod(0o600)
        pack.unlink()


def record_names(cache_dir: Path) -> set[str]:
    """The name of every record in the cache, in a file of its own or in a pack."""
    names = {path.name for path in (cache_dir / "records").rglob("*.rec")}
    store = CacheStore(cache_dir)
    for pack in sorted((cache_dir / "packs").glob("*.pack")):
        entries = store.pack_records(str(pack))
        assert entries is not None, f"{pack} is not a readable pack"
        names.update(Path(path).name for path, _ in entries)
    return names


def module_records(cache_dir: Path) -> list[Path]:
    """Record files of modules (not the prelude's script record nor graph bundles), packs
    split into files first."""
    unpack(cache_dir)
    found = []
    for path in sorted((cache_dir / "records").rglob("*.rec")):
        flags = int.from_bytes(path.read_bytes()[10:12], "little")
        if not flags & 6:  # 2: the prelude (a script), 4: a graph bundle
            found.append(path)
    return found


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    return root


@pytest.fixture
def run_js(project: Path, cache_dir: Path):
    """run_js(files, entry="main.mjs", args=(), env=None, cli=()) -> Result.

    Writes `files` into a fresh project folder and runs the entry with esmload, using a cache
    directory private to the test.
    """

    def run(
        files: dict[str, str | bytes],
        entry: str = "main.mjs",
        args: tuple[str, ...] | list[str] = (),
        env: dict[str, str] | None = None,
        cli: tuple[str, ...] | list[str] = (),
    ) -> Result:
        write_tree(project, files)
        return run_esmload([*cli, entry, *args], cwd=project, cache_dir=cache_dir, env=env)

    return run


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/workloads installed with npm (pinned versions) in a session-wide scratch folder."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    root = tmp_path_factory.mktemp("workloads")
    for item in (Path(__file__).with_name("workloads")).iterdir():
        if item.is_file():
            shutil.copy(item, root / item.name)
    proc = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        pytest.skip(f"npm install failed (registry unreachable?): {proc.stderr.strip()[-300:]}")
    return root


def run_node(args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> Result:
    """`node ARGS` (the test is skipped where node is not installed)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    proc = subprocess.run(
        [node, *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return Result(proc.stdout, proc.stderr, proc.returncode)


@pytest.fixture
def same_as_node(project: Path, cache_dir: Path):
    """same_as_node(files, entry="main.mjs", args=(), cli=()) -> Result.

    Writes `files` into a fresh project, runs the entry with node, then with esmload twice
    (cold: empty cache, then warm), and asserts that all three print the same stdout and exit
    with the same status. Returns esmload's warm result (its stderr is for the test to check).
    """

    def run(
        files: dict[str, str | bytes],
        entry: str = "main.mjs",
        args: tuple[str, ...] | list[str] = (),
        cli: tuple[str, ...] | list[str] = (),
        env: dict[str, str] | None = None,
    ) -> Result:
        write_tree(project, files)
        expected = run_node([entry, *args], cwd=project, env=env)
        for attempt in ("cold", "warm"):
            got = run_esmload([*cli, entry, *args], cwd=project, cache_dir=cache_dir, env=env)
            assert (got.stdout, got.returncode) == (expected.stdout, expected.returncode), (
                f"{attempt} run differs from node\n--- node stderr:\n{expected.stderr}\n"
                f"--- esmload stderr:\n{got.stderr}"
            )
        return got

    return run
