"""A worker process of fetch/analysis_pool.py: batches of sources in, analyses out, until its
input closes."""

from __future__ import annotations

import contextlib
import sys

from esmload.fetch.analysis_pool import analyze_source, read_message, write_message


def main() -> None:
    with contextlib.suppress(ImportError):  # each analysis reports it
        import esprima  # noqa: F401 - import once, before the first batch arrives
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            sources = read_message(stdin)
        except EOFError:
            return
        try:
            write_message(stdout, [analyze_source(source) for source in sources])
        except (BrokenPipeError, OSError):
            return  # the parent is gone


if __name__ == "__main__":
    main()
