"""Python objects in JavaScript: live proxies, and the explicit conversions both ways.

Values that have a JavaScript equivalent cross by value (numbers, strings, `None`, `bytes`,
and `dict`/`list`/`tuple` as plain objects and arrays, deep); callables become JS functions.
Any other object crosses as a live proxy, in the spirit of pyodide's `PyProxy`:

    p.name, p.name = v, 'name' in p, delete p.name   attributes
    p.get(k), p.set(k, v), p.has(k), p.delete(k)      items (obj[k])
    p.length                                          len(obj)
    for (const x of p)                                iteration
    p(...args), new p(...args), p.callKwargs(..., {kw})   calls (a class, a callable object)
    p.toString(), p.type, p.toJs({depth}), p.destroy()

`create_proxy(obj)` sends a dict or list as a proxy too (JS changes show in Python), and
`to_js(obj, depth=-1)` asks for a deep copy (sets become `Set`s, any mapping a plain object).
Coming back to Python, a proxy is the original object again.

Lifetime: the proxy's target holds a JS function whose finalizer (engine/callbacks.py) drops
this side's reference, so the Python object lives as long as JavaScript holds the proxy
(`destroy()` lets go earlier).

What JavaScript reaches through a proxy is what Python code could reach through the object's
public attributes: names that start with `_` are hidden, and modules, frames, code objects and
tracebacks never cross on their own (`create_proxy` still sends one the host means to share).
Give sandboxed code only objects whose public surface it may use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import count
from types import CodeType, FrameType, ModuleType, TracebackType
from typing import TYPE_CHECKING, Any

from esmload.engine.handles import UNDEFINED, JSRef
from esmload.proxies import wrap

if TYPE_CHECKING:
    from esmload.runtime import Runtime

__all__ = ["create_proxy", "to_js"]

_CLOSED_TYPES = (ModuleType, FrameType, CodeType, TracebackType)

# The JavaScript half: one handler for every proxy; each proxy's target (an object, or a
# function when the Python object is callable) maps to the Python function that serves it.
_FACTORY_JS = r"""(() => {
  const served = new WeakMap();   // target or proxy -> the Python dispatch function
  const ids = new WeakMap();      // proxy -> id of the Python object (to find it again)
  const of = (p) => {
    const d = served.get(p);
    if (d === undefined) throw new TypeError('not a live Python object proxy');
    return d;
  };
  const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
  function PyProxy() { throw new TypeError('PyProxy is not constructible'); }
  const methods = {
    toString() { return of(this)('str'); },
    destroy() { of(this)('destroy'); },
    toJs(options) {
      const depth = options !== undefined && options !== null && options.depth !== undefined
        ? options.depth : -1;
      return of(this)('tojs', depth);
    },
    get(key) { return of(this)('getitem', key); },
    set(key, value) { of(this)('setitem', key, value); },
    has(key) { return of(this)('hasitem', key); },
    delete(key) { of(this)('delitem', key); },
    callKwargs(...args) {
      const kwargs = args.length ? args.pop() : {};
      return of(this)('call', args, kwargs);
    },
    [inspectSymbol]() { return `PyProxy(${of(this)('repr')})`; },
  };
  Object.setPrototypeOf(methods, Object.prototype);
  PyProxy.prototype = methods;
  const handler = {
    get(target, key) {
      const d = served.get(target);
      if (typeof key === 'symbol') {
        if (key === Symbol.iterator) {
          if (!d('iterable')) return undefined;
          return function* () {
            const it = d('iter');
            const next = served.get(it);
            try {
              for (;;) {
                const [done, value] = next('next');
                if (done) return;
                yield value;
              }
            } finally {
              next('destroy');
            }
          };
        }
        if (key === Symbol.toStringTag) return 'PyProxy';
        return methods[key];
      }
      if (key === 'length') return d('len');
      if (key === 'type') return d('type');
      if (key === 'constructor') return PyProxy;
      if (Object.prototype.hasOwnProperty.call(methods, key)) return methods[key];
      return d('get', key);
    },
    set(target, key, value) {
      if (typeof key === 'symbol') return false;
      served.get(target)('set', key, value);
      return true;
    },
    has(target, key) {
      return typeof key === 'string' && served.get(target)('has', key);
    },
    deleteProperty(target, key) {
      if (typeof key === 'symbol') return false;
      served.get(target)('del', key);
      return true;
    },
    ownKeys(target) {
      const keys = served.get(target)('dir');
      for (const own of Reflect.ownKeys(target)) {
        const desc = Reflect.getOwnPropertyDescriptor(target, own);
        if (!desc.configurable && !keys.includes(own)) keys.push(own);
      }
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      if (own !== undefined && !own.configurable) return own;
      if (typeof key !== 'string' || !served.get(target)('has', key)) return undefined;
      return { value: served.get(target)('get', key), writable: true, enumerable: true,
               configurable: true };
    },
    defineProperty() { return false; },
    getPrototypeOf() { return methods; },
    setPrototypeOf() { return false; },
    apply(target, self, args) { return served.get(target)('call', args); },
    construct(target, args) { return served.get(target)('call', args); },
  };
  return {
    make(dispatch, id, callable) {
      // A function target only for callables: `typeof` says 'function' for those alone.
      const target = callable ? function () {} : {};
      const proxy = new Proxy(target, handler);
      served.set(target, dispatch);
      served.set(proxy, dispatch);
      ids.set(proxy, id);
      return proxy;
    },
    idOf(value) { return ids.get(value); },
    newSet(items) { return new Set(items); },
    isProxy(value) { return ids.has(value); },
  };
})()"""


class _Marked:
    __slots__ = ("obj", "depth")

    def __init__(self, obj: Any, depth: int) -> None:
        self.obj = obj
        self.depth = depth


class _AsProxy(_Marked):
    """`create_proxy(obj)`: obj crosses as a live proxy whatever its type."""


class _Copied(_Marked):
    """`to_js(obj, depth)`: obj crosses as a deep copy, down to `depth` levels."""


def create_proxy(obj: Any) -> Any:
    """Mark `obj` to cross into JavaScript as a live proxy, even a dict or a list (whose
    default is a copy): changes JavaScript makes show in Python and the reverse."""
    return _AsProxy(obj, -1)


def to_js(obj: Any, depth: int = -1) -> Any:
    """Mark `obj` to cross into JavaScript as a deep copy: mappings become plain objects,
    lists and tuples arrays, sets `Set`s; below `depth` levels (-1: no limit), containers
    cross as proxies. Objects with no JavaScript equivalent still cross as proxies."""
    return _Copied(obj, depth)


class PythonObjects:
    """One runtime's proxies of Python objects: the JavaScript factory, the objects JS
    holds (by id), and the operations a proxy asks for."""

    def __init__(self, runtime: Runtime) -> None:
        self._rt = runtime
        self._objects: dict[int, Any] = {}
        self._ids = count(1)
        self._factory: dict[str, JSRef] | None = None
        self.undefined = JSRef(runtime._engine, UNDEFINED)  # (immediate: nothing to free)

    @property
    def active(self) -> bool:
        """Whether any proxy was ever made (before that, no JS value can be one)."""
        return self._factory is not None

    def _helpers(self) -> dict[str, JSRef]:
        if self._factory is None:
            self._factory = self._rt._engine.eval_script(_FACTORY_JS, "esmload:python-objects")
        return self._factory

    def proxy(self, obj: Any) -> JSRef:
        """A new JS proxy of `obj` (an owned reference)."""
        helpers = self._helpers()
        pid = next(self._ids)
        self._objects[pid] = obj
        dispatch = _Dispatch(self, pid)
        engine = self._rt._engine
        return engine.call_ref(helpers["make"], dispatch, pid, callable(obj))

    def original(self, ref: JSRef) -> tuple[bool, Any]:
        """(True, the Python object) when `ref` is one of this runtime's proxies, else
        (False, None)."""
        if self._factory is None:
            return False, None
        pid = self._rt._engine.call(self._factory["idOf"], ref)
        if pid is None or pid not in self._objects:
            return False, None
        return True, self._objects[pid]

    def release(self, pid: int) -> None:
        self._objects.pop(pid, None)

    def close(self) -> None:
        if self._factory is not None:
            for ref in self._factory.values():
                ref.release()
            self._factory = None
        self._objects.clear()

    # ------------------------------------------------------------------ conversions

    def to_value(self, value: Any, memo: dict[int, Any]) -> Any:
        """What the engine converts for a Python value that is not a plain one: a proxy
        (a JSRef) or the converted form of a marked value."""
        if isinstance(value, _AsProxy):
            return self.proxy(value.obj)
        if isinstance(value, _Copied):
            return self.copy(value.obj, value.depth, memo)
        if isinstance(value, _CLOSED_TYPES):
            raise TypeError(
                f"a {type(value).__name__} object does not cross into JavaScript "
                "(esmload.create_proxy sends one on purpose)"
            )
        return self.proxy(value)

    def copy(self, obj: Any, depth: int, memo: dict[int, Any]) -> Any:
        """`to_js`: containers by value down to `depth` levels, then proxies."""
        rt = self._rt
        if id(obj) in memo:
            return memo[id(obj)]
        if isinstance(obj, Mapping):
            if depth == 0:
                return self.proxy(obj)
            result: Any = {}
            memo[id(obj)] = result
            for key, item in obj.items():
                result[str(key)] = self.copy(item, depth - 1, memo)
            return result
        if isinstance(obj, (list, tuple)):
            if depth == 0:
                return self.proxy(obj)
            items: list[Any] = []
            memo[id(obj)] = items
            items.extend(self.copy(item, depth - 1, memo) for item in obj)
            return items
        if isinstance(obj, (set, frozenset)):
            if depth == 0:
                return self.proxy(obj)
            members = [self.copy(item, depth - 1, memo) for item in obj]
            return rt._engine.call_ref(self._helpers()["newSet"], members)
        return rt._unwrap(obj, memo)


class _Dispatch:
    """The Python function behind one proxy: JS calls it with an operation and operands.
    When JS collects the proxy, the engine drops this object, and with it the reference."""

    __slots__ = ("_owner", "_pid", "__name__")

    def __init__(self, owner: PythonObjects, pid: int) -> None:
        self._owner = owner
        self._pid = pid
        self.__name__ = "PyProxy"

    def __del__(self) -> None:
        self._owner.release(self._pid)

    def __call__(self, op: str, key: Any = None, value: Any = None) -> Any:
        owner = self._owner
        rt = owner._rt
        try:
            obj = owner._objects[self._pid]
        except KeyError:
            raise ReferenceError("this Python object proxy was destroyed") from None
        result = _OPERATIONS[op](self, obj, wrap(rt, key), wrap(rt, value))
        return owner.undefined if result is _MISSING else rt._unwrap(result)

    # Each operation: (self, obj, key, value) -> a Python value to send back.
    def _get(self, obj: Any, key: Any, _: Any) -> Any:
        if not _public(key):
            return _MISSING
        return getattr(obj, key, _MISSING)

    def _set(self, obj: Any, key: Any, value: Any) -> None:
        if not _public(key):
            raise AttributeError(f"{key!r} is not a public attribute")
        setattr(obj, key, value)

    def _has(self, obj: Any, key: Any, _: Any) -> bool:
        return _public(key) and hasattr(obj, key)

    def _del(self, obj: Any, key: Any, _: Any) -> None:
        if not _public(key):
            raise AttributeError(f"{key!r} is not a public attribute")
        delattr(obj, key)

    def _dir(self, obj: Any, _: Any, __: Any) -> list[str]:
        return [name for name in dir(obj) if _public(name)]

    def _getitem(self, obj: Any, key: Any, _: Any) -> Any:
        try:
            return obj[key]
        except (KeyError, IndexError):
            return _MISSING  # JS: a missing entry reads as undefined

    def _setitem(self, obj: Any, key: Any, value: Any) -> None:
        obj[key] = value

    def _hasitem(self, obj: Any, key: Any, _: Any) -> bool:
        return key in obj

    def _delitem(self, obj: Any, key: Any, _: Any) -> None:
        del obj[key]

    def _len(self, obj: Any, _: Any, __: Any) -> Any:
        if hasattr(obj, "__len__"):
            return len(obj)
        return getattr(obj, "length", _MISSING)

    def _iterable(self, obj: Any, _: Any, __: Any) -> bool:
        return hasattr(obj, "__iter__") or hasattr(obj, "__getitem__")

    def _iter(self, obj: Any, _: Any, __: Any) -> Any:
        return _AsProxy(iter(obj), -1)

    def _next(self, obj: Any, _: Any, __: Any) -> list[Any]:
        try:
            return [False, next(obj)]
        except StopIteration:
            return [True, None]

    def _call(self, obj: Any, args: Any, kwargs: Any) -> Any:
        if not callable(obj):
            raise TypeError(f"{type(obj).__name__} object is not callable")
        return obj(*(args or ()), **(kwargs or {}))

    def _str(self, obj: Any, _: Any, __: Any) -> str:
        return str(obj)

    def _repr(self, obj: Any, _: Any, __: Any) -> str:
        return repr(obj)

    def _type(self, obj: Any, _: Any, __: Any) -> str:
        return type(obj).__name__

    def _tojs(self, obj: Any, depth: Any, _: Any) -> Any:
        return _Copied(obj, -1 if depth is None else int(depth))

    def _destroy(self, obj: Any, _: Any, __: Any) -> None:
        self._owner.release(self._pid)


_MISSING = object()  # an operation's "undefined" (None is null in JavaScript)


def _public(name: Any) -> bool:
    return isinstance(name, str) and not name.startswith("_")


_OPERATIONS: dict[str, Callable[[_Dispatch, Any, Any, Any], Any]] = {
    "get": _Dispatch._get,
    "set": _Dispatch._set,
    "has": _Dispatch._has,
    "del": _Dispatch._del,
    "dir": _Dispatch._dir,
    "getitem": _Dispatch._getitem,
    "setitem": _Dispatch._setitem,
    "hasitem": _Dispatch._hasitem,
    "delitem": _Dispatch._delitem,
    "len": _Dispatch._len,
    "iterable": _Dispatch._iterable,
    "iter": _Dispatch._iter,
    "next": _Dispatch._next,
    "call": _Dispatch._call,
    "str": _Dispatch._str,
    "repr": _Dispatch._repr,
    "type": _Dispatch._type,
    "tojs": _Dispatch._tojs,
    "destroy": _Dispatch._destroy,
}
