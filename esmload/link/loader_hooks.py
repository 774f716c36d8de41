"""Loader hooks: resolve and load steps that can delegate to the next one (like Node's
module customization hooks).

A hook is any object with some of:

- `name: str` — shown in errors;
- `cache_key: str` — what the hook's output depends on besides the source it produces (its own
  version, options). It becomes part of every cache key, so changing it invalidates records;
- `attribute_types: set[str]` — import attribute `type` values the hook handles (e.g. "text");
- `resolve(specifier, context, next_resolve) -> str` — return a module name (a file path, or any
  name with a scheme such as `py:math`), or call `next_resolve(specifier, context)`;
- `load(name, context, next_load) -> LoadResult` — produce the module, or call
  `next_load(name, context)`.

Hooks run in the order given; the first hook's step runs first and the default step is last.
JavaScript produced by a hook goes through the same cache as files do.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from esmload.errors import HookLoadError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any, Literal

# Plain slotted classes: these are made for every import, and dataclasses cost start-up time.


class ResolveContext:
    __slots__ = ("referrer", "attributes")

    def __init__(self, referrer: str | None, attributes: dict[str, str] | None = None) -> None:
        self.referrer = referrer
        self.attributes = {} if attributes is None else attributes


class LoadContext:
    """`attributes`: the import's; `check_read(path)`: call it before a hook reads a file
    itself (it raises Node's ERR_ACCESS_DENIED where a sandboxed program may not load it)."""

    __slots__ = ("attributes", "check_read")

    def __init__(
        self,
        attributes: dict[str, str] | None = None,
        check_read: Callable[[str], None] | None = None,
    ) -> None:
        self.attributes = {} if attributes is None else attributes
        self.check_read: Callable[[str], None] = check_read or _allow


class LoadResult:
    """`module`: JavaScript `source` (bytes or str); `commonjs`: CommonJS `source`; `json`:
    JSON `source`; `host`: `exports`, a mapping of Python values; `builtin`: a `node:` module
    (nothing else)."""

    __slots__ = ("format", "source", "exports")

    def __init__(
        self,
        format: Literal["module", "commonjs", "json", "text", "bytes", "host", "builtin"],
        source: bytes | str | None = None,
        exports: dict[str, Any] | None = None,
    ) -> None:
        self.format = format
        self.source = source
        self.exports = exports


def _allow(path: str) -> None:
    pass


NextResolve = Callable[[str, ResolveContext], str]
NextLoad = Callable[[str, LoadContext], LoadResult]


def chain_resolve(hooks: Sequence[Any], default: NextResolve) -> NextResolve:
    return _chain(hooks, "resolve", default)  # type: ignore[no-any-return]


def chain_load(hooks: Sequence[Any], default: NextLoad) -> NextLoad:
    return _chain(hooks, "load", default)  # type: ignore[no-any-return]


def _chain(hooks: Sequence[Any], step_name: str, default: Callable[..., Any]) -> Callable[..., Any]:
    """The first hook's step, each delegating to the next one's, the default last."""
    step = default
    for hook in reversed(hooks):
        method = getattr(hook, step_name, None)
        if method is not None:
            step = _bind(method, step)
    return step


def _bind(fn: Callable[..., Any], next_step: Callable[..., Any]) -> Callable[..., Any]:
    return lambda value, context: fn(value, context, next_step)


def cache_key(hooks: Sequence[Any]) -> str:
    return "+".join(
        f"{getattr(h, 'name', type(h).__name__)}={getattr(h, 'cache_key', '')}" for h in hooks
    )


def attribute_types(hooks: Sequence[Any]) -> set[str]:
    types: set[str] = set()
    for hook in hooks:
        types |= set(getattr(hook, "attribute_types", ()))
    return types


BUILTIN_HOOKS = {"text": "esmload.hooks.text", "python": "esmload.hooks.python"}


def load_hook(name_or_path: str) -> Any:
    """A hook named on the command line: a built-in name or a Python file defining `hook`."""
    import importlib
    import importlib.util

    if name_or_path in BUILTIN_HOOKS:
        try:
            return importlib.import_module(BUILTIN_HOOKS[name_or_path]).hook
        except ModuleNotFoundError:
            # Running from a source checkout: the ready-made hooks live in ../hooks.
            root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            name_or_path = os.path.join(root, "hooks", f"{name_or_path}.py")
    path = os.path.abspath(name_or_path)
    if not os.path.isfile(path):
        known = ", ".join(sorted(BUILTIN_HOOKS))
        raise HookLoadError(f"no hook {name_or_path!r}: not a file, and not one of {known}")
    spec = importlib.util.spec_from_file_location(f"esmload_user_hook_{abs(hash(path))}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hook = getattr(module, "hook", None)
    if hook is None:
        raise HookLoadError(f"{name_or_path} defines no `hook` object")
    return hook
