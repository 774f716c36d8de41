"""Graph bundles: every cached module of a program in one record, checked by stat.

A warm start of a big graph otherwise reads and hashes each source and opens, reads and
authenticates each module's record (~25 µs a module: 17 ms for lodash-es' 641). A bundle is
one read and one digest, and each source is checked by its stat stamp: inode, size, mtime and
ctime (ctime cannot be set back, so tools that restore mtimes do not fool it). On any mismatch
the bundle is not used: the per-module path, which checks content, takes over and a fresh
bundle is written. Bundles are written only from per-module hits, so they hold nothing that was
not already validated by content.

Layout: a code-cache unit of kind BUNDLE (code_cache.py), named by the entry module, whose
"bytecode" region is
    count (u32) | count x `_ENTRY` | paths length (u32) | paths | links length (u32) | links
    | for each entry: metadata (CBOR) then bytecode
where the entries are in the order the modules were read (dependencies before their
importers), `paths` are their paths in UTF-8 joined by NUL (which no path contains), and
`links` is the loader's description of the graph's import edges (link/fast_start.py), opaque
here. Fixed-size entries and one string of paths parse in a few C calls: 641 modules in
~0.4 ms.
"""

from __future__ import annotations

import os
import struct

from esmload.cache.record import source_hash
from esmload.cache.units import BUNDLE

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Iterable

    from esmload.cache.code_cache import CodeCache

Stamp = tuple[int, int, int, int]

_COUNT = struct.Struct("<I")
# inode, size, mtime ns, ctime ns, hints, metadata length, bytecode length
_ENTRY = struct.Struct("<QQQQIII")


def stamp_of(info: os.stat_result) -> Stamp:
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class BundleEntry:
    __slots__ = ("path", "stamp", "hints", "metadata", "bytecode")

    def __init__(
        self,
        path: str,
        stamp: Stamp,
        hints: int,
        metadata: bytes,
        bytecode: bytes | memoryview,
    ) -> None:
        self.path = path
        self.stamp = stamp
        self.hints = hints
        self.metadata = metadata
        self.bytecode = bytecode


def _identity(entry_path: str) -> bytes:
    return source_hash(entry_path.encode("utf-8", "surrogateescape"))


class Bundle:
    __slots__ = ("entries", "links")

    def __init__(self, entries: dict[str, BundleEntry], links: bytes) -> None:
        self.entries = entries
        self.links = links


def store_bundle(
    cache: CodeCache, entry_path: str, entries: Iterable[BundleEntry], links: bytes
) -> bool:
    """Write the bundle of the program whose entry module is `entry_path`."""
    entries = list(entries)
    index = b"".join(
        _ENTRY.pack(*entry.stamp, entry.hints, len(entry.metadata), len(entry.bytecode))
        for entry in entries
    )
    paths = "\0".join(entry.path for entry in entries).encode("utf-8", "surrogateescape")
    blobs = b"".join(part for entry in entries for part in (entry.metadata, entry.bytecode))
    blob = b"".join(
        (
            _COUNT.pack(len(entries)),
            index,
            _COUNT.pack(len(paths)),
            paths,
            _COUNT.pack(len(links)),
            links,
            blobs,
        )
    )
    return cache.put(BUNDLE, entry_path, _identity(entry_path), blob)


def load_bundle(
    cache: CodeCache,
    entry_path: str,
    *,
    data: bytes | None = None,
    digest: bytes | None = None,
) -> Bundle | None:
    """The bundle if it is authentic and every source is unchanged, else None. `data` and
    `digest` are the record and its keyed digest when read ahead (prefetch.py)."""
    # views: the modules' bytecode stays in the record's bytes, megabytes not copied twice
    record = cache.get(
        BUNDLE, entry_path, _identity(entry_path), data=data, digest=digest, views=True
    )
    if record is None:
        return None
    try:
        bundle = _parse(memoryview(record.bytecode))
    except (ValueError, struct.error, UnicodeDecodeError):
        return None
    for entry in bundle.entries.values():
        try:
            # lstat: a module's name is its real path, so a symlink there now is a change
            if stamp_of(os.lstat(entry.path)) != entry.stamp:
                return None
        except OSError:
            return None
    return bundle


def _parse(blob: memoryview) -> Bundle:
    (count,) = _COUNT.unpack_from(blob)
    offset = _COUNT.size + count * _ENTRY.size
    index = _ENTRY.iter_unpack(blob[_COUNT.size : offset])
    (paths_length,) = _COUNT.unpack_from(blob, offset)
    offset += _COUNT.size
    paths = str(blob[offset : offset + paths_length], "utf-8", "surrogateescape").split("\0")
    offset += paths_length
    (links_length,) = _COUNT.unpack_from(blob, offset)
    offset += _COUNT.size
    links = bytes(blob[offset : offset + links_length])
    offset += links_length
    if offset > len(blob) or len(paths) != count:
        raise ValueError("bundle index does not match its paths")
    entries: dict[str, BundleEntry] = {}
    for path, (ino, size, mtime, ctime, hints, meta_length, code_length) in zip(
        paths, index, strict=True
    ):
        meta_end = offset + meta_length
        code_end = meta_end + code_length
        entries[path] = BundleEntry(
            path,
            (ino, size, mtime, ctime),
            hints,
            bytes(blob[offset:meta_end]),  # small; decoded later, if ever
            blob[meta_end:code_end],
        )
        offset = code_end
    if offset != len(blob):
        raise ValueError("bundle entries do not add up to the record")
    return Bundle(entries, links)
