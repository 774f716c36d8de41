"""The CommonJS export scanner (esmload.analyze.cjs_lexer) against cjs-module-lexer's rules.

1. A table of hand-written snippets with the analysis expected from the lexer's documented
   rules (no network).
2. Conformance with the real cjs-module-lexer, pinned to 2.2.0 (the version Node 20.20.2
   bundles) and installed from npm with pinned CommonJS packages: one node process lexes
   every .js/.cjs file of those packages and every snippet, and `scan()` must agree on the
   exports (same names, same order), the re-exports, and where it throws (same line).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from esmload.analyze.cjs_lexer import CjsAnalysis, CjsLexError, scan

HERE = Path(__file__).with_name("cjs_lexer")
LEXER_VERSION = "2.2.0"


def ok(
    exports: tuple[str, ...] = (), reexports: tuple[str, ...] = (), requires: tuple[str, ...] = ()
) -> CjsAnalysis:
    return CjsAnalysis(exports, reexports, requires)


def err(reason: str, line: int) -> tuple[str, int]:
    return (reason, line)


# id → (source, expected analysis, or the (reason, line) of the error)
SNIPPETS: dict[str, tuple[str, CjsAnalysis | tuple[str, int]]] = {
    # ------------------------------------------------------------------ named exports
    "dot-assign": ("exports.a = 1;\nmodule.exports.b = 2;\n", ok(("a", "b"))),
    "computed-assign": (
        "exports['c'] = 1; exports[\"d\"] = 2; module.exports['e f'] = 3;",
        ok(("c", "d", "e f")),
    ),
    "computed-escapes": (
        "exports['\\u0061b'] = 1; exports['\\x41\\101'] = 2; exports['\\ud83c\\udf10'] = 3;",
        ok(("ab", "AA", "\U0001f310")),
    ),
    "computed-lone-surrogate-dropped": ("exports['\\ud83c'] = 1; exports.ok = 2;", ok(("ok",))),
    "computed-non-literal-ignored": ("exports[name] = 1; exports[`t`] = 2;", ok()),
    "comments-between-tokens": (
        "exports /* a */ . /* b */ x /* c */ = 1; module // d\n.exports.y = 2",
        ok(("x", "y")),
    ),
    "lexical-inside-functions": (
        "(function (exports) {\n  exports.a = 'a';\n  exports['b'] = 'b';\n  if (false) exports.c = 1;\n})(exports);",
        ok(("a", "b", "c")),
    ),
    "renamed-not-detected": ("(function (e) { e.a = 'a'; })(exports);", ok()),
    "member-not-assignment": ("use(exports.a); exports.b.c = 1; exports.d;", ok()),
    "first-seen-order-no-duplicates": (
        "exports.b = 1; exports.a = 2; exports.b = 3;",
        ok(("b", "a")),
    ),
    "not-a-keyword-start": ("$exports.a = 1; obj.exports.b = 2; myexports.c = 3;", ok()),
    "esmodule-flag": (
        "Object.defineProperty(exports, '__esModule', { value: true });\nexports.x = 1;",
        ok(("__esModule", "x")),
    ),
    "esmodule-assign": ('exports.__esModule = true; exports.default = f;', ok(("__esModule", "default"))),
    # ------------------------------------------------------------ Object.defineProperty
    "define-value": (
        "Object.defineProperty(exports, 'a', { value: 'a' });\n"
        "Object.defineProperty(module.exports, \"b\", { enumerable: true, value: 1 });",
        ok(("a", "b")),
    ),
    "define-getters": (
        "Object.defineProperty(exports, 'a', { enumerable: true, get: function () { return q.p; } });\n"
        "Object.defineProperty(exports, 'b', { enumerable: true, get: function get() { return q['p']; } });\n"
        "Object.defineProperty(exports, 'c', { enumerable: true, get () { return b; } });\n"
        "Object.defineProperty(exports, 'd', { get: function () { return d_1.default; }, });",
        ok(("a", "b", "c", "d")),
    ),
    "define-unsafe-getters": (
        "Object.defineProperty(exports, 'a', { get () { return 'nope'; } });\n"
        "Object.defineProperty(exports, 'b', { enumerable: false, get () { return p; } });\n"
        "Object.defineProperty(exports, 'c', { configurable: true, get () { return p; } });\n"
        "Object.defineProperty(exports, 'd', { get: () => p });\n"
        "Object.defineProperty(exports, 'e', { enumerable: true, get: function () { return dynamic(); } });",
        ok(),
    ),
    "unsafe-getter-cancels-other-forms": (
        "exports.a = 1;\nif (false) {\n  Object.defineProperty(module.exports, 'a', { get () { return dynamic(); } });\n}\nexports.b = 2;",
        ok(("b",)),
    ),
    "define-not-exports": ("Object.defineProperty(other, 'a', { value: 1 });", ok()),
    "define-properties-unsupported": ("Object.defineProperties(exports, { a: { value: 1 } });", ok()),
    # ------------------------------------------------------- module.exports = { ... }
    "literal-object": (
        "module.exports = {\n  a,\n  'b': b,\n  c: c,\n  ...d\n};",
        ok(("a", "b", "c")),
    ),
    "literal-object-stops-at-expression": (
        "module.exports = {\n  a,\n  ...d,\n  b: require('c'),\n  c: \"not detected\"\n};",
        ok(("a", "b"), requires=("c",)),
    ),
    "literal-object-method-stops": ("module.exports = { a, f() {}, b };", ok(("a", "f"))),
    "literal-object-spread-require": (
        "module.exports = require('ignored');\nmodule.exports = {\n  ...require('a'),\n  ...require('b')\n};",
        ok(reexports=("a", "b"), requires=("ignored", "a", "b")),
    ),
    "literal-esbuild-annotation": (
        "module.exports = __toCommonJS(src_exports);\n0 && (module.exports = {\n  alpha,\n  beta\n});",
        ok(("alpha", "beta")),
    ),
    "exports-literal-needs-module": ("exports = { a: b };", ok()),
    # --------------------------------------------------- module.exports = require()
    "reexport": ("module.exports = require('./dep.js');", ok(reexports=("./dep.js",), requires=("./dep.js",))),
    "reexport-last-wins": (
        "module.exports = require('a');\n(module => module.exports = require('b'))(NOT_MODULE);\n"
        "if (false) module.exports = require('c');",
        ok(reexports=("c",), requires=("a", "b", "c")),
    ),
    "reexport-cleared-by-later-assignment": (
        "module.exports = require('a');\nmodule.exports = factory();",
        ok(requires=("a",)),
    ),
    "reexport-not-a-literal": ("module.exports = require(name);", ok()),
    # --------------------------------------------------------- transpiler re-exports
    "typescript-export-star": (
        '"use strict";\nfunction __export(m) {\n    for (var p in m) if (!exports.hasOwnProperty(p)) exports[p] = m[p];\n}\n'
        'Object.defineProperty(exports, "__esModule", { value: true });\n__export(require("external"));\n'
        '__exportStar(require("./b"), exports);\ntslib_1.__exportStar(require("./c"), exports);',
        ok(("__esModule",), ("external", "./b", "./c"), ("external", "./b", "./c")),
    ),
    "export-star-only-top-level": (
        "function f() { __exportStar(require('./x'), exports); }",
        ok(requires=("./x",)),
    ),
    "babel-export-star": (
        '"use strict";\nexports.__esModule = true;\nvar _external = require("external");\n'
        "Object.keys(_external).forEach(function (key) {\n"
        '  if (key === "default" || key === "__esModule") return;\n'
        "  exports[key] = _external[key];\n});",
        ok(("__esModule",), ("external",), ("external",)),
    ),
    "babel-export-star-define-getter": (
        "var _a = _interopRequireWildcard(require('./a'));\n"
        "Object.keys(_a).forEach(function (key) {\n"
        "  if (key === 'default' || key === '__esModule') return;\n"
        "  if (Object.prototype.hasOwnProperty.call(_exportNames, key)) return;\n"
        "  if (key in exports && exports[key] === _a[key]) return;\n"
        "  Object.defineProperty(exports, key, {\n    enumerable: true,\n"
        "    get: function () {\n      return _a[key];\n    }\n  });\n});",
        ok(reexports=("./a",), requires=("./a",)),
    ),
    "babel-export-star-not-equal-form": (
        "const _b = require('./b');\n"
        "Object.keys(_b).forEach(function (k) {\n"
        "  if (k !== 'default' && !Object.prototype.hasOwnProperty.call(exports, k)) exports[k] = _b[k];\n});",
        ok(reexports=("./b",), requires=("./b",)),
    ),
    "babel-export-star-wrong-binding": (
        "var _a = require('./a');\n"
        "Object.keys(_other).forEach(function (key) {\n"
        "  if (key === 'default' || key === '__esModule') return;\n  exports[key] = _other[key];\n});",
        ok(requires=("./a",)),
    ),
    "babel-export-star-key-mismatch": (
        "var _a = require('./a');\n"
        "Object.keys(_a).forEach(function (key) {\n"
        "  if (key === 'default' || key === '__esModule') return;\n  exports[k] = _a[k];\n});",
        ok(requires=("./a",)),
    ),
    # ---------------------------------------- strings, comments, templates, regexes
    "not-in-comments-or-strings": (
        "/* exports.a = 1 */\n// exports.b = 2\nvar s = 'exports.c = 3';\nvar t = \"module.exports = require('x')\";",
        ok(),
    ),
    "template-text-and-substitutions": (
        "var t = `exports.no = 1 ${ exports.yes = 1 } ${ `${ { a: 1 }.a }${ exports.deep = 2 }` }`;",
        ok(("yes", "deep")),
    ),
    "template-braces-in-substitution": ("x = `${ function () { return {}; } }`; exports.after = 1;", ok(("after",))),
    "regex-with-quote": ("var r = /'/g; exports.a = 1;", ok(("a",))),
    "regex-class-with-slash": ("var r = /[/'\"]/; exports.a = 1;", ok(("a",))),
    "division-then-string": ("var x = a / b, y = '/'; exports.a = 1;", ok(("a",))),
    "division-after-paren-call": ("var x = f(1) / 2 / g; exports.a = 1;", ok(("a",))),
    "regex-after-if-paren": ("if (a) /'/.test(b);\nexports.a = 1;", ok(("a",))),
    "regex-after-keyword": ("function f() { return /'/.test(x); }\nexports.a = typeof /\"/;", ok(("a",))),
    "regex-after-block": ("function f() {}\n/'/.test(x);\nexports.a = 1;", ok(("a",))),
    "division-after-object-literal": ("var x = {}.length / 2 / 'x'.length; exports.a = 1;", ok(("a",))),
    "regex-after-class-body": ("class A {}\n/'/.test(x);\nexports.a = 1;", ok(("a",))),
    "division-after-increment": ("i++ / 2; exports.a = 1 / 2;", ok(("a",))),
    "hashbang": ("#!/usr/bin/env node 'unterminated\nexports.h = 1;", ok(("h",))),
    # ------------------------------------------------------------------------- requires
    "requires": (
        "const a = require('a');\nconst b = require(\"b\");\nconst c = require(`c`);\n"
        "function f() { return require ( /* why */ 'd' ); }\n"
        "require(`e${x}`); obj.require('f'); xrequire('g'); require('h', opts); require(i);\n"
        "// require('j')\nvar s = \"require('k')\";\nrequire('a');",
        ok(requires=("a", "b", "c", "d")),
    ),
    "requires-in-templates-and-nested": (
        "x = `${ require('t') }`; if (y) { z = [require('u')]; }",
        ok(requires=("t", "u")),
    ),
    # --------------------------------------------------------------------------- errors
    "unterminated-string": ("exports.a = 1;\nvar s = 'abc\n';", err("Unterminated string.", 2)),
    "unterminated-template": ("exports.a = 1;\nvar t = `abc ${ x }", err("Unterminated template.", 2)),
    "unterminated-regex": ("exports.a = 1;\nvar r = /abc\n/;", err("Syntax error reading regular expression.", 2)),
    "unterminated-regex-class": ("var r = /[abc/;\n", err("Syntax error reading regular expression class.", 1)),
    "unterminated-braces": ("function f() {\n  exports.a = 1;\n", err("Unterminated braces.", 3)),
    "unexpected-closing-brace": ("exports.a = 1;\n}\n", err("Unexpected closing brace.", 2)),
    "unexpected-closing-bracket": ("f());\n", err("Unexpected closing bracket.", 1)),
    "import-statement": ("exports.a = 1;\nimport x from 'y';", err("Unexpected import statement in CJS module.", 2)),
    "import-meta": ("const url = import.meta.url;", err("Unexpected import.meta in CJS module.", 1)),
    "esm-syntax-nested-is-not-checked": ("f(import.meta.url); { export = 1 }", ok()),
    "export-statement": ("export const a = 1;", err("Unexpected export statement in CJS module.", 1)),
    "dynamic-import-is-fine": ("import('x').then(m => { exports.a = m; });", ok(("a",))),
    "unterminated-block-comment-is-fine": ("exports.a = 1; /* never closed", ok(("a",))),
}


@pytest.mark.parametrize("name", list(SNIPPETS))
def test_snippet(name: str) -> None:
    source, expected = SNIPPETS[name]
    if isinstance(expected, CjsAnalysis):
        assert scan(source) == expected
    else:
        with pytest.raises(CjsLexError) as caught:
            scan(source)
        assert (caught.value.reason, caught.value.line) == expected
        assert isinstance(caught.value, ValueError)
        assert f"line {expected[1]}" in str(caught.value)


def test_analysis_value_semantics() -> None:
    a = CjsAnalysis(("x",), ("y",), ("z",))
    assert a == CjsAnalysis(("x",), ("y",), ("z",))
    assert a != CjsAnalysis(("x",), (), ("z",))
    assert hash(a) == hash(CjsAnalysis(("x",), ("y",), ("z",)))
    assert repr(a) == "CjsAnalysis(exports=('x',), reexports=('y',), requires=('z',))"
    with pytest.raises(AttributeError):
        a.exports = ()  # type: ignore[misc]
    assert scan("") == CjsAnalysis()


def test_import_loads_nothing_but_the_module() -> None:
    """Importing the scanner costs nothing: `re` and the patterns load on the first scan."""
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import esmload.analyze.cjs_lexer as m\n"
        "new = sorted(set(sys.modules) - before)\n"
        "print(m._P is None, [n for n in new if not n.startswith('esmload')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.strip()
    assert lines.startswith("True")
    assert "'re'" not in lines and "typing" not in lines


# ----------------------------------------------------------- conformance with the real lexer


@pytest.fixture(scope="session")
def lexer_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/cjs_lexer installed with npm (pinned versions) in a session-wide scratch folder."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed")
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    root = tmp_path_factory.mktemp("cjs_lexer")
    shutil.copy(HERE / "package.json", root / "package.json")
    proc = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        pytest.skip(f"npm install failed (registry unreachable?): {proc.stderr.strip()[-300:]}")
    return root / "node_modules"


def _outcome(source: str) -> dict[str, object]:
    try:
        found = scan(source)
    except CjsLexError as error:
        return {"error": error.reason, "line": error.line}
    return {"exports": list(found.exports), "reexports": list(found.reexports)}


def _same(got: dict[str, object], want: dict[str, object]) -> bool:
    if "error" in want:  # throwing where the lexer throws is what counts, and on which line
        return "error" in got and got["line"] == want["line"]
    return got == want


@pytest.mark.workloads
def test_conformance_with_cjs_module_lexer(lexer_packages: Path, tmp_path: Path) -> None:
    files = sorted(
        str(path)
        for path in lexer_packages.rglob("*")
        if path.suffix in (".js", ".cjs")
        and path.is_file()
        and "cjs-module-lexer" not in path.relative_to(lexer_packages).parts[:1]
    )
    sources = [source for source, _ in SNIPPETS.values()]
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"files": files, "sources": sources}), encoding="utf-8")
    node = shutil.which("node")
    assert node is not None
    proc = subprocess.run(
        [node, str(HERE / "lexer_batch.js"), str(lexer_packages), str(request)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    reference = json.loads(proc.stdout)
    assert reference["version"] == LEXER_VERSION

    mismatches = []
    for name, want in zip(SNIPPETS, reference["sources"], strict=True):
        got = _outcome(SNIPPETS[name][0])
        if not _same(got, want):
            mismatches.append(f"snippet {name}: got {got}, lexer {want}")
    thrown = detected = 0
    for file, want in zip(files, reference["files"], strict=True):
        text = Path(file).read_text(encoding="utf-8", errors="replace")
        got = _outcome(text)
        if not _same(got, want):
            mismatches.append(f"{file}: got {str(got)[:300]}, lexer {str(want)[:300]}")
        thrown += "error" in want
        detected += bool(want.get("exports") or want.get("reexports"))
    assert not mismatches, f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:20])
    # The packages exercise the interesting paths: plain CJS, transpiler output, and ES
    # modules (rxjs, hono and moment ship some) where the lexer throws.
    assert len(files) > 2000 and detected > 500 and thrown > 500
