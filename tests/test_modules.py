"""Module semantics: imports, packages, JSON, dynamic import, TLA, cycles, import.meta."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Result

NODE = shutil.which("node")


def assert_clean_error(result: Result, *fragments: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


def node_stdout(project: Path, entry: str = "main.mjs") -> str:
    proc = subprocess.run(
        [NODE or "node", entry], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_static_imports_across_folders_and_live_bindings(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """
                import { count, increment } from './lib/counter.js';
                import * as counter from './lib/counter.js';
                import def, { named as renamed } from './lib/values.mjs';
                console.log(count, counter.count);
                increment();
                console.log(count, counter.count, def, renamed);
            """,
            "lib/counter.js": """
                export let count = 0;
                export function increment() { count += 1; }
            """,
            "lib/values.mjs": """
                export default 'the default';
                export const named = 'a named export';
            """,
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 0\n1 1 the default a named export\n"


def test_cycles_string_names_and_namespace_reexports(run_js) -> None:
    files = {
        "main.mjs": """
            import { a, fromB } from './a.mjs';
            import { "string name" as s, ns } from './names.mjs';
            console.log(a, fromB(), s, Object.keys(ns).join(','), ns.x);
        """,
        "a.mjs": """
            import { b } from './b.mjs';
            export const a = 'A';
            export function fromB() { return b(); }
        """,
        "b.mjs": """
            import { a } from './a.mjs';
            export function b() { return 'B sees ' + a; }
        """,
        "names.mjs": """
            const value = 'S';
            export { value as "string name" };
            export * as ns from './inner.mjs';
        """,
        "inner.mjs": "export const x = 1; export const y = 2;\n",
    }
    result = run_js(files)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "A B sees A S x,y 1\n"


def test_json_modules_need_the_attribute(run_js) -> None:
    ok = run_js(
        {
            "main.mjs": """
                import data from './data.json' with { type: 'json' };
                console.log(data.list.length, data.nested.deep, Object.getPrototypeOf(data) === Object.prototype);
                const again = await import('./data.json', { with: { type: 'json' } });
                console.log(again.default === data);
            """,
            "data.json": '{"list": [1, 2, 3], "nested": {"deep": "yes"}, "__proto__": 1}',
        }
    )
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == "3 yes true\ntrue\n"

    missing = run_js({"main.mjs": "import data from './data.json';\nconsole.log(data);\n"})
    assert_clean_error(missing, 'needs an import attribute of "type: json"', "main.mjs")

    wrong = run_js(
        {
            "main.mjs": "import x from './x.js' with { type: 'json' };\n",
            "x.js": "export default 1;\n",
        }
    )
    assert_clean_error(wrong, 'is not of type "json"')

    bad_json = run_js(
        {
            "main.mjs": "import d from './bad.json' with { type: 'json' };\n",
            "bad.json": '{"a": 1,,}',
        }
    )
    assert_clean_error(bad_json, "SyntaxError")


def test_json_proto_key_is_an_own_property(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """
                import d from './d.json' with { type: 'json' };
                console.log(Object.keys(d).join(','), Object.getPrototypeOf(d) === Object.prototype);
            """,
            "d.json": '{"__proto__": {"polluted": true}, "a": 1}',
        }
    )
    assert result.stdout == "__proto__,a true\n", result.stderr


def test_dynamic_import_resolves_against_its_importer(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """
                import { load } from './sub/loader.js';
                console.log(await load('./target.js'));
                const name = './computed' + '.js';
                console.log((await import(name)).default);
                try { await import('./nope.js'); } catch (e) { console.log('caught', e.message.includes('nope.js')); }
            """,
            "sub/loader.js": "export const load = async (s) => (await import(s)).default;\n",
            "sub/target.js": "export default 'target in sub';\n",
            "computed.js": "export default 'computed at top';\n",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "target in sub\ncomputed at top\ncaught true\n"


def test_top_level_await_orders_evaluation(run_js) -> None:
    result = run_js(
        {
            "main.mjs": """
                import { value } from './slow.mjs';
                console.log('main sees', value);
            """,
            "slow.mjs": """
                console.log('slow starts');
                export const value = await new Promise((r) => setTimeout(() => r(42), 10));
                console.log('slow done');
            """,
        }
    )
    assert result.stdout == "slow starts\nslow done\nmain sees 42\n", result.stderr


def test_import_meta(run_js, project: Path) -> None:
    result = run_js(
        {
            "main.mjs": """
                import './lib/other.js';
                console.log(import.meta.url === 'file://' + import.meta.filename);
                console.log(import.meta.dirname, import.meta.main);
                console.log(import.meta.resolve('./lib/other.js'));
            """,
            "lib/other.js": "console.log('other main', import.meta.main, import.meta.filename);\n",
        }
    )
    root = project.resolve()
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"other main false {root}/lib/other.js\ntrue\n{root} true\nfile://{root}/lib/other.js\n"
    )


def test_packages_exports_imports_main_and_scopes(run_js) -> None:
    files = {
        "package.json": '{"name": "app", "type": "module", "imports": {"#util": "./util.js", "#dep": "dep"}, "exports": "./main.mjs"}',
        "main.mjs": """
            import dep from 'dep';
            import sub from 'dep/feature/x';
            import scoped from '@scope/pkg';
            import legacy from 'legacy';
            import util from '#util';
            import viaImports from '#dep';
            console.log(dep, sub, scoped, legacy, util, viaImports === dep);
        """,
        "util.js": "export default 'util';\n",
        "node_modules/dep/package.json": """{
            "name": "dep",
            "exports": {
                ".": {"require": "./node.cjs", "import": {"module": "./other.js", "default": "./esm.js"}},
                "./feature/*": "./features/*.js"
            }
        }""",
        "node_modules/dep/esm.js": "export default 'dep-esm';\n",
        "node_modules/dep/features/x.js": "export default 'feature-x';\n",
        "node_modules/@scope/pkg/package.json": '{"name": "@scope/pkg", "main": "lib/index"}',
        "node_modules/@scope/pkg/lib/index.js": "export default 'scoped';\n",
        "node_modules/legacy/index.js": "export default 'legacy-index';\n",
    }
    result = run_js(files)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "dep-esm feature-x scoped legacy-index util true\n"


def test_unexported_subpath_and_missing_package(run_js) -> None:
    files = {
        "node_modules/dep/package.json": '{"name": "dep", "exports": {".": "./index.js"}}',
        "node_modules/dep/index.js": "export default 1;\n",
        "node_modules/dep/secret.js": "export default 2;\n",
    }
    hidden = run_js({**files, "main.mjs": "import s from 'dep/secret.js';\n"})
    assert_clean_error(hidden, "./secret.js", 'not defined by "exports"', "main.mjs")
    absent = run_js({"main.mjs": "\nimport x from 'no-such-package';\n"})
    assert_clean_error(absent, "no-such-package", "main.mjs:2")


def test_missing_relative_module_names_specifier_and_importer(run_js, project: Path) -> None:
    result = run_js(
        {
            "main.mjs": "import './lib/a.js';\n",
            "lib/a.js": "const x = 1;\nimport { y } from './missing.js';\n",
        }
    )
    assert_clean_error(result, "./missing.js", f"{project.resolve()}/lib/a.js")
    assert "lib/a.js:2" in result.stderr


def test_node_builtins_are_refused_clearly(run_js) -> None:
    result = run_js({"main.mjs": "import http from 'node:http';\n"})
    assert_clean_error(result, "node:http", "esmload does not provide")


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_same_output_as_node_for_a_mixed_program(run_js, project: Path) -> None:
    files = {
        "main.mjs": """
            import { a } from './a.mjs';
            import data from './d.json' with { type: 'json' };
            const later = import('./lazy.mjs');
            queueMicrotask(() => console.log('microtask'));
            // Node loads modules asynchronously, so only a timer well after the import is ordered.
            setTimeout(() => console.log('timeout 50'), 50);
            Promise.resolve().then(() => console.log('promise'));
            console.log('sync', a, data);
            console.log((await later).default);
        """,
        "a.mjs": "export const a = [1, 'two', { three: 3 }];\n",
        "lazy.mjs": "export default new Map([['k', { v: [1, 2] }]]);\n",
        "d.json": '{"x": 1, "y": [true, null]}',
    }
    result = run_js(files)
    assert result.returncode == 0, result.stderr
    assert result.stdout == node_stdout(project)
