"""Write cache records on a worker thread.

A cold run is dominated by esprima (pure Python) and by file writes. The program needs neither:
QuickJS compiled the module and the engine passed its import attributes. So the main thread
compiles and serializes, and this worker analyzes, encodes and writes the record, while QuickJS
(which runs without the GIL) and the program go on. `finish()` waits for the queue to drain;
the process must not end before that, or the records are lost.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from time import perf_counter

from esmload.phases import PHASES

#: (module path, source, source hash, record path, bytecode)
Job = tuple[str, bytes, bytes, str, bytes]


class RecordWriter:
    def __init__(self, write: Callable[[Job], None]) -> None:
        self._write = write
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def submit(self, job: Job) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name="esmload-record-writer", daemon=True
            )
            self._thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            started = perf_counter()
            with contextlib.suppress(Exception):  # a failed record is just a miss next time
                self._write(job)
            if PHASES.enabled:
                # Overlaps the main thread's phases: reported, not subtracted from "other".
                PHASES.add("analyze", perf_counter() - started)

    def finish(self) -> None:
        """Wait until every submitted record is written (or given up)."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put(None)
            thread.join()
