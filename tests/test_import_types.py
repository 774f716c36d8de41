"""`with { type: 'text' }` and `with { type: 'bytes' }` imports: TC39's import-text (stage 3) and
import-bytes (stage 2.7) proposals.

Node 20 has neither, so the proposals are the reference:

- import-text, CreateTextModule(source): "It creates a Synthetic Module Record whose default
  export is source, a String whose value should represent textual data." How bytes become that
  String is left to the host; HTML decodes every module with the WHATWG "UTF-8 decode" (a leading
  UTF-8 BOM dropped, invalid sequences replaced by U+FFFD), and its text-module tests (WPT
  html/semantics/scripting-1/the-script-element/text-module/charset-bom.any.js) expect
  "UTF-8 BOM should be stripped when decoding text module script". test262's text-utf16 test:
  "All text imports are parsed as UTF-8".
- import-bytes: "the host is required to either fail the import, or treat it as a Uint8Array
  backed by an immutable ArrayBuffer. The Uint8Array object is the default export of the module
  (which has no named exports)." ... "In "local" desktop/server/embedded, this will be
  equivalent to a file read. The file extension will be ignored." ... "a dynamic import and a
  static import with the same `type` must return the same module".

quickjs-ng's own qjs (quickjs-libc's js_module_load) hands the bytes to JS_NewStringLen, which
keeps a BOM as U+FEFF and turns each bad byte into its own U+FFFD: esmload follows HTML instead.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import Result, module_records, run_esmload, run_node, write_tree

STATS = re.compile(r"hits=(\d+) misses=(\d+) .* bundled=(\d+) prelinked=(\d+)")


def stats(result: Result) -> tuple[int, int, int, int]:
    match = STATS.search(result.stderr)
    assert match, result.stderr
    hits, misses, bundled, prelinked = (int(group) for group in match.groups())
    return hits, misses, bundled, prelinked


def every_way(project: Path, cache_dir: Path, entry: str = "main.mjs") -> list[Result]:
    """Cold (records written), warm (all hits: the graph bundle is written), warm again (from
    the bundle, prelinked if the graph allows), and without the cache: the same output each
    time. Returns the four results."""
    runs = [
        run_esmload(["--cache-stats", entry], cwd=project, cache_dir=cache_dir)
        for _ in range(3)
    ]
    runs.append(run_esmload(["--no-cache", entry], cwd=project, cache_dir=cache_dir))
    for name, result in zip(("cold", "warm", "bundle", "no-cache"), runs, strict=True):
        assert (result.stdout, result.returncode) == (runs[0].stdout, runs[0].returncode), (
            f"{name} run differs from the cold one\n--- cold:\n{runs[0].stdout}"
            f"{runs[0].stderr}\n--- {name}:\n{result.stdout}{result.stderr}"
        )
    return runs


def test_static_and_dynamic_text_and_bytes_every_way(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.mjs": """
                import notes from './notes.txt' with { type: 'text' };
                import logo from './assets/logo.bin' with { type: 'bytes' };
                import { describe } from './lib/describe.mjs';
                console.log(typeof notes, JSON.stringify(notes));
                console.log(logo instanceof Uint8Array, logo.length, Array.from(logo).join(','));
                const text = await import('./notes.txt', { with: { type: 'text' } });
                const bytes = await import('./assets/logo.bin', { with: { type: 'bytes' } });
                // static and dynamic imports of one file with one type: one module
                console.log(text.default === notes, bytes.default === logo);
                console.log(Object.keys(text), Object.keys(bytes), describe());
                const late = await import('./late.md', { with: { type: 'text' } });
                console.log(JSON.stringify(late.default));
            """,
            "lib/describe.mjs": """
                import notes from '../notes.txt' with { type: 'text' };
                import logo from '../assets/logo.bin' with { type: 'bytes' };
                export const describe = () => `${notes.length} chars, ${logo.length} bytes`;
            """,
            "notes.txt": "héllo, wörld ✓\nline two\n",
            "assets/logo.bin": bytes([0, 1, 2, 254, 255]),
            "late.md": "# late\n",
        },
    )
    cold, warm, bundle, _ = every_way(project, cache_dir)
    assert cold.stdout == (
        'string "héllo, wörld ✓\\nline two\\n"\n'
        "true 5 0,1,2,254,255\n"
        "true true\n"
        "[ 'default' ] [ 'default' ] 24 chars, 5 bytes\n"
        '"# late\\n"\n'
    ), cold.stderr
    # Text and bytes modules are read from their files each run: only JavaScript has records.
    assert len(module_records(cache_dir)) == 2
    assert stats(cold)[:2] == (0, 2)
    assert stats(warm)[:2] == (2, 0)
    # The graph bundle holds main.mjs and describe.mjs; the link table maps QuickJS's names of
    # the text and bytes imports to their modules, so the start is prelinked.
    assert stats(bundle) == (2, 0, 2, 2)

    # Edits show at once, cached and prelinked or not (the text is never part of a record).
    (project / "notes.txt").write_text("edited\n", encoding="utf-8")
    (project / "assets/logo.bin").write_bytes(b"\x07")
    edited = run_esmload(["--cache-stats", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert edited.stdout.splitlines()[:2] == ['string "edited\\n"', "true 1 7"], edited.stderr
    assert stats(edited) == (2, 0, 2, 2)


def test_any_file_under_several_types(project: Path, cache_dir: Path) -> None:
    # Each (file, type) is a module of its own, as Node keys its module map by URL and type.
    write_tree(
        project,
        {
            "main.mjs": """
                import data from './data.json' with { type: 'json' };
                import raw from './data.json' with { type: 'text' };
                import rawBytes from './data.json' with { type: 'bytes' };
                import * as ns from './lib.mjs' with { type: 'text' };
                import { value, source } from './lib.mjs';
                console.log(data.n, JSON.stringify(raw), rawBytes.length);
                console.log(Object.keys(ns), ns.default === source, value);
                const again = await import('./data.json', { with: { type: 'text' } });
                console.log(again.default === raw);
            """,
            "lib.mjs": """
                // a module that reads its own source (test262: text-self.js)
                import source from './lib.mjs' with { type: 'text' };
                export { source };
                export const value = source.trim().split('\\n')[0];
            """,
            "data.json": '{"n": 7}\n',
        },
    )
    cold, _, bundle, _ = every_way(project, cache_dir)
    assert cold.stdout == (
        '7 "{\\"n\\": 7}\\n" 9\n'
        "[ 'default' ] true // a module that reads its own source (test262: text-self.js)\n"
        "true\n"
    ), cold.stderr
    # `./data.json` under three types in one module: QuickJS's own naming would give all three
    # one name, so this graph is never prelinked (but still read from the bundle).
    assert stats(bundle)[2:] == (2, 0)


def test_one_specifier_plain_then_typed_in_one_module(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.mjs": """
                import value from './lib.mjs';
                import source from './lib.mjs' with { type: 'text' };
                console.log(value, JSON.stringify(source));
            """,
            "lib.mjs": "export default 'v';\n",
        },
    )
    cold, *_ = every_way(project, cache_dir)
    assert cold.stdout == 'v "export default \'v\';\\n"\n', cold.stderr


def test_text_is_decoded_as_utf8_like_browsers_do(project: Path, cache_dir: Path) -> None:
    files: dict[str, str | bytes] = {
        "bom.txt": b"\xef\xbb\xbfA",  # the BOM is dropped
        "two-boms.txt": b"\xef\xbb\xbf\xef\xbb\xbfA",  # only the first one
        # one U+FFFD per maximal ill-formed subsequence (WHATWG, like TextDecoder)
        "bad.txt": b"a\xffb\xc3(\xe2\x82\xf0\x9f\x98\xed\xa0\x80z\xc3",
        # "All text imports are parsed as UTF-8": a UTF-16 BOM is not one
        "utf16.txt": b"\xff\xfe" + "an UTF-16\n".encode("utf-16-le"),
        "empty.txt": b"",
        "kept.txt": b"a\r\nb\x00\tc\xe2\x80\xa8\xf0\x9f\x98\x80",  # nothing else changes
    }
    names = list(files)
    files["main.mjs"] = f"""
        const show = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16)).join(' ');
        for (const name of {json.dumps(names)}) {{
          const {{ default: text }} = await import('./' + name, {{ with: {{ type: 'text' }} }});
          const {{ default: bytes }} = await import('./' + name, {{ with: {{ type: 'bytes' }} }});
          console.log(name, bytes.length, '[' + show(text) + ']');
        }}
    """
    write_tree(project, files)
    cold, *_ = every_way(project, cache_dir)
    assert cold.stdout == (
        "bom.txt 4 [41]\n"
        "two-boms.txt 7 [feff 41]\n"
        "bad.txt 15 [61 fffd 62 fffd 28 fffd fffd fffd fffd fffd 7a fffd]\n"
        "utf16.txt 22 [fffd fffd 61 0 6e 0 20 0 55 0 54 0 46 0 2d 0 31 0 36 0 a 0]\n"
        "empty.txt 0 []\n"
        "kept.txt 14 [61 d a 62 0 9 63 2028 1f600]\n"
    ), cold.stderr


def test_text_matches_node_textdecoder(project: Path, cache_dir: Path) -> None:
    """The same strings as WHATWG's TextDecoder in node (which cannot import text itself)."""
    samples = [b"\xef\xbb\xbfok", b"\xc0\xaf|\xe0\x80\xaf|\xf4\x90\x80\x80|\xed\xbf\xbf", b"\xf0\x9f"]
    files: dict[str, str | bytes] = {f"s{i}.txt": data for i, data in enumerate(samples)}
    show = "(s) => Array.from(s, (c) => c.codePointAt(0).toString(16)).join(' ')"
    files["node.mjs"] = f"""
        import {{ readFileSync }} from 'node:fs';
        const show = {show};
        for (let i = 0; i < {len(samples)}; i++) {{
          console.log(show(new TextDecoder().decode(readFileSync(`s${{i}}.txt`))));
        }}
    """
    files["main.mjs"] = f"""
        const show = {show};
        for (let i = 0; i < {len(samples)}; i++) {{
          const {{ default: text }} = await import(`./s${{i}}.txt`, {{ with: {{ type: 'text' }} }});
          console.log(show(text));
        }}
    """
    write_tree(project, files)
    expected = run_node(["node.mjs"], cwd=project)
    assert expected.returncode == 0, expected.stderr
    got = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    assert got.stdout == expected.stdout, got.stderr


def test_bytes_are_a_uint8array_over_an_immutable_arraybuffer(
    project: Path, cache_dir: Path
) -> None:
    write_tree(
        project,
        {
            "main.mjs": r"""
                import b from './data.bin' with { type: 'bytes' };
                import empty from './empty.bin' with { type: 'bytes' };
                const buf = b.buffer;
                console.log(Object.getPrototypeOf(b) === Uint8Array.prototype,
                  Object.getPrototypeOf(buf) === ArrayBuffer.prototype);
                console.log(buf.immutable, buf.byteLength, b.byteOffset, b.byteLength,
                  buf.resizable, buf.maxByteLength, buf.detached);
                console.log(empty.length, empty.buffer.immutable);
                const attempt = (label, fn) => {
                  try { fn(); console.log(label, 'no error'); }
                  catch (e) { console.log(label, e.name, e.message); }
                };
                // The proposal's TypedArray [[Set]] returns false for an immutable buffer, so
                // strict code (all module code) throws a TypeError; quickjs-ng 0.17 returns
                // false without throwing. Either way the byte stays.
                attempt('assign', () => { b[0] = 99; });
                console.log('Reflect.set', Reflect.set(b, 1, 99));
                attempt('fill', () => b.fill(0));
                attempt('set', () => b.set([1, 2]));
                attempt('copyWithin', () => b.copyWithin(0, 1));
                attempt('reverse', () => b.reverse());
                attempt('sort', () => b.sort());
                attempt('DataView', () => new DataView(buf).setUint8(0, 1));
                attempt('Uint32Array', () => { new Uint32Array(buf, 0, 1).fill(0); });
                attempt('transfer', () => buf.transfer());
                attempt('transferToFixedLength', () => buf.transferToFixedLength());
                attempt('resize', () => buf.resize(0));
                attempt('structuredClone transfer', () => structuredClone(buf, { transfer: [buf] }));
                // The proposal's slice() copies into a new, mutable buffer; quickjs-ng 0.17
                // refuses any slice of an immutable one (an engine deviation, pinned here).
                attempt('slice', () => buf.slice(0, 1));
                console.log(Array.from(b).join(','), buf.detached);
                // Reading is unrestricted: views, copies and decoding.
                console.log(new TextDecoder().decode(b), Uint8Array.from(b).buffer.immutable,
                  new DataView(buf).getUint8(2), b.subarray(1).buffer === buf);
            """,
            "data.bin": b"abcd",
            "empty.bin": b"",
        },
    )
    cold, *_ = every_way(project, cache_dir)
    immutable = "TypeError ArrayBuffer is immutable"
    assert cold.stdout.splitlines() == [
        "true true",
        "true 4 0 4 false 4 false",
        "0 true",
        "assign no error",
        "Reflect.set false",
        f"fill {immutable}",
        f"set {immutable}",
        f"copyWithin {immutable}",
        f"reverse {immutable}",
        f"sort {immutable}",
        f"DataView {immutable}",
        f"Uint32Array {immutable}",
        f"transfer {immutable}",
        f"transferToFixedLength {immutable}",
        f"resize {immutable}",
        f"structuredClone transfer {immutable}",
        f"slice {immutable}",
        "97,98,99,100 false",
        "abcd false 99 true",
    ], cold.stderr


def test_errors_keep_node_codes_and_wording(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.mjs": """
                for (const [specifier, options] of [
                  ['./missing.txt', { with: { type: 'text' } }],
                  ['./missing.bin', { with: { type: 'bytes' } }],
                  ['./a.txt', { with: { type: 'css' } }],
                  ['./a.txt', { with: { type: 'Text' } }],
                  ['./a.txt', { with: { type: 'text', encoding: 'latin1' } }],
                  ['./a.txt', { with: { type: 'json' } }],
                ]) {
                  try { await import(specifier, options); console.log('loaded', specifier); }
                  catch (e) { console.log(e.name, e.code, e.message.replaceAll(import.meta.dirname, '.')); }
                }
            """,
            "a.txt": "a\n",
            "named.mjs": "import { x } from './a.txt' with { type: 'text' };\n",
            "static-missing.mjs": "import t from './gone.txt' with { type: 'text' };\n",
            "static-unknown.mjs": "import t from './a.txt' with { type: 'yaml' };\n",
        },
    )
    result = run_esmload(["main.mjs"], cwd=project, cache_dir=cache_dir)
    assert result.stdout.splitlines() == [
        "Error ERR_MODULE_NOT_FOUND Cannot find module './missing.txt' imported from ./main.mjs",
        "Error ERR_MODULE_NOT_FOUND Cannot find module './missing.bin' imported from ./main.mjs",
        'TypeError ERR_IMPORT_ATTRIBUTE_UNSUPPORTED Import attribute "type" with value "css" '
        "is not supported imported from ./main.mjs",
        'TypeError ERR_IMPORT_ATTRIBUTE_UNSUPPORTED Import attribute "type" with value "Text" '
        "is not supported imported from ./main.mjs",
        'TypeError ERR_IMPORT_ATTRIBUTE_UNSUPPORTED Import attribute "encoding" with value '
        '"latin1" is not supported imported from ./main.mjs',
        'TypeError ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE Module "file://./a.txt" is not of '
        'type "json" imported from ./main.mjs',
    ], result.stderr

    for entry, fragments in [
        ("static-missing.mjs", ["ERR_MODULE_NOT_FOUND", "gone.txt", "static-missing.mjs:1"]),
        ("static-unknown.mjs", ["ERR_IMPORT_ATTRIBUTE_UNSUPPORTED", 'value "yaml"']),
        ("named.mjs", ["SyntaxError", "'x'"]),  # a text module has only a default export
    ]:
        for args in (["--cache-stats"], ["--cache-stats"], ["--no-cache"]):
            failed = run_esmload([*args, entry], cwd=project, cache_dir=cache_dir)
            assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
            for fragment in fragments:
                assert fragment in failed.stderr, failed.stderr


def test_sandbox_checks_text_and_bytes_files_like_modules(tmp_path: Path) -> None:
    project = tmp_path / "project"
    other = tmp_path / "other"
    write_tree(other, {"secret.txt": "outside\n", "secret.bin": b"\x01\x02"})
    write_tree(
        project,
        {
            "package.json": "{}",
            "main.mjs": f"""
                import inside from './inside.txt' with {{ type: 'text' }};
                console.log(JSON.stringify(inside));
                for (const [path, type] of [
                  [{json.dumps(str(other / "secret.txt"))}, 'text'],
                  [{json.dumps(str(other / "secret.bin"))}, 'bytes'],
                ]) {{
                  try {{ console.log(type, (await import(path, {{ with: {{ type }} }})).default.length); }}
                  catch (e) {{ console.log(type, e.code, e.permission); }}
                }}
            """,
            "static.mjs": f"import s from {json.dumps(str(other / 'secret.txt'))} with {{ type: 'text' }};\n",
            "inside.txt": "inside\n",
        },
    )
    cache_dir = tmp_path / "cache"
    for _ in range(3):  # cold, warm, from the bundle: the file is checked every time
        denied = run_esmload(["--permission", "main.mjs"], cwd=project, cache_dir=cache_dir)
        assert denied.stdout == (
            '"inside\\n"\ntext ERR_ACCESS_DENIED FileSystemRead\n'
            "bytes ERR_ACCESS_DENIED FileSystemRead\n"
        ), denied.stderr
    static = run_esmload(["--permission", "static.mjs"], cwd=project, cache_dir=cache_dir)
    assert static.returncode == 1 and "ERR_ACCESS_DENIED" in static.stderr, static.stderr
    assert "Traceback" not in static.stderr
    granted = run_esmload(
        ["--permission", f"--allow-fs-read={other}", "main.mjs"], cwd=project, cache_dir=cache_dir
    )
    assert granted.stdout == '"inside\\n"\ntext 8\nbytes 2\n', granted.stderr


def test_graph_shows_text_and_bytes_modules(project: Path, cache_dir: Path) -> None:
    write_tree(
        project,
        {
            "main.mjs": """
                import d from './d.json' with { type: 'json' };
                import t from './d.json' with { type: 'text' };
                import b from './img.png' with { type: 'bytes' };
                import './lib.mjs';
            """,
            "lib.mjs": "import t from './d.json' with { type: 'text' };\n",
            "d.json": "{}",
            "img.png": b"\x89PNG",
        },
    )
    graph = run_esmload(["graph", "main.mjs"], cwd=project, cache_dir=cache_dir)
    assert graph.returncode == 0, graph.stderr
    root = project.resolve()
    lines = graph.stdout.splitlines()
    assert f"├── ./d.json → {root}/d.json (json)" in lines
    assert f"├── ./d.json → {root}/d.json (text)" in lines
    assert f"├── ./img.png → {root}/img.png (bytes)" in lines
    assert f"    └── ./d.json → {root}/d.json (text) *" in lines  # the same module again
    assert lines[-1] == "5 modules: 1 bytes, 1 json, 2 not cached, 1 text"


def test_attributes_round_trip_through_the_module_record() -> None:
    import cbor2

    from esmload.analyze import analyze
    from esmload.analyze.record import ModuleRecord

    record = analyze(
        "import t from './a.txt' with { type: 'text' };\n"
        "import b from './a.png' with { type: \"bytes\" };\n"
        "import d from './d.json' with { type: 'json' };\n"
        "import r from './d.json' with { type: 'text' };\n"
        "const late = await import('./late.txt', { with: { type: 'text' } });\n"
    )
    back = ModuleRecord.from_payload(cbor2.dumps(record.to_cbor()), record.hints())
    requests = [(r.specifier, r.attributes) for r in back.requested]
    assert requests == [
        ("./a.txt", {"type": "text"}),
        ("./a.png", {"type": "bytes"}),
        ("./d.json", {"type": "json"}),
        ("./d.json", {"type": "text"}),
    ]
    assert back.attributes_for("./a.txt") == {"type": "text"}
    assert back.attributes_for("./a.png") == {"type": "bytes"}
    assert back.dynamic_imports == ("./late.txt",)


def test_embedding_gets_str_and_bytes(tmp_path: Path) -> None:
    import esmload

    write_tree(
        tmp_path,
        {
            "m.mjs": """
                import text from './t.txt' with { type: 'text' };
                import data from './t.txt' with { type: 'bytes' };
                export { text, data };
            """,
            "t.txt": b"\xef\xbb\xbfhi \xff\n",
        },
    )
    for cache in (True, True, False):
        with esmload.Runtime(cache=cache, cache_dir=tmp_path / "c") as rt:
            module = rt.import_module(str(tmp_path / "m.mjs"))
            assert module.text == "hi \ufffd\n"
            assert module.data == b"\xef\xbb\xbfhi \xff\n"
