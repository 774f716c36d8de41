"""The cache record format: one file per module version.

    header (104 bytes, little-endian)
      magic            8   b"ESMLREC\0"
      format version   2   FORMAT_VERSION
      flags            2   bit 0: bytecode without debug info; bit 1: a script (the host
                           prelude), whose metadata is empty; bit 2: a graph bundle
                           (bundle.py); bit 3: a CommonJS module (its wrapper function,
                           with its exports and requires as metadata). Flags are part
                           of the key.
      engine version  16   QuickJS-ng version, ASCII, NUL-padded (if longer: a prefix,
                           "~" and a hash)
      source hash     32   the source's SipHash-1-3 (8 bytes) and length (8), zero-padded
      hints            4   facts the warm path needs without decoding the metadata:
                           bit 0 import.meta, bit 1 import attributes, bit 2 top-level await
      metadata length  4
      bytecode length  4
      payload digest  32   BLAKE2b-256 keyed with the per-user secret over header + metadata
                           + the bytecode's own BLAKE2b-256 (`bytecode_hash`)
    payload: metadata (CBOR) followed by the QuickJS bytecode

The bytecode follows the CBOR metadata as raw bytes rather than inside it, and the hints sit
in the header, so that a warm start decodes no CBOR at all for most modules (and does not
even import cbor2, whose import costs milliseconds). The digest covers the bytecode through
its hash, which is the same work for a reader and is computed without holding the GIL (a
writer thread hashing a big module's megabytes leaves the program running: cache/writer.py).

Validation order follows CPython's `_classify_pyc` → `_validate_hash_pyc`: cheap identity checks
first, the keyed digest before anything is decoded. Any failure is a RecordError, whatever the
bytes are.
"""

from __future__ import annotations

import struct
import sys

try:  # the BLAKE2 module alone: hashlib would also load OpenSSL, which costs start-up time
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - CPython always has it
    from hashlib import blake2b
try:
    from _operator import _compare_digest as compare_digest
except ImportError:  # pragma: no cover
    from hmac import compare_digest  # type: ignore[no-redef]

from esmload.errors import RecordError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

MAGIC = b"ESMLREC\0"
#: Bump when the header layout, the payload layout or the metadata schema changes.
FORMAT_VERSION = 4

FLAG_STRIP_DEBUG = 1
FLAG_SCRIPT = 2
FLAG_BUNDLE = 4
FLAG_COMMONJS = 8

HINT_IMPORT_META = 1
HINT_ATTRIBUTES = 2
HINT_TOP_LEVEL_AWAIT = 4

_HEAD = struct.Struct("<8sHH16s32sIII")  # everything the digest covers, before the digest
_DIGEST_SIZE = 32
HEADER_SIZE = _HEAD.size + _DIGEST_SIZE
_LENGTHS = struct.Struct("<II")  # the metadata's and the bytecode's, the header's last fields
_LENGTHS_AT = _HEAD.size - _LENGTHS.size


class Record:
    __slots__ = ("metadata", "bytecode", "hints")

    def __init__(self, metadata: bytes, bytecode: bytes | memoryview, hints: int) -> None:
        self.metadata = metadata  # CBOR, authenticated but not decoded
        self.bytecode = bytecode
        self.hints = hints


class Header:
    __slots__ = ("format_version", "flags", "engine_version", "source_hash", "payload_length")

    def __init__(
        self,
        format_version: int,
        flags: int,
        engine_version: str,
        source_hash: bytes,
        payload_length: int,
    ) -> None:
        self.format_version = format_version
        self.flags = flags
        self.engine_version = engine_version
        self.source_hash = source_hash
        self.payload_length = payload_length  # metadata + bytecode


def source_hash(source: bytes) -> bytes:
    """What identifies a source version in a record (32 bytes). Not a security boundary,
    like CPython's hash-based .pyc files (`_imp.source_hash`, SipHash-1-3 with a public key):
    whoever can change a source can run code anyway, and the keyed payload digest is what
    keeps forged records out. The length goes with it. Every run hashes every module's
    source, and SipHash is several times faster than BLAKE2b here."""
    if _siphash is None:  # pragma: no cover - CPython always has it
        return blake2b(source, digest_size=32).digest()
    return _siphash(_SOURCE_KEY, source) + len(source).to_bytes(8, "little") + _PAD


try:
    from _imp import source_hash as _siphash
except ImportError:  # pragma: no cover
    _siphash = None  # type: ignore[assignment]
_SOURCE_KEY = 0x65736D6C6F616431  # b"esmload1"
_PAD = bytes(16)


def _engine_field(engine_version: str) -> bytes:
    raw = engine_version.encode("ascii", "replace")
    if len(raw) <= 16 and engine_version.isascii():
        return raw.ljust(16, b"\0")
    # Too long to store: a prefix and a hash, so that two builds whose versions share the
    # first 16 characters never read each other's bytecode (QuickJS does not check it).
    return raw[:7] + b"~" + blake2b(engine_version.encode(), digest_size=4).hexdigest().encode()


def bytecode_hash(bytecode: bytes | memoryview) -> bytes:
    """What the keyed digest covers of the bytecode: its BLAKE2b-256."""
    hashing = blake2b(digest_size=_DIGEST_SIZE)
    hashing.update(bytecode)  # (update, unlike the constructor, hashes without the GIL)
    return hashing.digest()


def _digest(
    key: bytes, head: bytes | memoryview, meta: bytes | memoryview, code_hash: bytes
) -> bytes:
    """The keyed digest of the header, the metadata and the bytecode's hash."""
    mac = blake2b(head, digest_size=_DIGEST_SIZE, key=key)
    mac.update(meta)
    mac.update(code_hash)
    return mac.digest()


def keyed_digest(data: bytes, key: bytes) -> bytes | None:
    """The digest a record's header should carry for `data` (None if it is too short to be
    one, or its lengths do not add up); hand it to `decode_record` to check a record hashed
    elsewhere (cache/prefetch.py)."""
    if len(data) < HEADER_SIZE:
        return None
    meta_len, code_len = _LENGTHS.unpack_from(data, _LENGTHS_AT)
    metadata_end = HEADER_SIZE + meta_len
    if len(data) != metadata_end + code_len:
        return None
    view = memoryview(data)
    return _digest(
        key,
        view[: _HEAD.size],
        view[HEADER_SIZE:metadata_end],
        bytecode_hash(view[metadata_end:]),
    )


def encode_record(
    *,
    engine_version: str,
    flags: int,
    source_hash: bytes,
    metadata: object,
    bytecode: bytes | memoryview,
    key: bytes,
    hints: int = 0,
) -> bytes:
    """The record."""
    dumps = _metadata_encoder()

    if len(source_hash) != _DIGEST_SIZE:
        # struct would pad or cut it silently, and the record would never match again.
        raise ValueError("source_hash must be the 32 bytes source_hash() returns")
    meta = dumps(metadata)
    head = _HEAD.pack(
        MAGIC,
        FORMAT_VERSION,
        flags,
        _engine_field(engine_version),
        source_hash,
        hints,
        len(meta),
        len(bytecode),
    )
    # (Joined once: a big module's bytecode is megabytes.)
    return b"".join((head, _digest(key, head, meta, bytecode_hash(bytecode)), meta, bytecode))


def _metadata_encoder() -> Callable[[object], bytes]:
    """cbor2's encoder (C) once something imported cbor2 (the record writer does, once a
    run has many records to write), else cache/cbor_write.py's, which writes the same bytes
    without paying for the import (what a run with a few misses would)."""
    cbor2 = sys.modules.get("cbor2")
    if cbor2 is not None:
        return cbor2.dumps  # type: ignore[no-any-return]
    from esmload.cache.cbor_write import dumps

    return dumps


def read_header(data: bytes | None) -> Header | None:
    """The header's fields, or None if `data` does not start like a record."""
    if data is None or len(data) < HEADER_SIZE or data[:8] != MAGIC:
        return None
    _, version, flags, engine, digest_of_source, _, meta_len, code_len = _HEAD.unpack_from(data)
    return Header(
        version,
        flags,
        engine.rstrip(b"\0").decode("ascii", "replace"),
        digest_of_source,
        meta_len + code_len,
    )


def decode_record(
    data: bytes,
    *,
    engine_version: str,
    flags: int,
    source_hash: bytes,
    key: bytes,
    views: bool = False,
    digest: bytes | None = None,
) -> Record:
    """The record's metadata and bytecode once every check passed (RecordError otherwise);
    with `views`, the bytecode is a memoryview of `data` rather than a copy (large bundles);
    `digest` is `keyed_digest(data, key)` when that was computed already."""
    if len(data) < HEADER_SIZE or data[:8] != MAGIC:
        raise RecordError("magic")
    (_, version, record_flags, engine, digest_of_source, hints, meta_len, code_len) = (
        _HEAD.unpack_from(data)
    )
    if version != FORMAT_VERSION:
        raise RecordError("format")
    if engine != _engine_field(engine_version):
        raise RecordError("engine")
    if record_flags != flags:
        raise RecordError("flags")
    if digest_of_source != source_hash:
        raise RecordError("source")
    if len(data) != HEADER_SIZE + meta_len + code_len:
        raise RecordError("length")
    view = memoryview(data)
    metadata_end = HEADER_SIZE + meta_len
    if digest is None:
        code_hash = bytecode_hash(view[metadata_end:])
        digest = _digest(key, view[: _HEAD.size], view[HEADER_SIZE:metadata_end], code_hash)
    if not compare_digest(digest, bytes(view[_HEAD.size : HEADER_SIZE])):
        raise RecordError("digest")
    # Only authenticated bytes leave this function (and may reach JS_ReadObject).
    if views:
        return Record(data[HEADER_SIZE:metadata_end], view[metadata_end:], hints)
    return Record(data[HEADER_SIZE:metadata_end], data[metadata_end:], hints)
