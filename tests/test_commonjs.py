"""CommonJS, as Node runs it: require(), the module wrapper, ES modules importing CommonJS,
require(esm), createRequire, format detection, CommonJS entry points, and their errors.

Every program runs under node and under esmload cold, warm and --no-cache, and must print the
same (`same_as_node`, plus an uncached run here)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import Result, module_records, run_esmload, run_node, write_tree

STATS = re.compile(r"hits=(\d+) misses=(\d+) written=(\d+) invalid=(\d+)")


def _uncached(project: Path, entry: str) -> Result:
    return run_esmload(["--no-cache", entry], cwd=project)


def _check_uncached(project: Path, entry: str, expected: Result) -> None:
    got = _uncached(project, entry)
    assert (got.stdout, got.returncode) == (expected.stdout, expected.returncode), got.stderr


MIXED_APP = {
    "package.json": '{"name": "app", "version": "1.0.0"}',
    "main.mjs": """
        import lib, { add, VERSION, missingAtRuntime } from './lib/index.js';
        import * as ns from './lib/index.js';
        import config from './config.cjs';
        import { createRequire } from 'node:module';
        const require = createRequire(import.meta.url);
        console.log(add(2, 3), VERSION, typeof missingAtRuntime, lib.add === add);
        console.log(Object.keys(ns).sort().join(','));
        console.log(config.name, config.dir === new URL('.', import.meta.url).pathname.slice(0, -1));
        console.log(require('./lib/index.js') === lib, require('./data.json').items.length);
        console.log(require.resolve('./lib/util').endsWith('/lib/util.js'));
    """,
    "lib/index.js": """
        const util = require('./util');
        exports.add = (a, b) => util.twice(a + b) / 2;
        exports.VERSION = require('../package.json').version;
        if (false) exports.missingAtRuntime = 1;
        module.exports.kind = typeof module;
    """,
    "lib/util.js": "module.exports = { twice: (x) => x * 2 };\n",
    "config.cjs": """
        module.exports = { name: 'config', dir: __dirname, file: __filename };
    """,
    "data.json": '{"items": [1, 2, 3]}',
}


def test_mixed_esm_and_commonjs_app(same_as_node, project: Path, cache_dir: Path) -> None:
    warm = same_as_node(MIXED_APP, cli=("--cache-stats",))
    assert "5 1.0.0 undefined true" in warm.stdout
    hits, misses, _, invalid = (int(g) for g in STATS.search(warm.stderr).groups())
    assert misses == 0 and invalid == 0 and hits >= 3, warm.stderr
    _check_uncached(project, "main.mjs", run_node(["main.mjs"], cwd=project))


def test_commonjs_records_hold_exports_and_requires(run_js, cache_dir: Path) -> None:
    from esmload.analyze.cjs_record import decode_metadata
    from esmload.cache.record import FLAG_COMMONJS, HEADER_SIZE

    result = run_js(MIXED_APP)
    assert result.returncode == 0, result.stderr
    found = {}
    for path in module_records(cache_dir):
        data = path.read_bytes()
        flags = int.from_bytes(data[10:12], "little")
        if flags & FLAG_COMMONJS:
            meta_len = int.from_bytes(data[HEADER_SIZE - 32 - 8 : HEADER_SIZE - 32 - 4], "little")
            metadata = decode_metadata(data[HEADER_SIZE : HEADER_SIZE + meta_len])
            found[metadata.exports] = metadata.requires
    assert found[("add", "VERSION", "missingAtRuntime", "kind")] == ("./util", "../package.json")
    assert found[()] == ()  # util.js: `{ twice: (x) => … }` is not a form the lexer detects


def test_warm_run_neither_parses_nor_scans(run_js, project: Path, cache_dir: Path) -> None:
    """A warm run loads CommonJS modules from their records: no export scanner, no parser."""
    write_tree(project, MIXED_APP)
    probe = """
import sys
from esmload.cli.main import main
code = main()
loaded = [m for m in ("esprima", "esmload.analyze.cjs_lexer") if m in sys.modules]
print("LOADED", loaded, file=sys.stderr)
sys.exit(code)
"""
    (project / "probe.py").write_text(probe)
    import os
    import subprocess
    import sys

    env = {**os.environ, "ESMLOAD_CACHE_DIR": str(cache_dir)}
    outputs = []
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "probe.py", "main.mjs"], cwd=project, env=env,
            capture_output=True, text=True, timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stderr)
    assert "esmload.analyze.cjs_lexer" in outputs[0]  # cold: scanned
    assert "LOADED []" in outputs[1], outputs[1]


def test_commonjs_entry_point_with_cycles_json_and_import(same_as_node, project: Path) -> None:
    files = {
        "main.cjs": """#!/usr/bin/env node
            const a = require('./a');
            console.log(a.name, a.fromB, require.main === module, module.id);
            console.log(this === module.exports, typeof exports, module.children.length);
            console.log(Object.keys(require.cache).map((k) => k.slice(k.lastIndexOf('/') + 1)).join());
            console.log(require.resolve('fs'), require.resolve('node:path'));
            console.log(require('events') === require('node:events'));
            import('./esm.mjs').then((ns) => console.log('import()', ns.default, ns.x));
            const esm = require('./esm.mjs');
            console.log('require(esm)', esm.x, esm.default, esm[Symbol.toStringTag]);
        """,
        "a.js": """
            exports.name = 'a';
            exports.fromB = require('./b').seen;
        """,
        "b.js": """
            const a = require('./a');
            exports.seen = a.name + '/' + typeof a.fromB;
        """,
        "esm.mjs": "export const x = 42;\nexport default 'dflt';\n",
    }
    warm = same_as_node(files, entry="main.cjs")
    assert "a a/undefined true ." in warm.stdout
    _check_uncached(project, "main.cjs", run_node(["main.cjs"], cwd=project))


def test_sloppy_mode_and_this(same_as_node) -> None:
    files = {
        "main.mjs": "import s from './sloppy.cjs';\nconsole.log(s);\n",
        "sloppy.cjs": """
            implicitGlobal = 7;
            var o = { p: 1 };
            with (o) { p = 2; }
            var octal = 010;
            function f() { return this === globalThis; }
            module.exports = [implicitGlobal, o.p, octal, f(), this === module.exports, delete Object.prototype];
        """,
    }
    assert same_as_node(files).stdout == "[ 7, 2, 8, true, true, false ]\n"


def test_es_module_interop_flag(same_as_node) -> None:
    """Babel/TypeScript output: the default export is still module.exports, as in Node."""
    files = {
        "main.mjs": """
            import lib, { named, __esModule } from './compiled.js';
            console.log(typeof lib, lib.default, named, __esModule, lib.__esModule);
        """,
        "compiled.js": """
            "use strict";
            Object.defineProperty(exports, "__esModule", { value: true });
            exports.named = exports.default = void 0;
            const named = 'n';
            exports.named = named;
            var _default = 'the default';
            exports.default = _default;
        """,
    }
    assert same_as_node(files).stdout == "object the default n true true\n"


def test_reexports_and_object_literal_exports(same_as_node) -> None:
    files = {
        "main.mjs": """
            import { a, b, c, fromInner } from './outer.cjs';
            import * as lit from './literal.cjs';
            console.log(a, b, c, fromInner, Object.keys(lit).sort().join());
        """,
        "outer.cjs": "module.exports = require('./inner.cjs');\n",
        "inner.cjs": "exports.a = 1; exports.b = 2; exports.c = 3; exports.fromInner = true;\n",
        "literal.cjs": "const x = 1, y = 2;\nmodule.exports = { x, y, z: 3, 'quoted': 4 };\n",
    }
    # Node's lexer stops at the first value that is not an identifier (`z: 3`).
    assert same_as_node(files).stdout == "1 2 3 true default,x,y\n"


def test_dual_package_loads_the_right_build(same_as_node) -> None:
    files = {
        "main.mjs": """
            import { kind } from 'dual';
            import { createRequire } from 'node:module';
            const require = createRequire(import.meta.url);
            console.log(kind, require('dual').kind, require('dual/feature').feature);
        """,
        "node_modules/dual/package.json": """{
            "name": "dual",
            "exports": {
                ".": {"import": "./esm/index.mjs", "require": "./cjs/index.cjs"},
                "./feature": {"node": {"require": "./cjs/feature.js"}, "default": "./nope.js"}
            }
        }""",
        "node_modules/dual/esm/index.mjs": "export const kind = 'esm';\n",
        "node_modules/dual/cjs/index.cjs": "exports.kind = 'cjs';\n",
        "node_modules/dual/cjs/feature.js": "exports.feature = 'node-require';\n",
    }
    assert same_as_node(files).stdout == "esm cjs node-require\n"


def test_commonjs_package_resolution(same_as_node) -> None:
    """main without extension, directories with index, package.json type, self-reference."""
    files = {
        "package.json": '{"name": "self", "exports": {".": "./entry.cjs", "./x": "./x.cjs"}}',
        "main.cjs": """
            console.log(require('legacy').v, require('./dir').v, require('self/x').v);
            console.log(require('typed').v, require('@scope/p').v);
        """,
        "entry.cjs": "exports.v = 'entry';\n",
        "x.cjs": "exports.v = 'self-x';\n",
        "dir/index.js": "exports.v = 'dir-index';\n",
        "node_modules/legacy/package.json": '{"main": "lib/main"}',
        "node_modules/legacy/lib/main.js": "exports.v = 'legacy-main';\n",
        "node_modules/typed/package.json": '{"type": "commonjs", "main": "./i.js"}',
        "node_modules/typed/i.js": "exports.v = 'typed';\n",
        "node_modules/@scope/p/index.json": '{"v": "scoped-json"}',
    }
    assert same_as_node(files, entry="main.cjs").stdout == (
        "legacy-main dir-index self-x\ntyped scoped-json\n"
    )


def test_syntax_detection_of_js_without_type(same_as_node) -> None:
    files = {
        "main.js": """
            import { helper } from './helper.js';
            console.log(helper(), typeof require, typeof module);
        """,
        "helper.js": "const name = 'cjs helper';\nexports.helper = () => name;\n",
    }
    assert same_as_node(files, entry="main.js").stdout == "cjs helper undefined undefined\n"


def test_require_of_esm_with_top_level_await_fails(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.cjs": """
                try { require('./tla.mjs'); } catch (e) { console.log(e.code); }
            """,
            "tla.mjs": "await 1;\nexport const x = 1;\n",
        },
    )
    expected = run_node(["main.cjs"], cwd=project)
    got = run_esmload(["main.cjs"], cwd=project, cache_dir=cache_dir)
    assert got.stdout == expected.stdout == "ERR_REQUIRE_ASYNC_MODULE\n", got.stderr


def _first_lines(text: str, count: int) -> list[str]:
    return [line for line in text.splitlines() if "node:internal" not in line][:count]


def test_throwing_commonjs_module_reports_like_node(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.mjs": "import './throws.cjs';\n",
            "throws.cjs": "const x = 1;\nfunction boom() {\n  throw new TypeError('boom at load');\n}\nboom();\n",
        },
    )
    expected = run_node(["main.mjs"], cwd=project)
    for _ in range(2):
        got = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
        assert got.returncode == expected.returncode == 1
        ours = _first_lines(got.stderr, 7)
        assert ours[0] == f"{project}/throws.cjs:3" == _first_lines(expected.stderr, 1)[0]
        assert ours[1] == "  throw new TypeError('boom at load');"
        assert ours[4] == "TypeError: boom at load"
        assert ours[5].startswith(f"    at boom ({project}/throws.cjs:3:")
        assert ours[6] == f"    at Object.<anonymous> ({project}/throws.cjs:5:1)"


def test_missing_require_target_is_module_not_found(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.cjs": "try { require('./nested.cjs'); } catch (e) {\n"
            "  console.log(e.code, JSON.stringify(e.message), e.requireStack.length);\n}\n"
            "require('./nested.cjs');\n",
            "nested.cjs": "require('./nope');\n",
        },
    )
    expected = run_node(["main.cjs"], cwd=project)
    got = run_esmload(["main.cjs"], cwd=project, cache_dir=cache_dir)
    assert got.stdout == expected.stdout and got.returncode == expected.returncode == 1
    wanted = [
        "Error: Cannot find module './nope'",
        "Require stack:",
        f"- {project}/nested.cjs",
        f"- {project}/main.cjs",
    ]
    assert _first_lines(got.stderr, 9)[4:8] == wanted, got.stderr
    assert "code: 'MODULE_NOT_FOUND'" in got.stderr


def test_syntax_error_in_commonjs_has_file_line_and_column(project: Path, cache_dir: Path) -> None:
    write_tree(project, {"main.cjs": "require('./bad.cjs');\n", "bad.cjs": "\nlet x = ;\n"})
    got = run_esmload(["main.cjs"], cwd=project, cache_dir=cache_dir)
    assert got.returncode == 1
    assert got.stderr.startswith(f"{project}/bad.cjs:2\nlet x = ;\n        ^\n"), got.stderr
    assert f"at {project}/bad.cjs:2:9" in got.stderr


def test_damaged_commonjs_record_is_a_miss(project: Path, cache_dir: Path) -> None:
    write_tree(project, MIXED_APP)
    first = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    for path in module_records(cache_dir):
        data = bytearray(path.read_bytes())
        data[-1] ^= 0xFF
        path.write_bytes(bytes(data))
    again = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert again.stdout == first.stdout and again.returncode == 0
    assert int(STATS.search(again.stderr).group(4)) >= 2, again.stderr


def test_wrapper_changes_change_the_record_kind() -> None:
    """Records hold the wrapper's bytecode: a new wrapper needs a new COMMONJS suffix."""
    from esmload.cache.units import COMMONJS
    from esmload.fetch.commonjs import WRAPPER, WRAPPER_END

    digest = hashlib.blake2b(WRAPPER + WRAPPER_END).hexdigest()[:12]
    assert (COMMONJS.suffix, digest) == ("cjs1", "5b9af2903af6"), "bump COMMONJS's suffix"


@pytest.mark.parametrize("entry", ["main.mjs", "main.cjs"])
def test_module_globals_are_not_leaked(same_as_node, entry: str) -> None:
    files = {
        "main.mjs": "import _ from './lib.cjs';\nconsole.log(typeof _, typeof globalThis._);\n",
        "main.cjs": "const _ = require('./lib.cjs');\nconsole.log(typeof _, typeof globalThis._);\n",
        "lib.cjs": "var _ = function () {};\nmodule.exports = _;\n",
    }
    assert same_as_node(files, entry=entry).stdout == "function undefined\n"


def test_require_option_preloads_commonjs(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "setup.cjs": "globalThis.SETUP = require('./data.json').v;\nconsole.log('setup');\n",
            "data.json": '{"v": "from json"}',
            "main.mjs": "console.log(globalThis.SETUP);\n",
        },
    )
    for args in (["-r", "./setup.cjs"], ["--require=./setup.cjs"]):
        expected = run_node([*args, "main.mjs"], cwd=project)
        got = run_esmload([*args, "main.mjs"], cwd=project, cache_dir=cache_dir)
        assert got.stdout == expected.stdout == "setup\nfrom json\n", got.stderr
    missing = run_esmload(["-r", "./nope.cjs", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert missing.returncode == 1
    assert missing.stderr.startswith(
        "Error: Cannot find module './nope.cjs'\nRequire stack:\n- internal/preload\n"
    ), missing.stderr


def test_graph_shows_commonjs_edges(project: Path, cache_dir: Path) -> None:
    write_tree(project, MIXED_APP)
    for state in ("not cached", "cached"):
        got = run_esmload(["graph", "main.mjs"], cwd=project, cache_dir=cache_dir)
        assert got.returncode == 0, got.stderr
        assert f"./lib/index.js → {project}/lib/index.js ({state}, CommonJS)" in got.stdout
        assert f"./util → {project}/lib/util.js ({state}, CommonJS)" in got.stdout
        assert f"../package.json → {project}/package.json (json)" in got.stdout
        run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)


def test_require_of_an_es_module_with_a_default_export(same_as_node) -> None:
    """Node 20.19+: such a module comes with `__esModule: true` (Babel/TypeScript interop)."""
    files = {
        "d1.mjs": "export default 1;\nexport const a = 2;\n",
        "d2.mjs": "export const a = 2;\n",
        "main.cjs": """
            const d1 = require('./d1.mjs'), d2 = require('./d2.mjs');
            console.log(Object.keys(d1), d1.__esModule, d1.default, Object.isExtensible(d1));
            console.log(Object.keys(d2), d2.__esModule, d1);
            const interop = (m) => (m && m.__esModule ? m : { default: m });
            console.log(interop(require('./d1.mjs')).default, require('./d1.mjs') === d1);
            import('./d1.mjs').then((ns) => console.log(ns === d1, ns.default));
        """,
    }
    out = same_as_node(files, entry="main.cjs").stdout
    assert "[ '__esModule', 'a', 'default' ] true 1 false" in out


def test_graph_tolerates_optional_requires(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.cjs": "let extra;\ntry { extra = require('optional-dep'); } catch {}\n",
        },
    )
    got = run_esmload(["graph", "main.cjs"], cwd=project, cache_dir=cache_dir)
    assert got.returncode == 0 and "optional-dep  ERROR: Cannot find module" in got.stdout


def test_what_older_packages_reach_for(same_as_node) -> None:
    """graceful-fs reads the `constants` built-in; depd asks V8's call sites isEval()."""
    files = {
        "main.cjs": """
            const c = require('constants');
            console.log(c.O_RDONLY, c.SIGINT, c.ENOENT, require('node:constants') === c);
            const prepare = Error.prepareStackTrace;
            Error.prepareStackTrace = (_, sites) => sites;
            const holder = {};
            Error.captureStackTrace(holder);
            const site = holder.stack[0];
            Error.prepareStackTrace = prepare;
            console.log(site.isEval(), site.getEvalOrigin(), typeof site.getFileName());
        """,
    }
    assert same_as_node(files, entry="main.cjs").stdout == "0 2 2 true\nfalse undefined string\n"
