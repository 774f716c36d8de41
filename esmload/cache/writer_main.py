"""The record writer child's entry point (writer_process.py starts it): the setup message,
then jobs until the pipe closes."""

from __future__ import annotations

import marshal
import os

from esmload.cache.code_cache import CodeCache
from esmload.cache.units import UNIT_KINDS
from esmload.cache.writer_process import BATCH_HEAD, serve


def main() -> None:
    """Serve on standard input (jobs) and output (the tally), then leave without running
    any exit code."""
    status = 1
    try:
        os.closerange(3, 1 << 16)  # (where /proc could not tell the parent which to close)
        fields_size, _ = BATCH_HEAD.unpack(_read_exactly(0, BATCH_HEAD.size))
        state, built = marshal.loads(_read_exactly(0, fields_size))
        cache = CodeCache.for_writer(state)
        serve(cache, 0, 1, [(UNIT_KINDS[kind], path, data) for kind, path, data in built])
        status = 0
    finally:
        os._exit(status)


def _read_exactly(fd: int, size: int) -> bytes:
    parts = []
    while size:
        part = os.read(fd, size)
        if not part:
            raise EOFError("the parent closed the pipe")
        parts.append(part)
        size -= len(part)
    return b"".join(parts)
