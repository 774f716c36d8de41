"""The embedding API: use ES modules from Python like Python libraries.

with esmload.Runtime() as rt:
    lib = rt.import_module("./lib.mjs")
    print(lib.render({"title": "x"}))
"""

from __future__ import annotations

import functools
import os
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

from esmload.async_calls import AsyncCalls
from esmload.engine.convert import buffer_view
from esmload.engine.core import Engine, JSRef
from esmload.engine.lib import PROMISE_REJECTED
from esmload.errors import JSError, ProgramExit, UncaughtError
from esmload.host.globals import Output
from esmload.host.permissions import sandbox
from esmload.host.sinks import OutputTarget, sink_for
from esmload.proxies import JSObject, wrap
from esmload.python_objects import PythonObjects
from esmload.run.program import Program, package_root

_HELPERS = r"""({
  get: (o, k) => o[k],
  has: (o, k) => (o !== null && (typeof o === 'object' || typeof o === 'function')) && k in o,
  set: (o, k, v) => { o[k] = v; },
  keys: (o) => Object.keys(o),
  length: (o) => typeof o.length === 'number' ? o.length
    : (typeof o.size === 'number' ? o.size : null),
  iterate: (o) => (o != null && typeof o[Symbol.iterator] === 'function')
    ? o[Symbol.iterator]() : null,
  next: (it) => { const r = it.next(); return [!!r.done, r.value]; },
  same: (a, b) => a === b,
  construct: (F, args) => new F(...args),
  watch: (p, settled) => { p.then(() => settled(), () => settled()); },  // (no reason: it
  // would be converted, and a Python exception's way back used up, before the waiter reads it)
  // to_py: what a non-plain value holds, and its number in `seen` (cycles)
  describe(v, seen) {
    let n = seen.get(v);
    const fresh = n === undefined;
    if (fresh) { n = seen.size; seen.set(v, n); }
    if (v instanceof Map) return ['map', fresh ? [...v.entries()] : null, n];
    if (v instanceof Set) return ['set', fresh ? [...v] : null, n];
    if (Array.isArray(v)) return ['list', fresh ? [...v] : null, n];
    if (v === null || typeof v !== 'object' || v instanceof Promise || v instanceof Error
        || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return ['keep', null, n];
    return ['dict', fresh ? Object.fromEntries(Object.entries(v)) : null, n];
  },
  newMap: () => new Map(),
})"""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _one_call(
    method: Callable[Concatenate[Runtime, _P], _R],
) -> Callable[Concatenate[Runtime, _P], _R]:
    """A method that is one call from Python into JS, promise jobs included: what
    `time_limit` caps and `interrupt()` stops (engine/callbacks.py, `Stops.entry`)."""

    @functools.wraps(method)
    def one_call(self: Runtime, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._engine.entry():
            return method(self, *args, **kwargs)

    return one_call


class Runtime:
    """A QuickJS runtime with esmload's loader, cache and host globals.

    `memory_limit` (bytes) caps the engine's heap; `time_limit` (seconds) caps each call
    from Python into JS (an eval, a function call, an import, a whole `run()`, each with
    the promise jobs and, for imports and `run()`, the timers it waits for). Both raise
    (`MemoryError`, `TimeoutError`) and leave the runtime usable. `interrupt()`, from any
    thread, stops the JavaScript running at that moment (`esmload.Interrupted`), and Ctrl-C
    stops JavaScript running on the main thread (`KeyboardInterrupt`); JavaScript cannot
    catch either. One thread at a time may use a runtime.

    `stdout` and `stderr` take what JavaScript writes (console.*, process.stdout/stderr,
    `run()`'s error reports): a text or binary file object, or a callable called with each
    string. None (the default) writes to `sys.stdout`/`sys.stderr` as they are when written,
    so `contextlib.redirect_stdout` and test capture work.

    JavaScript runs sandboxed: it reaches only what the `allow_*` arguments grant, each
    True (everything) or a list — paths (a directory grants what is below it), host names
    (`"example.com"` or `"127.0.0.1:8080"`), environment variable names. By default it may
    not use `fs`, the network or subprocesses, `process.env` is empty, and modules load only
    from the package trees of the modules the host imports (plus `allow_fs_read`). A denied
    call throws Node's `ERR_ACCESS_DENIED` error in JavaScript.
    """

    def __init__(
        self,
        *,
        cache: bool = True,
        cache_dir: str | Path | None = None,
        memory_limit: int | None = None,
        time_limit: float | None = None,
        hooks: Sequence[Any] = (),
        argv: Sequence[str] = (),
        allow_fs_read: bool | Sequence[str | os.PathLike[str]] = (),
        allow_fs_write: bool | Sequence[str | os.PathLike[str]] = (),
        allow_net: bool | Sequence[str] = (),
        allow_env: bool | Sequence[str] = (),
        allow_child_process: bool = False,
        stdout: OutputTarget = None,
        stderr: OutputTarget = None,
    ) -> None:
        self._cache = cache
        self._memory_limit = memory_limit
        self._time_limit = time_limit
        self._output = Output(sink_for(stdout, "stdout"), sink_for(stderr, "stderr"))
        self._running: Engine | None = None  # run()'s program, while it runs
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._hooks = list(hooks)

        def paths(grant: bool | Sequence[str | os.PathLike[str]]) -> bool | list[str]:
            return grant if isinstance(grant, bool) else [os.fspath(p) for p in grant]

        self._grants: dict[str, Any] = {
            "allow_fs_read": paths(allow_fs_read),
            "allow_fs_write": paths(allow_fs_write),
            "allow_net": allow_net if isinstance(allow_net, bool) else list(allow_net),
            "allow_env": allow_env if isinstance(allow_env, bool) else list(allow_env),
            "allow_child_process": bool(allow_child_process),
        }
        self._permissions = sandbox(**self._grants)
        self._program = Program(
            argv=["esmload", *argv],
            cache=cache,
            cache_dir=self._cache_dir,
            memory_limit=memory_limit,
            hooks=self._hooks,
            permissions=self._permissions,
            output=self._output,
        )
        self._engine = self._program.engine
        self._engine.time_limit = time_limit
        self._engine.interruptible_waits()
        # A plain object of functions converts to a dict of function references.
        self._helper_fns: dict[str, JSRef] = self._engine.eval_script(_HELPERS, "esmload:proxies")
        self._objects = PythonObjects(self)
        self._tasks = AsyncCalls(self)

    # ------------------------------------------------------------------ public API

    @_one_call
    def import_module(self, specifier: str, referrer: str | None = None) -> JSObject:
        """Import (and evaluate, awaiting top-level await) a module; returns its namespace."""
        program = self._program
        # What the host imports itself is trusted: its package tree becomes loadable.
        path = program.loader.resolve(referrer or "", specifier, {})
        if os.path.isabs(path):
            self._permissions.module_roots.add(package_root(path))
        module = program.loader.load_entry(specifier, referrer)
        promise = program.evaluate(module)
        try:
            program.loop.run(promise, until_settled=True)
        except UncaughtError as exc:
            raise exc.error from None
        namespace = self._engine.module_namespace(module.handle)
        return JSObject(self, namespace)

    @_one_call
    def eval(self, code: str) -> Any:
        """Evaluate a JavaScript expression (global code) and return its value."""
        value = wrap(self, self._engine.eval_script(code, "<eval>"))
        self._drain()
        return value

    def run(self, path: str | Path, argv: Sequence[str] = ()) -> int:
        """Run a program like the CLI (fresh globals, this runtime's permissions, output and
        limits) and return its exit code. The whole run is one call into JS: `time_limit`
        counts from its start, timers it waits for included. A limit, `interrupt()` or
        Ctrl-C raise instead of ending the program with a report."""
        import sys

        entry = os.path.abspath(path)
        program = Program(
            argv=[sys.executable, entry, *argv],
            cache=self._cache,
            cache_dir=self._cache_dir,
            hooks=self._hooks,
            permissions=sandbox(**self._grants),
            output=self._output,
            memory_limit=self._memory_limit,
        )
        engine = program.engine
        engine.time_limit = self._time_limit
        engine.interruptible_waits()
        self._running = engine
        try:
            with engine.entry():
                specifier = str(path) if os.path.isabs(path) else f"./{path}"
                return program.run(specifier, raise_stops=True)
        finally:
            self._running = None
            program.close()

    def interrupt(self) -> None:
        """Stop the JavaScript running in this runtime now; callable from any thread (a
        watchdog, a signal handler). The call that runs it raises `esmload.Interrupted`.
        Only JavaScript running at that moment is stopped: when none runs, nothing happens
        and the next call runs normally. Python code that JavaScript called is not stopped;
        JavaScript stops when it returns."""
        self._engine.interrupt()
        running = self._running
        if running is not None:
            running.interrupt()

    def register_module(self, name: str, exports: Mapping[str, Any]) -> None:
        """Make `import { ... } from name` give these Python values (callables included)."""
        self._program.loader.register_host_module(name, dict(exports))

    @property
    def globals(self) -> JSObject:
        return JSObject(self, self._engine.global_object())

    def memory_usage(self) -> dict[str, int]:
        return self._engine.memory_usage()

    def close(self) -> None:
        if self._engine.closed:
            return
        self._tasks.close()
        self._objects.close()
        for ref in self._helper_fns.values():
            ref.release()
        self._helper_fns.clear()
        self._program.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ used by proxies

    def _helper(self, name: str) -> JSRef:
        return self._helper_fns[name]

    def _unwrap(self, value: Any, memo: dict[int, Any] | None = None) -> Any:
        """Python value → what the engine converts: proxies back to references, callables
        wrapped so their arguments arrive as proxies (cycles kept), other objects as
        proxies of Python objects (python_objects.py)."""
        if value is None or isinstance(value, (str, int, float, JSRef, JSError)):
            return value
        if isinstance(value, JSObject):
            return value.__jsref__()
        if isinstance(value, BaseException):  # a JS Error (that gives `value` back in Python)
            return self._engine.error_value(value)
        if isinstance(value, (list, tuple, dict)):
            memo = {} if memo is None else memo
            if id(value) in memo:
                return memo[id(value)]
            if isinstance(value, dict):
                copy: Any = {}
                memo[id(value)] = copy
                for key, item in value.items():
                    copy[key] = self._unwrap(item, memo)
            else:
                copy = []
                memo[id(value)] = copy
                copy.extend(self._unwrap(item, memo) for item in value)
            return copy
        if callable(value) and not isinstance(value, type):
            return _PythonCallable(self, value)
        if _by_value(value):
            return value
        return self._objects.to_value(value, {} if memo is None else memo)

    @_one_call
    def _call_helper(self, name: str, *args: Any) -> Any:
        result = wrap(self, self._engine.call(self._helper(name), *[self._unwrap(a) for a in args]))
        self._drain()
        return result

    @_one_call
    def _call(self, fn: JSRef, args: Sequence[Any], this: JSRef | None = None) -> Any:
        unwrap = self._unwrap
        result = wrap(self, self._engine.call(fn, *[unwrap(a) for a in args], this=this))
        self._drain()
        return result

    def _inspect(self, ref: JSRef) -> str:
        return self._program.host.inspect(ref)

    def _promise_state(self, ref: JSRef) -> tuple[int, Any]:
        state, value = self._engine.promise_state(ref)
        return state, (None if state == PROMISE_REJECTED else wrap(self, value))

    def _promise_error(self, ref: JSRef) -> BaseException:
        return self._engine.promise_error(ref)

    def _drain(self) -> None:
        """Run pending JS jobs; report rejections nobody handled as Python warnings."""
        try:
            self._program.loop.drain()
        except UncaughtError as exc:
            if not exc.rejection:
                raise exc.error from None
            warnings.warn(
                f"unhandled JavaScript promise rejection: {exc.error}", RuntimeWarning, stacklevel=3
            )
        except ProgramExit:
            raise

    def _step(self, check: Callable[[], tuple[bool, Any]]) -> tuple[bool, Any]:
        self._drain()
        return check()

    def _next_delay(self, *, io_wakes: bool = False) -> float | None:
        """Seconds until JS has something to run (None: only Python can give it some).
        `io_wakes`: the caller is woken when host I/O finishes (`_on_io`), so pending I/O
        alone needs no polling."""
        delay = self._program.loop.next_delay(io_wakes=io_wakes)
        if delay is None and self._tasks.waiting:
            return float("inf")  # an async Python call still runs: `_wait` runs it
        return delay

    def _wait(self, delay: float) -> None:
        """Wait up to `delay` seconds (running the runtime's own asyncio tasks meanwhile),
        then run the timers due."""
        if self._tasks.waiting:
            self._tasks.run_own_loop(None if delay == float("inf") else delay)
        else:
            time.sleep(delay)
        self._run_due_timers()

    def _to_py(self, ref: JSRef, depth: int) -> Any:
        """`JSObject.to_py`: a deep copy of a JS value (see there)."""
        seen_js = self._engine.call(self._helper("newMap"))
        try:
            return self._copy_out(ref, depth, seen_js, {})
        finally:
            seen_js.release()

    def _copy_out(self, value: Any, depth: int, seen_js: JSRef, seen: dict[int, Any]) -> Any:
        if isinstance(value, list):  # converted by value already: look inside
            return [self._copy_out(item, depth, seen_js, seen) for item in value]
        if isinstance(value, dict):
            return {k: self._copy_out(item, depth, seen_js, seen) for k, item in value.items()}
        if not isinstance(value, JSRef) or depth == 0:
            return wrap(self, value)
        kind, data, number = self._engine.call(self._helper("describe"), value, seen_js)
        if kind == "keep":
            return wrap(self, value)
        if data is None:  # met before: a cycle
            return seen[number]
        deeper = depth - 1
        if kind == "map":
            result: Any = {}
            seen[number] = result
            for key, item in data:
                # Keys stay as they are unless plain (Python needs them hashable).
                key = wrap(self, key) if isinstance(key, (JSRef, list, dict)) else key
                result[key] = self._copy_out(item, deeper, seen_js, seen)
            return result
        if kind == "set":
            members: set[Any] = set()
            seen[number] = members
            members.update(wrap(self, item) for item in data)
            return members
        if kind == "list":
            items: list[Any] = []
            seen[number] = items
            items.extend(self._copy_out(item, deeper, seen_js, seen) for item in data)
            return items
        fields: dict[str, Any] = {}
        seen[number] = fields
        for key, item in data.items():
            fields[key] = self._copy_out(item, deeper, seen_js, seen)
        return fields

    def _watch(self, promise: JSRef, settled: Callable[[], None]) -> None:
        """Call `settled()` when the promise settles (from JS, as a job)."""
        self._engine.call(self._helper("watch"), promise, settled)

    def _on_io(self, wake: Callable[[], None] | None) -> None:
        """Have `wake()` called (from a worker thread) whenever host I/O finishes."""
        self._program.loop.io_wakeup = wake

    def _run_due_timers(self) -> None:
        loop = self._program.loop
        while (delay := loop.next_delay()) is not None and delay <= 0:
            loop.fire_next()
            self._drain()


class _PythonCallable:
    """A Python callable passed to JS: arguments arrive as proxies, results go back as values."""

    __slots__ = ("_rt", "_fn", "__name__")

    def __init__(self, runtime: Runtime, fn: Callable[..., Any]) -> None:
        self._rt = runtime
        self._fn = fn
        self.__name__ = getattr(fn, "__name__", "")

    def __call__(self, *args: Any) -> Any:
        rt = self._rt
        result = self._fn(*[wrap(rt, a) for a in args])
        if hasattr(result, "__await__"):  # an async def (or a future): JS gets a promise
            return rt._tasks.promise_for(result)
        return rt._unwrap(result)


def _by_value(value: Any) -> bool:
    """Whether the engine converts `value` itself (a buffer: bytes, bytearray, memoryview,
    array.array, ...)."""
    return isinstance(value, (bytes, bytearray, memoryview)) or buffer_view(value) is not None
