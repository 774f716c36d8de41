"""Write cache records off the main thread (and, for big cold runs of the command line, in a
second process).

A cold run's extra work is the records: building each ES module's record (analyze/fast.py:
the engine's analysis read out of the bytecode plus a source scan, esprima for the rare
module those cannot vouch for), encoding it and creating the file. The program needs none
of it, so the main thread compiles and serializes, hands a `Job` to the writer and goes on.

Where the work runs, and why:
- A thread, always first. QuickJS calls release the GIL, so on a second CPU the thread's work
  overlaps the program's; records, counters and warnings are the main thread's own.
- Past `PROCESS_AFTER` jobs, when esmload owns the process (the command line) and there is a
  second CPU, the thread passes further jobs to one worker process
  (`python -m esmload.fetch.record_worker`): a few hundred modules' worth of Python (the
  record building) and file creation would otherwise compete with the main thread for the
  GIL, and every QuickJS call the main thread makes would queue behind it. The worker writes
  the same records with the same code; it exits when its input closes, so nothing outlives a
  killed parent. An embedding app never gets a process it did not start.
`finish()` waits for all of it: the process must not end before, or the records are lost.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import queue
import struct
import subprocess
import sys
import threading
from time import perf_counter

from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO, Any

    from esmload.cache.code_cache import CodeCache

PROCESS_AFTER = 24  # jobs the thread writes itself before a worker process pays off
BATCH = 16  # jobs per message to the worker process

# The main thread drops the GIL around every QuickJS call and must get it back at once; with
# the default 5 ms switch interval it can queue behind a busy writer thread for that long.
_SWITCH_INTERVAL = 0.0005  # seconds

ES_MODULE = "module"
COMMONJS = "commonjs"


class Job:
    """One record to write. An ES module's metadata is built by the writer (`metadata` None);
    a CommonJS module's comes ready (the program needed its exports at once)."""

    __slots__ = ("kind", "path", "source", "digest", "bytecode", "metadata")

    def __init__(
        self,
        kind: str,
        path: str,
        source: bytes,
        digest: bytes,
        bytecode: bytes,
        metadata: Any = None,
    ) -> None:
        self.kind = kind
        self.path = path
        self.source = source
        self.digest = digest
        self.bytecode = bytecode
        self.metadata = metadata

    def message(self) -> tuple[Any, ...]:
        return (self.kind, self.path, self.source, self.digest, self.bytecode, self.metadata)


def write_record(cache: CodeCache, job: Job, atoms: tuple[str, ...]) -> str | None:
    """Build (for an ES module) and write one record; the reason it could not be built, if
    it could not (then nothing is written and the module is just not cached)."""
    from esmload.cache.code_cache import COMMONJS as COMMONJS_UNIT
    from esmload.cache.code_cache import MODULE

    if job.kind == COMMONJS:
        cache.put(COMMONJS_UNIT, job.path, job.digest, job.bytecode, metadata=job.metadata)
        return None
    from esmload.analyze.fast import module_record

    try:
        record = module_record(job.source, job.bytecode, atoms)
    except Exception as exc:  # noqa: BLE001 - analysis only feeds the cache
        return f"{type(exc).__name__}: {exc}"
    cache.put(
        MODULE, job.path, job.digest, job.bytecode, metadata=record.to_cbor(), hints=record.hints()
    )
    return None


class RecordWriter:
    def __init__(
        self,
        cache: CodeCache,
        *,
        owns_process: bool = False,
        on_error: Callable[[str, str], None] | None = None,
    ) -> None:
        """Writes `cache`'s records. `owns_process`: esmload is the whole program (the
        command line): it may tune the GIL switch interval and start a worker process.
        `on_error(path, reason)` hears of each module whose record could not be built."""
        self.cache = cache
        self.atoms: tuple[str, ...] = ()  # the engine's predefined atom names (fast.py)
        self._owns_process = owns_process
        self._on_error = on_error
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._interval = sys.getswitchinterval()
        self._written_here = 0
        self._worker: _Worker | None = None
        self._use_worker = owns_process and _cpus() > 1

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
        batch: list[Job] = []
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                self._send(batch)  # nothing waiting: do not hold a batch back
                job = self._jobs.get()
            if job is None:
                self._send(batch)
                return
            if self._worker is not None or (
                self._use_worker and self._written_here >= PROCESS_AFTER and self._start_worker()
            ):
                batch.append(job)
                if len(batch) >= BATCH:
                    self._send(batch)
                continue
            self._write_here(job)

    def _write_here(self, job: Job) -> None:
        started = perf_counter()
        self._written_here += 1
        with contextlib.suppress(Exception):  # a failed record is just a miss next time
            error = write_record(self.cache, job, self.atoms)
            if error is not None:
                self.cache.stats.uncacheable += 1
                if self._on_error is not None:
                    self._on_error(job.path, error)
        if PHASES.enabled:
            # Overlaps the main thread's phases: reported, not subtracted from "other".
            PHASES.add("analyze", perf_counter() - started)

    def _start_worker(self) -> bool:
        try:
            self._worker = _Worker(self.cache)
        except OSError:
            self._use_worker = False
            return False
        return True

    def _send(self, batch: list[Job]) -> None:
        if not batch:
            return
        jobs = list(batch)
        batch.clear()
        worker = self._worker
        if worker is None or not worker.send(self.atoms, jobs):
            for job in jobs:  # the worker is gone: write them here
                self._write_here(job)

    def finish(self) -> None:
        """Wait until every submitted record is written (or given up)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._jobs.put(None)
        thread.join()
        worker, self._worker = self._worker, None
        if worker is not None:
            outcome = worker.finish()
            if outcome is None:  # it died: its jobs are written here after all
                for job in worker.sent:
                    self._write_here(job)
            else:
                written, uncacheable, errors, warnings = outcome
                self.cache.stats.written += written
                self.cache.stats.uncacheable += uncacheable
                for path, reason in errors:
                    if self._on_error is not None:
                        self._on_error(path, reason)
                for warning in warnings:  # the same trouble the main store may have seen
                    self.cache.store.warn_once(warning)
        if self._owns_process:
            sys.setswitchinterval(self._interval)


class _Worker:
    """The worker process and what was sent to it (to be written here should it die)."""

    def __init__(self, cache: CodeCache) -> None:
        options = cache.options
        command = [
            sys.executable,
            "-m",
            "esmload.fetch.record_worker",
            cache.store.root,
            "strip" if options.strip_debug else "debug",
            options.hooks_key,
        ]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.sent: list[Job] = []

    def send(self, atoms: tuple[str, ...], jobs: list[Job]) -> bool:
        try:
            assert self.process.stdin is not None
            write_message(self.process.stdin, (atoms, [job.message() for job in jobs]))
        except (OSError, ValueError):
            return False
        self.sent.extend(jobs)
        return True

    def finish(self) -> tuple[int, int, list[tuple[str, str]], list[str]] | None:
        """Close its input and read its tally: (written, uncacheable, errors, warnings)."""
        process = self.process
        try:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.close()
            outcome = read_message(process.stdout)
        except (OSError, EOFError, ValueError):
            outcome = None
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return outcome  # type: ignore[no-any-return]


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# Messages between the writer and its worker: length-prefixed `marshal` data (tuples, lists,
# strings, bytes, numbers), produced by esmload on both ends.
_LENGTH = struct.Struct("<Q")


def write_message(stream: IO[bytes], obj: Any) -> None:
    data = marshal.dumps(obj)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_message(stream: IO[bytes]) -> Any:
    """The next message; EOFError when the other end is gone."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError
    (length,) = _LENGTH.unpack(head)
    data = stream.read(length)
    if len(data) < length:
        raise EOFError
    return marshal.loads(data)
