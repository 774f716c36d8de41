"""Module graphs of any depth and width, and stack overflows that end as JavaScript errors.

An import chain 5,000 modules deep loads cold, warm, prelinked, uncached and through the
embedding API (the loader reads dependencies first instead of letting QuickJS nest a level of C
and Python frames per level); a module importing 20,000 others gives the right output; and a
stack overflow anywhere (user recursion, require() chains, import chains or cycles deeper than
the stack allows, a loader hook that recurses) is `RangeError: Maximum call stack size
exceeded` with a location where one is known, a non-zero exit, and no Python traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import esmload
from conftest import Result, run_esmload
from esmload.engine.core import Engine
from esmload.engine.lib import ENGINE_IS_BUILT

DEPTH = 5000
WIDTH = 20_000
OVERFLOW = "RangeError: Maximum call stack size exceeded"


def write_chain(root: Path, depth: int) -> str:
    """main.mjs imports m1.mjs imports m2.mjs ... m{depth}.mjs. Each module exports something
    and logs its name once its import has run; main prints what proves that every module ran,
    deepest first. Returns that output."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "main.mjs").write_text(
        "import { v, log } from './m1.mjs';\n"
        "log.push('main');\n"
        "const ordered = log.every((name, i) => name === (i === log.length - 1 ? 'main'"
        f" : 'm' + ({depth} - i)));\n"
        "console.log(log.length, v, log[0], log[log.length - 1], ordered);\n"
    )
    for i in range(1, depth):
        (root / f"m{i}.mjs").write_text(
            f"import {{ v as w, log }} from './m{i + 1}.mjs';\n"
            f"log.push('m{i}');\nexport const v = w + 1;\nexport {{ log }};\n"
        )
    (root / f"m{depth}.mjs").write_text(f"export const log = ['m{depth}'];\nexport const v = 1;\n")
    return f"{depth + 1} {depth} m{depth} main true\n"


def write_wide(root: Path, width: int) -> str:
    """main.mjs imports w0.mjs ... w{width-1}.mjs, each counting itself and exporting its
    number; main prints the count and the sum. Returns that output."""
    root.mkdir(parents=True, exist_ok=True)
    lines = [f"import {{ v as v{i} }} from './w{i}.mjs';\n" for i in range(width)]
    total = " + ".join(f"v{i}" for i in range(width))
    lines.append(f"console.log(globalThis.count, {total});\n")
    (root / "main.mjs").write_text("".join(lines))
    for i in range(width):
        (root / f"w{i}.mjs").write_text(
            f"globalThis.count = (globalThis.count ?? 0) + 1;\nexport const v = {i};\n"
        )
    return f"{width} {width * (width - 1) // 2}\n"


def stats(result: Result) -> dict[str, int]:
    line = next(x for x in result.stderr.splitlines() if x.startswith("esmload cache:"))
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}


def assert_clean_overflow(result: Result) -> None:
    """Node's RangeError, a non-zero exit, and nothing of Python's."""
    assert result.returncode == 1, result.stderr
    assert OVERFLOW in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert "RecursionError" not in result.stderr, result.stderr


def assert_located(result: Result, file: Path, line: int, text: str) -> None:
    """The report starts with `file:line`, the source line and a caret, as Node's does."""
    lines = result.stderr.splitlines()
    where = file.as_uri() if file.suffix == ".mjs" else str(file)
    assert lines[0] == f"{where}:{line}", result.stderr
    assert lines[1].strip() == text, result.stderr
    assert lines[2].strip() == "^", result.stderr


# --------------------------------------------------------------------------- deep graphs


def test_deep_chain_cold_warm_and_prelinked(tmp_path: Path) -> None:
    project = tmp_path / "project"
    expected = write_chain(project, DEPTH)
    cache = tmp_path / "cache"
    cold, warm, prelinked = (
        run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache)
        for _ in range(3)
    )
    for result in (cold, warm, prelinked):
        assert (result.stdout, result.returncode) == (expected, 0), result.stderr
    assert stats(cold)["misses"] == DEPTH + 1
    assert stats(warm)["hits"] == DEPTH + 1
    assert stats(prelinked)["prelinked"] == DEPTH + 1


def test_deep_chain_uncached(tmp_path: Path) -> None:
    expected = write_chain(tmp_path, DEPTH)
    result = run_esmload(["--no-cache", "main.mjs"], cwd=tmp_path)
    assert (result.stdout, result.returncode) == (expected, 0), result.stderr


def test_deep_chain_through_the_embedding_api(tmp_path: Path, capfd) -> None:
    project = tmp_path / "project"
    expected = write_chain(project, DEPTH)
    for _ in ("cold", "warm"):
        with esmload.Runtime(cache_dir=tmp_path / "cache") as rt:
            main = rt.import_module(str(project / "main.mjs"))
            assert dir(main) == []
            m1 = rt.import_module(str(project / "m1.mjs"))
            assert (m1.v, len(m1.log), m1.log[0], m1.log[-1]) == (DEPTH, DEPTH + 1, f"m{DEPTH}", "main")
    assert capfd.readouterr().out == expected * 2


def test_deep_dynamic_import_chain(tmp_path: Path) -> None:
    (tmp_path / "main.mjs").write_text(
        "const { v } = await import('./m1.mjs');\nconsole.log(v, globalThis.seen);\n"
    )
    for i in range(1, DEPTH):
        (tmp_path / f"m{i}.mjs").write_text(
            f"const {{ v: w }} = await import('./m{i + 1}.mjs');\n"
            f"globalThis.seen++;\nexport const v = w + 1;\n"
        )
    (tmp_path / f"m{DEPTH}.mjs").write_text("globalThis.seen = 1;\nexport const v = 1;\n")
    result = run_esmload(["--no-cache", "main.mjs"], cwd=tmp_path)
    assert (result.stdout, result.returncode) == (f"{DEPTH} {DEPTH}\n", 0), result.stderr


def test_wide_graph(tmp_path: Path) -> None:
    """One module importing 20,000 (uncached: a cold run would spend its time writing 20,001
    records, a warm one is in bench/graphs.py)."""
    expected = write_wide(tmp_path, WIDTH)
    result = run_esmload(["--no-cache", "main.mjs"], cwd=tmp_path, timeout=300)
    assert (result.stdout, result.returncode) == (expected, 0), result.stderr


def test_wide_graph_cold_warm_and_prelinked(tmp_path: Path) -> None:
    project = tmp_path / "project"
    expected = write_wide(project, 2000)
    cache = tmp_path / "cache"
    results = [
        run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache)
        for _ in range(3)
    ]
    for result in results:
        assert (result.stdout, result.returncode) == (expected, 0), result.stderr
    assert stats(results[-1])["prelinked"] == 2001


@pytest.mark.skipif(not ENGINE_IS_BUILT, reason="the wheel's engine has no such function")
def test_a_module_read_from_bytecode_is_linked_without_searching_its_imports_again() -> None:
    # Reading a module from bytecode finds each of its imports (the resolve callback, then
    # QuickJS's linear search of the modules it holds); resolving it for linking must not
    # search for them all again (module_info.c esmload_resolve_module): a module importing N
    # others paid N*N/2 steps twice. The callback runs once per search.
    width = 300
    sources = {f"/src/w{i}.mjs": f"export const v = {i};".encode() for i in range(width)}
    root = "".join(f"import {{ v as v{i} }} from './w{i}.mjs';\n" for i in range(width))
    root += "globalThis.sum = " + " + ".join(f"v{i}" for i in range(width)) + ";\n"

    def engine_for(sources: dict[str, bytes], searches: list[str]) -> Engine:
        engine = Engine()
        engine.resolve_callback = lambda base, specifier, attributes: (
            searches.append(specifier) or "/src/" + specifier[2:]
        )
        engine.load_callback = lambda name, attributes: engine.compile_module(name, sources[name])
        return engine

    first = engine_for(sources, [])
    try:
        bytecode = first.dump_module(first.compile_module("/src/main.mjs", root.encode()))
    finally:
        first.close()
    searches: list[str] = []
    engine = engine_for(sources, searches)
    try:
        module = engine.load_module_bytecode(bytecode, "/src/main.mjs")
        assert len(searches) == width
        engine.resolve_module(module)
        assert len(searches) == width
        engine.evaluate_module(module).release()
        engine.run_jobs()
        assert engine.eval_script("globalThis.sum", "<check>") == sum(range(width))
    finally:
        engine.close()


# --------------------------------------------------------------------------- stack overflows


def test_user_recursion_is_a_range_error_with_its_location(tmp_path: Path) -> None:
    (tmp_path / "main.mjs").write_text("function f() {\n  f();\n}\nf();\n")
    result = run_esmload(["--no-cache", "main.mjs"], cwd=tmp_path)
    assert_clean_overflow(result)
    assert_located(result, tmp_path / "main.mjs", 2, "f();")
    assert f"at f ({(tmp_path / 'main.mjs').as_uri()}:2:" in result.stderr


def test_user_recursion_can_be_caught(tmp_path: Path) -> None:
    (tmp_path / "main.mjs").write_text(
        "let depth = 0;\nfunction f() { depth++; f(); }\n"
        "try { f(); } catch (e) {\n"
        "  console.log(e instanceof RangeError, e.message, depth > 5000);\n"
        "  console.log(e.stack.split('\\n')[1].includes('main.mjs:2'));\n"
        "}\n"
        "console.log('still running');\n"
    )
    result = run_esmload(["--no-cache", "main.mjs"], cwd=tmp_path)
    assert result.stdout == (
        "true Maximum call stack size exceeded true\ntrue\nstill running\n"
    ), result.stderr
    assert result.returncode == 0


def test_require_recursion_is_a_range_error_with_its_location(tmp_path: Path) -> None:
    (tmp_path / "again.cjs").write_text(
        "delete require.cache[__filename];\nrequire('./again.cjs');\n"
    )
    (tmp_path / "main.mjs").write_text("import './again.cjs';\n")
    result = run_esmload(["--no-cache", "main.mjs"], cwd=tmp_path)
    assert_clean_overflow(result)
    assert_located(result, tmp_path / "again.cjs", 2, "require('./again.cjs');")


def test_long_require_chain(tmp_path: Path) -> None:
    """Node runs a chain of 700 requires (and fails near 1,000); so does esmload."""
    depth = 700
    (tmp_path / "main.cjs").write_text("console.log(require('./m1.cjs'));\n")
    for i in range(1, depth):
        (tmp_path / f"m{i}.cjs").write_text(f"module.exports = require('./m{i + 1}.cjs') + 1;\n")
    (tmp_path / f"m{depth}.cjs").write_text("module.exports = 1;\n")
    result = run_esmload(["--no-cache", "main.cjs"], cwd=tmp_path)
    assert (result.stdout, result.returncode) == (f"{depth}\n", 0), result.stderr


def _on_small_stack(script: str, cwd: Path) -> Result:
    """Run the command line with a program thread of 2 MiB (instead of 64) in `python -c`."""
    code = (
        "import sys, esmload.cli.main as cli\n"
        "cli.PROGRAM_STACK = 2 * 2**20\n"
        f"sys.exit(cli.main({script!r}.split()))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESMLOAD_")}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=120,
    )
    return Result(proc.stdout, proc.stderr, proc.returncode)


def test_chain_deeper_than_the_stack_is_a_range_error_at_the_import(tmp_path: Path) -> None:
    write_chain(tmp_path, 3000)  # a 2 MiB stack links about 1,000 levels
    result = _on_small_stack("--no-cache main.mjs", tmp_path)
    assert_clean_overflow(result)
    match = re.match(r"file://.*/m(\d+)\.mjs:1$", result.stderr.splitlines()[0])
    assert match is not None, result.stderr
    importer = int(match[1])
    assert 500 < importer < 3000
    assert_located(
        result,
        tmp_path / f"m{importer}.mjs",
        1,
        f"import {{ v as w, log }} from './m{importer + 1}.mjs';",
    )


def test_import_cycle_deeper_than_the_stack_is_a_range_error(tmp_path: Path) -> None:
    depth = 1000  # each module of a cycle is read inside the previous one
    (tmp_path / "main.mjs").write_text("import { v } from './m1.mjs';\nconsole.log(v);\n")
    for i in range(1, depth + 1):
        (tmp_path / f"m{i}.mjs").write_text(
            f"import {{ v as w }} from './m{i % depth + 1}.mjs';\n"
            f"export const v = {i};\nexport const get = () => w;\n"
        )
    result = _on_small_stack("--no-cache main.mjs", tmp_path)
    assert_clean_overflow(result)
    assert re.match(r"file://.*/m\d+\.mjs:1$", result.stderr.splitlines()[0]), result.stderr
    # The same cycle loads with the command line's stack.
    full = run_esmload(["--no-cache", "main.mjs"], cwd=tmp_path)
    assert (full.stdout, full.returncode) == ("1\n", 0), full.stderr


def test_recursion_in_a_loader_hook_is_a_range_error_at_the_import(tmp_path: Path) -> None:
    (tmp_path / "hook.py").write_text(
        "class Hook:\n"
        "    def resolve(self, specifier, context, next_resolve):\n"
        "        if specifier == './boom.mjs':\n"
        "            return self.resolve(specifier, context, next_resolve)\n"
        "        return next_resolve(specifier, context)\n"
        "hook = Hook()\n"
    )
    (tmp_path / "main.mjs").write_text("import './ok.mjs';\nimport './boom.mjs';\n")
    (tmp_path / "ok.mjs").write_text("export {};\n")
    (tmp_path / "boom.mjs").write_text("export {};\n")
    result = run_esmload(["--no-cache", "--hook", "./hook.py", "main.mjs"], cwd=tmp_path)
    assert_clean_overflow(result)
    assert_located(result, tmp_path / "main.mjs", 2, "import './boom.mjs';")


# --------------------------------------------------------------------------- embedding


def _in_thread(stack_size: int, work) -> object:  # type: ignore[no-untyped-def]
    outcome: list[object] = []
    previous = threading.stack_size(stack_size)
    try:
        thread = threading.Thread(target=lambda: outcome.append(_catch(work)))
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _catch(work):  # type: ignore[no-untyped-def]
    try:
        return work()
    except BaseException as exc:  # noqa: BLE001 - raised again on the test's thread
        return exc


@pytest.mark.parametrize("stack_size", [128 * 1024, 512 * 1024, 8 * 2**20])
def test_recursion_on_threads_with_any_stack_is_a_js_error(stack_size: int) -> None:
    def work() -> tuple[str, str, int]:
        with esmload.Runtime(cache=False) as rt:
            with pytest.raises(esmload.JSError) as info:
                rt.eval("function f(n) { return f(n + 1) + 1; }\nf(0)")
            depth = rt.eval(
                "let n = 0; function g() { n++; g(); }\n"
                "try { g(); } catch (e) { if (!(e instanceof RangeError)) throw e; }\nn"
            )
            return info.value.name, info.value.message, depth

    name, message, depth = _in_thread(stack_size, work)  # type: ignore[misc]
    assert (name, message) == ("RangeError", "Maximum call stack size exceeded")
    assert depth > 10


def test_recursion_through_python_callbacks_is_a_js_error() -> None:
    with esmload.Runtime(cache=False) as rt:
        make = rt.eval("(py) => function g(n) { return py(n + 1); }")
        holder: dict[str, object] = {}
        holder["g"] = make(lambda n: holder["g"](n))  # type: ignore[operator]
        with pytest.raises(esmload.JSError) as info:
            holder["g"](0)  # type: ignore[operator]
        assert info.value.name == "RangeError"
        assert rt.eval("1 + 1") == 2


def test_deep_chain_on_a_small_thread_is_a_range_error_at_the_import(tmp_path: Path) -> None:
    write_chain(tmp_path, 1000)

    def work() -> object:
        with esmload.Runtime(cache=False) as rt:
            return rt.import_module(str(tmp_path / "main.mjs"))

    with pytest.raises(esmload.errors.EsmloadError) as info:
        _in_thread(512 * 1024, work)
    error = info.value
    assert error.js_name == "RangeError" and str(error) == "Maximum call stack size exceeded"
    assert error.position is not None
    file, line, column = error.position
    assert re.fullmatch(r"m\d+\.mjs", Path(file).name) and (line, column) == (1, 29)


# --------------------------------------------------------------------------- attributes


def test_import_attributes_survive_every_way_of_loading(tmp_path: Path) -> None:
    """Bytecode keeps no import attributes: a module read from it (planned deep in a graph and
    compiled in the side runtime, or read from the cache) gets them from the loader, one
    specifier imported under two types included."""
    project = tmp_path / "project"
    project.mkdir()
    width, depth = 300, 20
    lines = [f"import {{ v as v{i} }} from './w{i}.mjs';\n" for i in range(width)]
    lines.append("import { deep } from './c1.mjs';\nimport { late } from './late.mjs';\n")
    lines.append(f"console.log(v0 + v{width - 1}, deep, late);\n")
    (project / "main.mjs").write_text("".join(lines))
    for i in range(width):
        (project / f"w{i}.mjs").write_text(f"export const v = {i};\n")
    for i in range(1, depth):
        (project / f"c{i}.mjs").write_text(f"export {{ deep }} from './c{i + 1}.mjs';\n")
    both = (
        "import d from './d.json' with { type: 'json' };\n"
        "import t from './d.json' with { type: 'text' };\n"
    )
    (project / f"c{depth}.mjs").write_text(both + "export const deep = d.x + t.length;\n")
    (project / "late.mjs").write_text(both + "export const late = d.x * 2 + t.length;\n")
    (project / "d.json").write_text('{"x": 42}')
    expected = f"{width - 1} 51 93\n"
    cache = tmp_path / "cache"
    for cli in (["--no-cache"], [], [], []):  # uncached, cold, warm, prelinked
        result = run_esmload([*cli, "main.mjs"], cwd=project, cache_dir=cache)
        assert (result.stdout, result.returncode) == (expected, 0), result.stderr
