"""`esmload graph FILE`: the dependency tree with each module's cache state (like `deno info`).

It walks the graph from cache records alone where they are valid, and analyzes the source
(esprima, or the CommonJS scanner) only for modules without a valid record. A CommonJS
module's edges are its `require('…')` calls with string specifiers, resolved as require()
does. Nothing runs and nothing is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from types import SimpleNamespace

from esmload.cache.code_cache import CodeCache
from esmload.cache.record import source_hash
from esmload.cache.units import COMMONJS, MODULE
from esmload.cli.options import cache_settings, cache_store
from esmload.errors import LoadError
from esmload.fetch.fetcher import read_source
from esmload.resolve import ResolveError, Resolver


class State(Enum):
    """A module's state as the tree shows it."""

    CACHED = "cached"  # a valid record: what a run would use
    STALE = "stale"  # a record that no longer fits the source (or the engine)
    NOT_CACHED = "not cached"  # no record yet
    UNCACHED = "uncached"  # the cache is off
    JSON = "json"  # JSON modules are not cached
    TEXT = "text"  # nor are text and bytes imports (`with { type: 'text' }`): the file itself
    BYTES = "bytes"
    BUILTIN = "built-in"  # Node's built-in modules (esmload's own, cached when first used)
    UNREADABLE = "unreadable"
    UNPARSABLE = "unparsable"


@dataclass
class Node:
    path: str  # the module's name: a path, `node:x`, or `text:`/`bytes:` and the file's path
    state: State
    commonjs: bool = False
    edges: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    # (specifier, resolved module name or None, error or None)


#: Import types whose module is the file's content (the loader names it `text:/a/b.txt`).
CONTENT_TYPES = {"text": State.TEXT, "bytes": State.BYTES}


def graph_command(args: Sequence[str], options: SimpleNamespace) -> int:
    parser = argparse.ArgumentParser(prog="esmload graph", description=__doc__)
    parser.add_argument("file")
    parsed = parser.parse_args(list(args))
    use_cache, cache_dir = cache_settings(options)
    cache = None
    if use_cache:
        cache = CodeCache(cache_store(cache_dir))
        if not cache.usable:
            cache = None
    resolver = Resolver()
    try:
        entry = resolver.resolve(
            parsed.file
            if os.path.isabs(parsed.file) or parsed.file.startswith(".")
            else f"./{parsed.file}",
            None,
        )
    except ResolveError as exc:
        print(f"esmload graph: {exc}", file=sys.stderr)
        return 1
    nodes = walk(entry, resolver, cache)
    print_tree(entry, nodes)
    states: dict[str, int] = {}
    for node in nodes.values():
        states[node.state.value] = states.get(node.state.value, 0) + 1
    summary = ", ".join(f"{count} {state}" for state, count in sorted(states.items()))
    print(f"\n{len(nodes)} modules: {summary}")
    # A require() that does not resolve may sit in a try block (an optional dependency):
    # only an import that does not resolve fails the graph.
    failed = any(
        error for node in nodes.values() if not node.commonjs for _, _, error in node.edges
    )
    return 1 if failed else 0


def walk(entry: str, resolver: Resolver, cache: CodeCache | None) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    pending = [entry]
    while pending:
        path = pending.pop()
        if path in nodes:
            continue
        node, requests = inspect_module(path, cache, resolver)
        nodes[path] = node
        resolve = resolver.resolve_require if node.commonjs else resolver.resolve
        for specifier, attributes in requests:
            try:
                target = resolve(specifier, path)
            except ResolveError as exc:
                node.edges.append((specifier, None, str(exc)))
                continue
            module_type = attributes.get("type")
            if module_type in CONTENT_TYPES:
                target = f"{module_type}:{target}"
            node.edges.append((specifier, target, None))
            pending.append(target)
    return nodes


def inspect_module(
    path: str, cache: CodeCache | None, resolver: Resolver | None = None
) -> tuple[Node, list[tuple[str, dict[str, str]]]]:
    """The module's cache state and its static requests with their import attributes (from
    the record if it is valid)."""
    from esmload.analyze import AnalyzeError, analyze

    if path.startswith("node:"):
        return Node(path, State.BUILTIN), []
    module_type, colon, _ = path.partition(":")
    if colon and module_type in CONTENT_TYPES:
        return Node(path, CONTENT_TYPES[module_type]), []
    if path.endswith(".json"):
        return Node(path, State.JSON), []
    try:
        source = read_source(path)
    except LoadError:
        return Node(path, State.UNREADABLE), []
    kind = (resolver or Resolver()).module_format(path)
    if kind != "module":
        commonjs = _inspect_commonjs(path, source, cache, kind == "detect")
        if commonjs is not None:
            return commonjs
    state = State.UNCACHED
    if cache is not None:
        data = cache.store.read(cache.record_path(MODULE, path))
        state = State.NOT_CACHED if data is None else State.STALE
        found = None if data is None else cache.get_module(path, source_hash(source), data=data)
        if found is not None:
            return Node(path, State.CACHED), [
                (r.specifier, r.attributes) for r in found[1].requested
            ]
    try:
        metadata = analyze(source.decode("utf-8", "replace"))
    except AnalyzeError:
        return Node(path, State.UNPARSABLE), []
    return Node(path, state), [(r.specifier, r.attributes) for r in metadata.requested]


def _inspect_commonjs(
    path: str, source: bytes, cache: CodeCache | None, detect: bool
) -> tuple[Node, list[tuple[str, dict[str, str]]]] | None:
    """A CommonJS module's state and requires; None if `detect` finds an ES module (a `.js`
    file without a package `type`: a valid ES module record, or ES module syntax)."""
    from esmload.analyze.cjs_record import decode_metadata
    from esmload.fetch.commonjs import looks_like_module, scan

    state = State.UNCACHED
    if cache is not None:
        digest = source_hash(source)
        data = cache.store.read(cache.record_path(COMMONJS, path))
        unit = None if data is None else cache.get(COMMONJS, path, digest, data=data)
        if unit is not None:
            try:
                requires = decode_metadata(unit.metadata).requires
                return Node(path, State.CACHED, True), [(r, {}) for r in requires]
            except ValueError:
                pass
        if detect and cache.get_module(path, digest) is not None:
            return None
        state = State.NOT_CACHED if data is None else State.STALE
    metadata = scan(source)  # None where the lexer throws, as it does on ES module syntax
    if metadata is None:
        if detect and looks_like_module(source):
            return None
        return Node(path, State.UNPARSABLE, True), []
    return Node(path, state, True), [(r, {}) for r in metadata.requires]


def print_tree(entry: str, nodes: dict[str, Node]) -> None:
    seen: set[str] = set()
    print(f"{entry} ({_describe(nodes[entry])})")

    def visit(path: str, prefix: str) -> None:
        seen.add(path)
        edges = nodes[path].edges
        for index, (specifier, target, error) in enumerate(edges):
            last = index == len(edges) - 1
            branch = "└── " if last else "├── "
            if target is None:
                print(f"{prefix}{branch}{specifier}  ERROR: {error}")
                continue
            node = nodes[target]
            again = target in seen
            shown = target.partition(":")[2] if node.state.value in CONTENT_TYPES else target
            label = f"{specifier} → {shown} ({_describe(node)})" + (" *" if again else "")
            print(f"{prefix}{branch}{label}")
            if not again:
                visit(target, prefix + ("    " if last else "│   "))

    visit(entry, "")


def _describe(node: Node) -> str:
    return f"{node.state.value}, CommonJS" if node.commonjs else node.state.value
