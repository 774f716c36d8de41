"""The binding of `child_process`, on Python's `subprocess`.

`spawnSync(options)` runs a program to its end and returns what Node's spawnSync reports
(pid, status, signal, the captured output, an error code). `spawn(options)` starts one and
returns its handle: `next(callback)` waits (on a worker thread) for what happened since the
last call (output chunks, end of output, exit), `write(data)` and `closeStdin()` feed its
standard input (through a writer thread, so a full pipe never blocks the loop), `kill(sig)`.

Every start asks the permission model first (Node's ERR_ACCESS_DENIED, resource ''). The
environment is the one JavaScript passes (`process.env`, already filtered by the permission
model), never os.environ.
"""

from __future__ import annotations

import contextlib
import errno as errno_module
import os
import queue
import signal as signal_module
import subprocess
import threading

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, BinaryIO

    from esmload.engine.core import JSRef
    from esmload.host.bindings import BindingHost

_READ_SIZE = 65536
_STDIO = {"pipe": subprocess.PIPE, "ignore": subprocess.DEVNULL, "inherit": None}


def _signal_name(number: int) -> str:
    try:
        return signal_module.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def _os_error(exc: OSError) -> dict[str, Any]:
    number = exc.errno or errno_module.EIO
    return {"code": errno_module.errorcode.get(number, "EIO"), "errno": -number}


def _named_error(name: str) -> dict[str, Any]:
    number = getattr(errno_module, name)
    return {"code": name, "errno": -number}


def _stdio(value: Any) -> Any:
    if isinstance(value, int):
        return value
    return _STDIO.get(value, subprocess.PIPE)


def _popen(options: dict[str, Any], stdin: Any) -> subprocess.Popen[bytes]:
    stdio = options.get("stdio") or ["pipe", "pipe", "pipe"]
    env = options.get("env")
    uid, gid = options.get("uid"), options.get("gid")
    kwargs: dict[str, Any] = {}
    if uid is not None:
        kwargs["user"] = uid
    if gid is not None:
        kwargs["group"] = gid
    return subprocess.Popen(
        options["args"],
        executable=options["file"],
        stdin=stdin,
        stdout=_stdio(stdio[1]),
        stderr=_stdio(stdio[2]),
        cwd=options.get("cwd") or None,
        # Never None (which would hand the child all of os.environ, permissions or not).
        env={str(k): str(v) for k, v in (env or {}).items()},
        start_new_session=bool(options.get("detached")),
        close_fds=True,
        **kwargs,
    )


def _exit_status(returncode: int) -> tuple[int | None, str | None]:
    if returncode < 0:
        return None, _signal_name(-returncode)
    return returncode, None


# ------------------------------------------------------------------ spawnSync


def spawn_sync(options: dict[str, Any]) -> dict[str, Any]:
    stdio = options.get("stdio") or ["pipe", "pipe", "pipe"]
    data: bytes | None = options.get("input")
    stdin = subprocess.PIPE if data is not None or stdio[0] == "pipe" else _stdio(stdio[0])
    try:
        proc = _popen(options, stdin)
    except OSError as exc:
        return {"error": _os_error(exc), "pid": 0}
    timeout_ms = options.get("timeout") or 0
    kill_signal = options.get("killSignal") or signal_module.SIGTERM
    error: dict[str, Any] | None = None
    try:
        stdout, stderr = proc.communicate(data or b"", timeout=timeout_ms / 1000 or None)
    except subprocess.TimeoutExpired:
        proc.send_signal(kill_signal)
        stdout, stderr = proc.communicate()
        error = _named_error("ETIMEDOUT")
    status, signal = _exit_status(proc.returncode)
    max_buffer = options.get("maxBuffer")
    overflow = max_buffer is not None and max(len(stdout or b""), len(stderr or b"")) > max_buffer
    if error is None and overflow:
        # Node kills the child when its output goes past maxBuffer; here it has ended
        # already, but the result reads the same.
        error = _named_error("ENOBUFS")
        status, signal = None, _signal_name(kill_signal)
    return {
        "pid": proc.pid, "status": status, "signal": signal, "stdout": stdout,
        "stderr": stderr, "error": error,
    }  # fmt: skip


# ------------------------------------------------------------------ spawn


class _Child:
    """A running child: reader threads turn its output into events; a writer thread feeds
    its standard input; a waiter thread reports its exit after the output has ended."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.events: queue.SimpleQueue[list[Any]] = queue.SimpleQueue()
        self.stdin_queue: queue.SimpleQueue[bytes | None] | None = None
        readers = []
        for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            if stream is not None:
                thread = threading.Thread(target=self._read, args=(name, stream), daemon=True)
                readers.append(thread)
                thread.start()
        if proc.stdin is not None:
            self.stdin_queue = queue.SimpleQueue()
            writer = threading.Thread(
                target=self._write, args=(proc.stdin, self.stdin_queue), daemon=True
            )
            writer.start()
        threading.Thread(target=self._wait, args=(readers,), daemon=True).start()

    def _read(self, name: str, stream: BinaryIO) -> None:
        fd = stream.fileno()
        try:
            while True:
                chunk = os.read(fd, _READ_SIZE)
                if not chunk:
                    break
                self.events.put([name, chunk])
        except OSError:
            pass
        finally:
            stream.close()
            self.events.put([name, None])

    def _write(self, stream: BinaryIO, pending: queue.SimpleQueue[bytes | None]) -> None:
        try:
            while True:
                data = pending.get()
                if data is None:
                    break
                stream.write(data)
                stream.flush()
        except (OSError, ValueError):  # the child closed its end (EPIPE)
            pass
        finally:
            with contextlib.suppress(OSError):
                stream.close()

    def _wait(self, readers: list[threading.Thread]) -> None:
        returncode = self.proc.wait()
        for thread in readers:
            thread.join()
        status, signal = _exit_status(returncode)
        self.events.put(["exit", status, signal])

    def next_events(self) -> list[list[Any]]:
        """Blocks until something happened, then everything that did (worker thread)."""
        found = [self.events.get()]
        while True:
            try:
                found.append(self.events.get_nowait())
            except queue.Empty:
                return found

    def write(self, data: bytes) -> None:
        if self.stdin_queue is not None:
            self.stdin_queue.put(data)

    def close_stdin(self) -> None:
        if self.stdin_queue is not None:
            self.stdin_queue.put(None)
            self.stdin_queue = None

    def kill(self, number: int) -> bool:
        if self.proc.returncode is not None:
            return False
        try:
            self.proc.send_signal(number)
        except OSError:
            return False
        return True


def make_binding(host: BindingHost) -> dict[str, Callable[..., Any]]:
    def check() -> None:
        host.permissions.check_child_process("")

    def spawn_sync_checked(options: dict[str, Any]) -> dict[str, Any]:
        check()
        return spawn_sync(options)

    def spawn(options: dict[str, Any]) -> dict[str, Any]:
        check()
        stdio = options.get("stdio") or ["pipe", "pipe", "pipe"]
        try:
            proc = _popen(options, _stdio(stdio[0]))
        except OSError as exc:
            return {"error": _os_error(exc)}
        child = _Child(proc)

        def next_events(callback: JSRef) -> None:
            host.defer(child.next_events, callback)

        return {
            "pid": proc.pid,
            "next": next_events,
            "write": child.write,
            "closeStdin": child.close_stdin,
            "kill": child.kill,
        }

    return {
        "spawnSync": spawn_sync_checked,
        "spawn": spawn,
    }
