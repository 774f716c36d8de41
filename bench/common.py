"""What bench/run.py and bench/graphs.py share: the tools they compare with, and the
environment and engine esmload runs with."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def reference_tools() -> tuple[str | None, str | None]:
    """node and qjs (QuickJS-ng's own CLI: $QJS, else on PATH), where found."""
    return shutil.which("node"), os.environ.get("QJS") or shutil.which("qjs")


def esmload_env(engine: str) -> dict[str, str]:
    """The environment of every timed run: no ESMLOAD_ settings from this shell, and Python's
    bytecode caching on (users run with it, whatever this shell says); `engine` other than
    "auto" picks the engine build (ESMLOAD_ENGINE)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ESMLOAD_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    if engine != "auto":
        env["ESMLOAD_ENGINE"] = engine
    return env


def print_versions(cwd: Path, env: dict[str, str], qjs: str | None) -> str:
    """Print (and return) esmload's version line, run from `cwd` like the timed runs (not
    from a source tree), and qjs's version when there is one."""
    engine = subprocess.run(
        [sys.executable, "-m", "esmload", "--version"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(engine)
    if qjs:
        version = subprocess.run([qjs, "--version"], capture_output=True, text=True).stdout
        print(f"qjs: {qjs} ({version.strip()})")
    return engine
