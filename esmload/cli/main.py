"""`python -m esmload` / `esmload`: run a program, or one of the cache tools."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from esmload import __version__

SUBCOMMANDS = ("graph", "cache", "compile")

DESCRIPTION = """\
Run a JavaScript ES module program on QuickJS, with a transparent bytecode cache.

commands (instead of FILE):
  graph FILE             print the dependency tree with each module's cache state
  cache info|clear|verify|prune
                         inspect or maintain the cache directory
  compile PATH... [-j N] precompile modules (files or folders) into the cache
"""

EPILOG = """\
environment:
  ESMLOAD_CACHE_DIR      cache directory (default: the user cache directory)
  ESMLOAD_NO_CACHE=1     run without reading or writing the cache
  ESMLOAD_CACHE_MAX_BYTES  size cap of the cache (e.g. 512M, 2G)
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="esmload",
        usage="esmload [options] FILE [args...]\n       esmload [options] COMMAND ...",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"esmload {__version__}")
    parser.add_argument(
        "--import",
        dest="preload",
        action="append",
        default=[],
        metavar="MODULE",
        help="evaluate MODULE before the program (repeatable, like node --import)",
    )
    parser.add_argument(
        "--hook",
        dest="hooks",
        action="append",
        default=[],
        metavar="NAME_OR_PATH",
        help="add a loader hook: 'text', 'python', or a Python file defining `hook` (repeatable)",
    )
    parser.add_argument("--cache-dir", metavar="DIR", help="cache directory")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument(
        "--cache-stats",
        action="store_true",
        help="print one line of cache counters to stderr at exit",
    )
    parser.add_argument("target", metavar="FILE", help="the program's entry module")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program")
    return parser


def cache_settings(options: argparse.Namespace) -> tuple[bool, str | None]:
    use_cache = not options.no_cache and os.environ.get("ESMLOAD_NO_CACHE", "") in ("", "0")
    return use_cache, options.cache_dir


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    options = parser.parse_args(args)
    target: str = options.target
    if target in SUBCOMMANDS and not os.path.exists(target):
        from esmload.cli.commands import run_command

        return run_command(target, options.args, options)
    return run_program(target, options)


def run_program(target: str, options: argparse.Namespace) -> int:
    from esmload.link.program import Program

    use_cache, cache_dir = cache_settings(options)
    entry = os.path.abspath(target)
    hooks = []
    if options.hooks:
        from esmload.link.hooks import load_hook

        try:
            hooks = [load_hook(name) for name in options.hooks]
        except Exception as exc:  # noqa: BLE001 - a bad hook is a usage error, not a crash
            print(f"esmload: cannot load hook: {exc}", file=sys.stderr)
            return 2
    program = Program(
        argv=[sys.executable, entry, *options.args],
        cache=use_cache,
        cache_dir=cache_dir,
        hooks=hooks,
    )
    try:
        code = program.run(target if _looks_like_path(target) else f"./{target}", options.preload)
    finally:
        if options.cache_stats:
            program.output.write(2, program.stats.line() + "\n")
        program.output.flush()
    # Skip interpreter teardown work (module GC, atexit) the program does not need.
    return code


def _looks_like_path(target: str) -> bool:
    return target.startswith(("/", "./", "../", "file:")) or os.path.isabs(target)
