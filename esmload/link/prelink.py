"""Prelinked graphs: a warm start of an unchanged program without a Python call per import.

QuickJS names every import edge through a normalize hook, and when a module is read from
bytecode it resolves the module's imports on the spot. With esmload's resolver as that hook,
a graph like lodash-es (641 modules, 4,600 edges) costs ~9,000 calls from C into Python. Most
edges are plain relative paths (`./_baseGet.js`) that QuickJS's built-in rule names exactly as
the resolver would, so for a program whose graph bundle is valid esmload switches to the
built-in rule while it reads the graph and links it:

- edges the built-in rule gets right and that stay right while the bundle's stat stamps hold
  (a relative or absolute path naming a module of the bundle) need nothing;
- every other edge seen last time (bare specifiers, `#imports`, probing, JSON, absolute paths)
  is resolved again now with the real resolver; it must land where it did, and QuickJS's name
  for it becomes an alias the load hook maps to that module;
- every directory above a module must still be a real directory (not a symlink), so that the
  names are still real paths.

If any of that fails the program takes the usual path, which resolves each edge in Python.
"""

from __future__ import annotations

import os
import stat
import struct

from esmload.errors import EsmloadError
from esmload.phases import PHASES

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Iterable

    from esmload.analyze.record import ModuleRecord
    from esmload.engine.core import ModuleHandle
    from esmload.fetch.bundle import Bundle
    from esmload.link.loader import Loader

# directories, checks, aliases
_COUNTS = struct.Struct("<III")
_LENGTH = struct.Struct("<I")


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

    __slots__ = ("directories", "checks", "aliases")

    def __init__(
        self,
        directories: list[str],
        checks: list[tuple[str, str, str]],
        aliases: dict[str, str],
    ) -> None:
        self.directories = directories  # every directory above a module of the bundle
        self.checks = checks  # (importer, specifier, module) to resolve again at start
        self.aliases = aliases  # QuickJS's name -> module, where the two differ

    def encode(self) -> bytes:
        strings = [*self.directories]
        for check in self.checks:
            strings.extend(check)
        for alias in self.aliases.items():
            strings.extend(alias)
        out = [_COUNTS.pack(len(self.directories), len(self.checks), len(self.aliases))]
        for text in strings:
            data = text.encode("utf-8", "surrogateescape")
            out.append(_LENGTH.pack(len(data)))
            out.append(data)
        return b"".join(out)

    @classmethod
    def decode(cls, blob: bytes) -> LinkTable:
        """Raises ValueError (or struct.error) for anything malformed."""
        n_dirs, n_checks, n_aliases = _COUNTS.unpack_from(blob)
        offset = _COUNTS.size
        strings = []
        for _ in range(n_dirs + 3 * n_checks + 2 * n_aliases):
            (length,) = _LENGTH.unpack_from(blob, offset)
            offset += _LENGTH.size
            if offset + length > len(blob):
                raise ValueError("link table overruns its bytes")
            strings.append(blob[offset : offset + length].decode("utf-8", "surrogateescape"))
            offset += length
        if offset != len(blob):
            raise ValueError("link table has trailing bytes")
        directories = strings[:n_dirs]
        rest = strings[n_dirs:]
        checks = [(rest[i], rest[i + 1], rest[i + 2]) for i in range(0, 3 * n_checks, 3)]
        rest = rest[3 * n_checks :]
        aliases = {rest[i]: rest[i + 1] for i in range(0, len(rest), 2)}
        return cls(directories, checks, aliases)


def build_table(edges: dict[tuple[str, str], str], modules: Iterable[str]) -> LinkTable | None:
    """The table for a graph whose edges were `edges`, or None if QuickJS's names cannot
    stand in for them (two different modules behind one name)."""
    module_set = set(modules)
    checks: list[tuple[str, str, str]] = []
    aliases: dict[str, str] = {}
    for (importer, specifier), target in edges.items():
        name = builtin_module_name(importer, specifier)
        if name == target and target in module_set and specifier.startswith(("./", "../", "/")):
            continue  # right as long as the bundle's stamps and directories hold
        checks.append((importer, specifier, target))
        if name != target and (name in module_set or aliases.setdefault(name, target) != target):
            return None
    directories: set[str] = set()
    for path in module_set:
        directory = os.path.dirname(path)
        while directory not in directories:
            directories.add(directory)
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return LinkTable(sorted(directories), checks, aliases)


class LinkRecorder:
    """The fetcher's `describe_links`: this run's edges as the bundle's link table."""

    def __init__(self, edges: dict[tuple[str, str], str]) -> None:
        self.edges = edges

    def __call__(self, modules: Iterable[str]) -> bytes:
        table = build_table(self.edges, modules)
        return b"" if table is None else table.encode()


def prelink(loader: Loader, main: str) -> bool:
    """Read and link the program's whole static graph from its bundle with QuickJS's own
    naming, if the bundle's link table still holds; False (nothing done) otherwise."""
    bundle = loader.fetcher.bundle
    if bundle is None or not bundle.links or main not in bundle.entries or loader.hooks:
        return False
    if PHASES.enabled:
        PHASES.enter("validate")
    try:
        valid = _valid_table(loader, bundle)
    finally:
        if PHASES.enabled:
            PHASES.leave()
    if valid is None:
        return False
    table, records = valid
    engine = loader.engine
    aliases = table.aliases
    entries = bundle.entries
    modules = loader.modules

    def load(name: str, attributes: dict[str, str]) -> ModuleHandle:
        path = aliases.get(name, name)
        loaded = modules.get(path)
        if loaded is None and path in entries:
            loaded = loader.load_prelinked(path, records.get(path))
        if loaded is not None:
            return loaded.handle
        if path.endswith(".json") or path in loader.host_modules:
            return loader.load(path, attributes)
        raise EsmloadError(f"internal error: {name!r} is not in the program's prelinked graph")

    stats = loader.fetcher.stats
    bundled_before = stats.bundled
    engine.use_builtin_normalizer(True)
    engine.load_hook = load
    try:
        # Dependencies come first in the bundle, so QuickJS finds each module's imports
        # already loaded and calls back only for aliases and JSON. The entry comes right after
        # its static graph; what follows was imported dynamically last time and is read (still
        # from the bundle) only if imported again: read but never linked, QuickJS would free
        # it after any failed dynamic import.
        for path in entries:
            if path not in modules:
                loader.load_prelinked(path, records.get(path))
            if path == main:
                break
        engine.resolve_module(modules[main].handle)
    finally:
        engine.use_builtin_normalizer(False)
        engine.load_hook = loader.load
    stats.prelinked += stats.bundled - bundled_before
    return True


def _valid_table(
    loader: Loader, bundle: Bundle
) -> tuple[LinkTable, dict[str, ModuleRecord]] | None:
    """The bundle's link table if it still holds, with the metadata decoded to check it."""
    from esmload.analyze.record import ModuleRecord  # metadata only, not the parser
    from esmload.fetch.record import HINT_ATTRIBUTES

    try:
        table = LinkTable.decode(bundle.links)
    except (ValueError, struct.error, UnicodeDecodeError):
        return None
    for directory in table.directories:
        try:
            if not stat.S_ISDIR(os.lstat(directory).st_mode):
                return None
        except OSError:
            return None
    entries = bundle.entries
    records: dict[str, ModuleRecord] = {}
    try:
        # Metadata that decodes eagerly (import attributes) must decode now: a module that
        # fails half-way through the prelinked read could not go back to the usual path.
        for path, entry in entries.items():
            if entry.hints & HINT_ATTRIBUTES:
                records[path] = ModuleRecord.from_payload(entry.metadata, entry.hints)
        for importer, specifier, target in table.checks:
            loaded = loader.modules.get(importer)
            record = loaded.record if loaded is not None else records.get(importer)
            attributes = record.attributes_for(specifier) if record is not None else {}
            if loader.resolve_again(importer, specifier, attributes) != target:
                return None
    except (EsmloadError, ValueError, OSError):
        return None  # the usual path will resolve (and report) it
    return table, records
