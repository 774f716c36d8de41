"""The functions QuickJS calls back: host functions, the module normalizer and loader, C module
initialisation, the promise rejection tracker, and the interrupt handler with what it reads
(`Stops`, below). None may let a Python exception escape into C.

`Stops` stops JavaScript from outside: the time limit, `interrupt()` from any thread, Ctrl-C.
An *entry* is one call from Python into JavaScript: the outermost engine call, or a span the
embedding API opens with `entry()` around several engine calls (an eval and the promise jobs
it queued, a whole `Runtime.run()`). The time limit counts from the start of an entry, and
`interrupt()` stops the entry running when it is called; neither touches a later entry.

The only thing that stops running JavaScript is the engine's interrupt handler, which
QuickJS polls as it runs. Once something decides to stop, `_stop` holds the exception to
raise: the handler keeps answering "stop", the error it makes unwinds JS uncatchably
(through Python callbacks too), every JS exception that reaches Python becomes `_stop`, and
the entry raises it when it ends if nothing else did. It is forgotten when the entry ends.

Ctrl-C: Python runs its SIGINT handler in whatever Python code runs next, which while JS runs
on the main thread is one of the engine's callbacks. The callbacks hand the KeyboardInterrupt
to `_stop_with` instead of letting it die in C, so JS stops and Python gets it back.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from esmload.engine.base import EngineBase
from esmload.engine.handles import JSRef
from esmload.engine.lib import TAG_EXCEPTION, TAG_OBJECT, ffi, lib
from esmload.errors import Interrupted

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Any

_NULL = ffi.NULL


class Callbacks(EngineBase):
    if TYPE_CHECKING:
        _scratch: Any
        _normalized: int

        def _scratch_normalize(self, name: Any, attributes: Any) -> Any: ...
        def _scratch_load(self) -> Any: ...
        def _throw_overflow(self, result: Any) -> Any: ...
        def _throw_stop(self, exc: BaseException) -> Any: ...
        def _note_stop(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None: ...

    def _callback_failed(self, failure: Any, *, throws: bool = True) -> Callable[..., Any]:
        """The `onerror` of a callback that returns `failure` when it fails (see Engine),
        for what its own `except` could not catch; one that `throws` nothing just returns
        `failure`."""

        def onerror(exc_type: Any, exc: BaseException | None, tb: Any) -> Any:
            if not throws:
                self._note_stop(exc_type, exc, tb)  # Ctrl-C: JS stops at the next poll
                return failure
            if isinstance(exc, KeyboardInterrupt):
                self._throw_stop(exc)
                return failure
            return self._throw_overflow(failure)

        return onerror

    def _new_function(self, fn: Callable[..., Any], name: str, length: int = 0) -> Any:
        """A JS function calling `fn`; the registry entry goes when JS collects the function."""
        self._function_seq += 1
        key = self._function_seq
        self._functions[key] = fn
        return lib.JS_NewCClosure(
            self._ctx,
            self._cb_function,
            name.encode("utf-8", "surrogatepass"),
            self._cb_function_finalizer,
            length,
            0,
            ffi.cast("void *", key),
        )

    def new_function(self, fn: Callable[..., Any], name: str = "") -> JSRef:
        """A JS function that converts its arguments and calls `fn(*args)`."""
        self._enter()
        try:
            return self._own(self._new_function(fn, name))
        finally:
            self._leave()

    def _on_call(self, ctx: Any, this: Any, argc: int, argv: Any, magic: int, opaque: Any) -> Any:
        try:
            fn = self._functions[int(ffi.cast("uintptr_t", opaque))]
            return self.from_py(fn(*[self.to_py(argv[i]) for i in range(argc)]))
        except BaseException as exc:  # noqa: BLE001 - nothing may cross into C
            return self._throw_py(exc)

    def _on_function_finalized(self, opaque: Any) -> None:
        self._functions.pop(int(ffi.cast("uintptr_t", opaque)), None)

    def _attributes(self, attributes: Any) -> dict[str, str]:
        if attributes.tag != TAG_OBJECT:
            return {}
        keys = self._own_keys(attributes)
        if not keys:
            return {}
        return {key: self._property_text(attributes, key) or "" for key in keys}

    def _on_normalize(self, ctx: Any, base: Any, name: Any, attributes: Any, opaque: Any) -> Any:
        try:
            if ctx == self._scratch:  # compiling a deferred module (modules.py)
                return self._scratch_normalize(name, attributes)
            self._normalized += 1
            assert self.resolve_callback is not None
            resolved = self.resolve_callback(
                ffi.string(base).decode("utf-8", "surrogateescape"),
                ffi.string(name).decode("utf-8", "surrogateescape"),
                self._attributes(attributes),
            )
            return lib.js_strdup(ctx, resolved.encode("utf-8", "surrogateescape"))
        except BaseException as exc:  # noqa: BLE001
            self._throw_py(exc)
            return _NULL

    def _on_load(self, ctx: Any, name: Any, opaque: Any, attributes: Any) -> Any:
        try:
            if ctx == self._scratch:
                return self._scratch_load()
            self._normalized += 1
            assert self.load_callback is not None
            handle = self.load_callback(
                ffi.string(name).decode("utf-8", "surrogateescape"), self._attributes(attributes)
            )
            return handle.ptr
        except BaseException as exc:  # noqa: BLE001
            self._throw_py(exc)
            return _NULL

    def _on_module_init(self, ctx: Any, module: Any) -> int:
        try:
            exports = self._module_exports.pop(int(ffi.cast("uintptr_t", module)))
            if not isinstance(exports, dict):  # a facade: its source object's properties
                if exports.run is not None:  # CommonJS: runs now, in the graph's order
                    source = exports.run()
                    try:
                        return self._init_facade(ctx, module, source, exports.keys, True)
                    finally:
                        source.release()
                return self._init_facade(ctx, module, exports.source, exports.keys)
            for name, value in exports.items():
                if lib.JS_SetModuleExport(ctx, module, name.encode(), self.from_py(value)) < 0:
                    return -1
            return 0
        except BaseException as exc:  # noqa: BLE001
            self._throw_py(exc)
            return -1

    def _init_facade(
        self, ctx: Any, module: Any, source: JSRef, keys: list[str], commonjs: bool = False
    ) -> int:
        """Default export `source`, and each of `keys` from its property (getters run, as in
        Node). A `commonjs` module's keys are only what a scan found: one the object lacks
        stays undefined, and a throwing getter is ignored (Node's rules)."""
        obj = source.value
        if lib.JS_SetModuleExport(ctx, module, b"default", lib.JS_DupValue(ctx, obj)) < 0:
            return -1
        if obj.tag != TAG_OBJECT:
            return 0
        for key in keys:
            name = key.encode("utf-8", "surrogatepass")
            if commonjs and not self._has_own(ctx, obj, name):
                continue
            value = lib.JS_GetPropertyStr(ctx, obj, name)
            if value.tag == TAG_EXCEPTION:
                if not commonjs:
                    return -1
                lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
                continue
            if lib.JS_SetModuleExport(ctx, module, name, value) < 0:
                return -1
        return 0

    def _has_own(self, ctx: Any, obj: Any, name: bytes) -> bool:
        """Whether `obj` has own property `name` (a proxy trap that throws: no)."""
        atom = lib.JS_NewAtomLen(ctx, name, len(name))
        try:
            own = lib.JS_GetOwnProperty(ctx, _NULL, obj, atom)
        finally:
            lib.JS_FreeAtom(ctx, atom)
        if own < 0:
            lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
        return own > 0

    def _on_rejection(
        self, ctx: Any, promise: Any, reason: Any, is_handled: bool, opaque: Any
    ) -> None:
        try:
            key = promise.u
            if is_handled:
                entry = self._unhandled.pop(key, None)
                if entry is not None:
                    lib.JS_FreeValue(ctx, entry[0])
                    lib.JS_FreeValue(ctx, entry[1])
            elif key not in self._unhandled:
                self._unhandled[key] = (
                    lib.JS_DupValue(ctx, promise),
                    lib.JS_DupValue(ctx, reason),
                )
        except BaseException as exc:  # noqa: BLE001 - the tracker cannot report failures
            self._note_stop(None, exc, None)  # but Ctrl-C must not be lost

    def take_unhandled_rejections(self, skip: JSRef | None = None) -> list[BaseException]:
        """Rejections nobody handled so far (oldest first), as Python exceptions."""
        if not self._unhandled:
            return []
        errors = []
        entries, self._unhandled = self._unhandled, {}
        for key, (promise, reason) in entries.items():
            lib.JS_FreeValue(self._ctx, promise)
            if skip is not None and key == skip.value.u:
                lib.JS_FreeValue(self._ctx, reason)
                continue
            errors.append(self._error_from_value(reason))
        return errors


#: Longest single wait for host I/O under the embedding API: I/O cannot be woken by
#: interrupt(), so the loop looks again this often.
IO_WAIT_SLICE = 0.05


class Stops(EngineBase):
    """The interrupt handler and what it reads: entries, the time limit, interrupt(),
    Ctrl-C (see the module docstring)."""

    if TYPE_CHECKING:
        _depth: int

        def _throw_uncatchable(self) -> Any: ...

    def _init_stops(self) -> None:
        self.time_limit = None  # seconds per entry
        self._deadline = None  # the running entry's, when it has a time limit
        self._stop = None
        self._stop_raised = False  # whether `_stop` was handed to Python code already
        self._entry_seq = 0  # counts entries; the running (or last) entry's number
        self._interrupt_seq = -1  # the entry interrupt() was called in
        self._spans = 0  # entry() spans open
        self._span = _Span(self)
        self._wake: Any = None  # a threading.Event when loop waits must be interruptible

    # ----------------------------------------------------------------- entries

    def _begin_entry(self) -> None:
        self._entry_seq += 1
        if self.time_limit is not None:
            self._deadline = time.monotonic() + self.time_limit

    def _end_entry(self, in_flight: BaseException | None = None) -> None:
        self._deadline = None
        stop, self._stop = self._stop, None
        if stop is not None and not self._stop_raised and stop is not in_flight:
            raise stop  # JS was stopped, but what came out of it did not say so

    def entry(self) -> _Span:
        """`with engine.entry():` makes the engine calls inside one entry (see the module
        docstring). Spans nest; inside an engine call they are part of that call's entry."""
        return self._span

    # ----------------------------------------------------------------- deciding to stop

    def interrupt(self) -> None:
        """Stop the JavaScript running now (from any thread; only sets flags the interrupt
        handler reads). The entry running it raises `Interrupted`; when none runs, nothing
        happens."""
        self._interrupt_seq = self._entry_seq
        if self._wake is not None:
            self._wake.set()

    def _poll_stop(self) -> BaseException | None:
        """What stops JavaScript now: kept in `_stop` until the entry ends, or None."""
        if self._stop is None:
            if self._interrupt_seq == self._entry_seq:
                self._stop_with(Interrupted("interrupt() stopped the running JavaScript"))
            elif self._deadline is not None and time.monotonic() > self._deadline:
                self._stop_with(TimeoutError("JavaScript ran past its time limit"))
        return self._stop

    def _stop_with(self, exc: BaseException) -> None:
        # Ctrl-C wins over a stop already under way: the user asked for it last.
        if self._stop is None or isinstance(exc, KeyboardInterrupt):
            self._stop = exc
            self._stop_raised = False

    def _take_stop(self) -> BaseException:
        """`_stop`, marked as handed to Python (the caller raises or returns it)."""
        assert self._stop is not None
        self._stop_raised = True
        return self._stop

    def check_stop(self) -> None:
        """Raise what stops JavaScript in this entry, if anything does (the event loop does,
        between callbacks)."""
        if self._poll_stop() is not None:
            raise self._take_stop()

    def stopped(self) -> BaseException | None:
        """What stopped JavaScript in this entry (None: nothing did), for the caller to
        raise: a program's failure may be only its consequence."""
        return None if self._stop is None else self._take_stop()

    # ----------------------------------------------------------------- waiting between callbacks

    def interruptible_waits(self) -> None:
        """Let `interrupt()` cut the event loop's waits short (the embedding API; the command
        line sleeps plainly and never imports threading for it)."""
        if self._wake is None:
            import threading

            self._wake = threading.Event()

    def pause(self, seconds: float) -> None:
        """Wait `seconds` outside JavaScript (the event loop waiting for a timer). Under
        `interruptible_waits`, the wait ends at the entry's time limit or at `interrupt()`,
        raising what stops the entry."""
        wake = self._wake
        if wake is None:
            time.sleep(seconds)
            return
        if self._deadline is not None:
            seconds = min(seconds, max(self._deadline - time.monotonic(), 0.0))
        if wake.wait(seconds):
            wake.clear()  # (an interrupt() of another entry is not this one's)
        self.check_stop()

    def io_wait(self, seconds: float | None) -> float | None:
        """How long the event loop may block waiting for host I/O at once (None: until some
        finishes): under `interruptible_waits`, short enough to notice a stop."""
        if self._wake is None:
            return seconds
        return IO_WAIT_SLICE if seconds is None else min(seconds, IO_WAIT_SLICE)

    # ----------------------------------------------------------------- the callbacks' side

    def _on_interrupt(self, rt: Any, opaque: Any) -> int:
        """QuickJS's interrupt handler: nonzero stops JS with an uncatchable error."""
        try:
            return 0 if self._stop is None and self._poll_stop() is None else 1
        except BaseException as exc:  # noqa: BLE001 - Ctrl-C, raised by Python's handler here
            return self._interrupt_failed(None, exc, None)

    def _interrupt_failed(self, exc_type: Any, exc: BaseException | None, tb: Any) -> int:
        """The interrupt handler's `onerror`: Ctrl-C raised before its first line (where
        Python usually runs the SIGINT handler) stops JS too."""
        self._stop_with(exc if exc is not None else KeyboardInterrupt())
        return 1

    def _throw_stop(self, exc: BaseException) -> Any:
        """Stop JS because of `exc` (Ctrl-C in a callback, or the stop itself passing
        through one): throw the uncatchable error; returns the exception marker."""
        self._stop_with(exc)
        return self._throw_uncatchable()

    def _note_stop(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        """`onerror` of a callback that cannot fail (a finalizer, the rejection tracker):
        Ctrl-C there stops JS at the next poll instead of being lost."""
        if isinstance(exc, KeyboardInterrupt):
            self._stop_with(exc)


class _Span:
    """`Stops.entry()`: a context manager, one per engine (spans keep their count there)."""

    __slots__ = ("_engine",)

    def __init__(self, engine: Stops) -> None:
        self._engine = engine

    def __enter__(self) -> None:
        engine = self._engine
        if engine._spans == 0 and engine._depth == 0:
            engine._begin_entry()
        engine._spans += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        engine = self._engine
        engine._spans -= 1
        if engine._spans == 0 and engine._depth == 0:
            engine._end_entry(exc)
