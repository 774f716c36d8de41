"""The cold path's module record: the engine's analysis plus a token scan, no parse.

QuickJS has already analysed the module by the time its record is written; its bytecode holds
the requests, imports, exports, star exports and top-level await (bytecode.py). The source
scan adds what the engine drops: request positions, import attributes, `import()` specifiers
and `import.meta` (esm_lexer.py). The two must agree on the static requests; if they do not,
or either reader is unsure, `analyze_compiled` raises ValueError and the caller analyzes the
module with esprima (analyzer.py), which gives the same record, slower.
"""

from __future__ import annotations

from esmload.analyze.bytecode import read_module
from esmload.analyze.esm_lexer import ScanError, scan
from esmload.analyze.record import ExportEntry, ImportEntry, ModuleRecord, RequestedModule

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Sequence

_STAR = "*"  # the engine's import name of a namespace (`import * as ns`, `export * as ns`)
_LINE_BREAKS = ("\r", "\u2028", "\u2029")


def module_record(
    source: bytes, bytecode: bytes | memoryview, predefined_atoms: Sequence[str]
) -> ModuleRecord:
    """The module's record: from the engine's analysis and a scan when they vouch for it,
    else from esprima (AnalyzeError if esprima cannot parse what QuickJS compiled)."""
    text = source.decode("utf-8", "surrogateescape")
    if predefined_atoms:
        try:
            return analyze_compiled(text, bytecode, predefined_atoms)
        except ValueError:
            pass  # the fast readers cannot vouch for this one: parse it
    from esmload.analyze.analyzer import analyze

    return analyze(text)


def analyze_compiled(
    source: str, bytecode: bytes | memoryview, predefined_atoms: Sequence[str]
) -> ModuleRecord:
    """The record of a module from its source and the engine's serialization of it.
    ValueError (BytecodeLayoutError, ScanError) when the fast readers cannot vouch for it."""
    engine = read_module(bytecode, predefined_atoms)
    found = scan(source, len(engine.requests))
    requested: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[str, dict[str, str], int]]
    requested = {}
    for specifier, attributes, offset in found.requests:
        key = (specifier, tuple(sorted(attributes.items())))
        requested.setdefault(key, (specifier, attributes, offset))
    if [specifier for specifier, _, _ in requested.values()] != engine.requests:
        raise ScanError("the scan and the engine disagree on the module's requests")
    positions = _Positions(source)
    names = engine.requests
    closure = engine.closure_names
    imported = {index: (request, name) for index, name, request in engine.imports}
    exports = []
    for export_name, local, request, import_name in engine.exports:
        if local is not None:
            source_binding = imported.get(local)
            if source_binding is not None and source_binding[1] != _STAR:
                # `import { a } from "m"; export { a }` exports "m"'s binding (ECMA-262)
                module, imported_name = source_binding
                exports.append(ExportEntry(export_name, None, names[module], imported_name))
            else:
                exports.append(ExportEntry(export_name, closure[local]))
        else:
            assert request is not None
            name = None if import_name == _STAR else import_name
            exports.append(ExportEntry(export_name, None, names[request], name))
    return ModuleRecord(
        requested=tuple(
            RequestedModule(specifier, attributes, *positions.of(offset))
            for specifier, attributes, offset in requested.values()
        ),
        imports=tuple(
            ImportEntry(names[request], None if name == _STAR else name, closure[index])
            for index, name, request in engine.imports
        ),
        exports=tuple(exports),
        star_exports=tuple(names[index] for index in engine.star_exports),
        dynamic_imports=tuple(dict.fromkeys(found.dynamic_imports)),
        has_top_level_await=engine.has_tla,
        uses_import_meta=found.uses_import_meta,
    )


class _Positions:
    """Offsets → (1-based line, 0-based column) the way esprima counts them: `\\r\\n`, `\\n`,
    `\\r`, U+2028 and U+2029 end lines; columns count code points."""

    __slots__ = ("source", "starts")

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts: list[int] | None = None
        if any(ch in source for ch in _LINE_BREAKS):
            import re

            self.starts = [0] + [m.end() for m in re.finditer(r"\r\n?|[\n\u2028\u2029]", source)]

    def of(self, offset: int) -> tuple[int, int]:
        if self.starts is None:
            line_start = self.source.rfind("\n", 0, offset) + 1
            return self.source.count("\n", 0, offset) + 1, offset - line_start
        from bisect import bisect_right

        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1]
