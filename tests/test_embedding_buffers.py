"""Binary data across the embedding API: typed arrays, DataView and ArrayBuffer out as buffers,
buffer-protocol objects in as typed arrays (writable ones shared, read-only ones copied), and the
lifetime of Python memory that JavaScript holds (esmload/engine/buffers.py)."""

from __future__ import annotations

import array
import ctypes
import gc
import sys
import weakref
from pathlib import Path

import pytest

import esmload


def _memoryview_has_half_floats() -> bool:
    try:
        memoryview(bytes(2)).cast("e")
    except ValueError:
        return False
    return True


HALF_FLOAT_FORMAT = "e" if _memoryview_has_half_floats() else "f"


@pytest.fixture
def rt(tmp_path: Path):
    with esmload.Runtime(cache_dir=tmp_path / "cache") as runtime:
        yield runtime


def loans(rt: esmload.Runtime) -> int:
    """How many Python buffers the engine's ArrayBuffers use."""
    buffers = rt._engine._buffers
    return 0 if buffers is None else len(buffers)


# ------------------------------------------------------------------------------------- out

KINDS = [
    ("Int8Array", "b", 1, [1, -2, 127, -128]),
    ("Uint8ClampedArray", "B", 1, [1, 2, 255, 0]),
    ("Int16Array", "h", 2, [1, -2, 32767, -32768]),
    ("Uint16Array", "H", 2, [1, 2, 65535, 0]),
    ("Int32Array", "i", 4, [1, -2, 2**31 - 1, -(2**31)]),
    ("Uint32Array", "I", 4, [1, 2, 2**32 - 1, 0]),
    ("Float32Array", "f", 4, [1.5, -2.25, 2.0**100, 0.0]),
    ("Float64Array", "d", 8, [1.5, -2.25, 1e300, 0.1]),
    ("BigInt64Array", "q", 8, [1, -2, 2**63 - 1, -(2**63)]),
    ("BigUint64Array", "Q", 8, [1, 2, 2**64 - 1, 0]),
]


def js_list(ctor: str, values: list) -> str:
    suffix = "n" if ctor.startswith("Big") else ""
    return "[" + ", ".join(f"{v!r}{suffix}" for v in values) + "]"


@pytest.mark.parametrize(("ctor", "fmt", "itemsize", "values"), KINDS)
def test_typed_arrays_come_out_as_memoryviews_of_their_format(
    rt, ctor: str, fmt: str, itemsize: int, values: list
) -> None:
    out = rt.eval(f"new {ctor}({js_list(ctor, values)})")
    assert isinstance(out, memoryview)
    assert (out.format, out.itemsize, out.shape, out.ndim) == (fmt, itemsize, (4,), 1)
    assert out.tolist() == values
    # A view at an offset into a longer buffer: exactly its own elements.
    rt.eval(
        f"globalThis.whole = new {ctor}({js_list(ctor, values + values)});"
        f"globalThis.part = new {ctor}(whole.buffer, {itemsize} * 3, 2)"
    )
    part = rt.eval("part")
    assert (part.format, part.shape) == (fmt, (2,))
    assert part.tolist() == [values[3], values[0]]
    assert rt.eval("whole.subarray(5)").tolist() == values[1:]
    assert rt.eval(f"new {ctor}(0)").tolist() == []


def test_half_float_arrays_come_out_with_exact_values(rt) -> None:
    out = rt.eval("new Float16Array([1.5, -0.125, 65504, 2 ** -24])")
    # Where memoryview has no half floats (Python 3.11), the values widen to float32.
    assert out.format == HALF_FLOAT_FORMAT
    assert out.tolist() == [1.5, -0.125, 65504.0, 2.0**-24]


def test_uint8_arrays_and_buffers_still_come_out_as_bytes(rt) -> None:
    assert rt.eval("new Uint8Array([0, 255, 7])") == b"\x00\xff\x07"
    assert type(rt.eval("Buffer.from('hi')")) is bytes
    assert rt.eval("new Uint8Array(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2)") == b"\x02\x03"
    assert memoryview(rt.eval("new Uint8Array(3)")).format == "B"


def test_array_buffers_data_views_and_shared_buffers_come_out_as_bytes_views(rt) -> None:
    buffer = rt.eval("new Uint8Array([1, 2, 3, 4, 5]).buffer")
    assert isinstance(buffer, memoryview)
    assert (buffer.format, buffer.shape, buffer.tolist()) == ("B", (5,), [1, 2, 3, 4, 5])
    view = rt.eval("new DataView(new Uint8Array([1, 2, 3, 4, 5]).buffer, 1, 3)")
    assert (view.format, view.tolist()) == ("B", [2, 3, 4])
    shared = rt.eval("const s = new SharedArrayBuffer(4); new Uint8Array(s)[2] = 9; s")
    assert shared.tolist() == [0, 0, 9, 0]


def test_copies_of_js_memory_are_read_only_snapshots(rt) -> None:
    out = rt.eval("globalThis.js = new Float64Array([1, 2]); js")
    assert out.readonly
    with pytest.raises(TypeError):
        out[0] = 5.0
    rt.eval("js[0] = 42")
    assert out.tolist() == [1.0, 2.0]


def test_reads_of_js_memory_stay_inside_the_buffer(rt) -> None:
    """A typed array over a resizable buffer keeps the length it had when it was made (QuickJS
    does not update it on resize); a view's length can be redefined by JS. Neither may make
    Python read past the buffer's current end."""
    rt.eval(
        "globalThis.rab = new ArrayBuffer(64, { maxByteLength: 1 << 20 });"
        "globalThis.u8 = new Uint8Array(rab); u8.fill(7);"
        "globalThis.f64 = new Float64Array(rab, 8); globalThis.dv = new DataView(rab, 8);"
        "rab.resize(12)"
    )
    assert rt.eval("u8") == b"\x07" * 12
    assert rt.eval("f64").tolist() == []
    assert rt.eval("dv").tolist() == [7, 7, 7, 7]
    rt.eval("rab.resize(1 << 20)")  # length-tracking views grow with the buffer
    assert len(rt.eval("u8")) == 1 << 20
    assert len(rt.eval("f64")) == ((1 << 20) - 8) // 8
    rt.eval("rab.resize(4); Object.defineProperty(u8, 'length', { value: 1e6 })")
    assert rt.eval("u8") == b"\x07" * 4
    assert rt.eval("f64").tolist() == [] and rt.eval("dv").tolist() == []
    rt.eval(
        "globalThis.lying = new DataView(new ArrayBuffer(8), 2);"
        "Object.defineProperty(lying, 'byteLength', { value: 1e6 })"
    )
    assert len(rt.eval("lying")) == 6


def test_tampered_accessors_do_not_reach_past_the_buffer(rt) -> None:
    """Code may replace the accessors that tell whether a buffer can shrink; esmload uses the
    engine's own."""
    rt.eval(
        "globalThis.rab = new ArrayBuffer(64, { maxByteLength: 128 });"
        "globalThis.u8 = new Uint8Array(rab).fill(1);"
        "Object.defineProperty(ArrayBuffer.prototype, 'resizable', { get() { return false; } });"
        "Object.defineProperty(Object.getPrototypeOf(Uint8Array.prototype), 'buffer',"
        "  { get() { return new ArrayBuffer(8); } });"
        "Object.defineProperty(u8, 'length', { value: 64 }); rab.resize(4)"
    )
    assert rt.eval("u8") == b"\x01" * 4
    # A typed array of another kind dressed as a Uint8Array is what it really is.
    disguised = rt.eval("Object.setPrototypeOf(new Int8Array([-1]), Uint8Array.prototype)")
    assert (disguised.format, disguised.tolist()) == ("b", [-1])


def test_detached_views_come_out_empty(rt) -> None:
    rt.eval(
        "globalThis.ab = new ArrayBuffer(8); globalThis.f32 = new Float32Array(ab);"
        "globalThis.u8 = new Uint8Array(ab); globalThis.dv = new DataView(ab); ab.transfer()"
    )
    assert rt.eval("ab").tolist() == []
    assert (rt.eval("f32").format, rt.eval("f32").tolist()) == ("f", [])
    assert rt.eval("u8") == b""
    assert rt.eval("dv").tolist() == []


def test_look_alikes_stay_in_javascript(rt) -> None:
    fake = rt.eval("Object.setPrototypeOf({ x: 1 }, Float32Array.prototype)")
    assert isinstance(fake, esmload.JSObject)
    fake_buffer = rt.eval("Object.setPrototypeOf({ x: 1 }, ArrayBuffer.prototype)")
    assert isinstance(fake_buffer, esmload.JSObject)
    # Code that replaces the globals does not change what binary data is.
    rt.eval("delete globalThis.SharedArrayBuffer; globalThis.ArrayBuffer = function () {}")
    assert rt.eval("new Int16Array([3])").tolist() == [3]
    assert isinstance(rt.eval("new Map()"), esmload.JSObject)


# -------------------------------------------------------------------------------------- in

TYPECODES = {
    "b": ("Int8Array", [1, -2, 127]),
    "B": ("Uint8Array", [1, 2, 255]),
    "h": ("Int16Array", [1, -2, -32768]),
    "H": ("Uint16Array", [1, 2, 65535]),
    "i": ("Int32Array", [1, -2, -(2**31)]),
    "I": ("Uint32Array", [1, 2, 2**32 - 1]),
    "l": ("BigInt64Array" if array.array("l").itemsize == 8 else "Int32Array", [1, -2, -7]),
    "L": ("BigUint64Array" if array.array("L").itemsize == 8 else "Uint32Array", [1, 2, 7]),
    "q": ("BigInt64Array", [1, -2, -(2**63)]),
    "Q": ("BigUint64Array", [1, 2, 2**64 - 1]),
    "f": ("Float32Array", [1.5, -2.25, 0.0]),
    "d": ("Float64Array", [1.5, -2.25, 0.1]),
}

DESCRIBE = "(x) => [x.constructor.name, Array.from(x, String)]"


def js_str(value: float) -> str:
    """String(value) in JS (integral numbers have no '.0')."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


@pytest.mark.parametrize("typecode", sorted(TYPECODES))
def test_arrays_of_every_typecode_go_in_as_their_typed_array(rt, typecode: str) -> None:
    ctor, values = TYPECODES[typecode]
    described = rt.eval(DESCRIBE)(array.array(typecode, values))
    assert described == [ctor, [js_str(v) for v in values]]


def test_memoryview_casts_bytes_and_bytearrays_go_in_by_format(rt) -> None:
    describe = rt.eval(DESCRIBE)
    raw = bytearray(range(8))
    assert describe(memoryview(raw).cast("I")) == [
        "Uint32Array",
        [str(int.from_bytes(raw[i : i + 4], sys.byteorder)) for i in (0, 4)],
    ]
    assert describe(memoryview(raw).cast("h"))[0] == "Int16Array"
    assert describe(memoryview(raw).cast("c")) == ["Uint8Array", [str(b) for b in raw]]
    # Multi-dimensional C-contiguous buffers flatten.
    grid = memoryview(raw).cast("B", (2, 4))
    assert describe(grid) == ["Uint8Array", [str(b) for b in raw]]
    assert describe(b"\x01\x02") == ["Uint8Array", ["1", "2"]]
    assert describe(bytearray(b"\x03")) == ["Uint8Array", ["3"]]
    assert describe(memoryview(b"abc")[::2]) == ["Uint8Array", ["97", "99"]]  # copied
    assert describe(bytearray()) == ["Uint8Array", []]
    assert describe((ctypes.c_int16 * 2)(5, -6)) == ["Int16Array", ["5", "-6"]]


def test_unsupported_buffers_raise_type_error(rt) -> None:
    describe = rt.eval(DESCRIBE)
    with pytest.raises(TypeError, match=r"format '\?'"):
        describe(memoryview(bytearray(2)).cast("?"))
    with pytest.raises(TypeError, match="format 'P'"):
        describe(memoryview(bytearray(8)).cast("P"))
    foreign = (
        ctypes.c_int32.__ctype_be__ if sys.byteorder == "little" else ctypes.c_int32.__ctype_le__
    )
    with pytest.raises(TypeError, match="byte order"):
        describe((foreign * 2)())
    with pytest.raises(TypeError, match="C-contiguous"):
        describe(memoryview(bytearray(8))[::2])
    with pytest.raises(TypeError, match="cannot pass"):
        describe(array.array("u", "ab"))


def test_writable_buffers_are_shared_both_ways(rt) -> None:
    data = bytearray(b"abcd")
    write = rt.eval("(u) => { u[0] = 122; globalThis.held = u; return u.length; }")
    assert write(data) == 4
    assert data == bytearray(b"zbcd")
    data[1] = ord("y")  # Python's writes are JS's too
    assert rt.eval("String.fromCharCode(...held)") == "zycd"
    numbers = array.array("d", [1.0, 2.0])
    rt.eval("(a) => { a[1] = a[0] + 40.5; }")(numbers)
    assert numbers.tolist() == [1.0, 41.5]


def test_read_only_buffers_are_copied(rt) -> None:
    source = bytes(4)
    view = memoryview(bytearray(4)).toreadonly()
    scribble = rt.eval("(u) => { u.fill(9); return Array.from(u); }")
    assert scribble(source) == [9, 9, 9, 9] and source == bytes(4)
    assert scribble(view) == [9, 9, 9, 9] and view.tolist() == [0, 0, 0, 0]


def test_js_views_of_python_memory_come_out_zero_copy(rt) -> None:
    data = bytearray(16)
    out = rt.eval("(u) => new Float32Array(u.buffer, 4, 2)")(data)
    assert (out.format, out.shape, out.readonly) == ("f", (2,), False)
    assert out.obj is data  # the very object Python lent
    out[1] = 2.5
    assert memoryview(data)[8:12].cast("f")[0] == 2.5
    whole = rt.eval("(u) => u.buffer")(data)
    assert whole.obj is data and whole.nbytes == 16


def test_shared_buffer_stays_alive_while_js_holds_it(rt) -> None:
    numbers = array.array("i", [1, 2, 3])
    alive = weakref.ref(numbers)
    rt.eval("(a) => { globalThis.kept = a; }")(numbers)
    del numbers
    gc.collect()
    assert alive() is not None
    assert rt.eval("kept.reduce((a, b) => a + b)") == 6
    rt.eval("kept = null")
    gc.collect()
    assert alive() is None
    assert loans(rt) == 0


def test_python_buffer_is_released_when_js_lets_go(rt) -> None:
    data = bytearray(8)
    rt.eval("(u) => { globalThis.kept = [u, u.buffer, new DataView(u.buffer)]; }")(data)
    with pytest.raises(BufferError):
        data.extend(b"more")  # exported: the memory JS uses cannot move
    rt.eval("kept = null")
    data.extend(b"more")
    # Inside a cycle, the buffer goes when the engine collects the cycle.
    rt.eval("(u) => { const o = { u }; o.self = o; globalThis.cycle = o; }")(data)
    rt.eval("cycle = null")
    with pytest.raises(BufferError):
        data.extend(b"!")
    rt._engine.run_gc()
    data.extend(b"!")
    assert loans(rt) == 0


def test_closing_the_runtime_releases_python_buffers(tmp_path: Path) -> None:
    data = bytearray(8)
    runtime = esmload.Runtime(cache=False)
    runtime.eval("(u) => { globalThis.kept = u; }")(data)
    with pytest.raises(BufferError):
        data.append(1)
    runtime.close()
    data.append(1)


def test_detach_and_transfer_of_a_shared_buffer_are_memory_safe(rt) -> None:
    data = bytearray(b"0123456789abcdef")
    # Transfer at the same length: the new buffer takes over the same Python memory.
    rt.eval(
        "(u) => { globalThis.old = u; globalThis.moved = u.buffer.transfer();"
        "new Uint8Array(moved)[0] = 65; }"
    )(data)
    assert data[0] == ord("A") and loans(rt) == 1
    assert rt.eval("old") == b"" and rt.eval("old.length") == 0
    with pytest.raises(BufferError):
        data.append(1)
    # Transfer to another length: JS gets Python memory of its own, the bytearray is free.
    rt.eval("globalThis.longer = moved.transfer(32); new Uint8Array(longer)[1] = 66")
    assert rt.eval("[moved.detached, longer.byteLength]") == [True, 32]
    assert data[1] == ord("1")
    data.extend(bytes(1000))  # may move the bytearray's memory
    longer = rt.eval("longer")
    assert bytes(longer[:3]) == b"AB2" and longer.nbytes == 32
    assert rt.eval("Array.from(new Uint8Array(longer, 30))") == [0, 0]
    # Detach (transfer to length 0): released at once; the old views are empty.
    other = bytearray(b"xyz")
    assert rt.eval(
        "(u) => { globalThis.gone = u; const empty = u.buffer.transfer(0);"
        "return [u.length, u.buffer.detached, empty.byteLength]; }"
    )(other) == [0, True, 0]
    other.extend(bytes(1000))
    assert rt.eval("gone") == b"" and rt.eval("gone.buffer").tolist() == []
    assert loans(rt) == 1  # `longer`'s block
    # JS lets go of `longer`: the Python view of its block stays good (Python owns it).
    rt.eval("longer = null")
    assert loans(rt) == 0
    assert bytes(longer[:3]) == b"AB2"


def test_no_growth_over_many_round_trips(rt) -> None:
    echo = rt.eval("(u) => { u[0]++; return new Float64Array(u.buffer, 8, 2); }")
    data = bytearray(64)

    def round_trip() -> None:
        out = echo(data)
        assert out.obj is data and out.format == "d"
        rt.eval("new Float64Array(16)")

    for _ in range(1000):
        round_trip()
    gc.collect()
    rt._engine.run_gc()
    memory = rt.memory_usage()["memory_used_size"]
    objects = len(gc.get_objects())
    for _ in range(10000):
        round_trip()
    gc.collect()
    rt._engine.run_gc()
    assert rt.memory_usage()["memory_used_size"] - memory < 64 * 1024
    assert len(gc.get_objects()) - objects < 500
    assert loans(rt) == 0
    assert data[0] == 11000 % 256
    data.append(1)  # nothing holds it any more


def test_numpy_arrays_are_shared(rt) -> None:
    np = pytest.importorskip("numpy")
    describe = rt.eval(DESCRIBE)
    for dtype, ctor in [
        ("int8", "Int8Array"),
        ("uint8", "Uint8Array"),
        ("int16", "Int16Array"),
        ("uint16", "Uint16Array"),
        ("int32", "Int32Array"),
        ("uint32", "Uint32Array"),
        ("int64", "BigInt64Array"),
        ("uint64", "BigUint64Array"),
        ("float16", "Float16Array"),
        ("float32", "Float32Array"),
        ("float64", "Float64Array"),
    ]:
        grid = np.arange(6, dtype=dtype).reshape(2, 3)
        assert describe(grid) == [ctor, ["0", "1", "2", "3", "4", "5"]], dtype
    grid = np.zeros((2, 3))
    rt.eval("(a) => { a[4] = 7.5; }")(grid)
    assert grid[1, 1] == 7.5
    out = np.asarray(rt.eval("new Int32Array([1, 2, 3])"))
    assert out.dtype == np.int32 and out.tolist() == [1, 2, 3]
    with pytest.raises(TypeError, match="C-contiguous"):
        describe(np.zeros((3, 3))[:, 0])
    with pytest.raises(TypeError, match="format"):
        describe(np.zeros(2, dtype=bool))
