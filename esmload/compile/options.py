"""What changes a module's bytecode for the same source (no engine needed to know it)."""

from __future__ import annotations

from esmload.cache.record import FLAG_STRIP_DEBUG


class CompileOptions:
    """Everything that changes the bytecode for the same source; part of the cache key."""

    __slots__ = ("strip_debug", "hooks_key")

    def __init__(self, strip_debug: bool = False, hooks_key: str = "") -> None:
        self.strip_debug = strip_debug
        self.hooks_key = hooks_key  # what loader hooks' output depends on (link/loader_hooks.py)

    @property
    def variant(self) -> str:
        base = "strip" if self.strip_debug else "debug"
        return f"{base}|{self.hooks_key}" if self.hooks_key else base

    @property
    def flags(self) -> int:
        return FLAG_STRIP_DEBUG if self.strip_debug else 0
