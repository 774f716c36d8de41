"""Load the QuickJS C API from the quickjs-ng wheel and check it is the version we bind."""

from __future__ import annotations

import _quickjs

from esmload.engine._ffi import ffi
from esmload.errors import EngineError

lib = ffi.dlopen(_quickjs.__file__)

#: Engine version string as the library reports it, e.g. "0.17.0"; part of every cache key.
ENGINE_VERSION: str = ffi.string(lib.JS_GetVersion()).decode("ascii")

# The JSValue layout, tag numbers and loader callbacks below were checked against 0.17.
SUPPORTED_PREFIX = "0.17."

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
