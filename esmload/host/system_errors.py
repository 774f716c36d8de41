"""Python's OSError → Node's system error: `ENOENT: no such file or directory, open '/x'`,
with `code`, `errno` (negative, like libuv's), `syscall`, `path` and `dest`."""

from __future__ import annotations

import errno as errno_module
import os

from esmload.errors import SystemCallError

# libuv's wording where it differs from the C library's (Node prints libuv's).
_DESCRIPTIONS = {
    "ENOENT": "no such file or directory",
    "EEXIST": "file already exists",
    "EACCES": "permission denied",
    "EPERM": "operation not permitted",
    "ENOTDIR": "not a directory",
    "EISDIR": "illegal operation on a directory",
    "ENOTEMPTY": "directory not empty",
    "EBADF": "bad file descriptor",
    "EINVAL": "invalid argument",
    "EMFILE": "too many open files",
    "ELOOP": "too many symbolic links encountered",
    "EXDEV": "cross-device link not permitted",
    "ENAMETOOLONG": "name too long",
    "ENOSPC": "no space left on device",
    "EROFS": "read-only file system",
    "EAGAIN": "resource temporarily unavailable",
    "EPIPE": "broken pipe",
    "ECONNREFUSED": "connection refused",
    "ECONNRESET": "connection reset by peer",
    "ETIMEDOUT": "connection timed out",
    "EHOSTUNREACH": "host is unreachable",
    "ENETUNREACH": "network is unreachable",
    "EADDRINUSE": "address already in use",
}


def error_code(exc: OSError) -> str:
    return errno_module.errorcode.get(exc.errno or 0, "EIO")


def system_error(
    exc: OSError, syscall: str, path: str | None = None, dest: str | None = None
) -> SystemCallError:
    """Node's error for a failed system call (the message names `path` and `dest`)."""
    code = error_code(exc)
    description = _DESCRIPTIONS.get(code)
    if description is None:
        text = os.strerror(exc.errno) if exc.errno else str(exc)
        description = text[:1].lower() + text[1:]
    message = f"{code}: {description}, {syscall}"
    properties: dict[str, object] = {"errno": -(exc.errno or 5), "syscall": syscall}
    if path is not None:
        message += f" '{path}'"
        properties["path"] = path
    if dest is not None:
        message += f" -> '{dest}'"
        properties["dest"] = dest
    return SystemCallError(code, message, properties)
