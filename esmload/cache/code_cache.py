"""The code cache: the one place that turns compiled units into records and back.

Like CPython's `SourceLoader.get_code`, one algorithm serves every kind of unit (an ES module,
a program's graph bundle, the host script, and later CommonJS modules and built-ins): a unit is
found by its kind and name, and used only if its record passes every check of
`record.decode_record` (magic → format → engine → flags → source hash → length → keyed digest).
Storage sits behind `CacheStore.read`/`write` (store.py); the format is record.py's. Nothing
else in esmload encodes or decodes records.

A new cached artifact is a new `UnitKind` and calls to `get` and `put`.
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

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable

    from esmload.analyze.record import ModuleRecord
    from esmload.cache.prefetch import Prefetch
    from esmload.cache.store import CacheStore
    from esmload.cache.writer import RecordWriter
    from esmload.compile.options import CompileOptions

# Below this, reading and hashing a record inline costs about what a thread saves (~1.5 ms/MB).
_WORTH_A_THREAD = 256 << 10


class UnitKind:
    """What a record holds. Its flags and name suffix are part of the record's key, so two
    kinds never read each other's records."""

    __slots__ = ("name", "flags", "suffix", "compiled_with_options", "counted")

    def __init__(
        self, name: str, flags: int, suffix: str, *, compiled_with_options: bool, counted: bool
    ) -> None:
        self.name = name
        self.flags = flags
        self.suffix = suffix
        # whether CompileOptions (debug info, loader hooks) change the unit's bytecode
        self.compiled_with_options = compiled_with_options
        # whether --cache-stats counts its invalid and written records (program modules)
        self.counted = counted

    def __repr__(self) -> str:
        return f"<UnitKind {self.name}>"


#: An ES module: metadata (the analyzer's module record, CBOR) + module bytecode.
MODULE = UnitKind("module", 0, "", compiled_with_options=True, counted=True)
#: A CommonJS module: metadata (exports, re-exports and requires, analyze/cjs_record.py) + the
#: bytecode of a script whose value is the module's wrapper function.
#: The suffix's number changes with the wrapper (tests/test_commonjs.py checks it).
COMMONJS = UnitKind("commonjs", FLAG_COMMONJS, "cjs1", compiled_with_options=True, counted=True)
#: A global script (the host prelude): bytecode only.
SCRIPT = UnitKind("script", FLAG_SCRIPT, "script", compiled_with_options=False, counted=False)
#: A program's graph bundle (bundle.py), named by its entry module.
BUNDLE = UnitKind("bundle", FLAG_BUNDLE, "bundle3", compiled_with_options=True, counted=False)


class CacheStats:
    """The counters `--cache-stats` prints."""

    __slots__ = ("hits", "misses", "written", "invalid", "uncacheable", "bundled", "prelinked")

    def __init__(self) -> None:
        self.hits = self.misses = self.written = self.invalid = self.uncacheable = 0
        self.bundled = 0  # hits served from the program's graph bundle
        self.prelinked = 0  # of those, read and linked without per-edge resolution

    def line(self) -> str:
        return (
            f"esmload cache: hits={self.hits} misses={self.misses} written={self.written} "
            f"invalid={self.invalid} uncacheable={self.uncacheable} bundled={self.bundled} "
            f"prelinked={self.prelinked}"
        )


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
        # fork; `on_analyze_error(path, reason)` hears of modules whose record it cannot build.
        self.owns_process = False
        self.on_analyze_error: Callable[[str, str], None] | None = None
        self._writer: RecordWriter | None = None

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
        bytecode: bytes,
        *,
        metadata: object = None,
        hints: int = 0,
    ) -> bool:
        """Write the unit's record atomically; False if the cache could not take it."""
        if not self.usable:  # opens the directory, which loads the key
            return False
        data = encode_record(
            engine_version=self.engine_version,
            flags=self._flags(kind),
            source_hash=source_hash,
            metadata=metadata,
            bytecode=bytecode,
            key=self.store.key,
            hints=hints,
        )
        written = self.store.write(self.record_path(kind, name), data)
        if written and kind.counted:
            self.stats.written += 1
        return written

    def put_later(
        self,
        kind: UnitKind,
        name: str,
        source_hash: bytes,
        bytecode: bytes,
        *,
        metadata: object = None,
        source: bytes = b"",
        atoms: tuple[str, ...] = (),
    ) -> None:
        """`put`, off the critical path: the record is written by the time `finish_writes`
        returns. A MODULE unit given without `metadata` gets its record built from `source`
        and `bytecode` (analyze/fast.py; `atoms`: the engine's predefined atom names)."""
        if not self.usable:
            return
        from esmload.cache.writer import Job, RecordWriter

        if self._writer is None:
            self._writer = RecordWriter(self, owns_process=self.owns_process)
        self._writer.submit(Job(kind, name, source, source_hash, bytecode, metadata, atoms))

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
        data = self.store.read(path)
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
        # A temp file younger than a minute may belong to a writer that is still running.
        stale = self.store.stale_temp_files(older_than=60)
        for temp in stale:
            self.store.remove(temp)
            removed(temp, "temp file left by an interrupted write")
        return checked, bad, len(stale)
