"""The module map and the engine's two loader callbacks (resolve a specifier, load a module).

One instance per module per runtime, keyed by resolved path. QuickJS calls `resolve` for every
import edge (static and dynamic) and `load` the first time it meets a name; this class answers
through the user's loader hooks (loader_hooks.py) down to the resolver and the fetcher, turns
what a load step returns into an engine module by its format (translators.py), and supplies
what bytecode does not keep (import attributes) from the analyzer's metadata.

Dependencies first. QuickJS loads a module's imports the moment it compiles or reads the
module, through the load callback, so letting it drive would nest one level of C and Python
frames per level of the graph (an import chain ~100 modules deep overflowed). `load` walks the
static graph itself instead, iteratively: each module is planned (fetched, but only as
bytecode: engine/modules.py's pending modules, whose imports are known), its imports are
planned before it, and it is read into the engine once they are there, so QuickJS finds every
import loaded and calls back only to name it. Only an import cycle still nests: a module read
while one that imports it is planned but not yet read is read on the spot.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from functools import partial

from esmload.cache.record import HINT_IMPORT_META
from esmload.engine.core import Engine, ModuleHandle
from esmload.engine.modules import PendingModule
from esmload.errors import EsmloadError, ImportAttributeError, ModuleError
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

#: Native stack one level of a module graph costs QuickJS when it links and evaluates the
#: graph (js_inner_module_linking, js_inner_module_evaluation and the unchecked
#: js_create_module_function recurse once per level; measured: about 250 bytes, for the
#: quickjs-ng wheel and for the engine built at install, top-level await or not), with a
#: margin.
STACK_PER_LEVEL = 640
#: Stack kept for the code of the deepest module, below the graph's levels (at most).
STACK_FOR_CODE = 256 * 1024
#: The deepest graph esmload loads however big the stack (Node 20 fails near 4,000).
MAX_GRAPH_DEPTH = 50_000
#: How many levels of a graph load the way QuickJS drives them (each module read as soon as
#: an importer asks for it, one level of C and Python frames deeper) before the loader
#: plans the rest, dependencies first.
DIRECT_LEVELS = 8
#: What reading one module inside another costs (an import cycle; see `load`): Python frames
#: (measured: 6) and native stack (measured: about 2.5 KiB), with margins.
NEST_FRAMES = 8
NEST_STACK = 8 * 1024


class ModuleStackOverflow(ModuleError):
    """Node's `RangeError: Maximum call stack size exceeded` while modules load (a loader
    hook that recurses without end, an import chain or cycle too deep for the stack), with
    the import being loaded as its position when it is known."""

    def __init__(self) -> None:
        super().__init__("Maximum call stack size exceeded", None)

    @property
    def js_name(self) -> str:
        return "RangeError"


class GraphTooDeep(ModuleStackOverflow):
    """An import chain or cycle deeper than the engine's stack can load or link, at the import
    that goes one level too deep."""

    def __init__(self, depth: int) -> None:
        super().__init__()
        self.depth = depth


def max_graph_depth(stack_limit: int) -> int:
    """How deep a module graph may be for an engine allowed `stack_limit` bytes of stack."""
    for_levels = stack_limit - min(STACK_FOR_CODE, stack_limit // 4)
    return max(16, min(MAX_GRAPH_DEPTH, for_levels // STACK_PER_LEVEL))


class _Request:
    __slots__ = ("specifier", "attributes")

    def __init__(self, specifier: str, attributes: dict[str, str]) -> None:
        self.specifier = specifier
        self.attributes = attributes


class CompiledRequests:
    """A module compiled this run: its imports as the engine found them (specifier and import
    attributes, in the engine's order), standing in for the analyzer's record until there is
    one. Its bytecode keeps no attributes, so they come from here when QuickJS reads it and
    when it links it, the way they come from a cached module's record."""

    __slots__ = ("requested", "_first")

    def __init__(self, requests: list[tuple[str, dict[str, str]]]) -> None:
        self.requested = tuple(_Request(specifier, attrs) for specifier, attrs in requests)
        first: dict[str, dict[str, str]] = {}
        for specifier, attrs in requests:
            if specifier not in first and attrs:
                first[specifier] = attrs
        self._first = first

    def attributes_for(self, specifier: str) -> dict[str, str]:
        found = self._first.get(specifier)
        return dict(found) if found else {}


class _Planned:
    """A module of the graph being loaded: fetched (its handle still pending), what it imports
    (`requests`, walked from `index` on), and how deep in the graph it is."""

    __slots__ = ("path", "fetched", "format", "info", "requests", "index", "depth")

    def __init__(
        self,
        path: str,
        fetched: FetchedModule,
        format: str,
        info: ModuleRecord | CompiledRequests | None,
        requests: list[tuple[str, dict[str, str]]],
        depth: int,
    ) -> None:
        self.path = path
        self.fetched = fetched
        self.format = format
        self.info = info  # where its import attributes come from while it is read
        self.requests = requests
        self.index = 0
        self.depth = depth


class LoadedModule:
    __slots__ = ("path", "handle", "_record", "format", "state", "_payload", "requests")

    def __init__(
        self,
        path: str,
        handle: ModuleHandle,
        record: ModuleRecord | None,
        format: str,
        state: CacheState,
        payload: tuple[bytes, int] | None = None,
        requests: CompiledRequests | None = None,
    ) -> None:
        self.path = path
        self.handle = handle
        self._record = record
        self.format = format  # the translator's key: "module", "json", "host"
        self.state = state
        self._payload = payload  # (metadata, hints) still to decode into `record`
        # A module compiled this run has no record yet: its imports' attributes are here.
        self.requests = requests

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
        self._pending: dict[str, ModuleRecord | CompiledRequests] = {}
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
        self._attribute_variants: dict[str, dict[str, list[dict[str, str]]]] = {}
        # The graph being loaded (see the module docstring): modules planned but not yet
        # read, how deep the module being read is, and each edge's resolution, kept while a
        # walk runs so that QuickJS's calls (reading, then linking) do not resolve it again.
        self._planned: dict[str, _Planned] = {}
        self._depth_base = 0
        self._memo: dict[tuple[Any, ...], str] | None = None
        self._finishing: list[_Planned] = []  # the modules being read, innermost last
        self._nesting = 0
        self._nesting_limit = 0
        #: The deepest level the program's static graph reached (for the graph bundle).
        self.graph_depth = 0
        self._resolve_step = chain_resolve(self.hooks, self._default_resolve)
        self._load_step = chain_load(self.hooks, self._default_load)
        engine.resolve_callback = self.resolve
        engine.load_callback = self.load

    # --------------------------------------------------------------------- resolve

    def resolve(self, base: str, specifier: str, attributes: dict[str, str]) -> str:
        """QuickJS normalize callback: importer name + specifier → module name (a real path)."""
        self.fetcher.imports_start(base)
        try:
            if PHASES.enabled:
                PHASES.enter("resolve")
                try:
                    return self._resolve(base, specifier, attributes)
                finally:
                    PHASES.leave()
            return self._resolve(base, specifier, attributes)
        except RecursionError:
            raise self._overflow(base if os.path.isabs(base) else None, specifier) from None

    def _resolve(self, base: str, specifier: str, attributes: dict[str, str]) -> str:
        if specifier in self.host_modules:
            return specifier
        referrer = base if os.path.isabs(base) else None
        if not attributes and referrer is not None:
            # Bytecode drops import attributes: the importer's metadata still has them.
            importer = self.modules.get(referrer)
            record = self._record_for(referrer, importer)
            if record is not None:
                attributes = record.attributes_for(specifier)
                if attributes:
                    attributes = self._static_attributes(
                        referrer, specifier, record, attributes, importer is None
                    )
        return self._resolve_attributed(specifier, referrer, attributes)

    def _record_for(
        self, referrer: str, importer: LoadedModule | None
    ) -> ModuleRecord | CompiledRequests | None:
        """What tells `referrer`'s imports apart (their attributes): its record, or the
        engine's list of them for a module compiled this run."""
        if importer is None:
            return self._pending.get(referrer)
        record = importer.record
        return record if record is not None else importer.requests

    def _resolve_attributed(
        self, specifier: str, referrer: str | None, attributes: dict[str, str]
    ) -> str:
        memo = self._memo
        if memo is not None:
            key = (specifier, referrer, *attributes.items())
            found = memo.get(key)
            if found is not None:
                return found
        if not self.hooks:  # the common case, without allocating a context
            path = self._resolve_file(specifier, referrer, attributes)
            if self.fast_start is not None and referrer is not None:
                self.fast_start.record_edge(referrer, specifier, path, attributes)
        else:
            path = self._resolve_step(specifier, ResolveContext(referrer, attributes))
        if memo is not None:
            memo[key] = path
        return path

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
        record: ModuleRecord | CompiledRequests,
        first: dict[str, str],
        reading: bool,
    ) -> dict[str, str]:
        """The attributes of `referrer`'s static import of `specifier`, for a module read
        from bytecode (which keeps none): `first`, its metadata's, unless the module imports
        that specifier under several types (`./a.json` as JSON and as text). QuickJS holds one
        request per type then, in the order the analyzer found them, and resolves them all
        once while it reads the bytecode (`reading`) and once when it links the module: each
        call takes the next. After that, a call is an `import()` without attributes."""
        by_specifier = self._attribute_variants.get(referrer)
        if by_specifier is None:  # once a module, not once an import (a module may have many)
            by_specifier = {}
            for request in record.requested:
                by_specifier.setdefault(request.specifier, []).append(request.attributes)
            self._attribute_variants[referrer] = by_specifier
        variants = by_specifier.get(specifier, ())
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
        if record is not None and not isinstance(record, CompiledRequests):
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
        """QuickJS load callback: module name → module, with its static graph (through the
        translator of each module's format, or from the program's graph bundle)."""
        loaded = self.modules.get(path)
        if loaded is not None:
            return loaded.handle
        if not self.engine.reading_modules:
            return self._load_graph(path, attributes).handle
        # QuickJS is reading a module that imports this one, which is not loaded: the
        # module is planned (an import cycle), or was not known to be imported. Either way
        # it is read now, one level of C and Python frames deeper: count them.
        if self._nesting == 0 and not (self._memo is not None and self._nesting_limit):
            self._nesting_limit = self._nesting_budget()  # once a walk (a frame count)
        if self._nesting >= self._nesting_limit:
            raise self._cycle_too_deep(path)
        self._nesting += 1
        try:
            planned = self._planned.get(path)
            if planned is not None:
                return self._finish(planned).handle
            return self._load_graph(path, attributes).handle
        finally:
            self._nesting -= 1

    def _cycle_too_deep(self, path: str) -> GraphTooDeep:
        """Where an import cycle nests too deep: the import of `path` by the module being
        read."""
        error = GraphTooDeep(self._nesting)
        importer = self._finishing[-1] if self._finishing else None
        if importer is not None and self._memo is not None:
            for specifier, attributes in importer.requests:
                if self._memo.get((specifier, importer.path, *attributes.items())) == path:
                    error.position = self._import_position(importer.path, specifier)
                    break
        return error

    def _load_graph(self, root: str, attributes: dict[str, str]) -> LoadedModule:
        """Load `root` and the part of its static graph not loaded yet, dependencies first,
        without recursion (see the module docstring)."""
        outermost = self._memo is None
        if outermost:
            self._memo = {}
        stack: list[_Planned] = []
        try:
            # The root of a walk near the top goes into the engine at once, and its imports
            # load through the load callback, each as a walk of its own, one level deeper:
            # the first levels of a graph load the way QuickJS drives it, without the cost of
            # planning, and deeper ones are planned. Found in the engine's module list while
            # the root is compiled or read, its imports are not searched for again when it is
            # linked (a module importing 20,000 others would pay the engine's linear search
            # of its modules twice: see _finish, and `Engine.resolve_module`).
            nesting = self._nesting
            direct = not self._finishing and (
                nesting == 0 or nesting < min(DIRECT_LEVELS, self._nesting_limit // 2)
            )
            depth = self._depth_base
            self._depth_base = depth + 1  # what loads while the root is read is one deeper
            try:
                first = self._plan(root, attributes, depth, defer=not direct)
            finally:
                self._depth_base = depth
            if isinstance(first, LoadedModule):
                return first
            stack.append(first)
            limit = max_graph_depth(self.engine.stack_limit)
            modules = self.modules
            planned = self._planned
            while stack:
                node = stack[-1]
                if node.path in modules:  # read meanwhile, as part of a cycle
                    stack.pop()
                    continue
                requests = node.requests
                child: _Planned | LoadedModule | None = None
                while node.index < len(requests):
                    specifier, request_attributes = requests[node.index]
                    node.index += 1
                    try:
                        if specifier in self.host_modules:
                            path = specifier
                        else:
                            path = self._resolve_attributed(
                                specifier, node.path, request_attributes
                            )
                        if path in modules or path in planned:
                            continue
                        depth = node.depth + 1
                        if depth > limit:
                            raise self._too_deep(node.path, specifier, depth)
                        child = self._plan(path, request_attributes, depth)
                    except RecursionError:  # in a loader hook
                        raise self._overflow(node.path, specifier) from None
                    if isinstance(child, _Planned):
                        break
                if isinstance(child, _Planned):
                    stack.append(child)
                else:
                    stack.pop()
                    self._finish(node)
            return modules[root]
        except BaseException:
            for node in stack:
                self._planned.pop(node.path, None)
            raise
        finally:
            if outermost:
                self._memo = None
                self._nesting_limit = 0
                self.engine.release_scratch()

    def _nesting_budget(self) -> int:
        """How many modules may be read one inside the other (import cycles) from here: each
        level costs Python frames (NEST_FRAMES) and native stack (NEST_STACK)."""
        frame = sys._getframe()
        depth = 0
        while frame is not None:
            depth += 1
            frame = frame.f_back  # type: ignore[assignment]
        python = (sys.getrecursionlimit() - depth - 100) // NEST_FRAMES
        return max(4, min(python, self.engine.stack_limit // NEST_STACK))

    def _overflow(self, importer: str | None, specifier: str) -> ModuleStackOverflow:
        error = ModuleStackOverflow()
        error.position = self._import_position(importer, specifier)
        return error

    def _too_deep(self, importer: str, specifier: str, depth: int) -> GraphTooDeep:
        error = GraphTooDeep(depth)
        error.position = self._import_position(importer, specifier)
        return error

    def _plan(
        self, path: str, attributes: dict[str, str], depth: int, *, defer: bool = True
    ) -> _Planned | LoadedModule:
        """Fetch module `path` without reading it into the engine yet: a plan with its
        imports, or, for a module that imports nothing (JSON, CommonJS facades, built-ins,
        ...) or when not `defer`red, the module, loaded."""
        fast_start = self.fast_start
        engine = self.engine
        fetched: FetchedModule | None = None
        if fast_start is not None and fast_start.bundled(path):
            previous = engine.defer_modules(defer)
            try:
                # (read at once when not deferred: its imports' attributes come from here)
                fetched = fast_start.fetch(path, partial(self._pending.__setitem__, path))
            finally:
                engine.defer_modules(previous)
                self._pending.pop(path, None)
        if fetched is not None:
            module_format = "module"
        else:
            if path in self.host_modules:
                result = LoadResult("host", exports=self.host_modules[path])
            else:
                check = self._sandbox.check_module if self._sandbox is not None else None
                result = self._load_step(path, LoadContext(attributes, check))
            previous = engine.defer_modules(defer)
            try:
                fetched = self.translators.translate(path, result)
            finally:
                engine.defer_modules(previous)
            module_format = fetched.format or result.format
        handle = fetched.handle
        if not isinstance(handle, PendingModule) or handle.ptr is not None:
            # In the engine already (read at once, or a module without imports).
            return self._loaded(path, fetched, module_format, None)
        info: ModuleRecord | CompiledRequests | None
        if handle.requests is not None:  # compiled now
            info = CompiledRequests(handle.requests)
            requests = handle.requests
        else:  # read from bytecode: the record says what it imports
            info = fetched.record
            requests = (
                [(r.specifier, r.attributes) for r in info.requested] if info is not None else []
            )
        planned = _Planned(path, fetched, module_format, info, requests, depth)
        if depth > self.graph_depth:
            self.graph_depth = depth
        self._planned[path] = planned
        return planned

    def _finish(self, planned: _Planned) -> LoadedModule:
        """Read a planned module into the engine (QuickJS finds its imports loaded) and
        register it."""
        path = planned.path
        engine = self.engine
        info = planned.info
        if info is not None:
            self._pending[path] = info  # bytecode keeps no import attributes
        handle = planned.fetched.handle
        # A module compiled this run whose imports would cost QuickJS more linear searches
        # than compiling it again costs (engine/modules.py's `materialize`): the wide end of
        # a wide graph.
        source = getattr(handle, "source", None)
        recompile = isinstance(handle, PendingModule) and engine.is_wide(handle)
        saved, self._depth_base = self._depth_base, planned.depth + 1
        self._finishing.append(planned)
        try:
            if PHASES.enabled:
                PHASES.enter("compile" if recompile else "deserialize")
                try:
                    engine.materialize(handle, recompile=recompile)
                finally:
                    PHASES.leave()
            else:
                engine.materialize(handle, recompile=recompile)
        finally:
            self._finishing.pop()
            self._depth_base = saved
            self._pending.pop(path, None)
            self._planned.pop(path, None)
        requests = info if isinstance(info, CompiledRequests) else None
        # Compiled now, it has no record to say whether it uses `import.meta`; its source
        # does when it lacks the word (the syntax allows no escapes in it).
        meta = source is None or b"meta" in source
        loaded = self._loaded(path, planned.fetched, planned.format, requests, meta)
        if not engine.reading_modules:
            # Resolve it now, its imports being resolved already: QuickJS then never
            # recurses through the graph to resolve it, and never frees it as unresolved
            # after a failed import().
            engine.resolve_module(loaded.handle)
        return loaded

    def _loaded(
        self,
        path: str,
        fetched: FetchedModule,
        module_format: str,
        requests: CompiledRequests | None,
        meta: bool = True,
    ) -> LoadedModule:
        if self.fast_start is not None:
            self.fast_start.saw(path, fetched)
        loaded = LoadedModule(
            path, fetched.handle, fetched.record, module_format, fetched.state, None, requests
        )
        record = fetched.record
        wants_meta = module_format == "module" and (
            record.uses_import_meta if record is not None else meta
        )
        return self._register(loaded, wants_meta)

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
