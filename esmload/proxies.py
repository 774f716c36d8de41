"""Python views of live JavaScript values: objects, functions, promises, module namespaces."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from esmload.engine.core import KIND_FUNCTION, KIND_PROMISE, JSRef
from esmload.engine.lib import PROMISE_PENDING, PROMISE_REJECTED

if TYPE_CHECKING:
    from esmload.runtime import Runtime


def wrap(runtime: Runtime, value: Any, memo: dict[int, Any] | None = None) -> Any:
    """Replace engine references inside a converted value by proxies."""
    if isinstance(value, JSRef):
        if runtime._objects.active:  # a Python object's proxy comes back as the object
            found, original = runtime._objects.original(value)
            if found:
                value.release()
                return original
        if value.kind == KIND_PROMISE:
            # Python holds it now: its rejection is reported when awaited, not as unhandled.
            runtime._engine.mark_handled(value)
            return JSPromise(runtime, value)
        if value.kind == KIND_FUNCTION:
            return JSFunction(runtime, value)
        return JSObject(runtime, value)
    if isinstance(value, (list, dict)):
        memo = {} if memo is None else memo
        if id(value) in memo:
            return memo[id(value)]
        memo[id(value)] = value
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in list(items):
            if isinstance(item, (JSRef, list, dict)):
                value[key] = wrap(runtime, item, memo)
    return value


class JSObject:
    """A live JS object: attributes and items read and write its properties."""

    __slots__ = ("_rt", "_ref", "_this")

    def __init__(self, runtime: Runtime, ref: JSRef, this: JSRef | None = None) -> None:
        object.__setattr__(self, "_rt", runtime)
        object.__setattr__(self, "_ref", ref)
        object.__setattr__(self, "_this", this)

    def __jsref__(self) -> JSRef:
        return self._ref

    def _get(self, key: str | int) -> Any:
        value = self._rt._call_helper("get", self._ref, key)
        if isinstance(value, JSFunction):
            # Methods keep their object as `this`, like `obj.method()` in JS.
            return JSFunction(self._rt, value._ref, this=self._ref)
        return value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        if not self._rt._call_helper("has", self._ref, name):
            raise AttributeError(f"JavaScript object has no property {name!r}")
        return self._get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self._rt._call_helper("set", self._ref, name, value)

    def __getitem__(self, key: str | int) -> Any:
        if not self._rt._call_helper("has", self._ref, key):
            raise KeyError(key)
        return self._get(key)

    def __setitem__(self, key: str | int, value: Any) -> None:
        self._rt._call_helper("set", self._ref, key, value)

    def __contains__(self, key: object) -> bool:
        return bool(self._rt._call_helper("has", self._ref, key))

    def __dir__(self) -> list[str]:
        return list(self._rt._call_helper("keys", self._ref))

    def to_py(self, depth: int = -1) -> Any:
        """A deep copy in Python values (pyodide's `JsProxy.to_py`): a Map becomes a dict, a
        Set a set, an array a list, any other object a dict of its own enumerable
        properties, down to `depth` levels (-1: all; cycles kept). Functions, promises,
        errors, binary data and Python objects stay what they are."""
        return self._rt._to_py(self._ref, depth)

    def keys(self) -> list[str]:
        return list(self._rt._call_helper("keys", self._ref))

    def __len__(self) -> int:
        length = self._rt._call_helper("length", self._ref)
        if length is None:
            raise TypeError("JavaScript object has no length or size")
        return int(length)

    def __iter__(self) -> Iterator[Any]:
        iterator = self._rt._call_helper("iterate", self._ref)
        if iterator is None:
            raise TypeError("JavaScript object is not iterable")
        while True:
            done, value = self._rt._call_helper("next", iterator)
            if done:
                return
            yield value

    def __repr__(self) -> str:
        try:
            return f"<JS {self._rt._inspect(self._ref)}>"
        except Exception:  # noqa: BLE001 - repr must not fail
            return "<JS object>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JSObject):
            return bool(self._rt._call_helper("same", self._ref, other._ref))
        return NotImplemented

    def __hash__(self) -> int:
        return id(self._rt)


class JSFunction(JSObject):
    """A JS function; calling it calls into JS (with its object as `this` for methods)."""

    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call it; keyword arguments arrive as one trailing plain object (pyodide's
        convention): `f(1, b=2)` is `f(1, {b: 2})`."""
        if kwargs:
            args = (*args, kwargs)
        return self._rt._call(self._ref, args, this=self._this)

    def new(self, *args: Any, **kwargs: Any) -> Any:
        """`new F(...args)` (keywords as for a call)."""
        if kwargs:
            args = (*args, kwargs)
        return self._rt._call_helper("construct", self._ref, list(args))


class JSPromise(JSObject):
    """A JS promise: `await` it under asyncio, or block on `.result(timeout)`."""

    __slots__ = ()

    def _settled(self) -> tuple[bool, Any]:
        state, value = self._rt._promise_state(self._ref)
        if state == PROMISE_PENDING:
            return False, None
        if state == PROMISE_REJECTED:
            raise self._rt._promise_error(self._ref)
        return True, value

    def result(self, timeout: float | None = None) -> Any:
        """Run JS jobs and timers until the promise settles; return its value or raise."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            done, value = self._rt._step(self._settled)
            if done:
                return value
            delay = self._rt._next_delay()
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("the JavaScript promise did not settle in time")
                delay = remaining if delay is None else min(delay, remaining)
            if delay is None:
                raise RuntimeError(
                    "the JavaScript promise can never settle: no jobs or timers are left"
                )
            self._rt._wait(delay)

    def __await__(self) -> Any:
        return self._wait_async().__await__()

    async def _wait_async(self) -> Any:
        """Wait without polling: woken when the promise settles (a JS job), when a JS
        timer is due, or when host I/O finishes; other asyncio tasks (async Python that JS
        called, which may settle it) run meanwhile."""
        rt = self._rt
        done, value = rt._step(self._settled)
        if done:
            return value
        loop = asyncio.get_running_loop()
        rt._tasks.adopt(loop)  # async Python that JS called meanwhile runs here
        wake = asyncio.Event()
        rt._watch(self._ref, wake.set)
        rt._on_io(lambda: loop.call_soon_threadsafe(wake.set))
        try:
            while True:
                wake.clear()
                done, value = rt._step(self._settled)
                rt._tasks.adopt(loop)
                if done:
                    return value
                delay = rt._next_delay(io_wakes=True)
                if delay is None or delay == float("inf"):
                    await wake.wait()
                elif delay > 0:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(wake.wait(), delay)
                else:
                    await asyncio.sleep(0)  # others' turn, then what is due
                rt._run_due_timers()
        finally:
            rt._on_io(None)
