"""The record writer as a child process (the command line's cold runs).

Building a module's record is Python work (analyze/fast.py), a fraction of a millisecond per
module: on a thread it competes with the program for the GIL, and the program's main thread,
which gives the GIL up around every QuickJS call, then waits for it each time. A child
process has a GIL and a CPU of its own: the main thread sends the jobs down a pipe, a batch
at a time, and goes on.

- Started (posix_spawn of the same Python, without site), not forked: a fork is ready at
  once, but then the program pays for a copy of every memory page it writes afterwards
  (lodash-es cold: ~3 ms more than a child that is started), and forking a process with
  threads is unsafe. The fresh child takes ~20 ms to start and import, on the other CPU,
  while its first jobs wait in the pipe, and catches up while the program runs.
- Its first message says which cache to write to (the store's directory and key, the
  engine version and compile options: `CodeCache.writer_state`) and carries the records
  the program's writer thread built before the child took over.
- The child has one thread: it reads whatever the pipe holds after each batch of jobs it
  builds (a big module's job is megabytes, more than a pipe holds), and the parent's writes
  do not block: a batch the pipe has no room for waits in the parent until the next one.
  The parent waits only when the run ends, for the rest to go through and the last records
  to be written. (A second thread that drained the pipe meanwhile made the child two
  runnable threads for two CPUs: the system ran one on the program's CPU, and the program
  lost its turn dozens of times a run; date-fns cold ~3% slower.)
- The child writes the records it builds (and those it was sent) to one pack as they come
  (store.py `PackStream`: whenever it has caught up with the program) and publishes the pack
  when its pipe closes, or when no job came for a moment (a long-running program); then it
  reports what it wrote on a second pipe and exits. A parent that dies closes the pipe too:
  the child writes what it has and exits, never outliving it for long.
- Messages are `marshal` data (tuples, strings, bytes, numbers) plus the bytecode as it is:
  esmload writes both ends. A module's source goes with its job: the child reading the file
  again (and hashing it, to drop a job whose file changed meanwhile) made the child, the
  last to finish, slower than the copy down the pipe costs the program (date-fns cold -2.5
  to -7%).

Measured before packs existed and not kept then: with a file created per record, the child's
file creation outlasted the program on this machine's file system, and the parent waited.
"""

from __future__ import annotations

import marshal
import os
import struct
import sys

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from esmload.cache.code_cache import CodeCache
    from esmload.cache.jobs import Job
    from esmload.cache.units import UnitKind

_PIPE_SIZE = 1 << 20  # bytes: the main thread should rarely wait for the child to read
_IDLE = 0.1  # seconds without a job after which the child writes the records it holds
_MANY = 8  # records: past this many, importing cbor2 for its C encoder pays for itself
_BATCH_BYTES = 32 << 20  # records held before they are written whatever comes next
_SEND_JOBS = 32  # jobs written to the pipe at once (and when the graph is loaded: writer.py)
_SEND_BYTES = 256 << 10  # or fewer, when they are this big


def can_spawn() -> bool:
    """Whether a child writer can be started: posix_spawn, a Python to run, and a second CPU
    to run it on."""
    if not hasattr(os, "posix_spawn") or not sys.executable:
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cpus or 1) >= 2


class ChildWriter:
    """A child process that builds and writes the records it is sent."""

    def __init__(self, pid: int, jobs: int, tally: int) -> None:
        self.pid = pid
        self._jobs = jobs  # write end of the job pipe
        self._tally = tally  # read end of the tally pipe
        self._atoms: tuple[str, ...] | None = None  # the atom names the child has
        self._queued: list[Job] = []  # jobs not written to the pipe yet
        self._queued_bytes = 0
        # Batches the pipe had no room for: the program never waits for the child to read
        # (it starts its work later than the program sends, and may fall behind), except
        # when the run finishes.
        self._unsent: list[memoryview] = []
        os.set_blocking(jobs, False)

    @classmethod
    def start(
        cls, cache: CodeCache, built: list[tuple[UnitKind, str, bytes]]
    ) -> ChildWriter | None:
        """Start a writer for `cache`, which writes the records `built` too; None if that
        fails (then a thread writes instead)."""
        try:
            jobs_in, jobs_out = os.pipe()  # (not inherited: only what is dup2'ed below is)
            tally_in, tally_out = os.pipe()
        except OSError:
            return None
        try:
            pid = _spawn(jobs_in, tally_out)
        except OSError:
            pid = None
        finally:
            os.close(jobs_in)
            os.close(tally_out)
        if pid is None:
            os.close(jobs_out)
            os.close(tally_in)
            return None
        try:
            import fcntl

            fcntl.fcntl(jobs_out, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)  # Linux only
        except (ImportError, AttributeError, OSError):
            pass
        writer = cls(pid, jobs_out, tally_in)
        # The first message: the cache to write to, and the records built so far.
        setup = marshal.dumps(
            (cache.writer_state(), [(kind.name, path, data) for kind, path, data in built])
        )
        writer._unsent += (memoryview(BATCH_HEAD.pack(len(setup), 0)), memoryview(setup))
        return writer

    def send(self, job: Job) -> bool:
        """Hand the job over; False if the child is gone. Jobs go down the pipe a batch at a
        time: the program pays for one message and one wake-up of the child per batch."""
        self._queued.append(job)
        self._queued_bytes += len(job.bytecode) + len(job.source)
        if len(self._queued) >= _SEND_JOBS or self._queued_bytes >= _SEND_BYTES:
            return self.flush()
        return True

    def flush(self) -> bool:
        """Send the jobs queued so far; False if the child is gone."""
        jobs, self._queued, self._queued_bytes = self._queued, [], 0
        if not jobs:
            return True
        atoms = next((job.atoms for job in jobs if job.atoms), ())
        new_atoms = atoms if atoms and atoms is not self._atoms else None
        if new_atoms is not None:
            self._atoms = atoms
        fields = marshal.dumps(
            (
                new_atoms,
                [
                    (
                        job.kind.name,
                        job.path,
                        job.source,
                        job.digest,
                        job.metadata,
                        job.info,
                        len(job.bytecode),
                    )
                    for job in jobs
                ],
            )
        )
        codes = [memoryview(job.bytecode) for job in jobs]
        head = BATCH_HEAD.pack(len(fields), sum(len(code) for code in codes))
        self._unsent += (memoryview(head), memoryview(fields), *codes)
        try:
            _send(self._jobs, self._unsent)  # what the pipe cannot take now waits here
        except OSError:
            return False
        return True

    def finish(self) -> tuple[int, int, list[tuple[str, str]], list[str]] | None:
        """Close the job pipe, wait for the child, and return its tally: (records written,
        modules it could not build a record for, their (path, reason), warnings); None if the
        child died first."""
        tally: Any = None
        self.flush()
        try:
            os.set_blocking(self._jobs, True)
            _send(self._jobs, self._unsent)
        except OSError:
            pass  # it died: the tally says so
        try:
            os.close(self._jobs)
            with os.fdopen(self._tally, "rb") as stream:
                tally = marshal.loads(stream.read())  # all of it, once the child is done
        except (OSError, EOFError, ValueError):
            tally = None
        # Reaped if it has exited; if not (it sent its tally and is on its way out), waiting
        # for the kernel to tear it down would only delay the program's exit.
        _quietly(lambda: os.waitpid(self.pid, os.WNOHANG), OSError)
        return tally  # type: ignore[no-any-return]


# The child's command line: Python without site (the parent's import path is passed on, so
# no .pth file runs: start-up takes half the time), then the child's entry point
# (writer_main.py).
_BOOT = "import sys; sys.path[:] = sys.argv[1:]; from esmload.cache.writer_main import main; main()"


def _spawn(jobs: int, tally: int) -> int:
    """Start the child process (a fresh Python: a forked one would make the program pay
    for a copy of every memory page it writes afterwards). It reads jobs on its standard
    input and writes its tally on its standard output; it inherits no other descriptor and
    ignores Ctrl-C, which is the parent's to handle."""
    import esmload

    # The parent's import path, with the folder esmload itself was imported from first (an
    # editable install finds it through a .pth file, which the child does not run).
    here = os.path.dirname(os.path.dirname(os.path.abspath(esmload.__file__)))
    path = [here, *(entry for entry in sys.path if entry and entry != here)]
    try:
        from _signal import SIGINT  # (`signal` wraps it in enums, and costs more to import)
    except ImportError:  # pragma: no cover - other Pythons
        from signal import SIGINT
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        actions: list[tuple[int, ...]] = [
            (os.POSIX_SPAWN_DUP2, jobs, 0),
            (os.POSIX_SPAWN_DUP2, tally, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ]
        actions += [(os.POSIX_SPAWN_CLOSE, fd) for fd in _inherited_descriptors()]
        return os.posix_spawn(
            sys.executable,
            [sys.executable, "-S", "-E", "-c", _BOOT, *path],
            os.environ,
            file_actions=actions,
            setsigmask=(SIGINT,),
        )
    finally:
        os.close(devnull)


def _inherited_descriptors() -> list[int]:
    """Descriptors above 2 that a child would inherit (the program's own are not
    inheritable, but one its parent passed it may be): the child must hold none of the
    program's pipes or sockets open, or whoever reads them waits for the child too."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return []  # (no /proc: writer_main.py closes them, once it runs)
    found = []
    for fd in fds:
        if fd > 2:
            try:
                if os.get_inheritable(fd):
                    found.append(fd)
            except OSError:
                pass  # (the listing's own descriptor, closed)
    return found


def serve(
    cache: CodeCache, jobs: int, tally_fd: int, built: list[tuple[UnitKind, str, bytes]]
) -> None:
    """The child's loop: jobs until the pipe closes, records written as they are built
    (starting with `built`), then the tally."""
    from esmload.cache.jobs import Job, build_into
    from esmload.cache.units import UNIT_KINDS, CacheStats

    batches = _Batches(jobs)  # (read between batches: no second thread, see above)
    # Ready when the first job is; not the scanner's patterns, though: most modules'
    # requests are read without them (analyze/esm_head.py), and compiling them first made
    # the child ready ~7 ms later (the first module that needs them compiles them).
    from esmload.analyze import esm_lexer, fast  # noqa: F401

    warnings: list[str] = []
    cache.store.warn = warnings.append
    cache.stats = CacheStats()  # this process' own count (build_into counts the uncacheable)
    errors: list[tuple[str, str]] = []

    def report(path: str, reason: str) -> None:
        errors.append((path, reason))

    atoms: tuple[str, ...] = ()
    # Records go to disk as they are built (one pack, written as it grows): when the pipe
    # closes, little is left to write, and the parent waits that little.
    stream = cache.record_stream()
    for record in built:
        stream.append(record)
    count = 0
    received: list[tuple[bytes, bytes]] = []  # batches read, oldest first
    while True:
        received += batches.take()  # (read at every batch: the pipe must not stay full)
        if not received:
            if batches.closed:
                break
            _quietly(stream.flush)  # caught up with the program: write what was built
            # Holding records: end the batch once no job came for a moment (a long-running
            # program), else when the pipe closes.
            if not batches.wait(_IDLE if len(stream) else None):
                _quietly(stream.close)
                stream = cache.record_stream()
            continue
        fields, codes = received.pop(0)
        new_atoms, entries = marshal.loads(fields)
        if new_atoms is not None:
            atoms = tuple(new_atoms)
        start = 0
        for kind, path, source, digest, metadata, info, length in entries:
            bytecode = codes[start : start + length]
            start += length
            count += 1
            if count == _MANY:
                _quietly(_import_cbor2, ImportError)
            job = Job(UNIT_KINDS[kind], path, source, digest, bytecode, metadata, atoms, info=info)
            build_into(cache, job, stream, report)
        if stream.size > _BATCH_BYTES:
            _quietly(stream.close)
            stream = cache.record_stream()
    if len(stream):
        _quietly(stream.close)
    try:
        tally = (cache.stats.written, cache.stats.uncacheable, errors, warnings)
        _send(tally_fd, [memoryview(marshal.dumps(tally))])
        os.close(tally_fd)
    except OSError:
        pass  # the parent is gone


def _quietly(
    action: Callable[[], object],
    errors: type[BaseException] | tuple[type[BaseException], ...] = Exception,
) -> None:
    """`action()`, ignoring `errors` (by default anything: a record not written is a miss
    next time). Not `contextlib.suppress`: contextlib and what it imports cost this process'
    start ~2 ms."""
    try:  # noqa: SIM105
        action()
    except errors:
        pass


def _import_cbor2() -> None:
    import cbor2  # noqa: F401 - past a few records, its C encoder pays for its import


# A batch of jobs on the pipe: the lengths of its two parts, the marshalled fields (the atom
# names if new, then each job's fields but its bytecode, with the bytecode's length), then
# the jobs' bytecode as it is, one after the other (no copy into a marshal string).
BATCH_HEAD = struct.Struct("<QQ")


def _send(fd: int, parts: list[memoryview]) -> None:
    """Write `parts` to `fd` and remove what was written from the list: all of it, or on a
    non-blocking descriptor as much as the pipe takes now."""
    while parts:
        try:
            written = os.writev(fd, parts[:_WRITE_PARTS])
        except BlockingIOError:
            return
        done = 0
        while done < len(parts) and written >= len(parts[done]):
            written -= len(parts[done])
            done += 1
        del parts[:done]
        if parts and written:
            parts[0] = parts[0][written:]


_WRITE_PARTS = 512  # buffers per writev (the system's limit is 1024 or more)


class _Batches:
    """The batches of jobs on the pipe `fd`, (fields, bytecode) each, as they arrive."""

    def __init__(self, fd: int) -> None:
        os.set_blocking(fd, False)
        self._fd = fd
        self._pending = bytearray()
        self._space = bytearray(_PIPE_SIZE)  # read into, again and again
        self.closed = False  # the parent closed the pipe (or it failed)

    def take(self) -> list[tuple[bytes, bytes]]:
        """The batches that arrived whole (whatever the pipe holds is read now: the parent
        must not find it full); [] if none."""
        pending = self._pending
        view = memoryview(self._space)
        while not self.closed:
            try:
                got = os.readv(self._fd, [self._space])
            except BlockingIOError:
                break
            except OSError:
                got = 0
            if not got:
                self.closed = True
            pending += view[:got]
        head = BATCH_HEAD.size
        found = []
        pos = 0
        while len(pending) - pos >= head:
            fields_size, bytecode_size = BATCH_HEAD.unpack_from(pending, pos)
            start = pos + head
            end = start + fields_size + bytecode_size
            if end > len(pending):
                break
            middle = start + fields_size
            found.append((bytes(pending[start:middle]), bytes(pending[middle:end])))
            pos = end
        if pos:
            del pending[:pos]
        return found

    def wait(self, timeout: float | None) -> bool:
        """Wait until the pipe has something to read (or closes); False after `timeout`
        seconds without."""
        import select  # (not before: a child that is never idle does without it)

        try:
            return bool(select.select([self._fd], [], [], timeout)[0])
        except OSError:
            return True  # (the next read tells)
