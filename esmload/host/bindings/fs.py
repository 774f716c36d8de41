"""The file system binding of `fs` and `fs/promises`, on Python's `os`.

Every operation is written once as `prepare(*args) -> work`: `prepare` checks the permission
model on the loop's thread (a refusal is raised there), `work()` does the I/O and may run on a
worker thread. The binding exposes each operation twice: `name(*args)` runs it at once (the
`…Sync` functions) and `nameAsync(callback, *args)` runs `work` through `host.defer`.

Arguments arrive normalized by `internal/fs/utils.js`: paths are strings, flags and modes are
numbers, data is bytes. Failed system calls raise Node's errors (`system_error`) with the
syscall names Node reports.
"""

from __future__ import annotations

import errno
import os
import stat as stat_module

from esmload.host.system_errors import system_error

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from esmload.engine.core import JSRef
    from esmload.host.bindings import BindingHost

    Work = Callable[[], Any]

_NS = 1_000_000_000
_CHUNK = 64 * 1024
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_ACCMODE = os.O_RDONLY | os.O_WRONLY | os.O_RDWR
_WRITING_FLAGS = os.O_CREAT | os.O_TRUNC | os.O_APPEND

_OPEN_FLAGS = (
    "O_RDONLY", "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND",
    "O_DIRECTORY", "O_NOATIME", "O_NOFOLLOW", "O_SYNC", "O_DSYNC", "O_DIRECT", "O_NONBLOCK",
    "O_SYMLINK",
)  # fmt: skip

# Node's Dirent types (UV_DIRENT_*)
_UNKNOWN, _FILE, _DIR, _LINK, _FIFO, _SOCKET, _CHAR, _BLOCK = range(8)


def _stat_list(st: os.stat_result) -> list[int]:
    """dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, then seconds and
    nanoseconds of atime, mtime, ctime, birthtime (integers; JS makes numbers or BigInts)."""
    birth_ns = getattr(st, "st_birthtime_ns", None)
    if birth_ns is None:
        birth = getattr(st, "st_birthtime", None)
        birth_ns = st.st_ctime_ns if birth is None else int(birth * _NS)
    times: list[int] = []
    for ns in (st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns, birth_ns):
        times += divmod(ns, _NS)
    return [
        st.st_dev, st.st_mode, st.st_nlink, st.st_uid, st.st_gid,
        getattr(st, "st_rdev", 0), getattr(st, "st_blksize", 4096), st.st_ino, st.st_size,
        getattr(st, "st_blocks", 0), *times,
    ]  # fmt: skip


def _entry_type(entry: os.DirEntry[Any]) -> int:
    try:
        if entry.is_symlink():
            return _LINK
        if entry.is_dir(follow_symlinks=False):
            return _DIR
        if entry.is_file(follow_symlinks=False):
            return _FILE
        mode = entry.stat(follow_symlinks=False).st_mode
    except OSError:
        return _UNKNOWN
    if stat_module.S_ISFIFO(mode):
        return _FIFO
    if stat_module.S_ISSOCK(mode):
        return _SOCKET
    if stat_module.S_ISCHR(mode):
        return _CHAR
    if stat_module.S_ISBLK(mode):
        return _BLOCK
    return _UNKNOWN


def _scan(path: str | bytes, with_types: bool, sort: bool) -> tuple[list[Any], list[int]]:
    with os.scandir(path) as entries:
        found = [(entry.name, _entry_type(entry) if with_types else 0) for entry in entries]
    if sort:  # libuv's scandir sorts names by their bytes (code points order the same)
        found.sort()
    return [name for name, _ in found], [kind for _, kind in found]


def _utime_ns(seconds: float) -> int:
    # libuv keeps whole microseconds: tv_sec the integral part, tv_nsec the rest truncated
    whole = int(seconds // 1)
    return whole * _NS + int((seconds - whole) * 1e6) * 1000


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    try:
        size = os.fstat(fd).st_size
    except OSError:
        size = 0
    while True:
        try:
            chunk = os.read(fd, max(size + 1, _CHUNK) if not chunks else _CHUNK)
        except OSError as exc:
            raise system_error(exc, "read") from None
        if not chunk:
            break
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _write_all(fd: int, data: bytes, position: int | None = None) -> None:
    view = memoryview(data)
    while view:
        try:
            if position is None:
                written = os.write(fd, view)
            else:
                written = os.pwrite(fd, view, position)
                position += written
        except OSError as exc:
            raise system_error(exc, "write") from None
        view = view[written:]


def _copy_file(src: str, dest: str, exclusive: bool) -> None:
    try:
        fd_in = os.open(src, os.O_RDONLY | _O_CLOEXEC)
    except OSError as exc:
        raise system_error(exc, "copyfile", src, dest) from None
    try:
        try:
            info = os.fstat(fd_in)
            if stat_module.S_ISDIR(info.st_mode):
                raise OSError(errno.EISDIR, "is a directory")
            flags = os.O_WRONLY | os.O_CREAT | _O_CLOEXEC | (os.O_EXCL if exclusive else 0)
            fd_out = os.open(dest, flags, info.st_mode & 0o7777)
        except OSError as exc:
            raise system_error(exc, "copyfile", src, dest) from None
        try:
            os.ftruncate(fd_out, 0)
            sendfile = getattr(os, "sendfile", None)
            offset = 0
            while offset < info.st_size and sendfile is not None:
                sent = sendfile(fd_out, fd_in, offset, min(info.st_size - offset, 1 << 30))
                if not sent:
                    break
                offset += sent
            if sendfile is None or offset < info.st_size:
                while chunk := os.read(fd_in, _CHUNK):
                    _write_all(fd_out, chunk)
            os.fchmod(fd_out, info.st_mode & 0o7777)
        except OSError as exc:
            raise system_error(exc, "copyfile", src, dest) from None
        finally:
            os.close(fd_out)
    finally:
        os.close(fd_in)


class _CpRefused(Exception):  # noqa: N818
    """cp stops with one of Node's SystemErrors: (key, prefix, code, text, path) for JS."""


def _rmtree(path: str) -> None:
    """Remove a directory tree (symbolic links are removed, never followed)."""
    try:
        entries = list(os.scandir(path))
    except OSError as exc:
        raise system_error(exc, "scandir", path) from None
    for entry in entries:
        child = os.path.join(path, entry.name)
        if entry.is_dir(follow_symlinks=False):
            _rmtree(child)
        else:
            try:
                os.unlink(child)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise system_error(exc, "unlink", child) from None
    try:
        os.rmdir(path)
    except OSError as exc:
        raise system_error(exc, "rmdir", path) from None


def make_binding(host: BindingHost) -> dict[str, Callable[..., Any]]:
    permissions = host.permissions

    # Errors name the path as the program gave it (relative stays relative), like Node 20's.
    read = permissions.check_fs_read
    write = permissions.check_fs_write

    ops: dict[str, Callable[..., Work]] = {}

    def op(prepare: Callable[..., Work]) -> Callable[..., Work]:
        ops[prepare.__name__.rstrip("_")] = prepare
        return prepare

    # ------------------------------------------------------------------ metadata

    @op
    def stat(path: str, throw_if_no_entry: bool = True) -> Work:
        read(path)

        def work() -> Any:
            try:
                return _stat_list(os.stat(path))
            except OSError as exc:
                if not throw_if_no_entry and exc.errno == errno.ENOENT:
                    return None
                raise system_error(exc, "stat", path) from None

        return work

    @op
    def lstat(path: str, throw_if_no_entry: bool = True) -> Work:
        read(path)

        def work() -> Any:
            try:
                return _stat_list(os.lstat(path))
            except OSError as exc:
                if not throw_if_no_entry and exc.errno == errno.ENOENT:
                    return None
                raise system_error(exc, "lstat", path) from None

        return work

    @op
    def fstat(fd: int) -> Work:
        def work() -> Any:
            try:
                return _stat_list(os.fstat(fd))
            except OSError as exc:
                raise system_error(exc, "fstat") from None

        return work

    @op
    def exists(path: str) -> Work:
        read(path)
        return lambda: os.path.exists(path)

    @op
    def access(path: str, mode: int) -> Work:
        read(path)
        if mode & os.W_OK:
            write(path)

        def work() -> None:
            try:
                if os.access(path, mode):
                    return
                os.stat(path)
                raise OSError(errno.EACCES, "permission denied")
            except OSError as exc:
                raise system_error(exc, "access", path) from None

        return work

    @op
    def readdir(
        path: str, with_types: bool, recursive: bool, as_bytes: bool, sort: bool, syscall: str
    ) -> Work:
        read(path)

        def work() -> Any:
            target: str | bytes = os.fsencode(path) if as_bytes else path
            try:
                names, types = _scan(target, with_types or recursive, sort)
            except OSError as exc:
                raise system_error(exc, syscall, path) from None
            if not recursive:
                return [names, types] if with_types else names
            # Breadth first, like Node: [relative folder, names, types] per folder read.
            empty: Any = b"" if as_bytes else ""
            sep: Any = b"/" if as_bytes else "/"
            groups = [[empty, names, types]]
            queue = [n for n, t in zip(names, types, strict=True) if t == _DIR]
            while queue:
                relative = queue.pop(0)
                full = os.path.join(target, relative)
                try:
                    sub_names, sub_types = _scan(full, True, sort)
                except OSError as exc:
                    raise system_error(exc, syscall, os.fsdecode(full)) from None
                groups.append([relative, sub_names, sub_types])
                for name, kind in zip(sub_names, sub_types, strict=True):
                    if kind == _DIR:
                        queue.append(relative + sep + name)
            return groups

        return work

    @op
    def realpath(path: str, native: bool) -> Work:
        read(path)

        def work() -> str:
            try:
                return os.path.realpath(path, strict=True)
            except OSError as exc:
                if native:
                    raise system_error(exc, "realpath", path) from None
                failed = exc.filename if isinstance(exc.filename, str) else path
                raise system_error(exc, "lstat", os.path.abspath(failed)) from None

        return work

    @op
    def readlink(path: str, as_bytes: bool) -> Work:
        read(path)

        def work() -> str | bytes:
            try:
                return os.readlink(os.fsencode(path)) if as_bytes else os.readlink(path)
            except OSError as exc:
                raise system_error(exc, "readlink", path) from None

        return work

    # ------------------------------------------------------------------ changes

    def _simple(
        syscall: str, call: Callable[[], Any], path: str | None, dest: str | None = None
    ) -> Work:
        def work() -> None:
            try:
                call()
            except OSError as exc:
                raise system_error(exc, syscall, path, dest) from None

        return work

    @op
    def mkdir(path: str, recursive: bool, mode: int) -> Work:
        write(path)
        if not recursive:
            return _simple("mkdir", lambda: os.mkdir(path, mode), path)

        def work() -> str | None:
            first = None
            current = path.rstrip("/") or path
            while current and not os.path.lexists(current):
                first = current
                parent = os.path.dirname(current)
                if parent == current:
                    break
                current = parent
            try:
                if first is not None:
                    os.makedirs(path, mode, exist_ok=True)
                elif not os.path.isdir(path):
                    raise FileExistsError(errno.EEXIST, "file exists")
            except OSError as exc:
                raise system_error(exc, "mkdir", path) from None
            return first

        return work

    @op
    def mkdtemp(prefix: str) -> Work:
        write(os.path.dirname(prefix) or ".")

        def work() -> str:
            import random

            letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            for _ in range(100):
                path = prefix + "".join(random.choices(letters, k=6))
                try:
                    os.mkdir(path, 0o700)
                    return path
                except FileExistsError:
                    continue
                except OSError as exc:
                    raise system_error(exc, "mkdtemp", prefix + "XXXXXX") from None
            raise system_error(OSError(errno.EEXIST, "exists"), "mkdtemp", prefix + "XXXXXX")

        return work

    @op
    def rename(old: str, new: str) -> Work:
        write(old)
        write(new)
        return _simple("rename", lambda: os.rename(old, new), old, new)

    @op
    def unlink(path: str) -> Work:
        write(path)
        return _simple("unlink", lambda: os.unlink(path), path)

    @op
    def rmdir(path: str) -> Work:
        write(path)
        return _simple("rmdir", lambda: os.rmdir(path), path)

    @op
    def rm(path: str, recursive: bool, force: bool) -> Work:
        write(path)

        def work() -> str | None:
            try:
                info = os.lstat(path)
            except OSError as exc:
                if force and exc.errno in (errno.ENOENT, errno.ENOTDIR):
                    return None
                raise system_error(exc, "lstat", path) from None
            if stat_module.S_ISDIR(info.st_mode):
                if not recursive:
                    return "EISDIR"  # JS throws Node's SystemError ERR_FS_EISDIR
                _rmtree(path)
            else:
                try:
                    os.unlink(path)
                except OSError as exc:
                    raise system_error(exc, "rm", path) from None
            return None

        return work

    @op
    def copyFile(src: str, dest: str, mode: int) -> Work:  # noqa: N802 (Node's name)
        read(src)
        write(dest)
        return lambda: _copy_file(src, dest, bool(mode & 1))

    @op
    def cp(src: str, dest: str, recursive: bool, force: bool, error_on_exist: bool) -> Work:
        read(src)
        write(dest)

        def copy(source: str, target: str) -> None:
            try:
                info = os.lstat(source)
            except OSError as exc:
                raise system_error(exc, "lstat", source) from None
            try:
                existing: os.stat_result | None = os.lstat(target)
            except OSError:
                existing = None
            if stat_module.S_ISDIR(info.st_mode):
                if existing is not None and not stat_module.S_ISDIR(existing.st_mode):
                    raise _CpRefused(
                        "ERR_FS_CP_DIR_TO_NON_DIR",
                        "Cannot overwrite non-directory with directory",
                        "EISDIR",
                        f"cannot overwrite non-directory {target} with directory {source}",
                        target,
                    )
                if existing is None:
                    try:
                        os.mkdir(target, info.st_mode & 0o7777)
                    except OSError as exc:
                        raise system_error(exc, "mkdir", target) from None
                for name in _scan(source, False, True)[0]:
                    copy(os.path.join(source, name), os.path.join(target, name))
                return
            if existing is not None:
                if stat_module.S_ISDIR(existing.st_mode):
                    raise _CpRefused(
                        "ERR_FS_CP_NON_DIR_TO_DIR",
                        "Cannot overwrite directory with non-directory",
                        "ENOTDIR",
                        f"cannot overwrite directory {target} with non-directory {source}",
                        target,
                    )
                if not force:
                    if error_on_exist:
                        raise _CpRefused(
                            "ERR_FS_CP_EEXIST",
                            "Target already exists",
                            "EEXIST",
                            f"{target} already exists",
                            target,
                        )
                    return
                if stat_module.S_ISLNK(existing.st_mode) or stat_module.S_ISLNK(info.st_mode):
                    os.unlink(target)
            if stat_module.S_ISLNK(info.st_mode):
                try:
                    os.symlink(os.readlink(source), target)
                except OSError as exc:
                    raise system_error(exc, "symlink", source, target) from None
            else:
                _copy_file(source, target, False)

        def work() -> list[str] | None:
            try:
                info = os.stat(src)
            except OSError as exc:
                raise system_error(exc, "lstat", src) from None
            if stat_module.S_ISDIR(info.st_mode) and not recursive:
                return [
                    "ERR_FS_EISDIR",
                    "Path is a directory",
                    "EISDIR",
                    f"{src} is a directory (not copied)",
                    src,
                ]
            try:
                copy(src, dest)
            except _CpRefused as refused:
                return list(refused.args)
            return None

        return work

    @op
    def chmod(path: str, mode: int) -> Work:
        write(path)
        return _simple("chmod", lambda: os.chmod(path, mode), path)

    @op
    def lchmod(path: str, mode: int) -> Work:
        write(path)
        return _simple("lchmod", lambda: os.chmod(path, mode, follow_symlinks=False), path)

    @op
    def fchmod(fd: int, mode: int) -> Work:
        return _simple("fchmod", lambda: os.fchmod(fd, mode), None)

    @op
    def chown(path: str, uid: int, gid: int) -> Work:
        write(path)
        return _simple("chown", lambda: os.chown(path, uid, gid), path)

    @op
    def lchown(path: str, uid: int, gid: int) -> Work:
        write(path)
        return _simple("lchown", lambda: os.lchown(path, uid, gid), path)

    @op
    def fchown(fd: int, uid: int, gid: int) -> Work:
        return _simple("fchown", lambda: os.fchown(fd, uid, gid), None)

    @op
    def symlink(target: str, path: str) -> Work:
        write(path)
        return _simple("symlink", lambda: os.symlink(target, path), target, path)

    @op
    def link(existing: str, new: str) -> Work:
        read(existing)
        write(new)
        return _simple("link", lambda: os.link(existing, new), existing, new)

    @op
    def utimes(path: str, atime: float, mtime: float) -> Work:
        write(path)
        times = (_utime_ns(atime), _utime_ns(mtime))
        return _simple("utime", lambda: os.utime(path, ns=times), path)

    @op
    def lutimes(path: str, atime: float, mtime: float) -> Work:
        write(path)
        times = (_utime_ns(atime), _utime_ns(mtime))
        return _simple("lutime", lambda: os.utime(path, ns=times, follow_symlinks=False), path)

    @op
    def futimes(fd: int, atime: float, mtime: float) -> Work:
        times = (_utime_ns(atime), _utime_ns(mtime))
        return _simple("futime", lambda: os.utime(fd, ns=times), None)

    @op
    def truncate(path: str, length: int) -> Work:
        write(path)

        def work() -> None:
            try:
                fd = os.open(path, os.O_RDWR | _O_CLOEXEC)
            except OSError as exc:
                raise system_error(exc, "open", path) from None
            try:
                os.ftruncate(fd, length)
            except OSError as exc:
                raise system_error(exc, "ftruncate") from None
            finally:
                os.close(fd)

        return work

    # ------------------------------------------------------------------ file descriptors

    def _check_open(path: str, flags: int) -> None:
        access_mode = flags & _ACCMODE
        if access_mode != os.O_WRONLY:
            read(path)
        if access_mode != os.O_RDONLY or flags & _WRITING_FLAGS:
            write(path)

    @op
    def open_(path: str, flags: int, mode: int) -> Work:
        _check_open(path, flags)

        def work() -> int:
            try:
                return os.open(path, flags | _O_CLOEXEC, mode)
            except OSError as exc:
                raise system_error(exc, "open", path) from None

        return work

    @op
    def close(fd: int) -> Work:
        return _simple("close", lambda: os.close(fd), None)

    @op
    def read_(fd: int, length: int, position: int | None) -> Work:
        def work() -> bytes:
            try:
                if position is None or position < 0:
                    return os.read(fd, length)
                return os.pread(fd, length, position)
            except OSError as exc:
                raise system_error(exc, "read") from None

        return work

    @op
    def write_(fd: int, data: bytes, position: int | None) -> Work:
        def work() -> int:
            try:
                if position is None or position < 0:
                    return os.write(fd, data)
                return os.pwrite(fd, data, position)
            except OSError as exc:
                raise system_error(exc, "write") from None

        return work

    @op
    def fsync(fd: int) -> Work:
        return _simple("fsync", lambda: os.fsync(fd), None)

    @op
    def fdatasync(fd: int) -> Work:
        return _simple("fdatasync", lambda: getattr(os, "fdatasync", os.fsync)(fd), None)

    @op
    def ftruncate(fd: int, length: int) -> Work:
        return _simple("ftruncate", lambda: os.ftruncate(fd, length), None)

    # ------------------------------------------------------------------ whole files

    @op
    def readFile(path: str | int, flags: int) -> Work:  # noqa: N802 (Node's name)
        if isinstance(path, int):
            return lambda: _read_all(path)
        _check_open(path, flags)

        def work() -> bytes:
            try:
                fd = os.open(path, flags | _O_CLOEXEC, 0o666)
            except OSError as exc:
                raise system_error(exc, "open", path) from None
            try:
                return _read_all(fd)
            finally:
                os.close(fd)

        return work

    @op
    def writeFile(path: str | int, data: bytes, flags: int, mode: int) -> Work:  # noqa: N802
        if isinstance(path, int):
            return lambda: _write_all(path, data)
        _check_open(path, flags)

        def work() -> None:
            try:
                fd = os.open(path, flags | _O_CLOEXEC, mode)
            except OSError as exc:
                raise system_error(exc, "open", path) from None
            try:
                _write_all(fd, data)
            finally:
                os.close(fd)

        return work

    # ------------------------------------------------------------------ the binding

    def constants() -> dict[str, int]:
        return {name: getattr(os, name) for name in _OPEN_FLAGS if hasattr(os, name)}

    binding: dict[str, Callable[..., Any]] = {"constants": constants}
    for name, prepare in ops.items():
        binding[name] = _sync(prepare)
        binding[name + "Async"] = _async(host, prepare)
    return binding


def _sync(prepare: Callable[..., Work]) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        return prepare(*args)()

    return run


def _async(host: BindingHost, prepare: Callable[..., Work]) -> Callable[..., None]:
    def run(callback: JSRef, *args: Any) -> None:
        try:
            work = prepare(*args)
        except BaseException:
            callback.release()
            raise
        host.defer(work, callback)

    return run
