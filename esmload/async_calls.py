"""Async Python called from JavaScript: an `async def` (or any awaitable a callable returns)
gives JS a promise, settled when the awaitable finishes.

It runs on the asyncio loop running in the thread when JS calls it (an app awaiting JS from
asyncio). Called when no loop runs (from `rt.eval(...)`, a sync call), it waits to be
scheduled until Python waits for JS: on the loop of whoever `await`s a JS promise, or on a
loop of the runtime's own that `JSPromise.result()` drives. Settling the promise runs the JS
that waits for it at once.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from esmload.engine.core import JSRef
    from esmload.runtime import Runtime

_DEFERRED_JS = r"""() => {
  let resolve, reject;
  const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
  return [promise, resolve, reject];
}"""


class AsyncCalls:
    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime
        self._deferred: JSRef | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the runtime's own, when needed
        self._private: set[asyncio.Future[Any]] = set()  # unfinished tasks on it
        # Called with no loop running: started by whoever waits next (`adopt`, `run_own_loop`).
        self._unscheduled: list[tuple[Awaitable[Any], JSRef, JSRef]] = []

    def promise_for(self, awaitable: Awaitable[Any]) -> JSRef:
        """A JS promise settled with what `awaitable` gives (or raises)."""
        engine = self._rt._engine
        if self._deferred is None:
            self._deferred = engine.eval_script(_DEFERRED_JS, "esmload:async")
        assert self._deferred is not None
        promise, resolve, reject = engine.call(self._deferred)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._unscheduled.append((awaitable, resolve, reject))
        else:
            self._schedule(loop, awaitable, resolve, reject)
        return promise  # type: ignore[no-any-return]

    def _schedule(
        self,
        loop: asyncio.AbstractEventLoop,
        awaitable: Awaitable[Any],
        resolve: JSRef,
        reject: JSRef,
    ) -> None:
        task = asyncio.ensure_future(awaitable, loop=loop)
        if loop is self._loop:
            self._private.add(task)
            task.add_done_callback(self._private.discard)
        task.add_done_callback(partial(self._settle, resolve, reject))

    def adopt(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start the calls made while no loop ran on `loop` (someone awaits JS there)."""
        waiting, self._unscheduled = self._unscheduled, []
        for awaitable, resolve, reject in waiting:
            self._schedule(loop, awaitable, resolve, reject)

    def _own_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop

    def _settle(self, resolve: JSRef, reject: JSRef, task: asyncio.Future[Any]) -> None:
        rt = self._rt
        engine = rt._engine
        if engine.closed:
            return
        try:
            if task.cancelled():
                engine.call(reject, engine.error_value(asyncio.CancelledError()))
            elif task.exception() is not None:
                error = task.exception()
                assert error is not None
                engine.call(reject, rt._unwrap(error))
            else:
                engine.call(resolve, rt._unwrap(task.result()))
            rt._drain()  # what waits for the promise runs now
        finally:
            resolve.release()
            reject.release()

    @property
    def waiting(self) -> bool:
        """Whether async calls are unfinished that only a wait can run (`run_own_loop`)."""
        return bool(self._private or self._unscheduled)

    def run_own_loop(self, timeout: float | None) -> None:
        """Run the runtime's own loop until one of its tasks finishes, or `timeout` seconds."""
        if self._unscheduled:
            self.adopt(self._own_loop())
        loop = self._loop
        if loop is None or not self._private:
            return
        loop.run_until_complete(
            asyncio.wait(set(self._private), timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        )

    def close(self) -> None:
        for awaitable, resolve, reject in self._unscheduled:
            if hasattr(awaitable, "close"):
                awaitable.close()  # never started: no "never awaited" warning
            resolve.release()
            reject.release()
        self._unscheduled = []
        if self._deferred is not None:
            self._deferred.release()
            self._deferred = None
        loop, self._loop = self._loop, None
        if loop is not None:
            for task in self._private:
                task.cancel()
            # Let them see the cancellation; not possible while another loop runs in this
            # thread (a runtime closed inside async code): then they are dropped.
            if self._private and not _loop_running():
                loop.run_until_complete(asyncio.wait(set(self._private)))
            self._private.clear()
            loop.close()


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
