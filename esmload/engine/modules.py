"""Modules in the context: compile-only, bytecode out and in, JSON, bytes and Python-backed
modules, `import.meta`, evaluation and namespaces.

Deferred modules. QuickJS resolves a module's imports the moment it compiles or reads it
(`JS_Eval` resolves them, `JS_ReadObject` loads each one): an import not loaded yet calls the
load callback, which compiles or reads that module, which loads its own imports, and so on,
one level of C and Python frames per level of the graph. The loader avoids that by loading
dependencies first (link/loader.py), and for that it must know a module's imports before the
module exists in the context. Between `defer_modules(True)` and `defer_modules(False)`,
`compile_module` and `load_module_bytecode` therefore return a `PendingModule`: its bytecode
and, for a compiled one, its imports (specifier and import attributes, in the engine's order),
found by compiling it in a side runtime whose loader answers every import with one empty
stub. (A runtime of its own, not a context: writing bytecode costs QuickJS time in proportion
to the highest atom number in the runtime, and the program's runtime holds an atom per module
name, which made writing quadratic in the number of modules.) `materialize` reads it into the
program's context later, once what it imports is there; anything that needs the module itself
materializes it first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from esmload.engine.base import EngineBase
from esmload.engine.handles import UNDEFINED, JSRef, ModuleHandle, _value, c_buffer
from esmload.engine.lib import (
    EVAL_FLAG_COMPILE_ONLY,
    EVAL_TYPE_MODULE,
    READ_OBJ_BYTECODE,
    TAG_EXCEPTION,
    TAG_MODULE,
    TAG_OBJECT,
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
try:  # esmload's functions in the engine built at install (module_info.c); not in the wheel's
    _module_info = lib.esmload_module_info
    _newest_module = lib.esmload_newest_module
    _dump_module = lib.esmload_dump_module
    _free_dump = lib.esmload_free_dump
    _resolve_read_module = lib.esmload_resolve_module
except ffi.error:
    _module_info = _newest_module = _dump_module = _free_dump = _resolve_read_module = None
_SCRATCH_STUB = b"esmload:scratch-stub"
_SCRATCH_PREFIX = b"esmload:scratch:"
#: Modules compiled in one side context before it is freed (it keeps every one of them).
_SCRATCH_MODULES = 128
# Bytecode from this size on is handed on as a view of the engine's buffer, not copied.
_VIEW_FROM = 64 << 10


def _write_flags(strip_debug: bool) -> int:
    """JS_WriteObject's flags for a module's bytecode, with or without debug information."""
    if strip_debug:
        return WRITE_OBJ_BYTECODE | WRITE_OBJ_STRIP_DEBUG | WRITE_OBJ_STRIP_SOURCE
    return WRITE_OBJ_BYTECODE


class PendingModule(ModuleHandle):
    """A module not yet in the context: `bytecode` (verified or just compiled) and, when it
    was compiled here, `requests`, its imports as (specifier, import attributes) in the
    engine's order. `ptr` is None until `materialize`."""

    __slots__ = ("bytecode", "requests", "source")

    def __init__(
        self,
        name: str,
        bytecode: bytes | memoryview,
        requests: list[tuple[str, dict[str, str]]] | None,
        source: bytes | None = None,
    ) -> None:
        super().__init__(None, name)
        self.bytecode: bytes | memoryview | None = bytecode
        self.requests = requests
        self.source = source  # a compiled module's source


class Modules(EngineBase):
    if TYPE_CHECKING:
        _deferring: bool
        _reading: int
        _scratch: Any
        _scratch_rt: Any
        _scratch_stub: Any
        _memory_limit: int | None
        _stack_limit: int
        _stack_boost: int
        _scratch_stack: int
        _scratch_budget: int
        _cb_loader: Any
        _scratch_count: int
        _scratch_requests: list[tuple[str, dict[str, str]]] | None
        _module_count: int
        _dump_sizes: Any
        _atom_table: Any
        _atom_table_size: Any

        def _attributes(self, attributes: Any) -> dict[str, str]: ...

    # ----------------------------------------------------------------- deferred modules

    def defer_modules(self, on: bool) -> bool:
        """From now on, `compile_module` and `load_module_bytecode` return `PendingModule`s
        (`on`), or modules (see the module docstring); returns the previous setting, to
        restore."""
        previous, self._deferring = self._deferring, on
        return previous

    @property
    def reading_modules(self) -> bool:
        """Whether QuickJS is in the middle of compiling or reading a module (a module it
        holds may then have imports not filled in yet: nothing may resolve it)."""
        return self._reading > 0

    def materialize(self, module: ModuleHandle, *, recompile: bool = False) -> None:
        """Read a `PendingModule` into the context (its imports are loaded meanwhile, through
        the loader callbacks, unless they are there already). Other handles: nothing to do.

        With `recompile`, a compiled one is compiled again in the context instead. QuickJS
        finds each import of a module by a linear search of the modules it holds, once when
        it reads the module and, with the wheel's engine, again when the module is resolved,
        where compiling resolves the imports at once: for a module with thousands of imports,
        one search per import saved is worth more than a second parse (`is_wide`)."""
        if module.ptr is not None:
            return
        assert isinstance(module, PendingModule) and module.bytecode is not None
        if recompile and module.source is not None:
            self._enter()
            self._reading += 1
            try:
                value = self._eval_raw(
                    module.source, module.name, EVAL_TYPE_MODULE | EVAL_FLAG_COMPILE_ONLY
                )
                if value.tag != TAG_MODULE:
                    if value.tag == TAG_EXCEPTION:
                        raise self._take_exception()
                    lib.JS_FreeValue(self._ctx, value)
                    raise EngineError(f"QuickJS did not return a module for {module.name}")
                module.ptr = self._module_from_value(value, module.name).ptr
            finally:
                self._reading -= 1
                self._leave()
        else:
            module.ptr = self._read_module(module.bytecode, module.name).ptr
        module.bytecode = module.source = None

    def _scratch_context(self) -> Any:
        """The side runtime's context (made on first use, and again after `_free_scratch`),
        its stack limit measured from here."""
        ctx = self._scratch
        if ctx is None:
            rt = self._scratch_rt
            if rt is None:
                rt = lib.JS_NewRuntime()
                if rt == _NULL:
                    return None
                self._scratch_budget = -1
                lib.JS_SetModuleLoaderFunc2(rt, _NULL, self._cb_loader, _NULL, _NULL)
                lib.JS_SetModuleNormalizeFunc2(rt, self._cb_normalize)
                if self._memory_limit:
                    lib.JS_SetMemoryLimit(rt, self._memory_limit)
                self._scratch_rt = rt
            ctx = lib.JS_NewContext(rt)
            if ctx == _NULL:
                return None
            self._scratch = ctx
            self._scratch_count = 0
        # Its stack limit counts from here, where the program's may be close: it gets what
        # the program's reserve can spare (a parse needs little), half as much again when
        # the program's limit is lifted (the parse-overflow check in engine/core.py).
        rt = self._scratch_rt
        budget = self._scratch_stack
        if self._stack_boost:
            budget += budget // 2
        if budget != self._scratch_budget:
            self._scratch_budget = budget
            lib.JS_SetMaxStackSize(rt, budget)
        lib.JS_UpdateStackTop(rt)  # (also recomputes the limit from the size set)
        return ctx

    def _scratch_compile(self, name: str, source: bytes) -> PendingModule | None:
        """Compile in the side runtime: the bytecode and the imports, nothing loaded. None if
        it does not compile there (the caller compiles it in the context for the error)."""
        ctx = self._scratch_context()
        if ctx is None:
            return None
        requests: list[tuple[str, dict[str, str]]] = []
        self._scratch_requests = requests
        try:
            value = lib.JS_Eval(
                ctx,
                source,
                len(source),
                name.encode("utf-8", "surrogateescape"),
                EVAL_TYPE_MODULE | EVAL_FLAG_COMPILE_ONLY,
            )
        finally:
            self._scratch_requests = None
        if value.tag != TAG_MODULE:
            if value.tag == TAG_EXCEPTION:
                lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
            else:
                lib.JS_FreeValue(ctx, value)
            return None
        try:
            data = self._scratch_write(ctx, value, WRITE_OBJ_BYTECODE)
        finally:
            lib.JS_FreeValue(ctx, value)
            self._scratch_count += 1
            if self._scratch_count >= _SCRATCH_MODULES:
                self._free_scratch()
        if data is None:
            return None
        return PendingModule(name, data, requests, source)

    def _scratch_write(self, ctx: Any, value: Any, flags: int) -> bytes | None:
        size = ffi.new("size_t *")
        buf = lib.JS_WriteObject(ctx, size, value, flags)
        if buf == _NULL:
            lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
            return None
        try:
            return ffi.unpack(ffi.cast("char *", buf), size[0])
        finally:
            lib.js_free(ctx, buf)

    def _free_scratch(self, runtime: bool = False) -> None:
        """Free the side context and every module compiled in it (their atoms go too, so
        the runtime's atom numbers stay low), and with `runtime` the side runtime."""
        if self._scratch is not None:
            scratch, self._scratch, self._scratch_stub = self._scratch, None, None
            lib.JS_FreeContext(scratch)
        if runtime and self._scratch_rt is not None:
            lib.JS_FreeRuntime(self._scratch_rt)
            self._scratch_rt = None

    def release_scratch(self) -> None:
        """Free what compiling pending modules kept (call when a graph is loaded)."""
        if self._scratch is not None:
            self._enter()
            try:
                self._free_scratch()
            finally:
                self._leave()

    def _scratch_normalize(self, name: Any, attributes: Any) -> Any:
        """The side runtime's normalize callback: note the import, name it apart."""
        specifier = ffi.string(name)
        if self._scratch_requests is not None:
            self._scratch_requests.append(
                (specifier.decode("utf-8", "surrogateescape"), self._scratch_attributes(attributes))
            )
        return lib.js_strdup(self._scratch, _SCRATCH_PREFIX + specifier)

    def _scratch_attributes(self, attributes: Any) -> dict[str, str]:
        """Import attributes, an object of the side runtime (read there: as JSON)."""
        if attributes.tag != TAG_OBJECT:
            return {}
        ctx = self._scratch
        text = lib.JS_JSONStringify(ctx, attributes, UNDEFINED, UNDEFINED)
        if text.tag == TAG_EXCEPTION:
            lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
            return {}
        try:
            size = ffi.new("size_t *")
            ptr = lib.JS_ToCStringLen2(ctx, size, text, False)
            if ptr == _NULL:
                lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
                return {}
            try:
                data = ffi.unpack(ptr, size[0])
            finally:
                lib.JS_FreeCString(ctx, ptr)
        finally:
            lib.JS_FreeValue(ctx, text)
        if data == b"{}":
            return {}
        import json

        found = json.loads(data)
        return {str(key): str(value) for key, value in found.items()}

    def _scratch_load(self) -> Any:
        """The side context's load callback: one empty module stands in for every import."""
        if self._scratch_stub is None:
            self._scratch_stub = lib.JS_NewCModule(
                self._scratch, _SCRATCH_STUB, self._cb_module_init
            )
        return self._scratch_stub

    # ----------------------------------------------------------------- compile and read

    def compile_module(self, name: str, source: bytes) -> ModuleHandle:
        """Compile (not run) a module. QuickJS resolves its imports during the compile, so
        the loader hooks run for its dependencies before this returns; while modules are
        deferred, the result is a `PendingModule` instead, and nothing is loaded."""
        self._enter()
        try:
            if self._deferring:
                pending = self._scratch_compile(name, source)
                if pending is not None:
                    return pending
                # It does not compile: compiling it here gives the engine's own error (which
                # comes before any import is resolved).
            self._reading += 1
            try:
                value = self._eval_raw(source, name, EVAL_TYPE_MODULE | EVAL_FLAG_COMPILE_ONLY)
            finally:
                self._reading -= 1
            if value.tag != TAG_MODULE:
                if value.tag == TAG_EXCEPTION:
                    raise self._take_exception()
                lib.JS_FreeValue(self._ctx, value)
                raise EngineError(f"QuickJS did not return a module for {name}")
            return self._module_from_value(value, name)
        finally:
            self._leave()

    def is_wide(self, pending: PendingModule) -> bool:
        """Whether compiling `pending` again costs less than reading its bytecode: when it
        imports so many modules that QuickJS's linear search of the modules it holds, done
        once more for a read module when it is resolved (`materialize`), costs more than a
        parse (~7 ns a module searched, ~25 ns a byte parsed). Never with the engine built at
        install, which resolves a read module with the imports its read found
        (`resolve_module`)."""
        source = pending.source
        requests = pending.requests
        return (
            _resolve_read_module is None
            and source is not None
            and requests is not None
            and len(requests) * self._module_count > 8 * len(source)
        )

    def _module_from_value(self, value: Any, name: str) -> ModuleHandle:
        # The context's module list keeps the module alive; drop the value's extra reference.
        ptr = ffi.cast("JSModuleDef *", value.u)
        lib.JS_FreeValue(self._ctx, value)
        self._module_count += 1
        return ModuleHandle(ptr, name)

    def module_info(self, module: ModuleHandle) -> bytes | None:
        """What QuickJS found when it compiled `module` (requests, imports, exports: read
        by analyze/bytecode.py `module_from_info`), while it is compiled and not evaluated.
        None with the wheel's engine, which has no such function, and for a module not in the
        engine's context or not in that state: then its bytecode tells the same, slower."""
        if _module_info is None or module.ptr is None or self.closed:
            return None
        size = ffi.new("size_t *")
        buf = _module_info(self._ctx, module.ptr, size)
        if buf == _NULL:
            return None
        try:
            return ffi.unpack(buf, size[0])
        finally:
            lib.js_free(self._ctx, buf)

    def module_being_compiled(self, name: str) -> ModuleHandle | None:
        """The module QuickJS is compiling as `name`, while it resolves the module's imports
        (the normalize callback runs for the first of them): complete but for its imports,
        it can be serialized and analysed then, before its dependencies load. None when it
        cannot be told (the wheel's engine) or `name` is not that module."""
        if _newest_module is None or self.closed:
            return None
        ptr = _newest_module(self._ctx, name.encode("utf-8", "surrogateescape"))
        return None if ptr == _NULL else ModuleHandle(ptr, name)

    def dump_compiled(
        self, module: ModuleHandle, *, strip_debug: bool = False
    ) -> tuple[bytes | memoryview, bytes | None]:
        """`dump_module` and `module_info` of a module just compiled, in one call into the
        engine where it has one (a cold run does this for every module). The bytecode may be
        a read-only view of memory the engine wrote, freed when the view is: a big module's
        megabytes are not copied (each copy's fresh pages cost as much as the copying)."""
        if _dump_module is None or module.ptr is None:
            return self.dump_module(module, strip_debug=strip_debug), self.module_info(module)
        flags = _write_flags(strip_debug)
        sizes = self._dump_sizes
        self._enter()
        try:
            buf = _dump_module(
                self._ctx, module.ptr, flags, sizes, self._atom_table, self._atom_table_size
            )
            if buf == _NULL:
                raise self._take_exception()
            code_size, info_size = sizes
            owned = ffi.gc(buf, _free_dump, size=code_size + info_size)
            info = ffi.unpack(owned + code_size, info_size) if info_size else None
            if code_size < _VIEW_FROM:
                try:
                    return ffi.unpack(owned, code_size), info
                finally:
                    ffi.release(owned)
            return memoryview(ffi.buffer(owned, code_size)).toreadonly(), info
        finally:
            self._leave()

    def dump_module(self, module: ModuleHandle, *, strip_debug: bool = False) -> bytes:
        flags = _write_flags(strip_debug)
        self._enter()
        try:
            if module.ptr is None:
                assert isinstance(module, PendingModule) and module.bytecode is not None
                if not strip_debug:
                    return bytes(module.bytecode)
                return self._restrip(module.bytecode, flags)
            value = _value(TAG_MODULE, int(ffi.cast("uintptr_t", module.ptr)))
            return self._write(value, flags)
        finally:
            self._leave()

    def _restrip(self, data: bytes | memoryview, flags: int) -> bytes:
        """A pending module's bytecode written again with `flags` (read in the side runtime,
        where its imports resolve to the stub)."""
        ctx = self._scratch_context()
        if ctx is None:
            raise MemoryError("QuickJS could not create a runtime")
        value = lib.JS_ReadObject(ctx, c_buffer(data), len(data), READ_OBJ_BYTECODE)
        if value.tag == TAG_EXCEPTION:
            lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))
            raise EngineError("QuickJS could not read a module's bytecode back")
        try:
            written = self._scratch_write(ctx, value, flags)
        finally:
            lib.JS_FreeValue(ctx, value)
            self._scratch_count += 1
        if written is None:
            raise EngineError("QuickJS could not write a module's bytecode")
        return written

    def load_module_bytecode(self, data: bytes | memoryview, name: str) -> ModuleHandle:
        """Instantiate a module from `dump_module` output. Only for verified data: QuickJS
        does not check bytecode, so damaged input can corrupt memory. While modules are
        deferred, a `PendingModule` that `materialize` reads later."""
        if self._deferring:
            return PendingModule(name, data, None)
        return self._read_module(data, name)

    def _read_module(self, data: bytes | memoryview, name: str) -> ModuleHandle:
        self._enter()
        self._reading += 1
        try:
            value = lib.JS_ReadObject(self._ctx, c_buffer(data), len(data), READ_OBJ_BYTECODE)
            if value.tag != TAG_MODULE:
                if value.tag == TAG_EXCEPTION:
                    raise self._take_exception()
                lib.JS_FreeValue(self._ctx, value)
                raise EngineError(f"cached bytecode for {name} is not a module")
            return self._module_from_value(value, name)
        finally:
            self._reading -= 1
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
        self._module_count += 1
        return ModuleHandle(ptr, name)

    def set_import_meta(self, module: ModuleHandle, fields: Mapping[str, Any]) -> None:
        self.materialize(module)
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
        self.materialize(module)
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
        """Load the dependencies of a module read from bytecode (a no-op once resolved). The
        engine built at install takes the imports that reading the module found rather than
        searching its modules for each again (module_info.c `esmload_resolve_module`)."""
        self.materialize(module)
        self._enter()
        try:
            if _resolve_read_module is not None:
                failed = _resolve_read_module(self._ctx, module.ptr) < 0
            else:
                value = _value(TAG_MODULE, int(ffi.cast("uintptr_t", module.ptr)))
                failed = lib.JS_ResolveModule(self._ctx, value) < 0
            if failed:
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
        self.materialize(module)
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
