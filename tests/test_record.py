"""The cache record format (esmload/cache/record.py): round trips, each check in its order,
and that no input bytes make decode_record raise anything but RecordError."""

from __future__ import annotations

import struct
import subprocess
import sys
from collections.abc import Callable

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esmload.cache.record import (
    FORMAT_VERSION,
    HEADER_SIZE,
    MAGIC,
    RecordError,
    decode_record,
    encode_record,
    keyed_digest,
    read_header,
    source_hash,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
SOURCE = b"export const answer = 42;\n"
SRC = source_hash(SOURCE)
METADATA = {"r": [["./dep.js", {}]], "e": ["answer"], "t": False}
BYTECODE = b"\x13\x07QuickJS bytecode stand-in\x00\xff"
EXPECT = {"engine_version": "0.17.0", "flags": 1, "source_hash": SRC, "key": KEY}

# Header offsets (see the layout in record.py).
FORMAT_AT, FLAGS_AT, ENGINE_AT, SOURCE_AT, HINTS_AT, DIGEST_AT = 8, 10, 12, 28, 60, 72


def make(**changes: object) -> bytes:
    fields: dict[str, object] = {**EXPECT, "metadata": METADATA, "bytecode": BYTECODE}
    fields["hints"] = 5
    fields.update(changes)
    return encode_record(**fields)  # type: ignore[arg-type]


def reason(data: bytes, **expect: object) -> str:
    with pytest.raises(RecordError) as info:
        decode_record(data, **{**EXPECT, **expect})  # type: ignore[arg-type]
    return info.value.reason


def put(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value) :]


def flip(data: bytes, at: int) -> bytes:
    return put(data, at, bytes([data[at] ^ 1]))


# ---------------------------------------------------------------------------- valid records


def test_round_trip() -> None:
    record = decode_record(make(), **EXPECT)  # type: ignore[arg-type]
    assert cbor2.loads(record.metadata) == METADATA
    assert record.bytecode == BYTECODE and isinstance(record.bytecode, bytes)
    assert record.hints == 5


def test_round_trip_of_empty_and_large_payloads() -> None:
    for metadata, bytecode in [(None, b""), ({}, bytes(range(256)) * 4000)]:
        data = make(metadata=metadata, bytecode=bytecode)
        record = decode_record(data, **EXPECT)  # type: ignore[arg-type]
        assert cbor2.loads(record.metadata) == metadata and record.bytecode == bytecode


def test_source_hash_is_cpythons_source_hash_and_the_length() -> None:
    import _imp

    assert SRC[:8] == _imp.source_hash(0x65736D6C6F616431, SOURCE)
    assert SRC[8:] == len(SOURCE).to_bytes(8, "little") + bytes(16)
    assert source_hash(b"") != source_hash(b"\0")
    assert source_hash(b"export const a = 1;") != source_hash(b"export const b = 1;")


def test_read_header() -> None:
    data = make()
    header = read_header(data)
    assert header is not None
    assert header.format_version == FORMAT_VERSION
    assert header.flags == 1
    assert header.engine_version == "0.17.0"
    assert header.source_hash == SRC
    assert header.payload_length == len(data) - HEADER_SIZE


@pytest.mark.parametrize("data", [None, b"", b"ESM", MAGIC, b"x" * 200, b"\0" * HEADER_SIZE])
def test_read_header_of_non_records(data: bytes | None) -> None:
    assert read_header(data) is None


def test_header_layout() -> None:
    data = make()
    assert data[:8] == MAGIC == b"ESMLREC\0"
    assert struct.unpack_from("<HH", data, FORMAT_AT) == (FORMAT_VERSION, 1)
    assert data[ENGINE_AT : ENGINE_AT + 16] == b"0.17.0".ljust(16, b"\0")
    assert data[SOURCE_AT : SOURCE_AT + 32] == SRC
    assert HEADER_SIZE == DIGEST_AT + 32


def test_long_engine_versions_that_share_a_prefix_do_not_match() -> None:
    a, b = "0.17.0-dev+build-aaaa", "0.17.0-dev+build-bbbb"  # equal in their first 16 chars
    data = make(engine_version=a)
    assert decode_record(data, **{**EXPECT, "engine_version": a}).bytecode == BYTECODE  # type: ignore[arg-type]
    assert reason(data, engine_version=b) == "engine"
    header = read_header(data)
    assert header is not None and header.engine_version.startswith("0.17.0-")


def test_encode_rejects_a_source_hash_of_the_wrong_size() -> None:
    with pytest.raises(ValueError):
        make(source_hash=SRC[:20])


# ---------------------------------------------------------------------------- each check


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: b"NOTAREC!" + d[8:], "magic"),
        (lambda d: put(d, FORMAT_AT, struct.pack("<H", FORMAT_VERSION + 1)), "format"),
        (lambda d: put(d, ENGINE_AT, b"0.16.9".ljust(16, b"\0")), "engine"),
        (lambda d: put(d, FLAGS_AT, struct.pack("<H", 0)), "flags"),
        (lambda d: put(d, SOURCE_AT, bytes(32)), "source"),
        (lambda d: d[:-1], "length"),
        (lambda d: d + b"\0", "length"),
        (lambda d: put(d, HINTS_AT, b"\x07"), "digest"),
        (lambda d: flip(d, DIGEST_AT), "digest"),
        (lambda d: flip(d, HEADER_SIZE), "digest"),
        (lambda d: flip(d, len(d) - 1), "digest"),
        (lambda d: b"", "magic"),
        (lambda d: d[:3], "magic"),
        (lambda d: d[: HEADER_SIZE - 1], "magic"),
        (lambda d: d[:HEADER_SIZE], "length"),
        (lambda d: b"\x89garbage\x00" * 20, "magic"),
    ],
)
def test_each_check(change: Callable[[bytes], bytes], expected: str) -> None:
    assert reason(change(make())) == expected


@pytest.mark.parametrize(
    ("expect", "expected"),
    [
        ({"engine_version": "0.18.0"}, "engine"),
        ({"flags": 0}, "flags"),
        ({"source_hash": source_hash(b"export const answer = 43;\n")}, "source"),
        ({"key": OTHER_KEY}, "digest"),
    ],
)
def test_record_for_something_else(expect: dict[str, object], expected: str) -> None:
    assert reason(make(), **expect) == expected


# Each entry breaks one check; applying entries i.. together must report entry i's reason.
BREAKS: list[tuple[str, Callable[[bytes], bytes]]] = [
    ("magic", lambda d: b"ESMLREX\0" + d[8:]),
    ("format", lambda d: put(d, FORMAT_AT, b"\xff\xff")),
    ("engine", lambda d: flip(d, ENGINE_AT)),
    ("flags", lambda d: flip(d, FLAGS_AT + 1)),
    ("source", lambda d: flip(d, SOURCE_AT + 31)),
    ("length", lambda d: d + b"extra"),
    ("digest", lambda d: flip(d, len(d) - 8)),
]


@pytest.mark.parametrize("first", range(len(BREAKS)))
def test_checks_run_in_order(first: int) -> None:
    data = make()
    for _, breaks in reversed(BREAKS[first:]):  # the length change goes last: it appends
        data = breaks(data)
    assert reason(data) == BREAKS[first][0]


def test_lengths_that_lie_are_length_errors() -> None:
    data = make()
    for at in (64, 68):  # metadata length, bytecode length
        for value in (0, 1, 2**32 - 1):
            assert reason(put(data, at, struct.pack("<I", value))) in ("length", "digest")
    assert reason(put(data, 68, struct.pack("<I", len(BYTECODE) + 1))) == "length"


def test_every_single_byte_flip_is_rejected() -> None:
    data = make()
    for i in range(len(data)):
        for mask in (0x01, 0x80, 0xFF):
            flipped = bytearray(data)
            flipped[i] ^= mask
            with pytest.raises(RecordError):
                decode_record(bytes(flipped), **EXPECT)  # type: ignore[arg-type]


def test_a_record_signed_with_another_key() -> None:
    forged = make(key=OTHER_KEY)
    assert reason(forged) == "digest"
    assert decode_record(forged, **{**EXPECT, "key": OTHER_KEY}).bytecode == BYTECODE  # type: ignore[arg-type]


def test_a_digest_computed_elsewhere_is_the_records_own() -> None:
    data = make()
    digest = keyed_digest(data, KEY)
    assert digest == data[DIGEST_AT : DIGEST_AT + 32]
    assert decode_record(data, **EXPECT, digest=digest).bytecode == BYTECODE  # type: ignore[arg-type]
    assert keyed_digest(data[:-1], KEY) is None  # (its lengths no longer add up)
    assert keyed_digest(data[: HEADER_SIZE - 1], KEY) is None


def test_reading_does_not_import_cbor2() -> None:
    """A warm start decodes records without loading cbor2 (its import costs milliseconds)."""
    code = (
        "import sys\n"
        "from esmload.cache.record import decode_record\n"
        f"r = decode_record(bytes.fromhex({make().hex()!r}), engine_version='0.17.0', flags=1,"
        f" source_hash=bytes.fromhex({SRC.hex()!r}), key=bytes(range(32)))\n"
        "assert r.hints == 5\n"
        "assert 'cbor2' not in sys.modules, 'cbor2 was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------- fuzzing


def _decode_or_record_error(data: bytes) -> None:
    try:
        decode_record(data, **EXPECT)  # type: ignore[arg-type]
    except RecordError as exc:
        assert exc.reason in {"magic", "format", "engine", "flags", "source", "length", "digest"}


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_only_raise_record_error(data: bytes) -> None:
    _decode_or_record_error(data)
    _decode_or_record_error(MAGIC + data)
    assert read_header(data) is None or data[:8] == MAGIC


@st.composite
def mutated_records(draw: st.DrawFn) -> bytes:
    data = bytearray(make())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "set", "truncate", "extend", "splice", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "set" and len(data) >= at + 4:
            data[at : at + 4] = struct.pack("<I", draw(st.integers(0, 2**32 - 1)))
        elif kind == "truncate":
            del data[at:]
        elif kind == "extend":
            data += draw(st.binary(min_size=1, max_size=64))
        elif kind == "splice":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 16))]
    return bytes(data)


@settings(max_examples=1000, deadline=None)
@given(mutated_records())
def test_mutated_records_only_raise_record_error(data: bytes) -> None:
    if data == make():
        return  # the mutations cancelled out
    with pytest.raises(RecordError):
        decode_record(data, **EXPECT)  # type: ignore[arg-type]
    read_header(data)  # never raises either


# ------------------------------------------------------------------- metadata encoding

_metadata = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64 - 1)
    | st.text()
    | st.binary(max_size=300),
    lambda inner: (
        st.lists(inner, max_size=30) | st.dictionaries(st.text(max_size=20), inner, max_size=20)
    ),
    max_leaves=60,
)


@settings(max_examples=300, deadline=None)
@given(_metadata)
def test_metadata_encoding_writes_what_cbor2_writes(value: object) -> None:
    # Records are written without importing cbor2 (cache/cbor_write.py), read with it.
    from esmload.cache.cbor_write import dumps

    assert dumps(value) == cbor2.dumps(value)
    assert cbor2.loads(dumps(value)) == value


def test_metadata_encoding_refuses_what_metadata_never_holds() -> None:
    from esmload.cache.cbor_write import dumps

    with pytest.raises(TypeError):
        dumps(1.5)
    with pytest.raises(ValueError):
        dumps(2**64)
