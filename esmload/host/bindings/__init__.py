"""Native bindings of the built-in modules (Node's `internalBinding`): `host.binding(name)` in
JavaScript returns the functions of `esmload/host/bindings/<name>.py`, imported on first use.

A binding module defines `make_binding(host: BindingHost) -> dict[str, Callable]`. Its
functions receive converted JS values (Uint8Array → bytes, plain objects → dicts, functions →
JSRef) and return Python values (bytes → Uint8Array). They run on the loop's thread; slow work
goes through `host.defer`, which runs it on a worker thread and calls a JS callback back on the
loop. Whatever reaches outside the engine asks `host.permissions` first.
"""

from __future__ import annotations

from importlib import import_module

from esmload.errors import ProgramExit, UncaughtError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from esmload.engine.core import Engine, JSRef
    from esmload.host.permissions import Permissions
    from esmload.run.event_loop import EventLoop

#: the bindings there are (a name JS asks for is checked against this before any import)
NAMES = frozenset(("child_process", "crypto", "fetch", "fs", "os", "zlib"))


class BindingHost:
    """What a binding gets from the host."""

    def __init__(self, engine: Engine, loop: EventLoop, permissions: Permissions) -> None:
        self.engine = engine
        self.loop = loop
        self.permissions = permissions
        self._bindings: dict[str, dict[str, Callable[..., Any]]] = {}

    def binding(self, name: str) -> dict[str, Callable[..., Any]]:
        found = self._bindings.get(name)
        if found is None:
            if name not in NAMES:
                raise ValueError(f"no such binding: {name}")
            module = import_module(f"esmload.host.bindings.{name}")
            found = self._bindings[name] = module.make_binding(self)
        return found

    def defer(self, work: Callable[[], Any], callback: JSRef) -> None:
        """Run `work()` on a worker thread, then call `callback(error)` or
        `callback(null, result)` on the loop (the callback reference is released after)."""

        def done(result: Any, error: BaseException | None) -> None:
            try:
                if error is None:
                    self.call(callback, None, result)
                else:
                    value = self.engine.error_value(error)
                    try:
                        self.call(callback, value)
                    finally:
                        value.release()
            finally:
                callback.release()

        self.loop.defer(work, done)

    def call(self, fn: JSRef, *args: Any) -> Any:
        """Call JS from a completion: what it throws is the program's uncaught error."""
        try:
            return self.engine.call(fn, *args)
        except ProgramExit:
            raise
        except BaseException as exc:
            raise UncaughtError(exc) from None
