"""Write cache records off the main thread.

A cold run is dominated by esprima (pure Python) and by file writes. The program needs neither:
QuickJS compiled the module and the engine passed its import attributes. So the main thread
compiles and serializes, and a worker thread analyzes, encodes and writes the record, while
QuickJS and the program go on. Past `POOL_AFTER` jobs the analysis moves to worker processes
(fetch/analysis_pool.py) and the thread only encodes and writes. `finish()` waits for all of
it; the process must not end before that, or the records are lost.
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
from collections.abc import Callable
from time import perf_counter

from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from esmload.fetch.analysis_pool import Analysis, Batch, WorkerPool



class Job:
    """One module's record to write: its path, source, source hash and bytecode."""

    __slots__ = ("path", "source", "digest", "bytecode")

    def __init__(self, path: str, source: bytes, digest: bytes, bytecode: bytes) -> None:
        self.path = path
        self.source = source
        self.digest = digest
        self.bytecode = bytecode


#: Jobs analyzed on the writer thread before worker processes are worth their start-up.
POOL_AFTER = 16
_SWITCH_INTERVAL = 0.0005  # seconds
BATCH = 16  # sources per hand-off to a worker process
BIG_SOURCE = 32 << 10  # bytes: a module this big goes to a worker process at once


class RecordWriter:
    def __init__(
        self,
        write: Callable[[Job], None],
        write_analyzed: Callable[[Job, Analysis], None] | None = None,
        workers: int | None = None,
    ) -> None:
        """`write(job)` analyzes and writes; `write_analyzed(job, analysis)` writes what a
        worker process analyzed (without it, or with no `workers`, everything stays on the
        thread)."""
        self._write = write
        self._write_analyzed = write_analyzed
        self._workers = workers
        # (job, the worker batch it is in and its index there) in submission order
        self._jobs: queue.SimpleQueue[tuple[Job, Batch | None, int] | None] = queue.SimpleQueue()
        self._batch: list[Job] = []
        # Records analyzed by workers are written once the program is done: until then the
        # writer would only compete with it for the GIL.
        self._program_done = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: WorkerPool | None = None
        self._submitted = 0
        self._interval = sys.getswitchinterval()

    def submit(self, job: Job) -> None:
        if self._thread is None:
            if self._write_analyzed is not None:
                # The main thread drops the GIL around every QuickJS call and must get it back
                # at once; with the default 5 ms switch interval it queues behind this thread.
                # (Process-wide, so only when esmload owns the process: the command line.)
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, _SWITCH_INTERVAL))
            self._thread = threading.Thread(
                target=self._run, name="esmload-record-writer", daemon=True
            )
            self._thread.start()
        self._submitted += 1
        if self._write_analyzed is None:
            self._jobs.put((job, None, 0))
        elif len(job.source) >= BIG_SOURCE:
            # One big module (a bundled library): parsing it takes long enough that a worker
            # pays for its start-up, and the program runs meanwhile without competing for
            # the GIL.
            self._send_batch()  # keep the order of the jobs
            self._batch.append(job)
            self._send_batch()
        elif self._submitted > POOL_AFTER:
            self._batch.append(job)
            if len(self._batch) >= BATCH:
                self._send_batch()
        else:
            self._jobs.put((job, None, 0))

    def _send_batch(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        remote = self._remote([job.source for job in batch])
        for index, job in enumerate(batch):
            self._jobs.put((job, remote, index))

    def _remote(self, sources: list[bytes]) -> Batch | None:
        from esmload.fetch import analysis_pool

        if self._pool is None:
            workers = analysis_pool.worker_count() if self._workers is None else self._workers
            if workers < 1:
                self._write_analyzed = None  # a single CPU: stay on the thread
                return None
            try:
                self._pool = analysis_pool.WorkerPool(workers)
            except OSError:
                self._write_analyzed = None
                return None
        return self._pool.submit(sources)

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, batch, index = item
            if batch is not None:
                self._program_done.wait()
            started = perf_counter()
            with contextlib.suppress(Exception):  # a failed record is just a miss next time
                results = None if batch is None else batch.result()
                analysis = None if results is None else results[index]
                if analysis is None or self._write_analyzed is None:
                    self._write(job)
                else:
                    self._write_analyzed(job, analysis)
            if PHASES.enabled:
                # Overlaps the main thread's phases: reported, not subtracted from "other".
                PHASES.add("analyze", perf_counter() - started)

    def finish(self) -> None:
        """Wait until every submitted record is written (or given up)."""
        self._send_batch()
        self._program_done.set()
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
        thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put(None)
            thread.join()
            sys.setswitchinterval(self._interval)
        if pool is not None:
            pool.wait()

