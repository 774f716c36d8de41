"""Python values ↔ JS values. Primitives, arrays and plain objects convert by value (cycles
kept), binary data as engine/buffers.py says; other objects stay in JS behind `JSRef`."""

from __future__ import annotations

import struct
from collections.abc import Mapping

from esmload.engine.base import EngineBase
from esmload.engine.handles import (
    FALSE,
    KIND_ARRAY,
    KIND_BINARY,
    KIND_BYTES,
    KIND_ERROR,
    KIND_PLAIN,
    KIND_SYMBOL,
    NULL,
    TRUE,
    UNDEFINED,
    JSRef,
)
from esmload.engine.lib import (
    EVAL_TYPE_GLOBAL,
    GPN_ENUM_ONLY,
    GPN_STRING_MASK,
    TAG_BIG_INT,
    TAG_BOOL,
    TAG_EXCEPTION,
    TAG_FLOAT64,
    TAG_INT,
    TAG_NULL,
    TAG_OBJECT,
    TAG_SHORT_BIG_INT,
    TAG_STRING,
    TAG_STRING_ROPE,
    TAG_UNDEFINED,
    ffi,
    lib,
)
from esmload.errors import JSError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

    from esmload.engine.buffers import BufferBridge

_DOUBLE = struct.Struct("<d")
_U64 = struct.Struct("<Q")
_NULL = ffi.NULL
_MAX_SAFE_INT = 2**53


def buffer_view(obj: Any) -> memoryview | None:
    """A view of `obj`'s buffer, if it has one (then the engine passes it as binary data)."""
    try:
        return memoryview(obj)
    except TypeError:
        return None


class Conversions(EngineBase):
    _buffers: BufferBridge | None = None  # binary data: engine/buffers.py

    def _binary(self) -> BufferBridge:
        if self._buffers is None:
            # Imported on first use: binary data is rare on the CLI path.
            from esmload.engine.buffers import BufferBridge

            self._buffers = BufferBridge()
        return self._buffers

    def _get(self, obj: Any, name: str) -> Any:
        return lib.JS_GetPropertyStr(self._ctx, obj, name.encode())

    def _string(self, value: Any) -> str:
        size = ffi.new("size_t *")
        ptr = lib.JS_ToCStringLen2(self._ctx, size, value, False)
        if ptr == _NULL:
            raise self._take_exception()
        try:
            return ffi.unpack(ptr, size[0]).decode("utf-8", "surrogatepass")
        finally:
            lib.JS_FreeCString(self._ctx, ptr)

    def _new_string(self, text: str) -> Any:
        data = text.encode("utf-8", "surrogatepass")
        return lib.JS_NewStringLen(self._ctx, data, len(data))

    def to_py(self, value: Any, *, _seen: dict[int, Any] | None = None) -> Any:
        """Convert a borrowed value: primitives, arrays, plain objects and binary data become
        Python values; other objects become `JSRef`s (a new reference)."""
        tag = value.tag
        if tag == TAG_INT:
            u = value.u & 0xFFFFFFFF
            return u - (1 << 32) if u & 0x80000000 else u
        if tag == TAG_FLOAT64:
            number = _DOUBLE.unpack(_U64.pack(value.u))[0]
            # JS has one number type: integral values read more naturally as Python ints.
            if (
                number.is_integer()
                and abs(number) <= _MAX_SAFE_INT
                and (number or str(number)[0] != "-")
            ):
                return int(number)
            return number
        if tag in (TAG_STRING, TAG_STRING_ROPE):
            return self._string(value)
        if tag == TAG_BOOL:
            return bool(value.u & 1)
        if tag in (TAG_UNDEFINED, TAG_NULL):
            return None
        if tag in (TAG_BIG_INT, TAG_SHORT_BIG_INT):
            return int(self._string(value))
        if tag != TAG_OBJECT:
            return JSRef(self, lib.JS_DupValue(self._ctx, value), KIND_SYMBOL)
        return self._object_to_py(value, {} if _seen is None else _seen)

    def _object_to_py(self, value: Any, seen: dict[int, Any]) -> Any:
        ctx = self._ctx
        if value.u in seen:
            return seen[value.u]
        kind = self._call_raw(self._kind_fn.value, UNDEFINED, [value])
        if kind == KIND_ARRAY:
            items: list[Any] = []
            seen[value.u] = items
            length = ffi.new("int64_t *")
            if lib.JS_GetLength(ctx, value, length) < 0:
                raise self._take_exception()
            for i in range(length[0]):
                item = lib.JS_GetPropertyUint32(ctx, value, i)
                try:
                    items.append(self._checked_to_py(item, seen))
                finally:
                    lib.JS_FreeValue(ctx, item)
            return items
        if kind == KIND_PLAIN:
            result: dict[str, Any] = {}
            seen[value.u] = result
            for key in self._own_keys(value):
                item = lib.JS_GetPropertyStr(ctx, value, key.encode("utf-8", "surrogatepass"))
                try:
                    result[key] = self._checked_to_py(item, seen)
                finally:
                    lib.JS_FreeValue(ctx, item)
            return result
        if kind == KIND_BYTES:  # a Uint8Array over a fixed-length buffer: C knows its length
            size = ffi.new("size_t *")
            ptr = lib.JS_GetUint8Array(ctx, size, value)
            if ptr != _NULL:
                return bytes(ffi.buffer(ptr, size[0]))
            lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))  # detached, or a look-alike
            kind = KIND_BINARY
        if kind == KIND_BINARY:
            return self._binary().to_py(self, value)
        if kind == KIND_ERROR:
            return self._error_from_value(lib.JS_DupValue(ctx, value))
        return JSRef(self, lib.JS_DupValue(ctx, value), kind)

    def _checked_to_py(self, value: Any, seen: dict[int, Any]) -> Any:
        if value.tag == TAG_EXCEPTION:
            raise self._take_exception()
        return self.to_py(value, _seen=seen)

    def _own_keys(self, value: Any) -> list[str]:
        ctx = self._ctx
        tab = ffi.new("JSPropertyEnum **")
        count = ffi.new("uint32_t *")
        if lib.JS_GetOwnPropertyNames(ctx, tab, count, value, GPN_STRING_MASK | GPN_ENUM_ONLY) < 0:
            raise self._take_exception()
        try:
            keys = []
            size = ffi.new("size_t *")
            for i in range(count[0]):
                ptr = lib.JS_AtomToCStringLen(ctx, size, tab[0][i].atom)
                keys.append(ffi.unpack(ptr, size[0]).decode("utf-8", "surrogatepass"))
                lib.JS_FreeCString(ctx, ptr)
            return keys
        finally:
            lib.JS_FreePropertyEnum(ctx, tab[0], count[0])

    def own_keys(self, obj: JSRef) -> list[str]:
        """`Object.keys(obj)`: its own enumerable string keys."""
        self._enter()
        try:
            return self._own_keys(obj.value)
        finally:
            self._leave()

    def from_py(self, obj: Any, *, _seen: dict[int, Any] | None = None) -> Any:
        """A new (owned) JS value for a Python value."""
        ctx = self._ctx
        if obj is None:
            return NULL
        if obj is True:
            return TRUE
        if obj is False:
            return FALSE
        if isinstance(obj, str):
            return self._new_string(obj)
        if isinstance(obj, int):
            if -_MAX_SAFE_INT <= obj <= _MAX_SAFE_INT:
                return lib.JS_NewNumber(ctx, float(obj))
            return self._eval_value(f"{obj}n")
        if isinstance(obj, float):
            return lib.JS_NewNumber(ctx, obj)
        if isinstance(obj, JSRef):
            return lib.JS_DupValue(ctx, obj.value)
        if isinstance(obj, JSError) and isinstance(obj.value, JSRef):
            return lib.JS_DupValue(ctx, obj.value.value)
        if isinstance(obj, bytes):  # copied: JS must not write into an immutable object
            return lib.JS_NewUint8ArrayCopy(ctx, obj, len(obj))
        if isinstance(obj, (bytearray, memoryview)):
            return self._binary().to_js(self, obj)
        seen = {} if _seen is None else _seen
        if id(obj) in seen:
            return lib.JS_DupValue(ctx, seen[id(obj)])
        if isinstance(obj, Mapping):
            target = lib.JS_NewObject(ctx)
            seen[id(obj)] = target
            for key, item in obj.items():
                lib.JS_SetPropertyStr(
                    ctx,
                    target,
                    str(key).encode("utf-8", "surrogatepass"),
                    self.from_py(item, _seen=seen),
                )
            return target
        if isinstance(obj, (list, tuple)):
            target = lib.JS_NewArray(ctx)
            seen[id(obj)] = target
            for i, item in enumerate(obj):
                lib.JS_SetPropertyUint32(ctx, target, i, self.from_py(item, _seen=seen))
            return target
        if callable(obj):
            return self._new_function(obj, getattr(obj, "__name__", ""))
        view = buffer_view(obj)  # array.array, numpy arrays, mmap, ...
        if view is not None:
            return self._binary().to_js(self, view)
        raise TypeError(f"cannot pass a {type(obj).__name__} to JavaScript")

    def _eval_value(self, source: str) -> Any:
        data = source.encode()
        return lib.JS_Eval(self._ctx, data, len(data), b"<esmload>", EVAL_TYPE_GLOBAL)
