"""`esmload graph FILE`: the dependency tree with each module's cache state (like `deno info`).

It walks the graph from cache records alone where they are valid, and analyzes the source
(esprima) only for modules without a valid record. Nothing runs and nothing is written.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from types import SimpleNamespace

from esmload.cache.code_cache import MODULE, CodeCache
from esmload.cache.record import source_hash
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
    BUILTIN = "built-in"  # Node's built-in modules (esmload's own, cached when first used)
    UNREADABLE = "unreadable"
    UNPARSABLE = "unparsable"


@dataclass
class Node:
    path: str
    state: State
    edges: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    # (specifier, resolved path or None, error or None)


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
    failed = any(error for node in nodes.values() for _, _, error in node.edges)
    return 1 if failed else 0


def walk(entry: str, resolver: Resolver, cache: CodeCache | None) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    pending = [entry]
    while pending:
        path = pending.pop()
        if path in nodes:
            continue
        node, requests = inspect_module(path, cache)
        nodes[path] = node
        for specifier in requests:
            try:
                target = resolver.resolve(specifier, path)
                node.edges.append((specifier, target, None))
                pending.append(target)
            except ResolveError as exc:
                node.edges.append((specifier, None, str(exc)))
    return nodes


def inspect_module(path: str, cache: CodeCache | None) -> tuple[Node, list[str]]:
    """The module's cache state and its static requests (from the record if it is valid)."""
    from esmload.analyze import AnalyzeError, analyze

    if path.startswith("node:"):
        return Node(path, State.BUILTIN), []
    if path.endswith(".json"):
        return Node(path, State.JSON), []
    try:
        source = read_source(path)
    except LoadError:
        return Node(path, State.UNREADABLE), []
    state = State.UNCACHED
    if cache is not None:
        data = cache.store.read(cache.record_path(MODULE, path))
        state = State.NOT_CACHED if data is None else State.STALE
        found = None if data is None else cache.get_module(path, source_hash(source), data=data)
        if found is not None:
            return Node(path, State.CACHED), [r.specifier for r in found[1].requested]
    try:
        metadata = analyze(source.decode("utf-8", "replace"))
    except AnalyzeError:
        return Node(path, State.UNPARSABLE), []
    return Node(path, state), [r.specifier for r in metadata.requested]


def print_tree(entry: str, nodes: dict[str, Node]) -> None:
    seen: set[str] = set()
    print(f"{entry} ({nodes[entry].state.value})")

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
            label = f"{specifier} → {target} ({node.state.value})" + (" *" if again else "")
            print(f"{prefix}{branch}{label}")
            if not again:
                visit(target, prefix + ("    " if last else "│   "))

    visit(entry, "")
