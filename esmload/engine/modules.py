"""Modules in the context: compile-only, bytecode out and in, JSON, bytes and Python-backed
modules, `import.meta`, evaluation and namespaces."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from esmload.engine.base import EngineBase
from esmload.engine.handles import JSRef, ModuleHandle, _value, c_buffer
from esmload.engine.lib import (
    EVAL_FLAG_COMPILE_ONLY,
    EVAL_TYPE_MODULE,
    READ_OBJ_BYTECODE,
    TAG_EXCEPTION,
    TAG_MODULE,
    WRITE_OBJ_BYTECODE,
    WRITE_OBJ_STRIP_DEBUG,
    WRITE_OBJ_STRIP_SOURCE,
    ffi,
    lib,
)
from esmload.errors import EngineError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

_NULL = ffi.NULL


class Modules(EngineBase):
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

    def load_module_bytecode(self, data: bytes | memoryview, name: str) -> ModuleHandle:
        """Instantiate a module from `dump_module` output. Only for verified data: QuickJS
        does not check bytecode, so damaged input can corrupt memory."""
        self._enter()
        try:
            value = lib.JS_ReadObject(self._ctx, c_buffer(data), len(data), READ_OBJ_BYTECODE)
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

    def bytes_module(self, name: str, data: bytes) -> ModuleHandle:
        """A synthetic module whose default export is a `Uint8Array` over an immutable
        `ArrayBuffer` holding a copy of `data` (import-bytes' CreateBytesModule).

        QuickJS-ng 0.17 implements immutable ArrayBuffers (`JS_SetImmutableArrayBuffer`):
        writing methods (`fill`, `set`, `sort`, DataView setters, ...), `transfer` and `resize`
        throw "TypeError: ArrayBuffer is immutable". Where it departs from the proposal: `a[0] =
        1` is ignored without a TypeError even in strict code, property descriptors still say
        writable, and `buffer.slice()` throws instead of copying."""
        self._enter()
        ctx = self._ctx
        try:
            array = self._own(lib.JS_NewUint8ArrayCopy(ctx, data, len(data)))
            buffer = lib.JS_GetTypedArrayBuffer(ctx, array.value, _NULL, _NULL, _NULL)
            if buffer.tag == TAG_EXCEPTION:
                raise self._take_exception()
            try:
                if lib.JS_SetImmutableArrayBuffer(buffer, True) < 0:
                    raise EngineError(f"{name}: the Uint8Array has no ArrayBuffer")
            finally:
                lib.JS_FreeValue(ctx, buffer)
            return self.host_module(name, {"default": array})
        finally:
            self._leave()

    def host_module(self, name: str, exports: Mapping[str, Any]) -> ModuleHandle:
        """A module whose exports are Python values (converted when the module is linked)."""
        self._enter()
        try:
            return self._c_module(name, exports, dict(exports))
        finally:
            self._leave()

    def facade_module(self, name: str, exports: JSRef) -> ModuleHandle:
        """A module whose default export is `exports` and whose named exports are its own
        enumerable properties, read when the module is linked (Node's facade of a built-in)."""
        self._enter()
        try:
            keys = [key for key in self._own_keys(exports.value) if key != "default"]
            return self._c_module(name, ["default", *keys], _Facade(exports, keys))
        finally:
            self._leave()

    def commonjs_facade(
        self, name: str, names: Iterable[str], run: Callable[[], JSRef]
    ) -> ModuleHandle:
        """A CommonJS module as ES modules import it: `run()` (called when the module is
        evaluated) runs it and returns its `module.exports`, which becomes the default export;
        each of `names` is exported with the value of that own property, if it has one (Node's
        rule: a name the scan found but the object lacks stays undefined)."""
        self._enter()
        try:
            keys = [key for key in names if key != "default"]
            return self._c_module(name, ["default", *keys], _Facade(None, keys, run))
        finally:
            self._leave()

    def _c_module(self, name: str, export_names: Iterable[str], exports: Any) -> ModuleHandle:
        """A synthetic module declaring `export_names`; `exports` (a dict of values, or a
        facade's source) is what `_on_module_init` sets them from when it is linked."""
        ptr = lib.JS_NewCModule(self._ctx, name.encode("utf-8"), self._cb_module_init)
        if ptr == _NULL:
            raise self._take_exception()
        for export in export_names:
            if lib.JS_AddModuleExport(self._ctx, ptr, export.encode("utf-8", "surrogatepass")) < 0:
                raise self._take_exception()
        self._module_exports[int(ffi.cast("uintptr_t", ptr))] = exports
        return ModuleHandle(ptr, name)

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
            promise = self._own(lib.JS_EvalFunction(self._ctx, value))
            if self._pending_exit is not None:  # process.exit() during evaluation
                promise.release()
                self._raise_pending_exit()
            return promise
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

    def use_builtin_normalizer(self, builtin: bool) -> None:
        """Name imports with QuickJS's own rule (leading `./` and `../` applied to the
        importer's directory, anything else kept as written) instead of calling the resolve
        callback for every edge. Only for graphs whose names are known to come out right that way
        (link/fast_start.py); the load callback still runs for names not yet loaded."""
        lib.JS_SetModuleNormalizeFunc2(self._rt, _NULL if builtin else self._cb_normalize)

    def module_namespace(self, module: ModuleHandle) -> JSRef:
        self._enter()
        try:
            return self._own(lib.JS_GetModuleNamespace(self._ctx, module.ptr))
        finally:
            self._leave()


class _Facade:
    """What a facade module's exports are read from when it is evaluated (callbacks.py):
    `source`, or what `run()` returns (a CommonJS module's `module.exports`)."""

    __slots__ = ("source", "keys", "run")

    def __init__(
        self, source: JSRef | None, keys: list[str], run: Callable[[], JSRef] | None = None
    ) -> None:
        self.source = source
        self.keys = keys
        self.run = run
