"""The pack format: many records in one file.

A run that writes many records (a cold run of a big program) writes them as one pack instead
of one file each: creating a file costs far more than writing its bytes (on ext4, 0.05 to over
0.5 ms a file, against ~2 ms to write all of lodash-es' 644 records as one file).

    header (14 bytes, little-endian)
      magic         8   b"ESMLPAK\0"
      format        2   PACK_FORMAT
      count         4   number of records
    index: count entries of
      name         16   the record's name (the digest in its file name, store.record_path)
      offset        8   where the record starts in the pack
      length        4   its length
    the records, each a complete record (record.py) with its own keyed digest, anywhere
    past the index (a pack written record by record leaves room for the index before them)

The index is not authenticated, and needs not be: a record read out of a pack passes the same
checks as one read from its own file before anything uses it. A pack whose index does not
describe the file (wrong magic, entries out of bounds) is not read at all.
"""

from __future__ import annotations

import struct

PACK_MAGIC = b"ESMLPAK\0"
PACK_FORMAT = 1
_HEAD = struct.Struct("<8sHI")
_ENTRY = struct.Struct("<16sQI")
NAME_SIZE = 16
HEAD_SIZE = _HEAD.size
ENTRY_SIZE = _ENTRY.size


def encode_head(entries: list[tuple[bytes, int, int]]) -> bytes:
    """The header and index of a pack whose records are `entries`, (name, offset, length)
    each; the records may start anywhere past the index (a pack written as its records come
    leaves room for the index before them: store.py `PackStream`)."""
    index = []
    for name, offset, length in entries:
        if len(name) != NAME_SIZE:
            raise ValueError("a record name is the 16-byte digest of its file name")
        index.append(_ENTRY.pack(name, offset, length))
    return b"".join([_HEAD.pack(PACK_MAGIC, PACK_FORMAT, len(entries)), *index])


def encode_pack(records: list[tuple[bytes, bytes]]) -> bytes:
    """A whole pack of `records`, each (name, record bytes), the records right after the
    index; a later name replaces an earlier one."""
    unique = dict(records)
    offset = HEAD_SIZE + ENTRY_SIZE * len(unique)
    entries = []
    for name, data in unique.items():
        entries.append((name, offset, len(data)))
        offset += len(data)
    return b"".join([encode_head(entries), *unique.values()])


def index_size(head: bytes) -> int | None:
    """The size of header + index of the pack that starts with `head` (at least HEAD_SIZE
    bytes), or None if it does not start like a pack this version writes."""
    if len(head) < HEAD_SIZE:
        return None
    magic, version, count = _HEAD.unpack_from(head)
    if magic != PACK_MAGIC or version != PACK_FORMAT:
        return None
    return HEAD_SIZE + ENTRY_SIZE * count


def read_index(data: bytes, file_size: int) -> list[tuple[bytes, int, int]] | None:
    """(name, offset, length) of each record in the pack whose first `index_size` bytes are
    `data`, or None if the index does not describe a file of `file_size` bytes."""
    size = index_size(data)
    if size is None or len(data) < size or size > file_size:
        return None
    entries = list(_ENTRY.iter_unpack(memoryview(data)[HEAD_SIZE:size]))
    for _, offset, length in entries:
        if offset < size or offset + length > file_size:
            return None
    return entries
