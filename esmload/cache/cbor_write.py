"""CBOR encoding of record metadata, without importing cbor2.

Records are written on every cache miss, and `import cbor2` costs a few milliseconds of the
cold path (in the process that writes them). Metadata is only ever made of None, booleans,
integers, strings, bytes, lists, tuples and dicts, so this writes exactly what `cbor2.dumps`
writes for those (definite lengths, the shortest heads; tests/test_record.py compares the
bytes). Reading stays with cbor2 (analyze/record.py), where it is needed at all.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def dumps(value: Any) -> bytes:
    out = bytearray()
    _write(out, value)
    return bytes(out)


def _head(out: bytearray, major: int, argument: int) -> None:
    if argument < 24:
        out.append(major << 5 | argument)
    elif argument < 0x100:
        out += bytes((major << 5 | 24, argument))
    elif argument < 0x10000:
        out.append(major << 5 | 25)
        out += argument.to_bytes(2, "big")
    elif argument < 0x100000000:
        out.append(major << 5 | 26)
        out += argument.to_bytes(4, "big")
    elif argument < 0x10000000000000000:
        out.append(major << 5 | 27)
        out += argument.to_bytes(8, "big")
    else:
        raise ValueError("integer too large for record metadata")


def _write(out: bytearray, value: Any) -> None:
    if value is None:
        out.append(0xF6)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        _head(out, 3, len(data))
        out += data
    elif isinstance(value, int):
        if value >= 0:
            _head(out, 0, value)
        else:
            _head(out, 1, -1 - value)
    elif isinstance(value, (list, tuple)):
        _head(out, 4, len(value))
        for item in value:
            _write(out, item)
    elif isinstance(value, dict):
        _head(out, 5, len(value))
        for key, item in value.items():
            _write(out, key)
            _write(out, item)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        _head(out, 2, len(data))
        out += data
    else:
        raise TypeError(f"cannot encode {type(value).__name__} in record metadata")
