"""Write cache records off the critical path: where the work runs, and when.

A cold run's extra work is the records: building each ES module's record (jobs.py,
analyze/fast.py: the engine's analysis, its own account or read out of the bytecode, plus a
source scan; esprima for the rare module those cannot vouch for), encoding it and writing it.
The program needs none of it, so the main thread compiles and serializes, hands a `Job` over
and goes on.

- The command line holds its first jobs (FIRST_JOBS, FIRST_BYTES) and builds them when the
  run finishes, or when the program starts waiting (run/event_loop.py `before_wait`): a run
  with a few misses (a fresh cache's prelude, an edited module) pays for no process and no
  thread, which would compete with the start-up's own Python work for the GIL. When a big
  module is about to compile (`before_compile`), a thread takes the jobs held: QuickJS
  compiles without the GIL, so the thread works meanwhile, and a big module's record
  (three.js) is mostly built when the run ends instead of all of it being built then. The
  next jobs are held for the next such moment, or the program's start (`flush`): a thread
  building records as they come holds the GIL that the loader wants between compiles.
- Past FIRST_JOBS or FIRST_BYTES, a child process takes the rest, with the records the thread
  built (writer_process.py): record building is Python, and for many modules (lodash-es'
  641) a thread competes with the program's own Python work for the GIL (2.7x an uncached
  run, measured).
- Embedding apps, and the command line where no child can be had: a thread throughout.
The records of a batch end up in one pack file (or a file each for a few): the first thread
keeps its few in memory (`CodeCache.put_many` at the end, or the child takes them); a writer
for the whole run writes each record to its pack as it builds it (`CodeCache.record_stream`,
store.py `PackStream`) and publishes the pack when the run finishes or jobs stop coming for a
moment, so that little is left to write then. `finish()` waits for all of it: the process
must not end before, or the records are lost.
"""

from __future__ import annotations

import _thread
import contextlib
import sys
from time import perf_counter

from esmload.cache.jobs import build_into
from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from _queue import SimpleQueue
    from collections.abc import Callable

    from esmload.cache.code_cache import CodeCache, RecordStream
    from esmload.cache.jobs import Job
    from esmload.cache.units import UnitKind
    from esmload.cache.writer_process import ChildWriter

# The main thread drops the GIL around every QuickJS call and must get it back at once; with
# the default 5 ms switch interval it can queue behind a busy writer thread for that long.
_SWITCH_INTERVAL = 0.0005  # seconds
_MANY = 8  # records: past this many, importing cbor2 for its C encoder pays for itself
FIRST_JOBS = 16  # jobs the command line's thread builds before a child process takes over
# Bytes of source and bytecode, likewise. High: a few big modules (three.js) are the thread's
# work, as a child would start later and need their megabytes sent down a pipe; many small
# ones (lodash-es) are the child's.
FIRST_BYTES = 16 << 20
# Imports past which a module's record takes the first thread long to build (its scan), and
# holds the GIL the program wants meanwhile: the child builds it (the root of a wide graph,
# whose thousands of imports are to come), or the program at the end.
_MANY_REQUESTS = 64
_IDLE = 0.1  # seconds without a new job after which the records held are written
_BATCH_BYTES = 32 << 20  # records held before they are written whatever comes next


class RecordWriter:
    def __init__(self, cache: CodeCache, *, owns_process: bool = False) -> None:
        """Writes `cache`'s records on a thread, or in a child process (writer_process.py)
        when `owns_process`: esmload is the whole program (the command line). Embedding apps
        never get a process (processes inside someone else's application are not esmload's
        to start); their records are the same. The cache's `on_analyze_error(path, reason)`
        hears of each module whose record could not be built."""
        self.cache = cache
        self._owns_process = owns_process
        self._jobs: SimpleQueue[Job | None] | None = None
        self._thread: _Worker | None = None
        self._child: ChildWriter | None = None
        self._interval = sys.getswitchinterval()
        # The command line's first jobs (FIRST_JOBS, FIRST_BYTES): held, or given to a
        # thread once a big compile starts (`before_compile`); past them, a child takes
        # the rest, with the records the thread built by then.
        self._held: list[Job] = []
        self._first_jobs = 0
        self._first_bytes = 0
        self._no_child = not owns_process
        # Records a stopped thread built and did not write: for the child, or the next thread.
        self._built: list[tuple[UnitKind, str, bytes]] = []
        self._hand_over = False  # tells the thread to leave its records in _built

    def submit(self, job: Job) -> None:
        if self._child is not None:
            if self._child.send(job):
                return
            self._finish_child()  # it died: a thread takes the rest
        elif not self._no_child:
            self._first_jobs += 1
            self._first_bytes += len(job.source) + len(job.bytecode)
            if self._first_jobs > FIRST_JOBS or self._first_bytes > FIRST_BYTES:
                self._start_child()
                if self._child is not None:
                    self.submit(job)
                    return
            else:
                self._held.append(job)  # (until a free moment: `before_compile`, `flush`)
                return
        self._submit_here(job)

    def before_compile(self) -> None:
        """The main thread is about to compile a big module (code_cache.py BIG_COMPILE).
        QuickJS compiles without the GIL, so a big compile is a free moment for a thread to
        build the records of the command line's first jobs (and get ready for the next
        ones): one starts then, or gets the jobs held since the last such moment, rather
        than each held job being built at the end of the run."""
        if not self._no_child:
            if self._thread is None:
                self._start_thread()
            self._hand_held_to_thread()

    def _hand_held_to_thread(self) -> None:
        """Give the thread the first jobs held so far. Not as they come: building a record
        holds the GIL for much of its time (a big module's scan, its encoding), and the
        program wants it back between QuickJS calls (resolving, reading and hashing the next
        module), so a thread that builds as jobs come slows the program by about as much
        as it saves."""
        held, self._held = self._held, []
        assert self._jobs is not None
        for job in held:
            if job.requests >= _MANY_REQUESTS:
                self._held.append(job)  # (the child's, or the program's at the end)
            else:
                self._jobs.put(job)

    def _start_child(self) -> None:
        """Start the child writer, which gets the records the thread built (the thread
        stops: one batch, one pack) and the jobs held; without one, a thread takes over."""
        from esmload.cache.writer_process import ChildWriter, can_spawn

        self._no_child = True  # (whatever happens: one child per run at most)
        built = self._stop_thread(write=False)
        held, self._held = self._held, []
        if can_spawn():
            self._child = ChildWriter.start(self.cache, built)
        if self._child is None:
            self._built = built
        for job in held:
            self.submit(job)

    def _submit_here(self, job: Job) -> None:
        if self._thread is None:
            self._start_thread()
        assert self._jobs is not None
        self._jobs.put(job)

    def _start_thread(self) -> None:
        from _queue import SimpleQueue

        self._jobs = SimpleQueue()
        if self._owns_process:
            self._interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._interval, _SWITCH_INTERVAL))
        built, self._built = self._built, []
        self._thread = _Worker(self._run, self._jobs, built, self._no_child)

    def _stop_thread(self, *, write: bool) -> list[tuple[UnitKind, str, bytes]]:
        """Wait for the thread to build every job it was given; the records it has not
        written, unless `write` (then they are written)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            assert self._jobs is not None
            self._hand_over = not write
            self._jobs.put(None)
            thread.join()
            self._hand_over = False
            if self._owns_process:
                sys.setswitchinterval(self._interval)
        built, self._built = self._built, []
        if write and built:  # (no thread started to take them)
            with contextlib.suppress(Exception):
                self.cache.put_many(built)
            return []
        return built

    def _run(
        self,
        jobs: SimpleQueue[Job | None],
        built: list[tuple[UnitKind, str, bytes]],
        many: bool,
    ) -> None:
        from _queue import Empty

        # A writer for the whole run (an embedding app's, or where no child can be had) will
        # likely build many records: the C encoder and the whole patterns pay for themselves,
        # and the records go to disk as they are built. The command line's first thread
        # builds a few while the program compiles: it gets the record builder ready
        # meanwhile, and keeps its records for the child that may take over. (`many`: no
        # child may take over, as it was when the thread started.)
        if not many:
            from esmload.analyze.esm_lexer import patterns
            from esmload.analyze.fast import module_payload  # noqa: F401
            from esmload.cache.record import encode_record  # noqa: F401

            patterns()
        sink = self._sink(many, built)
        count = 0
        while True:
            if jobs.empty():  # caught up with the program: write what was built
                with contextlib.suppress(Exception):
                    sink.flush()
            try:
                # Holding records: write them once no new job comes for a while (a long-running
                # program or an embedding app), else when the run finishes.
                job = jobs.get(timeout=_IDLE) if len(sink) else jobs.get()
                idle = False
            except Empty:
                job, idle = None, True
            if job is None and not idle and self._hand_over and isinstance(sink, _Kept):
                self._built = sink.records  # for the child
                return
            if job is None or sink.size > _BATCH_BYTES:
                if len(sink):
                    with contextlib.suppress(Exception):  # a lost record is a miss next time
                        sink.close()
                    sink = self._sink(many, [])
                if job is None:
                    if idle:
                        continue
                    return
            count += 1
            if count == _MANY and many:
                with contextlib.suppress(ImportError):
                    import cbor2  # noqa: F401 - its C encoder now pays (cache/record.py)
                from esmload.analyze.esm_lexer import patterns

                patterns().compile_whole()  # (and so do these)
            started = perf_counter()
            build_into(self.cache, job, sink, self._report)
            if PHASES.enabled:
                # Overlaps the main thread's phases: reported, not subtracted from "other".
                PHASES.add("analyze", perf_counter() - started)

    def _sink(self, many: bool, built: list[tuple[UnitKind, str, bytes]]) -> _Kept | RecordStream:
        if not many:
            return _Kept(self.cache, built)
        stream = self.cache.record_stream()
        for record in built:
            stream.append(record)
        return stream

    def _report(self, path: str, reason: str) -> None:
        if self.cache.on_analyze_error is not None:
            self.cache.on_analyze_error(path, reason)

    def write_held(self) -> None:
        """Write the records of the jobs held or built so far, here and now (the run
        finishes, or the program waits: a long-running one may end by a signal that leaves
        no time)."""
        if self._child is not None:
            return  # (the child writes what it holds once jobs stop coming)
        self._stop_thread(write=True)
        held, self._held = self._held, []
        if held:
            batch: list[tuple[UnitKind, str, bytes]] = []
            for job in held:
                build_into(self.cache, job, batch, self._report)
            with contextlib.suppress(Exception):  # a lost record is a miss next time
                self.cache.put_many(batch)

    def flush(self) -> None:
        """Hand the child process the jobs it has not been sent yet, or the thread the jobs
        held (the program loaded its graph and is about to run: they get on with them
        meanwhile)."""
        if self._child is not None:
            if not self._child.flush():
                self._finish_child()  # it died: a thread takes what comes next
        elif self._thread is not None and not self._no_child:
            self._hand_held_to_thread()

    def finish(self) -> None:
        """Wait until every submitted record is written (or given up)."""
        self._finish_child()
        self.write_held()

    def _finish_child(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        tally = child.finish()
        if tally is None:  # it died: what it held is lost, and missed next time
            self.cache.store.warn_once(
                f"the record writer process ({child.pid}) ended early: some of this run's "
                "records were not written"
            )
            return
        written, uncacheable, errors, warnings = tally
        stats = self.cache.stats
        stats.written += written
        stats.uncacheable += uncacheable
        for path, reason in errors:
            self._report(path, reason)
        for warning in warnings:  # the trouble this process' store may meet too
            self.cache.store.warn_once(warning)


class _Worker:
    """A thread that can be waited for, started with `_thread`: importing `threading` and
    `queue` would cost the program's main thread more than the thread saves a run with a few
    misses. Like a daemon thread, it does not keep the interpreter alive (`finish` waits for
    it). It may start running well after `start_new_thread` returns (a loaded machine): what
    it works with comes in `args`, as it was when it was started."""

    def __init__(self, target: Callable[..., None], *args: object) -> None:
        self._done = _thread.allocate_lock()
        self._done.acquire()
        self._target = target
        _thread.start_new_thread(self._main, args)

    def _main(self, *args: object) -> None:
        try:
            self._target(*args)
        finally:
            self._done.release()

    def join(self) -> None:
        with self._done:
            pass


class _Kept:
    """Records kept in memory and written as one batch (`CodeCache.put_many`) when closed:
    the command line's first writer thread keeps its few for the child that may take over."""

    def __init__(self, cache: CodeCache, records: list[tuple[UnitKind, str, bytes]]) -> None:
        self._cache = cache
        self.records = records
        self.size = sum(len(data) for _, _, data in records)

    def __len__(self) -> int:
        return len(self.records)

    def append(self, record: tuple[UnitKind, str, bytes]) -> None:
        self.records.append(record)
        self.size += len(record[2])

    def flush(self) -> None:
        pass  # (kept until closed)

    def close(self) -> None:
        self._cache.put_many(self.records)
