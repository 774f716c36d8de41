"""The event loop: promise jobs first, then timers in deadline order and immediates in turns,
like Node's, and the completions of host I/O (fs, fetch, …) done on worker threads.

Timers live in JS (the prelude owns callbacks and arguments); this side only keeps ids and
deadlines, so no JS value crosses into it. Host I/O runs `work` on a small pool of daemon
threads (work never touches the engine) and calls its `done` back on the loop's thread.
"""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable

from esmload.engine.core import Engine, JSRef
from esmload.engine.lib import PROMISE_PENDING, PROMISE_REJECTED
from esmload.errors import ProgramExit, UncaughtError, UnsettledTopLevelAwait

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any


#: Seconds the loop must be about to wait before it calls `before_wait`.
WAIT_WORK = 0.05


def _fatal(error: BaseException, *, rejection: bool = False) -> ProgramExit:
    # process.exit() during evaluation surfaces as the promise's rejection: keep it an exit.
    return error if isinstance(error, ProgramExit) else UncaughtError(error, rejection=rejection)


class EventLoop:
    """Turns like libuv's: the timers due when the turn starts, then (the check phase) the
    immediates queued by then. A timer set during a turn waits for the next one, so
    `setTimeout(f, 0)` in a callback runs after `setImmediate(g)`, as in Node. One callback per
    `fire_next`, so the caller runs promise jobs between callbacks."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._heap: list[tuple[float, int, int]] = []
        self._seq = 0
        # timer id -> (deadline, seq) while scheduled; immediates have deadline 0
        self._live: dict[int, tuple[float, int]] = {}
        self._unref: set[int] = set()
        self._immediates: list[tuple[int, int]] = []  # (seq, id) queued for the next turn
        self._batch: deque[tuple[int, int]] = deque()  # this turn's check phase
        self._turn = 0.0  # when this turn started (monotonic seconds)
        self._in_timers_phase = False
        self.fire: Callable[[int], None] | None = None
        self._io: IOPool | None = None  # made by the first defer()
        # Called before the loop blocks for a while (nothing to run for WAIT_WORK seconds at
        # least): the program's time to do deferred work (cache records it holds).
        self.before_wait: Callable[[], None] | None = None
        self._io_wakeup: Callable[[], None] | None = None

    # Called from JS through the host functions.
    def schedule(self, timer_id: int, delay_ms: float, refed: bool = True) -> None:
        self._seq += 1
        if delay_ms <= 0:  # setImmediate (the prelude clamps timers to >= 1 ms, as Node does)
            self._live[timer_id] = (0.0, self._seq)
            self._immediates.append((self._seq, timer_id))
        else:
            deadline = time.monotonic() + float(delay_ms) / 1000.0
            self._live[timer_id] = (deadline, self._seq)
            from heapq import heappush  # here: many programs set no timer at all

            heappush(self._heap, (deadline, self._seq, timer_id))
        if refed:
            self._unref.discard(timer_id)
        else:
            self._unref.add(timer_id)

    def cancel(self, timer_id: int) -> None:
        self._live.pop(timer_id, None)
        self._unref.discard(timer_id)

    def set_ref(self, timer_id: int, refed: bool) -> None:
        if refed:
            self._unref.discard(timer_id)
        elif timer_id in self._live:
            self._unref.add(timer_id)

    def defer(
        self, work: Callable[[], Any], done: Callable[[Any, BaseException | None], None]
    ) -> None:
        """Run `work()` on a worker thread; then, on this loop, `done(result, None)` or
        `done(None, exception)`. The program stays alive until `done` has run."""
        if self._io is None:
            self._io = IOPool()
            self._io.on_finished = self._io_wakeup
        self._io.submit(work, done)

    def _has_refed_timers(self) -> bool:
        return len(self._live) > len(self._unref)

    def _io_pending(self) -> bool:
        return self._io is not None and self._io.pending > 0

    def _complete_io(self, timeout: float | None) -> bool:
        """Run one finished I/O's `done`, waiting up to `timeout` seconds (None: until one
        finishes); False if none finished in time."""
        assert self._io is not None
        finished = self._io.take(self.engine.io_wait(timeout))
        if finished is None:
            self.engine.check_stop()  # (a time limit or interrupt() ends the wait)
            return False
        done, result, error = finished
        done(result, error)
        return True

    def _next_due(self) -> tuple[float, int] | None:
        """The earliest live timer (dropping cancelled or rescheduled heap entries)."""
        heap = self._heap
        while heap:
            deadline, seq, timer_id = heap[0]
            if self._live.get(timer_id) == (deadline, seq):
                return deadline, timer_id
            from heapq import heappop  # the heap has entries: heapq is imported

            heappop(heap)
        return None

    def drain(self, main: JSRef | None = None) -> None:
        """Run promise jobs; raise if the program must end (uncaught error or rejection)."""
        engine = self.engine
        engine.run_jobs()
        if main is not None:
            state, _ = engine.promise_state_ref(main)
            if state == PROMISE_REJECTED:
                raise _fatal(engine.promise_error(main))
        rejections = engine.take_unhandled_rejections()
        if rejections:
            raise _fatal(rejections[0], rejection=True)

    def next_delay(self, *, io_wakes: bool = False) -> float | None:
        """Seconds until the next callback while something keeps the program alive (None:
        nothing does). `io_wakes`: the caller is woken when I/O finishes (`io_wakeup`), so
        pending I/O alone does not make it look again soon (then None: wait for it)."""
        io = self._io
        if io is not None and io.pending:
            if io.ready():
                return 0.0
            if self._batch or self._immediates:
                return 0.0
            # Waiting for I/O: fire_next blocks until it finishes (or a timer is due); a
            # caller that only sleeps (the embedding API) looks again soon.
            due = self._next_due() if self._has_refed_timers() else None
            if io_wakes:
                return None if due is None else max(due[0] - time.monotonic(), 0.0)
            wait = _IO_POLL if due is None else max(due[0] - time.monotonic(), 0.0)
            return min(wait, _IO_POLL)
        if not self._has_refed_timers():
            return None
        if self._batch or self._immediates:
            return 0.0
        due = self._next_due()
        return None if due is None else max(due[0] - time.monotonic(), 0.0)

    @property
    def io_wakeup(self) -> Callable[[], None] | None:
        """Called from a worker thread whenever host I/O finishes (None: nothing is)."""
        return self._io_wakeup

    @io_wakeup.setter
    def io_wakeup(self, wake: Callable[[], None] | None) -> None:
        self._io_wakeup = wake
        if self._io is not None:
            self._io.on_finished = wake

    def _waiting(self, seconds: float | None) -> None:
        """The loop is about to block for `seconds` (None: until I/O completes)."""
        if self.before_wait is not None and (seconds is None or seconds >= WAIT_WORK):
            self.before_wait()

    def fire_next(self) -> None:
        """Run the next callback: a timer due at the start of this turn, else one of the
        immediates queued when this turn's check phase began, else (waiting for the earliest
        timer if need be) the next turn's."""
        assert self.fire is not None
        io_pending = self._io_pending()
        if io_pending and self._complete_io(0):
            return
        while True:
            due = self._next_due()
            if self._in_timers_phase:
                if due is not None and due[0] <= self._turn:
                    from heapq import heappop

                    heappop(self._heap)
                    timer_id = due[1]
                    break
                self._in_timers_phase = False
                self._batch.extend(self._immediates)
                self._immediates = []
            if self._batch:
                seq, timer_id = self._batch.popleft()
                if self._live.get(timer_id) == (0.0, seq):
                    break
                continue  # cleared
            if not self._immediates:
                if due is None:
                    if io_pending:
                        self._waiting(None)
                        self._complete_io(None)
                    return
                wait = due[0] - time.monotonic()
                if wait > 0:
                    self._waiting(wait)
                    wait = max(due[0] - time.monotonic(), 0.0)  # (the work took some of it)
                    if io_pending:
                        if self._complete_io(wait):
                            return
                    else:
                        self.engine.pause(wait)  # (a time limit or interrupt() ends it)
            self._turn = time.monotonic()
            self._in_timers_phase = True
        del self._live[timer_id]
        self._unref.discard(timer_id)
        self.fire(timer_id)

    def run(self, main: JSRef | None = None, *, until_settled: bool = False) -> None:
        """Run until nothing keeps the program alive (or, with `until_settled`, until `main`
        settles). A pending `main` with nothing left to run is an unsettled top-level await."""
        while True:
            self.drain(main)
            settled = main is not None and self.engine.promise_state_ref(main)[0] != PROMISE_PENDING
            if until_settled and settled:
                return
            if self.next_delay() is None:
                break
            self.fire_next()
        if main is not None and self.engine.promise_state_ref(main)[0] == PROMISE_PENDING:
            raise UnsettledTopLevelAwait()


_IO_POLL = 0.005  # seconds


class IOPool:
    """Daemon worker threads for host I/O (a stuck request never keeps the process from
    exiting), started as needed up to `size`; finished work waits in a queue for the loop."""

    def __init__(self, size: int = 16) -> None:
        import queue
        import threading

        self._threading = threading
        self._size = size
        self._workers = 0
        self._idle = 0
        self._lock = threading.Lock()
        self._tasks: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._finished: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._empty = queue.Empty
        self.pending = 0
        self.on_finished: Callable[[], None] | None = None  # called by a worker after each

    def submit(
        self, work: Callable[[], Any], done: Callable[[Any, BaseException | None], None]
    ) -> None:
        self.pending += 1
        with self._lock:
            if self._idle > 0:
                self._idle -= 1  # that worker takes it: the next task needs another one
            elif self._workers < self._size:
                self._workers += 1
                self._threading.Thread(target=self._serve, name="esmload-io", daemon=True).start()
        self._tasks.put((work, done))

    def _serve(self) -> None:
        while True:
            work, done = self._tasks.get()
            try:
                result, error = work(), None
            except BaseException as exc:  # noqa: BLE001 - handed to `done` on the loop
                result, error = None, exc
            self._finished.put((done, result, error))
            wake = self.on_finished
            if wake is not None:
                with contextlib.suppress(Exception):  # a waiter that went away
                    wake()
            with self._lock:
                self._idle += 1

    def ready(self) -> bool:
        return not self._finished.empty()

    def take(self, timeout: float | None) -> tuple[Any, Any, BaseException | None] | None:
        try:
            if timeout is not None and timeout <= 0:
                finished = self._finished.get_nowait()
            else:
                finished = self._finished.get(timeout=timeout)
        except self._empty:
            return None
        self.pending -= 1
        return finished  # type: ignore[no-any-return]
