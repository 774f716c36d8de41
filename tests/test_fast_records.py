"""The cold path's records (analyze/fast.py: the engine's analysis read out of its bytecode, plus
a source scan) must equal esprima's analysis of the same source, field for field."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_esmload
from esmload.analyze import analyze, esm_lexer
from esmload.analyze.bytecode import (
    BytecodeLayoutError,
    EngineModule,
    first_dynamic_atom,
    module_from_info,
    read_module,
)
from esmload.analyze.esm_lexer import ScanError
from esmload.analyze.fast import analyze_compiled, may_hold_candidates, module_record
from esmload.cache.code_cache import CodeCache
from esmload.cache.record import source_hash
from esmload.cache.store import CacheStore
from esmload.compile import CompileOptions, serialize_module
from esmload.engine.atoms import predefined_atom_names
from esmload.engine.core import Engine
from esmload.engine.lib import ENGINE_IS_BUILT


class Compiler:
    """The real engine, compiling modules whose dependencies are empty modules."""

    def __init__(self) -> None:
        self.engine = Engine()
        self.engine.resolve_callback = lambda base, spec, attrs: (
            f"/dep/{spec}|{sorted(attrs.items())}"
        )
        self._deps: dict[str, object] = {}
        self.engine.load_callback = self._load
        self._count = 0
        self.atoms: tuple[str, ...] = ()

    def _load(self, name: str, attributes: dict[str, str]) -> object:
        if name not in self._deps:
            self._deps[name] = self.engine.compile_module(name, b"")
        return self._deps[name]

    def bytecode(self, source: str | bytes, *, strip_debug: bool = False) -> bytes | memoryview:
        self._count += 1
        data = source.encode() if isinstance(source, str) else source
        handle = self.engine.compile_module(f"/src/m{self._count}.mjs", data)
        bytecode, _ = serialize_module(self.engine, handle, CompileOptions(strip_debug))
        if not self.atoms:
            self.atoms = predefined_atom_names(self.engine, first_dynamic_atom(bytecode))
        return bytecode

    def fast(self, source: str) -> object:
        return analyze_compiled(source, self.bytecode(source), self.atoms)


@pytest.fixture(scope="module")
def compiler() -> Compiler:
    return Compiler()


SNIPPETS = {
    "every import and export form": (
        "import a, {b as c, 'd e' as f} from './x.js';\n"
        "import * as ns from './y.js';\n"
        "import def2, * as ns2 from 'pkg2';\n"
        "import './side.js';\n"
        "import data from './z.json' with { type: 'json' };\n"
        "import './z.json';\n"
        "export { c, ns, a as default2, f as 'str name' };\n"
        "export * from './w.js';\n"
        "export * as w2 from './w2.js';\n"
        "export * as 'w 3' from './w3.js';\n"
        "export { q as r, s, default as t } from './v.js';\n"
        "export const [g, {h: i, ...rest}] = [1, {h: 2}], j = 3;\n"
        "export let k; export var l = 1;\n"
        "export function fn() {} export async function* gen() {} export class K {}\n"
        "export default function named() {}\n"
    ),
    "anonymous default": "export default class {}\n",
    "default expression": "export default 1 + 2;\n",
    "default arrow": "export default () => 1;\n",
    "re-exported namespace import": "import * as ns from './a.js'; export { ns };\n",
    "top-level await": "await Promise.resolve(1);\n",
    "await in a function only": "async function f() { await 1 }\nexport { f };\n",
    "for await": "for await (const x of []) {}\n",
    "dynamic imports": (
        "const a = import('./a.js');\n"
        "const b = import(`./b.js`);\n"
        "const c = import('./c.js', { with: { type: 'json' } });\n"
        "const d = import('./d' + '.js');\n"
        "const e = import(x);\n"
        "const f = import('./a.js');\n"
        "const g = import /* note */ ('./g.js');\n"
        "function later() { return import(\n  './h.js'\n); }\n"
    ),
    "import.meta": "export const url = import.meta.url;\n",
    "import.meta after a comment": "export const u = import /* c */ . meta.url;\n",
    "keywords in comments and strings": (
        "// import x from './nope.js';\n"
        "/* export * from './nope2.js'; import('nope3') */\n"
        "const s = 'import y from \"./nope4.js\"';\n"
        "import real from './real.js';\n"
        "export { real };\n"
    ),
    "regular expressions and divisions": (
        "import a from './a.js';\n"
        "const r = /import('x')[/]/g, d = 4 / 2 / 1;\n"
        "if (a) /import\\(/.test('x');\n"
        "const t = (1) / 2, u = [1] / 1, v = x => /'/.source;\n"
        'export default /"/;\n'
        "import b from './b.js';\n"
        "export { b };\n"
    ),
    "templates": (
        "const t = `import('no') ${ `nested ${ '}' } import x from 'no'` } ${ {a: 1}.a }`;\n"
        "import late from './late.js';\n"
        "export const u = `${late}`;\n"
    ),
    "brackets, regular expressions and templates between imports": (
        "import a from './a.js';\n"
        "const r = /[/'\"`]{1,2}/g, d = 4 / 2 / 1, q = a ? {x: 1} : [2];\n"
        "if (a) /'/.test('x');\n"
        "const t = `a ${ `b ${ '}' } c` } ${ {a: 1}.a }`, u = (1) / 2;\n"
        'function f() { return /"/ } const g = { h() { return 1 } }.h() / 2;\n'
        "export default /`/;\n"
        "import b from './b.js';\n"
        "export { b };\n"
    ),
    "escapes in specifiers": "import a from './\\u0061.js';\nexport { a };\n",
    "imports at the end": "".join(f"export const x{i} = {i} / 2;\n" for i in range(50))
    + "import z from './z.js';\nexport { z };\n",
    "a hashbang": "#!/usr/bin/env node\nimport a from './a.js';\nconsole.log(a);\n",
    "CRLF and other line breaks": (
        "// one\r\n// two\r// three\u2028import a from './a.js';\u2029import b from './b.js';\n"
    ),
    "the word import, but nothing imported": (
        "// imports nothing; important: import\nconst important = 1, imported = 2;\n"
        "export { important, imported };\n"
    ),
    # Lists of 16 names and more: the rest read by one pattern when plain (esm_lexer.py).
    "long lists": (
        "import { " + ", ".join(f"a{i}" for i in range(40)) + " } from './long.js';\n"
        "import { " + ", ".join(f"b{i} as c{i}" for i in range(20)) + ", é } from './u.js';\n"
        "import { " + ", ".join(f"d{i}" for i in range(20)) + ", 'x y' as z } from './s.js';\n"
        "export { " + ", ".join(f"a{i}" for i in range(30)) + " };\n"
        "import late from './late.js';\n"
    ),
    "CRLF only after the last request": "import a from './a.js';\r\nexport { a };\r\n// \u2028\n",
    "non-ASCII before a specifier": "const é = 'ü'; import a from './ä.js'; export { é };\n",
    "property and method named import": (
        "const o = { import: 1, import2() {} }; o.import; class C { import(x) { return x } }\n"
        "import a from './a.js';\n"
    ),
    "string export names that look like numbers": "const v = 1; export { v as '0', v as '42' };\n",
    # Read whole by one pattern each (esm_lexer.py), or not: comments, names that are
    # keywords elsewhere, empty and trailing-comma lists, attributes after a plain specifier.
    "declarations read whole": (
        "import /* a */ from /* b */ from 'from.js'; // 'not-this.js'\n"
        "import { as } from './as.js';\n"
        "import { as as as2, } from './as2.js';\n"
        "import {} from './empty.js';\n"
        "export {} from './empty2.js';\n"
        "import $a, { _b as $c } from \"./dq.js\" // line comment 'fake.js'\n"
        "import d from // 'comment.js'\n  './after-comment.js' with { type: 'json' };\n"
        "import e from './e.js' /* with */ ;\n"
        "import f from './f.js'\n/* x */ with { type: 'json' };\n"
        "export { as } from './as.js';\n"
        "export * as as3 from './as3.js';\n"
        'export * from "./dq2.js" /* c */ ;\n'
        "export { y as 'string name', 'z' } from './s.js';\n"
        "export { g, } from './g.js'; export {h as default} from './h.js'\n"
        "import\n  * as nsx\n  from\n  './ns.js'\n"
        "import { café as cafe, ab } from './é.js';\n"
    ),
}


@pytest.mark.parametrize("name", SNIPPETS)
def test_module_record_equals_esprimas(compiler: Compiler, name: str) -> None:
    source = SNIPPETS[name]
    expected = analyze(source)
    record = module_record(source.encode(), compiler.bytecode(source), compiler.atoms)
    assert record == expected


@pytest.mark.parametrize(
    "name",
    [
        "every import and export form",
        "anonymous default",
        "re-exported namespace import",
        "top-level await",
        "dynamic imports",
        "import.meta",
        "brackets, regular expressions and templates between imports",
        "imports at the end",
        "CRLF and other line breaks",
        "non-ASCII before a specifier",
        "property and method named import",
        "declarations read whole",
        "the word import, but nothing imported",
        "long lists",
    ],
)
def test_the_fast_path_itself_vouches_for_these(compiler: Compiler, name: str) -> None:
    # Not by falling back to esprima: the engine and the scan agree and are sure.
    source = SNIPPETS[name]
    assert compiler.fast(source) == analyze(source)


@pytest.mark.parametrize("name", SNIPPETS)
def test_whole_declarations_scan_like_their_pieces(
    compiler: Compiler, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The scan reads plain declarations at a module's head without patterns (esm_head.py),
    # common declarations with one pattern each once those are compiled (modules with many
    # requests, record writers with many modules), else piece by piece: all three agree.
    source = SNIPPETS[name]
    requests = len(analyze(source).requested)
    ways = []
    for head, whole in ((True, False), (False, False), (False, True)):
        patterns = esm_lexer._Patterns()
        if whole:
            patterns.compile_whole()
        monkeypatch.setattr(esm_lexer, "_PATTERNS", None if head else patterns)
        monkeypatch.setattr(esm_lexer, "_WHOLE_WORTH", 10**9)
        monkeypatch.setattr(esm_lexer, "_HEAD_MOST", 10**9 if head else -1)
        monkeypatch.setattr(esm_lexer, "_head_budget", 0)
        try:
            found = esm_lexer.scan(source, requests)
        except ScanError as exc:
            ways.append(("ScanError", str(exc)))
            continue
        ways.append((found.requests, found.dynamic_imports, found.uses_import_meta))
    assert ways[0] == ways[1] == ways[2]


HEADS = {
    # source: whether esm_head.py reads all its requests (else the full scanner does)
    "import a from './a.js';\nexport const x = a;\n": True,
    "#!/usr/bin/env esmload\n// c\n/* d */ import{a as b,c,}from\"./a.js\";export{d}from'./d.js'": True,
    "\ufeffimport * as ns from './ns.js'\nimport def, * as n2 from './n2.js'\nexport * from './s.js'": True,
    "import './side.js'; import d, { e } from './e.js'; export * as f from './f.js';": True,
    "import from from './from.js'; import { as as as2 } from './as.js'; x();": True,
    "import a from './a.js'; import b from './a.js'; import c from './c.js';": True,
    "export { b as a };\nimport b from './b.js';\n": False,  # not `export … from`
    "export { b as a }\nimport b from './b.js';\n": False,  # (nor without a semicolon)
    "'use strict';\nimport a from './a.js';\n": False,
    "import a /* c */ from './a.js';\n": False,
    "import { 'x y' as z } from './s.js';\n": False,
    "import { café } from './c.js';\n": False,
    "import a from './\\u0061.js';\n": False,
    "import j from './j.json' with { type: 'json' };\n": False,
    "import j from './j.json'\n  with { type: 'json' };\n": False,
    "import a from './a.js';\nconst b = 1;\nimport c from './c.js';\n": False,
}


@pytest.mark.parametrize("source", HEADS)
def test_plain_declarations_at_the_head_are_read_without_patterns(
    compiler: Compiler, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from esmload.analyze.esm_head import head_requests

    expected = analyze(source)
    requests = len(expected.requested)
    head = head_requests(source, requests)
    assert (head is not None) == HEADS[source]
    monkeypatch.setattr(esm_lexer, "_PATTERNS", None)
    found = esm_lexer.scan(source, requests)
    if head is not None:
        assert found.requests == head
        assert esm_lexer._PATTERNS is None  # nothing compiled
    assert compiler.fast(source) == expected


def test_a_barrel_is_read_without_patterns_until_they_pay(
    compiler: Compiler, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A module of many `export … from` (date-fns' index.js) is read by esm_head.py in a
    # process that has not compiled the whole-declaration patterns, up to a budget of
    # requests; past it, the patterns are compiled. Both read the same.
    source = "".join(f"export * from './m{i}.js';\n" for i in range(200))
    source += "export { a as b } from './a.js';\nexport const x = 1;\n"
    expected = analyze(source)
    requests = len(expected.requested)
    monkeypatch.setattr(esm_lexer, "_PATTERNS", None)
    monkeypatch.setattr(esm_lexer, "_head_budget", requests)
    by_head = esm_lexer.scan(source, requests)
    assert esm_lexer._PATTERNS is None and esm_lexer._head_budget == 0
    by_patterns = esm_lexer.scan(source, requests)  # (the budget is spent)
    assert esm_lexer._PATTERNS is not None and esm_lexer._PATTERNS.import_decl is not None
    assert by_head.requests == by_patterns.requests
    assert [request[0] for request in by_head.requests] == [
        request.specifier for request in expected.requested
    ]
    assert compiler.fast(source) == expected


def test_bytecode_without_debug_information_reads_the_same(compiler: Compiler) -> None:
    source = SNIPPETS["every import and export form"] + (
        "const later = import('./later.js'), url = import.meta.url;\n"
    )
    bytecode = compiler.bytecode(source, strip_debug=True)
    assert analyze_compiled(source, bytecode, compiler.atoms) == analyze(source)


def test_an_import_hidden_in_a_string_sends_the_module_to_esprima(compiler: Compiler) -> None:
    # The scan cannot be sure a string is a string everywhere (regular expressions), so an
    # `import(` it skipped as one makes it give up rather than risk a wrong record.
    source = "export const s = \"import('./x.js')\";\n"
    with pytest.raises(ScanError):
        compiler.fast(source)
    assert module_record(source.encode(), compiler.bytecode(source), compiler.atoms) == analyze(
        source
    )


def test_bytecode_that_is_not_a_module_is_refused(compiler: Compiler) -> None:
    bytecode = compiler.bytecode("export const a = 1;\n")
    with pytest.raises(BytecodeLayoutError):
        read_module(bytecode[:40], compiler.atoms)
    with pytest.raises(BytecodeLayoutError):
        read_module(b"\x00" * 64, compiler.atoms)
    with pytest.raises(BytecodeLayoutError):
        read_module(bytecode, ())  # without the engine's predefined names


def test_predefined_atoms_come_from_the_engine(compiler: Compiler) -> None:
    compiler.bytecode("export default 1;\n")
    assert "default" in compiler.atoms and "then" in compiler.atoms
    assert compiler.atoms[0] == ""  # the null atom


def _fields(module: EngineModule) -> tuple[object, ...]:
    return tuple(getattr(module, name) for name in EngineModule.__slots__)


ENGINE_INFO_SNIPPETS = {
    **SNIPPETS,
    "names beyond Latin-1 and integer-like": (
        "let a, b, c; export { a as 'é中😀', b as '0', c as '\\u{10400}' };\n"
        "import { 'x\\u{1F600}' as q } from 'y\\u{10400}'; export { q };\n"
        "export * as '1' from 'z'; export { 'w' as v } from 'z';\n"
    ),
    "top-level await": "export const x = await Promise.resolve(1);\n",
}


@pytest.mark.parametrize("name", ENGINE_INFO_SNIPPETS)
def test_the_engines_own_account_equals_its_bytecode(compiler: Compiler, name: str) -> None:
    # The engine built at install tells what it found (engine/module_info.c); the wheel's
    # cannot, and its records come from the bytecode: both must give the same fields.
    source = ENGINE_INFO_SNIPPETS[name].encode()
    handle = compiler.engine.compile_module(f"/src/info-{name}.mjs", source)
    info = compiler.engine.module_info(handle)
    if not ENGINE_IS_BUILT:
        assert info is None
        return
    assert info is not None
    bytecode, _ = serialize_module(compiler.engine, handle, CompileOptions())
    if not compiler.atoms:
        compiler.atoms = predefined_atom_names(compiler.engine, first_dynamic_atom(bytecode))
    expected = read_module(bytecode, compiler.atoms)
    assert _fields(module_from_info(info)) == _fields(expected)


@pytest.mark.skipif(not ENGINE_IS_BUILT, reason="the wheel's engine has no module_info")
def test_the_engines_account_is_refused_when_malformed(compiler: Compiler) -> None:
    handle = compiler.engine.compile_module(
        "/src/info-malformed.mjs", b"import { a } from 'x'; export { a as b }; export * from 'y';"
    )
    info = compiler.engine.module_info(handle)
    assert info is not None
    module_from_info(info)
    for bad in (info[:-1], info[: len(info) // 2], info + b"1\0", b"9" + info[1:], b""):
        with pytest.raises(BytecodeLayoutError):
            module_from_info(bad)


@pytest.mark.skipif(not ENGINE_IS_BUILT, reason="the wheel's engine has no module_info")
def test_the_engine_gives_no_account_of_an_evaluated_module(tmp_path: Path) -> None:
    engine = Engine()
    try:
        handle = engine.compile_module("/src/evaluated.mjs", b"export const a = 1;")
        assert engine.module_info(handle) is not None
        engine.evaluate_module(handle)
        assert engine.module_info(handle) is None  # (its function replaced the bytecode)
    finally:
        engine.close()


@pytest.mark.parametrize("strip_debug", [False, True])
def test_a_cold_runs_dump_is_the_engines_own(strip_debug: bool) -> None:
    # `dump_compiled` writes the bytecode with an atom index kept between modules
    # (module_info.c esmload_write_bytecode): the bytes must be JS_WriteObject's, and the
    # account module_info's, while the runtime's atoms grow past the index, module by module.
    engine = Engine()
    engine.resolve_callback = lambda base, specifier, attributes: "/src/dep.js"
    engine.load_callback = lambda name, attributes: engine.compile_module(
        name, b"export const a = 1, b = 2; export default 3;"
    )
    try:
        for i in range(300):
            names = ", ".join(f"n{i}_{j}" for j in range(i % 40 + 1))
            source = (
                f"import d, {{ a as x{i} }} from './dep.js';\nexport * from './dep.js';\n"
                f"let {names};\nexport const k{i} = x{i} + d + `${{'{i}'}}`;\n"
                f"export function f{i}(p{i}) {{ return p{i} * {i}; }}\n"
            )
            handle = engine.compile_module(f"/src/m{i}.mjs", source.encode())
            dumped = engine.dump_compiled(handle, strip_debug=strip_debug)
            expected = (engine.dump_module(handle, strip_debug=strip_debug), None)
            if ENGINE_IS_BUILT:
                expected = (expected[0], engine.module_info(handle))
                assert expected[1] is not None
            assert dumped == expected
    finally:
        engine.close()


def test_a_big_modules_dump_outlives_the_engine() -> None:
    # A big module's bytecode comes back as a view of the engine's buffer rather than a copy
    # (engine/modules.py `dump_compiled`): it must hold JS_WriteObject's bytes, be read-only,
    # and stay valid once the engine is closed (the record writer may build it later).
    engine = Engine()
    source = "export const big = '" + "b" * 200_000 + "';\nexport function f() { return big; }\n"
    handle = engine.compile_module("/src/big.mjs", source.encode())
    bytecode, _ = engine.dump_compiled(handle)
    expected = engine.dump_module(handle)
    engine.close()
    del engine, handle
    gc.collect()
    assert len(expected) > 200_000 and bytes(bytecode) == expected
    if isinstance(bytecode, memoryview):
        assert bytecode.readonly


@pytest.mark.skipif(not ENGINE_IS_BUILT, reason="the wheel's engine cannot tell it")
def test_a_module_read_while_its_imports_resolve_is_the_compiled_one() -> None:
    # The fetcher serializes and analyses a module when QuickJS starts resolving its imports
    # (fetcher.py `imports_start`): that must be exactly what it would get once compiled.
    engine = Engine()
    early: dict[str, tuple[bytes, bytes | None]] = {}

    def resolve(base: str, specifier: str, attributes: dict[str, str]) -> str:
        handle = engine.module_being_compiled(base)
        if base == "/src/main.mjs" and "main" not in early:
            assert handle is not None
            early["main"] = (engine.dump_module(handle), engine.module_info(handle))
        elif base == "/src/main.mjs":
            assert handle is None  # (its first import was compiled since: not the newest)
        return f"/src/{specifier.removeprefix('./')}"

    deps = {
        "/src/a.js": b"export const a = 1; export default 2;",
        "/src/b.js": b"import { a } from './a.js'; export const b = a + 1;",
    }
    engine.resolve_callback = resolve
    engine.load_callback = lambda name, attrs: engine.compile_module(name, deps[name])
    try:
        main = (
            b"import d, { a } from './a.js';\nexport * from './b.js';\n"
            b"export { a as c };\nexport const e = d + a;\n"
        )
        handle = engine.compile_module("/src/main.mjs", main)
        assert early["main"] == (engine.dump_module(handle), engine.module_info(handle))
        assert engine.module_being_compiled("/src/main.mjs") is None  # (not the newest)
    finally:
        engine.close()


# ------------------------------------------------------------------- real packages, real cache

WORKLOADS = {
    "lodash.mjs": 600,
    "datefns.mjs": 250,
    "three.mjs": 2,
    "marked.mjs": 1,
    "preact.mjs": 2,
}


@pytest.mark.workloads
@pytest.mark.parametrize("entry", WORKLOADS)
def test_cold_run_records_equal_esprimas_on_real_packages(
    entry: str, installed: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    cold = run_esmload(["--cache-stats", entry], cwd=installed, cache_dir=cache_dir, timeout=600)
    assert cold.returncode == 0, cold.stderr
    assert "uncacheable=0" in cold.stderr
    cache = CodeCache(CacheStore(cache_dir), CompileOptions())
    compared = 0
    for folder, _, files in os.walk(installed / "node_modules"):
        for file in files:
            if not file.endswith((".js", ".mjs")):
                continue
            path = os.path.realpath(os.path.join(folder, file))
            source = Path(path).read_bytes()
            found = cache.get_module(path, source_hash(source))
            if found is None:
                continue  # not in this program's graph
            _, record = found
            assert record == analyze(source.decode()), path
            compared += 1
    assert compared >= WORKLOADS[entry]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["import", "(", ".", "meta", "/", "*", " ", "\n", "\u00a0", "\ufeff", "x", "{", ";"]
        ),
        max_size=12,
    )
)
def test_the_byte_check_misses_no_import_candidate(pieces: list[str]) -> None:
    # A module with no requests is decoded and scanned only when its bytes may hold an
    # `import(` / `import.meta` candidate: the check may say yes too often, never too seldom.
    text = "".join(pieces)
    if esm_lexer._candidates(text):
        assert may_hold_candidates(text.encode())
