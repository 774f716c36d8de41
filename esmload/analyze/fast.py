"""The cold path's module record: the engine's analysis plus a token scan, no parse.

QuickJS has already analysed the module by the time its record is written: the engine built at
install tells the requests, imports, exports, star exports and top-level await itself
(`Engine.module_info`), and with the wheel's engine they are read out of the module's bytecode
(bytecode.py); the two give the same fields. The source
scan adds what the engine drops: request positions, import attributes, `import()` specifiers
and `import.meta` (esm_lexer.py). The two must agree on the static requests; if they do not,
or either reader is unsure, `analyze_compiled` raises ValueError and the caller analyzes the
module with esprima (analyzer.py), which gives the same record, slower.
"""

from __future__ import annotations

from esmload.analyze.bytecode import EngineModule, module_from_info, read_module

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from esmload.analyze.record import ModuleRecord

_STAR = "*"  # the engine's import name of a namespace (`import * as ns`, `export * as ns`)
_LINE_BREAKS = ("\r", "\u2028", "\u2029")


def module_record(
    source: bytes, bytecode: bytes | memoryview, predefined_atoms: Sequence[str]
) -> ModuleRecord:
    """The module's record: from the engine's analysis and a scan when they vouch for it,
    else from esprima (AnalyzeError if esprima cannot parse what QuickJS compiled)."""
    from esmload.analyze.record import ModuleRecord  # (the cache needs only the payload)

    payload, _ = module_payload(source, bytecode, predefined_atoms)
    return ModuleRecord.from_cbor(payload)


def module_payload(
    source: bytes,
    bytecode: bytes | memoryview,
    predefined_atoms: Sequence[str],
    info: bytes | None = None,
) -> tuple[dict[str, Any], int]:
    """`module_record`'s record as the cache stores it: its `to_cbor()` form and `hints()`
    bits, made straight from the readers' output (no record objects in between: this runs
    once per module of a cold run). `info`: the engine's own account of the module
    (`Engine.module_info`), which spares reading the bytecode."""
    if info is not None or predefined_atoms:
        try:
            if info is not None:
                engine = module_from_info(info)
            else:
                engine = read_module(bytecode, predefined_atoms)
            # Without requests and without an `import(` or `import.meta` candidate, the scan
            # has nothing to find: the text need not be decoded, nor the scanner imported.
            if not engine.requests and not may_hold_candidates(source):
                return _payload("", engine)
            return _payload(source.decode("utf-8", "surrogateescape"), engine)
        except ValueError:
            pass  # the fast readers cannot vouch for this one: parse it
    from esmload.analyze.analyzer import analyze

    record = analyze(source.decode("utf-8", "surrogateescape"))
    return record.to_cbor(), record.hints()


def analyze_compiled(
    source: str, bytecode: bytes | memoryview, predefined_atoms: Sequence[str]
) -> ModuleRecord:
    """The record of a module from its source and the engine's serialization of it.
    ValueError (BytecodeLayoutError, ScanError) when the fast readers cannot vouch for it."""
    from esmload.analyze.record import ModuleRecord

    payload, _ = compiled_payload(source, bytecode, predefined_atoms)
    return ModuleRecord.from_cbor(payload)


def compiled_payload(
    source: str, bytecode: bytes | memoryview, predefined_atoms: Sequence[str]
) -> tuple[dict[str, Any], int]:
    """`analyze_compiled`'s record in its `to_cbor()` form, with its `hints()` bits."""
    return _payload(source, read_module(bytecode, predefined_atoms))


def _payload(source: str, engine: EngineModule) -> tuple[dict[str, Any], int]:
    found_requests: list[tuple[str, dict[str, str], int]] = []
    dynamic: list[str] = []
    meta = False
    if source or engine.requests:  # (else module_payload saw there is nothing to scan)
        from esmload.analyze.esm_lexer import scan

        found = scan(source, len(engine.requests))
        found_requests, dynamic = found.requests, found.dynamic_imports
        meta = found.uses_import_meta
    names = engine.requests
    # The distinct requests, first occurrence first: the engine's list, in the same order.
    requested: dict[tuple[str, tuple[tuple[str, str], ...]], list[Any]] = {}
    attributed = False
    for specifier, attributes, offset in found_requests:
        key = (specifier, tuple(sorted(attributes.items())) if attributes else ())
        if key not in requested:
            requested[key] = [specifier, attributes, offset, 0]
            attributed = attributed or bool(attributes)
    rows = list(requested.values())
    if [row[0] for row in rows] != names:
        from esmload.analyze.esm_lexer import ScanError

        raise ScanError("the scan and the engine disagree on the module's requests")
    _place(source, rows)
    closure = engine.closure_names
    imported = {index: (request, name) for index, name, request in engine.imports}
    exports = []
    for export_name, local, request, import_name in engine.exports:
        if local is not None:
            source_binding = imported.get(local)
            if source_binding is not None and source_binding[1] != _STAR:
                # `import { a } from "m"; export { a }` exports "m"'s binding (ECMA-262)
                module, imported_name = source_binding
                exports.append([export_name, None, names[module], imported_name])
            else:
                exports.append([export_name, closure[local], None, None])
        else:
            assert request is not None
            name = None if import_name == _STAR else import_name
            exports.append([export_name, None, names[request], name])
    payload = {
        "r": rows,
        "i": [
            [names[request], None if name == _STAR else name, closure[index]]
            for index, name, request in engine.imports
        ],
        "e": exports,
        "s": [names[index] for index in engine.star_exports],
        "d": list(dict.fromkeys(dynamic)),
        "t": engine.has_tla,
        "m": meta,
    }
    return payload, (1 if meta else 0) | (2 if attributed else 0) | (4 if engine.has_tla else 0)


def _place(source: str, rows: list[list[Any]]) -> None:
    """Turn each row's offset (item 2) into the 1-based line and 0-based column (items 2 and
    3) the way esprima counts them: `\\r\\n`, `\\n`, `\\r`, U+2028 and U+2029 end lines;
    columns count code points."""
    if not rows:
        return
    end = max(row[2] for row in rows)  # (line breaks after the last request do not count)
    if any(source.find(ch, 0, end) >= 0 for ch in _LINE_BREAKS):
        import re
        from bisect import bisect_right

        starts = [0] + [m.end() for m in re.finditer(r"\r\n?|[\n\u2028\u2029]", source)]
        for row in rows:
            line = bisect_right(starts, row[2])
            row[2], row[3] = line, row[2] - starts[line - 1]
        return
    # Only `\n` ends lines: each row's line is counted on from the row before.
    line, counted = 1, 0
    for row in rows:
        offset = row[2]
        if offset < counted:  # not in source order after all: count from the start
            line, counted = 1, 0
        line += source.count("\n", counted, offset)
        counted = offset
        row[2], row[3] = line, offset - source.rfind("\n", 0, offset) - 1


def may_hold_candidates(data: bytes) -> bool:
    """Whether a module's UTF-8 bytes may hold an `import(` or `import.meta` candidate (a
    looser esm_lexer `_candidates`, on bytes): a module with none and no requests has nothing
    to scan, and its text need not be decoded (nor the scanner imported)."""
    end = len(data)
    i = data.find(b"import")
    while i >= 0:
        after = i + 6
        while after < end and data[after] in b" \t\n\r\v\f":
            after += 1
        # `(`, `.`, a comment's `/`, or a character beyond ASCII (Unicode white space)
        if after >= end or data[after] in b"(./" or data[after] >= 0x80:
            return True
        i = data.find(b"import", after)
    return False
