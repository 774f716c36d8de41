"""The permission model: what JavaScript may reach outside the engine.

Like Node's `--permission`: the command line allows everything unless `--permission` is given,
and then only what `--allow-fs-read`, `--allow-fs-write`, `--allow-net`,
`--allow-child-process` and `--allow-env` grant. An embedding `Runtime` starts from nothing
granted. Every host binding that touches files, the network, subprocesses or the environment
asks here first (in Python: JavaScript cannot get around it), and a refusal is Node's
`ERR_ACCESS_DENIED` error.
"""

from __future__ import annotations

import os

from esmload.errors import AccessDenied

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: process.permission.has() scopes → the permission each one checks
_SCOPES = {
    "fs": "FileSystemRead",
    "fs.read": "FileSystemRead",
    "fs.write": "FileSystemWrite",
    "child": "ChildProcess",
    "net": "Net",
    "env": "Environment",
    "worker": "WorkerThreads",
}


class PathGrant:
    """Files granted by path: a path grants itself and everything below it; `*` alone grants
    everything, a trailing `*` every path that starts with what precedes it."""

    def __init__(self, grant: bool | Iterable[str]) -> None:
        self.everything = grant is True
        self.trees: list[str] = []
        self.prefixes: list[str] = []
        if isinstance(grant, bool):
            return
        for entry in grant:
            entry = os.fspath(entry)
            if entry == "*":
                self.everything = True
            elif entry.endswith("*"):
                prefix = os.path.abspath(entry[:-1])
                self.prefixes.append(prefix + "/" if entry.endswith("/*") else prefix)
            else:
                self.trees.append(_real(entry))

    def add(self, path: str) -> None:
        self.trees.append(_real(path))

    def allows(self, path: str) -> bool:
        if self.everything:
            return True
        if not self.trees and not self.prefixes:
            return False
        for candidate in {os.path.abspath(path), _real(path)}:
            for tree in self.trees:
                if candidate == tree or candidate.startswith(tree.rstrip("/") + "/"):
                    return True
            if any(candidate.startswith(prefix) for prefix in self.prefixes):
                return True
        return False


def _real(path: str) -> str:
    return os.path.realpath(os.path.abspath(path))


class Permissions:
    """What a program may do. `enabled` False: everything (the command line's default)."""

    def __init__(
        self,
        *,
        enabled: bool = False,
        fs_read: bool | Iterable[str] = (),
        fs_write: bool | Iterable[str] = (),
        net: bool | Iterable[str] = (),
        child_process: bool = False,
        env: bool | Iterable[str] = (),
    ) -> None:
        self.enabled = enabled
        self.fs_read = PathGrant(fs_read)
        self.fs_write = PathGrant(fs_write)
        self.net_all = net is True
        self.net_hosts = set() if isinstance(net, bool) else {h.lower() for h in net}
        self.child_process = bool(child_process)
        self.env_all = env is True
        self.env_names = set() if isinstance(env, bool) else set(env)
        # Trees modules may be loaded from besides fs_read (the embedding API adds the
        # directories of the modules the host imports itself).
        self.module_roots = PathGrant(())

    # ------------------------------------------------------------------ checks (raise)

    def check_fs_read(self, path: str) -> None:
        if self.enabled and not self.fs_read.allows(path):
            raise AccessDenied("FileSystemRead", path)  # as given, like Node

    def check_fs_write(self, path: str) -> None:
        if self.enabled and not self.fs_write.allows(path):
            raise AccessDenied("FileSystemWrite", path)

    def check_net(self, host: str, port: int | None = None) -> None:
        if self.enabled and not self.allows_net(host, port):
            resource = host if port is None else f"{host}:{port}"
            raise AccessDenied("Net", resource)

    def check_child_process(self, command: str | None = None) -> None:
        if self.enabled and not self.child_process:
            raise AccessDenied("ChildProcess", command)

    def check_module(self, path: str) -> None:
        """A module file the loader is about to read (sandboxed embedding only)."""
        if self.enabled and not (self.module_roots.allows(path) or self.fs_read.allows(path)):
            raise AccessDenied("FileSystemRead", path)

    # ------------------------------------------------------------------ questions

    def allows_net(self, host: str, port: int | None = None) -> bool:
        if not self.enabled or self.net_all:
            return True
        host = host.lower().strip("[]")
        return host in self.net_hosts or (
            port is not None and f"{host}:{port}" in self.net_hosts
        )

    def allows_env(self, name: str) -> bool:
        return not self.enabled or self.env_all or name in self.env_names

    def environment(self, environ: dict[str, str]) -> dict[str, str]:
        """What `process.env` starts with."""
        if not self.enabled or self.env_all:
            return dict(environ)
        return {name: value for name, value in environ.items() if name in self.env_names}

    def has(self, scope: str, reference: str | None = None) -> bool:
        """`process.permission.has(scope, reference)`."""
        if not self.enabled:
            return True
        permission = _SCOPES.get(scope)
        if permission == "FileSystemRead" and scope == "fs":
            return self._has_path(self.fs_read, reference) and self._has_path(
                self.fs_write, reference
            )
        if permission == "FileSystemRead":
            return self._has_path(self.fs_read, reference)
        if permission == "FileSystemWrite":
            return self._has_path(self.fs_write, reference)
        if permission == "ChildProcess":
            return self.child_process
        if permission == "Net":
            return self.net_all or (reference is not None and self.allows_net(reference))
        if permission == "Environment":
            return self.env_all or (reference is not None and reference in self.env_names)
        return False

    @staticmethod
    def _has_path(grant: PathGrant, reference: str | None) -> bool:
        return grant.everything if reference is None else grant.allows(reference)


def sandbox(
    *,
    allow_fs_read: bool | Sequence[str] = (),
    allow_fs_write: bool | Sequence[str] = (),
    allow_net: bool | Sequence[str] = (),
    allow_env: bool | Sequence[str] = (),
    allow_child_process: bool = False,
) -> Permissions:
    """The embedding API's permissions: nothing but what is granted."""
    return Permissions(
        enabled=True,
        fs_read=allow_fs_read,
        fs_write=allow_fs_write,
        net=allow_net,
        child_process=allow_child_process,
        env=allow_env,
    )
