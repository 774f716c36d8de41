"""The one place that owns QuickJS runtimes, contexts and raw `JSValue`s.

Everything outside `esmload.engine` sees Python values, `JSRef` (an owned reference to a JS
value) and `ModuleHandle` (a module the context holds). Rules kept here:
- every `JSValue` this module receives as owned is freed exactly once (`JSRef` owns one);
- no Python exception ever crosses a C callback: callbacks turn it into a JS exception, and the
  exception coming back out of JS is turned back into the original Python exception;
- one thread at a time: entering from a second thread raises instead of corrupting the runtime.
"""

from __future__ import annotations

from _thread import get_ident
from collections.abc import Callable

from esmload.engine.callbacks import Callbacks, Stops
from esmload.engine.convert import Conversions
from esmload.engine.exceptions import OVERFLOW_MESSAGE, ExceptionBridge
from esmload.engine.handles import (
    EXCEPTION,
    KIND_ARRAY,
    KIND_BINARY,
    KIND_BYTES,
    KIND_ERROR,
    KIND_FUNCTION,
    KIND_OTHER,
    KIND_PLAIN,
    KIND_PROMISE,
    KIND_SYMBOL,
    NULL,
    UNDEFINED,
    JSRef,
    ModuleHandle,
    c_buffer,
)
from esmload.engine.lib import (
    EVAL_FLAG_BACKTRACE_BARRIER,
    EVAL_FLAG_COMPILE_ONLY,
    EVAL_TYPE_GLOBAL,
    EVAL_TYPE_MODULE,
    PROMISE_FULFILLED,
    PROMISE_PENDING,
    READ_OBJ_BYTECODE,
    TAG_EXCEPTION,
    WRITE_OBJ_BYTECODE,
    WRITE_OBJ_STRIP_SOURCE,
    check_version,
    ffi,
    lib,
)
from esmload.engine.modules import Modules
from esmload.engine.stack import DEFAULT_MAX, ThreadStack, thread_stack
from esmload.engine.stack import _local as _thread_state
from esmload.errors import EngineError, ProgramExit

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "KIND_ARRAY",
    "KIND_BINARY",
    "KIND_BYTES",
    "KIND_ERROR",
    "KIND_FUNCTION",
    "KIND_OTHER",
    "KIND_PLAIN",
    "KIND_PROMISE",
    "KIND_SYMBOL",
    "Engine",
    "JSRef",
    "ModuleHandle",
]

_NULL = ffi.NULL
try:  # esmload's own (module_info.c): in the engine built at install, not in the wheel's
    _strip_source = lib.esmload_strip_source
except ffi.error:
    _strip_source = None
_HELPERS_JS = rb"""({
  // (The binary data constructors and accessors are the engine's own, whatever code does to
  // the globals and prototypes later.)
  kind: ((isView, AB, SAB, fixedLength) => (v) => {
    if (Array.isArray(v)) return 1;
    if (v instanceof Uint8Array) return fixedLength(v) ? 4 : 8;
    if (typeof v === 'function') return 5;
    if (v instanceof Error) return 3;
    if (v instanceof Promise) return 6;
    const p = Object.getPrototypeOf(v);
    if (p === Object.prototype || p === null) return 2;
    // Other binary data (C checks what it really is: engine/buffers.py).
    return (isView(v) || v instanceof AB || v instanceof SAB) ? 8 : 0;
  })(ArrayBuffer.isView, ArrayBuffer, SharedArrayBuffer, (() => {
    // Whether a view's buffer cannot change size: C then knows the view's length exactly.
    const getter = (o, k) =>
      Function.prototype.call.bind(Object.getOwnPropertyDescriptor(o, k).get);
    const bufferOf = getter(Object.getPrototypeOf(Uint8Array.prototype), 'buffer');
    const resizable = getter(ArrayBuffer.prototype, 'resizable');
    const growable = getter(SharedArrayBuffer.prototype, 'growable');
    return (v) => {
      try {
        const b = bufferOf(v);
        try { return !resizable(b); } catch { return !growable(b); }
      } catch { return false; }
    };
  })()),
  error(message, name, code, pyIndex, properties) {
    const Ctor = globalThis[name];
    const e = typeof Ctor === 'function' && Ctor.prototype instanceof Error
      ? new Ctor(message) : new Error(message);
    // Node's key order: `code` first, unless the properties place it (errno, code, ...).
    if (code !== undefined && !(properties !== undefined && 'code' in properties)) e.code = code;
    if (properties !== undefined) Object.assign(e, properties);
    if (pyIndex !== undefined)
      Object.defineProperty(e, '__esmloadPyError', { value: pyIndex, enumerable: false });
    return e;
  },
  pyIndex(e) {
    return (e !== null && typeof e === 'object') ? e.__esmloadPyError : undefined;
  },
  // The engine's own accessor of Error.prepareStackTrace, kept before anything replaces it
  // (guard_stack_traces installs the host's formatter behind a native guard through it).
  stackFormatter: ((d) => (f) => {
    if (!d || typeof d.get !== 'function' || typeof d.set !== 'function') return undefined;
    if (f === undefined) return Reflect.apply(d.get, Error, []);
    Reflect.apply(d.set, Error, [f]);
    return f;
  })(Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')),
})"""


class Engine(Conversions, ExceptionBridge, Callbacks, Modules, Stops):
    """A QuickJS runtime with one context, module loader hooks and host functions."""

    def __init__(
        self,
        *,
        memory_limit: int | None = None,
        stack_size: int | None = None,
        resolve_callback: Callable[[str, str, dict[str, str]], str] | None = None,
        load_callback: Callable[[str, dict[str, str]], ModuleHandle] | None = None,
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
        self._init_stops()  # time limit, interrupt(), Ctrl-C (callbacks.py)
        self._unhandled: dict[int, tuple[Any, Any]] = {}
        self.resolve_callback = resolve_callback
        self.load_callback = load_callback
        # Set by the host layer: formats a thrown non-Error value (Node's util.inspect style).
        self.describe_callback: Callable[[JSRef], str] | None = None
        self._module_exports: dict[int, Any] = {}
        # The stack JavaScript may use: at most `stack_size`, and on each thread what its
        # stack leaves (engine/stack.py); `_stack_thread` is the thread it was computed for.
        self._max_stack = stack_size if stack_size is not None else DEFAULT_MAX
        self._stack_thread: ThreadStack | None = None
        self._stack_limit = 0
        self._stack_headroom = 0
        self._scratch_stack = 0
        self._stack_boost = 0
        self._probed: int | None = None
        self._stack_formatter: JSRef | None = None
        # Deferred modules and the side context that compiles them (engine/modules.py).
        self._deferring = False
        self._reading = 0
        self._scratch: Any = None
        self._scratch_rt: Any = None
        self._scratch_stub: Any = None
        self._memory_limit = memory_limit
        self._scratch_count = 0
        self._scratch_requests: list[tuple[str, dict[str, str]]] | None = None
        self._normalized = 0  # normalize and load callbacks (a module's imports resolved)
        self._scratch_budget = -1  # the side runtime's stack size, as last set
        self._module_count = 0  # modules made in the context (QuickJS searches them)
        # `dump_compiled`'s: sizes out, and the atom index the engine's writer keeps zeroed
        # between modules (module_info.c esmload_write_bytecode; engine memory, freed on close).
        self._dump_sizes = ffi.new("size_t[2]")
        self._atom_table = ffi.new("uint32_t *[1]")
        self._atom_table_size = ffi.new("int[1]")
        # The callbacks must stay referenced for the runtime's lifetime.
        # Each callback catches what its code raises; `onerror` is the last resort for what
        # escapes even that: Ctrl-C, when Python's SIGINT handler runs before the callback's
        # first line, stops JS (callbacks.py); anything else is a RecursionError raised
        # again while handling one: the program's stack is exhausted, so the callback throws
        # the engine a RangeError and fails.
        failed = self._callback_failed
        self._cb_function = ffi.callback("JSCClosure *", self._on_call, onerror=failed(EXCEPTION))
        self._cb_function_finalizer = ffi.callback(
            "JSCClosureFinalizerFunc *", self._on_function_finalized, onerror=self._note_stop
        )
        self._cb_normalize = ffi.callback(
            "JSModuleNormalizeFunc2 *", self._on_normalize, onerror=failed(None)
        )
        self._cb_loader = ffi.callback("JSModuleLoaderFunc2 *", self._on_load, onerror=failed(None))
        self._cb_module_init = ffi.callback(
            "JSModuleInitFunc *", self._on_module_init, onerror=failed(-1)
        )
        self._cb_interrupt = ffi.callback(
            "JSInterruptHandler *", self._on_interrupt, onerror=self._interrupt_failed
        )
        self._cb_rejection = ffi.callback(
            "JSHostPromiseRejectionTracker *", self._on_rejection, onerror=self._note_stop
        )
        self._cb_probe = ffi.callback(
            "JSCClosure *", self._on_probe, onerror=failed(UNDEFINED, throws=False)
        )
        self._cb_prepare_stack = ffi.callback(
            "JSCClosure *", self._on_prepare_stack, onerror=failed(NULL, throws=False)
        )
        rt = self._rt
        if memory_limit:
            lib.JS_SetMemoryLimit(rt, memory_limit)
        self._fit_stack(thread_stack(self._stack_pointer))
        lib.JS_SetModuleLoaderFunc2(rt, _NULL, self._cb_loader, _NULL, _NULL)
        lib.JS_SetModuleNormalizeFunc2(rt, self._cb_normalize)
        lib.JS_SetInterruptHandler(rt, self._cb_interrupt, _NULL)
        lib.JS_SetHostPromiseRejectionTracker(rt, self._cb_rejection, _NULL)
        self._helpers = self._own(self._eval_raw(_HELPERS_JS, "esmload:helpers", EVAL_TYPE_GLOBAL))
        self._error_ctor = self._own(self._get(self._helpers.value, "error"))
        self._kind_fn = self._own(self._get(self._helpers.value, "kind"))
        self._py_index_fn = self._own(self._get(self._helpers.value, "pyIndex"))
        self._stack_formatter_fn = self._own(self._get(self._helpers.value, "stackFormatter"))
        # Thrown by the callbacks' last resort (a prepared error: making one takes stack).
        self._overflow = self._own(self._prepared_overflow_error())

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
        refs = [self._helpers, self._error_ctor, self._kind_fn, self._py_index_fn]
        refs += [self._stack_formatter_fn, self._overflow]
        if self._stack_formatter is not None:
            refs.append(self._stack_formatter)
            self._stack_formatter = None
        for ref in refs:
            ref._engine = None
            lib.JS_FreeValue(self._ctx, ref._box[0])
        self._free_scratch(runtime=True)
        self._module_exports.clear()
        self._flush_frees()
        if self._atom_table[0] != _NULL:
            lib.js_free(self._ctx, self._atom_table[0])
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
            if self._spans == 0:
                self._begin_entry()
            # The stack limit is measured from where JS is entered: reset it at the outermost
            # entry, so the same runtime works from any thread and any Python stack depth,
            # and sized for this thread's stack (engine/stack.py).
            lib.JS_UpdateStackTop(self._rt)
            stack = getattr(_thread_state, "stack", None)
            if stack is None or stack is not self._stack_thread:
                self._fit_stack(thread_stack(self._stack_pointer))
        elif self._owner != me:
            raise EngineError("this esmload runtime is in use by another thread")
        self._depth += 1

    def _leave(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            if self._to_free:
                self._flush_frees()
            if self._spans == 0 and (self._stop is not None or self._deadline is not None):
                self._end_entry()

    # ----------------------------------------------------------------- the native stack

    def _fit_stack(self, stack: ThreadStack) -> None:
        """Size the engine's stack limit for the calling thread's stack."""
        self._stack_thread = stack
        self._stack_limit, self._stack_headroom, reserve = stack.budget(self._max_stack)
        # A compile in the side runtime (engine/modules.py) gets stack of its own, measured
        # from wherever it starts: at most half the reserve, which is there below the limit.
        self._scratch_stack = reserve // 2
        lib.JS_SetMaxStackSize(self._rt, self._stack_limit + self._stack_boost)

    @property
    def stack_limit(self) -> int:
        """Bytes of native stack JavaScript may use on the thread that last entered."""
        return self._stack_limit

    def _stack_pointer(self) -> int | None:
        """An address just below the current native stack pointer: the argument buffer
        QuickJS allocates on the stack for a native function called with too few
        arguments (engine/stack.py measures the thread's stack from it)."""
        ctx = self._ctx
        probe = lib.JS_NewCClosure(ctx, self._cb_probe, _NULL, _NULL, 1, 0, _NULL)
        if probe.tag == TAG_EXCEPTION:
            lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
            return None
        self._probed = None
        lib.JS_SetMaxStackSize(self._rt, 0)  # no limit: the probe itself must not fail
        try:
            result = lib.JS_Call(ctx, probe, UNDEFINED, 0, _NULL)
            if result.tag == TAG_EXCEPTION:
                lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
            else:
                lib.JS_FreeValue(ctx, result)
        finally:
            lib.JS_SetMaxStackSize(self._rt, self._stack_limit + self._stack_boost)
            lib.JS_FreeValue(ctx, probe)
        return self._probed

    def _on_probe(self, ctx: Any, this: Any, argc: int, argv: Any, magic: int, op: Any) -> Any:
        self._probed = int(ffi.cast("uintptr_t", argv))
        return UNDEFINED

    def guard_stack_traces(self) -> None:
        """Put the current `Error.prepareStackTrace` (the host's formatter) behind a native
        guard that runs it with some stack to spare. QuickJS formats an error's stack when it
        creates the error; for `RangeError: Maximum call stack size exceeded` that is at the
        limit, where calling a JavaScript formatter fails and the error would have no stack
        (so no location). Native functions called with all their arguments skip the limit
        check, so the guard runs, lifts the limit by the headroom, and calls the formatter."""
        self._enter()
        try:
            formatter = self._own(
                lib.JS_Call(self._ctx, self._stack_formatter_fn.value, UNDEFINED, 0, _NULL)
            )
            if not lib.JS_IsFunction(self._ctx, formatter.value):
                formatter.release()
                return
            guard = self._own(
                lib.JS_NewCClosure(
                    self._ctx, self._cb_prepare_stack, b"prepareStackTrace", _NULL, 2, 0, _NULL
                )
            )
            try:
                self._call_raw(self._stack_formatter_fn.value, UNDEFINED, [guard.value])
            finally:
                guard.release()
            if self._stack_formatter is not None:
                self._stack_formatter.release()
            self._stack_formatter = formatter
        finally:
            self._leave()

    def _on_prepare_stack(
        self, ctx: Any, this: Any, argc: int, argv: Any, magic: int, op: Any
    ) -> Any:
        formatter = self._stack_formatter
        if formatter is None or self.closed:
            return NULL
        result = lib.JS_Call(ctx, formatter.value, this, argc, argv)
        if result.tag != TAG_EXCEPTION or self._stack_boost:
            return result
        error = lib.JS_GetException(ctx)
        if self._property_text(error, "message") != OVERFLOW_MESSAGE:
            return lib.JS_Throw(ctx, error)  # the formatter's own failure
        lib.JS_FreeValue(ctx, error)
        # Out of stack (an overflow's own error, or one made at the limit): lift the limit.
        rt = self._rt
        self._stack_boost = self._stack_headroom
        lib.JS_SetMaxStackSize(rt, self._stack_limit + self._stack_boost)
        try:
            return lib.JS_Call(ctx, formatter.value, this, argc, argv)
        finally:
            self._stack_boost = 0
            lib.JS_SetMaxStackSize(rt, self._stack_limit)

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

    # ----------------------------------------------------------------- calling into JS

    def _call_raw(self, fn: Any, this: Any, args: list[Any]) -> Any:
        """Call with borrowed arguments; return a converted result (internal helpers only)."""
        argv = ffi.new("JSValue[]", args) if args else _NULL
        return self._converted(lib.JS_Call(self._ctx, fn, this, len(args), argv))

    def _converted(self, value: Any) -> Any:
        """An owned result, converted and freed (its exception raised)."""
        if value.tag == TAG_EXCEPTION:
            raise self._take_exception()
        try:
            return self.to_py(value)
        finally:
            lib.JS_FreeValue(self._ctx, value)

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

    def eval_script(self, source: str | bytes, name: str, *, first_line: int = 1) -> Any:
        """Evaluate global (non-module) code; returns the converted completion value.
        `first_line`: the line number of the source's first line (0 for a wrapper line that
        precedes a file's own lines)."""
        data = source.encode("utf-8") if isinstance(source, str) else source
        self._enter()
        try:
            return self._converted(
                self._eval_raw(
                    data, name, EVAL_TYPE_GLOBAL | EVAL_FLAG_BACKTRACE_BARRIER, first_line
                )
            )
        finally:
            self._leave()

    def compile_script(
        self, source: bytes, name: str, *, keep_source: bool = True, first_line: int = 1
    ) -> bytes:
        """Bytecode of global code, for `eval_script_bytecode` (e.g. the host prelude).
        Without `keep_source`, functions' toString() has no text (the bytecode is ~4x
        smaller); line numbers are kept either way. `first_line`: as for `eval_script`."""
        self._enter()
        try:
            value = self._eval_raw(
                source, name, EVAL_TYPE_GLOBAL | EVAL_FLAG_COMPILE_ONLY, first_line
            )
            if value.tag == TAG_EXCEPTION:
                raise self._take_exception()
            try:
                flags = (
                    WRITE_OBJ_BYTECODE
                    if keep_source
                    else WRITE_OBJ_BYTECODE | WRITE_OBJ_STRIP_SOURCE
                )
                return self._write(value, flags)
            finally:
                lib.JS_FreeValue(self._ctx, value)
        finally:
            self._leave()

    def eval_stripped(
        self, source: bytes, name: str, *, serialize: bool = False
    ) -> tuple[Any, bytes | None]:
        """Evaluate global code without its functions' source text (their toString() shows
        none): esmload's built-in code, which runs the same whether it comes from the cache
        (`eval_script_bytecode`) or not. Returns the converted result, and with `serialize`
        the code's bytecode, written without source text, for the cache."""
        self._enter()
        try:
            function = self._eval_raw(source, name, EVAL_TYPE_GLOBAL | EVAL_FLAG_COMPILE_ONLY)
            if function.tag == TAG_EXCEPTION:
                raise self._take_exception()
            bytecode = None
            try:
                if serialize or _strip_source is None:
                    bytecode = self._write(function, WRITE_OBJ_BYTECODE | WRITE_OBJ_STRIP_SOURCE)
            except BaseException:
                lib.JS_FreeValue(self._ctx, function)
                raise
            if _strip_source is not None:
                _strip_source(self._ctx, function)
            else:  # the wheel's engine: the stripped bytecode is read back instead
                assert bytecode is not None
                lib.JS_FreeValue(self._ctx, function)
                function = self._read_script(bytecode)
            return self._run_script(function), bytecode if serialize else None
        finally:
            self._leave()

    def eval_script_bytecode(self, data: bytes | memoryview) -> Any:
        """Run `compile_script` output (verified data only); returns the converted result."""
        self._enter()
        try:
            return self._run_script(self._read_script(data))
        finally:
            self._leave()

    def _read_script(self, data: bytes | memoryview) -> Any:
        function = lib.JS_ReadObject(self._ctx, c_buffer(data), len(data), READ_OBJ_BYTECODE)
        if function.tag == TAG_EXCEPTION:
            raise self._take_exception()
        return function

    def _run_script(self, function: Any) -> Any:
        """Evaluate compiled global code (consumes `function`); the converted result."""
        return self._converted(lib.JS_EvalFunction(self._ctx, function))

    def _write(self, value: Any, flags: int) -> bytes:
        size = ffi.new("size_t *")
        buf = lib.JS_WriteObject(self._ctx, size, value, flags)
        if buf == _NULL:
            raise self._take_exception()
        try:
            return ffi.unpack(ffi.cast("char *", buf), size[0])
        finally:
            lib.js_free(self._ctx, buf)

    def _eval_raw(self, data: bytes, name: str, flags: int, first_line: int = 1) -> Any:
        resolved = self._normalized
        value = self._eval_once(self._ctx, data, name, flags, first_line)
        # (A module that failed after QuickJS began to resolve its imports was parsed.)
        if value.tag == TAG_EXCEPTION and self._stack_boost == 0 and self._normalized == resolved:
            return self._parse_overflow(data, name, flags, first_line)
        return value

    def _parse_overflow(self, data: bytes, name: str, flags: int, first_line: int) -> Any:
        """An eval that failed: when the parser ran out of stack, QuickJS may report it as a
        SyntaxError ("missing formal parameter"), where Node has a RangeError. Compiling
        again with more stack tells: if the source compiles only with more, the failure was
        the stack's, and becomes the RangeError. Returns the exception marker."""
        ctx = self._ctx
        error = lib.JS_GetException(ctx)
        try:
            overflow = (
                self._property_text(error, "name") == "SyntaxError"
                and not self._compiles(data, name, flags, first_line, boost=False)
                and self._compiles(data, name, flags, first_line, boost=True)
            )
        except Exception:  # noqa: BLE001 - the original error stands (Ctrl-C goes on)
            overflow = False
        if not overflow:
            return lib.JS_Throw(ctx, error)
        lib.JS_FreeValue(ctx, error)
        replacement = self._new_overflow_error()
        if replacement.tag == TAG_EXCEPTION:
            return replacement
        return lib.JS_Throw(ctx, replacement)

    def _compiles(self, data: bytes, name: str, flags: int, first_line: int, boost: bool) -> bool:
        """Whether the source compiles (nothing runs, nothing is loaded: modules compile in
        the side runtime), with the formatting headroom added to the stack limit or not."""
        if not boost and flags & EVAL_FLAG_COMPILE_ONLY:
            return False  # that is the eval that failed
        rt = self._rt
        if boost:
            self._stack_boost = self._stack_headroom
            lib.JS_SetMaxStackSize(rt, self._stack_limit + self._stack_boost)
        try:
            if flags & EVAL_TYPE_MODULE:
                return self._scratch_compile(name, data) is not None
            ctx = self._ctx
            value = self._eval_once(ctx, data, name, flags | EVAL_FLAG_COMPILE_ONLY, first_line)
            if value.tag == TAG_EXCEPTION:
                lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
                return False
            lib.JS_FreeValue(ctx, value)
            return True
        finally:
            if boost:
                self._stack_boost = 0
                lib.JS_SetMaxStackSize(rt, self._stack_limit)

    def _eval_once(self, ctx: Any, data: bytes, name: str, flags: int, first_line: int) -> Any:
        # cffi passes `bytes` as a pointer to its buffer, which CPython keeps NUL-terminated,
        # as JS_Eval requires.
        filename = name.encode("utf-8", "surrogateescape")
        if first_line == 1:
            return lib.JS_Eval(ctx, data, len(data), filename, flags)
        options = ffi.new("JSEvalOptions *")
        options.version = 1  # JS_EVAL_OPTIONS_VERSION
        options.eval_flags = flags
        c_name = ffi.new("char[]", filename)
        options.filename = c_name
        options.line_num = first_line
        return lib.JS_Eval2(ctx, data, len(data), options)

    # ----------------------------------------------------------------- jobs and promises

    def run_jobs(self) -> None:
        """Run queued promise jobs until none is left."""
        self._enter()
        pctx = ffi.new("JSContext **")
        try:
            while True:
                # Queued jobs must not run after process.exit(), nor once JS is stopped.
                self._raise_pending_exit()
                if self._stop is not None:
                    raise self._take_stop()
                status = lib.JS_ExecutePendingJob(self._rt, pctx)
                if status == 0:
                    return
                if status < 0:
                    raise self._take_exception()
        finally:
            self._leave()

    def promise_state(self, promise: JSRef) -> tuple[int, Any]:
        """(state, value): state is one of lib.PROMISE_*, value the result (None unless
        fulfilled: `promise_error` converts a rejection, once, so that a Python exception
        thrown through JS comes back as itself)."""
        self._enter()
        try:
            state = lib.JS_PromiseState(self._ctx, promise.value)
            if state != PROMISE_FULFILLED:
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
