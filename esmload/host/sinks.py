"""Where the embedding API sends JavaScript's output: `Runtime(stdout=..., stderr=...)`.

Each target becomes a sink once, when the runtime is made: the kind decides how text is
written, so a write does no checks. Text reaches every sink well-formed (lone surrogates as
U+FFFD, as Node writes them) and is flushed at once, like the command line's output.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from esmload.host.globals import BinaryStream, well_formed

if TYPE_CHECKING:
    from esmload.host.globals import Sink

#: What `Runtime(stdout=...)` accepts: a text or binary file object, a callable that gets
#: each string written, or None (Python's `sys.stdout`/`sys.stderr` when written).
OutputTarget = IO[str] | IO[bytes] | Callable[[str], object] | None


def sink_for(target: OutputTarget, name: str) -> Sink:
    """The sink for `target`; `name` ("stdout" or "stderr") is the `sys` stream of None."""
    if target is None:
        return CurrentStream(name)
    if isinstance(target, io.TextIOBase):
        return TextStream(target)
    if isinstance(target, (io.RawIOBase, io.BufferedIOBase)):
        return BinaryStream(target)  # type: ignore[arg-type]
    if callable(getattr(target, "write", None)):  # another file-like object: its mode tells
        mode = getattr(target, "mode", "")
        if isinstance(mode, str) and "b" in mode:
            return BinaryStream(target)  # type: ignore[arg-type]
        return TextStream(target)  # type: ignore[arg-type]
    if callable(target):
        return CallbackSink(target)
    raise TypeError(
        f"{name} must be a file object, a callable or None, not {type(target).__name__}"
    )


class CurrentStream:
    """`sys.stdout` or `sys.stderr` as it is at each write: `contextlib.redirect_stdout`,
    pytest's capture and the like see JavaScript's output too."""

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, text: str) -> None:
        stream = getattr(sys, self.name)
        if stream is not None:  # (no console: pythonw)
            stream.write(well_formed(text))
            stream.flush()

    def flush(self) -> None:
        stream = getattr(sys, self.name)
        if stream is not None:
            stream.flush()


class TextStream:
    """A text file object."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.write(well_formed(text))
        self.stream.flush()

    def flush(self) -> None:
        self.stream.flush()


class CallbackSink:
    """A callable that gets each string JavaScript writes."""

    def __init__(self, function: Callable[[str], Any]) -> None:
        self.function = function

    def write(self, text: str) -> None:
        self.function(well_formed(text))

    def flush(self) -> None:
        pass
