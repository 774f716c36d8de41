"""The module map and the engine's two loader callbacks (resolve a specifier, load a module).

One instance per module per runtime, keyed by resolved path. QuickJS calls `resolve` for every
import edge (static and dynamic) and `load` the first time it meets a name; this class answers
through the user's loader hooks (loader_hooks.py) down to the resolver and the fetcher, turns
what a load step returns into an engine module by its format (translators.py), and supplies
what bytecode does not keep (import attributes) from the analyzer's metadata.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial

from esmload.cache.record import HINT_IMPORT_META
from esmload.engine.core import Engine, ModuleHandle
from esmload.errors import EsmloadError, ImportAttributeError
from esmload.fetch.fetcher import CacheState, FetchedModule, ModuleFetcher, read_source
from esmload.link.loader_hooks import (
    LoadContext,
    LoadResult,
    ResolveContext,
    attribute_types,
    chain_load,
    chain_resolve,
)
from esmload.phases import PHASES
from esmload.resolve import ResolveError, Resolver, path_to_url

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any, Literal

    from esmload.analyze.record import ModuleRecord
    from esmload.engine.core import JSRef
    from esmload.host.permissions import Permissions
    from esmload.link.commonjs import CommonJS
    from esmload.link.fast_start import FastStart
    from esmload.link.translators import Translators


#: Import `type`s whose module is the file's content, not code (the import-text and
#: import-bytes proposals). Such a module gets a name of its own, `text:/a/b.txt`, because the
#: same file may also be imported as JavaScript or JSON (Node keys its module map by URL and
#: type); these names never reach the code cache, and never import anything.
RAW_TYPES = ("text", "bytes")
RAW_PREFIXES = ("text:", "bytes:")


class LoadedModule:
    __slots__ = ("path", "handle", "_record", "format", "state", "_payload")

    def __init__(
        self,
        path: str,
        handle: ModuleHandle,
        record: ModuleRecord | None,
        format: str,
        state: CacheState,
        payload: tuple[bytes, int] | None = None,
    ) -> None:
        self.path = path
        self.handle = handle
        self._record = record
        self.format = format  # the translator's key: "module", "json", "host"
        self.state = state
        self._payload = payload  # (metadata, hints) still to decode into `record`

    @property
    def record(self) -> ModuleRecord | None:
        """The analyzer's metadata (decoded on first use for prelinked modules)."""
        if self._payload is not None:
            from esmload.analyze.record import ModuleRecord

            metadata, hints = self._payload
            self._payload = None
            self._record = ModuleRecord.from_payload(metadata, hints)
        return self._record


class Loader:
    def __init__(
        self,
        engine: Engine,
        fetcher: ModuleFetcher,
        resolver: Resolver | None = None,
        *,
        main: str | None = None,
        hooks: Sequence[Any] = (),
        fast_start: FastStart | None = None,
        on_module: Callable[[LoadedModule], None] | None = None,
        builtins: Callable[[str], JSRef] | None = None,
        permissions: Permissions | None = None,
    ) -> None:
        """`hooks`: the user's loader hooks; `fast_start`: the program's graph bundle
        (link/fast_start.py), used for the main entry when there are no hooks; `on_module`
        sees each module as it is registered; `builtins(name)`, built-in module `name`'s
        exports (host/globals.py); `permissions`, whose module roots limit what files a
        sandboxed program loads."""
        self.engine = engine
        self.fetcher = fetcher
        self.resolver = resolver or Resolver()
        self.main = main
        self.modules: dict[str, LoadedModule] = {}
        self.host_modules: dict[str, dict[str, object]] = {}
        # Records of cached modules being instantiated (not yet in `modules`).
        self._pending: dict[str, ModuleRecord] = {}
        self.hooks = list(hooks)
        self.fast_start = None if self.hooks else fast_start
        self.on_module = on_module
        self._builtins = builtins
        self._sandbox = permissions if permissions is not None and permissions.enabled else None
        self._translators: Translators | None = None
        self._commonjs: CommonJS | None = None
        self.linking: str | None = None  # the module whose graph is being linked, if known
        hook_types = attribute_types(self.hooks)
        self._attribute_types = {"json", *RAW_TYPES} | hook_types
        # A hook that declares "text" or "bytes" serves them itself (hooks come first).
        self._raw_types = {kind for kind in RAW_TYPES if kind not in hook_types}
        self._request_turns: dict[tuple[str, str, bool], int] = {}
        self._resolve_step = chain_resolve(self.hooks, self._default_resolve)
        self._load_step = chain_load(self.hooks, self._default_load)
        engine.resolve_callback = self.resolve
        engine.load_callback = self.load

    # --------------------------------------------------------------------- resolve

    def resolve(self, base: str, specifier: str, attributes: dict[str, str]) -> str:
        """QuickJS normalize callback: importer name + specifier → module name (a real path)."""
        if PHASES.enabled:
            PHASES.enter("resolve")
            try:
                return self._resolve(base, specifier, attributes)
            finally:
                PHASES.leave()
        return self._resolve(base, specifier, attributes)

    def _resolve(self, base: str, specifier: str, attributes: dict[str, str]) -> str:
        if specifier in self.host_modules:
            return specifier
        referrer = base if os.path.isabs(base) else None
        if not attributes and referrer is not None:
            # Bytecode drops import attributes: the importer's metadata still has them.
            importer = self.modules.get(referrer)
            record = importer.record if importer is not None else self._pending.get(referrer)
            if record is not None:
                attributes = record.attributes_for(specifier)
                if attributes:
                    attributes = self._static_attributes(
                        referrer, specifier, record, attributes, importer is None
                    )
        if not self.hooks:  # the common case, without allocating a context
            path = self._resolve_file(specifier, referrer, attributes)
            if self.fast_start is not None and referrer is not None:
                self.fast_start.record_edge(referrer, specifier, path, attributes)
            return path
        return self._resolve_step(specifier, ResolveContext(referrer, attributes))

    def resolve_file(self, specifier: str, importer: str, attributes: dict[str, str]) -> str:
        """Resolve an edge without loader hooks or recording (the fast start re-checks the
        edges of an earlier run with it)."""
        if specifier in self.host_modules:
            return specifier
        return self._resolve_file(specifier, importer, attributes)

    def is_host_module(self, name: str) -> bool:
        """Served without a file: registered from Python, or built in (`node:…`)."""
        return name in self.host_modules or name.startswith("node:")

    def _default_resolve(self, specifier: str, context: ResolveContext) -> str:
        return self._resolve_file(specifier, context.referrer, context.attributes)

    def _resolve_file(
        self, specifier: str, referrer: str | None, attributes: dict[str, str]
    ) -> str:
        try:
            path = self.resolver.resolve(specifier, referrer)
        except ResolveError as exc:
            exc.position = self._import_position(referrer, specifier)
            raise
        return self._check_attributes(path, attributes, referrer)

    def _check_attributes(
        self, path: str, attributes: dict[str, str], referrer: str | None
    ) -> str:
        """Check an import's attributes against the file it resolved to; returns the module's
        name: `path`, or for a text or bytes import `text:path` / `bytes:path`."""
        if not attributes and not path.endswith(".json"):
            return path  # the common case: a JavaScript module imported without attributes
        where = f" imported from {referrer}" if referrer else ""
        module_type = attributes.get("type")
        for key, value in attributes.items():
            if key != "type" or value not in self._attribute_types:
                raise ImportAttributeError(
                    f'Import attribute "{key}" with value "{value}" is not supported{where}',
                    "ERR_IMPORT_ATTRIBUTE_UNSUPPORTED",
                )
        if module_type in self._raw_types:
            # import-bytes: "The file extension will be ignored." (any file: a `.json` file
            # imported with type "text" is its text)
            return f"{module_type}:{path}"
        is_json_file = path.endswith(".json")
        if is_json_file and module_type is None:  # (another type is a hook's to serve)
            raise ImportAttributeError(
                f'Module "{path_to_url(path)}" needs an import attribute of "type: json"{where}',
                "ERR_IMPORT_ATTRIBUTE_MISSING",
            )
        if module_type == "json" and not is_json_file:
            raise ImportAttributeError(
                f'Module "{path_to_url(path)}" is not of type "json"{where}',
                "ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE",
            )
        return path

    def _static_attributes(
        self,
        referrer: str,
        specifier: str,
        record: ModuleRecord,
        first: dict[str, str],
        reading: bool,
    ) -> dict[str, str]:
        """The attributes of `referrer`'s static import of `specifier`, for a module read
        from bytecode (which keeps none): `first`, its metadata's, unless the module imports
        that specifier under several types (`./a.json` as JSON and as text). QuickJS holds one
        request per type then, in the order the analyzer found them, and resolves them all
        once while it reads the bytecode (`reading`) and once when it links the module: each
        call takes the next. After that, a call is an `import()` without attributes."""
        variants = [r.attributes for r in record.requested if r.specifier == specifier]
        if len(variants) < 2:
            return first
        key = (referrer, specifier, reading)
        turn = self._request_turns.get(key, 0)
        self._request_turns[key] = turn + 1
        if reading:
            return variants[turn % len(variants)]
        return variants[turn] if turn < len(variants) else {}

    def _import_position(self, referrer: str | None, specifier: str) -> tuple[str, int, int] | None:
        """Where `referrer` imports `specifier` (error path only: scans the source text)."""
        if referrer is None:
            return None
        importer = self.modules.get(referrer)
        # While QuickJS reads or compiles the importer, it is not registered yet: a cached
        # module's record is pending then (an uncached one has none until it is analyzed).
        record = importer.record if importer is not None else self._pending.get(referrer)
        if record is not None:
            try:
                for request in record.requested:
                    if request.specifier == specifier:
                        return referrer, request.line, request.column + 1
            except ValueError:
                pass  # unreadable metadata: fall back to scanning the source
        try:
            text = read_source(referrer).decode("utf-8", "replace")
        except EsmloadError:
            return None
        import re

        # The specifier as an import's (`from '…'`, `import '…'`, `import('…')`), else anywhere
        # (a string of the same text may come first: prettier lists "v8" before importing it).
        quoted = r"(?P<s>(['\"])" + re.escape(specifier) + r"\2)"
        found = re.search(r"(?<![\w$.])(?:from|import)\s*\(?\s*" + quoted, text) or re.search(
            quoted, text
        )
        if found is None:
            return None
        index = found.start("s")
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return referrer, line, column

    # --------------------------------------------------------------------- load

    def load(self, path: str, attributes: dict[str, str]) -> ModuleHandle:
        """QuickJS load callback: module name → module (through the translator of its
        format, or from the program's graph bundle)."""
        loaded = self.modules.get(path)
        if loaded is not None:
            return loaded.handle
        fast_start = self.fast_start
        fetched: FetchedModule | None = None
        if fast_start is not None and fast_start.bundled(path):
            try:
                fetched = fast_start.fetch(path, partial(self._pending.__setitem__, path))
            finally:
                self._pending.pop(path, None)
        if fetched is not None:
            module_format = "module"
        else:
            if path in self.host_modules:
                result = LoadResult("host", exports=self.host_modules[path])
            else:
                check = self._sandbox.check_module if self._sandbox is not None else None
                result = self._load_step(path, LoadContext(attributes, check))
            fetched = self.translators.translate(path, result)
            module_format = fetched.format or result.format
            if fast_start is not None:
                fast_start.saw(path, fetched)
        loaded = LoadedModule(path, fetched.handle, fetched.record, module_format, fetched.state)
        wants_meta = module_format == "module" and (
            fetched.record is None or fetched.record.uses_import_meta
        )
        return self._register(loaded, wants_meta).handle

    @property
    def translators(self) -> Translators:
        """The translator table (made on first use: a prelinked start needs none)."""
        if self._translators is None:
            from esmload.link.translators import Translators

            self._translators = Translators(
                self.engine,
                self.fetcher,
                self._pending,
                self._builtins,
                lambda: self.commonjs,  # made when a CommonJS module is first met
            )
        return self._translators

    @property
    def commonjs(self) -> CommonJS:
        """require() and CommonJS modules (link/commonjs.py; made on first use)."""
        if self._commonjs is None:
            from esmload.link.commonjs import CommonJS

            self._commonjs = CommonJS(self)
        return self._commonjs

    def register_bundled(
        self, path: str, handle: ModuleHandle, metadata: bytes, hints: int
    ) -> LoadedModule:
        """A module of the program's graph bundle, read for a prelinked start (no import is
        resolved in Python meanwhile, so its metadata waits until something asks for it)."""
        loaded = LoadedModule(path, handle, None, "module", CacheState.HIT, (metadata, hints))
        return self._register(loaded, bool(hints & HINT_IMPORT_META))

    def use_builtin_naming(
        self, load: Callable[[str, dict[str, str]], ModuleHandle] | None
    ) -> None:
        """While the fast start links a prelinked graph (`load` given): QuickJS names imports
        by its own rule and `load` answers the load callback; with None, back to this loader."""
        self.engine.use_builtin_normalizer(load is not None)
        self.engine.load_callback = self.load if load is None else load

    def _register(self, loaded: LoadedModule, wants_meta: bool) -> LoadedModule:
        # Register before QuickJS resolves the module's own imports (they need its metadata).
        self.modules[loaded.path] = loaded
        if wants_meta:
            self._set_import_meta(loaded)
        if self.on_module is not None:
            self.on_module(loaded)
        return loaded

    def _default_load(self, path: str, context: LoadContext) -> LoadResult:
        if path.startswith("node:"):
            return LoadResult("builtin")
        if path.startswith(RAW_PREFIXES):
            return self._load_raw(path)
        if self._sandbox is not None:
            self._sandbox.check_module(path)
        if PHASES.enabled:
            PHASES.enter("read+hash")
            try:
                source = self.fetcher.read_source(path)
            finally:
                PHASES.leave()
        else:
            source = self.fetcher.read_source(path)
        return LoadResult(self._format(path), source)

    def _format(self, path: str) -> Literal["module", "commonjs", "json"]:
        """Node's format by extension and package `type` (a file whose syntax decides is
        "commonjs" here; its translator runs Node's syntax detection)."""
        kind = self.resolver.module_format(path)
        if kind == "module" or kind == "json":
            return kind
        return "commonjs"

    def close(self) -> None:
        """Release the engine references this loader holds."""
        if self._commonjs is not None:
            self._commonjs.close()

    def _load_raw(self, name: str) -> LoadResult:
        """A text or bytes module (`text:/a/b.txt`): the file's bytes, read like any module
        file (a sandboxed program reads only inside its module roots and grants)."""
        module_type, _, path = name.partition(":")
        if self._sandbox is not None:
            self._sandbox.check_module(path)
        kind: Literal["text", "bytes"] = "text" if module_type == "text" else "bytes"
        return LoadResult(kind, read_source(path))

    def register_host_module(self, name: str, exports: dict[str, object]) -> None:
        """Serve `name` from Python values instead of a file."""
        if name in self.modules:
            raise ValueError(f"module {name!r} is already loaded")
        self.host_modules[name] = exports

    def _set_import_meta(self, module: LoadedModule) -> None:
        if not os.path.isabs(module.path):
            return  # modules from hooks with their own schemes have no file
        resolve_fn = self.engine.new_function(partial(self._meta_resolve, module.path), "resolve")
        try:
            self.engine.set_import_meta(
                module.handle,
                {
                    "url": path_to_url(module.path),
                    "filename": module.path,
                    "dirname": os.path.dirname(module.path),
                    "main": module.path == self.main,
                    "resolve": resolve_fn,
                },
            )
        finally:
            resolve_fn.release()

    def _meta_resolve(self, base: str, specifier: str, *_: object) -> str:
        return path_to_url(self.resolver.resolve(str(specifier), base))

    def load_entry(
        self, specifier: str, referrer: str | None = None, *, main: bool = False
    ) -> LoadedModule:
        """Resolve and load a module (and, through QuickJS, its whole static graph)."""
        path = self.resolve(referrer or "", specifier, {})
        if main:
            self.main = path
            if self.fast_start is not None and self.fast_start.start(self, path):
                return self.modules[path]
        self.load(path, {})
        module = self.modules[path]
        self.engine.resolve_module(module.handle)
        return module
