"""The one place that owns QuickJS runtimes, contexts and raw `JSValue`s.

Everything outside `esmload.engine` sees Python values, `JSRef` (an owned reference to a JS
value) and `ModuleHandle` (a module the context holds). Rules kept here:
- every `JSValue` this module receives as owned is freed exactly once (`JSRef` owns one);
- no Python exception ever crosses a C callback: callbacks turn it into a JS exception, and the
  exception coming back out of JS is turned back into the original Python exception;
- one thread at a time: entering from a second thread raises instead of corrupting the runtime.
"""

from __future__ import annotations

import struct
import time
from _thread import get_ident
from collections.abc import Callable, Mapping

from esmload.engine.lib import (
    EVAL_FLAG_BACKTRACE_BARRIER,
    EVAL_FLAG_COMPILE_ONLY,
    EVAL_TYPE_GLOBAL,
    EVAL_TYPE_MODULE,
    GPN_ENUM_ONLY,
    GPN_STRING_MASK,
    PROMISE_PENDING,
    READ_OBJ_BYTECODE,
    TAG_BIG_INT,
    TAG_BOOL,
    TAG_EXCEPTION,
    TAG_FLOAT64,
    TAG_INT,
    TAG_MODULE,
    TAG_NULL,
    TAG_OBJECT,
    TAG_SHORT_BIG_INT,
    TAG_STRING,
    TAG_STRING_ROPE,
    TAG_UNDEFINED,
    WRITE_OBJ_BYTECODE,
    WRITE_OBJ_STRIP_DEBUG,
    WRITE_OBJ_STRIP_SOURCE,
    check_version,
    ffi,
    lib,
)
from esmload.errors import EngineError, JSError, ProgramExit

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

_DOUBLE = struct.Struct("<d")
_U64 = struct.Struct("<Q")
_NULL = ffi.NULL
_MAX_SAFE_INT = 2**53

# Object kinds reported by the helper script below; one JS call classifies an object.
(
    KIND_OTHER,
    KIND_ARRAY,
    KIND_PLAIN,
    KIND_ERROR,
    KIND_BYTES,
    KIND_FUNCTION,
    KIND_PROMISE,
    KIND_SYMBOL,
) = range(8)
_HELPERS_JS = rb"""({
  kind(v) {
    if (Array.isArray(v)) return 1;
    if (v instanceof Uint8Array) return 4;
    if (typeof v === 'function') return 5;
    if (v instanceof Error) return 3;
    if (v instanceof Promise) return 6;
    const p = Object.getPrototypeOf(v);
    return (p === Object.prototype || p === null) ? 2 : 0;
  },
  error(message, name, code, pyIndex) {
    const Ctor = globalThis[name];
    const e = typeof Ctor === 'function' && Ctor.prototype instanceof Error
      ? new Ctor(message) : new Error(message);
    if (code !== undefined) e.code = code;
    if (pyIndex !== undefined)
      Object.defineProperty(e, '__esmloadPyError', { value: pyIndex, enumerable: false });
    return e;
  },
  pyIndex(e) {
    return (e !== null && typeof e === 'object') ? e.__esmloadPyError : undefined;
  },
})"""


def _value(tag: int, u: int = 0) -> Any:
    """A JSValue struct holding an immediate (refcount-free) value."""
    return ffi.new("JSValue *", (u, tag))[0]


UNDEFINED = _value(TAG_UNDEFINED)
NULL = _value(TAG_NULL)
TRUE = _value(TAG_BOOL, 1)
FALSE = _value(TAG_BOOL, 0)
EXCEPTION = _value(TAG_EXCEPTION)


class ModuleHandle:
    """A module the context owns (QuickJS frees modules with the context, not by refcount)."""

    __slots__ = ("ptr", "name")

    def __init__(self, ptr: Any, name: str) -> None:
        self.ptr = ptr
        self.name = name

    def __repr__(self) -> str:
        return f"<ModuleHandle {self.name}>"


class JSRef:
    """An owned reference to a JS value; freed when released or garbage-collected."""

    __slots__ = ("_engine", "_box", "kind", "__weakref__")

    def __init__(self, engine: Engine, value: Any, kind: int = KIND_OTHER) -> None:
        self._engine: Engine | None = engine
        self._box = ffi.new("JSValue *", value)
        self.kind = kind

    @property
    def value(self) -> Any:
        return self._box[0]

    @property
    def engine(self) -> Engine:
        if self._engine is None or self._engine.closed:
            raise EngineError("this JavaScript value belongs to a runtime that is closed")
        return self._engine

    def release(self) -> None:
        engine, self._engine = self._engine, None
        if engine is not None and not engine.closed:
            engine._free_later(self._box[0])

    def __del__(self) -> None:
        self.release()


class Engine:
    """A QuickJS runtime with one context, module loader hooks and host functions."""

    def __init__(
        self,
        *,
        memory_limit: int | None = None,
        stack_size: int = 4 * 2**20,
        resolve_hook: Callable[[str, str, dict[str, str]], str] | None = None,
        load_hook: Callable[[str, dict[str, str]], ModuleHandle] | None = None,
    ) -> None:
        check_version()
        self.closed = True
        self._rt = lib.JS_NewRuntime()
        if self._rt == _NULL:
            raise EngineError("QuickJS could not create a runtime (out of memory)")
        self._ctx = lib.JS_NewContext(self._rt)
        if self._ctx == _NULL:
            lib.JS_FreeRuntime(self._rt)
            raise EngineError("QuickJS could not create a context (out of memory)")
        self.closed = False
        self._owner: int | None = None
        self._home = get_ident()  # the thread that last used the engine
        self._depth = 0
        self._to_free: list[Any] = []
        self._functions: dict[int, Callable[..., Any]] = {}
        self._function_seq = 0
        self._py_errors: dict[int, BaseException] = {}
        self._py_error_seq = 0
        self._pending_exit: ProgramExit | None = None
        self._deadline: float | None = None
        self._interrupted = False
        self._unhandled: dict[int, tuple[Any, Any]] = {}
        self.resolve_hook = resolve_hook
        self.load_hook = load_hook
        # Set by the host layer: formats a thrown non-Error value (Node's util.inspect style).
        self.describe_hook: Callable[[JSRef], str] | None = None
        self._module_exports: dict[int, dict[str, Any]] = {}
        self.time_limit: float | None = None
        # The callbacks must stay referenced for the runtime's lifetime.
        self._cb_function = ffi.callback("JSCClosure *", self._on_call)
        self._cb_function_finalizer = ffi.callback(
            "JSCClosureFinalizerFunc *", self._on_function_finalized
        )
        self._cb_normalize = ffi.callback("JSModuleNormalizeFunc2 *", self._on_normalize)
        self._cb_loader = ffi.callback("JSModuleLoaderFunc2 *", self._on_load)
        self._cb_module_init = ffi.callback("JSModuleInitFunc *", self._on_module_init)
        self._cb_interrupt = ffi.callback("JSInterruptHandler *", self._on_interrupt)
        self._cb_rejection = ffi.callback("JSHostPromiseRejectionTracker *", self._on_rejection)
        rt = self._rt
        if memory_limit:
            lib.JS_SetMemoryLimit(rt, memory_limit)
        lib.JS_SetMaxStackSize(rt, stack_size)
        lib.JS_SetModuleLoaderFunc2(rt, _NULL, self._cb_loader, _NULL, _NULL)
        lib.JS_SetModuleNormalizeFunc2(rt, self._cb_normalize)
        lib.JS_SetInterruptHandler(rt, self._cb_interrupt, _NULL)
        lib.JS_SetHostPromiseRejectionTracker(rt, self._cb_rejection, _NULL)
        self._helpers = self._own(self._eval_raw(_HELPERS_JS, "esmload:helpers", EVAL_TYPE_GLOBAL))
        self._error_ctor = self._own(self._get(self._helpers.value, "error"))
        self._kind_fn = self._own(self._get(self._helpers.value, "kind"))
        self._py_index_fn = self._own(self._get(self._helpers.value, "pyIndex"))

    # ----------------------------------------------------------------- lifetime and threads

    def close(self) -> None:
        if self.closed:
            return
        self._check_thread()
        self.closed = True
        for promise, reason in self._unhandled.values():
            lib.JS_FreeValue(self._ctx, promise)
            lib.JS_FreeValue(self._ctx, reason)
        self._unhandled.clear()
        for ref in (self._helpers, self._error_ctor, self._kind_fn, self._py_index_fn):
            ref._engine = None
            lib.JS_FreeValue(self._ctx, ref._box[0])
        self._module_exports.clear()
        self._flush_frees()
        lib.JS_FreeContext(self._ctx)
        lib.JS_FreeRuntime(self._rt)
        self._functions.clear()

    def _check_thread(self) -> None:
        me = get_ident()
        if self._owner is not None and self._owner != me:
            raise EngineError(
                "this esmload runtime is in use by another thread; use one Runtime per thread"
            )

    def _enter(self) -> None:
        if self.closed:
            raise EngineError("this esmload runtime is closed")
        me = get_ident()
        if self._depth == 0:
            if self._owner is not None and self._owner != me:
                raise EngineError(
                    "this esmload runtime is in use by another thread; use one Runtime per thread"
                )
            self._owner = self._home = me
            if self.time_limit is not None:
                self._deadline = time.monotonic() + self.time_limit
            # The stack limit is measured from where JS is entered: reset it at the outermost
            # entry, so the same runtime works from any thread and any Python stack depth.
            lib.JS_UpdateStackTop(self._rt)
        elif self._owner != me:
            raise EngineError("this esmload runtime is in use by another thread")
        self._depth += 1

    def _leave(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            if self.time_limit is not None:
                self._deadline = None
            if self._to_free:
                self._flush_frees()

    def _free_later(self, value: Any) -> None:
        # Called from JSRef.__del__, possibly by the garbage collector in another thread. A C
        # call releases the GIL, so freeing here while another thread runs JS would race: free
        # at once only on the thread that last used the engine, when it is not inside it.
        if self._depth == 0 and get_ident() == self._home and not self.closed:
            if value.tag < 0:
                lib.JS_FreeValue(self._ctx, value)
        else:
            self._to_free.append(ffi.new("JSValue *", value)[0])

    def _flush_frees(self) -> None:
        pending, self._to_free = self._to_free, []
        for value in pending:
            lib.JS_FreeValue(self._ctx, value)

    def _own(self, value: Any) -> JSRef:
        """Wrap an owned value (raising if it is the exception marker)."""
        if value.tag == TAG_EXCEPTION:
            raise self._take_exception()
        return JSRef(self, value)

    def memory_usage(self) -> dict[str, int]:
        usage = ffi.new("JSMemoryUsage *")
        lib.JS_ComputeMemoryUsage(self._rt, usage)
        return {name: getattr(usage, name) for name, _ in ffi.typeof("JSMemoryUsage").fields}

    def run_gc(self) -> None:
        self._enter()
        try:
            lib.JS_RunGC(self._rt)
        finally:
            self._leave()

    # ----------------------------------------------------------------- conversions

    def _get(self, obj: Any, name: str) -> Any:
        return lib.JS_GetPropertyStr(self._ctx, obj, name.encode())

    def _string(self, value: Any) -> str:
        size = ffi.new("size_t *")
        ptr = lib.JS_ToCStringLen2(self._ctx, size, value, False)
        if ptr == _NULL:
            raise self._take_exception()
        try:
            return ffi.unpack(ptr, size[0]).decode("utf-8", "surrogatepass")
        finally:
            lib.JS_FreeCString(self._ctx, ptr)

    def _new_string(self, text: str) -> Any:
        data = text.encode("utf-8", "surrogatepass")
        return lib.JS_NewStringLen(self._ctx, data, len(data))

    def to_py(self, value: Any, *, _seen: dict[int, Any] | None = None) -> Any:
        """Convert a borrowed value: primitives, arrays, plain objects and Uint8Array become
        Python values; other objects become `JSRef`s (a new reference)."""
        tag = value.tag
        if tag == TAG_INT:
            u = value.u & 0xFFFFFFFF
            return u - (1 << 32) if u & 0x80000000 else u
        if tag == TAG_FLOAT64:
            number = _DOUBLE.unpack(_U64.pack(value.u))[0]
            # JS has one number type: integral values read more naturally as Python ints.
            if (
                number.is_integer()
                and abs(number) <= _MAX_SAFE_INT
                and (number or str(number)[0] != "-")
            ):
                return int(number)
            return number
        if tag in (TAG_STRING, TAG_STRING_ROPE):
            return self._string(value)
        if tag == TAG_BOOL:
            return bool(value.u & 1)
        if tag in (TAG_UNDEFINED, TAG_NULL):
            return None
        if tag in (TAG_BIG_INT, TAG_SHORT_BIG_INT):
            return int(self._string(value))
        if tag != TAG_OBJECT:
            return JSRef(self, lib.JS_DupValue(self._ctx, value), KIND_SYMBOL)
        return self._object_to_py(value, {} if _seen is None else _seen)

    def _object_to_py(self, value: Any, seen: dict[int, Any]) -> Any:
        ctx = self._ctx
        if value.u in seen:
            return seen[value.u]
        kind = self._call_raw(self._kind_fn.value, UNDEFINED, [value])
        if kind == KIND_ARRAY:
            items: list[Any] = []
            seen[value.u] = items
            length = ffi.new("int64_t *")
            if lib.JS_GetLength(ctx, value, length) < 0:
                raise self._take_exception()
            for i in range(length[0]):
                item = lib.JS_GetPropertyUint32(ctx, value, i)
                try:
                    items.append(self._checked_to_py(item, seen))
                finally:
                    lib.JS_FreeValue(ctx, item)
            return items
        if kind == KIND_PLAIN:
            result: dict[str, Any] = {}
            seen[value.u] = result
            for key in self._own_keys(value):
                item = lib.JS_GetPropertyStr(ctx, value, key.encode("utf-8", "surrogatepass"))
                try:
                    result[key] = self._checked_to_py(item, seen)
                finally:
                    lib.JS_FreeValue(ctx, item)
            return result
        if kind == KIND_BYTES:
            size = ffi.new("size_t *")
            ptr = lib.JS_GetUint8Array(ctx, size, value)
            if ptr == _NULL:
                raise self._take_exception()
            return bytes(ffi.buffer(ptr, size[0]))
        if kind == KIND_ERROR:
            return self._error_from_value(lib.JS_DupValue(ctx, value))
        return JSRef(self, lib.JS_DupValue(ctx, value), kind)

    def _checked_to_py(self, value: Any, seen: dict[int, Any]) -> Any:
        if value.tag == TAG_EXCEPTION:
            raise self._take_exception()
        return self.to_py(value, _seen=seen)

    def _own_keys(self, value: Any) -> list[str]:
        ctx = self._ctx
        tab = ffi.new("JSPropertyEnum **")
        count = ffi.new("uint32_t *")
        if lib.JS_GetOwnPropertyNames(ctx, tab, count, value, GPN_STRING_MASK | GPN_ENUM_ONLY) < 0:
            raise self._take_exception()
        try:
            keys = []
            size = ffi.new("size_t *")
            for i in range(count[0]):
                ptr = lib.JS_AtomToCStringLen(ctx, size, tab[0][i].atom)
                keys.append(ffi.unpack(ptr, size[0]).decode("utf-8", "surrogatepass"))
                lib.JS_FreeCString(ctx, ptr)
            return keys
        finally:
            lib.JS_FreePropertyEnum(ctx, tab[0], count[0])

    def from_py(self, obj: Any, *, _seen: dict[int, Any] | None = None) -> Any:
        """A new (owned) JS value for a Python value."""
        ctx = self._ctx
        if obj is None:
            return NULL
        if obj is True:
            return TRUE
        if obj is False:
            return FALSE
        if isinstance(obj, str):
            return self._new_string(obj)
        if isinstance(obj, int):
            if -_MAX_SAFE_INT <= obj <= _MAX_SAFE_INT:
                return lib.JS_NewNumber(ctx, float(obj))
            return self._eval_value(f"{obj}n")
        if isinstance(obj, float):
            return lib.JS_NewNumber(ctx, obj)
        if isinstance(obj, JSRef):
            return lib.JS_DupValue(ctx, obj.value)
        if isinstance(obj, JSError) and isinstance(obj.value, JSRef):
            return lib.JS_DupValue(ctx, obj.value.value)
        if isinstance(obj, (bytes, bytearray, memoryview)):
            data = bytes(obj)
            return lib.JS_NewUint8ArrayCopy(ctx, data, len(data))
        seen = {} if _seen is None else _seen
        if id(obj) in seen:
            return lib.JS_DupValue(ctx, seen[id(obj)])
        if isinstance(obj, Mapping):
            target = lib.JS_NewObject(ctx)
            seen[id(obj)] = target
            for key, item in obj.items():
                lib.JS_SetPropertyStr(
                    ctx,
                    target,
                    str(key).encode("utf-8", "surrogatepass"),
                    self.from_py(item, _seen=seen),
                )
            return target
        if isinstance(obj, (list, tuple)):
            target = lib.JS_NewArray(ctx)
            seen[id(obj)] = target
            for i, item in enumerate(obj):
                lib.JS_SetPropertyUint32(ctx, target, i, self.from_py(item, _seen=seen))
            return target
        if callable(obj):
            return self._new_function(obj, getattr(obj, "__name__", ""))
        raise TypeError(f"cannot pass a {type(obj).__name__} to JavaScript")

    def _eval_value(self, source: str) -> Any:
        data = source.encode()
        return lib.JS_Eval(self._ctx, data, len(data), b"<esmload>", EVAL_TYPE_GLOBAL)

    # ----------------------------------------------------------------- errors

    def _take_exception(self) -> BaseException:
        """Turn the pending JS exception into the Python exception to raise."""
        return self._error_from_value(lib.JS_GetException(self._ctx))

    def _error_from_value(self, exc: Any) -> BaseException:
        """The Python exception for a thrown (or rejected-with) value; takes ownership."""
        ctx = self._ctx
        # process.exit() and the time limit unwind JS with an uncatchable error, which may
        # also surface as the rejection of a module's evaluation promise.
        if self._pending_exit is not None:
            lib.JS_FreeValue(ctx, exc)
            pending, self._pending_exit = self._pending_exit, None
            return pending
        if self._interrupted:
            self._interrupted = False
            lib.JS_FreeValue(ctx, exc)
            return TimeoutError("JavaScript ran past its time limit")
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
            error.text = self._safe_string(exc) if exc.tag != TAG_OBJECT else error.message  # type: ignore[attr-defined]
        code = self._property_text(exc, "code") if exc.tag == TAG_OBJECT else None
        if code:
            error.code = code  # type: ignore[attr-defined]
        if exc.tag == TAG_OBJECT and lib.JS_IsError(exc):
            error.pos = self._property_text(exc, "fileName"), None  # type: ignore[attr-defined]
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
        except BaseException:
            return "<value that cannot be printed>"

    def describe(self, value: Any) -> str:
        if self.describe_hook is not None:
            ref = JSRef(self, lib.JS_DupValue(self._ctx, value))
            try:
                return self.describe_hook(ref)
            except BaseException:
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
        if (
            isinstance(exc, JSError)
            and isinstance(exc.value, JSRef)
            and not exc.value.engine.closed
        ):
            return lib.JS_Throw(ctx, lib.JS_DupValue(ctx, exc.value.value))
        if isinstance(exc, MemoryError):
            return lib.JS_ThrowOutOfMemory(ctx)
        # Remember the Python exception so that, if JS does not catch it, the original comes
        # back out of the call (bounded: JS may catch and drop any number of them).
        self._py_error_seq += 1
        py_index = self._py_error_seq
        self._py_errors[py_index] = exc
        if len(self._py_errors) > 1000:
            del self._py_errors[next(iter(self._py_errors))]
        if type(exc).__module__.startswith("esmload"):
            message = str(exc)  # esmload's own errors are written for users already
        else:
            message = f"{type(exc).__name__}: {exc}"
        code = getattr(exc, "code", None)
        args = [
            self._new_string(message),
            self._new_string(getattr(exc, "js_name", "Error")),
            self._new_string(code) if isinstance(code, str) else UNDEFINED,
            lib.JS_NewNumber(ctx, float(py_index)),
        ]
        try:
            error = lib.JS_Call(ctx, self._error_ctor.value, UNDEFINED, 4, args)
        finally:
            for arg in args:
                lib.JS_FreeValue(ctx, arg)
        if error.tag == TAG_EXCEPTION:
            return EXCEPTION
        return lib.JS_Throw(ctx, error)

    def _throw_uncatchable(self) -> Any:
        error = lib.JS_NewError(self._ctx)
        lib.JS_SetUncatchableError(self._ctx, error)
        return lib.JS_Throw(self._ctx, error)

    # ----------------------------------------------------------------- callbacks from C

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
            assert self.resolve_hook is not None
            resolved = self.resolve_hook(
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
            assert self.load_hook is not None
            handle = self.load_hook(
                ffi.string(name).decode("utf-8", "surrogateescape"), self._attributes(attributes)
            )
            return handle.ptr
        except BaseException as exc:  # noqa: BLE001
            self._throw_py(exc)
            return _NULL

    def _on_module_init(self, ctx: Any, module: Any) -> int:
        try:
            exports = self._module_exports.pop(int(ffi.cast("uintptr_t", module)))
            for name, value in exports.items():
                if lib.JS_SetModuleExport(ctx, module, name.encode(), self.from_py(value)) < 0:
                    return -1
            return 0
        except BaseException as exc:  # noqa: BLE001
            self._throw_py(exc)
            return -1

    def _on_interrupt(self, rt: Any, opaque: Any) -> int:
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._interrupted = True
            return 1
        return 0

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
        except BaseException:  # noqa: BLE001 - the tracker cannot report failures
            pass

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

    # ----------------------------------------------------------------- calling into JS

    def _call_raw(self, fn: Any, this: Any, args: list[Any]) -> Any:
        """Call with borrowed arguments; return a converted result (internal helpers only)."""
        argv = ffi.new("JSValue[]", args) if args else _NULL
        result = lib.JS_Call(self._ctx, fn, this, len(args), argv)
        if result.tag == TAG_EXCEPTION:
            raise self._take_exception()
        try:
            return self.to_py(result)
        finally:
            lib.JS_FreeValue(self._ctx, result)

    def call(self, fn: JSRef, *args: Any, this: Any = None) -> Any:
        """Call a JS function with Python arguments; returns the converted result."""
        return self._call(fn, args, this, convert=True)

    def call_ref(self, fn: JSRef, *args: Any, this: Any = None) -> JSRef:
        """Like `call`, but the result stays a JS value (a new reference)."""
        return self._call(fn, args, this, convert=False)  # type: ignore[no-any-return]

    def _call(self, fn: JSRef, args: tuple[Any, ...], this: Any, convert: bool) -> Any:
        self._enter()
        ctx = self._ctx
        values = [self.from_py(arg) for arg in args]
        this_value = UNDEFINED if this is None else self.from_py(this)
        try:
            argv = ffi.new("JSValue[]", values) if values else _NULL
            result = lib.JS_Call(ctx, fn.value, this_value, len(values), argv)
            if result.tag == TAG_EXCEPTION:
                raise self._take_exception()
            if not convert:
                return JSRef(self, result)
            try:
                return self.to_py(result)
            finally:
                lib.JS_FreeValue(ctx, result)
        finally:
            for value in values:
                lib.JS_FreeValue(ctx, value)
            lib.JS_FreeValue(ctx, this_value)
            self._leave()

    def get(self, obj: JSRef, name: str, *, convert: bool = True) -> Any:
        self._enter()
        try:
            value = self._get(obj.value, name)
            if value.tag == TAG_EXCEPTION:
                raise self._take_exception()
            if not convert:
                return JSRef(self, value)
            try:
                return self.to_py(value)
            finally:
                lib.JS_FreeValue(self._ctx, value)
        finally:
            self._leave()

    def set(self, obj: JSRef, name: str, value: Any) -> None:
        self._enter()
        try:
            status = lib.JS_SetPropertyStr(
                self._ctx, obj.value, name.encode("utf-8", "surrogatepass"), self.from_py(value)
            )
            if status < 0:
                raise self._take_exception()
        finally:
            self._leave()

    def global_object(self) -> JSRef:
        return JSRef(self, lib.JS_GetGlobalObject(self._ctx))

    def eval_script(self, source: str | bytes, name: str) -> Any:
        """Evaluate global (non-module) code; returns the converted completion value."""
        data = source.encode("utf-8") if isinstance(source, str) else source
        self._enter()
        try:
            value = self._eval_raw(data, name, EVAL_TYPE_GLOBAL | EVAL_FLAG_BACKTRACE_BARRIER)
            if value.tag == TAG_EXCEPTION:
                raise self._take_exception()
            try:
                return self.to_py(value)
            finally:
                lib.JS_FreeValue(self._ctx, value)
        finally:
            self._leave()

    def compile_script(self, source: bytes, name: str) -> bytes:
        """Bytecode of global code, for `eval_script_bytecode` (e.g. the host prelude)."""
        self._enter()
        try:
            value = self._eval_raw(source, name, EVAL_TYPE_GLOBAL | EVAL_FLAG_COMPILE_ONLY)
            if value.tag == TAG_EXCEPTION:
                raise self._take_exception()
            try:
                return self._write(value, WRITE_OBJ_BYTECODE)
            finally:
                lib.JS_FreeValue(self._ctx, value)
        finally:
            self._leave()

    def eval_script_bytecode(self, data: bytes) -> Any:
        """Run `compile_script` output (verified data only); returns the converted result."""
        self._enter()
        try:
            function = lib.JS_ReadObject(self._ctx, data, len(data), READ_OBJ_BYTECODE)
            if function.tag == TAG_EXCEPTION:
                raise self._take_exception()
            value = lib.JS_EvalFunction(self._ctx, function)  # consumes `function`
            if value.tag == TAG_EXCEPTION:
                raise self._take_exception()
            try:
                return self.to_py(value)
            finally:
                lib.JS_FreeValue(self._ctx, value)
        finally:
            self._leave()

    def _write(self, value: Any, flags: int) -> bytes:
        size = ffi.new("size_t *")
        buf = lib.JS_WriteObject(self._ctx, size, value, flags)
        if buf == _NULL:
            raise self._take_exception()
        try:
            return ffi.unpack(ffi.cast("char *", buf), size[0])
        finally:
            lib.js_free(self._ctx, buf)

    def _eval_raw(self, data: bytes, name: str, flags: int) -> Any:
        # cffi passes `bytes` as a pointer to its buffer, which CPython keeps NUL-terminated,
        # as JS_Eval requires.
        return lib.JS_Eval(
            self._ctx, data, len(data), name.encode("utf-8", "surrogateescape"), flags
        )

    # ----------------------------------------------------------------- modules

    def compile_module(self, name: str, source: bytes) -> ModuleHandle:
        """Compile (not run) a module. QuickJS resolves its imports during the compile, so
        the loader hooks run for its dependencies before this returns."""
        self._enter()
        try:
            value = self._eval_raw(source, name, EVAL_TYPE_MODULE | EVAL_FLAG_COMPILE_ONLY)
            if value.tag != TAG_MODULE:
                if value.tag == TAG_EXCEPTION:
                    raise self._take_exception()
                lib.JS_FreeValue(self._ctx, value)
                raise EngineError(f"QuickJS did not return a module for {name}")
            return self._module_from_value(value, name)
        finally:
            self._leave()

    def _module_from_value(self, value: Any, name: str) -> ModuleHandle:
        # The context's module list keeps the module alive; drop the value's extra reference.
        ptr = ffi.cast("JSModuleDef *", value.u)
        lib.JS_FreeValue(self._ctx, value)
        return ModuleHandle(ptr, name)

    def dump_module(self, module: ModuleHandle, *, strip_debug: bool = False) -> bytes:
        flags = WRITE_OBJ_BYTECODE
        if strip_debug:
            flags |= WRITE_OBJ_STRIP_DEBUG | WRITE_OBJ_STRIP_SOURCE
        value = _value(TAG_MODULE, int(ffi.cast("uintptr_t", module.ptr)))
        self._enter()
        try:
            return self._write(value, flags)
        finally:
            self._leave()

    def load_module_bytecode(self, data: bytes, name: str) -> ModuleHandle:
        """Instantiate a module from `dump_module` output. Only for verified data: QuickJS
        does not check bytecode, so damaged input can corrupt memory."""
        self._enter()
        try:
            value = lib.JS_ReadObject(self._ctx, data, len(data), READ_OBJ_BYTECODE)
            if value.tag != TAG_MODULE:
                if value.tag == TAG_EXCEPTION:
                    raise self._take_exception()
                lib.JS_FreeValue(self._ctx, value)
                raise EngineError(f"cached bytecode for {name} is not a module")
            return self._module_from_value(value, name)
        finally:
            self._leave()

    def json_module(self, name: str, text: bytes, filename: str) -> ModuleHandle:
        """A synthetic module whose default export is `JSON.parse(text)` (not an object
        literal: JSON's `__proto__` key is an own property, not a prototype)."""
        self._enter()
        try:
            parsed = self._own(lib.JS_ParseJSON(self._ctx, text, len(text), filename.encode()))
            return self.host_module(name, {"default": parsed})
        finally:
            self._leave()

    def host_module(self, name: str, exports: Mapping[str, Any]) -> ModuleHandle:
        """A module whose exports are Python values (converted when the module is linked)."""
        self._enter()
        try:
            ptr = lib.JS_NewCModule(self._ctx, name.encode("utf-8"), self._cb_module_init)
            if ptr == _NULL:
                raise self._take_exception()
            for export in exports:
                if lib.JS_AddModuleExport(self._ctx, ptr, export.encode("utf-8")) < 0:
                    raise self._take_exception()
            self._module_exports[int(ffi.cast("uintptr_t", ptr))] = dict(exports)
            return ModuleHandle(ptr, name)
        finally:
            self._leave()

    def set_import_meta(self, module: ModuleHandle, fields: Mapping[str, Any]) -> None:
        self._enter()
        ctx = self._ctx
        try:
            meta = lib.JS_GetImportMeta(ctx, module.ptr)
            if meta.tag == TAG_EXCEPTION:
                raise self._take_exception()
            try:
                for key, item in fields.items():
                    lib.JS_SetPropertyStr(ctx, meta, key.encode(), self.from_py(item))
            finally:
                lib.JS_FreeValue(ctx, meta)
        finally:
            self._leave()

    def evaluate_module(self, module: ModuleHandle) -> JSRef:
        """Link and evaluate a module; returns its evaluation promise (top-level await)."""
        self._enter()
        try:
            value = _value(TAG_MODULE, int(ffi.cast("uintptr_t", module.ptr)))
            # JS_EvalFunction consumes one reference to the module value.
            lib.JS_DupValue(self._ctx, value)
            return self._own(lib.JS_EvalFunction(self._ctx, value))
        finally:
            self._leave()

    def resolve_module(self, module: ModuleHandle) -> None:
        """Load the dependencies of a module read from bytecode (a no-op once resolved)."""
        self._enter()
        try:
            value = _value(TAG_MODULE, int(ffi.cast("uintptr_t", module.ptr)))
            if lib.JS_ResolveModule(self._ctx, value) < 0:
                raise self._take_exception()
        finally:
            self._leave()

    def module_namespace(self, module: ModuleHandle) -> JSRef:
        self._enter()
        try:
            return self._own(lib.JS_GetModuleNamespace(self._ctx, module.ptr))
        finally:
            self._leave()

    # ----------------------------------------------------------------- jobs and promises

    def run_jobs(self) -> None:
        """Run queued promise jobs until none is left."""
        self._enter()
        pctx = ffi.new("JSContext **")
        try:
            while True:
                status = lib.JS_ExecutePendingJob(self._rt, pctx)
                if status == 0:
                    return
                if status < 0:
                    raise self._take_exception()
        finally:
            self._leave()

    def promise_state(self, promise: JSRef) -> tuple[int, Any]:
        """(state, value): state is one of lib.PROMISE_*, value the result or rejection."""
        self._enter()
        try:
            state = lib.JS_PromiseState(self._ctx, promise.value)
            if state < 0:
                return state, None
            if state == PROMISE_PENDING:
                return state, None
            result = lib.JS_PromiseResult(self._ctx, promise.value)
            try:
                return state, self.to_py(result)
            finally:
                lib.JS_FreeValue(self._ctx, result)
        finally:
            self._leave()

    def promise_state_ref(self, promise: JSRef) -> tuple[int, JSRef | None]:
        """Like `promise_state`, but the value comes back unconverted (identity kept)."""
        self._enter()
        try:
            state = lib.JS_PromiseState(self._ctx, promise.value)
            if state <= PROMISE_PENDING:
                return state, None
            return state, JSRef(self, lib.JS_PromiseResult(self._ctx, promise.value))
        finally:
            self._leave()

    def promise_error(self, promise: JSRef) -> BaseException:
        """The rejection reason of a rejected promise as a Python exception."""
        self._enter()
        try:
            return self._error_from_value(lib.JS_PromiseResult(self._ctx, promise.value))
        finally:
            self._leave()

    def mark_handled(self, promise: JSRef) -> None:
        self._enter()
        try:
            lib.JS_PromiseMarkAsHandled(self._ctx, promise.value)
            entry = self._unhandled.pop(promise.value.u, None)
            if entry is not None:
                lib.JS_FreeValue(self._ctx, entry[0])
                lib.JS_FreeValue(self._ctx, entry[1])
        finally:
            self._leave()
