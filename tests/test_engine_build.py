"""The engine built at install (esmload/engine/build_engine.py, run by setup.py) and the
quickjs-ng wheel's engine: which one runs, that both run programs the same, that they share
cache records, and that a failed build falls back instead of failing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import run_esmload, write_tree
from esmload.engine import build_engine, lib

ROOT = Path(__file__).resolve().parent.parent
COMPUTE = Path(__file__).with_name("workloads") / "compute.mjs"
BUILT = lib.ENGINE_IS_BUILT


def has_c_compiler() -> bool:
    configured = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return os.name == "posix" and (
        shutil.which(configured.split()[0]) is not None or shutil.which("cc") is not None
    )


def version_line(tmp_path: Path, engine: str | None = None) -> str:
    env = {"ESMLOAD_ENGINE": engine} if engine else None
    result = run_esmload(["--version"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_version_names_the_engine_in_use(tmp_path: Path) -> None:
    line = version_line(tmp_path)
    assert line.startswith(f"esmload 0.1.0, QuickJS-ng {lib.ENGINE_VERSION} (")
    assert line == f"esmload 0.1.0, QuickJS-ng {lib.ENGINE_VERSION} ({lib.engine_build()})"
    if BUILT:
        assert re.search(r"\(built at install: \S+ [\d.]+ -O3 .*-fwrapv", line), line
    else:
        assert line.endswith("(quickjs-ng wheel)")
    assert version_line(tmp_path, "wheel").endswith(
        f"QuickJS-ng {lib.ENGINE_VERSION} (quickjs-ng wheel)"
    )


@pytest.mark.skipif(not has_c_compiler(), reason="no C compiler: the wheel's engine is expected")
def test_the_install_built_the_engine_where_a_compiler_exists() -> None:
    # CI installs with the README's command on a machine with gcc: this is the path users get.
    if os.environ.get("ESMLOAD_ENGINE_BUILD") == "0":
        pytest.skip("ESMLOAD_ENGINE_BUILD=0: the build was skipped on purpose")
    assert BUILT, (
        f"esmload runs the quickjs-ng wheel's engine, but a C compiler is here: the install "
        f"did not build {lib.BUILT_LIBRARY} (run `pip install -v` to see why, or "
        f"`python -m esmload.engine.build_engine`)"
    )
    assert lib.ENGINE_PATH == lib.BUILT_LIBRARY
    info = Path(lib.BUILT_INFO).read_text()
    assert f"quickjs-ng {build_engine.QUICKJS_NG_VERSION} sdist" in info
    assert build_engine.SDIST_SHA256 in info


def test_forced_wheel_engine_runs_a_program(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "main.mjs": """
            import { total } from './lib.mjs';
            console.log(total(10), typeof process.versions.quickjs);
            await new Promise((resolve) => setTimeout(resolve, 1));
            console.log('done');
        """,
        "lib.mjs": "export const total = (n) => Array.from({ length: n }, (_, i) => i * i).reduce((a, b) => a + b, 0);\n",
    })
    for run in ("cold", "warm"):
        result = run_esmload(
            ["main.mjs"], cwd=tmp_path, cache_dir=tmp_path / "cache", env={"ESMLOAD_ENGINE": "wheel"}
        )
        assert (result.returncode, result.stdout, result.stderr) == (0, "285 string\ndone\n", ""), run


@pytest.mark.skipif(not BUILT, reason="the engine was not built at install")
def test_a_program_prints_the_same_on_both_engines(tmp_path: Path) -> None:
    outputs = {}
    for engine in ("build", "wheel"):
        result = run_esmload(
            ["--no-cache", str(COMPUTE)], cwd=tmp_path, env={"ESMLOAD_ENGINE": engine}
        )
        assert result.returncode == 0, result.stderr
        outputs[engine] = result.stdout
    assert outputs["build"] == outputs["wheel"]
    assert outputs["build"].splitlines()[:2] == ["sieve 25997", "fib 75025"]


def test_built_in_code_shows_no_source_cold_warm_and_uncached_on_both_engines(
    tmp_path: Path,
) -> None:
    # The prelude's and the built-in modules' functions keep no source text, whether their
    # bytecode came from the cache or was just compiled (the engine built at install drops it
    # in place, the wheel's reads stripped bytecode back).
    write_tree(tmp_path, {
        "main.mjs": """
            import { EventEmitter } from 'node:events';
            const lines = [EventEmitter, EventEmitter.prototype.on, console.log, setTimeout];
            console.log(lines.map((f) => f.toString().replace(/\\s+/g, ' ')).join(' | '));
            console.log((function mine() { return 1; }).toString());
        """,
    })
    outputs = set()
    for engine in ("build", "wheel") if BUILT else ("wheel",):
        cache = tmp_path / f"cache-{engine}"
        for mode in ("cold", "warm", "uncached"):
            flags = ["--no-cache"] if mode == "uncached" else []
            result = run_esmload(
                [*flags, "main.mjs"], cwd=tmp_path, cache_dir=cache, env={"ESMLOAD_ENGINE": engine}
            )
            assert result.returncode == 0, (engine, mode, result.stderr)
            outputs.add(result.stdout)
    assert len(outputs) == 1, outputs
    shown, mine = outputs.pop().splitlines()
    assert shown.count("[native code]") == 4, shown
    assert mine == "function mine() { return 1; }"  # (a program's own code keeps its text)


@pytest.mark.skipif(not BUILT, reason="the engine was not built at install")
def test_both_engines_read_each_others_cache_records(tmp_path: Path) -> None:
    # The cache key holds the engine version, not the build: records are shared, so switching
    # engines (ESMLOAD_ENGINE) neither misses nor rewrites them.
    write_tree(tmp_path, {
        "main.mjs": "import { x } from './b.mjs';\nimport data from './d.json' with { type: 'json' };\nconsole.log(x, data.n);\n",
        "b.mjs": "export const x = [1, 2, 3].map((v) => v * 2).join('-');\n",
        "d.json": '{"n": 7}',
    })
    cache = tmp_path / "cache"

    def run(engine: str) -> str:
        result = run_esmload(
            ["--cache-stats", "main.mjs"], cwd=tmp_path, cache_dir=cache, env={"ESMLOAD_ENGINE": engine}
        )
        assert (result.returncode, result.stdout) == (0, "2-4-6 7\n"), result.stderr
        return result.stderr

    assert "misses=2 written=2" in run("wheel")
    assert "hits=2 misses=0 written=0 invalid=0" in run("build")
    shutil.rmtree(cache)
    assert "misses=2 written=2" in run("build")
    assert "hits=2 misses=0 written=0 invalid=0" in run("wheel")


BYTECODE_DIGEST = """
import glob, hashlib, sys
from esmload.engine.lib import ffi, lib
rt = lib.JS_NewRuntime(); ctx = lib.JS_NewContext(rt)
digest = hashlib.sha256()
for path in sys.argv[1:]:
    src = open(path, 'rb').read()
    value = lib.JS_Eval(ctx, src, len(src), path.encode(), 1 | (1 << 5))  # module, compile only
    assert value.tag == -3, path
    size = ffi.new('size_t *')
    buf = lib.JS_WriteObject(ctx, size, value, 1)
    digest.update(ffi.buffer(buf, size[0])[:])
    lib.js_free(ctx, buf)
print(digest.hexdigest())
"""


@pytest.mark.skipif(not BUILT, reason="the engine was not built at install")
def test_both_engines_compile_byte_identical_bytecode() -> None:
    # Why sharing records is sound: same sources, same bytecode format, same output.
    sources = sorted(str(p) for p in (ROOT / "esmload" / "host" / "js").rglob("*.js"))
    sources.append(str(COMPUTE))
    digests = {}
    for engine in ("build", "wheel"):
        proc = subprocess.run(
            [sys.executable, "-c", BYTECODE_DIGEST, *sources],
            env={**os.environ, "ESMLOAD_ENGINE": engine},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        digests[engine] = proc.stdout.strip()
    assert digests["build"] == digests["wheel"]


def test_unknown_engine_choice_is_an_error(tmp_path: Path) -> None:
    result = run_esmload(["--version"], cwd=tmp_path, env={"ESMLOAD_ENGINE": "fast"})
    assert "ESMLOAD_ENGINE=fast: use 'auto' (the default), 'build' or 'wheel'" in result.stdout


def test_the_build_pins_the_wheel_version_and_names_the_files_lib_loads() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert f'"quickjs-ng=={build_engine.QUICKJS_NG_VERSION}"' in pyproject
    assert f"quickjs_ng-{build_engine.QUICKJS_NG_VERSION}.tar.gz" == build_engine.SDIST
    assert Path(lib.BUILT_LIBRARY).name == build_engine.LIBRARY
    assert Path(lib.BUILT_INFO).name == build_engine.INFO
    assert build_engine.ENGINE_VERSION == lib.ENGINE_VERSION
    assert re.fullmatch(r"[0-9a-f]{64}", build_engine.SDIST_SHA256)


def test_a_build_without_a_compiler_falls_back_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest = tmp_path / "engine"
    dest.mkdir()
    (dest / build_engine.LIBRARY).write_bytes(b"left by an earlier build")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delenv("CC", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    lines: list[str] = []
    if sysconfig.get_config_var("CC") and os.path.isabs(str(sysconfig.get_config_var("CC"))):
        pytest.skip("this Python names its compiler by absolute path")
    assert build_engine.build_quietly(dest, log=lines.append) is False
    assert lines == [
        "esmload: not building the QuickJS-ng engine, using the quickjs-ng wheel's: "
        f"no C compiler ('{os.environ.get('CC') or sysconfig.get_config_var('CC') or 'cc'}' "
        "not found, no cc)"
    ]
    assert list(dest.iterdir()) == []  # a stale library would be loaded otherwise


def test_a_build_from_a_tampered_sdist_falls_back_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not has_c_compiler():
        pytest.skip("no C compiler: the build stops before it looks at the sdist")
    tampered = tmp_path / build_engine.SDIST
    tampered.write_bytes(b"not the pinned release")
    monkeypatch.setenv("ESMLOAD_ENGINE_SDIST", str(tampered))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no cached build to reuse
    lines: list[str] = []
    assert build_engine.build_quietly(tmp_path / "engine", log=lines.append) is False
    assert len(lines) == 1 and "sha256 differs from the pinned" in lines[0], lines


def test_skipping_the_build_on_purpose(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ESMLOAD_ENGINE_BUILD", "0")
    lines: list[str] = []
    assert build_engine.build_quietly(tmp_path, log=lines.append) is False
    assert lines == ["esmload: ESMLOAD_ENGINE_BUILD=0: using the quickjs-ng wheel's engine"]
