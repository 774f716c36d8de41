"""The prelude's build step (esmload/host/build_prelude.py) and the modules it links.

`prelude.js` is generated from the internal modules under esmload/host/js/: these tests check
that the committed file is current, that the linker gives CommonJS semantics (lazy, cached,
partial exports in cycles), and, through the real engine, that the internal modules are the
very functions the globals use.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import quickjs  # the quickjs-ng wheel's own module: a bare context, enough for pure JS

import esmload
from esmload.host import build_prelude

MAX_LINES = 1000


def test_generated_prelude_is_current() -> None:
    assert build_prelude.generate() == build_prelude.TARGET.read_text(encoding="utf-8"), (
        "esmload/host/prelude.js is stale: run python -m esmload.host.build_prelude"
    )
    assert build_prelude.main(["--check"]) == 0


def test_check_mode_fails_on_a_stale_prelude_and_names_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "prelude.js"
    stale.write_text(build_prelude.generate().replace("'use strict';", "", 1), encoding="utf-8")
    monkeypatch.setattr(build_prelude, "TARGET", stale)
    assert build_prelude.main(["--check"]) == 1
    assert "python -m esmload.host.build_prelude" in capsys.readouterr().err
    assert build_prelude.main([]) == 0  # regenerates it
    assert build_prelude.main(["--check"]) == 0
    assert stale.read_text(encoding="utf-8") == build_prelude.generate()


def test_generated_file_says_so_and_is_one_function_expression() -> None:
    text = build_prelude.generate()
    assert text.startswith("// GENERATED FILE, do not edit")
    code = text[text.index("(function esmloadPrelude(host) {") :]
    assert code.rstrip().endswith("})")
    assert text == build_prelude.generate()  # deterministic
    ids = [line.split("'")[1] for line in text.splitlines() if line.startswith("    'internal/")]
    modules = build_prelude.read_modules()
    assert ids == sorted(ids) == build_prelude.startup_closure(modules)
    assert "internal/util/inspect" in ids and "internal/bootstrap" in ids
    # Built-in modules load from their own files, on first use: start-up reads none of them.
    assert "process" in modules and "function module_process(" not in text
    assert "internal/abort_controller" in modules
    assert "function module_internal__abort_controller(" not in text


def test_no_source_is_over_a_thousand_lines() -> None:
    sources = sorted(build_prelude.SOURCE_DIR.rglob("*.js"))
    assert len(sources) >= 10
    too_long = {
        str(path.relative_to(build_prelude.SOURCE_DIR)): lines
        for path in sources
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, f"split these modules (over {MAX_LINES} lines): {too_long}"


# ---------------------------------------------------------------------------------- linker
# A little module tree that exercises the linker's require: a cycle, a lazy module, one that
# throws, and checks of `this`, strictness and `host`.
TOY_MODULES = {
    "internal/bootstrap.js": """
        'use strict';
        host.log.push('bootstrap');
        const a = require('internal/a');
        const c = require('internal/c');
        module.exports = { a, c, require, host, strict: (function () { return this; })() === undefined };
        """,
    "internal/a.js": """
        'use strict';
        host.log.push('a');
        exports.early = 'early';
        const b = require('internal/b');
        exports.late = 'late';
        exports.b = b;
        """,
    "internal/b.js": """
        'use strict';
        host.log.push('b');
        const a = require('internal/a'); // a cycle: a's exports so far
        const thisIsExports = this === exports && exports === module.exports;
        module.exports = { aKeysSeen: Object.keys(a).join(), thisIsExports, id: module.id };
        """,
    "internal/util/lazy.js": """
        'use strict';
        host.log.push('lazy');
        module.exports = { value: 42 };
        """,
    "internal/c.js": """
        'use strict';
        module.exports = () => require.lazy('internal/util/lazy');
        """,
    "internal/throws.js": """
        'use strict';
        host.log.push('throws');
        throw new Error('boom');
        """,
}


def link_toy(tmp_path: Path, modules: dict[str, str]) -> str:
    for name, text in modules.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return build_prelude.generate(tmp_path)


def test_linker_is_lazy_cached_and_commonjs_in_cycles(tmp_path: Path) -> None:
    text = link_toy(tmp_path, TOY_MODULES)
    # Only what start-up requires is linked in; `require.lazy` and unrequired modules are not.
    assert "function module_internal__c(" in text
    assert "module_internal__util__lazy" not in text and "module_internal__throws" not in text
    ctx = quickjs.Context()
    # The host's loadModule compiles a module that is not linked in (as builtin_modules.py).
    sources = {name[:-3]: textwrap.dedent(body) for name, body in TOY_MODULES.items()}
    ctx.eval(
        f"globalThis.host = {{ log: [], loaded: [], sources: {json.dumps(sources)} }};"
        """host.loadModule = (id) => {
             const source = host.sources[id];
             if (source === undefined) throw new Error(`No such built-in module: ${id}`);
             host.loaded.push(id);
             return (0, eval)(`(function (exports, require, module, host) { ${source}\n})`);
           };"""
    )
    ctx.eval(f"globalThis.api = (0, eval)({json.dumps(text)})(host);")

    def js(code: str):
        return json.loads(ctx.eval(f"JSON.stringify({code})"))

    def error_of(code: str) -> str:
        return js(f"(() => {{ try {{ {code}; }} catch (e) {{ return e.message; }} }})()")

    assert js("host.log") == ["bootstrap", "a", "b"]  # lazy, throws: not evaluated
    assert js("[api.a.early, api.a.late]") == ["early", "late"]
    assert js("api.a.b") == {"aKeysSeen": "early", "thisIsExports": True, "id": "internal/b"}
    assert js("api.host === host && api.strict") is True
    assert js("api.require('internal/a') === api.a && api.require('internal/b') === api.a.b")
    assert js("host.log.length") == 3  # cached: nothing ran again
    assert js("api.require('internal/util/lazy') === api.require('internal/util/lazy')")
    assert js("[api.require('internal/util/lazy').value, host.log]") == [
        42,
        ["bootstrap", "a", "b", "lazy"],
    ]
    # A module that throws is not cached: the next require runs it again.
    assert error_of("api.require('internal/throws')") == "boom"
    assert error_of("api.require('internal/throws')") == "boom"
    assert js("host.log.filter((x) => x === 'throws').length") == 2
    assert js("[api.c() === api.require('internal/util/lazy'), host.loaded]") == [
        True,
        ["internal/util/lazy", "internal/throws", "internal/throws"],
    ]
    message = error_of("api.require('internal/nope')")
    assert message == "No such built-in module: internal/nope"


def test_linker_rejects_unknown_requires_and_missing_directives(tmp_path: Path) -> None:
    bad = {**TOY_MODULES, "internal/c.js": "'use strict';\nrequire('internal/missing');\n"}
    missing = r"internal/missing \(required by internal/c\)"
    with pytest.raises(build_prelude.BuildError, match=missing):
        link_toy(tmp_path / "one", bad)
    sloppy = {**TOY_MODULES, "internal/d.js": "module.exports = 1;\n"}
    with pytest.raises(build_prelude.BuildError, match="use strict"):
        link_toy(tmp_path / "two", sloppy)
    no_entry = {k: v for k, v in TOY_MODULES.items() if k != "internal/bootstrap.js"}
    with pytest.raises(build_prelude.BuildError, match="the entry"):
        link_toy(tmp_path / "three", no_entry)


# ---------------------------------------------------------------------------------- engine
def test_internal_modules_are_the_functions_the_globals_use(
    capfd: pytest.CaptureFixture[str],
) -> None:
    with esmload.Runtime(cache=False) as rt:
        host = rt._program.host
        engine = host.engine
        internal_require = engine.get(host.api, "internalRequire", convert=False)
        glob = engine.global_object()
        try:
            engine.set(glob, "__api", host.api)
            engine.set(glob, "__internalRequire", internal_require)
        finally:
            glob.release()
            internal_require.release()
        capfd.readouterr()
        result = rt.eval(
            """(() => {
              const { inspect } = __internalRequire('internal/util/inspect');
              let received;
              const probe = {
                [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspectArg) {
                  received = inspectArg;
                  return `probe at depth ${depth}`;
                },
              };
              console.log(probe);
              const fromConsole = received;
              received = undefined;
              const direct = inspect({ nested: probe });
              return [
                fromConsole === inspect, received === inspect, direct,
                __api.inspect === inspect,
                __api.internalRequire === __internalRequire,
                __api.format === __internalRequire('internal/util/format').format,
                __api.fireTimer === __internalRequire('internal/timers').fireTimer,
                globalThis.setTimeout === __internalRequire('internal/timers').setTimeout,
                globalThis.process === __internalRequire('internal/process').process,
                __internalRequire('internal/util') === __internalRequire('internal/util'),
              ];
            })()"""
        )
        out = capfd.readouterr().out
    assert out == "probe at depth 2\n"
    assert list(result) == [True, True, "{ nested: probe at depth 1 }", *[True] * 7]
