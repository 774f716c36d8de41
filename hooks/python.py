"""Expose Python modules to JavaScript as `py:NAME`: `import { sqrt } from 'py:math'`.

Opt-in, because it opens the sandbox: JS code gets whatever the named Python modules can do.
Pass `allow` to limit which modules may be imported (default: any).
Usage: `esmload --hook python main.mjs` or `Runtime(hooks=[PythonModulesHook(allow={"math"})])`.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from esmload.link.loader_hooks import LoadContext, LoadResult, NextLoad, NextResolve, ResolveContext

PREFIX = "py:"


class PythonModulesHook:
    name = "python"
    cache_key = "1"

    def __init__(self, allow: Iterable[str] | None = None) -> None:
        self.allow = None if allow is None else set(allow)

    def resolve(self, specifier: str, context: ResolveContext, next_resolve: NextResolve) -> str:
        if not specifier.startswith(PREFIX):
            return next_resolve(specifier, context)
        module = specifier[len(PREFIX) :]
        if self.allow is not None and module not in self.allow:
            raise PermissionError(f"Python module {module!r} is not allowed by the python hook")
        return specifier

    def load(self, name: str, context: LoadContext, next_load: NextLoad) -> LoadResult:
        if not name.startswith(PREFIX):
            return next_load(name, context)
        module = importlib.import_module(name[len(PREFIX) :])
        public = getattr(module, "__all__", None) or [
            n for n in dir(module) if not n.startswith("_")
        ]
        exports = {}
        for attr in public:
            value = getattr(module, attr, None)
            if _passable(value):
                exports[attr] = value
        return LoadResult("host", exports=exports)


def _passable(value: object) -> bool:
    return value is None or isinstance(value, (bool, int, float, str, bytes)) or callable(value)


hook = PythonModulesHook()
