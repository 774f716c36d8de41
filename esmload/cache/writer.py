"""Write cache records off the critical path: where the work runs, and when.

A cold run's extra work is the records: building each ES module's record (jobs.py,
analyze/fast.py: the engine's analysis, its own account or read out of the bytecode, plus a
source scan; esprima for the rare module those cannot vouch for), encoding it and writing it.
The program needs none of it, so the main thread compiles and serializes, hands a `Job` over
and goes on.

- The command line holds its first jobs (HOLD_JOBS, HOLD_BYTES) and writes them when the run
  finishes, or when the program starts waiting (run/event_loop.py `before_wait`): a run with
  a few misses (a fresh cache's prelude, an edited module, a few big ones) pays for no
  process and no thread. Past that, a forked child takes them and the rest
  (writer_process.py): record building is Python, and on a thread it competes with the
  program for the GIL (lodash-es' 641 modules: 2.7x an uncached run on a thread).
- Embedding apps, and the command line where no child can be had: a thread. QuickJS calls
  release the GIL, so the thread's work overlaps some of the program's.
Whoever builds the records holds them and writes them as one batch (`CodeCache.put_many`: a
big batch becomes one pack file) when the run finishes or jobs stop coming for a moment.
`finish()` waits for all of it: the process must not end before, or the records are lost.
"""

from __future__ import annotations

import contextlib
import sys
from time import perf_counter

from esmload.cache.jobs import HashApart, build_into
from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    import queue
    import threading

    from esmload.cache.code_cache import CodeCache
    from esmload.cache.jobs import Job
    from esmload.cache.units import UnitKind
    from esmload.cache.writer_process import ChildWriter

# The main thread drops the GIL around every QuickJS call and must get it back at once; with
# the default 5 ms switch interval it can queue behind a busy writer thread for that long.
_SWITCH_INTERVAL = 0.0005  # seconds
_MANY = 8  # records: past this many, importing cbor2 for its C encoder pays for itself
HOLD_JOBS = 16  # jobs the command line holds before a child process takes over
# Bytes of source and bytecode held, likewise. High: a few big modules (three.js) cost less
# built here at the end than in a child, whose fork makes the program pay for copying every
# memory page it writes afterwards; many small ones (lodash-es) are the child's work.
HOLD_BYTES = 16 << 20
# Bytes of bytecode past which a held job's bytecode is hashed at once, on a thread of its own
# (jobs.py HashApart): the hash of three.js' megabytes then costs the end of the run nothing.
HASH_APART = 256 << 10
_IDLE = 0.1  # seconds without a new job after which the records held are written
_BATCH_BYTES = 32 << 20  # records held before they are written whatever comes next


class RecordWriter:
    def __init__(self, cache: CodeCache, *, owns_process: bool = False) -> None:
        """Writes `cache`'s records on a thread, or in a forked child (writer_process.py)
        when `owns_process`: esmload is the whole program (the command line). Embedding apps
        never get a process (processes inside someone else's application are not esmload's
        to start); their records are the same. The cache's `on_analyze_error(path, reason)`
        hears of each module whose record could not be built."""
        self.cache = cache
        self._owns_process = owns_process
        self._jobs: queue.SimpleQueue[Job | None] | None = None
        self._thread: threading.Thread | None = None
        self._child: ChildWriter | None = None
        self._interval = sys.getswitchinterval()
        # The command line holds its first jobs: a run with a few misses (a fresh cache's
        # prelude, an edited module) writes them when it finishes, and never pays for a
        # fork or a thread; past HOLD_JOBS or HOLD_BYTES, a child takes them and the rest.
        self._held: list[Job] = []
        self._held_bytes = 0
        self._no_child = not owns_process

    def submit(self, job: Job) -> None:
        if self._child is not None:
            if self._child.send(job):
                return
            self._finish_child()  # it died: a thread takes the rest
            self._no_child = True
        elif not self._no_child and self._thread is None:
            if len(job.bytecode) >= HASH_APART and job.code_hash is None:
                with contextlib.suppress(RuntimeError):  # no thread to be had: hashed later
                    job.code_hash = HashApart(job.bytecode)
            self._held.append(job)
            self._held_bytes += len(job.source) + len(job.bytecode)
            if len(self._held) <= HOLD_JOBS and self._held_bytes <= HOLD_BYTES:
                return
            from esmload.cache.writer_process import ChildWriter, can_fork

            held, self._held = self._held, []
            for waiting in held:  # (no thread may run while the process forks)
                if waiting.code_hash is not None:
                    waiting.code_hash.result()
            if can_fork():
                self._child = ChildWriter.start(self.cache)
            self._no_child = self._child is None
            for waiting in held:
                self.submit(waiting)
            return
        self._submit_here(job)

    def _submit_here(self, job: Job) -> None:
        if self._thread is None:
            import queue
            import threading

            self._jobs = queue.SimpleQueue()
            if self._owns_process:
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, _SWITCH_INTERVAL))
            self._thread = threading.Thread(
                target=self._run, name="esmload-record-writer", daemon=True
            )
            self._thread.start()
        assert self._jobs is not None
        self._jobs.put(job)

    def _run(self) -> None:
        import queue

        jobs = self._jobs
        assert jobs is not None
        built = 0
        batch: list[tuple[UnitKind, str, bytes]] = []
        size = 0
        while True:
            try:
                # Holding records: write them once no new job comes for a while (a long-running
                # program or an embedding app), else when the run finishes.
                job = jobs.get(timeout=_IDLE) if batch else jobs.get()
                idle = False
            except queue.Empty:
                job, idle = None, True
            if job is None or size > _BATCH_BYTES:
                if batch:
                    with contextlib.suppress(Exception):  # a lost record is a miss next time
                        self.cache.put_many(batch)
                    batch, size = [], 0
                if job is None:
                    if idle:
                        continue
                    return
            built += 1
            if built == _MANY:
                with contextlib.suppress(ImportError):
                    import cbor2  # noqa: F401 - its C encoder now pays (cache/record.py)
                from esmload.analyze.esm_lexer import patterns

                patterns().compile_whole()  # (and so do these)
            started = perf_counter()
            size += build_into(self.cache, job, batch, self._report)
            if PHASES.enabled:
                # Overlaps the main thread's phases: reported, not subtracted from "other".
                PHASES.add("analyze", perf_counter() - started)

    def _report(self, path: str, reason: str) -> None:
        if self.cache.on_analyze_error is not None:
            self.cache.on_analyze_error(path, reason)

    def write_held(self) -> None:
        """Build and write the jobs held so far, here and now (the run finishes, or the
        program waits: a long-running one may end by a signal that leaves no time)."""
        held, self._held = self._held, []
        self._held_bytes = 0
        if held:
            batch: list[tuple[UnitKind, str, bytes]] = []
            for job in held:
                build_into(self.cache, job, batch, self._report)
            with contextlib.suppress(Exception):  # a lost record is a miss next time
                self.cache.put_many(batch)

    def flush(self) -> None:
        """Hand the child process the jobs it has not been sent yet (the program loaded its
        graph and is about to run: the child gets on with them meanwhile)."""
        if self._child is not None and not self._child.flush():
            self._finish_child()  # it died: a thread takes what comes next
            self._no_child = True

    def finish(self) -> None:
        """Wait until every submitted record is written (or given up)."""
        self.write_held()
        self._finish_child()
        thread, self._thread = self._thread, None
        if thread is not None:
            assert self._jobs is not None
            self._jobs.put(None)
            thread.join()
            if self._owns_process:
                sys.setswitchinterval(self._interval)

    def _finish_child(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        tally = child.finish()
        if tally is None:
            return  # it died: what it held is lost, and missed next time
        written, uncacheable, errors, warnings = tally
        stats = self.cache.stats
        stats.written += written
        stats.uncacheable += uncacheable
        for path, reason in errors:
            self._report(path, reason)
        for warning in warnings:  # the trouble this process' store may meet too
            self.cache.store.warn_once(warning)
