"""`python -m esmload` / `esmload`: run a program, or one of the cache tools."""

from __future__ import annotations

import gc
import os
import sys
from types import SimpleNamespace

from esmload import __version__
from esmload.cli.options import (
    SUBCOMMANDS,
    add_options,
    cache_settings,
    cache_store,
    for_argparse,
    permissions,
    quick_parse,
)

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from esmload.cache.prefetch import Prefetch
    from esmload.cache.store import CacheStore

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
  ESMLOAD_PROFILE=1      print the time spent in each pipeline phase to stderr at exit
  ESMLOAD_DEBUG=1        add Python tracebacks to internal-error reports
"""


def build_parser():  # type: ignore[no-untyped-def]
    """The full parser (help, version, commands, mistakes); `quick_parse` takes the common
    case without it. Both read their options from cli/options.py's table."""
    import argparse  # only off the common path: it costs start-up time

    parser = argparse.ArgumentParser(
        prog="esmload",
        usage="esmload [options] FILE [args...]\n       esmload [options] COMMAND ...",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action=_version_action(),
        nargs=0,
        dest=argparse.SUPPRESS,
        default=argparse.SUPPRESS,
        help="show the version and the engine build, and exit",
    )
    add_options(parser)
    parser.add_argument("target", metavar="FILE", help="the program's entry module")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program")
    return parser


def version_text() -> str:
    """The --version line, e.g. `esmload 0.1.0, QuickJS-ng 0.17.0 (built at install: gcc
    12.2.0 -O3 ...)` or `... (quickjs-ng wheel)`: which build runs matters for speed (README)."""
    try:
        from esmload.engine.lib import ENGINE_VERSION, engine_build
    except Exception as exc:  # noqa: BLE001 - --version still answers when the engine is broken
        return f"esmload {__version__}, QuickJS-ng engine unavailable ({exc})"
    return f"esmload {__version__}, QuickJS-ng {ENGINE_VERSION} ({engine_build()})"


def _version_action():  # type: ignore[no-untyped-def]
    import argparse

    class VersionAction(argparse.Action):
        """Like argparse's "version" action, with the text built only when asked for (it
        loads the engine)."""

        def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[no-untyped-def]
            print(version_text())  # to stdout, as argparse's own version action does
            parser.exit()

    return VersionAction


def parse_args(args: list[str]) -> SimpleNamespace:
    """The global options, FILE (or a command's name) and what follows it; a usage error,
    `--help` or `--version` exits (SystemExit) as argparse does."""
    options = quick_parse(args)
    if options is None:
        options = build_parser().parse_args(for_argparse(args))
    return options


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(list(sys.argv[1:] if argv is None else argv))
    target: str = options.target
    if target in SUBCOMMANDS and not os.path.exists(target):
        from esmload.cli.commands import run_command

        return run_command(target, options.args, options)
    return run_program(target, options)


#: The stack of the thread a program runs on. JavaScript may use up to 32 MiB of it
#: (engine/stack.py: 19,000 to 50,000 frames of a simple recursive function, Node 20 13,700), so a
#: deep recursion or require() chain ends in a RangeError with its location, whatever
#: `ulimit -s` says; only the pages a program touches are ever allocated.
PROGRAM_STACK = 64 * 2**20
#: Python's recursion limit meanwhile: each require() level costs JavaScript and Python
#: frames, and the JavaScript stack, not Python's default limit of 1000, should end a chain.
PROGRAM_RECURSION_LIMIT = 20_000


def run_program(target: str, options: SimpleNamespace) -> int:
    try:
        import _signal as signal  # the C module: `signal` wraps it in enums (~2 ms to import)
    except ImportError:  # pragma: no cover - other Pythons
        import signal  # type: ignore[no-redef]

    # Ctrl-C ends the program at once, as it does for node (exit by signal), instead of
    # surfacing as a catchable error inside JavaScript. Records are written atomically.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # Start-up allocates much and frees little: cyclic garbage collection waits until the
    # program's graph is loaded (Program.run calls `loaded`), and what start-up built is then
    # frozen out of later collections (~2 ms on lodash-es).
    gc.disable()
    try:
        return on_big_stack(_run_program, target, options)
    finally:
        gc.enable()


def on_big_stack(function: Callable[..., int], *args: object) -> int:
    """`function(*args)` on a thread with a stack of PROGRAM_STACK bytes (this thread waits),
    or here if no such thread can be had."""
    import _thread

    outcome: list[int | BaseException] = []
    done = _thread.allocate_lock()

    def main() -> None:
        try:
            from esmload.engine.stack import declare_thread_stack

            declare_thread_stack(PROGRAM_STACK)
            outcome.append(function(*args))
        except BaseException as exc:  # noqa: BLE001 - raised again on the waiting thread
            outcome.append(exc)
        finally:
            done.release()

    limit = sys.getrecursionlimit()
    try:
        before = _thread.stack_size(PROGRAM_STACK)
    except (ValueError, _thread.error):
        return function(*args)
    done.acquire()
    try:
        sys.setrecursionlimit(max(limit, PROGRAM_RECURSION_LIMIT))
        try:
            _thread.start_new_thread(main, ())
        except (RuntimeError, MemoryError):  # no memory for the stack: run it here
            done.release()
            sys.setrecursionlimit(limit)
            return function(*args)
    finally:
        _thread.stack_size(before)
    done.acquire()  # until the program's thread is done
    sys.setrecursionlimit(limit)
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _run_program(target: str, options: SimpleNamespace) -> int:
    use_cache, cache_dir = cache_settings(options)
    entry = os.path.abspath(target)
    store, prefetch = _start_cache(use_cache, cache_dir, entry, options)

    from esmload.run.program import Program  # the engine: imported while prefetch reads

    hooks = []
    if options.hooks:
        from esmload.link.loader_hooks import load_hook

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
        store=store,
        prefetch=prefetch,
        owns_process=True,
        permissions=permissions(options),
    )
    try:
        code = program.run(
            target if _looks_like_path(target) else f"./{target}",
            options.preload,
            loaded=_resume_gc,
            requires=options.requires,
        )
    finally:
        if options.cache_stats:
            program.output.write(2, program.stats.line() + "\n")
        if os.environ.get("ESMLOAD_PROFILE", "") not in ("", "0"):
            program.output.write(2, program.profile() + "\n")
        program.output.flush()
    global _program_done
    _program_done = True
    return code


_program_done = False


def run() -> None:
    """The command line's entry point (`esmload`, `python -m esmload`)."""
    code = main()
    threads = sys.modules.get("threading")
    if _program_done and (threads is None or threads.active_count() == 1):
        # A finished program leaves nothing behind that the OS does not clean up (records
        # are written, output is flushed): skip freeing the engine's heap and the
        # interpreter's teardown, 3-5 ms on a large graph. Node exits the same way.
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            pass  # let the usual exit report it
        else:
            os._exit(code)
    raise SystemExit(code)


def _resume_gc() -> None:
    gc.freeze()
    gc.enable()


def _start_cache(
    use_cache: bool, cache_dir: str | None, entry: str, options: SimpleNamespace
) -> tuple[CacheStore | None, Prefetch | None]:
    """The cache store, opened, and the program's graph bundle being read and hashed on a
    second thread (cache/prefetch.py) while the engine is imported and set up."""
    if not use_cache:
        return None, None
    store = cache_store(cache_dir)
    if not store.open() or options.hooks or options.preload or options.requires:
        return store, None
    from esmload.cache.code_cache import CodeCache
    from esmload.cache.units import BUNDLE

    # The loader names the entry by its real path; a wrong guess only wastes the read.
    return store, CodeCache(store).read_ahead(BUNDLE, os.path.realpath(entry))


def _looks_like_path(target: str) -> bool:
    return target.startswith(("/", "./", "../", "file:")) or os.path.isabs(target)
