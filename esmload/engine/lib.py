"""Load the QuickJS C API and check it is the version we bind.

Two builds of the same engine can be here: the library that `pip install` compiled from the
pinned quickjs-ng sdist (esmload/engine/build_engine.py; 1.6-2.8x faster on compute-bound code),
used when it is present, and the quickjs-ng wheel's `_quickjs` extension otherwise.
ESMLOAD_ENGINE=wheel forces the wheel's, ESMLOAD_ENGINE=build requires the built one.
"""

from __future__ import annotations

import os

from esmload.engine._ffi import ffi
from esmload.errors import EngineError

# The JSValue layout, tag numbers and loader callbacks below were checked against 0.17.
SUPPORTED_PREFIX = "0.17."

#: The built library and its description (written by build_engine.py next to this file).
BUILT_LIBRARY = os.path.join(os.path.dirname(__file__), "libquickjs-ng.so")
BUILT_INFO = os.path.join(os.path.dirname(__file__), "libquickjs-ng.txt")


def _version(library) -> str:  # type: ignore[no-untyped-def]
    return ffi.string(library.JS_GetVersion()).decode("ascii")


def _load():  # type: ignore[no-untyped-def]
    """(library, its path, whether it is the build): the build when it loads and reports a
    supported version, else the wheel's."""
    choice = os.environ.get("ESMLOAD_ENGINE", "")
    if choice not in ("", "auto", "build", "wheel"):
        raise EngineError(f"ESMLOAD_ENGINE={choice}: use 'auto' (the default), 'build' or 'wheel'")
    if choice != "wheel":
        try:
            built = ffi.dlopen(BUILT_LIBRARY)
        except OSError as exc:
            if choice == "build":
                raise EngineError(
                    f"ESMLOAD_ENGINE=build, but the engine built at install cannot be loaded "
                    f"({exc}); rebuild it: python -m esmload.engine.build_engine"
                ) from None
        else:
            if _version(built).startswith(SUPPORTED_PREFIX) or choice == "build":
                return built, BUILT_LIBRARY, True
    import _quickjs

    return ffi.dlopen(_quickjs.__file__), _quickjs.__file__, False


lib, ENGINE_PATH, ENGINE_IS_BUILT = _load()

#: Engine version string as the library reports it, e.g. "0.17.0"; part of every cache key.
#: The built engine and the wheel's share it on purpose: built from the same sources, they
#: write byte-identical bytecode and read each other's records (tests/test_engine_build.py).
ENGINE_VERSION: str = _version(lib)


def engine_build() -> str:
    """Which build of the engine runs, for `esmload --version`: `built at install: gcc 12.2.0
    -O3 ...` (the compiler and flags build_engine.py recorded) or `quickjs-ng wheel`."""
    if not ENGINE_IS_BUILT:
        return "quickjs-ng wheel"
    info = {}
    try:
        with open(BUILT_INFO, encoding="utf-8") as f:
            for line in f:
                name, _, value = line.partition(":")
                info[name.strip()] = value.strip()
    except OSError:
        pass
    described = " ".join(v for v in (info.get("compiler"), info.get("flags")) if v)
    return f"built at install: {described}" if described else "built at install"


# Value tags (quickjs.h, 64-bit build without NaN boxing).
TAG_BIG_INT = -9
TAG_SYMBOL = -8
TAG_STRING = -7
TAG_STRING_ROPE = -6
TAG_MODULE = -3
TAG_FUNCTION_BYTECODE = -2
TAG_OBJECT = -1
TAG_INT = 0
TAG_BOOL = 1
TAG_NULL = 2
TAG_UNDEFINED = 3
TAG_UNINITIALIZED = 4
TAG_EXCEPTION = 6
TAG_SHORT_BIG_INT = 7
TAG_FLOAT64 = 8

EVAL_TYPE_GLOBAL = 0
EVAL_TYPE_MODULE = 1
EVAL_FLAG_STRICT = 1 << 3
EVAL_FLAG_COMPILE_ONLY = 1 << 5
EVAL_FLAG_BACKTRACE_BARRIER = 1 << 6

WRITE_OBJ_BYTECODE = 1 << 0
WRITE_OBJ_STRIP_SOURCE = 1 << 4
WRITE_OBJ_STRIP_DEBUG = 1 << 5
READ_OBJ_BYTECODE = 1 << 0

PROP_CONFIGURABLE = 1 << 0
PROP_WRITABLE = 1 << 1
PROP_ENUMERABLE = 1 << 2
PROP_C_W_E = PROP_CONFIGURABLE | PROP_WRITABLE | PROP_ENUMERABLE

GPN_STRING_MASK = 1 << 0
GPN_ENUM_ONLY = 1 << 4

PROMISE_PENDING = 0
PROMISE_FULFILLED = 1
PROMISE_REJECTED = 2


def check_version() -> None:
    if not ENGINE_VERSION.startswith(SUPPORTED_PREFIX):
        raise EngineError(
            f"esmload supports QuickJS-ng {SUPPORTED_PREFIX}x, but the installed quickjs-ng "
            f"reports {ENGINE_VERSION}; install a matching release: "
            f"pip install 'quickjs-ng>={SUPPORTED_PREFIX}0,<0.{int(SUPPORTED_PREFIX[2:-1]) + 1}'"
        )
