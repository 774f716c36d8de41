"""Print a fatal error the way Node does: `file:line`, the source line, a caret, then the error.

Every failure a user can cause ends here as text; only bugs in esmload itself may reach the
generic branch, and even they print one line (set ESMLOAD_DEBUG=1 for the traceback).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from esmload.errors import EsmloadError, JSError, LinkError

# "    at fn (/path/file.mjs:3:11)" or "    at /path/file.mjs:3:11" (compiled on the error path)
_FRAME = r"^\s*at (?:.*? \()?(?P<file>[^()]+?):(?P<line>\d+):(?P<col>\d+)\)?\s*$"

_REJECTION_TEMPLATE = (
    "[UnhandledPromiseRejection: This error originated either by throwing inside of an async "
    "function without a catch block, or by rejecting a promise which was not handled with "
    '.catch(). The promise rejected with the reason "{reason}".] {{\n'
    "  code: 'ERR_UNHANDLED_REJECTION'\n}}"
)


def error_location(error: BaseException) -> tuple[str, int, int] | None:
    """(file, line, column) of the first frame in a readable file, 1-based."""
    if isinstance(error, EsmloadError) and error.position:
        return error.position
    import re

    stack = error.stack if isinstance(error, JSError) else ""
    for line in stack.splitlines():
        match = re.match(_FRAME, line)
        if match is None:
            continue
        file = match["file"]
        if file.startswith("file://"):
            from esmload.resolve import url_to_path

            try:
                file = url_to_path(file)
            except ValueError:
                continue
        if os.path.isfile(file):
            return file, int(match["line"]), int(match["col"])
    return None


def source_excerpt(
    file: str, line: int, column: int, *, at_new: bool = False, url: bool = True
) -> str:
    """`file:line` (as Node prints it: a file: URL for an ES module, the path for a CommonJS
    module when not `url`), the source line and a caret under the column."""
    from esmload.resolve import path_to_url

    where = f"{path_to_url(file) if url else file}:{line}"
    try:
        with open(file, encoding="utf-8", errors="replace") as f:
            text = next((t for n, t in enumerate(f, 1) if n == line), None)
        if text is None:
            return f"{where}\n\n"
    except OSError:
        return f"{where}\n\n"
    text = text.rstrip("\r\n")
    if at_new:
        # For `new Error(...)` QuickJS points at the class name, V8 (and so Node) at `new`.
        before = text[: max(column - 1, 0)].rstrip()
        if before.endswith("new") and (len(before) == 3 or not before[-4].isidentifier()):
            column = len(before) - 2
    if len(text) > 300:  # minified code: show the neighbourhood of the column only
        start = max(0, column - 150)
        text, column = text[start : start + 300], column - start
    pad = "".join("\t" if ch == "\t" else " " for ch in text[: max(column - 1, 0)])
    return f"{where}\n{text}\n{pad}^\n\n"


def format_fatal(
    error: BaseException,
    *,
    inspect: Callable[[object], str] | None = None,
    rejection: bool = False,
) -> str:
    if isinstance(error, LinkError):
        # Node prints its own lines above a link error: no blank line, carets under the name.
        return f"{error.arrow}SyntaxError: {error}\n"
    location = error_location(error)
    js = isinstance(error, JSError)
    header = ""
    if location:
        # Stack frames name CommonJS files by path, ES modules by URL (internal/stack.js).
        at = f"{location[0]}:{location[1]}:"
        stack = error.stack if isinstance(error, JSError) else ""
        plain = f"({at}" in stack or f"at {at}" in stack
        header = source_excerpt(*location, at_new=js, url=not plain)
    if isinstance(error, JSError):
        if not error.name and rejection:
            return header + _REJECTION_TEMPLATE.format(reason=error.text) + "\n"
        if not error.name:
            # A thrown primitive prints as itself (a string without quotes), like Node.
            return header + error.text + "\n"
        body = _inspect_js_error(error, inspect)
        return header + body.rstrip("\n") + "\n"
    if isinstance(error, EsmloadError):
        label = f"{error.js_name} [{error.code}]" if error.code else error.js_name
        return f"{header}{label}: {error}\n"
    if isinstance(error, RecursionError):
        return f"{header}RangeError: Maximum call stack size exceeded\n"
    if isinstance(error, MemoryError):
        return f"{header}RangeError: out of memory\n"
    if isinstance(error, TimeoutError):
        return f"{header}Error: {error}\n"
    detail = ""
    if os.environ.get("ESMLOAD_DEBUG"):
        import traceback

        detail = "".join(traceback.format_exception(error))
    return (
        f"{header}esmload: internal error: {type(error).__name__}: {error} "
        f"(please report it; set ESMLOAD_DEBUG=1 for details)\n{detail}"
    )


def _inspect_js_error(error: JSError, inspect: Callable[[object], str] | None) -> str:
    if inspect is not None and error.value is not None:
        try:
            text = inspect(error)
            if text:
                return text
        except BaseException:  # noqa: BLE001 - fall back to the plain form below
            pass
    if not error.name:
        return error.message
    stack = error.stack if error.stack.startswith(error.name) else f"{error}\n{error.stack}"
    return stack


def one_line(error: BaseException) -> str:
    """`file:line:column: Name: message` for tools that report many errors."""
    location = error_location(error)
    where = f"{location[0]}:{location[1]}:{location[2]}: " if location else ""
    if isinstance(error, JSError):
        return f"{where}{error}"
    label = ""
    if isinstance(error, EsmloadError) and error.code:
        label = f"{error.js_name} [{error.code}]: "
    elif isinstance(error, LinkError):
        label = "SyntaxError: "
    return f"{where}{label}{error}"
