"""JS exceptions → Python exceptions and back. A Python exception thrown into JS is remembered,
so that if JS does not catch it the original comes back out; `process.exit()` and the stops
(time limit, interrupt(), Ctrl-C: callbacks.py) unwind JS with an uncatchable error."""

from __future__ import annotations

from esmload.engine.base import EngineBase
from esmload.engine.handles import EXCEPTION, UNDEFINED, JSRef
from esmload.engine.lib import (
    TAG_EXCEPTION,
    TAG_OBJECT,
    TAG_STRING,
    TAG_STRING_ROPE,
    TAG_UNDEFINED,
    lib,
)
from esmload.errors import EsmloadError, JSError, ProgramExit

#: V8's message for a stack overflow, which QuickJS uses too.
OVERFLOW_MESSAGE = "Maximum call stack size exceeded"

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any


class ExceptionBridge(EngineBase):
    if TYPE_CHECKING:
        _overflow: JSRef

        def _take_stop(self) -> BaseException: ...
        def _throw_stop(self, exc: BaseException) -> Any: ...

    def _take_exception(self) -> BaseException:
        """Turn the pending JS exception into the Python exception to raise."""
        return self._error_from_value(lib.JS_GetException(self._ctx))

    def _raise_pending_exit(self) -> None:
        """process.exit() was called: end here, before any more JavaScript runs."""
        if self._pending_exit is not None:
            pending, self._pending_exit = self._pending_exit, None
            raise pending

    def _error_from_value(self, exc: Any) -> BaseException:
        """The Python exception for a thrown (or rejected-with) value; takes ownership."""
        ctx = self._ctx
        # process.exit() and the stops unwind JS with an uncatchable error, which may also
        # surface as the rejection of a module's evaluation promise.
        if self._pending_exit is not None:
            lib.JS_FreeValue(ctx, exc)
            pending, self._pending_exit = self._pending_exit, None
            return pending
        if self._stop is not None:
            lib.JS_FreeValue(ctx, exc)
            return self._take_stop()
        if exc.tag == TAG_OBJECT:
            index = self._call_raw(self._py_index_fn.value, UNDEFINED, [exc])
            if isinstance(index, (int, float)) and int(index) in self._py_errors:
                lib.JS_FreeValue(ctx, exc)
                return self._py_errors.pop(int(index))
        ref = JSRef(self, exc)
        if lib.JS_IsError(exc):
            name = self._property_text(exc, "name") or "Error"
            message = self._property_text(exc, "message") or ""
            if name == "InternalError" and message == "out of memory":
                ref.release()
                return MemoryError("JavaScript ran out of memory (the runtime's memory_limit)")
            stack = self._property_text(exc, "stack") or ""
            error = JSError(name, message, stack, value=ref)
        else:
            error = JSError("", self.describe(exc), "", value=ref)
            if exc.tag != TAG_OBJECT:
                error.text = self._safe_string(exc)
        code = self._property_text(exc, "code") if exc.tag == TAG_OBJECT else None
        if code:
            error.code = code
        return error

    def _property_text(self, obj: Any, name: str) -> str | None:
        value = self._get(obj, name)
        try:
            if value.tag == TAG_EXCEPTION:
                lib.JS_FreeValue(self._ctx, lib.JS_GetException(self._ctx))
                return None
            if value.tag == TAG_UNDEFINED:
                return None
            return self._safe_string(value)
        finally:
            lib.JS_FreeValue(self._ctx, value)

    def _safe_string(self, value: Any) -> str:
        try:
            return self._string(value)
        except Exception:  # (not Ctrl-C)
            return "<value that cannot be printed>"

    def describe(self, value: Any) -> str:
        if self.describe_callback is not None:
            ref = JSRef(self, lib.JS_DupValue(self._ctx, value))
            try:
                return self.describe_callback(ref)
            except Exception:  # noqa: BLE001, S110 - the plain form below (Ctrl-C goes on)
                pass
            finally:
                ref.release()
        if value.tag == TAG_STRING or value.tag == TAG_STRING_ROPE:
            return self._string(value)
        text = lib.JS_ToString(self._ctx, value)
        try:
            if text.tag == TAG_EXCEPTION:
                lib.JS_FreeValue(self._ctx, lib.JS_GetException(self._ctx))
                return "<value that cannot be printed>"
            return self._safe_string(text)
        finally:
            lib.JS_FreeValue(self._ctx, text)

    def _throw_py(self, exc: BaseException) -> Any:
        """Throw `exc` into JS; returns the exception marker for a callback to return."""
        ctx = self._ctx
        if isinstance(exc, ProgramExit):
            self._pending_exit = exc
            return self._throw_uncatchable()
        if isinstance(exc, KeyboardInterrupt) or exc is self._stop:
            return self._throw_stop(exc)  # JS may not catch Ctrl-C, nor a stop passing by
        if (
            isinstance(exc, JSError)
            and isinstance(exc.value, JSRef)
            and not exc.value.engine.closed
        ):
            return lib.JS_Throw(ctx, lib.JS_DupValue(ctx, exc.value.value))
        if isinstance(exc, MemoryError):
            return lib.JS_ThrowOutOfMemory(ctx)
        error = self._error_value(exc)
        if error.tag == TAG_EXCEPTION:
            return EXCEPTION
        return lib.JS_Throw(ctx, error)

    def _new_overflow_error(self) -> Any:
        """A new `RangeError: Maximum call stack size exceeded` (the exception marker if that
        fails): what JavaScript sees of Python's RecursionError, the same condition as the
        engine's stack limit. Not tied to the Python exception: uncaught, it reports where
        in JavaScript it happened, like the engine's own."""
        ctx = self._ctx
        args = [self._new_string(OVERFLOW_MESSAGE), self._new_string("RangeError")]
        try:
            return lib.JS_Call(ctx, self._error_ctor.value, UNDEFINED, len(args), args)
        finally:
            for arg in args:
                lib.JS_FreeValue(ctx, arg)

    def _prepared_overflow_error(self) -> Any:
        """The RangeError the callbacks' last resort throws, made in advance (making an error
        takes stack). Its stack is the header alone: where it is thrown is not known."""
        error = self._new_overflow_error()
        if error.tag == TAG_OBJECT:
            text = f"RangeError: {OVERFLOW_MESSAGE}"
            lib.JS_SetPropertyStr(self._ctx, error, b"stack", self._new_string(text))
        return error

    def _throw_overflow(self, result: Any) -> Any:
        """The callbacks' last resort (engine/core.py): throw the prepared RangeError, fail
        with `result`. Must not raise."""
        try:
            ctx = self._ctx
            lib.JS_Throw(ctx, lib.JS_DupValue(ctx, self._overflow.value))
        except BaseException:  # noqa: BLE001, S110 - nothing may cross into C
            pass
        return result

    def _error_value(self, exc: BaseException) -> Any:
        """A new JS error for a Python exception (the exception marker if that fails)."""
        ctx = self._ctx
        if isinstance(exc, RecursionError):
            return self._new_overflow_error()
        # Remember the Python exception so that, if JS does not catch it, the original comes
        # back out of the call.
        py_index = self.remember_error(exc)
        properties = None
        if isinstance(exc, EsmloadError):  # written for users already, and declares its JS face
            message, js_name, code = str(exc), exc.js_name, exc.code
            properties = exc.properties
        else:
            message, js_name, code = f"{type(exc).__name__}: {exc}", "Error", None
        args = [
            self._new_string(message),
            self._new_string(js_name),
            self._new_string(code) if isinstance(code, str) else UNDEFINED,
            lib.JS_NewNumber(ctx, float(py_index)),
            self.from_py(properties) if properties else UNDEFINED,
        ]
        try:
            return lib.JS_Call(ctx, self._error_ctor.value, UNDEFINED, len(args), args)
        finally:
            for arg in args:
                lib.JS_FreeValue(ctx, arg)

    def remember_error(self, exc: BaseException) -> int:
        """Keep `exc` under a new index: a JS error carrying that index as its hidden
        `__esmloadPyError` property comes back into Python as `exc` itself (bounded: JS may
        catch and drop any number of them)."""
        self._py_error_seq += 1
        py_index = self._py_error_seq
        self._py_errors[py_index] = exc
        if len(self._py_errors) > 1000:
            del self._py_errors[next(iter(self._py_errors))]
        return py_index

    def error_value(self, exc: BaseException) -> JSRef:
        """The JS error a Python exception becomes (to pass to a callback or reject with)."""
        self._enter()
        try:
            value = self._error_value(exc)
            if value.tag == TAG_EXCEPTION:
                raise self._take_exception()
            return self._own(value)
        finally:
            self._leave()

    def _throw_uncatchable(self) -> Any:
        error = lib.JS_NewError(self._ctx)
        lib.JS_SetUncatchableError(self._ctx, error)
        return lib.JS_Throw(self._ctx, error)
