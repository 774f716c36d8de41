"""The record writer's worker process (fetch/writer.py): batches of jobs in, records written
to the cache directory, one tally out when its input closes.

Usage (by writer.py only): python -m esmload.fetch.record_worker ROOT strip|debug HOOKS_KEY
"""

from __future__ import annotations

import contextlib
import sys

from esmload.cache.code_cache import CodeCache
from esmload.cache.store import CacheStore
from esmload.compile.options import CompileOptions
from esmload.fetch.writer import Job, read_message, write_message, write_record


def main() -> None:
    root, variant, hooks_key = sys.argv[1:4]
    warnings: list[str] = []
    store = CacheStore(root, warn=warnings.append)
    cache = CodeCache(store, CompileOptions(variant == "strip", hooks_key))
    errors: list[tuple[str, str]] = []
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            atoms, jobs = read_message(stdin)
        except EOFError:
            break
        for fields in jobs:
            job = Job(*fields)
            try:
                error = write_record(cache, job, tuple(atoms))
            except Exception as exc:  # noqa: BLE001 - a failed record is a miss next time
                error = f"{type(exc).__name__}: {exc}"
            if error is not None:
                cache.stats.uncacheable += 1
                errors.append((job.path, error))
    tally = (cache.stats.written, cache.stats.uncacheable, errors, warnings)
    with contextlib.suppress(OSError):  # the parent is gone
        write_message(stdout, tally)


if __name__ == "__main__":
    main()
