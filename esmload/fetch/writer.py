"""Write cache records off the main thread (and, for the command line, in a forked process).

A cold run's extra work is the records: building each ES module's record (analyze/fast.py:
the engine's analysis read out of the bytecode plus a source scan, esprima for the rare
module those cannot vouch for), encoding it and creating the file. The program needs none
of it, so the main thread compiles and serializes, hands a `Job` to the writer and goes on.

Where the work runs, and why:
- A thread, first. QuickJS calls release the GIL, so on a second CPU the thread's work
  overlaps the program's, and a program with a few misses (a fresh cache's prelude, an edited
  module) pays nothing more.
- On the command line, with a second CPU, past FORK_AFTER jobs: a child process. Hundreds of
  modules' record building (Python) and file creation would otherwise compete with the main
  thread for the GIL, and every QuickJS call of the main thread would queue behind them. The
  thread is told to end, and once it has, the child is forked, with no other thread running:
  a fork is ready at once (a fresh interpreter would first spend tens of milliseconds
  starting and importing), it writes the same records with the same code, and it exits when
  its pipe closes, so nothing outlives a killed parent. Should it die, what it was sent is
  written by a thread.
- Embedding apps never get a process (processes inside someone else's application are not
  esmload's to start): the thread writes all their records, the same ones.
`finish()` waits for all of it: the process must not end before, or the records are lost.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import queue
import signal
import struct
import sys
import threading
from time import perf_counter

from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import IO, Any

    from esmload.cache.code_cache import CodeCache

FORK_AFTER = 16  # jobs: a program with more misses than that gets a forked writer
_PIPE_SIZE = 1 << 20  # bytes: the main thread should rarely wait for the child to read

# The main thread drops the GIL around every QuickJS call and must get it back at once; with
# the default 5 ms switch interval it can queue behind a busy writer thread for that long.
_SWITCH_INTERVAL = 0.0005  # seconds

class Job:
    """One record to write: a unit of `kind` (a code_cache.UNIT_KINDS name). An ES module
    given without metadata gets its record built here from its source and bytecode (`atoms`:
    the engine's predefined atom names, analyze/bytecode.py)."""

    __slots__ = ("kind", "path", "source", "digest", "bytecode", "metadata", "atoms")

    def __init__(
        self,
        kind: str,
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

    def message(self) -> tuple[Any, ...]:
        """The job for the forked writer's pipe (its atoms go separately, once)."""
        return (self.kind, self.path, self.source, self.digest, self.bytecode, self.metadata)


def write_record(cache: CodeCache, job: Job) -> str | None:
    """Write one record, building an ES module's first; the reason it could not be built, if
    it could not (then nothing is written and the module is just not cached)."""
    from esmload.cache.code_cache import MODULE, UNIT_KINDS

    kind = UNIT_KINDS[job.kind]
    if kind is not MODULE or job.metadata is not None:
        cache.put(kind, job.path, job.digest, job.bytecode, metadata=job.metadata)
        return None
    from esmload.analyze.fast import module_record

    try:
        record = module_record(job.source, job.bytecode, job.atoms)
    except Exception as exc:  # noqa: BLE001 - analysis only feeds the cache
        return f"{type(exc).__name__}: {exc}"
    cache.put(
        MODULE, job.path, job.digest, job.bytecode, metadata=record.to_cbor(), hints=record.hints()
    )
    return None


class RecordWriter:
    def __init__(self, cache: CodeCache, *, owns_process: bool = False) -> None:
        """Writes `cache`'s records. `owns_process`: esmload is the whole program (the
        command line): it may fork a writer and tune the GIL switch interval. The cache's
        `on_analyze_error(path, reason)` hears of each module whose record could not be
        built."""
        self.cache = cache
        self._owns_process = owns_process
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._interval = sys.getswitchinterval()
        self._submitted = 0
        # Past FORK_AFTER jobs (command line, a second CPU): the thread is told to end, jobs
        # wait in `_waiting` until it has, and a child forked then (no other thread left)
        # takes them and the rest.
        self._handing_over = False
        self._waiting: list[Job] = []
        self._child: _ForkedWriter | None = None
        self._orphans: _ForkedWriter | None = None  # a child that died, with what it was sent
        self._no_fork = False

    def submit(self, job: Job) -> None:
        self._submitted += 1
        if self._child is not None:
            self._send(job)
            return
        if self._handing_over:
            self._waiting.append(job)
            self._hand_over()
            return
        if (
            self._owns_process
            and self._submitted > FORK_AFTER
            and not self._no_fork
            and _cpus() > 1
            and hasattr(os, "fork")
        ):
            self._handing_over = True
            self._jobs.put(None)  # the thread ends once it has written what it has
            self._waiting.append(job)
            self._hand_over()
            return
        if self._thread is None:
            if self._owns_process:
                self._interval = sys.getswitchinterval()
                sys.setswitchinterval(min(self._interval, _SWITCH_INTERVAL))
            self._thread = threading.Thread(
                target=self._run, name="esmload-record-writer", daemon=True
            )
            self._thread.start()
        self._jobs.put(job)

    def _hand_over(self, wait: bool = False) -> None:
        """Fork the child once the thread has ended (`wait`: until it has); if no child can
        be had, a new thread takes the waiting jobs."""
        thread = self._thread
        if thread is not None:
            if wait:
                thread.join()
            if thread.is_alive():
                return
            self._thread = None
            if self._owns_process:
                sys.setswitchinterval(self._interval)
        self._handing_over = False
        if _alone():
            self._child = _ForkedWriter.start(self.cache)
        waiting, self._waiting = self._waiting, []
        if self._child is None:
            self._no_fork = True  # a thread it is, then
        for job in waiting:
            if self._child is None:
                self.submit(job)
            else:
                self._send(job)

    def _send(self, job: Job) -> None:
        # Straight into the child's pipe: a thread feeding it would take the GIL from the
        # main thread as often as the pipe writes save it.
        assert self._child is not None
        if not self._child.send(job):
            self._orphans, self._child = self._child, None  # it died: a thread takes over
            self._no_fork = True
            self.submit(job)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            self._write_here(job)

    def _write_here(self, job: Job) -> None:
        started = perf_counter()
        with contextlib.suppress(Exception):  # a failed record is just a miss next time
            error = write_record(self.cache, job)
            if error is not None:
                self.cache.stats.uncacheable += 1
                self._report(job.path, error)
        if PHASES.enabled:
            # Overlaps the main thread's phases: reported, not subtracted from "other".
            PHASES.add("analyze", perf_counter() - started)

    def _report(self, path: str, reason: str) -> None:
        if self.cache.on_analyze_error is not None:
            self.cache.on_analyze_error(path, reason)

    def finish(self) -> None:
        """Wait until every submitted record is written (or given up)."""
        if self._handing_over:
            self._hand_over(wait=True)
        child, self._child = self._child, None
        if child is not None:
            tally = child.finish()
            if tally is None:  # it died
                self._orphans = child
            else:
                written, uncacheable, errors, warnings = tally
                self.cache.stats.written += written
                self.cache.stats.uncacheable += uncacheable
                for path, reason in errors:
                    self._report(path, reason)
                for warning in warnings:  # the same trouble the main store may have seen
                    self.cache.store.warn_once(warning)
        orphans, self._orphans = self._orphans, None
        if orphans is not None:  # what a dead child was sent is written here after all
            for job in orphans.sent:
                self._write_here(job)
        thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put(None)
            thread.join()
            if self._owns_process:
                sys.setswitchinterval(self._interval)


class _ForkedWriter:
    """A child process that writes records: jobs come in on one pipe, its tally goes back on
    another when the first closes. What was sent is kept, to be written here should it die."""

    def __init__(self, pid: int, jobs: IO[bytes], tally: IO[bytes]) -> None:
        self.pid = pid
        self.jobs = jobs
        self.tally = tally
        self.sent: list[Job] = []
        self._atoms: tuple[str, ...] | None = None  # the atom names the child has

    @classmethod
    def start(cls, cache: CodeCache) -> _ForkedWriter | None:
        if not hasattr(os, "fork"):
            return None
        try:
            jobs_in, jobs_out = os.pipe()
            tally_in, tally_out = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in (jobs_in, jobs_out, tally_in, tally_out):
                os.close(fd)
            return None
        if pid == 0:  # the child: serve, then leave without running the parent's exit code
            status = 1
            try:
                os.close(jobs_out)
                os.close(tally_in)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
                _serve(cache, os.fdopen(jobs_in, "rb"), os.fdopen(tally_out, "wb"))
                status = 0
            finally:
                os._exit(status)
        os.close(jobs_in)
        os.close(tally_out)
        with contextlib.suppress(OSError, AttributeError):  # Linux only
            import fcntl

            fcntl.fcntl(jobs_out, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
        return cls(pid, os.fdopen(jobs_out, "wb"), os.fdopen(tally_in, "rb"))

    def send(self, job: Job) -> bool:
        atoms = job.atoms
        try:
            new_atoms = atoms if atoms and atoms is not self._atoms else None
            write_message(self.jobs, (new_atoms, job.message()))
            if new_atoms is not None:
                self._atoms = atoms
        except (OSError, ValueError):
            return False
        self.sent.append(job)
        return True

    def finish(self) -> tuple[int, int, list[tuple[str, str]], list[str]] | None:
        """Close its input and read its tally: (written, uncacheable, errors, warnings)."""
        try:
            self.jobs.close()
            tally = read_message(self.tally)
        except (OSError, EOFError, ValueError):
            tally = None
        with contextlib.suppress(OSError):
            self.tally.close()
            os.waitpid(self.pid, 0)
        return tally  # type: ignore[no-any-return]


def _serve(cache: CodeCache, jobs: IO[bytes], tally: IO[bytes]) -> None:
    """The forked writer's loop: batches of jobs until its input closes, then the tally."""
    from esmload.cache.code_cache import CacheStats

    # Get ready while the first job is on its way (this CPU is otherwise idle now): the
    # modules and patterns a record needs would otherwise be loaded when the program waits.
    with contextlib.suppress(Exception):
        from esmload.analyze import esm_lexer, fast  # noqa: F401

        esm_lexer.patterns()
    warnings: list[str] = []
    cache.store.warn = warnings.append
    cache.stats = CacheStats()  # count this process' own records
    errors: list[tuple[str, str]] = []
    atoms: tuple[str, ...] = ()
    while True:
        try:
            first_atoms, fields = read_message(jobs)
        except EOFError:
            break
        if first_atoms is not None:  # sent once
            atoms = tuple(first_atoms)
        kind, path, source, digest, bytecode, metadata = fields
        job = Job(kind, path, source, digest, bytecode, metadata, atoms)
        try:
            error = write_record(cache, job)
        except Exception as exc:  # noqa: BLE001 - a failed record is a miss next time
            error = f"{type(exc).__name__}: {exc}"
        if error is not None:
            cache.stats.uncacheable += 1
            errors.append((job.path, error))
    with contextlib.suppress(OSError):  # the parent is gone
        write_message(tally, (cache.stats.written, cache.stats.uncacheable, errors, warnings))


def _alone() -> bool:
    """Whether no thread but this one runs Python code now (so a fork is safe): the
    command line's main thread may be waiting for this one (cli/main.py runs programs on a
    thread with a big stack), holding nothing."""
    current, main = threading.current_thread(), threading.main_thread()
    return all(thread is current or thread is main for thread in threading.enumerate())


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
