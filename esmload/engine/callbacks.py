"""The functions QuickJS calls back: host functions, the module normalizer and loader, C module
initialisation, the interrupt handler and the promise rejection tracker. None may let a
Python exception escape into C."""

from __future__ import annotations

import time
from collections.abc import Callable

from esmload.engine.base import EngineBase
from esmload.engine.handles import JSRef
from esmload.engine.lib import TAG_EXCEPTION, TAG_OBJECT, ffi, lib

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

_NULL = ffi.NULL


class Callbacks(EngineBase):
    if TYPE_CHECKING:
        _scratch: Any
        _normalized: int

        def _scratch_normalize(self, name: Any, attributes: Any) -> Any: ...
        def _scratch_load(self) -> Any: ...

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
