"""Link errors as Node reports them (esmload/link/link_errors.py): a module that imports a name
its target does not export, exports ambiguously through `export *`, or only through a cycle.

Each program runs with node and with esmload cold (empty cache), warm (records), prelinked
(the graph bundle) and with --no-cache; the lines Node defines (the arrow above the error and
the `SyntaxError: …` line, up to Node's internal stack frames) and the exit code must match.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from conftest import Result, run_esmload, run_node, write_tree
from esmload.link.link_errors import commonjs_message, node_arrow, parse_engine_message

PRELINKED = re.compile(r"prelinked=(\d+)")


def node_lines(stderr: str) -> list[str]:
    """Node's report up to its internal stack frames (and `Node.js v20…`)."""
    lines = []
    for line in stderr.splitlines():
        if line.startswith("    at ") or line.startswith("Node.js v"):
            break
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def esmload_lines(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if not line.startswith("esmload cache:")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def compare(
    project: Path, cache_dir: Path, files: dict[str, str], entry: str = "main.mjs"
) -> tuple[Result, list[str]]:
    """Run `entry` with node, then esmload cold, warm, prelinked and uncached; assert the
    same report, stdout and exit code each time. Returns node's result and report lines."""
    write_tree(project, files)
    expected = run_node([entry], cwd=project)
    report = node_lines(expected.stderr)
    for mode in ("cold", "warm", "prelinked", "uncached"):
        cli = ["--no-cache"] if mode == "uncached" else ["--cache-stats"]
        got = run_esmload([*cli, entry], cwd=project, cache_dir=cache_dir)
        assert "Traceback" not in got.stderr, got.stderr
        assert esmload_lines(got.stderr) == report, (
            f"{mode} run differs from node\n--- node:\n{expected.stderr}\n"
            f"--- esmload:\n{got.stderr}"
        )
        assert (got.stdout, got.returncode) == (expected.stdout, expected.returncode), mode
        if mode == "prelinked":
            found = PRELINKED.search(got.stderr)
            assert found is not None and int(found[1]) > 0, got.stderr
    return expected, report


def lib(*names: str) -> str:
    return "".join(f"export const {name} = 1;\n" for name in names)


# ------------------------------------------------------------------ static graphs

CASES: dict[str, dict[str, str]] = {
    "missing named import": {
        "main.mjs": "// a comment first\nimport { y, x } from './lib.mjs';\nconsole.log(x);\n",
        "lib.mjs": lib("y"),
    },
    "missing default import": {
        "main.mjs": "import def, { y } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
    "named default import": {
        "main.mjs": "import { default as d } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
    "renamed, over several lines, in a deeper module": {
        "main.mjs": "import './sub/mid.mjs';\n",
        "sub/mid.mjs": 'import {\n  y,\n  missingName as renamed,\n} from "../lib.mjs"\n',
        "lib.mjs": lib("y"),
    },
    "string export name": {
        "main.mjs": "import { y, 'a b' as q } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
    "imports checked in the order of their local names": {
        "main.mjs": "import { zz, aa } from './lib.mjs';\nimport { mm as a0 } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
    "tabs, non-ASCII text and CRLF before the name": {
        "main.mjs": "import {y} from './lib.mjs';\r\n/* é😀 */\timport {\tzz } from './lib.mjs';\r\n",
        "lib.mjs": lib("y"),
    },
    "export from, in the entry": {
        "main.mjs": "const q = 1;\nexport { y, missingName as z } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
    "export from over several lines (no carets)": {
        "main.mjs": "export {\n  missing\n  as foo\n} from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
    "indirect export blames the re-exporting module": {
        "main.mjs": "import { x } from './a.mjs';\n",
        "a.mjs": "export { x } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
    "imports before indirect exports": {
        "main.mjs": "import { y } from './lib.mjs';\nexport { zz } from './lib.mjs';\nimport { ww } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
    "ambiguous star export": {
        "main.mjs": "import { x } from './a.mjs';\n",
        "a.mjs": "export * from './b.mjs';\nexport * from './c.mjs';\n",
        "b.mjs": lib("x"),
        "c.mjs": lib("x"),
    },
    "ambiguity further down is reported at the `*`": {
        "main.mjs": "import { x } from './a.mjs';\n",
        "a.mjs": "export /* all */ * from './b.mjs';\n",
        "b.mjs": "export * from './c.mjs';\nexport * from './d.mjs';\n",
        "c.mjs": lib("x"),
        "d.mjs": lib("x"),
    },
    "a star export of one binding twice is not ambiguous": {
        "main.mjs": "import { x } from './a.mjs';\nconsole.log(x);\n",
        "a.mjs": "export * from './b.mjs';\nexport * from './c.mjs';\n",
        "b.mjs": "export { x } from './e.mjs';\n",
        "c.mjs": "export { x } from './e.mjs';\n",
        "e.mjs": lib("x"),
    },
    "cycle of re-exports": {
        "main.mjs": "import { x } from './a.mjs';\n",
        "a.mjs": "export { x } from './b.mjs';\n",
        "b.mjs": "export { x } from './a.mjs';\n",
    },
    "namespace import of a re-export cycle": {
        "main.mjs": "import * as ns from './a.mjs';\nconsole.log(ns);\n",
        "a.mjs": "export { x } from './b.mjs';\n",
        "b.mjs": "export { x } from './a.mjs';\n",
    },
    "cycle of imported and exported bindings": {
        "main.mjs": "import { x } from './a.mjs';\n",
        "a.mjs": "import { x } from './b.mjs';\nexport { x };\n",
        "b.mjs": "import { x } from './a.mjs';\nexport { x };\n",
    },
    "star export of itself": {
        "main.mjs": "import { x } from './a.mjs';\n",
        "a.mjs": "export * from './a.mjs';\n",
    },
    "built-in module": {
        "main.mjs": "import { readFileSync, nope } from 'node:fs';\n",
    },
    "JSON module": {
        "main.mjs": "import { x } from './data.json' with { type: 'json' };\n",
        "data.json": '{"x": 1}',
    },
    "the first of two importers": {
        "main.mjs": "import './a.mjs';\nimport './b.mjs';\n",
        "a.mjs": "import { x } from './lib.mjs';\n",
        "b.mjs": "import { x } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    },
}


@pytest.mark.parametrize("files", CASES.values(), ids=CASES.keys())
def test_static_graph_reports_like_node(
    project: Path, cache_dir: Path, files: dict[str, str]
) -> None:
    expected, report = compare(project, cache_dir, files)
    if expected.returncode:
        assert expected.returncode == 1
        assert any(line.startswith("SyntaxError: ") for line in report)


def test_report_shape(project: Path, cache_dir: Path) -> None:
    """The whole report, spelled out: Node prints no blank line above the SyntaxError."""
    expected, report = compare(project, cache_dir, CASES["missing named import"])
    url = f"file://{project.resolve()}/main.mjs"
    assert report == [
        f"{url}:2",
        "import { y, x } from './lib.mjs';",
        "            ^",
        "SyntaxError: The requested module './lib.mjs' does not provide an export named 'x'",
    ]
    assert expected.returncode == 1


def test_module_paths_longer_than_the_engine_shows(project: Path, cache_dir: Path) -> None:
    """QuickJS cuts module names at 63 bytes; two modules that share that much of their path
    stay apart, and the report names the import as written."""
    deep = "a-directory-name-long-enough/to-push-every-module-path/past-63-bytes"
    files = {
        "main.mjs": f"import './{deep}/b.mjs';\nimport './{deep}/c.mjs';\n",
        f"{deep}/b.mjs": "import { x } from './lib-module-with-a-long-name-1.mjs';\n",
        f"{deep}/c.mjs": "import { x } from './lib-module-with-a-long-name-2.mjs';\n",
        f"{deep}/lib-module-with-a-long-name-1.mjs": lib("x"),
        f"{deep}/lib-module-with-a-long-name-2.mjs": lib("y"),
    }
    _, report = compare(project, cache_dir, files)
    assert report[0].endswith("/c.mjs:1")
    assert report[-1] == (
        "SyntaxError: The requested module './lib-module-with-a-long-name-2.mjs' does not "
        "provide an export named 'x'"
    )
    long_name = "n" * 80
    files = {
        "main.mjs": f"import {{ {long_name} }} from './{deep}/lib.mjs';\n",
        f"{deep}/lib.mjs": lib("y"),
    }
    _, report = compare(project, cache_dir, files)
    assert report[-1].endswith(f"does not provide an export named '{long_name}'")


# ------------------------------------------------------------------ import()


def test_failed_dynamic_import_is_a_catchable_syntax_error(project: Path, cache_dir: Path) -> None:
    files = {
        "main.mjs": textwrap.dedent(
            """\
            for (const f of ['./bad.mjs', './bad.mjs', './fine.mjs']) {
              try {
                const ns = await import(f);
                console.log('loaded', f, Object.keys(ns));
              } catch (e) {
                console.log(f, e.name, e instanceof SyntaxError, e.code, Object.keys(e));
                console.log(e.message);
                console.log(String(e));
                console.log(e.stack.split('\\n').slice(0, 4).join('|'));
              }
            }
            """
        ),
        "bad.mjs": "import { y } from './lib.mjs';\nimport { x } from './lib.mjs';\n",
        "fine.mjs": "export { y } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    }
    expected, report = compare(project, cache_dir, files)
    assert expected.returncode == 0 and report == []
    assert "./bad.mjs SyntaxError true undefined []" in expected.stdout
    assert "loaded ./fine.mjs [ 'y' ]" in expected.stdout


def test_uncaught_failed_dynamic_import_exits_1(project: Path, cache_dir: Path) -> None:
    files = {
        "main.mjs": "console.log('before');\nawait import('./bad.mjs');\n",
        "bad.mjs": "import { x } from './lib.mjs';\n",
        "lib.mjs": lib("y"),
    }
    expected, report = compare(project, cache_dir, files)
    assert expected.returncode == 1
    assert report[-1].startswith("SyntaxError: The requested module './lib.mjs'")


# ------------------------------------------------------------------ the embedding API


def test_runtime_import_module_raises_link_error(project: Path, cache_dir: Path) -> None:
    import esmload
    from esmload.errors import EsmloadError, LinkError

    write_tree(
        project,
        {
            "main.mjs": "import { x } from './a.mjs';\n",
            "a.mjs": "export { x } from './lib.mjs';\n",
            "lib.mjs": lib("y"),
        },
    )
    with esmload.Runtime(cache_dir=cache_dir) as runtime:
        with pytest.raises(LinkError) as raised:
            runtime.import_module(str(project / "main.mjs"))
        error = raised.value
        assert isinstance(error, EsmloadError)
        assert str(error) == (
            "The requested module './lib.mjs' does not provide an export named 'x'"
        )
        assert error.js_name == "SyntaxError"
        assert error.position == (str(project.resolve() / "a.mjs"), 1, 10)
        # The runtime stays usable.
        assert runtime.import_module(str(project / "lib.mjs")).y == 1


# ------------------------------------------------------------------ CommonJS


def test_commonjs_message_matches_node() -> None:
    """The builder against the texts node 20 prints (module_job.js `_instantiate`)."""
    assert commonjs_message("./lib.cjs", "w", "import { y, x as z, w } from './lib.cjs';") == (
        "Named export 'w' not found. The requested module './lib.cjs' is a CommonJS module, "
        "which may not support all module.exports as named exports.\n"
        "CommonJS modules can always be imported via the default export, for example using:\n"
        "\n"
        "import pkg from './lib.cjs';\n"
        "const { y, x: z, w } = pkg;\n"
    )
    # No braces on the line (a multi-line import): no destructuring line.
    assert commonjs_message("pkg", "x", "  x").endswith("\n\nimport pkg from 'pkg';\n")
    # Node takes the line's first `{` to its last `}`, whatever they are.
    assert commonjs_message(
        "./lib.cjs", "x", "import {x as   q} from './lib.cjs'; // {c}"
    ).endswith("const {x: q} from './lib.cjs'; // {c} = pkg;\n")


COMMONJS_CASES = {
    "named": "import { x } from './lib.cjs';\n",
    "several names": "import { y, x as z, w } from './lib.cjs';\n",
    "default and named": "import d, { x } from './lib.cjs';\n",
    "over several lines": "import {\n  x\n} from './lib.cjs';\n",
    "package": "import { x } from 'pkg';\n",
    "export from": "export { x } from './lib.cjs';\n",
}


@pytest.mark.parametrize("main", COMMONJS_CASES.values(), ids=COMMONJS_CASES.keys())
def test_missing_commonjs_export_reports_like_node(
    project: Path, cache_dir: Path, main: str
) -> None:
    files = {
        "main.mjs": main,
        "lib.cjs": "exports.y = 1;\n",
        "node_modules/pkg/package.json": '{"name": "pkg", "main": "index.js"}',
        "node_modules/pkg/index.js": "exports.y = 1;\n",
    }
    expected, report = compare(project, cache_dir, files)
    assert expected.returncode == 1
    assert "is a CommonJS module" in "\n".join(report)


# ------------------------------------------------------------------ pieces


def test_engine_messages() -> None:
    assert parse_engine_message("Could not find export 'x' in module '/a/b.mjs'") == (
        "missing",
        "x",
        "/a/b.mjs",
    )
    assert parse_engine_message("export 'x' in module '/a.mjs' is ambiguous") == (
        "ambiguous",
        "x",
        "/a.mjs",
    )
    assert parse_engine_message(
        "circular reference when looking for export 'x' in module '/a.mjs'"
    ) == ("cycle", "x", "/a.mjs")
    assert parse_engine_message("x is not defined") is None


def test_node_arrow() -> None:
    # Node lays UTF-16 columns over the line's UTF-8 bytes and keeps tabs.
    assert node_arrow("file:///m.mjs", 3, "\té x", 3, 4) == "file:///m.mjs:3\n\té x\n\t  ^\n"
    # A range that leaves the line: no caret line.
    assert node_arrow("file:///m.mjs", 1, "export {", 7, 30) == "file:///m.mjs:1\nexport {\n"


def test_sites_found_without_the_parser_match_the_parser() -> None:
    """When esprima cannot read a module, scanning its text finds the same sites."""
    from esmload.link.link_errors import _span_in_text, _span_in_tree

    source = (
        "// import nothing\n"
        "import d, { y,\n  x as z } from './lib.mjs';\n"
        'export { q as r } from "./o.mjs";\n'
        "export /* all */ * from './s.mjs';\n"
        "import { default as dd } from './t.mjs';\n"
    )
    sites = [
        (("import", "z", "x"), "./lib.mjs", "x"),
        (("import", "d", "default"), "./lib.mjs", "d"),
        (("export", "r", "q"), "./o.mjs", "q as r"),
        (("star", "./s.mjs", "0"), "./s.mjs", "*"),
        (("import", "dd", "default"), "./t.mjs", "default"),
    ]
    for entry, specifier, text in sites:
        span = _span_in_tree(source, entry, specifier)
        assert span is not None and source[span[0] : span[1]] == text
        assert _span_in_text(source, entry, specifier) == span
