"""A whole program run: engine + host globals + loader + cache + event loop → exit code."""

from __future__ import annotations

import os
from collections.abc import Sequence
from time import perf_counter

from esmload.cache.code_cache import CodeCache
from esmload.cache.units import CacheStats
from esmload.compile import CompileOptions
from esmload.engine.core import Engine, JSRef
from esmload.errors import ProgramExit, UncaughtError, UnsettledTopLevelAwait
from esmload.fetch.fetcher import ModuleFetcher
from esmload.host.globals import Host, Output
from esmload.link.loader import LoadedModule, Loader
from esmload.link.loader_hooks import cache_key as hooks_cache_key
from esmload.phases import IMPORTED_AT, PHASES
from esmload.run.event_loop import EventLoop

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from esmload.cache.prefetch import Prefetch
    from esmload.cache.store import CacheStore
    from esmload.host.permissions import Permissions
    from esmload.link.fast_start import FastStart


def format_fatal(error: BaseException, **options: Any) -> str:
    """host/report.py's Node-style report, imported only when a program fails."""
    from esmload.host.report import format_fatal as report

    return report(error, **options)


def package_root(path: str) -> str:
    """The directory of the package `path` belongs to (the nearest one with a package.json),
    or its own directory: the tree a sandboxed program may load modules from."""
    directory = os.path.dirname(os.path.abspath(path))
    here = directory
    while True:
        if os.path.isfile(os.path.join(here, "package.json")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return directory
        here = parent


class Program:
    def __init__(
        self,
        *,
        argv: Sequence[str] = (),
        cache: bool = True,
        cache_dir: str | os.PathLike[str] | None = None,
        options: CompileOptions | None = None,
        output: Output | None = None,
        memory_limit: int | None = None,
        hooks: Sequence[object] = (),
        store: CacheStore | None = None,
        prefetch: Prefetch | None = None,
        owns_process: bool = False,
        permissions: Permissions | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        """`store` is an opened cache store to use (else one at `cache_dir` when `cache`);
        `prefetch`, the program's graph bundle already being read; `owns_process`, esmload
        owns the process, so a cold run's records may be written by a child process (both for
        cli/main.py, see cache/writer.py);
        `permissions`, what the program may reach (default: everything); `env`, the
        environment `process.env` starts from (default: os.environ)."""
        if PHASES.enabled:
            PHASES.add("imports", perf_counter() - IMPORTED_AT)
            PHASES.enter("setup")
        self.output = output or Output()
        self.engine = Engine(memory_limit=memory_limit)
        self.loop = EventLoop(self.engine)
        self.stats = CacheStats()
        if store is not None:
            store.warn = self.warn
        elif cache:
            from esmload.cache.store import CacheStore, default_cache_dir

            store = CacheStore(cache_dir or default_cache_dir(), warn=self.warn)
        self._raise_stops = False
        self.hooks = list(hooks)
        if self.hooks:
            strip = options.strip_debug if options else False
            options = CompileOptions(strip, hooks_cache_key(self.hooks))
        self.cache = None if store is None else CodeCache(store, options, self.stats)
        if self.cache is not None:
            self.cache.owns_process = owns_process  # before the prelude's record
        self.permissions = permissions
        self.host = Host(
            self.engine,
            self.loop,
            argv=argv,
            env=env,
            output=self.output,
            cache=self.cache,
            permissions=permissions,
        )
        # A stack overflow's RangeError gets its stack (and so its location) too.
        self.engine.guard_stack_traces()
        self.fetcher = ModuleFetcher(
            self.engine, self.cache, stats=self.stats, owns_process=owns_process
        )
        # A program that waits (a server, a watcher) writes the records it holds then: it may
        # be ended by a signal, with no time to write them at exit.
        self.loop.before_wait = self.fetcher.write_held
        self.fast_start: FastStart | None = None
        sandboxed = permissions is not None and permissions.enabled
        # A prelinked start loads no module through the loader's permission check. A cache that
        # had no records when it opened has no bundle to read, and this run, every module of
        # which misses, writes none.
        code_cache = self.cache
        if (
            code_cache is not None
            and not self.hooks
            and not sandboxed
            and not (code_cache.usable and code_cache.store.reads_nothing)
        ):
            from esmload.link.fast_start import FastStart

            self.fast_start = FastStart(code_cache, self.fetcher, prefetch)
        self.loader = Loader(
            self.engine,
            self.fetcher,
            hooks=self.hooks,
            fast_start=self.fast_start,
            builtins=self.host.builtin_exports,
            permissions=permissions,
        )
        self.host.loader = self.loader
        if PHASES.enabled:
            PHASES.leave()

    def profile(self) -> str:
        return PHASES.report(perf_counter() - IMPORTED_AT)

    def warn(self, message: str) -> None:
        self.output.write(2, f"esmload: warning: {message}\n")

    def evaluate(self, module: LoadedModule) -> JSRef:
        """Link and evaluate `module`'s graph; returns its evaluation promise. A graph that
        fails to link raises LinkError (Node's SyntaxError)."""
        self.loader.linking = module.path  # orders the imports a link error may name
        try:
            if PHASES.enabled:
                PHASES.enter("evaluate")
                try:
                    promise = self.engine.evaluate_module(module.handle)
                finally:
                    PHASES.leave()
            else:
                promise = self.engine.evaluate_module(module.handle)
        finally:
            self.loader.linking = None
        # The loop reports this promise's rejection itself, as the entry's uncaught error.
        self.engine.mark_handled(promise)
        return promise

    def run(
        self,
        entry: str,
        preload: Sequence[str] = (),
        *,
        loaded: Callable[[], None] | None = None,
        requires: Sequence[str] = (),
        raise_stops: bool = False,
    ) -> int:
        """Run `entry` (after each of `requires`, CommonJS modules required from the current
        directory, then each `preload` module) to completion; returns the exit code.
        `loaded` is called once the entry's graph is loaded, before anything runs.
        With `raise_stops` (the embedding API), what stopped the program from outside (its
        time limit, interrupt(), Ctrl-C, the memory limit) is raised instead of reported."""
        self._raise_stops = raise_stops
        try:
            try:
                if self.permissions is not None and self.permissions.enabled:
                    self.permissions.module_roots.add(package_root(entry))
                for request in requires:
                    self.loader.commonjs.preload(request)
                for specifier in preload:
                    module = self.loader.load_entry(specifier)
                    self.loop.run(self.evaluate(module), until_settled=True)
                module = self.loader.load_entry(entry, main=True)
                self.fetcher.flush_writes()  # records get written while the program runs
                if loaded is not None:
                    loaded()
                promise = self.evaluate(module)
                if PHASES.enabled:
                    PHASES.enter("evaluate")  # the event loop runs the program
                    try:
                        self.loop.run(promise)
                    finally:
                        PHASES.leave()
                else:
                    self.loop.run(promise)
                code = self.host.exit_code()
            except ProgramExit as exit_:
                self._raise_stop(exit_.error if isinstance(exit_, UncaughtError) else exit_)
                code = self._ended(exit_, entry)
            except BaseException as error:  # noqa: BLE001 - every failure becomes a message
                self._raise_stop(error)
                self.output.write(2, format_fatal(error, inspect=self.host.inspect))
                code = 1
            return self._exit_handlers(code)
        finally:
            self.finish()  # records still being written must land before we exit
            self.output.flush()

    def _ended(self, exit_: ProgramExit, entry: str) -> int:
        if isinstance(exit_, UncaughtError):
            text = format_fatal(exit_.error, inspect=self.host.inspect, rejection=exit_.rejection)
            self.output.write(2, text)
        elif isinstance(exit_, UnsettledTopLevelAwait):
            self.output.write(
                2, f"Warning: Detected unsettled top-level await in {self.loader.main or entry}\n"
            )
        return exit_.status

    def _exit_handlers(self, code: int) -> int:
        """Run `process.on('exit')` listeners; they may change `process.exitCode`."""
        try:
            self.host.run_exit_handlers(code)
            return self.host.exit_code() or code
        except ProgramExit as exit_:
            self._raise_stop(exit_.error if isinstance(exit_, UncaughtError) else exit_)
            return exit_.status
        except BaseException as error:  # noqa: BLE001
            self._raise_stop(error)
            self.output.write(2, format_fatal(error, inspect=self.host.inspect))
            return 1

    def _raise_stop(self, error: BaseException) -> None:
        """Under `raise_stops`, raise what stopped the program, if `error` (the program's
        failure, unwrapped) says something did."""
        if not self._raise_stops:
            return
        stop = self.engine.stopped()
        if stop is not None:
            raise stop from None
        if isinstance(error, (KeyboardInterrupt, MemoryError)):
            raise error from None

    def finish(self) -> None:
        """Wait for records still being written, then write the graph bundle if it is due."""
        self.fetcher.finish()
        if self.fast_start is not None:
            self.fast_start.finish()

    def close(self) -> None:
        self.finish()
        self.loader.close()
        self.host.loader = None
        self.host.close()
        self.engine.close()
