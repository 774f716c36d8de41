"""Opt-in Python import hook: `esmload.install()` lets `import name` load `name.mjs` from sys.path.

The Python module proxies the ES module's namespace (live bindings: attributes are read from
JS on every access). All such modules share one Runtime, made on first use unless given.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from esmload.runtime import Runtime

_finder: _MjsFinder | None = None


class _MjsLoader(importlib.abc.Loader):
    def __init__(self, finder: _MjsFinder, path: str) -> None:
        self.finder = finder
        self.path = path

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        namespace = self.finder.runtime().import_module(self.path)

        def __getattr__(name: str) -> object:
            try:
                return namespace[name]
            except KeyError:
                raise AttributeError(f"ES module {self.path!r} has no export {name!r}") from None

        def __dir__() -> list[str]:
            return sorted(namespace.keys())

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__dir__ = __dir__  # type: ignore[method-assign]
        module.__esmodule__ = namespace  # type: ignore[attr-defined]


class _MjsFinder(importlib.abc.MetaPathFinder):
    def __init__(self, runtime: Runtime | None) -> None:
        self._runtime = runtime

    def runtime(self) -> Runtime:
        if self._runtime is None:
            self._runtime = Runtime()
        return self._runtime

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        name = fullname.rpartition(".")[2]
        for entry in path if path is not None else sys.path:
            candidate = os.path.join(entry or os.getcwd(), f"{name}.mjs")
            if os.path.isfile(candidate):
                loader = _MjsLoader(self, os.path.realpath(candidate))
                return importlib.util.spec_from_loader(fullname, loader, origin=candidate)
        return None


def install(runtime: Runtime | None = None) -> None:
    """Let `import name` find `name.mjs` on sys.path (idempotent)."""
    global _finder
    if _finder is not None and _finder in sys.meta_path:
        return
    _finder = _MjsFinder(runtime)
    sys.meta_path.append(_finder)


def uninstall() -> None:
    global _finder
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    _finder = None
