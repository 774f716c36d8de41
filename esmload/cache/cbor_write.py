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
    _write(out, value, {})
    return bytes(out)


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes((major << 5 | argument,))
    if argument < 0x100:
        return bytes((major << 5 | 24, argument))
    if argument < 0x10000:
        return bytes((major << 5 | 25,)) + argument.to_bytes(2, "big")
    if argument < 0x100000000:
        return bytes((major << 5 | 26,)) + argument.to_bytes(4, "big")
    if argument < 0x10000000000000000:
        return bytes((major << 5 | 27,)) + argument.to_bytes(8, "big")
    raise ValueError("integer too large for record metadata")


def _write(out: bytearray, value: Any, strings: dict[str, bytes]) -> None:
    """Append `value`; `strings` keeps the encoding of each string met (a module's record
    names the same few modules and names over and over)."""
    kind = type(value)
    if kind is str:
        encoded = strings.get(value)
        if encoded is None:
            data = value.encode("utf-8", "surrogatepass")
            encoded = strings[value] = _head(3, len(data)) + data
        out += encoded
    elif value is None:
        out.append(0xF6)
    elif kind is list or kind is tuple:
        out += _head(4, len(value))
        for item in value:
            if type(item) is str:  # (most items: saves a call each)
                encoded = strings.get(item)
                if encoded is not None:
                    out += encoded
                    continue
            _write(out, item, strings)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, str):
        _write(out, str(value), strings)
    elif isinstance(value, int):
        out += _head(0, value) if value >= 0 else _head(1, -1 - value)
    elif isinstance(value, (list, tuple)):
        _write(out, list(value), strings)
    elif isinstance(value, dict):
        out += _head(5, len(value))
        for key, item in value.items():
            _write(out, key, strings)
            _write(out, item, strings)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        out += _head(2, len(data))
        out += data
    else:
        raise TypeError(f"cannot encode {type(value).__name__} in record metadata")
