"""esmload's `fetchESMSourceCode`: source bytes → a module the engine can link, via the cache.

read source → find record → validate (magic, format, engine, flags, source hash, digest) →
hit: metadata + `JS_ReadObject`; miss: compile with QuickJS, analyze with esprima, write a record.
Nothing here is fatal for the cache: a bad record is a miss, a failed write is a warning.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from esmload.cache.bundle import (
    Bundle,
    BundleEntry,
    Stamp,
    bundle_record_path,
    decode_bundle,
    encode_bundle,
    stamp_of,
)
from esmload.cache.record import RecordError, decode_record, encode_record, source_hash
from esmload.compile import CompileOptions, compile_module, module_bytecode
from esmload.engine.core import Engine, ModuleHandle
from esmload.engine.lib import ENGINE_VERSION
from esmload.errors import LoadError
from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from esmload.analyze.record import ModuleRecord
    from esmload.cache.prefetch import Prefetch
    from esmload.cache.store import CacheStore
    from esmload.fetch.writer import RecordWriter


class CacheStats:
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


class FetchedModule:
    __slots__ = ("handle", "record", "state")

    def __init__(self, handle: ModuleHandle, record: ModuleRecord | None, state: str) -> None:
        self.handle = handle
        # the analyzer's record: from the cache on a hit, fresh on a cached miss, None when
        # the module was compiled without analysis (cache disabled) or is not JavaScript
        self.record = record
        self.state = state  # "hit", "miss", "uncached", "json" or "host"


def read_source(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise LoadError(f"Cannot read module {path}: {exc.strerror or exc}") from None


class ModuleFetcher:
    def __init__(
        self,
        engine: Engine,
        store: CacheStore | None,
        *,
        options: CompileOptions | None = None,
        stats: CacheStats | None = None,
        on_analyze_error: Callable[[str, Exception], None] | None = None,
        background: bool = True,
        processes: bool = False,
    ) -> None:
        self.engine = engine
        self.store = store
        self.options = options or CompileOptions()
        self.stats = stats or CacheStats()
        self.on_analyze_error = on_analyze_error
        # Records are analyzed and written on a worker thread unless told otherwise, and
        # with `processes` big cold runs analyze in worker processes (fetch/analysis_pool.py;
        # only for the command line: processes inside an embedding app are not ours to start).
        self.background = background
        self.processes = processes
        self._writer: RecordWriter | None = None
        # Graph bundle (bundle.py): the one in use, and what this run saw for the next one.
        self._bundle: Bundle | None = None
        self._bundle_entry: str | None = None
        # Describes the graph's import edges for the next bundle (None: keep the old links).
        self.describe_links: Callable[[Iterable[str]], bytes] | None = None
        # A bundle read (and hashed) ahead by the command line, if it guessed this program.
        self.prefetch: Prefetch | None = None
        self._collected: dict[str, BundleEntry] = {}
        self._complete = True
        self._stamps: dict[str, Stamp] = {}

    # ------------------------------------------------------------------ graph bundles

    def read_source(self, path: str) -> bytes:
        """The source, remembering its stat stamp for the graph bundle."""
        try:
            with open(path, "rb") as f:
                self._stamps[path] = stamp_of(os.fstat(f.fileno()))
                return f.read()
        except OSError as exc:
            raise LoadError(f"Cannot read module {path}: {exc.strerror or exc}") from None

    def start_bundle(self, entry_path: str) -> None:
        """Use the program's bundle if every source in it is unchanged (`entry_path` names the
        program); collect this run's modules for the next bundle either way."""
        store = self.store
        if store is None or not store.open():
            return
        self._bundle_entry = entry_path
        if PHASES.enabled:
            PHASES.enter("validate")
        path = self._bundle_path(entry_path)
        prefetch, self.prefetch = self.prefetch, None
        if prefetch is not None and prefetch.path == path:
            data, digest = prefetch.result()
        else:
            data, digest = store.read(path), None
        if data is not None:
            self._bundle = decode_bundle(
                data,
                entry_path=entry_path,
                engine_version=ENGINE_VERSION,
                flags=self.options.flags,
                key=store.key,
                digest=digest,
            )
        if PHASES.enabled:
            PHASES.leave()

    def _bundle_path(self, entry_path: str) -> str:
        assert self.store is not None
        return bundle_record_path(self.store, entry_path, self.options.variant)

    @property
    def bundle(self) -> Bundle | None:
        """The program's graph bundle, if it is in use."""
        return self._bundle

    def bundled(self, path: str) -> bool:
        return self._bundle is not None and path in self._bundle.entries

    def fetch_bundled(
        self, path: str, on_metadata: Callable[[ModuleRecord], None] | None = None
    ) -> FetchedModule | None:
        """The module from the bundle; None (and the bundle dropped) if its entry is unusable,
        so that the caller takes the per-module path."""
        from esmload.analyze.record import ModuleRecord

        assert self._bundle is not None
        entry = self._bundle.entries[path]
        try:
            metadata = ModuleRecord.from_payload(entry.metadata, entry.hints)
        except ValueError:
            self._bundle = None
            return None
        if on_metadata is not None:
            on_metadata(metadata)
        handle, _ = self.instantiate_bundled(path)
        return FetchedModule(handle, metadata, "hit")

    def instantiate_bundled(self, path: str) -> tuple[ModuleHandle, BundleEntry]:
        """A module of the bundle, its metadata left undecoded (a prelinked start)."""
        assert self._bundle is not None
        entry = self._bundle.entries[path]
        handle = self._instantiate(entry.bytecode, path)
        self.stats.hits += 1
        self.stats.bundled += 1
        self._collected[path] = entry
        return handle, entry

    def _write_bundle(self) -> None:
        """Write a fresh bundle when this run's modules were all cache hits and differ from
        the bundle in use (none, stale, or the program now loads other modules)."""
        entry_path = self._bundle_entry
        if entry_path is None or not self._complete or not self._collected or self.store is None:
            return
        old = self._bundle
        if self.describe_links is not None:
            links = self.describe_links(self._collected.keys())
        else:
            links = old.links if old is not None else b""
        if old is not None and old.entries.keys() == self._collected.keys() and old.links == links:
            return
        data = encode_bundle(
            self._collected.values(),
            links,
            entry_path=entry_path,
            engine_version=ENGINE_VERSION,
            flags=self.options.flags,
            key=self.store.key,
        )
        self.store.write(self._bundle_path(entry_path), data)

    # ------------------------------------------------------------------ modules

    def fetch(
        self,
        path: str,
        source: bytes | None = None,
        on_metadata: Callable[[ModuleRecord], None] | None = None,
    ) -> FetchedModule:
        """The module `path` (its source read from disk unless given, e.g. by a hook).

        `on_metadata` sees a cached module's record before the engine instantiates the
        bytecode: QuickJS resolves the module's imports while reading it, and the resolve hook
        needs the record's import attributes."""
        if source is None:
            source = self.read_source(path)
        store = self.store
        if store is None or not store.open():
            return FetchedModule(self._compile(path, source), None, "uncached")
        timed = PHASES.enabled
        if timed:
            PHASES.enter("read+hash")
        digest = source_hash(source)
        record_path = store.record_path(path, self.options.variant)
        data = store.read(record_path)
        if timed:
            PHASES.leave()
        if data is not None:
            hit = self._from_record(path, data, digest, store.key, on_metadata)
            if hit is not None:
                return hit
        return self._compile_and_store(path, source, digest, record_path)

    def _compile(self, path: str, source: bytes) -> ModuleHandle:
        if not PHASES.enabled:
            return compile_module(self.engine, path, source)
        PHASES.enter("compile")
        try:
            return compile_module(self.engine, path, source)
        finally:
            PHASES.leave()

    def _from_record(
        self,
        path: str,
        data: bytes,
        digest: bytes,
        key: bytes,
        on_metadata: Callable[[ModuleRecord], None] | None,
    ) -> FetchedModule | None:
        from esmload.analyze.record import ModuleRecord  # not the analyzer: no parser here

        timed = PHASES.enabled
        if timed:
            PHASES.enter("validate")
        try:
            record = decode_record(
                data,
                engine_version=ENGINE_VERSION,
                flags=self.options.flags,
                source_hash=digest,
                key=key,
            )
            metadata = ModuleRecord.from_payload(record.metadata, record.hints)
        except (RecordError, ValueError):
            self.stats.invalid += 1
            return None
        finally:
            if timed:
                PHASES.leave()
        if on_metadata is not None:
            on_metadata(metadata)
        # Only a record whose keyed digest verified gets here: JS_ReadObject trusts its input.
        handle = self._instantiate(record.bytecode, path)
        self.stats.hits += 1
        stamp = self._stamps.get(path)
        if stamp is None:
            self._complete = False  # source not from a file we stat'ed (e.g. a hook)
        else:
            self._collected[path] = BundleEntry(
                path, stamp, record.hints, record.metadata, record.bytecode
            )
        return FetchedModule(handle, metadata, "hit")

    def _instantiate(self, bytecode: bytes | memoryview, path: str) -> ModuleHandle:
        if not PHASES.enabled:
            return self.engine.load_module_bytecode(bytecode, path)
        PHASES.enter("deserialize")
        try:
            return self.engine.load_module_bytecode(bytecode, path)
        finally:
            PHASES.leave()

    def _compile_and_store(
        self, path: str, source: bytes, digest: bytes, record_path: str
    ) -> FetchedModule:
        # Compile first: QuickJS is fast and its syntax errors are the ones users see. A module
        # that fails to compile writes nothing.
        handle = self._compile(path, source)
        self.stats.misses += 1
        self._complete = False  # the next run, all hits, writes the bundle
        # Serialize before anything evaluates the module (evaluation replaces its bytecode).
        bytecode = module_bytecode(self.engine, handle, self.options)
        job = (path, source, digest, record_path, bytecode)
        if self.background:
            if self._writer is None:
                from esmload.fetch.writer import RecordWriter

                self._writer = RecordWriter(
                    self._store_record, self._store_analyzed if self.processes else None
                )
            self._writer.submit(job)
        else:
            self._store_record(job)
        return FetchedModule(handle, None, "miss")

    def _store_record(self, job: tuple[str, bytes, bytes, str, bytes]) -> None:
        """Analyze, encode and write one record (on the writer thread in background mode)."""
        path, source, _, _, _ = job
        record = self._analyze(path, source)
        if record is None:
            self.stats.uncacheable += 1
            return
        self._write_record(job, record.to_cbor(), record.hints())

    def _store_analyzed(
        self, job: tuple[str, bytes, bytes, str, bytes], analysis: tuple[str, Any, int]
    ) -> None:
        """Write a record from a worker process' analysis (fetch/analysis_pool.py)."""
        outcome, metadata, hints = analysis
        if outcome != "ok":
            self.stats.uncacheable += 1
            if self.on_analyze_error is not None:
                self.on_analyze_error(job[0], ValueError(metadata))
            return
        self._write_record(job, metadata, hints)

    def _write_record(
        self, job: tuple[str, bytes, bytes, str, bytes], metadata: object, hints: int
    ) -> None:
        _, _, digest, record_path, bytecode = job
        assert self.store is not None
        data = encode_record(
            engine_version=ENGINE_VERSION,
            flags=self.options.flags,
            source_hash=digest,
            metadata=metadata,
            bytecode=bytecode,
            key=self.store.key,
            hints=hints,
        )
        if self.store.write(record_path, data):
            self.stats.written += 1

    def finish(self) -> None:
        """Wait for records still being written, then write the graph bundle if it is due
        (call before the process ends)."""
        if self._writer is not None:
            self._writer.finish()
        if self._bundle_entry is not None:
            self._write_bundle()
            self._bundle_entry = None

    def _analyze(self, path: str, source: bytes) -> ModuleRecord | None:
        timed = PHASES.enabled and not self.background
        if timed:
            PHASES.enter("analyze")
        try:
            from esmload.analyze import analyze

            return analyze(source.decode("utf-8", "surrogateescape"))
        except Exception as exc:  # noqa: BLE001 - analysis only feeds the cache
            # esprima cannot parse something QuickJS accepts (or is unavailable): run the
            # module, just do not cache it.
            if self.on_analyze_error is not None:
                self.on_analyze_error(path, exc)
            return None
        finally:
            if timed:
                PHASES.leave()
