"""A CommonJS module's record metadata: three lists of strings: the names Node's
cjs-module-lexer would detect as exports, the specifiers it would follow as re-exports, and
the string specifiers of the module's `require()` calls (for tools such as `graph`).

Written as CBOR, and read back by the small decoder below (arrays of text strings only, as
cbor2 writes them), so that a warm start does not import cbor2. Data from disk: anything
else is a ValueError.
"""

from __future__ import annotations


class CommonJSMetadata:
    """What a CommonJS module's record says about it."""

    __slots__ = ("exports", "reexports", "requires")

    def __init__(
        self, exports: tuple[str, ...], reexports: tuple[str, ...], requires: tuple[str, ...]
    ) -> None:
        self.exports = exports
        self.reexports = reexports
        self.requires = requires

    def to_cbor(self) -> list[list[str]]:
        return [list(self.exports), list(self.reexports), list(self.requires)]

    def __repr__(self) -> str:
        return (
            f"CommonJSMetadata(exports={self.exports!r}, reexports={self.reexports!r}, "
            f"requires={self.requires!r})"
        )


def decode_metadata(data: bytes | memoryview) -> CommonJSMetadata:
    """Decode `[[str…], [str…], [str…]]` as cbor2 writes it (definite lengths); ValueError
    on anything else."""
    view = bytes(data)
    lists, end = _decode_array_of_lists(view)
    if end != len(view) or len(lists) != 3:
        raise ValueError("CommonJS metadata is not three lists")
    exports, reexports, requires = lists
    return CommonJSMetadata(tuple(exports), tuple(reexports), tuple(requires))


def _length(data: bytes, pos: int, major: int) -> tuple[int, int]:
    """The argument of the CBOR head at `pos` if it has major type `major`."""
    if pos >= len(data):
        raise ValueError("CommonJS metadata ends early")
    head = data[pos]
    if head >> 5 != major:
        raise ValueError("unexpected CBOR item in CommonJS metadata")
    info = head & 0x1F
    if info < 24:
        return info, pos + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or pos + 1 + size > len(data):
        raise ValueError("bad CBOR length in CommonJS metadata")
    return int.from_bytes(data[pos + 1 : pos + 1 + size], "big"), pos + 1 + size


def _decode_array_of_lists(data: bytes) -> tuple[list[list[str]], int]:
    count, pos = _length(data, 0, 4)
    lists: list[list[str]] = []
    for _ in range(count):
        items, pos = _length(data, pos, 4)
        strings: list[str] = []
        for _ in range(items):
            size, pos = _length(data, pos, 3)
            end = pos + size
            if end > len(data):
                raise ValueError("CommonJS metadata ends early")
            try:
                strings.append(data[pos:end].decode("utf-8"))
            except UnicodeDecodeError:
                raise ValueError("CommonJS metadata is not UTF-8") from None
            pos = end
        lists.append(strings)
    return lists, pos
