"""The esprima analyzer: module records from real parses, and their CBOR form."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest

from esmload.analyze import (
    AnalyzeError,
    ExportEntry,
    ImportEntry,
    ModuleRecord,
    RequestedModule,
    analyze,
)

# ---------------------------------------------------------------------------- imports


def test_import_forms() -> None:
    record = analyze(
        "import def, { a, b as c, 'str name' as d, default as e } from './m.js';\n"
        "import * as ns from 'pkg';\n"
        "import './side.js';\n"
        "import def2, * as ns2 from 'pkg2';\n"
    )
    assert record.imports == (
        ImportEntry("./m.js", "default", "def"),
        ImportEntry("./m.js", "a", "a"),
        ImportEntry("./m.js", "b", "c"),
        ImportEntry("./m.js", "str name", "d"),
        ImportEntry("./m.js", "default", "e"),
        ImportEntry("pkg", None, "ns"),
        ImportEntry("pkg2", "default", "def2"),
        ImportEntry("pkg2", None, "ns2"),
    )
    assert [r.specifier for r in record.requested] == ["./m.js", "pkg", "./side.js", "pkg2"]
    assert record.exports == () and record.star_exports == ()


def test_requests_in_source_order_deduplicated_with_first_position() -> None:
    record = analyze(
        "import a from 'x';\n"
        "export * from './star.js';\n"
        '  import b from "x";\n'
        "import c from 'x' with { type: 'json' };\n"
        "export { d } from 'x';\n"
        "export * as ns from './ns.js';\n"
        "import j from 'x' with { 'type': 'json' };\n"
        "const late = import('./dynamic-is-not-a-request.js');\n"
    )
    assert record.requested == (
        RequestedModule("x", {}, 1, 14),
        RequestedModule("./star.js", {}, 2, 14),
        RequestedModule("x", {"type": "json"}, 4, 14),
        RequestedModule("./ns.js", {}, 6, 20),
    )


def test_request_columns_count_utf16_units() -> None:
    prefix = 'const s = "\U0001f600é"; import x from '
    record = analyze(prefix + '"m";\n')
    assert record.requested[0].line == 1
    assert record.requested[0].column == len(prefix.encode("utf-16-le")) // 2 == len(prefix) + 1


def test_import_attributes() -> None:
    record = analyze(
        "import a from './a.json' with { type: 'json' };\n"
        "import b from './b.css' with { 'type': 'css', \"x-y\": 'z' };\n"
        "export { c } from './c.json' with { type: 'json' };\n"
        "export * from './d.json' with { type: 'json' };\n"
        "import e from './e.js' with {};\n"
    )
    assert [r.attributes for r in record.requested] == [
        {"type": "json"},
        {"type": "css", "x-y": "z"},
        {"type": "json"},
        {"type": "json"},
        {},
    ]
    assert record.attributes_for("./b.css") == {"type": "css", "x-y": "z"}
    assert record.attributes_for("./e.js") == {}
    assert record.attributes_for("./not-imported.js") == {}
    assert record.hints() & 2


def test_attributes_for_takes_the_first_request_with_attributes() -> None:
    first_plain = analyze("import './a.json';\nimport j from './a.json' with { type: 'json' };")
    assert first_plain.attributes_for("./a.json") == {"type": "json"}
    first_json = analyze("import j from './a.json' with { type: 'json' };\nimport './a.json';")
    assert first_json.attributes_for("./a.json") == {"type": "json"}
    first_json.attributes_for("./a.json")["type"] = "changed"  # a copy: the record keeps its own
    assert first_json.attributes_for("./a.json") == {"type": "json"}


# ---------------------------------------------------------------------------- exports


@pytest.mark.parametrize(
    ("source", "exports"),
    [
        ("export default function f() {}", [ExportEntry("default", "f")]),
        ("export default async function g() {}", [ExportEntry("default", "g")]),
        ("export default function () {}", [ExportEntry("default", "*default*")]),
        ("export default function* () {}", [ExportEntry("default", "*default*")]),
        ("export default class {}", [ExportEntry("default", "*default*")]),
        ("export default class C {}", [ExportEntry("default", "C")]),
        ("export default 40 + 2;", [ExportEntry("default", "*default*")]),
        ("export default (function h() {});", [ExportEntry("default", "*default*")]),
        ("let a; export { a as default };", [ExportEntry("default", "a")]),
        ("let a, b; export { a, b as c };", [ExportEntry("a", "a"), ExportEntry("c", "b")]),
        ("let x; export { x as 'a b' };", [ExportEntry("a b", "x")]),
        (
            "export const { a, b: [c, , ...d], e = 1, ...f } = o;",
            [ExportEntry(n, n) for n in "acdef"],
        ),
        ("export let x = 1, [y = 2] = [], z;", [ExportEntry(n, n) for n in "xyz"]),
        ("export var { p: { q } } = o;", [ExportEntry("q", "q")]),
        (
            "export function f() {} export async function g() {} export function* h() {}",
            [ExportEntry(n, n) for n in "fgh"],
        ),
        ("export class K {}", [ExportEntry("K", "K")]),
        (
            "export { a, b as c, default, default as d, 'x y' as 'z w' } from 'm';",
            [
                ExportEntry("a", None, "m", "a"),
                ExportEntry("c", None, "m", "b"),
                ExportEntry("default", None, "m", "default"),
                ExportEntry("d", None, "m", "default"),
                ExportEntry("z w", None, "m", "x y"),
            ],
        ),
        ("export * as ns from 'm';", [ExportEntry("ns", None, "m", None)]),
        ("export * as 'a b' from 'm';", [ExportEntry("a b", None, "m", None)]),
        ("export * as default from 'm';", [ExportEntry("default", None, "m", None)]),
        # Re-exported import bindings become indirect (ECMA-262 ParseModule)...
        ("import { a } from 'm'; export { a as b };", [ExportEntry("b", None, "m", "a")]),
        ("import d from 'm'; export { d };", [ExportEntry("d", None, "m", "default")]),
        ("import { 's n' as v } from 'm'; export { v };", [ExportEntry("v", None, "m", "s n")]),
        # ... except a namespace import, which is re-exported as a local binding.
        ("import * as ns from 'm'; export { ns };", [ExportEntry("ns", "ns")]),
    ],
)
def test_export_forms(source: str, exports: list[ExportEntry]) -> None:
    assert list(analyze(source).exports) == exports


def test_star_exports() -> None:
    record = analyze(
        "export * from './a.js';\nexport * as b from './b.js';\nexport * from './c.js';\n"
        "export * from './a.js';\n"
    )
    assert record.star_exports == ("./a.js", "./c.js", "./a.js")
    assert record.exports == (ExportEntry("b", None, "./b.js", None),)
    assert [r.specifier for r in record.requested] == ["./a.js", "./b.js", "./c.js"]


# ---------------------------------------------------------------------------- import()


def test_dynamic_imports_anywhere_in_source_order() -> None:
    record = analyze(
        "const a = import('./top.js');\n"
        "function f() { return () => import(`./arrow.js`); }\n"
        "class K { static async m() { if (x) { await import('./method.js'); } } }\n"
        "const t = `${import('./in-template.js')}`;\n"
        "const o = { async [import('./key.js')]() {} };\n"
        "import(/* comment */ './commented.js');\n"
        "import('./top.js');\n"
        "import('./json.json', { with: { type: 'json' } });\n"
        "import(import('./nested.js'));\n"
    )
    assert record.dynamic_imports == (
        "./top.js",
        "./arrow.js",
        "./method.js",
        "./in-template.js",
        "./key.js",
        "./commented.js",
        "./json.json",
        "./nested.js",
    )
    assert record.requested == ()


def test_non_literal_and_fake_dynamic_imports_are_skipped() -> None:
    record = analyze(
        "import(name);\n"
        "import('./' + name);\n"
        "import(`./${name}.js`);\n"
        "const s = \"import('./in-string.js')\";\n"
        "// import('./in-line-comment.js')\n"
        "/* import('./in-block-comment.js') */\n"
        "const re = /import('.\\/in-regex.js')/;\n"
        "obj.import('./a-method.js');\n"
        "const myimport = (x) => x; myimport('./lookalike.js');\n"
    )
    assert record.dynamic_imports == ()
    assert record.uses_import_meta is False


# ---------------------------------------------------------------------------- top-level await


@pytest.mark.parametrize(
    "source",
    [
        "await x;",
        "const v = await import('./x.js');",
        "if (a) { for await (const v of it) {} }",
        "for await (const v of it) {}",
        "try { await x; } catch { } finally { }",
        "label: { await x; }",
        "export const v = await x;",
        "export default await x;",
        "class A { [await k]() {} }",  # a computed key runs at the top level
        "const o = { async [await k]() {} };",
        "function f() {} await f();",
        "const t = `${await x}`;",
        "while (true) { switch (a) { case 1: await b; } }",
    ],
)
def test_top_level_await(source: str) -> None:
    assert analyze(source).has_top_level_await is True


@pytest.mark.parametrize(
    "source",
    [
        "async function f() { await x; }",
        "const f = async () => { for await (const v of it) {} };",
        "const f = async () => await x;",
        "class A { async m() { await 1; } static async s() { await 2; } }",
        "const o = { async m() { await 1; } };",
        "export default async function () { await x; }",
        "const awaited = 1; const s = 'await x'; // await x",
        "/* for await (const v of it) {} */ for (const v of it) {}",
        "const re = /await x/;",
    ],
)
def test_no_top_level_await(source: str) -> None:
    assert analyze(source).has_top_level_await is False


# ---------------------------------------------------------------------------- import.meta


@pytest.mark.parametrize(
    "source",
    [
        "const u = import.meta.url;",
        "function f() { return () => import.meta.resolve('./x.js'); }",
        "class K { m() { return `${import.meta.url}`; } }",
        "const u = import /* comment */ . meta;",
    ],
)
def test_import_meta_anywhere(source: str) -> None:
    assert analyze(source).uses_import_meta is True


def test_import_meta_lookalikes() -> None:
    source = "const s = 'import.meta'; // import.meta\nfunction f() { return new.target; }"
    assert analyze(source).uses_import_meta is False


def test_positions_count_code_points_not_bytes() -> None:
    # The finder matches text offsets against the tree's offsets: astral characters before
    # the keywords must not shift them.
    record = analyze(
        "const s = '\U0001f600\U0001f600é'; import(`./after-emoji.js`); await import.meta.x;"
    )
    assert record.dynamic_imports == ("./after-emoji.js",)
    assert record.uses_import_meta and record.has_top_level_await


# ---------------------------------------------------------------------------- errors


def test_syntax_error_has_a_position() -> None:
    with pytest.raises(AnalyzeError) as info:
        analyze("const ok = 1;\nlet x = ;\n")
    assert (info.value.line, info.value.column) == (2, 9)  # 1-based: the `;`
    assert str(info.value) == info.value.message == "Line 2: Unexpected token ;"


@pytest.mark.parametrize(
    "source",
    [
        "return 1;",  # not in a function
        "with (o) {}",  # modules are strict
        "async function f(a = await x) {}",
        "import { a } from;",
        "let a = 1; let a = 2;",
        "a = " + "(" * 500 + "1" + ")" * 500,  # nesting beyond the parser's limit
    ],
)
def test_invalid_modules_raise_analyze_error(source: str) -> None:
    with pytest.raises(AnalyzeError) as info:
        analyze(source)
    assert info.value.line is None or info.value.line >= 1
    assert info.value.message


# ---------------------------------------------------------------------------- the record

SOURCE = """\
import def, { a as b, "str name" as c } from './m.js';
import * as ns from 'pkg';
import data from './d.json' with { type: 'json' };
export * from './star.js';
export * as inner from './inner.js';
export { x as "y z" } from './re.js';
export const { p, q: [r] } = obj;
export default class {}
export { def as renamed, ns };
const lazy = () => import(`./tpl.js`);
await import.meta.resolve('x');
"""


def _plain(value: object) -> bool:
    """Only what CBOR encodes without tags."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, bool))


def test_cbor_round_trip() -> None:
    record = analyze(SOURCE)
    encoded = record.to_cbor()
    assert _plain(encoded)
    back = ModuleRecord.from_cbor(cbor2.loads(cbor2.dumps(encoded)))
    assert back == record and hash(back) == hash(record)
    for name in ("requested", "imports", "exports", "star_exports", "dynamic_imports"):
        assert getattr(back, name) == getattr(record, name)
    assert (back.has_top_level_await, back.uses_import_meta) == (True, True)
    assert back.attributes_for("./d.json") == {"type": "json"}
    assert len(cbor2.dumps(encoded)) < 400  # positional rows, one-letter keys


def test_from_cbor_copies_what_it_is_given() -> None:
    obj = cbor2.loads(cbor2.dumps(analyze(SOURCE).to_cbor()))
    record = ModuleRecord.from_cbor(obj)
    obj["r"][2][1]["type"] = "css"
    obj["s"].append("./other.js")
    assert record.attributes_for("./d.json") == {"type": "json"}
    assert record.requested[2].attributes == {"type": "json"}
    assert record.star_exports == ("./star.js",)


def test_from_payload_decodes_lazily_and_checks() -> None:
    record = analyze(SOURCE)
    blob = cbor2.dumps(record.to_cbor())
    lazy = ModuleRecord.from_payload(blob, record.hints())
    assert lazy.attributes_for("./d.json") == {"type": "json"}
    assert lazy == record
    with pytest.raises(ValueError):
        _ = ModuleRecord.from_payload(b"\xff\x00garbage", 0).requested
    with pytest.raises(ValueError):  # attributes are wanted at once: checked at once
        ModuleRecord.from_payload(cbor2.dumps({**record.to_cbor(), "r": 7}), 2)


def _broken_records() -> list[object]:
    good = analyze(SOURCE).to_cbor()
    request, import_, export = good["r"][0], good["i"][0], good["e"][0]
    without_m = {k: v for k, v in good.items() if k != "m"}
    return [
        None,
        [],
        "r",
        {},
        without_m,
        {**good, "x": []},  # unknown key
        {**good, "t": 1},
        {**good, "m": None},
        {**good, "r": "x"},
        {**good, "r": [request[:3]]},
        {**good, "r": [[*request, 0]]},
        {**good, "r": ["abcd"]},  # a string is not a row
        {**good, "r": [["a", "notadict", 1, 2]]},
        {**good, "r": [["a", {"type": 1}, 1, 2]]},
        {**good, "r": [["a", {1: "json"}, 1, 2]]},
        {**good, "r": [["a", {}, True, 2]]},
        {**good, "r": [["a", {}, 0, 2]]},
        {**good, "r": [["a", {}, 1, -1]]},
        {**good, "r": [["a", {}, 1.5, 2]]},
        {**good, "r": [[["a"], {}, 1, 2]]},
        {**good, "i": [import_[:2]]},
        {**good, "i": ["abc"]},
        {**good, "i": [[1, "a", "b"]]},
        {**good, "i": [["m", "a", None]]},
        {**good, "i": [[["m"], "a", "b"]]},
        {**good, "e": [export[:3]]},
        {**good, "e": [["a", 1, None, None]]},
        {**good, "e": [[{"a": "b"}, None, None, None]]},
        {**good, "e": {"a": "b"}},
        {**good, "s": [1]},
        {**good, "s": [["./star.js"]]},
        {**good, "s": "./star.js"},
        {**good, "d": [None]},
        {**good, "d": [b"./tpl.js"]},
    ]


@pytest.mark.parametrize("broken", _broken_records())
def test_from_cbor_rejects_malformed(broken: object) -> None:
    with pytest.raises(ValueError):
        ModuleRecord.from_cbor(broken)
    # And so does the lazy form, by the time the field is read.
    with pytest.raises(ValueError):
        lazy = ModuleRecord.from_payload(cbor2.dumps(broken), 0)
        _ = lazy.requested, lazy.imports, lazy.exports, lazy.star_exports, lazy.dynamic_imports


def test_records_are_immutable_values() -> None:
    record = analyze(SOURCE)
    with pytest.raises(AttributeError):
        record.has_top_level_await = False  # type: ignore[misc]
    with pytest.raises(AttributeError):
        record.requested[0].specifier = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        record.imports[0].local_name = "other"  # type: ignore[misc]
    entries = {ExportEntry("a", "a"), ExportEntry("a", "a"), ExportEntry("a", None, "m", "a")}
    assert len(entries) == 2
    assert len({*record.requested, *record.requested}) == len(record.requested)
    assert ImportEntry("m", None, "x") != ExportEntry("m", None, "x")
    assert "RequestedModule(specifier='./m.js'" in repr(record)


# ---------------------------------------------------------------------------- start-up


def test_importing_the_analyzer_does_not_import_the_parser() -> None:
    code = (
        "import sys, esmload.analyze, esmload.analyze.record\n"
        "unwanted = ('esprima', 'esmload.analyze.analyzer', 'typing', 'dataclasses', 'cbor2')\n"
        "print(sorted(m for m in unwanted if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------------------- real npm files


def _node_modules(request: pytest.FixtureRequest) -> Path:
    """A node_modules holding lodash-es and three: $ESMLOAD_NODE_MODULES, or the pinned
    workloads installed with npm for this test session."""
    configured = os.environ.get("ESMLOAD_NODE_MODULES", "")
    if configured and (Path(configured) / "lodash-es" / "lodash.js").is_file():
        return Path(configured)
    installed: Path = request.getfixturevalue("installed")
    return installed / "node_modules"


def _node_export_names(path: Path) -> set[str] | None:
    """Export names as node sees them, or None without node."""
    node = shutil.which("node")
    if node is None:
        return None
    script = f"import({json.dumps(path.as_uri())}).then(ns => console.log(JSON.stringify(Object.keys(ns))))"
    proc = subprocess.run(
        [node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60
    )
    return set(json.loads(proc.stdout)) if proc.returncode == 0 else None


def test_real_npm_files(request: pytest.FixtureRequest) -> None:
    root = _node_modules(request)
    lodash = root / "lodash-es" / "lodash.js"
    record = analyze(lodash.read_text("utf-8"))
    statements = lodash.read_text("utf-8").count("\nexport {")
    assert len(record.exports) == statements > 300
    # Some modules are exported under two names (`each` and `forEach`): one request each.
    assert [r.specifier for r in record.requested] == list(
        dict.fromkeys(e.module for e in record.exports)
    )
    assert all(e.module and e.import_name == "default" for e in record.exports)
    names = _node_export_names(lodash)
    if names is not None:
        assert {e.export_name for e in record.exports} == names

    three = root / "three" / "build" / "three.module.js"
    if not three.is_file():
        return
    record = analyze(three.read_text("utf-8"))
    assert [r.specifier for r in record.requested] == ["./three.core.js"]
    # Its trailing `export { ... }` re-exports imported bindings: indirect entries.
    indirect = [e for e in record.exports if e.module == "./three.core.js"]
    assert len(indirect) > 400 and all(e.import_name and not e.local_name for e in indirect)
    assert not record.has_top_level_await and not record.star_exports
    names = _node_export_names(three)
    if names is not None:
        assert {e.export_name for e in record.exports} == names
