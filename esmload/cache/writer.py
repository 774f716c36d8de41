"""Write cache records off the main thread.

A cold run's extra work is the records: building each ES module's record (analyze/fast.py:
the engine's analysis read out of the bytecode plus a source scan, esprima for the rare
module those cannot vouch for), encoding it and creating the file. The program needs none
of it, so the main thread compiles and serializes, hands a `Job` to the writer thread and goes
on; QuickJS calls release the GIL, so on a second CPU the thread's work overlaps the
program's. `finish()` waits for it: the process must not end before, or the records are lost.

Measured and not kept: handing the records of big cold runs to a second process. A forked
child pays for copy-on-write (the program's heap grows and changes while the child touches
its copy: lodash-es' 641 modules took 5x an uncached run instead of 2.7x on the thread), and a
fresh interpreter spends tens of milliseconds starting before it can take a job (3.0x).
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
from time import perf_counter

from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

    from esmload.cache.code_cache import CodeCache, UnitKind

# The main thread drops the GIL around every QuickJS call and must get it back at once; with
# the default 5 ms switch interval it can queue behind a busy writer thread for that long.
_SWITCH_INTERVAL = 0.0005  # seconds
_MANY = 8  # records: past this many, importing cbor2 for its C encoder pays for itself


class Job:
    """One record to write: a unit of `kind`. An ES module (code_cache.MODULE) given without
    metadata gets its record built here from its source and bytecode (`atoms`:
    the engine's predefined atom names, analyze/bytecode.py)."""

    __slots__ = ("kind", "path", "source", "digest", "bytecode", "metadata", "atoms")

    def __init__(
        self,
        kind: UnitKind,
        path: str,
        source: bytes,
        digest: bytes,
        bytecode: bytes,
        metadata: Any = None,
        atoms: tuple[str, ...] = (),
    ) -> None:
        self.kind = kind
        self.path = path
        self.source = source
        self.digest = digest
        self.bytecode = bytecode
        self.metadata = metadata
        self.atoms = atoms


def write_record(cache: CodeCache, job: Job) -> str | None:
    """Write one record, building an ES module's first; the reason it could not be built, if
    it could not (then nothing is written and the module is just not cached)."""
    kind = job.kind
    if kind.name != "module" or job.metadata is not None:
        cache.put(kind, job.path, job.digest, job.bytecode, metadata=job.metadata)
        return None
    from esmload.analyze.fast import module_record

    try:
        record = module_record(job.source, job.bytecode, job.atoms)
    except Exception as exc:  # noqa: BLE001 - analysis only feeds the cache
        return f"{type(exc).__name__}: {exc}"
    cache.put(
        kind, job.path, job.digest, job.bytecode, metadata=record.to_cbor(), hints=record.hints()
    )
    return None


class RecordWriter:
    def __init__(self, cache: CodeCache, *, owns_process: bool = False) -> None:
        """Writes `cache`'s records on a thread. `owns_process`: esmload is the whole
        program (the command line), so it may shorten the process-wide GIL switch interval
        while the thread runs. The cache's `on_analyze_error(path, reason)` hears of each
        module whose record could not be built."""
        self.cache = cache
        self._owns_process = owns_process
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._interval = sys.getswitchinterval()

    def submit(self, job: Job) -> None:
        if self._thread is None:
            if self._owns_process:
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, _SWITCH_INTERVAL))
            self._thread = threading.Thread(
                target=self._run, name="esmload-record-writer", daemon=True
            )
            self._thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        written = 0
        while (job := self._jobs.get()) is not None:
            written += 1
            if written == _MANY:
                with contextlib.suppress(ImportError):
                    import cbor2  # noqa: F401 - its C encoder now pays (cache/record.py)
            started = perf_counter()
            with contextlib.suppress(Exception):  # a failed record is just a miss next time
                error = write_record(self.cache, job)
                if error is not None:
                    self.cache.stats.uncacheable += 1
                    if self.cache.on_analyze_error is not None:
                        self.cache.on_analyze_error(job.path, error)
            if PHASES.enabled:
                # Overlaps the main thread's phases: reported, not subtracted from "other".
                PHASES.add("analyze", perf_counter() - started)

    def finish(self) -> None:
        """Wait until every submitted record is written (or given up)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put(None)
            thread.join()
            if self._owns_process:
                sys.setswitchinterval(self._interval)
