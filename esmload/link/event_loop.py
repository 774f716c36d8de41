"""The event loop: promise jobs first, then timers in deadline order, like Node's.

Timers live in JS (the prelude owns callbacks and arguments); this side only keeps ids and
deadlines, so no JS value crosses into it.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable

from esmload.engine.core import Engine, JSRef
from esmload.engine.lib import PROMISE_PENDING, PROMISE_REJECTED
from esmload.errors import ProgramExit


class UncaughtError(ProgramExit):
    """An exception nobody caught (or a rejection nobody handled): the program ends with 1."""

    def __init__(self, error: BaseException, *, rejection: bool = False) -> None:
        super().__init__(1)
        self.error = error
        self.rejection = rejection


class UnsettledTopLevelAwait(ProgramExit):
    """The entry's top-level await can never finish: nothing is left that could settle it."""

    def __init__(self) -> None:
        super().__init__(13)


def _fatal(error: BaseException, *, rejection: bool = False) -> ProgramExit:
    # process.exit() during evaluation surfaces as the promise's rejection: keep it an exit.
    return error if isinstance(error, ProgramExit) else UncaughtError(error, rejection=rejection)


class EventLoop:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._heap: list[tuple[float, int, int]] = []
        self._seq = 0
        self._live: dict[int, tuple[float, int]] = {}  # timer id -> (deadline, seq) scheduled
        self._unref: set[int] = set()
        self.fire: Callable[[int], None] | None = None

    # Called from JS through the host functions.
    def schedule(self, timer_id: int, delay_ms: float, refed: bool = True) -> None:
        self._seq += 1
        # The prelude clamps timers to >= 1 ms (as Node does); setImmediate passes 0.
        deadline = time.monotonic() + max(float(delay_ms), 0.0) / 1000.0
        self._live[timer_id] = (deadline, self._seq)
        heapq.heappush(self._heap, (deadline, self._seq, timer_id))
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

    def _has_refed_timers(self) -> bool:
        return len(self._live) > len(self._unref)

    def _next_due(self) -> tuple[float, int] | None:
        """The earliest live timer (dropping cancelled or rescheduled heap entries)."""
        heap = self._heap
        while heap:
            deadline, seq, timer_id = heap[0]
            if self._live.get(timer_id) == (deadline, seq):
                return deadline, timer_id
            heapq.heappop(heap)
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

    def next_delay(self) -> float | None:
        """Seconds until the next timer that keeps the program alive (None: no such timer)."""
        if not self._has_refed_timers():
            return None
        due = self._next_due()
        return None if due is None else max(due[0] - time.monotonic(), 0.0)

    def fire_next(self) -> None:
        """Wait for the earliest timer and run its callback."""
        due = self._next_due()
        if due is None:
            return
        deadline, timer_id = due
        wait = deadline - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        heapq.heappop(self._heap)
        del self._live[timer_id]
        self._unref.discard(timer_id)
        assert self.fire is not None
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
