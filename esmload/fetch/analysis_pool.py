"""esprima in worker processes, for cold runs of big graphs.

esprima is pure Python: on the writer thread it holds the GIL, so a cold lodash-es (641
modules) analyzes them one at a time and starves the main thread, which needs the GIL between
QuickJS calls. Past a few misses the writer hands batches of sources to worker processes
(`python -m esmload.fetch.analysis_worker`) and only encodes and writes records itself.

Workers are plain subprocesses on pipes, not `multiprocessing`: they exit when their input
closes, so a parent killed with SIGKILL leaves nothing behind, and no application's main
script is re-imported in them. Messages are length-prefixed `marshal` data (lists, dicts,
strings and numbers only), produced by esmload on both ends.
"""

from __future__ import annotations

import marshal
import os
import queue
import struct
import subprocess
import sys
import threading

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import IO, Any

    #: ("ok", metadata for the record, header hints) or ("error", exception text, 0)
    Analysis = tuple[str, Any, int]

_LENGTH = struct.Struct("<Q")


def analyze_source(source: bytes) -> Analysis:
    """The module's metadata, or why esprima could not produce it (as text)."""
    try:
        from esmload.analyze import analyze

        record = analyze(source.decode("utf-8", "surrogateescape"))
        return "ok", record.to_cbor(), record.hints()
    except Exception as exc:  # noqa: BLE001 - analysis only feeds the cache
        return "error", f"{type(exc).__name__}: {exc}", 0


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


def worker_count() -> int:
    """Workers worth starting: one per CPU (up to 4), none on a single CPU, where processes
    would only add start-up cost."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cpus or 1, 4) if (cpus or 1) > 1 else 0


class Batch:
    """A batch handed to one worker; its analyses once the worker answers."""

    __slots__ = ("_worker", "_result", "_read")

    def __init__(self, worker: subprocess.Popen[bytes]) -> None:
        self._worker = worker
        self._result: list[Analysis] | None = None
        self._read = False

    def result(self) -> list[Analysis] | None:
        """The analyses (None if the worker died). Batches of one worker must be asked for
        in the order they were submitted (the writer thread does, in job order)."""
        if not self._read:
            self._read = True
            try:
                assert self._worker.stdout is not None
                self._result = read_message(self._worker.stdout)
            except (EOFError, OSError, ValueError):
                self._result = None
        return self._result


class WorkerPool:
    def __init__(self, workers: int) -> None:
        command = [sys.executable, "-m", "esmload.fetch.analysis_worker"]
        self._workers = [
            subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
            for _ in range(workers)
        ]
        self._turn = 0
        # Pipes fill up while a worker parses: a feeder thread writes, so nothing else waits.
        self._outbox: queue.SimpleQueue[tuple[subprocess.Popen[bytes], list[bytes]] | None] = (
            queue.SimpleQueue()
        )
        self._feeder = threading.Thread(target=self._feed, name="esmload-analysis-feeder")
        self._feeder.daemon = True
        self._feeder.start()

    def submit(self, sources: list[bytes]) -> Batch:
        worker = self._workers[self._turn % len(self._workers)]
        self._turn += 1
        self._outbox.put((worker, sources))
        return Batch(worker)

    def _feed(self) -> None:
        while (item := self._outbox.get()) is not None:
            worker, sources = item
            try:
                assert worker.stdin is not None
                write_message(worker.stdin, sources)
            except (OSError, ValueError):
                pass  # a dead worker: its batches read as None and are analyzed locally

    def close(self) -> None:
        """No more batches: let the workers finish theirs and exit."""
        self._outbox.put(None)
        self._feeder.join()
        for worker in self._workers:
            try:
                assert worker.stdin is not None
                worker.stdin.close()
            except OSError:
                pass

    def wait(self) -> None:
        for worker in self._workers:
            try:
                worker.wait(timeout=5)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
