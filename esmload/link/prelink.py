"""Prelinked graphs: the link table that lets a warm start skip a Python call per import.

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
This module defines the table and QuickJS's naming rule; link/fast_start.py checks and uses it.
"""

from __future__ import annotations

import marshal
import os

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Iterable


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
        checks: list[tuple[str, str, str, tuple[str, ...]]],
        aliases: dict[str, str],
    ) -> None:
        self.directories = directories  # every directory above a module of the bundle
        # (importer, specifier, module, import attributes as key, value, ...) to resolve
        # again at start (the attributes here: cached metadata stays undecoded)
        self.checks = checks
        self.aliases = aliases  # QuickJS's name -> module, where the two differ

    def encode(self) -> bytes:
        # marshal: built in (no import), and only ever reads what esmload wrote, after the
        # bundle's keyed digest verified
        return marshal.dumps((self.directories, self.checks, self.aliases))

    @classmethod
    def decode(cls, blob: bytes) -> LinkTable:
        """Raises ValueError for anything malformed."""
        try:
            directories, checks, aliases = marshal.loads(blob)
        except (EOFError, TypeError, ValueError) as exc:
            raise ValueError(f"link table: {exc}") from None
        if not (
            isinstance(directories, list)
            and isinstance(checks, list)
            and isinstance(aliases, dict)
            and all(isinstance(check, tuple) and len(check) == 4 for check in checks)
        ):
            raise ValueError("link table: unexpected shape")
        return cls(directories, checks, aliases)


#: (importer, specifier) -> (module, import attributes as key, value, ...)
Edges = dict[tuple[str, str], tuple[str, tuple[str, ...]]]


def build_table(edges: Edges, modules: Iterable[str]) -> LinkTable | None:
    """The table for a graph whose edges were `edges`, or None if QuickJS's names cannot
    stand in for them (two different modules behind one name)."""
    module_set = set(modules)
    checks: list[tuple[str, str, str, tuple[str, ...]]] = []
    aliases: dict[str, str] = {}
    for (importer, specifier), (target, attributes) in edges.items():
        name = builtin_module_name(importer, specifier)
        if name == target and target in module_set and specifier.startswith(("./", "../", "/")):
            continue  # right as long as the bundle's stamps and directories hold
        checks.append((importer, specifier, target, attributes))
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
