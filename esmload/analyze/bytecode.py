"""Read a module's record fields back from QuickJS's own serialization of the compiled module.

QuickJS analyses every module it compiles, and `JS_WriteObject` writes what it found ahead of
the module function: the requested module names, export entries (local ones by variable index,
indirect ones with their import name), star exports, import entries and the top-level-await
flag. The names of local variables sit in the module function's closure-variable table right
after it. Reading those fields costs microseconds where parsing the source again with esprima
costs up to seconds, so the cold path takes them from here (see analyze/fast.py) when the
engine cannot tell them itself: the wheel's engine. The engine built at install writes the same
fields out of the compiled module (engine/module_info.c), and `module_from_info` reads those.

The layout is quickjs-ng's (`JS_WriteObjectAtoms`, `JS_WriteModule`, `JS_WriteFunctionTag` in
quickjs.c); it changes only with the engine version, which is part of every cache key, and the
tests compare what this module reads with esprima's analysis of real packages. Anything that
does not look as expected raises `BytecodeLayoutError`, and the caller falls back to esprima.

Atoms: the stream starts with a table of the atoms it uses; an atom is written as
`index << 1`, where indexes below the engine's first dynamic atom (`JS_ATOM_END`) are the
engine's predefined atoms ("default", "then", ...) and the rest index the table, or as
`(n << 1) | 1` for an integer-like name. The predefined names come from the engine itself
(engine/atoms.py), never from a copy of its sources.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Sequence

_TAG_FUNCTION_BYTECODE = 12
_TAG_MODULE = 13
_ATOM_TYPE_STRING = 1
_EXPORT_LOCAL = 0
_IS_CAPTURED = 1 << 6  # in a variable definition's flags byte


class BytecodeLayoutError(ValueError):
    """The bytes are not laid out the way this reader expects."""


class EngineModule:
    """What the engine recorded about one module. Names are strings; `star` is the engine's
    name for a namespace (`import * as ns`, `export * as ns from`)."""

    __slots__ = ("requests", "exports", "star_exports", "imports", "has_tla", "closure_names")

    def __init__(
        self,
        requests: list[str],
        exports: list[tuple[str, int | None, int | None, str | None]],
        star_exports: list[int],
        imports: list[tuple[int, str, int]],
        has_tla: bool,
        closure_names: list[str],
    ) -> None:
        self.requests = requests  # module names, in the engine's order
        # (export name, local closure-variable index | None, request index | None, import name)
        self.exports = exports
        self.star_exports = star_exports  # request indexes
        self.imports = imports  # (closure-variable index, import name, request index)
        self.has_tla = has_tla
        self.closure_names = closure_names  # the module function's closure variables


class _Reader:
    __slots__ = ("data", "pos", "table", "predefined", "first_atom")

    def __init__(self, data: bytes | memoryview, predefined: Sequence[str]) -> None:
        self.data = data
        self.pos = 0
        self.table: list[str | tuple[int, int] | None] = []  # text, or (offset, header)
        self.predefined = predefined
        self.first_atom = len(predefined)

    def fail(self, what: str) -> BytecodeLayoutError:
        return BytecodeLayoutError(f"module bytecode: {what} at byte {self.pos}")

    def u8(self) -> int:
        try:
            value = self.data[self.pos]
        except IndexError:
            raise self.fail("unexpected end") from None
        self.pos += 1
        return value

    def leb(self) -> int:
        data = self.data
        pos = self.pos
        try:
            byte = data[pos]
            if byte < 0x80:  # most numbers fit in one byte
                self.pos = pos + 1
                return byte
            value = shift = 0
            while True:
                byte = data[pos]
                pos += 1
                value |= (byte & 0x7F) << shift
                if byte < 0x80:
                    break
                shift += 7
                if shift > 28:
                    raise self.fail("overlong number")
        except IndexError:
            raise self.fail("unexpected end") from None
        self.pos = pos
        return value

    def skip(self, count: int) -> None:
        self.pos += count
        if self.pos > len(self.data):
            raise self.fail("unexpected end")

    def atom_table(self) -> None:
        """Walk the table, keeping where each string is: most are never asked for. (One
        loop with the number reading written out: a big module's table has thousands of
        entries.)"""
        self.skip(5)  # format version, checksum
        count = self.leb()
        data = self.data
        table = self.table
        append = table.append
        pos = self.pos
        try:
            for _ in range(count):
                kind = data[pos]
                if kind & 0x80:
                    self.pos = pos
                    raise self.fail("predefined atom in the table")
                header = data[pos + 1]
                pos += 2
                if header >= 0x80:
                    header &= 0x7F
                    shift = 7
                    while True:
                        byte = data[pos]
                        pos += 1
                        header |= (byte & 0x7F) << shift
                        if byte < 0x80:
                            break
                        shift += 7
                        if shift > 28:
                            self.pos = pos
                            raise self.fail("overlong number")
                append((pos, header) if kind == _ATOM_TYPE_STRING else None)
                pos += (header >> 1) << (header & 1)  # UTF-16 strings: 2 bytes a unit
        except IndexError:
            self.pos = pos
            raise self.fail("unexpected end") from None
        self.pos = pos
        if pos > len(data):
            raise self.fail("unexpected end")

    def skip_atom(self) -> None:
        """An atom whose name is not needed."""
        value = self.leb()
        if not value & 1:
            index = (value >> 1) - self.first_atom
            if index >= len(self.table) or value == 0:
                raise self.fail("atom out of range")

    def text(self, index: int) -> str:
        entry = self.table[index]
        if entry is None:
            raise self.fail("symbol where a name belongs")
        if isinstance(entry, str):
            return entry
        start, header = entry
        end = start + ((header >> 1) << (header & 1))
        raw = bytes(self.data[start:end])
        # UTF-16 code units are little-endian (x86-64, aarch64); others are Latin-1
        text = raw.decode("utf-16-le", "surrogatepass") if header & 1 else raw.decode("latin-1")
        self.table[index] = text
        return text

    def atom(self) -> str:
        value = self.leb()
        if value & 1:
            return str(value >> 1)
        index = value >> 1
        if index < self.first_atom:
            if index == 0:
                raise self.fail("null atom")
            return self.predefined[index]
        index -= self.first_atom
        if index >= len(self.table):
            raise self.fail("atom out of range")
        return self.text(index)


def first_dynamic_atom(data: bytes | memoryview) -> int:
    """The engine's first dynamic atom index (`JS_ATOM_END`), read from any module's bytecode:
    the first atom a module writes is its name, which is never predefined, so it is the table's
    entry 0, written as `JS_ATOM_END << 1`."""
    reader = _Reader(data, ())
    reader.atom_table()
    if reader.u8() != _TAG_MODULE:
        raise reader.fail("not a module")
    value = reader.leb()
    if value & 1 or not reader.table:
        raise reader.fail("unexpected module name")
    return value >> 1


def read_module(data: bytes | memoryview, predefined: Sequence[str]) -> EngineModule:
    """The record fields of a module serialized by `JS_WriteObject` (bytecode flag set).
    `predefined`: the engine's predefined atom names, index 0 (the null atom) included."""
    r = _Reader(data, predefined)
    r.atom_table()
    if r.u8() != _TAG_MODULE:
        raise r.fail("not a module")
    r.atom()  # the module's name
    requests = [r.atom() for _ in range(r.leb())]
    exports: list[tuple[str, int | None, int | None, str | None]] = []
    for _ in range(r.leb()):
        if r.u8() == _EXPORT_LOCAL:
            entry: tuple[int | None, int | None, str | None] = (r.leb(), None, None)
        else:
            request = r.leb()
            entry = (None, request, r.atom())
        exports.append((r.atom(), *entry))
    star_exports = [r.leb() for _ in range(r.leb())]
    imports = [(r.leb(), r.atom(), r.leb()) for _ in range(r.leb())]
    has_tla = r.u8() != 0
    closure_names = _closure_names(r)
    for index, name, request in imports:
        if index >= len(closure_names) or request >= len(requests):
            raise r.fail(f"import {name!r} out of range")
    for name, local, target, _ in exports:
        if (local is not None and local >= len(closure_names)) or (
            target is not None and target >= len(requests)
        ):
            raise r.fail(f"export {name!r} out of range")
    if any(index >= len(requests) for index in star_exports):
        raise r.fail("star export out of range")
    return EngineModule(requests, exports, star_exports, imports, has_tla, closure_names)


_INFO_FORMAT = "1"  # engine/module_info.c's ESMLOAD_INFO_FORMAT


def module_from_info(info: bytes) -> EngineModule:
    """The same fields from the engine itself, as engine/module_info.c writes them for a
    module it has just compiled (`Engine.module_info`): NUL-terminated fields, counted lists.
    BytecodeLayoutError if they are not in that form."""
    try:
        fields = info.decode("utf-8", "surrogatepass").split("\0")
        if fields[0] != _INFO_FORMAT or fields.pop() != "":
            raise ValueError(f"format {fields[0]!r}")
        has_tla = fields[1] == "1"
        count = int(fields[2])
        requests = fields[3 : 3 + count]
        pos = 3 + count
        count = int(fields[pos])
        closure_names = fields[pos + 1 : pos + 1 + count]
        pos += 1 + count
        exports: list[tuple[str, int | None, int | None, str | None]] = []
        count = int(fields[pos])
        pos += 1
        for _ in range(count):
            if fields[pos] == "L":
                exports.append((fields[pos + 2], int(fields[pos + 1]), None, None))
                pos += 3
            else:
                exports.append((fields[pos + 3], None, int(fields[pos + 1]), fields[pos + 2]))
                pos += 4
        count = int(fields[pos])
        star_exports = [int(index) for index in fields[pos + 1 : pos + 1 + count]]
        pos += 1 + count
        count = int(fields[pos])
        imports = [
            (int(fields[at]), fields[at + 1], int(fields[at + 2]))
            for at in range(pos + 1, pos + 1 + 3 * count, 3)
        ]
        if pos + 1 + 3 * count != len(fields):
            raise ValueError("unexpected length")
    except (IndexError, ValueError) as exc:  # (BytecodeLayoutError is a ValueError)
        raise BytecodeLayoutError(f"module info: {exc}") from None
    return EngineModule(requests, exports, star_exports, imports, has_tla, closure_names)


def _closure_names(r: _Reader) -> list[str]:
    """The module function's closure-variable names (its header, variables, closure table)."""
    if r.u8() != _TAG_FUNCTION_BYTECODE:
        raise r.fail("module function expected")
    r.skip(3)  # flags (u16), strict mode (u8)
    r.atom()  # function name
    counts = [r.leb() for _ in range(8)]
    closure_count = counts[5]  # arg, var, defined arg, stack, var ref, closure, cpool, code
    for _ in range(r.leb()):  # variable definitions
        r.skip_atom()
        r.leb()  # scope level
        r.leb()  # next scope
        if r.u8() & _IS_CAPTURED:
            r.leb()  # var ref index
    names = []
    for _ in range(closure_count):
        names.append(r.atom())
        r.leb()  # variable index
        r.leb()  # flags
    return names
