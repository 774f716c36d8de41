"""Fast start: a program's graph bundle, read and linked in one go when nothing changed.

The loader calls this component at four points, and nothing else reaches into it:

- `start(loader, main)`: read the program's bundle (cache/bundle.py) and, if its link table
  still holds, read and link the whole static graph with QuickJS's own naming of relative
  imports (prelinked: no call into Python per import edge); True if the graph is loaded;
- `fetch(path, on_metadata)`: a module of the bundle, for the usual per-edge path;
- `record_edge(...)` and `saw(path, fetched)`: what this run imported and loaded, for the
  next bundle;
- `finish()`: write a fresh bundle when this run's modules were all cache hits and differ
  from the bundle in use.

Prelinking. QuickJS names every import edge through a normalize callback, and when a module
is read from bytecode it resolves the module's imports on the spot. With esmload's resolver as
that callback, a graph like lodash-es (641 modules, 4,600 edges) costs ~9,000 calls from C into
Python. Most edges are plain relative paths (`./_baseGet.js`) that QuickJS's built-in rule names
exactly as the resolver would, so for a program whose graph bundle is valid esmload switches to
the built-in rule while it reads the graph and links it:

- edges the built-in rule gets right and that stay right while the bundle's stat stamps hold
  (a relative or absolute path naming a module of the bundle) need nothing;
- every other edge seen last time (bare specifiers, `#imports`, probing, JSON, text and bytes
  imports, absolute paths) is resolved again now with the real resolver; it must land where it
  did, and QuickJS's name for it becomes an alias the load callback maps to that module (a
  text or bytes import's module is named `text:/a/b.txt`, so its edge is always an alias);
- every directory above a module must still be a real directory (not a symlink), so that the
  names are still real paths.

If any of that fails the program takes the usual path, which resolves each edge in Python.
"""

from __future__ import annotations

import marshal
import os
import stat

from esmload.cache.bundle import Bundle, BundleEntry, load_bundle, store_bundle
from esmload.cache.units import BUNDLE
from esmload.errors import EsmloadError
from esmload.fetch.fetcher import CacheState, FetchedModule
from esmload.link.loader import RAW_PREFIXES
from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from esmload.analyze.record import ModuleRecord
    from esmload.cache.code_cache import CodeCache
    from esmload.cache.prefetch import Prefetch
    from esmload.engine.core import ModuleHandle
    from esmload.fetch.fetcher import ModuleFetcher
    from esmload.link.loader import LoadedModule, Loader


def builtin_module_name(base: str, name: str) -> str:
    """The module name QuickJS's built-in normalizer gives `name` imported from `base`.

    Names not starting with "." are kept as written. Otherwise the leading "./" and "../"
    segments are applied to the directory part of `base` ("../" stops at a "." or ".."
    segment, or when nothing is left) and the rest of `name` is appended verbatim."""
    if not name.startswith("."):
        return name
    slash = base.rfind("/")
    directory = base[:slash] if slash >= 0 else ""
    rest = name
    while True:
        if rest.startswith("./"):
            rest = rest[2:]
        elif rest.startswith("../"):
            if not directory:
                break
            slash = directory.rfind("/")
            if directory[slash + 1 :] in (".", ".."):
                break
            directory = directory[: max(slash, 0)]
            rest = rest[3:]
        else:
            break
    return f"{directory}/{rest}" if directory else rest


class LinkTable:
    """What a prelinked start checks and uses, written into the graph bundle."""

    __slots__ = ("directories", "checks", "aliases", "depth")

    def __init__(
        self,
        directories: list[str],
        checks: list[tuple[str, str, str, tuple[str, ...]]],
        aliases: dict[str, str],
        depth: int = 0,
    ) -> None:
        self.directories = directories  # every directory above a module of the bundle
        # (importer, specifier, module, import attributes as key, value, ...) to resolve
        # again at start (the attributes here: cached metadata stays undecoded)
        self.checks = checks
        self.aliases = aliases  # QuickJS's name -> module, where the two differ
        # How deep the graph is: a start whose stack cannot link it that deep takes the usual
        # path, which reports where (link/loader.py's GraphTooDeep).
        self.depth = depth

    def encode(self) -> bytes:
        # marshal: built in (no import), and only ever reads what esmload wrote, after the
        # bundle's keyed digest verified
        return marshal.dumps((self.directories, self.checks, self.aliases, self.depth))

    @classmethod
    def decode(cls, blob: bytes) -> LinkTable:
        """Raises ValueError for anything malformed."""
        try:
            fields = marshal.loads(blob)
        except (EOFError, TypeError, ValueError) as exc:
            raise ValueError(f"link table: {exc}") from None
        if not isinstance(fields, tuple) or len(fields) not in (3, 4):
            raise ValueError("link table: unexpected shape")
        directories, checks, aliases = fields[:3]
        depth = fields[3] if len(fields) == 4 else 0  # tables written before depth was kept
        if not (
            isinstance(directories, list)
            and isinstance(checks, list)
            and isinstance(aliases, dict)
            and isinstance(depth, int)
            and all(isinstance(check, tuple) and len(check) == 4 for check in checks)
        ):
            raise ValueError("link table: unexpected shape")
        return cls(directories, checks, aliases, depth)


#: (importer, specifier) -> (module, import attributes as key, value, ...)
Edges = dict[tuple[str, str], tuple[str, tuple[str, ...]]]


def build_table(edges: Edges, modules: Iterable[str], depth: int = 0) -> LinkTable | None:
    """The table for a graph whose edges were `edges` and that is `depth` levels deep, or None
    if QuickJS's names cannot stand in for them (two different modules behind one name)."""
    module_set = set(modules)
    checks: list[tuple[str, str, str, tuple[str, ...]]] = []
    aliases: dict[str, str] = {}
    named: set[str] = set()  # modules outside the bundle that QuickJS names right (JSON)
    for (importer, specifier), (target, attributes) in edges.items():
        name = builtin_module_name(importer, specifier)
        if name == target and target in module_set and specifier.startswith(("./", "../", "/")):
            continue  # right as long as the bundle's stamps and directories hold
        checks.append((importer, specifier, target, attributes))
        if name == target:
            named.add(name)
        elif name in module_set or aliases.setdefault(name, target) != target:
            return None
    if not named.isdisjoint(aliases):
        return None  # e.g. `./a.json` imported as JSON here and as text there
    directories: set[str] = set()
    for path in module_set:
        directory = os.path.dirname(path)
        while directory not in directories:
            directories.add(directory)
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return LinkTable(sorted(directories), checks, aliases, depth)


# Formats of files that may be CommonJS (an ES module's "detect" file would be in the bundle).
CJS_FORMATS = ("commonjs", "detect")


class FastStart:
    def __init__(
        self, cache: CodeCache, fetcher: ModuleFetcher, prefetch: Prefetch | None = None
    ) -> None:
        """`prefetch`: the bundle, if the command line started reading it ahead."""
        self.cache = cache
        self.fetcher = fetcher
        self.stats = cache.stats
        self._prefetch = prefetch
        self._main: str | None = None
        self._loader: Loader | None = None
        self._bundle: Bundle | None = None
        # Bundle entries fetched for the per-module path, until the loader has them loaded.
        self._taken: dict[str, BundleEntry] = {}
        # What this run saw, for the next bundle: its modules (all hits, or no bundle is
        # written) and its import edges (None: not recorded, keep the old link table).
        self._collected: dict[str, BundleEntry] = {}
        self._complete = True
        self._edges: Edges | None = None
        # One specifier imported under two types by one module (`./a.json` as JSON and as
        # text): QuickJS's naming gives both requests one name, so no link table can stand in.
        self._ambiguous = False

    # ------------------------------------------------------------------ start

    def start(self, loader: Loader, main: str) -> bool:
        """Use the bundle of the program whose entry module is `main`, if every source in it
        is unchanged; True if the whole static graph was loaded and linked from it."""
        if not self.cache.usable:
            return False
        self._main = main
        self._loader = loader
        if PHASES.enabled:
            PHASES.enter("validate")
        prefetch, self._prefetch = self._prefetch, None
        data = digest = None
        if prefetch is not None:
            if prefetch.path == self.cache.record_path(BUNDLE, main):
                data, digest = prefetch.result()
            else:
                prefetch.discard()
        self._bundle = load_bundle(self.cache, main, data=data, digest=digest)
        if PHASES.enabled:
            PHASES.leave()
        if self._prelink(loader, main):
            return True
        # Record this run's edges: the next bundle says which are safe to prelink.
        self._edges = {}
        return False

    def _prelink(self, loader: Loader, main: str) -> bool:
        """Read and link the static graph with QuickJS's own naming, if the bundle's link
        table still holds; False (nothing done) otherwise."""
        bundle = self._bundle
        if bundle is None or not bundle.links or main not in bundle.entries:
            return False
        if PHASES.enabled:
            PHASES.enter("validate")
        try:
            table = _valid_table(loader, bundle)
        finally:
            if PHASES.enabled:
                PHASES.leave()
        if table is None:
            return False
        from esmload.link.loader import max_graph_depth

        if table.depth > max_graph_depth(loader.engine.stack_limit):
            return False  # too deep for this thread's stack: the usual path says where
        aliases = table.aliases
        entries = bundle.entries
        modules = loader.modules

        def load(name: str, attributes: dict[str, str]) -> ModuleHandle:
            path = aliases.get(name, name)
            loaded = modules.get(path)
            if loaded is None and path in entries:
                loaded = self._load_prelinked(loader, path)
            if loaded is not None:
                return loaded.handle
            if path.endswith(".json") or path.startswith(RAW_PREFIXES):
                return loader.load(path, attributes)  # not cached: read each run
            if loader.is_host_module(path):
                return loader.load(path, attributes)
            if os.path.isabs(path) and loader.resolver.module_format(path) in CJS_FORMATS:
                # A CommonJS module: not in the bundle, its facade comes from its own record.
                return loader.load(path, attributes)
            raise EsmloadError(f"internal error: {name!r} is not in the program's prelinked graph")

        bundled_before = self.stats.bundled
        loader.use_builtin_naming(load)
        try:
            # Dependencies come first in the bundle, so QuickJS finds each module's imports
            # already loaded and calls back only for aliases, JSON, text and bytes. The entry
            # comes right after its static graph; what follows was imported dynamically last
            # time and is read (still from the bundle) only if imported again: read but never
            # linked, QuickJS would free it after any failed dynamic import.
            engine = loader.engine
            for path in entries:
                if path not in modules:
                    # Resolved one by one, imports first: QuickJS never recurses through
                    # the whole graph to resolve it.
                    engine.resolve_module(self._load_prelinked(loader, path).handle)
                if path == main:
                    break
            engine.resolve_module(modules[main].handle)
        finally:
            loader.use_builtin_naming(None)
        self.stats.prelinked += self.stats.bundled - bundled_before
        return True

    def _load_prelinked(self, loader: Loader, path: str) -> LoadedModule:
        """A module of the bundle, its metadata left undecoded until something asks."""
        entry = self._take(path)
        handle = self.fetcher.instantiate(entry.bytecode, path)
        return loader.register_bundled(path, handle, entry.metadata, entry.hints)

    # ------------------------------------------------------------------ per-module path

    def bundled(self, path: str) -> bool:
        return self._bundle is not None and path in self._bundle.entries

    def fetch(
        self, path: str, on_metadata: Callable[[ModuleRecord], None] | None = None
    ) -> FetchedModule | None:
        """The module from the bundle; None if it is not in it, or its entry is unusable (the
        bundle is then dropped, and the caller takes the per-module path). The loader
        reports it with `saw` once it has loaded it."""
        if self._bundle is None or path not in self._bundle.entries:
            return None
        from esmload.analyze.record import ModuleRecord

        entry = self._bundle.entries[path]
        try:
            metadata = ModuleRecord.from_payload(entry.metadata, entry.hints)
        except ValueError:
            self._bundle = None
            return None
        if on_metadata is not None:
            on_metadata(metadata)
        self.stats.hits += 1
        self.stats.bundled += 1
        self._taken[path] = entry
        handle = self.fetcher.instantiate(entry.bytecode, path)
        return FetchedModule(handle, metadata, CacheState.HIT)

    def _take(self, path: str) -> BundleEntry:
        assert self._bundle is not None
        entry = self._bundle.entries[path]
        self.stats.hits += 1
        self.stats.bundled += 1
        self._collected[path] = entry
        return entry

    # ------------------------------------------------------------------ this run, for the next

    def record_edge(
        self, importer: str, specifier: str, path: str, attributes: dict[str, str]
    ) -> None:
        if self._edges is not None:
            flat = tuple(text for item in attributes.items() for text in item)
            key = (importer, specifier)
            earlier = self._edges.get(key)
            if earlier is not None and earlier[0] != path:
                self._ambiguous = True
            self._edges[key] = (path, flat)

    def saw(self, path: str, fetched: FetchedModule) -> None:
        """A module loaded through the per-module path (from `fetch`, or not from the
        bundle), reported in the order the loader loaded them: imports first."""
        entry = self._taken.pop(path, None)
        if entry is not None:
            self._collected[path] = entry
            return
        unit = fetched.unit
        if fetched.state is CacheState.HIT and unit is not None and fetched.stamp is not None:
            self._collected[path] = BundleEntry(
                path, fetched.stamp, unit.hints, unit.metadata, unit.bytecode
            )
        elif fetched.state is not CacheState.NOT_CACHED:
            # A miss (the next run, all hits, writes the bundle), or source that was not read
            # from a file esmload stat'ed (e.g. a loader hook's). No bundle comes of this run,
            # so its import edges need no recording.
            self._complete = False
            self._edges = None

    def finish(self) -> None:
        """Write a fresh bundle when this run's modules were all cache hits and differ from
        the bundle in use (none, stale, or the program now loads other modules)."""
        main, self._main = self._main, None
        if main is None or not self._complete or not self._collected:
            return
        old = self._bundle
        if self._edges is not None:
            depth = self._loader.graph_depth if self._loader is not None else 0
            table = (
                None if self._ambiguous else build_table(self._edges, self._collected.keys(), depth)
            )
            links = b"" if table is None else table.encode()
        else:
            links = old.links if old is not None else b""
        if old is not None and old.entries.keys() == self._collected.keys() and old.links == links:
            return
        store_bundle(self.cache, main, self._collected.values(), links)


def _valid_table(loader: Loader, bundle: Bundle) -> LinkTable | None:
    """The bundle's link table if it still holds: every directory is still one, and every
    edge that QuickJS's naming cannot stand in for resolves where it did."""
    try:
        table = LinkTable.decode(bundle.links)
    except ValueError:
        return None
    for directory in table.directories:
        try:
            if not stat.S_ISDIR(os.lstat(directory).st_mode):
                return None
        except OSError:
            return None
    try:
        for importer, specifier, target, flat in table.checks:
            attributes = dict(zip(flat[::2], flat[1::2], strict=True))
            if loader.resolve_file(specifier, importer, attributes) != target:
                return None
    except (EsmloadError, ValueError, OSError):
        return None  # the usual path will resolve (and report) it
    return table
