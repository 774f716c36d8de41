"""esmload's `fetchESMSourceCode`: a module's source → a module the engine can link.

read source → the code cache's record (validated there) → hit: metadata + `JS_ReadObject`;
miss: compile with QuickJS now, and build the record from the engine's own analysis in the
bytecode plus a source scan (analyze/fast.py; esprima when those cannot vouch for it) and
write it later (writer.py, off the program's critical path). Nothing here is fatal for the
cache: a bad record is a miss, a failed write is a warning.
"""

from __future__ import annotations

import os

from esmload.cache.bundle import Stamp, stamp_of
from esmload.cache.record import source_hash
from esmload.cache.units import COMMONJS, MODULE
from esmload.compile import compile_module, serialize_module
from esmload.errors import LoadError
from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, ClassVar

    from esmload.analyze.record import ModuleRecord
    from esmload.cache.code_cache import CodeCache
    from esmload.cache.record import Record
    from esmload.cache.units import CacheStats, UnitKind
    from esmload.engine.core import Engine, ModuleHandle


class CacheState:
    """How a module's code came to be: one of the four constants below, compared by identity.
    (Not an `enum.Enum`: importing enum would cost every start about 2 ms.)"""

    __slots__ = ("name",)

    HIT: ClassVar[CacheState]  # read from a validated record (or the program's bundle)
    MISS: ClassVar[CacheState]  # compiled; its record is being written
    UNCACHED: ClassVar[CacheState]  # compiled; the cache is off or cannot be used
    NOT_CACHED: ClassVar[CacheState]  # no code to cache (JSON, modules made from Python values)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"CacheState.{self.name}"


CacheState.HIT = CacheState("HIT")
CacheState.MISS = CacheState("MISS")
CacheState.UNCACHED = CacheState("UNCACHED")
CacheState.NOT_CACHED = CacheState("NOT_CACHED")


class FetchedModule:
    __slots__ = ("handle", "record", "state", "unit", "stamp", "format")

    def __init__(
        self,
        handle: ModuleHandle,
        record: ModuleRecord | None,
        state: CacheState,
        unit: Record | None = None,
        stamp: Stamp | None = None,
        format: str | None = None,
    ) -> None:
        self.handle = handle
        # the analyzer's record: from the cache on a hit, None on a miss (it is still being
        # made), when the cache is off, or when the module is not JavaScript
        self.record = record
        self.state = state
        self.unit = unit  # on a hit: the validated record (for the program's next bundle)
        self.stamp = stamp  # the source file's stat stamp when it was read from a file
        # the module's format when the translator learned it (syntax detection), else None
        self.format = format


def read_source(path: str, stamps: dict[str, Stamp] | None = None) -> bytes:
    """The file's bytes; with `stamps`, its stat stamp (from the same open file) goes there."""
    try:
        with open(path, "rb") as f:
            if stamps is not None:
                stamps[path] = stamp_of(os.fstat(f.fileno()))
            return f.read()
    except OSError as exc:
        raise LoadError(f"Cannot read module {path}: {exc.strerror or exc}") from None


class ModuleFetcher:
    def __init__(
        self,
        engine: Engine,
        cache: CodeCache | None,
        *,
        stats: CacheStats | None = None,
        on_analyze_error: Callable[[str, Exception], None] | None = None,
        background: bool = True,
        owns_process: bool = False,
    ) -> None:
        """`cache` None runs uncached. Records are built and written off the critical path
        (cache/writer.py) unless `background` is off; `owns_process`: esmload is the whole
        process (the command line), so a child process may write them."""
        from esmload.cache.units import CacheStats

        self.engine = engine
        self.cache = cache
        self.stats = cache.stats if cache is not None else (stats or CacheStats())
        self.on_analyze_error = on_analyze_error
        self.background = background
        self._stamps: dict[str, Stamp] = {}
        # The engine's predefined atom names (for records read out of bytecode, where the
        # engine cannot tell a module's analysis itself): None until such a miss, () if they
        # cannot be had (then esprima builds those records).
        self._atoms: tuple[str, ...] | None = None
        # Modules being compiled whose records are not handed on yet: (source, digest) by path.
        self._compiling: dict[str, tuple[bytes, bytes]] = {}
        if cache is not None:
            cache.owns_process = cache.owns_process or owns_process
            cache.on_analyze_error = self._analyze_error

    def read_source(self, path: str) -> bytes:
        """The source, remembering its stat stamp for the program's next bundle."""
        return read_source(path, self._stamps)

    def fetch(
        self,
        path: str,
        source: bytes | None = None,
        on_metadata: Callable[[ModuleRecord], None] | None = None,
        found: tuple[Record, ModuleRecord] | None = None,
    ) -> FetchedModule:
        """The module `path` (its source read from disk unless given, e.g. by a loader hook).

        `on_metadata` sees a cached module's record before the engine instantiates the
        bytecode: QuickJS resolves the module's imports while reading it, and the resolve step
        needs the record's import attributes. `found`: the module's validated record, when the
        caller already looked it up (CommonJS syntax detection)."""
        if source is None:
            source = self.read_source(path)
        stamp = self._stamps.pop(path, None)
        cache = self.cache
        if cache is None or not cache.usable:
            return FetchedModule(self._compile(path, source), None, CacheState.UNCACHED)
        timed = PHASES.enabled
        if timed:
            PHASES.enter("read+hash")
        digest = source_hash(source)
        if timed:
            PHASES.leave()
            PHASES.enter("validate")
        if found is None:
            found = cache.get_module(path, digest)
        if timed:
            PHASES.leave()
        if found is None:
            return self._compile_and_store(path, source, digest, stamp)
        unit, metadata = found
        if on_metadata is not None:
            on_metadata(metadata)
        handle = self.instantiate(unit.bytecode, path)
        self.stats.hits += 1
        return FetchedModule(handle, metadata, CacheState.HIT, unit, stamp)

    def instantiate(self, bytecode: bytes | memoryview, path: str) -> ModuleHandle:
        """The module from bytecode that the code cache validated (JS_ReadObject trusts it)."""
        if not PHASES.enabled:
            return self.engine.load_module_bytecode(bytecode, path)
        PHASES.enter("deserialize")
        try:
            return self.engine.load_module_bytecode(bytecode, path)
        finally:
            PHASES.leave()

    def _compile(self, path: str, source: bytes) -> ModuleHandle:
        if not PHASES.enabled:
            return compile_module(self.engine, path, source)
        PHASES.enter("compile")
        try:
            return compile_module(self.engine, path, source)
        finally:
            PHASES.leave()

    def _compile_and_store(
        self, path: str, source: bytes, digest: bytes, stamp: Stamp | None
    ) -> FetchedModule:
        # Compile first: QuickJS is fast and its syntax errors are the ones users see. A module
        # that fails to parse writes nothing (one whose imports then fail to load has a
        # record: it is its source's, and a later run reports the same error).
        assert self.cache is not None
        if self.background:
            self.cache.before_compile(len(source))
        # Handed on when QuickJS starts resolving its imports (`imports_start`), else once
        # compiled.
        self._compiling[path] = (source, digest)
        try:
            handle = self._compile(path, source)
        finally:
            waiting = self._compiling.pop(path, None)
        self.stats.misses += 1
        if waiting is not None:
            self._store_compiled(path, handle, source, digest)
        return FetchedModule(handle, None, CacheState.MISS, None, stamp)

    def imports_start(self, path: str) -> None:
        """QuickJS resolves the first import of module `path` (the loader's normalize
        callback). A module being compiled is complete then, but for its imports: its record
        is handed on now rather than after its whole graph has loaded, so that the writer
        builds the record of a module with thousands of imports (the root of a wide graph)
        while those load, not after."""
        waiting = self._compiling.get(path)
        if waiting is None:
            return
        handle = self.engine.module_being_compiled(path)
        if handle is None:
            return
        del self._compiling[path]
        self._store_compiled(path, handle, *waiting)

    def _store_compiled(
        self, path: str, handle: ModuleHandle, source: bytes, digest: bytes
    ) -> None:
        assert self.cache is not None
        # Serialize before anything evaluates the module (evaluation replaces its bytecode),
        # with what the engine found, from the engine (the one built at install has the
        # function), else read out of the bytecode, which takes the engine's predefined atom
        # names.
        bytecode, info = serialize_module(self.engine, handle, self.cache.options)
        if info is None and self._atoms is None:
            self._atoms = self._predefined_atoms(bytecode)
        self._store(
            MODULE,
            path,
            digest,
            bytecode,
            source=source,
            atoms=self._atoms or (),
            info=info,
        )

    def store_commonjs(
        self, path: str, source: bytes, digest: bytes, bytecode: bytes, metadata: Any
    ) -> None:
        """Write a CommonJS module's record (its metadata is ready) the way module records
        are written: off the critical path."""
        self._store(COMMONJS, path, digest, bytecode, metadata=metadata)

    def _store(
        self,
        kind: UnitKind,
        path: str,
        digest: bytes,
        bytecode: bytes | memoryview,
        *,
        metadata: Any = None,
        source: bytes = b"",
        atoms: tuple[str, ...] = (),
        info: bytes | None = None,
    ) -> None:
        assert self.cache is not None
        if self.background:
            self.cache.put_later(
                kind,
                path,
                digest,
                bytecode,
                metadata=metadata,
                source=source,
                atoms=atoms,
                info=info,
            )
            return
        from esmload.cache.jobs import Job, write_record

        timed = PHASES.enabled
        if timed:
            PHASES.enter("analyze")
        try:
            job = Job(kind, path, source, digest, bytecode, metadata, atoms, info=info)
            write_record(self.cache, job, self._analyze_error)  # (counts the uncacheable)
        finally:
            if timed:
                PHASES.leave()

    def _analyze_error(self, path: str, reason: str) -> None:
        if self.on_analyze_error is not None:
            self.on_analyze_error(path, ValueError(reason))

    def _predefined_atoms(self, bytecode: bytes | memoryview) -> tuple[str, ...]:
        """The engine's predefined atom names, for reading records out of bytecode (() if
        they cannot be had: then esprima analyzes every module)."""
        from esmload.analyze.bytecode import first_dynamic_atom
        from esmload.engine.atoms import predefined_atom_names
        from esmload.engine.modules import PendingModule

        # Read from the bytecode of an empty module when the side runtime can make one: the
        # number sits past the atom table, and a big module's table has thousands of atoms.
        previous = self.engine.defer_modules(True)
        try:
            probe = self.engine.compile_module("esmload:atom-probe", b"")
        finally:
            self.engine.defer_modules(previous)
        if isinstance(probe, PendingModule) and probe.bytecode is not None:
            bytecode = bytes(probe.bytecode)
        try:
            return predefined_atom_names(self.engine, first_dynamic_atom(bytecode))
        except ValueError:
            return ()

    def flush_writes(self) -> None:
        """Hand on the records batched up so far (the program's graph is loaded)."""
        if self.cache is not None:
            self.cache.flush_writes()

    def write_held(self) -> None:
        """Write the records held for the end of the run now (the program is waiting)."""
        if self.cache is not None:
            self.cache.write_held()

    def finish(self) -> None:
        """Wait for records still being written (call before the process ends)."""
        if self.cache is not None:
            self.cache.finish_writes()
