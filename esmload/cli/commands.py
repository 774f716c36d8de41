"""The cache tools: `graph`, `cache info|clear|verify|prune`, `compile`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import SimpleNamespace

from esmload.cli.options import cache_settings, cache_store


def run_command(name: str, args: Sequence[str], options: SimpleNamespace) -> int:
    if name == "graph":
        from esmload.cli.graph import graph_command

        return graph_command(args, options)
    if name == "compile":
        from esmload.cli.precompile import compile_command

        return compile_command(args, options)
    return cache_command(args, options)


def _store(options: SimpleNamespace):  # type: ignore[no-untyped-def]
    _, cache_dir = cache_settings(options)
    return cache_store(cache_dir)


def cache_command(args: Sequence[str], options: SimpleNamespace) -> int:
    parser = argparse.ArgumentParser(prog="esmload cache", description="Maintain the cache.")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("info", help="where the cache is and how much it holds")
    sub.add_parser("clear", help="remove every record")
    sub.add_parser("verify", help="check every record; remove damaged ones and stale temp files")
    prune = sub.add_parser("prune", help="remove least recently used records over the size cap")
    prune.add_argument("--max-bytes", type=int, default=None)
    parsed = parser.parse_args(list(args))
    store = _store(options)
    if not store.open():
        print(f"esmload: the cache directory {store.root} cannot be used", file=sys.stderr)
        return 1
    if parsed.action == "info":
        info = store.info()
        print(f"cache directory: {info.root}")
        print(f"records: {info.records}")
        print(f"size: {info.total_bytes} bytes (cap {info.max_bytes})")
        print(f"temp files: {info.temp_files}")
        return 0
    if parsed.action == "clear":
        print(f"removed {store.clear()} files from {store.root}")
        return 0
    if parsed.action == "prune":
        print(f"removed {store.prune(parsed.max_bytes)} records from {store.root}")
        return 0
    return verify(store)


def verify(store) -> int:  # type: ignore[no-untyped-def]
    """Check each record's header and keyed digest; remove what fails or is stale."""
    from esmload.cache.code_cache import CodeCache

    def removed(path: str, why: str) -> None:
        print(f"removed {path}: {why}")

    checked, bad, temps = CodeCache(store).verify(removed)
    print(
        f"checked {checked} records: {checked - bad} valid, {bad} removed, "
        f"{temps} temp files removed"
    )
    return 0
