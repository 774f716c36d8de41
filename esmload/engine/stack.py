"""How much native stack JavaScript may use on the calling thread.

QuickJS checks its stack limit (`JS_SetMaxStackSize`, measured down from the point where JS
is entered, `JS_UpdateStackTop`) and throws `RangeError: Maximum call stack size exceeded`
when a call would cross it. Nothing checks the stack below that limit: the Python code of a
host function called at the deepest point, the engine's own unchecked recursions, and the
formatting of the overflow's stack trace run there. So the limit must leave a reserve above
the real end of the thread's stack, or a deep recursion ends in SIGSEGV instead of a
RangeError. The real end differs per thread (8 MiB for a main thread under `ulimit -s 8192`,
whatever `threading.stack_size()` said for others, 128 KiB for musl's default), so the limit
is computed per thread, from the thread's stack bounds (`pthread_getattr_np`) and where the
stack pointer is when the engine is first entered on it.

The command line runs programs on a thread of its own with a big stack (cli/main.py) and says
so with `declare_thread_stack`, which spares it the measurement.
"""

from __future__ import annotations

import _thread

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable

KIB = 1024
MIB = 1024 * KIB

#: The most stack JavaScript gets by default, however big the thread's stack: ~19,000 frames
#: of a simple recursive function on the quickjs-ng wheel's engine, ~50,000 on the engine
#: built at install (Node 20's default allows ~13,700).
DEFAULT_MAX = 32 * MIB
#: What is kept below the engine's limit, at most (for stacks under 2 MiB, half of them).
RESERVE = 1 * MIB
#: How far past the limit an overflow's stack trace may be formatted (engine/core.py).
HEADROOM = 128 * KIB
#: How much deeper than at its first entry a thread may enter the engine later (the limit is
#: measured from each outermost entry, but the room below it from the first one).
ENTRY_SLACK = 128 * KIB
#: What a thread esmload knows nothing about is assumed to have (no pthread_getattr_np).
FALLBACK_AVAILABLE = 1 * MIB

_local = _thread._local()


class ThreadStack:
    """What one thread's stack allows: `available` bytes below the stack pointer of the
    engine's first entry on it."""

    __slots__ = ("available",)

    def __init__(self, available: int) -> None:
        self.available = available

    def budget(self, maximum: int) -> tuple[int, int, int]:
        """(limit, headroom, reserve): the engine's stack limit for this thread (at most
        `maximum`), how far past it the formatting of an overflow's stack trace may go, and
        how much stack there is past it."""
        room = max(self.available - min(ENTRY_SLACK, self.available // 8), 64 * KIB)
        limit = max(min(maximum, room - min(RESERVE, room // 2)), 32 * KIB)
        reserve = max(room - limit, 0)
        return limit, min(HEADROOM, reserve // 4), reserve


def declare_thread_stack(size: int) -> None:
    """The calling thread was started with a stack of `size` bytes (threading.stack_size):
    the engine need not measure it."""
    # A new thread's stack holds only its start-up frames (and glibc's thread descriptor).
    _local.stack = ThreadStack(size - 256 * KIB)


def thread_stack(stack_pointer: Callable[[], int | None]) -> ThreadStack:
    """The calling thread's stack (measured on first use; `stack_pointer()` gives an address
    close to the current stack pointer, or None)."""
    known: ThreadStack | None = getattr(_local, "stack", None)
    if known is None:
        known = _local.stack = ThreadStack(_measure(stack_pointer))
    return known


def _measure(stack_pointer: Callable[[], int | None]) -> int:
    bounds = _bounds()
    sp = stack_pointer() if bounds is not None else None
    if bounds is None or sp is None or not bounds[0] < sp <= bounds[1]:
        return FALLBACK_AVAILABLE
    return sp - bounds[0]


def _bounds() -> tuple[int, int] | None:
    """(lowest, highest) address of the calling thread's stack, or None if unknown."""
    try:
        import ctypes
        import sys

        libc = ctypes.CDLL(None)
        libc.pthread_self.restype = ctypes.c_void_p
        me = ctypes.c_void_p(libc.pthread_self())
        if sys.platform == "darwin":
            get_addr = libc.pthread_get_stackaddr_np
            get_addr.restype = ctypes.c_void_p
            get_addr.argtypes = [ctypes.c_void_p]
            get_size = libc.pthread_get_stacksize_np
            get_size.restype = ctypes.c_size_t
            get_size.argtypes = [ctypes.c_void_p]
            high = get_addr(me)  # the top: stacks grow down
            size = get_size(me)
            return (high - size, high) if high and size else None
        attr = ctypes.create_string_buffer(256)  # pthread_attr_t: 56 or 64 bytes on 64-bit
        if libc.pthread_getattr_np(me, attr) != 0:
            return None
        try:
            low = ctypes.c_void_p()
            size_t = ctypes.c_size_t()
            if libc.pthread_attr_getstack(attr, ctypes.byref(low), ctypes.byref(size_t)) != 0:
                return None
        finally:
            libc.pthread_attr_destroy(attr)
        if not low.value or not size_t.value:
            return None
        return low.value, low.value + size_t.value
    except (ImportError, OSError, AttributeError, TypeError, ValueError):
        return None
