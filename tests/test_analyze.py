"""The esprima analyzer: module records from real parses."""

from __future__ import annotations

import subprocess
import sys

import cbor2
import pytest

from esmload.analyze import AnalyzeError, ExportEntry, ImportEntry, ModuleRecord, analyze

SOURCE = """\
import def, { a as b, "str name" as c } from './m.js';
import * as ns from 'pkg';
import './side.js';
import data from './d.json' with { type: 'json' };
export * from './star.js';
export * as inner from './inner.js';
export { x as "y z", b } from './re.js';
export const { p, q: [r, ...s] } = obj;
export function f() { return import('./dyn.js'); }
export class K {}
export default 42;
export { def as renamed };
const lazy = () => import(`./tpl.js`);
const computed = (n) => import('./' + n);
"""


def test_module_record_fields() -> None:
    record = analyze(SOURCE)
    assert [(r.specifier, r.attributes, r.line) for r in record.requested] == [
        ("./m.js", {}, 1),
        ("pkg", {}, 2),
        ("./side.js", {}, 3),
        ("./d.json", {"type": "json"}, 4),
        ("./star.js", {}, 5),
        ("./inner.js", {}, 6),
        ("./re.js", {}, 7),
    ]
    assert record.imports[:3] == (
        ImportEntry("./m.js", "default", "def"),
        ImportEntry("./m.js", "a", "b"),
        ImportEntry("./m.js", "str name", "c"),
    )
    assert ImportEntry("pkg", None, "ns") in record.imports
    assert record.star_exports == ("./star.js",)
    exports = set(record.exports)
    for entry in [
        ExportEntry("inner", None, "./inner.js", None),
        ExportEntry("y z", None, "./re.js", "x"),
        ExportEntry("p", "p"),
        ExportEntry("r", "r"),
        ExportEntry("s", "s"),
        ExportEntry("f", "f"),
        ExportEntry("K", "K"),
        ExportEntry("default", "*default*"),
        ExportEntry("renamed", "def"),
    ]:
        assert entry in exports, entry
    assert record.dynamic_imports == ("./dyn.js", "./tpl.js")
    assert record.has_top_level_await is False
    assert record.uses_import_meta is False
    assert record.attributes_for("./d.json") == {"type": "json"}
    assert record.attributes_for("./m.js") == {}


@pytest.mark.parametrize(
    ("source", "tla"),
    [
        ("await x;", True),
        ("if (a) { for await (const v of it) {} }", True),
        ("const v = await import('./x.js');", True),
        ("async function f() { await x; }", False),
        ("const f = async () => { for await (const v of it) {} };", False),
        ("class A { async m() { await 1; } }", False),
        ("const awaitable = 1;", False),
    ],
)
def test_top_level_await(source: str, tla: bool) -> None:
    assert analyze(source).has_top_level_await is tla


def test_import_meta_anywhere() -> None:
    assert analyze("function f() { return () => import.meta.url; }").uses_import_meta
    assert not analyze("const s = 'import.meta';").uses_import_meta


def test_cbor_round_trip_and_strict_decoding() -> None:
    record = analyze(SOURCE)
    assert ModuleRecord.from_cbor(cbor2.loads(cbor2.dumps(record.to_cbor()))) == record
    lazy = ModuleRecord.from_payload(cbor2.dumps(record.to_cbor()), record.hints())
    assert lazy == record and lazy.attributes_for("./d.json") == {"type": "json"}
    with pytest.raises(ValueError):
        _ = ModuleRecord.from_payload(b"\xff\x00garbage", 0).requested
    good = record.to_cbor()
    for broken in [
        None,
        [],
        {},
        {**good, "t": 1},
        {**good, "r": "x"},
        {**good, "r": [["a", "notadict", 1, 2]]},
        {**good, "r": [["a", {"type": 1}, 1, 2]]},
        {k: v for k, v in good.items() if k != "m"},
        {**good, "s": [1]},
    ]:
        with pytest.raises(ValueError):
            ModuleRecord.from_cbor(broken)


def test_syntax_error_has_a_position() -> None:
    with pytest.raises(AnalyzeError) as info:
        analyze("const ok = 1;\nlet x = ;\n")
    assert info.value.line == 2 and info.value.column is not None


def test_importing_the_analyzer_does_not_import_the_parser() -> None:
    code = "import sys, esmload.analyze; print('esprima' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
