"""`esmload compile PATH... [-j N]`: fill the cache ahead of time, like `python -m compileall`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace

from esmload.cli.options import cache_settings, cache_store


def compile_command(args: Sequence[str], options: SimpleNamespace) -> int:
    parser = argparse.ArgumentParser(
        prog="esmload compile",
        description="Compile modules (and what they import) into the cache without running them.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="module files or folders")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (0: all CPUs)")
    parsed = parser.parse_args(list(args))
    use_cache, cache_dir = cache_settings(options)
    if not use_cache:
        print(
            "esmload compile: the cache is disabled (--no-cache / ESMLOAD_NO_CACHE)",
            file=sys.stderr,
        )
        return 2
    files = iter_sources(parsed.paths)
    missing = [f for f in files if not os.path.isfile(f)]
    for name in missing:
        print(f"esmload compile: {name}: no such file", file=sys.stderr)
    files = [f for f in files if f not in missing]
    jobs = parsed.jobs or os.cpu_count() or 1
    chunks = [files[i::jobs] for i in range(jobs) if files[i::jobs]]
    progress = Progress(len(files))
    failures = 0
    if len(chunks) <= 1:
        for path, error in _compile_files(files, cache_dir, progress):
            failures += _report(path, error)
    else:
        with ProcessPoolExecutor(max_workers=len(chunks)) as pool:
            for results in pool.map(_compile_chunk, chunks, [cache_dir] * len(chunks)):
                for path, error in results:
                    progress.step()
                    failures += _report(path, error)
    progress.done()
    print(f"compiled {len(files) - failures} of {len(files)} modules", file=sys.stderr)
    return 1 if failures or missing else 0


def iter_sources(paths: Sequence[str]) -> list[str]:
    """JavaScript module files named directly or found below the given folders."""
    found: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for file in sorted(files):
                    if file.endswith((".js", ".mjs", ".cjs")):
                        found.append(os.path.realpath(os.path.join(root, file)))
        else:
            found.append(os.path.realpath(path))
    return list(dict.fromkeys(found))


def _report(path: str, error: str | None) -> int:
    if error is None:
        return 0
    print(f"esmload compile: {error.rstrip()}", file=sys.stderr)
    return 1


def _compile_chunk(files: list[str], cache_dir: str | None) -> list[tuple[str, str | None]]:
    return list(_compile_files(files, cache_dir, None))


def _compile_files(files: list[str], cache_dir: str | None, progress: Progress | None):  # type: ignore[no-untyped-def]
    from esmload.cache.code_cache import CodeCache
    from esmload.engine.core import Engine
    from esmload.fetch.fetcher import ModuleFetcher
    from esmload.host.globals import Host
    from esmload.host.report import one_line
    from esmload.link.loader import Loader
    from esmload.run.event_loop import EventLoop

    cache = CodeCache(cache_store(cache_dir))
    # One engine per file: a module that fails to load must not leave half a graph behind.
    # Its host provides the built-in modules the graph imports (cached on the way, too).
    for path in files:
        engine = Engine()
        host = Host(engine, EventLoop(engine), cache=cache)
        fetcher = ModuleFetcher(engine, cache)
        loader = Loader(engine, fetcher, builtins=host.builtin_exports)
        try:
            loader.load_entry(path)
            fetcher.finish()
            yield path, None
        except Exception as error:  # noqa: BLE001 - reported per file, the run goes on
            yield path, one_line(error)
        finally:
            fetcher.finish()
            host.close()
            engine.close()
        if progress is not None:
            progress.step()


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.enabled = sys.stderr.isatty() and total > 0

    def step(self) -> None:
        self.count += 1
        if self.enabled:
            width = 30
            filled = width * self.count // self.total
            bar = "#" * filled + "-" * (width - filled)
            print(f"\r[{bar}] {self.count}/{self.total}", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.enabled:
            print(file=sys.stderr)
