"""Immediate JS values, object kinds, and the two handle types the rest of esmload sees:
`JSRef` (an owned reference to a JS value) and `ModuleHandle` (a module the context owns)."""

from __future__ import annotations

from esmload.engine.lib import TAG_BOOL, TAG_EXCEPTION, TAG_NULL, TAG_UNDEFINED, ffi
from esmload.errors import EngineError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

    from esmload.engine.base import EngineBase

# Object kinds reported by the helper script below; one JS call classifies an object.
(
    KIND_OTHER,
    KIND_ARRAY,
    KIND_PLAIN,
    KIND_ERROR,
    KIND_BYTES,  # a Uint8Array over a fixed-length buffer (C knows its length)
    KIND_FUNCTION,
    KIND_PROMISE,
    KIND_SYMBOL,
    KIND_BINARY,  # binary data other than KIND_BYTES (engine/buffers.py)
) = range(9)


def _value(tag: int, u: int = 0) -> Any:
    """A JSValue struct holding an immediate (refcount-free) value."""
    return ffi.new("JSValue *", (u, tag))[0]


def c_buffer(data: bytes | memoryview) -> Any:
    """`data` as a C `const uint8_t *` argument (memoryviews without a copy)."""
    return data if isinstance(data, bytes) else ffi.from_buffer(data)


UNDEFINED = _value(TAG_UNDEFINED)
NULL = _value(TAG_NULL)
TRUE = _value(TAG_BOOL, 1)
FALSE = _value(TAG_BOOL, 0)
EXCEPTION = _value(TAG_EXCEPTION)


class ModuleHandle:
    """A module the context owns (QuickJS frees modules with the context, not by refcount)."""

    __slots__ = ("ptr", "name")

    def __init__(self, ptr: Any, name: str) -> None:
        self.ptr = ptr
        self.name = name

    def __repr__(self) -> str:
        return f"<ModuleHandle {self.name}>"


class JSRef:
    """An owned reference to a JS value; freed when released or garbage-collected."""

    __slots__ = ("_engine", "_box", "kind", "__weakref__")

    def __init__(self, engine: EngineBase, value: Any, kind: int = KIND_OTHER) -> None:
        self._engine: EngineBase | None = engine
        self._box = ffi.new("JSValue *", value)
        self.kind = kind

    @property
    def value(self) -> Any:
        return self._box[0]

    @property
    def engine(self) -> EngineBase:
        if self._engine is None or self._engine.closed:
            raise EngineError("this JavaScript value belongs to a runtime that is closed")
        return self._engine

    def release(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None and not engine.closed:
            engine._free_later(self._box[0])

    def __del__(self) -> None:
        self.release()
