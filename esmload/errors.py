"""Exceptions esmload raises. Kept free of engine imports so every layer can use them."""

from __future__ import annotations


class EsmloadError(Exception):
    """Base class of esmload's own errors. `str()` is one line meant for users."""


class JSError(EsmloadError):
    """A JavaScript exception that reached Python.

    `name` and `message` come from the thrown Error (`name` is "" for a thrown non-Error value,
    whose text is then in `message`); `stack` is the engine's backtrace text. `str()` starts with
    `Name: message` like Node prints it.
    """

    def __init__(self, name: str, message: str, stack: str = "", *, value: object = None) -> None:
        self.name = name
        self.message = message
        self.stack = stack
        self.value = value  # an engine reference to the thrown value, used to rethrow it unchanged
        super().__init__(f"{name}: {message}" if name else message)


class ProgramExit(EsmloadError):
    """`process.exit(code)` was called: unwinds Python the way the uncatchable error unwinds JS."""

    def __init__(self, code: int) -> None:
        self.code = code
        super().__init__(f"process.exit({code})")


class EngineError(EsmloadError):
    """The engine cannot be used: wrong QuickJS version, out of memory at start-up, misuse."""
