"""The record format and the cache directory, on real files."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import cbor2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esmload.fetch.record import (
    HEADER_SIZE,
    RecordError,
    decode_record,
    encode_record,
    read_header,
    source_hash,
)
from esmload.fetch.store import CacheStore, parse_size

KEY = b"k" * 32
SRC = source_hash(b"export default 1;")
ARGS = {"engine_version": "0.17.0", "flags": 0, "source_hash": SRC, "key": KEY}


def make() -> bytes:
    return encode_record(metadata={"r": []}, bytecode=b"\x01\x02bytecode", hints=5, **ARGS)


def test_round_trip_and_header() -> None:
    data = make()
    record = decode_record(data, **ARGS)
    assert cbor2.loads(record.metadata) == {"r": []} and record.bytecode == b"\x01\x02bytecode"
    assert record.hints == 5
    header = read_header(data)
    assert header is not None and header.engine_version == "0.17.0" and header.source_hash == SRC


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: b"NOTAREC!" + d[8:], "magic"),
        (lambda d: d[:8] + struct.pack("<H", 99) + d[10:], "format"),
        (lambda d: d[:12] + b"9.9.9".ljust(16, b"\0") + d[28:], "engine"),
        (lambda d: d[:10] + struct.pack("<H", 1) + d[12:], "flags"),
        (lambda d: d[:28] + bytes(32) + d[60:], "source"),
        (lambda d: d[:-1], "length"),
        (lambda d: d + b"x", "length"),
        (lambda d: d[:HEADER_SIZE] + bytes([d[HEADER_SIZE] ^ 1]) + d[HEADER_SIZE + 1 :], "digest"),
        (lambda d: b"", "magic"),
        (lambda d: d[:3], "magic"),
    ],
)
def test_each_check_in_order(change, reason: str) -> None:
    with pytest.raises(RecordError) as info:
        decode_record(change(make()), **ARGS)
    assert info.value.reason == reason


def test_every_single_byte_flip_is_rejected() -> None:
    data = make()
    for i in range(len(data)):
        flipped = bytearray(data)
        flipped[i] ^= 0x80
        with pytest.raises(RecordError):
            decode_record(bytes(flipped), **ARGS)


def test_other_key_fails_the_digest() -> None:
    with pytest.raises(RecordError) as info:
        decode_record(make(), **{**ARGS, "key": b"o" * 32})
    assert info.value.reason == "digest"


@settings(max_examples=1000)
@given(st.binary(max_size=300))
def test_garbage_only_ever_raises_record_error(data: bytes) -> None:
    with pytest.raises(RecordError):
        decode_record(data, **ARGS)


def test_store_setup_is_private_and_key_is_stable(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = CacheStore(root)
    assert store.open()
    assert (root.stat().st_mode & 0o777) == 0o700
    assert ((root / "key").stat().st_mode & 0o777) == 0o600
    assert (root / "CACHEDIR.TAG").exists()
    again = CacheStore(root)
    assert again.open() and again.key == store.key and len(store.key) == 32


def test_atomic_write_read_prune_clear(tmp_path: Path) -> None:
    store = CacheStore(tmp_path / "c")
    assert store.open()
    paths = [store.record_path(f"/m{i}.js", "debug") for i in range(10)]
    for i, path in enumerate(paths):
        assert store.write(path, bytes([i]) * 1000)
        os.utime(path, (1000 + i, 1000 + i))
    assert store.read(paths[3]) == bytes([3]) * 1000  # reading marks it recently used
    assert not [p for p in (tmp_path / "c").rglob("*.tmp")]
    info = store.info()
    assert info.records == 10 and info.total_bytes == 10000
    assert store.prune(5000) == 6  # down to 80% of the cap, least recently used first
    kept = [i for i, p in enumerate(paths) if os.path.exists(p)]
    assert kept == [3, 7, 8, 9]
    assert store.clear() == 4 and store.info().records == 0


def test_unusable_roots_warn_once(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    warnings: list[str] = []
    store = CacheStore(tmp_path / "file" / "c", warn=warnings.append)
    assert not store.open() and not store.open()
    assert store.read(store.record_path("/x", "d")) is None
    assert not store.write(store.record_path("/x", "d"), b"data")
    assert len(warnings) == 1


@pytest.mark.parametrize(
    ("text", "size"),
    [("512M", 512 * 2**20), ("2G", 2 * 2**30), ("1000", 1000), ("1.5k", 1536), ("lots", None)],
)
def test_parse_size(text: str, size: int | None) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-cache-test"])
def test_default_cache_dir_agrees_with_platformdirs(monkeypatch, xdg: str | None) -> None:
    import platformdirs

    from esmload.fetch.store import default_cache_dir

    monkeypatch.delenv("ESMLOAD_CACHE_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert default_cache_dir() == platformdirs.user_cache_dir("esmload", appauthor=False)
    monkeypatch.setenv("ESMLOAD_CACHE_DIR", "/somewhere/else")
    assert default_cache_dir() == "/somewhere/else"
