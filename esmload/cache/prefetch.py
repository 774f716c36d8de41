"""Read and authenticate a record on a second thread while start-up goes on.

A warm start of a big program begins with its graph bundle: megabytes to read and hash
(three: 3.7 MB, ~6 ms). Reading and BLAKE2b both release the GIL, so the command line starts
this (`CodeCache.read_ahead`) before it imports and sets up the engine, and the fast start
(link/fast_start.py) collects the result when it needs the bundle. `_thread` rather than
`threading`, which costs start-up time to import.
"""

from __future__ import annotations

import _thread
import sys

from esmload.cache.record import keyed_digest

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from esmload.cache.store import CacheStore


class Prefetch:
    """`store.read(path)` and the record's keyed digest, computed on another thread."""

    def __init__(self, store: CacheStore, path: str) -> None:
        self.path = path
        self._store = store
        self._data: bytes | None = None
        self._digest: bytes | None = None
        self._done = _thread.allocate_lock()
        self._done.acquire()
        # The main thread is busy importing: without a short switch interval the reader
        # waits up to 5 ms for the GIL at each step (start, after the read, after the hash).
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-4)
        _thread.start_new_thread(self._run, ())

    def _run(self) -> None:
        try:
            data = self._store.read(self.path)
            if data is not None:
                self._digest = keyed_digest(data, self._store.key)
                self._data = data
        except BaseException:  # noqa: BLE001, S110 - a failed prefetch is just no prefetch
            pass
        finally:
            self._done.release()

    def result(self) -> tuple[bytes | None, bytes | None]:
        """The record's bytes and their keyed digest (None, None if it could not be read)."""
        with self._done:
            sys.setswitchinterval(self._interval)
            return self._data, self._digest

    def discard(self) -> None:
        """Not needed after all (the guess named another record): the reader finishes on its
        own; the main thread gets its usual switch interval back now."""
        sys.setswitchinterval(self._interval)
