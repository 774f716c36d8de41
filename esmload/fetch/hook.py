"""esmload's `fetchESMSourceCode`: source bytes → a module the engine can link, via the cache.

read source → find record → validate (magic, format, engine, flags, source hash, digest) →
hit: metadata + `JS_ReadObject`; miss: compile with QuickJS, analyze with esprima, write a record.
Nothing here is fatal for the cache: a bad record is a miss, a failed write is a warning.
"""

from __future__ import annotations

from collections.abc import Callable

from esmload.compile import CompileOptions, compile_module, module_bytecode
from esmload.engine.core import Engine, ModuleHandle
from esmload.engine.lib import ENGINE_VERSION
from esmload.errors import EsmloadError
from esmload.fetch.record import RecordError, decode_record, encode_record, source_hash
from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from esmload.analyze.record import ModuleRecord
    from esmload.fetch.store import CacheStore
    from esmload.fetch.writer import RecordWriter


class LoadError(EsmloadError):
    """A module's file cannot be read."""

    code = "ERR_MODULE_NOT_FOUND"


class CacheStats:
    __slots__ = ("hits", "misses", "written", "invalid", "uncacheable")

    def __init__(self) -> None:
        self.hits = self.misses = self.written = self.invalid = self.uncacheable = 0

    def line(self) -> str:
        return (
            f"esmload cache: hits={self.hits} misses={self.misses} written={self.written} "
            f"invalid={self.invalid} uncacheable={self.uncacheable}"
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
    ) -> None:
        self.engine = engine
        self.store = store
        self.options = options or CompileOptions()
        self.stats = stats or CacheStats()
        self.on_analyze_error = on_analyze_error
        # Records are analyzed and written on a worker thread unless told otherwise.
        self.background = background
        self._writer: RecordWriter | None = None

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
            source = read_source(path)
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
        if timed:
            PHASES.enter("deserialize")
            try:
                handle = self.engine.load_module_bytecode(record.bytecode, path)
            finally:
                PHASES.leave()
        else:
            handle = self.engine.load_module_bytecode(record.bytecode, path)
        self.stats.hits += 1
        return FetchedModule(handle, metadata, "hit")

    def _compile_and_store(
        self, path: str, source: bytes, digest: bytes, record_path: str
    ) -> FetchedModule:
        # Compile first: QuickJS is fast and its syntax errors are the ones users see. A module
        # that fails to compile writes nothing.
        handle = self._compile(path, source)
        self.stats.misses += 1
        # Serialize before anything evaluates the module (evaluation replaces its bytecode).
        bytecode = module_bytecode(self.engine, handle, self.options)
        job = (path, source, digest, record_path, bytecode)
        if self.background:
            if self._writer is None:
                from esmload.fetch.writer import RecordWriter

                self._writer = RecordWriter(self._store_record)
            self._writer.submit(job)
        else:
            self._store_record(job)
        return FetchedModule(handle, None, "miss")

    def _store_record(self, job: tuple[str, bytes, bytes, str, bytes]) -> None:
        """Analyze, encode and write one record (on the writer thread in background mode)."""
        path, source, digest, record_path, bytecode = job
        record = self._analyze(path, source)
        if record is None:
            self.stats.uncacheable += 1
            return
        assert self.store is not None
        data = encode_record(
            engine_version=ENGINE_VERSION,
            flags=self.options.flags,
            source_hash=digest,
            metadata=record.to_cbor(),
            bytecode=bytecode,
            key=self.store.key,
            hints=record.hints(),
        )
        if self.store.write(record_path, data):
            self.stats.written += 1

    def finish(self) -> None:
        """Wait for records still being written (call before the process ends)."""
        if self._writer is not None:
            self._writer.finish()

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
