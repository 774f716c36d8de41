"""The binding of `os`: facts about the machine, the system and the user, read with Python's
`os`, `platform`, `socket` and `pwd` and, on Linux, from /proc and /sys (as libuv does).

Nothing here needs a permission: Node's permission model does not restrict `os` either.
"""

from __future__ import annotations

import errno as errno_module
import os
import sys

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from esmload.host.bindings import BindingHost

# Node's names, in Node's order; each is given where this system defines it
_SIGNALS = (
    "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGIOT", "SIGBUS", "SIGFPE",
    "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGCHLD",
    "SIGSTKFLT", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGBREAK", "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPOLL", "SIGLOST",
    "SIGPWR", "SIGINFO", "SIGSYS", "SIGUNUSED"
)  # fmt: skip
_ERRNO = (
    "E2BIG", "EACCES", "EADDRINUSE", "EADDRNOTAVAIL", "EAFNOSUPPORT", "EAGAIN", "EALREADY",
    "EBADF", "EBADMSG", "EBUSY", "ECANCELED", "ECHILD", "ECONNABORTED", "ECONNREFUSED",
    "ECONNRESET", "EDEADLK", "EDESTADDRREQ", "EDOM", "EDQUOT", "EEXIST", "EFAULT", "EFBIG",
    "EHOSTUNREACH", "EIDRM", "EILSEQ", "EINPROGRESS", "EINTR", "EINVAL", "EIO", "EISCONN",
    "EISDIR", "ELOOP", "EMFILE", "EMLINK", "EMSGSIZE", "EMULTIHOP", "ENAMETOOLONG", "ENETDOWN",
    "ENETRESET", "ENETUNREACH", "ENFILE", "ENOBUFS", "ENODATA", "ENODEV", "ENOENT", "ENOEXEC",
    "ENOLCK", "ENOLINK", "ENOMEM", "ENOMSG", "ENOPROTOOPT", "ENOSPC", "ENOSR", "ENOSTR", "ENOSYS",
    "ENOTCONN", "ENOTDIR", "ENOTEMPTY", "ENOTSOCK", "ENOTSUP", "ENOTTY", "ENXIO", "EOPNOTSUPP",
    "EOVERFLOW", "EPERM", "EPIPE", "EPROTO", "EPROTONOSUPPORT", "EPROTOTYPE", "ERANGE", "EROFS",
    "ESPIPE", "ESRCH", "ESTALE", "ETIME", "ETIMEDOUT", "ETXTBSY", "EWOULDBLOCK", "EXDEV"
)  # fmt: skip
# signals Python's `signal` module does not name but Linux has
_LINUX_SIGNALS = {"SIGSTKFLT": 16, "SIGIOT": 6, "SIGPOLL": 29, "SIGPWR": 30}


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return file.read()
    except OSError:
        return None


def _signals() -> dict[str, int]:
    import signal

    found: dict[str, int] = {}
    for name in _SIGNALS:
        value = getattr(signal, name, None)
        if value is None and sys.platform.startswith("linux"):
            value = _LINUX_SIGNALS.get(name)
        if value is not None:
            found[name] = int(value)
    return found


def _errno() -> dict[str, int]:
    found: dict[str, int] = {}
    for name in _ERRNO:
        value = getattr(errno_module, name, None)
        if value is not None:
            found[name] = value
    return found


def _cpus() -> list[dict[str, Any]]:
    count = os.cpu_count() or 1
    models: list[str] = []
    info = _read("/proc/cpuinfo")
    if info is not None:
        for line in info.splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                models.append(value.strip())
    times: dict[int, list[int]] = {}
    stat = _read("/proc/stat")
    if stat is not None:
        tick_ms = 1000 // (os.sysconf("SC_CLK_TCK") or 100)
        for line in stat.splitlines():
            name, *fields = line.split()
            if name.startswith("cpu") and name[3:].isdigit() and len(fields) >= 6:
                user, nice, system, idle, _iowait, irq = (int(f) * tick_ms for f in fields[:6])
                times[int(name[3:])] = [user, nice, system, idle, irq]
        if times:
            count = max(count, len(times))
    cpus = []
    for index in range(count):
        freq = _read(f"/sys/devices/system/cpu/cpu{index}/cpufreq/scaling_cur_freq")
        speed = int(freq) // 1000 if freq and freq.strip().isdigit() else 0
        user, nice, system, idle, irq = times.get(index, [0, 0, 0, 0, 0])
        model = models[index] if index < len(models) else (models[0] if models else "unknown")
        cpus.append({
            "model": model, "speed": speed,
            "times": {"user": user, "nice": nice, "sys": system, "idle": idle, "irq": irq},
        })  # fmt: skip
    return cpus


def _meminfo(key: str) -> int | None:
    text = _read("/proc/meminfo")
    if text is None:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0]) * 1024
    return None


def _totalmem() -> int:
    found = _meminfo("MemTotal")
    if found is not None:
        return found
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 0


def _freemem() -> int:
    found = _meminfo("MemAvailable")
    if found is not None:
        return found
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 0


def _uptime() -> float:
    text = _read("/proc/uptime")
    if text:
        return float(text.split()[0])
    try:
        import time

        return float(int(time.clock_gettime(time.CLOCK_BOOTTIME)))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return 0.0


def _loadavg() -> list[float]:
    text = _read("/proc/loadavg")
    if text:
        return [float(x) for x in text.split()[:3]]
    try:
        return list(os.getloadavg())
    except OSError:
        return [0.0, 0.0, 0.0]


def _user_info() -> dict[str, Any]:
    import pwd

    uid = os.getuid()
    entry = pwd.getpwuid(uid)
    return {
        "uid": uid, "gid": os.getgid(), "username": entry.pw_name, "homedir": entry.pw_dir,
        "shell": entry.pw_shell or None,
    }  # fmt: skip


def _netmask_bits(mask: bytes) -> int:
    return sum(bin(byte).count("1") for byte in mask)


def _network_interfaces() -> list[dict[str, Any]]:
    """IPv4 addresses (ioctl per interface), then IPv6 (/proc/net/if_inet6): Linux only;
    elsewhere nothing."""
    if not sys.platform.startswith("linux"):
        return []
    import fcntl
    import socket
    import struct

    siocgifaddr, siocgifnetmask, siocgifflags = 0x8915, 0x891B, 0x8913
    iff_loopback = 0x8
    found: list[dict[str, Any]] = []

    def mac_of(name: str) -> str:
        text = _read(f"/sys/class/net/{name}/address")
        return text.strip() if text else "00:00:00:00:00:00"

    def loopback(sock: socket.socket, name: str) -> bool:
        try:
            request = struct.pack("16sH", name.encode()[:15], 0)
            flags = struct.unpack("16sH", fcntl.ioctl(sock.fileno(), siocgifflags, request)[:18])[1]
        except OSError:
            return name == "lo"
        return bool(flags & iff_loopback)

    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError:
        return []
    internal: dict[str, bool] = {}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for name in names:
            internal[name] = loopback(sock, name)
            request = struct.pack("256s", name.encode()[:15])
            try:
                address = fcntl.ioctl(sock.fileno(), siocgifaddr, request)[20:24]
                netmask = fcntl.ioctl(sock.fileno(), siocgifnetmask, request)[20:24]
            except OSError:
                continue
            text = socket.inet_ntoa(address)
            found.append({
                "name": name, "address": text, "netmask": socket.inet_ntoa(netmask),
                "family": "IPv4", "mac": mac_of(name), "internal": internal[name],
                "cidr": f"{text}/{_netmask_bits(netmask)}",
            })  # fmt: skip
    table = _read("/proc/net/if_inet6") or ""
    for line in table.splitlines():
        fields = line.split()
        if len(fields) < 6:
            continue
        raw, index, prefix, scope, _flags, name = fields[:6]
        packed = bytes.fromhex(raw)
        text = socket.inet_ntop(socket.AF_INET6, packed)
        bits = int(prefix, 16)
        mask = ((1 << 128) - 1) ^ ((1 << (128 - bits)) - 1)
        found.append({
            "name": name, "address": text,
            "netmask": socket.inet_ntop(socket.AF_INET6, mask.to_bytes(16, "big")),
            "family": "IPv6", "mac": mac_of(name),
            "internal": internal.get(name, name == "lo"), "cidr": f"{text}/{bits}",
            "scopeid": int(index, 16) if int(scope, 16) == 0x20 else 0,
        })  # fmt: skip
    # libuv lists an interface's addresses together, in the order interfaces come
    order = {name: i for i, name in enumerate(names)}
    found.sort(key=lambda item: order.get(item["name"], len(order)))
    return found


def _priority(pid: int, value: int | None) -> Any:
    """getpriority / setpriority; a failure is [code, errno, description] for JS to raise."""
    try:
        if value is None:
            return os.getpriority(os.PRIO_PROCESS, pid)
        os.setpriority(os.PRIO_PROCESS, pid, value)
        return None
    except OSError as exc:
        from esmload.host.system_errors import error_code

        number = exc.errno or errno_module.EIO
        return [error_code(exc), -number, os.strerror(number)]


def _info() -> dict[str, Any]:
    import socket

    uname = os.uname()
    try:
        parallelism = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        parallelism = os.cpu_count() or 1
    return {
        "hostname": socket.gethostname(),
        "type": uname.sysname,
        "release": uname.release,
        "version": uname.version,
        "machine": uname.machine,
        "endianness": "LE" if sys.byteorder == "little" else "BE",
        "parallelism": parallelism,
        "signals": _signals(),
        "errno": _errno(),
    }


def make_binding(host: BindingHost) -> dict[str, Callable[..., Any]]:
    del host  # nothing here needs the loop or a permission
    return {
        "info": _info,
        "cpus": _cpus,
        "totalmem": _totalmem,
        "freemem": _freemem,
        "uptime": _uptime,
        "loadavg": _loadavg,
        "userInfo": _user_info,
        "networkInterfaces": _network_interfaces,
        "getPriority": lambda pid: _priority(pid, None),
        "setPriority": _priority,
    }
