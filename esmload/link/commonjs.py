"""The loader's CommonJS side (Node's lib/internal/modules/cjs/loader.js does this in JS; here
the JS half is host/js/internal/modules/cjs/loader.js and this is the Python half).

- For `require()`: Node's CommonJS resolution (resolve/require.py) and each module's wrapper
  function (fetch/commonjs.py: from the code cache, or compiled and scanned), JSON text, or
  an ES module's namespace (`require(esm)`, for graphs without top-level await).
- For `import`: the facade an ES module links against. Its default export is
  `module.exports`; its named exports are the names Node's cjs-module-lexer finds in the
  source, following re-exports (`module.exports = require('./x')`), read from the module's
  record on a warm run. The module runs when the facade is evaluated, in the graph's order.
- Format detection as Node does it: `.cjs` is CommonJS, `.mjs` an ES module, `.js` follows the
  nearest package.json `type`; without one, a file that does not compile as CommonJS but does
  as an ES module is one (Node's syntax detection).
"""

from __future__ import annotations

import os
from functools import partial

from esmload.errors import EsmloadError, ModuleError
from esmload.fetch.commonjs import CommonJSUnit, ModuleInstead, fetch_commonjs
from esmload.fetch.fetcher import CacheState, FetchedModule

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

    from esmload.engine.core import JSRef
    from esmload.link.loader import Loader

_JS_LOADER = "internal/modules/cjs/loader"
# Not JavaScript: require() finds them, but they cannot run here.
_ADDON = ".node"


class CommonJS:
    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self.engine = loader.engine
        self._units: dict[str, CommonJSUnit] = {}  # fetched for an importer, not yet run
        self._names: dict[str, frozenset[str]] = {}
        self._js: JSRef | None = None
        self._import_module: JSRef | None = None
        self._esm_facades: dict[str, JSRef] = {}

    # ------------------------------------------------------------------ import (ESM → CJS)

    def translate(self, path: str, source: bytes, detect: bool) -> FetchedModule | ModuleInstead:
        """The facade of CommonJS module `path`, or ModuleInstead when syntax detection finds
        an ES module."""
        unit = self._fetch(path, source, detect)
        if isinstance(unit, ModuleInstead):
            return unit
        self._units[path] = unit
        names = sorted(self.export_names(path, unit))
        handle = self.engine.commonjs_facade(path, names, partial(self._run_for_import, path))
        return FetchedModule(handle, None, CacheState.NOT_CACHED, format="commonjs")

    def export_names(
        self, path: str, unit: CommonJSUnit, seen: set[str] | None = None
    ) -> frozenset[str]:
        """What an importer may import by name: the detected exports, and those of the
        modules it re-exports (Node's cjsPreparseModuleExports), without `default`."""
        known = self._names.get(path)
        if known is not None:
            return known
        seen = set() if seen is None else seen
        seen.add(path)
        names: set[str] = set()
        metadata = unit.metadata
        if metadata is not None:
            names.update(metadata.exports)
            for specifier in metadata.reexports:
                try:
                    target = self.loader.resolver.resolve_require(specifier, path)
                except EsmloadError:
                    continue  # Node ignores what it cannot resolve
                if target in seen or not os.path.isabs(target) or target.endswith(_ADDON):
                    continue
                kind = self.loader.resolver.module_format(target)
                if kind in ("json", "module"):
                    continue
                target_unit = self._units.get(target)
                if target_unit is None:
                    try:
                        fetched = self._fetch(target, self._read(target), kind == "detect")
                    except EsmloadError:
                        continue
                    if isinstance(fetched, ModuleInstead):
                        continue
                    target_unit = self._units[target] = fetched
                names.update(self.export_names(target, target_unit, seen))
        names.discard("default")
        result = frozenset(names)
        self._names[path] = result
        return result

    def facade_names(self, path: str) -> frozenset[str] | None:
        """The named exports the facade of `path` declared (None: it has none yet)."""
        return self._names.get(path)

    def _run_for_import(self, path: str) -> JSRef:
        """Run the module (unless require() already did) and return its `module.exports`;
        called when the facade is evaluated."""
        unit = self._units.pop(path, None)
        run = self._loader_function("importModule")
        is_main = path == self.loader.main
        if unit is None:  # require() ran it first: importModule has its exports
            return self.engine.call_ref(run, path, None, is_main)
        wrapper = self.engine.eval_script_bytecode(unit.bytecode)
        try:
            return self.engine.call_ref(run, path, wrapper, is_main)
        finally:
            wrapper.release()

    def preload(self, request: str) -> None:
        """`--require MODULE`: require() it from the current directory."""
        self.engine.call(self._loader_function("preload"), request)

    # ------------------------------------------------------------------ require (host natives)

    def resolve(self, request: str, parent: str | None) -> str:
        return self.loader.resolver.resolve_require(str(request), parent)

    def load(self, filename: str) -> list[Any]:
        """host.cjsLoad: what require() runs for the file `filename`."""
        path = str(filename)
        if path.endswith(_ADDON):
            raise ModuleError(
                f"Cannot load native addon {path}: esmload runs JavaScript only",
                "ERR_DLOPEN_FAILED",
            )
        kind = self.loader.resolver.module_format(path)
        if kind == "module":
            return ["module", self.require_module(path)]
        source = self._read(path)
        if kind == "json":
            return ["json", source.decode("utf-8", "replace")]
        unit = self._units.pop(path, None) or self._fetch(path, source, kind == "detect")
        if isinstance(unit, ModuleInstead):
            return ["module", self.require_module(path)]
        return ["commonjs", self.engine.eval_script_bytecode(unit.bytecode)]

    def compile(self, source: str, filename: str) -> JSRef:
        """host.cjsCompile: Module.prototype._compile's source text (not cached)."""
        from esmload.fetch.commonjs import FIRST_LINE, wrap

        code = wrap(str(source).encode("utf-8", "surrogatepass"))
        return self.engine.eval_script(code, str(filename), first_line=FIRST_LINE)  # type: ignore[no-any-return]

    def require_module(self, path: str) -> JSRef:
        """require(esm): the namespace of an ES module evaluated now, synchronously."""
        loader = self.loader
        before = path in loader.modules
        handle = loader.load(path, {})
        engine = self.engine
        engine.resolve_module(handle)
        promise = engine.evaluate_module(handle)
        try:
            engine.mark_handled(promise)
            # Without top-level await the graph has run by now, and the promise is settled.
            state, _ = engine.promise_state_ref(promise)
            from esmload.engine.lib import PROMISE_FULFILLED, PROMISE_PENDING

            if state == PROMISE_PENDING:
                if before:
                    raise ModuleError(
                        f"Cannot require() ES Module {path} in a cycle.",
                        "ERR_REQUIRE_CYCLE_MODULE",
                    )
                raise ModuleError(
                    f"require() cannot be used on an ESM graph with top-level await. Use import() "
                    f"instead. To see where the top-level await comes from, use "
                    f"--experimental-print-required-tla.\n  From {path} ",
                    "ERR_REQUIRE_ASYNC_MODULE",
                )
            if state != PROMISE_FULFILLED:
                raise engine.promise_error(promise)
        finally:
            promise.release()
        return engine.module_namespace(handle)

    def esm_facade(self, path: str) -> JSRef:
        """What require() gives for an ES module with a default export, as Node 20.19+ does:
        the namespace of a module re-exporting it all plus `__esModule = true`, one per
        module (made after require_module has evaluated it)."""
        found = self._esm_facades.get(path)
        if found is not None:
            return found
        import json

        target = json.dumps(path)
        source = (
            f"export * from {target};\nexport {{ default }} from {target};\n"
            "export const __esModule = true;\n"
        )
        # Not a file name: the facade is no import's referrer and no bundle's module.
        handle = self.engine.compile_module(f"esmload:require:{path}", source.encode())
        promise = self.engine.evaluate_module(handle)
        try:
            self.engine.mark_handled(promise)
        finally:
            promise.release()
        namespace = self._esm_facades[path] = self.engine.module_namespace(handle)
        return namespace

    # ------------------------------------------------------------------ shared

    def _fetch(self, path: str, source: bytes, detect: bool) -> CommonJSUnit | ModuleInstead:
        return fetch_commonjs(self.loader.fetcher, path, source, detect=detect)

    def _read(self, path: str) -> bytes:
        sandbox = self.loader._sandbox
        if sandbox is not None:
            sandbox.check_module(path)
        return self.loader.fetcher.read_source(path)

    def _loader_function(self, name: str) -> JSRef:
        if self._js is None:
            builtins = self.loader._builtins
            if builtins is None:
                raise EsmloadError("this loader has no host to run CommonJS modules in")
            self._js = builtins(_JS_LOADER)
        if name == "importModule":
            if self._import_module is None:
                self._import_module = self.engine.get(self._js, name, convert=False)
            return self._import_module
        return self.engine.get(self._js, name, convert=False)  # type: ignore[no-any-return]

    def close(self) -> None:
        for ref in (self._import_module, self._js):
            if ref is not None:
                ref.release()
        self._js = self._import_module = None
        self._units.clear()
        for namespace in self._esm_facades.values():
            namespace.release()
        self._esm_facades.clear()
