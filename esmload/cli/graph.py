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
from types import SimpleNamespace

from esmload.cache.record import RecordError, decode_record, source_hash
from esmload.cli.options import cache_settings, cache_store
from esmload.compile import CompileOptions
from esmload.engine.lib import ENGINE_VERSION
from esmload.fetch.fetcher import LoadError, read_source
from esmload.resolve import ResolveError, Resolver


@dataclass
class Node:
    path: str
    state: str  # cached | stale | not cached | json | unreadable | unparsable | uncached
    edges: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    # (specifier, resolved path or None, error or None)


def graph_command(args: Sequence[str], options: SimpleNamespace) -> int:
    parser = argparse.ArgumentParser(prog="esmload graph", description=__doc__)
    parser.add_argument("file")
    parsed = parser.parse_args(list(args))
    use_cache, cache_dir = cache_settings(options)
    store = None
    if use_cache:
        store = cache_store(cache_dir)
        if not store.open():
            store = None
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
    nodes = walk(entry, resolver, store)
    print_tree(entry, nodes)
    states: dict[str, int] = {}
    for node in nodes.values():
        states[node.state] = states.get(node.state, 0) + 1
    summary = ", ".join(f"{count} {state}" for state, count in sorted(states.items()))
    print(f"\n{len(nodes)} modules: {summary}")
    failed = any(error for node in nodes.values() for _, _, error in node.edges)
    return 1 if failed else 0


def walk(entry: str, resolver: Resolver, store) -> dict[str, Node]:  # type: ignore[no-untyped-def]
    nodes: dict[str, Node] = {}
    pending = [entry]
    while pending:
        path = pending.pop()
        if path in nodes:
            continue
        node, requests = inspect_module(path, store)
        nodes[path] = node
        for specifier in requests:
            try:
                target = resolver.resolve(specifier, path)
                node.edges.append((specifier, target, None))
                pending.append(target)
            except ResolveError as exc:
                node.edges.append((specifier, None, str(exc)))
    return nodes


def inspect_module(path: str, store) -> tuple[Node, list[str]]:  # type: ignore[no-untyped-def]
    """The module's cache state and its static requests (from the record if it is valid)."""
    from esmload.analyze import AnalyzeError, ModuleRecord, analyze

    if path.endswith(".json"):
        return Node(path, "json"), []
    try:
        source = read_source(path)
    except LoadError:
        return Node(path, "unreadable"), []
    state = "uncached"
    if store is not None:
        options = CompileOptions()
        data = store.read(store.record_path(path, options.variant))
        state = "not cached" if data is None else "stale"
        if data is not None:
            try:
                record = decode_record(
                    data,
                    engine_version=ENGINE_VERSION,
                    flags=options.flags,
                    source_hash=source_hash(source),
                    key=store.key,
                )
                metadata = ModuleRecord.from_payload(record.metadata, record.hints)
                return Node(path, "cached"), [r.specifier for r in metadata.requested]
            except (RecordError, ValueError):
                pass
    try:
        metadata = analyze(source.decode("utf-8", "replace"))
    except AnalyzeError:
        return Node(path, "unparsable"), []
    return Node(path, state), [r.specifier for r in metadata.requested]


def print_tree(entry: str, nodes: dict[str, Node]) -> None:
    seen: set[str] = set()
    print(f"{entry} ({nodes[entry].state})")

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
            label = f"{specifier} → {target} ({node.state})" + (" *" if again else "")
            print(f"{prefix}{branch}{label}")
            if not again:
                visit(target, prefix + ("    " if last else "│   "))

    visit(entry, "")
