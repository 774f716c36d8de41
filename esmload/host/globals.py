"""Install the host globals (console, timers, process, …) into a context.

The globals themselves are JavaScript (`prelude.js`); this module gives the prelude the few
native functions it needs: output, timers, exit, clocks, and the process' environment.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence

from esmload.cache.record import source_hash
from esmload.cache.units import SCRIPT
from esmload.engine.core import Engine, JSRef
from esmload.engine.lib import ENGINE_VERSION, PROMISE_FULFILLED, PROMISE_PENDING
from esmload.errors import JSError, ProgramExit, UncaughtError
from esmload.run.event_loop import EventLoop

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import IO, Any, Protocol

    class Sink(Protocol):
        """Where one of JavaScript's output streams goes (host/sinks.py has the embedding
        API's): `write` gets each piece of text JavaScript writes."""

        def write(self, text: str) -> None: ...
        def flush(self) -> None: ...

    from esmload.cache.code_cache import CodeCache
    from esmload.host.bindings import BindingHost
    from esmload.host.permissions import Permissions
    from esmload.link.commonjs import CommonJS
    from esmload.link.loader import Loader

_PROCESS_START = time.monotonic()
_PRELUDE = os.path.join(os.path.dirname(__file__), "prelude.js")
_PRELUDE_NAME = "esmload:prelude"
_STATE_NAMES = {PROMISE_PENDING: "pending", PROMISE_FULFILLED: "fulfilled"}


def well_formed(text: str) -> str:
    """`text` with lone surrogates (JavaScript strings may have them) replaced by U+FFFD, as
    Node writes them."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _encode_output(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return well_formed(text).encode("utf-8")


class Output:
    """JavaScript's stdout (fd 1) and stderr (fd 2): console.*, process.stdout/stderr,
    warnings and the reports of uncaught errors. By default the process' own streams as the
    command line writes them (`BinaryStream`); the embedding API passes other sinks."""

    def __init__(self, stdout: Sink | None = None, stderr: Sink | None = None) -> None:
        self.stdout: Sink = stdout or BinaryStream(getattr(sys.stdout, "buffer", None))
        self.stderr: Sink = stderr or BinaryStream(getattr(sys.stderr, "buffer", None))

    def write(self, fd: int, text: str) -> None:
        try:
            if fd == 2:
                self.flush()  # what went to stdout first shows first
                self.stderr.write(text)
            else:
                self.stdout.write(text)
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): stop writing, like Node ignores EPIPE.
            self.stdout = self.stderr = _NOWHERE

    def flush(self) -> None:
        try:
            self.stdout.flush()
        except BrokenPipeError:
            self.stdout = _NOWHERE


class BinaryStream:
    """A binary stream, written through at once: like node, which writes each console.log,
    so a long-running program's output appears as it happens (None: output goes nowhere)."""

    def __init__(self, stream: IO[bytes] | None) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        if self.stream is not None:
            self.stream.write(_encode_output(text))
            self.stream.flush()

    def flush(self) -> None:
        if self.stream is not None:
            self.stream.flush()


_NOWHERE = BinaryStream(None)


class Host:
    """The prelude's native side for one engine."""

    def __init__(
        self,
        engine: Engine,
        loop: EventLoop,
        *,
        argv: Sequence[str] = (),
        env: dict[str, str] | None = None,
        output: Output | None = None,
        cache: CodeCache | None = None,
        permissions: Permissions | None = None,
    ) -> None:
        self.engine = engine
        self.loop = loop
        self.output = output or Output()
        self.cache = cache
        self._permissions = permissions  # None: everything allowed (made when first asked)
        self._bindings: BindingHost | None = None
        self.loader: Loader | None = None  # the program's, for require() (set by its owner)
        factory = self._prelude(cache)
        environ = dict(os.environ) if env is None else env
        if permissions is not None:
            environ = permissions.environment(environ)
        natives = self._natives(list(argv), environ)
        try:
            self.api: JSRef = engine.call_ref(factory, natives)
        finally:
            factory.release()
        self._fire = engine.get(self.api, "fireTimer", convert=False)
        self._inspect = engine.get(self.api, "inspect", convert=False)
        self._exit_code = engine.get(self.api, "exitCode", convert=False)
        self._run_exit_handlers = engine.get(self.api, "runExitHandlers", convert=False)
        self._require = engine.get(self.api, "internalRequire", convert=False)
        loop.fire = self.fire_timer
        engine.describe_callback = self.inspect

    def _prelude(self, cache: CodeCache | None) -> JSRef:
        """The prelude's factory function, from cached bytecode when the cache has it (it
        saves compiling over 100 kB of JavaScript at every start)."""
        with open(_PRELUDE, "rb") as f:
            source = f.read()
        if cache is None or not cache.usable:
            return self.engine.eval_stripped(source, _PRELUDE_NAME)[0]  # type: ignore[no-any-return]
        digest = source_hash(source)
        unit = cache.get(SCRIPT, _PRELUDE, digest)
        if unit is not None:
            return self.engine.eval_script_bytecode(unit.bytecode)  # type: ignore[no-any-return]
        factory, bytecode = self.engine.eval_stripped(source, _PRELUDE_NAME, serialize=True)
        assert bytecode is not None
        cache.put_later(SCRIPT, _PRELUDE, digest, bytecode)
        return factory  # type: ignore[no-any-return]

    def _natives(self, argv: list[str], env: dict[str, str]) -> dict[str, Any]:
        loop = self.loop
        origin = time.time() * 1000.0 - (time.monotonic() - _PROCESS_START) * 1000.0

        def write(fd: int, text: str) -> None:
            self.output.write(int(fd), str(text))

        def exit_(code: Any = 0) -> None:
            self.output.flush()
            raise ProgramExit(int(code or 0))

        def report_error(error: Any) -> None:
            if not isinstance(error, BaseException):
                # A thrown non-Error arrives converted: print it as Node would (raw strings).
                text = error if isinstance(error, str) else self.inspect(error)
                error = JSError("", text)
            raise UncaughtError(error)

        def now() -> float:
            return (time.monotonic() - _PROCESS_START) * 1000.0

        def promise_state(promise: JSRef) -> list[Any]:
            state, value = self.engine.promise_state_ref(promise)
            return [_STATE_NAMES.get(state, "rejected"), value]

        functions: dict[str, Callable[..., Any]] = {
            "write": write,
            "scheduleTimer": lambda tid, delay, refed=True: loop.schedule(
                int(tid), float(delay), bool(refed)
            ),
            "cancelTimer": lambda tid: loop.cancel(int(tid)),
            "refTimer": lambda tid, refed: loop.set_ref(int(tid), bool(refed)),
            "exit": exit_,
            "reportError": report_error,
            "now": now,
            "cwd": os.getcwd,
            "promiseState": promise_state,
            "isatty": lambda fd: os.isatty(int(fd)),
            "loadModule": self._load_module,
            "builtinNames": _builtin_names,
            "binding": self._binding,
            "cjsResolve": lambda request, parent=None: self._commonjs().resolve(
                str(request), None if parent is None else str(parent)
            ),
            "explainLinkError": self._explain_link_error,
            "cjsLoad": lambda filename: self._commonjs().load(str(filename)),
            "cjsEsModuleFacade": lambda filename: self._commonjs().esm_facade(str(filename)),
            "cjsCompile": lambda source, filename: self._commonjs().compile(
                str(source), str(filename)
            ),
            "permissionHas": lambda scope, reference=None: self.permissions.has(
                str(scope), None if reference is None else str(reference)
            ),
        }
        return {
            **functions,
            "argv": argv,
            "env": env,
            "platform": sys.platform,
            "pid": os.getpid(),
            "permission": self._permissions is not None and self._permissions.enabled,
            "timeOrigin": origin,
            "versions": {"esmload": _esmload_version(), "quickjs": ENGINE_VERSION},
        }

    @property
    def permissions(self) -> Permissions:
        if self._permissions is None:
            from esmload.host.permissions import Permissions

            self._permissions = Permissions()
        return self._permissions

    def _commonjs(self) -> CommonJS:
        if self.loader is None:
            from esmload.errors import EsmloadError

            raise EsmloadError("require() of files needs a program's loader")
        return self.loader.commonjs

    def _explain_link_error(self, message: str) -> Any:
        """internal/stack.js: Node's words for the engine's link error `message` (None: keep
        the engine's); link/link_errors.py is imported only when a link fails."""
        if self.loader is None:
            return None
        from esmload.link.link_errors import explain_for_js

        return explain_for_js(self.engine, self.loader, self.loader.linking, str(message))

    def _load_module(self, module_id: str) -> JSRef:
        from esmload.host.builtin_modules import load_module_function

        return load_module_function(self.engine, self.cache, str(module_id))

    def _binding(self, name: str) -> dict[str, Any]:
        if self._bindings is None:
            from esmload.host.bindings import BindingHost

            self._bindings = BindingHost(self.engine, self.loop, self.permissions)
        return self._bindings.binding(str(name))

    def builtin_exports(self, module_id: str) -> JSRef:
        """`module.exports` of built-in module `module_id` (loaded on first use)."""
        return self.engine.call_ref(self._require, module_id)

    def fire_timer(self, timer_id: int) -> None:
        try:
            self.engine.call(self._fire, timer_id)
        except ProgramExit:
            raise
        except BaseException as exc:
            raise UncaughtError(exc) from None

    def inspect(self, value: Any) -> str:
        return str(self.engine.call(self._inspect, value))

    def exit_code(self) -> int:
        return int(self.engine.call(self._exit_code) or 0)

    def run_exit_handlers(self, code: int) -> None:
        self.engine.call(self._run_exit_handlers, code)

    def close(self) -> None:
        self.engine.describe_callback = None
        refs = (self._fire, self._inspect, self._exit_code, self._run_exit_handlers, self._require)
        for ref in (*refs, self.api):
            ref.release()


def _builtin_names() -> list[list[str]]:
    """Node's built-in module names, and those that exist only with `node:` (module.js)."""
    from esmload.resolve.builtins import NODE_BUILTINS, PREFIX_ONLY

    return [sorted(NODE_BUILTINS), sorted(PREFIX_ONLY)]


def _esmload_version() -> str:
    from esmload import __version__

    return __version__
