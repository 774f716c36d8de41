"""Binary data between Python and JavaScript: buffer-protocol objects ↔ typed arrays, DataView
and ArrayBuffer. Loaded on first use (the CLI path rarely needs it).

Out (JS → Python): a Uint8Array (so a Node Buffer) becomes `bytes`; every other typed array, a
DataView, an ArrayBuffer or a SharedArrayBuffer becomes a `memoryview` of exactly the view's
bytes, in the elements' format ('b', 'h', 'H', 'i', 'I', 'q', 'Q', 'e', 'f', 'd'; 'B' for
Uint8ClampedArray, DataView and the buffers).

In (Python → JS): an object with the buffer protocol becomes the typed array of its format
(bytes and 'B' → Uint8Array, 'f' → Float32Array, integers by item size, ...), flattened in C
order. A writable buffer is shared: JS reads and writes the Python object's memory. A read-only
one is copied, so that JS never writes into an immutable object.

Memory safety rests on what QuickJS-ng 0.17 does with an ArrayBuffer's memory (quickjs.c):
- memory JS owns is freed or moved when JS detaches a buffer (`transfer(0)`), transfers it to
  another length (realloc), resizes a resizable one (realloc) or drops it. A Python view of it
  could dangle, so it goes out by copy, bounded by the buffer's current size as C reports it
  (what a view says its length is may be stale or overridden by JS);
- memory Python lends goes in through `JS_NewArrayBuffer` with a realloc function: a
  fixed-length buffer, which JS cannot resize; QuickJS calls the function with size 0 exactly
  once, when no ArrayBuffer uses the memory any more (the buffer is freed or detached; a
  same-length transfer hands the memory, the function and its opaque to the new buffer and
  clears the old one's), and with a size when JS transfers it to another length. Until size 0
  the loan keeps the Python buffer exported, so Python cannot free or move that memory either
  (resizing a bytearray raises BufferError); and JS views of lent memory go out zero-copy, as
  views of the Python object, which keep it alive by themselves.
"""

from __future__ import annotations

import sys

from esmload.engine.handles import KIND_OTHER, JSRef
from esmload.engine.lib import TAG_EXCEPTION, ffi, lib

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

    from esmload.engine.base import EngineBase

_NULL = ffi.NULL

# JSTypedArrayEnum (quickjs.h), in order.
(
    UINT8C,
    INT8,
    UINT8,
    INT16,
    UINT16,
    INT32,
    UINT32,
    BIG_INT64,
    BIG_UINT64,
    FLOAT16,
    FLOAT32,
    FLOAT64,
) = range(12)
#: the memoryview format of each kind's elements (native order and sizes, as JS uses them)
FORMATS = ("B", "b", "B", "h", "H", "i", "I", "q", "Q", "e", "f", "d")
_ITEMSIZES = (1, 1, 1, 2, 2, 4, 4, 8, 8, 2, 4, 8)

#: QuickJS keeps an ArrayBuffer's length in an int32
MAX_BYTES = 2**31 - 1

_SIGNED = {1: INT8, 2: INT16, 4: INT32, 8: BIG_INT64}
_UNSIGNED = {1: UINT8, 2: UINT16, 4: UINT32, 8: BIG_UINT64}
_FLOATS = {2: FLOAT16, 4: FLOAT32, 8: FLOAT64}
_BY_CODE = {
    **dict.fromkeys("bhilqn", _SIGNED),
    **dict.fromkeys("BHILQNc", _UNSIGNED),
    **dict.fromkeys("efd", _FLOATS),
}
_FOREIGN_ORDER = ">!" if sys.byteorder == "little" else "<"


def _half_floats_cast() -> bool:
    """Whether memoryview takes the 'e' format (Python 3.10 and 3.11 do not)."""
    try:
        memoryview(bytes(2)).cast("e")  # type: ignore[call-overload]  # (not in typeshed)
    except (TypeError, ValueError):
        return False
    return True


_HALF_CAST = _half_floats_cast()


def typed_array_type(fmt: str, itemsize: int) -> int:
    """The JSTypedArrayEnum for a buffer's struct format and item size."""
    code = fmt
    if code[:1] in ("@", "=", "<", ">", "!"):
        if itemsize > 1 and code[0] in _FOREIGN_ORDER:
            raise TypeError(
                f"cannot pass a buffer of format {fmt!r} to JavaScript: typed arrays use the "
                f"machine's byte order ({sys.byteorder}-endian)"
            )
        code = code[1:]
    kinds = _BY_CODE.get(code)
    array_type = None if kinds is None else kinds.get(itemsize)
    if array_type is None:
        raise TypeError(
            f"cannot pass a buffer of format {fmt!r} (item size {itemsize}) to JavaScript: "
            "typed arrays hold integers of 1, 2, 4 or 8 bytes and floats of 2, 4 or 8 bytes"
        )
    return array_type


class _Loan:
    """Python memory one JS ArrayBuffer uses. `view` (flat bytes) holds the Python object's
    buffer export, `pointer` holds one on `view`: the memory stays put while either lives."""

    __slots__ = ("view", "pointer", "address")

    def __init__(self, view: memoryview) -> None:
        self.view = view
        self.pointer = ffi.from_buffer("uint8_t[]", view, require_writable=True)
        self.address = int(ffi.cast("uintptr_t", self.pointer))


class BufferBridge:
    """An engine's binary data: the Python memory its ArrayBuffers use (by the opaque key
    QuickJS passes back to the realloc function), and scratch space for C's outputs."""

    def __init__(self) -> None:
        self._loans: dict[int, _Loan] = {}
        self._at: dict[int, list[_Loan]] = {}  # by address: one object may be lent twice
        self._seq = 0
        # QuickJS calls it whenever it frees such a buffer (any GC, JS_FreeRuntime included):
        # it must never raise into C, so a failure is NULL ("could not resize").
        self._callback = ffi.callback(
            "JSReallocArrayBufferDataFunc *", self._on_realloc, onerror=lambda *_: None
        )
        # Outputs of C calls, each read right after its call. (Of those calls only
        # JS_GetLength may run JS, and so nest a conversion; it writes its output after.)
        self._sizes = ffi.new("size_t[3]")
        self._offset_out = self._sizes + 0
        self._length_out = self._sizes + 1
        self._size_out = self._sizes + 2
        self._count_out = ffi.new("int64_t *")

    def __len__(self) -> int:
        """How many Python buffers JS holds."""
        return len(self._loans)

    # ------------------------------------------------------------------------- Python → JS

    def to_js(self, engine: EngineBase, obj: Any) -> Any:
        """A new typed array for a buffer-protocol object (shared if writable, else copied)."""
        view = obj if isinstance(obj, memoryview) else memoryview(obj)
        array_type = typed_array_type(view.format, view.itemsize)
        size = view.nbytes
        if size > MAX_BYTES:
            raise ValueError(f"a JavaScript ArrayBuffer holds at most {MAX_BYTES} bytes: {size}")
        ctx = engine._ctx
        if view.readonly or size == 0:
            data = view.cast("B") if view.c_contiguous else view.tobytes()
            buffer = lib.JS_NewArrayBufferCopy(ctx, ffi.from_buffer(data), size)
        elif view.c_contiguous:
            buffer = self._lend(ctx, view.cast("B"))
        else:
            raise TypeError(
                "a writable buffer is shared with JavaScript, so it must be C-contiguous: "
                "pass a contiguous copy, or bytes for a copy JavaScript cannot write to"
            )
        if buffer.tag == TAG_EXCEPTION:
            raise engine._take_exception()
        argv = ffi.new("JSValue[1]", [buffer])
        array = lib.JS_NewTypedArray(ctx, 1, argv, array_type)
        lib.JS_FreeValue(ctx, buffer)  # the typed array holds it (or, failed, nothing does)
        if array.tag == TAG_EXCEPTION:
            raise engine._take_exception()
        return array

    def _lend(self, ctx: Any, flat: memoryview) -> Any:
        """A new ArrayBuffer over `flat`'s memory (a writable, contiguous, non-empty 'B' view),
        or the exception marker."""
        loan = _Loan(flat)
        self._seq += 1
        key = self._seq
        self._add(key, loan)
        opaque = ffi.cast("void *", key)
        buffer = lib.JS_NewArrayBuffer(
            ctx, loan.pointer, len(flat), 0, self._callback, opaque, False
        )
        if buffer.tag == TAG_EXCEPTION:
            self._remove(key)  # no buffer took it: QuickJS will not call back
        return buffer

    def _add(self, key: int, loan: _Loan) -> None:
        self._loans[key] = loan
        self._at.setdefault(loan.address, []).append(loan)

    def _remove(self, key: int) -> None:
        loan = self._loans.pop(key, None)
        if loan is None:
            return
        others = self._at[loan.address]
        others.remove(loan)
        if not others:
            del self._at[loan.address]

    def _on_realloc(self, rt: Any, opaque: Any, ptr: Any, size: int) -> Any:
        key = int(ffi.cast("uintptr_t", opaque))
        if size == 0:  # no buffer uses the memory any more: the Python object is released
            self._remove(key)
            return _NULL
        # A transfer to another length. Python memory cannot grow in place: the new buffer
        # gets a block of Python memory of its own, and the lent object is released.
        old = self._loans[key]
        block = bytearray(size)
        kept = min(size, len(old.view))
        block[:kept] = old.view[:kept]
        loan = _Loan(memoryview(block))
        self._remove(key)
        self._add(key, loan)
        return loan.pointer

    # ------------------------------------------------------------------------- JS → Python

    def to_py(self, engine: EngineBase, value: Any) -> Any:
        """Binary data (a borrowed typed array, DataView, ArrayBuffer or SharedArrayBuffer) as
        Python data: `bytes` for a Uint8Array, else a memoryview, writable when it is Python
        memory JS was lent (zero-copy), read-only when it is a copy of JS's memory. What turns
        out to be none of these (a look-alike) stays in JS: a new `JSRef`."""
        ctx = engine._ctx
        array_type = lib.JS_GetTypedArrayType(value)
        if array_type >= 0:
            data = self._typed_array(engine, value, _ITEMSIZES[array_type])
            if array_type == UINT8:
                return data if isinstance(data, bytes) else bytes(data)
            return _cast(memoryview(data), FORMATS[array_type])
        if lib.JS_IsDataView(value):
            found = self._data_view(engine, value)
        else:
            found = self._bytes(ctx, value, 0, MAX_BYTES, 1)
        if found is None:  # a look-alike: it stays in JS
            return JSRef(engine, lib.JS_DupValue(ctx, value), KIND_OTHER)
        return memoryview(found)

    def _typed_array(self, engine: EngineBase, value: Any, itemsize: int) -> bytes | memoryview:
        # QuickJS keeps the byte length a view had when it was made: one that tracks a
        # resizable buffer may be shorter or longer now. Longer is clipped to the buffer.
        # Shorter shows as a view that ends before its buffer: then `length` tells (a getter,
        # which may run JS, so everything is looked up again after it).
        ctx = engine._ctx
        wanted = 0
        while True:
            buffer = lib.JS_GetTypedArrayBuffer(
                ctx, value, self._offset_out, self._length_out, _NULL
            )
            if buffer.tag == TAG_EXCEPTION:  # detached, or out of bounds of a shrunk buffer
                _clear_exception(ctx)
                return b""
            try:
                offset, length = self._sizes[0], self._sizes[1]
                data = lib.JS_GetArrayBuffer(ctx, self._size_out, buffer)
                size = self._sizes[2]
                if data == _NULL:  # (cannot be: the view is in bounds)
                    _clear_exception(ctx)
                    return b""
                if wanted or offset + length >= size:
                    return self._slice(data, size, offset, max(length, wanted), itemsize)
            finally:
                lib.JS_FreeValue(ctx, buffer)
            if lib.JS_GetLength(ctx, value, self._count_out) < 0:
                raise engine._take_exception()
            wanted = max(self._count_out[0], 0) * itemsize or -1  # (-1: asked, nothing more)

    def _data_view(self, engine: EngineBase, value: Any) -> bytes | memoryview | None:
        ctx = engine._ctx
        # No C call reads a DataView: byteOffset and byteLength (getters: they may run JS, and
        # throw once the buffer is detached or shrunk under the view), then the buffer.
        bounds = []
        for name in ("byteOffset", "byteLength"):
            item = engine._get(value, name)
            if item.tag == TAG_EXCEPTION:
                _clear_exception(ctx)
                return b""
            try:
                bounds.append(engine.to_py(item))
            finally:
                lib.JS_FreeValue(ctx, item)
        offset, length = bounds
        if not (isinstance(offset, int) and isinstance(length, int)) or min(offset, length) < 0:
            return None  # its accessors were replaced
        buffer = engine._get(value, "buffer")
        if buffer.tag == TAG_EXCEPTION:
            raise engine._take_exception()
        try:
            return self._bytes(ctx, buffer, offset, length, 1)
        finally:
            lib.JS_FreeValue(ctx, buffer)

    def _bytes(
        self, ctx: Any, buffer: Any, offset: int, length: int, itemsize: int
    ) -> bytes | memoryview | None:
        """Bytes of an ArrayBuffer or SharedArrayBuffer as `_slice` gives them; None: `buffer`
        is neither."""
        data = lib.JS_GetArrayBuffer(ctx, self._size_out, buffer)
        if data == _NULL:  # detached (size 0), or no buffer at all
            _clear_exception(ctx)
            if not lib.JS_IsArrayBuffer(buffer):
                return None
        return self._slice(data, self._sizes[2], offset, length, itemsize)

    def _slice(
        self, data: Any, size: int, offset: int, length: int, itemsize: int
    ) -> bytes | memoryview:
        """Bytes [offset, offset + length) of a buffer's memory at `data` (`size` bytes now),
        clipped to it and to whole items: a view of the Python memory when it is lent, else a
        copy (`bytes`)."""
        length = max(min(offset + length, size) - offset, 0)
        length -= length % itemsize
        if length == 0:
            return b""
        if self._at:
            for loan in self._at.get(int(ffi.cast("uintptr_t", data)), ()):
                if len(loan.view) == size:  # (while lent, the memory is the Python object's)
                    return loan.view[offset : offset + length]
        # JS's memory: copied now. The pointer is good until JS runs again, and nothing since
        # JS_GetArrayBuffer has called into the engine.
        return ffi.buffer(data + offset, length)[:]  # type: ignore[no-any-return]


def _cast(view: memoryview, fmt: str) -> memoryview:
    if fmt == "B":
        return view
    if fmt == "e" and not _HALF_CAST:
        # This Python's memoryview has no half floats: the values widen to 'f' (exactly).
        import struct
        from array import array

        return memoryview(array("f", struct.unpack(f"={len(view) // 2}e", view))).toreadonly()
    return view.cast(fmt)  # type: ignore[call-overload]  # (typeshed wants a literal)


def _clear_exception(ctx: Any) -> None:
    lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
