"""The code cache: the one place that turns compiled units into records and back.

Like CPython's `SourceLoader.get_code`, one algorithm serves every kind of unit (an ES module,
a program's graph bundle, the host script, and later CommonJS modules and built-ins): a unit is
found by its kind and name, and used only if its record passes every check of
`record.decode_record` (magic → format → engine → flags → source hash → length → keyed digest).
Storage sits behind `CacheStore.read`/`write` (store.py); the format is record.py's. Nothing
else in esmload encodes or decodes records.

A new cached artifact is a new `UnitKind` (units.py) and calls to `get` and `put`.
"""

from __future__ import annotations

import os

from esmload.cache.record import (
    FLAG_BUNDLE,
    FLAG_COMMONJS,
    FLAG_SCRIPT,
    Record,
    RecordError,
    decode_record,
    encode_record,
    read_header,
)
from esmload.cache.units import MODULE, CacheStats

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from esmload.analyze.record import ModuleRecord
    from esmload.cache.prefetch import Prefetch
    from esmload.cache.store import CacheStore
    from esmload.cache.units import UnitKind
    from esmload.cache.writer import RecordWriter
    from esmload.compile.options import CompileOptions

# Below this, reading and hashing a record inline costs about what a thread saves (~1.5 ms/MB).
_WORTH_A_THREAD = 256 << 10
# Bytes of source whose compile gives the writer's thread time enough to start and build
# records (`before_compile`): QuickJS compiles tens of megabytes a second.
BIG_COMPILE = 128 << 10


class CodeCache:
    def __init__(
        self,
        store: CacheStore,
        options: CompileOptions | None = None,
        stats: CacheStats | None = None,
    ) -> None:
        if options is None:
            from esmload.compile.options import CompileOptions

            options = CompileOptions()
        self.store = store
        self.options = options
        self.stats = stats or CacheStats()
        self._engine_version: str | None = None
        # Records written off the critical path (writer.py), made on first use.
        # `owns_process`: esmload is the whole program (the command line), so the writer may
        # start a child process (writer_process.py); `on_analyze_error(path, reason)` hears
        # of modules whose record it cannot build.
        self.owns_process = False
        self.on_analyze_error: Callable[[str, str], None] | None = None
        self._writer: RecordWriter | None = None

    def writer_state(self) -> tuple[Any, ...]:
        """What a writer process needs to write this cache's records (`for_writer`)."""
        options = self.options
        store = self.store.writer_state()
        return (store, self.engine_version, options.strip_debug, options.hooks_key)

    @classmethod
    def for_writer(cls, state: tuple[Any, ...]) -> CodeCache:
        """The cache another process uses (its `writer_state`), for writing records."""
        from esmload.cache.store import CacheStore
        from esmload.compile.options import CompileOptions

        store_state, engine_version, strip_debug, hooks_key = state
        cache = cls(CacheStore.for_writer(store_state), CompileOptions(strip_debug, hooks_key))
        cache._engine_version = engine_version
        return cache

    @property
    def usable(self) -> bool:
        """Whether records can be read and written (the directory opens once, on first use)."""
        return self.store.open()

    @property
    def engine_version(self) -> str:
        # Looked up on first use: the command line locates a bundle before the engine loads.
        if self._engine_version is None:
            from esmload.engine.lib import ENGINE_VERSION

            self._engine_version = ENGINE_VERSION
        return self._engine_version

    def _flags(self, kind: UnitKind) -> int:
        return kind.flags | (self.options.flags if kind.compiled_with_options else 0)

    def record_path(self, kind: UnitKind, name: str) -> str:
        """Where the record of unit `name` (a module's real path, a script's file) lives."""
        variant = self.options.variant if kind.compiled_with_options else ""
        if kind.suffix:
            variant = f"{variant}|{kind.suffix}" if variant else kind.suffix
        return self.store.record_path(name, variant)

    def read_ahead(self, kind: UnitKind, name: str) -> Prefetch | None:
        """Start reading and authenticating the unit's record on a second thread if it is
        big enough to be worth one (prefetch.py); its result goes to `get(data=, digest=)`."""
        path = self.record_path(kind, name)
        try:
            if os.stat(path).st_size < _WORTH_A_THREAD:
                return None
        except OSError:
            return None
        from esmload.cache.prefetch import Prefetch

        return Prefetch(self.store, path)

    # ------------------------------------------------------------------ the algorithm

    def get(
        self,
        kind: UnitKind,
        name: str,
        source_hash: bytes,
        *,
        data: bytes | None = None,
        digest: bytes | None = None,
        views: bool = False,
    ) -> Record | None:
        """The unit's record if one exists and passes every check, else None (a miss).

        `data` and `digest` are the record's bytes and keyed digest when they were read ahead
        (prefetch.py); with `views` the bytecode is a view of `data`, not a copy. Only bytes
        that pass the keyed digest come out of here, and only those may reach JS_ReadObject."""
        store = self.store
        if data is None and store.reads_nothing:  # (a cold run: nothing to look up)
            return None
        if not store.open():  # loads the key (once)
            return None
        if data is None:
            data = store.read(self.record_path(kind, name))
            if data is None:
                return None
        try:
            return decode_record(
                data,
                engine_version=self.engine_version,
                flags=self._flags(kind),
                source_hash=source_hash,
                key=store.key,
                views=views,
                digest=digest,
            )
        except RecordError:
            if kind.counted:
                self.stats.invalid += 1
            return None

    def put(
        self,
        kind: UnitKind,
        name: str,
        source_hash: bytes,
        bytecode: bytes | memoryview,
        *,
        metadata: object = None,
        hints: int = 0,
    ) -> bool:
        """Write the unit's record atomically; False if the cache could not take it."""
        if not self.usable:  # opens the directory, which loads the key
            return False
        path, data = self.encode(kind, name, source_hash, bytecode, metadata=metadata, hints=hints)
        written = self.store.write(path, data)
        if written and kind.counted:
            self.stats.written += 1
        return written

    def encode(
        self,
        kind: UnitKind,
        name: str,
        source_hash: bytes,
        bytecode: bytes | memoryview,
        *,
        metadata: object = None,
        hints: int = 0,
    ) -> tuple[str, bytes]:
        """The unit's record, and where it goes (for `put_many`). The cache must be usable."""
        data = encode_record(
            engine_version=self.engine_version,
            flags=self._flags(kind),
            source_hash=source_hash,
            metadata=metadata,
            bytecode=bytecode,
            key=self.store.key,
            hints=hints,
        )
        return self.record_path(kind, name), data

    def put_many(self, records: list[tuple[UnitKind, str, bytes]]) -> None:
        """Write records that `encode` made, (kind, path, bytes) each, as one batch: the
        store may put them in one file (store.py, pack.py)."""
        written = self.store.write_many([(path, data) for _, path, data in records])
        for (kind, _, _), ok in zip(records, written, strict=True):
            if ok and kind.counted:
                self.stats.written += 1

    def record_stream(self) -> RecordStream:
        """A batch of records that `encode` made, written as they come (`RecordStream`)."""
        return RecordStream(self)

    def put_later(
        self,
        kind: UnitKind,
        name: str,
        source_hash: bytes,
        bytecode: bytes | memoryview,
        *,
        metadata: object = None,
        source: bytes = b"",
        atoms: tuple[str, ...] = (),
        info: bytes | None = None,
    ) -> None:
        """`put`, off the critical path: the record is written by the time `finish_writes`
        returns. A MODULE unit given without `metadata` gets its record built from `source`
        and the engine's analysis (analyze/fast.py; `info`: the engine's own account,
        `Engine.module_info`, else `bytecode` is read with `atoms`, the engine's predefined
        atom names)."""
        writer = self._writer  # (a cold run comes here for every module: the short way)
        if writer is None:
            if not self.usable:
                return
            writer = self._record_writer()
        from esmload.cache.jobs import Job

        writer.submit(Job(kind, name, source, source_hash, bytecode, metadata, atoms, info=info))

    def before_compile(self, size: int) -> None:
        """The program is about to compile `size` bytes of source, whose record `put_later`
        will get: a big compile is time for the writer to work meanwhile (writer.py)."""
        if size >= BIG_COMPILE and self.usable:
            self._record_writer().before_compile()

    def _record_writer(self) -> RecordWriter:
        if self._writer is None:
            from esmload.cache.writer import RecordWriter

            self._writer = RecordWriter(self, owns_process=self.owns_process)
        return self._writer

    def flush_writes(self) -> None:
        """Hand on the records `put_later` has batched up (the graph is loaded: see
        writer.py)."""
        if self._writer is not None:
            self._writer.flush()

    def write_held(self) -> None:
        """Write now the records `put_later` is holding for the end of the run (the
        program is about to wait: see writer.py)."""
        if self._writer is not None:
            self._writer.write_held()

    def finish_writes(self) -> None:
        """Wait for the records `put_later` handed on (call before the process ends)."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.finish()

    def get_module(
        self, name: str, source_hash: bytes, *, data: bytes | None = None
    ) -> tuple[Record, ModuleRecord] | None:
        """A MODULE unit with its metadata decoded, or None (a miss; metadata that does not
        decode counts as invalid, like a record that fails its checks)."""
        unit = self.get(MODULE, name, source_hash, data=data)
        if unit is None:
            return None
        from esmload.analyze.record import ModuleRecord  # not the analyzer: no parser here

        try:
            return unit, ModuleRecord.from_payload(unit.metadata, unit.hints)
        except ValueError:
            self.stats.invalid += 1
            return None

    # ------------------------------------------------------------------ maintenance

    def check_file(self, path: str) -> str | None:
        """What is wrong with the record file at `path` (None: it is valid), whatever its
        kind: read by `cache verify`, which has no source to compare with, so the source
        hash is taken from the header and everything else is checked."""
        return self.check_record(self.store.read(path))

    def check_record(self, data: bytes | None) -> str | None:
        """What is wrong with the record `data` (see `check_file`); None: it is valid."""
        header = read_header(data)
        if data is None or header is None:
            return "not a record"
        if header.engine_version != self.engine_version:
            return f"stale (engine {header.engine_version})"
        try:
            record = decode_record(
                data,
                engine_version=header.engine_version,
                flags=header.flags,
                source_hash=header.source_hash,
                key=self.store.key,
            )
        except RecordError as exc:
            return f"damaged ({exc.reason})"
        if header.flags & FLAG_COMMONJS:
            from esmload.analyze.cjs_record import decode_metadata

            try:
                decode_metadata(record.metadata)
            except ValueError as exc:
                return f"damaged metadata ({exc})"
        elif not header.flags & (FLAG_SCRIPT | FLAG_BUNDLE):
            from esmload.analyze.record import ModuleRecord

            try:
                metadata = ModuleRecord.from_payload(record.metadata, record.hints)
                _ = metadata.requested, metadata.imports, metadata.exports
                _ = metadata.star_exports, metadata.dynamic_imports
            except ValueError as exc:
                return f"damaged metadata ({exc})"
        return None

    def verify(self, removed: Callable[[str, str], None]) -> tuple[int, int, int]:
        """Check every record; remove what fails, and temp files left by interrupted writes.
        Calls `removed(path, why)` for each removal; returns (checked, records removed,
        temp files removed)."""
        checked = bad = 0
        for path in list(self.store.iter_records()):
            checked += 1
            problem = self.check_file(path)
            if problem is not None:
                self.store.remove(path)
                bad += 1
                removed(path, problem)
        # A pack cannot lose one record: one that fails takes the pack with it (the others
        # are written again when next missed).
        for pack in list(self.store.iter_packs()):
            entries = self.store.pack_records(pack)
            if entries is None:
                self.store.remove(pack)
                removed(pack, "not a pack")
                continue
            problems = [(name, self.check_record(data)) for name, data in entries]
            failed = [(name, problem) for name, problem in problems if problem is not None]
            checked += len(entries)
            if failed:
                self.store.remove(pack)
                bad += len(entries)
                name, problem = failed[0]
                more = f" and {len(failed) - 1} more" if len(failed) > 1 else ""
                removed(pack, f"{os.path.basename(name)}: {problem}{more}")
        # A temp file younger than a minute may belong to a writer that is still running.
        stale = self.store.stale_temp_files(older_than=60)
        for temp in stale:
            self.store.remove(temp)
            removed(temp, "temp file left by an interrupted write")
        return checked, bad, len(stale)


class RecordStream:
    """Records written one by one as a writer builds them, as one batch
    (store.py `PackStream`): `append` each, then `close`."""

    def __init__(self, cache: CodeCache) -> None:
        self._cache = cache
        self._stream = cache.store.pack_stream()
        self._kinds: list[UnitKind] = []

    @property
    def size(self) -> int:
        """Bytes of records added."""
        return self._stream.size

    def __len__(self) -> int:
        return len(self._kinds)

    def append(self, record: tuple[UnitKind, str, bytes]) -> None:
        """Add a record `encode` made, (kind, path, bytes): written now, or with the batch."""
        kind, path, data = record
        self._kinds.append(kind)
        self._stream.add(path, data)

    def flush(self) -> None:
        """Write the records added so far that can be written now (store.py)."""
        self._stream.flush()

    def close(self) -> None:
        stats = self._cache.stats
        for kind, ok in zip(self._kinds, self._stream.close(), strict=True):
            if ok and kind.counted:
                stats.written += 1
