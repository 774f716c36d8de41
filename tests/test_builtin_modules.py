"""How built-in modules load: from the code cache (a warm run compiles none), checked against
their files' stamps, with Node's facade (default export and named exports), and the errors for
built-ins esmload does not have."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import record_names, run_esmload, write_tree
from esmload.cache.code_cache import CodeCache
from esmload.cache.store import CacheStore
from esmload.cache.units import CacheStats
from esmload.engine.core import Engine
from esmload.host import builtin_modules


def records(cache_dir: Path) -> set[str]:
    return record_names(cache_dir)


def test_warm_runs_read_built_ins_from_the_cache(run_js, cache_dir: Path) -> None:
    files = {
        "main.mjs": """\
            import EventEmitter, { once } from 'node:events';
            import * as path from 'path';
            import util from 'node:util';
            console.log(typeof EventEmitter, typeof once, path.default === path.posix);
            console.log(util.inspect(Object.keys(path).includes('join')));
            """
    }
    cold = run_js(files)
    assert cold.stdout == "function function true\ntrue\n", cold.stderr
    compiled = records(cache_dir)
    assert len(compiled) > 4  # the program, and one record per built-in module it loaded
    warm = run_js(files)  # all hits: writes the program's graph bundle, nothing else
    assert warm.stdout == cold.stdout
    assert len(records(cache_dir) - compiled) == 1
    written = records(cache_dir)
    again = run_js(files)
    assert again.stdout == cold.stdout
    assert records(cache_dir) == written  # nothing compiled, nothing written


def test_a_changed_built_in_source_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source_dir = tmp_path / "js"
    source_dir.mkdir()
    toy = source_dir / "toy.js"
    toy.write_text("'use strict';\nmodule.exports = 'first';\n", encoding="utf-8")
    monkeypatch.setattr(builtin_modules, "SOURCE_DIR", str(source_dir))
    cache = CodeCache(CacheStore(tmp_path / "cache"), None, CacheStats())
    engine = Engine()
    try:

        def value() -> object:
            """What the toy module exports, run as the prelude's require runs a module."""
            function = builtin_modules.load_module_function(engine, cache, "toy")
            # A class instance stays a JS reference (a plain object would come back a dict).
            module = engine.eval_script("new (class Module { exports = {}; })()", "<test>")
            try:
                engine.call(function, {}, None, module, None)
                return engine.get(module, "exports")
            finally:
                module.release()
                function.release()

        assert value() == "first"
        assert value() == "first"  # from the cache now
        time.sleep(0.01)
        toy.write_text("'use strict';\nmodule.exports = 'other';\n", encoding="utf-8")
        os.utime(toy, ns=(time.time_ns(), time.time_ns()))
        assert value() == "other"
    finally:
        engine.close()


def test_facade_exports_and_errors(run_js, project: Path) -> None:
    result = run_js(
        {
            "main.mjs": """\
                import fs, { readFileSync } from 'node:fs';
                import { promises } from 'fs';
                console.log(fs.readFileSync === readFileSync, promises === fs.promises);
                for (const name of ['node:http', 'net', 'node:nope', 'node:internal/errors']) {
                  try { await import(name); } catch (e) { console.log(e.code, e.message); }
                }
                """
        }
    )
    main = project.resolve() / "main.mjs"
    assert result.stdout.splitlines() == [
        "true true",
        "ERR_UNSUPPORTED_BUILTIN 'node:http' is a Node.js built-in module, which esmload does "
        f"not provide imported from {main}",
        "ERR_UNSUPPORTED_BUILTIN 'net' is a Node.js built-in module, which esmload does "
        f"not provide imported from {main}",
        "ERR_UNKNOWN_BUILTIN_MODULE No such built-in module: node:nope",
        "ERR_UNKNOWN_BUILTIN_MODULE No such built-in module: node:internal/errors",
    ], result.stderr


def test_graph_and_compile_know_built_ins(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {"main.mjs": "import { join } from 'node:path';\nimport 'events';\nconsole.log(join('a'));\n"},
    )
    graph = run_esmload(["graph", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert graph.returncode == 0, graph.stderr
    assert "node:path → node:path (built-in)" in graph.stdout
    assert "events → node:events (built-in)" in graph.stdout
    compiled = run_esmload(["compile", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    assert "compiled 1 of 1 modules" in compiled.stdout + compiled.stderr
    # The built-ins the graph imports were compiled into the cache as well.
    assert len(records(cache_dir)) >= 3
