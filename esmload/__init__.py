"""esmload: run JavaScript ES modules on QuickJS, with a transparent on-disk bytecode cache.

The public names are imported lazily, so `import esmload` stays cheap for the CLI.
"""

from __future__ import annotations

import esmload.phases  # noqa: F401 - starts the clock for ESMLOAD_PROFILE's "imports"

__version__ = "0.1.0"

__all__ = [
    "Interrupted",
    "JSError",
    "JSFunction",
    "JSObject",
    "JSPromise",
    "Runtime",
    "create_proxy",
    "install",
    "to_js",
    "__version__",
]

TYPE_CHECKING = False  # importing typing would cost every CLI run milliseconds
if TYPE_CHECKING:
    from typing import Any

    from esmload.errors import Interrupted, JSError
    from esmload.importer import install
    from esmload.proxies import JSFunction, JSObject, JSPromise
    from esmload.python_objects import create_proxy, to_js
    from esmload.runtime import Runtime

_LAZY = {
    "Runtime": "esmload.runtime",
    "JSError": "esmload.errors",
    "Interrupted": "esmload.errors",
    "JSObject": "esmload.proxies",
    "JSFunction": "esmload.proxies",
    "JSPromise": "esmload.proxies",
    "install": "esmload.importer",
    "create_proxy": "esmload.python_objects",
    "to_js": "esmload.python_objects",
}


def __getattr__(name: str) -> Any:  # noqa: F821 - Any is for type checkers only
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'esmload' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
