"""Node's CommonJS resolution: what `require(request)` in a file loads.

The algorithm of https://nodejs.org/api/modules.html#all-together: built-ins, then files
(`X`, `X.js`, `X.json`, `X.node`), directories (package.json `main`, then `index`), package
`imports` (`#name`) and self-reference, and `node_modules` folders up the tree (then
`NODE_PATH`), with package `exports` read under the `require` conditions. Results are real
paths, as Node's are without `--preserve-symlinks`. Shares the ESM resolver's caches
(package.json files, file checks).
"""

from __future__ import annotations

import os

from esmload.errors import ResolveError
from esmload.resolve.builtins import NODE_BUILTINS, builtin_name

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any

    from esmload.resolve.resolver import Resolver

# What require() tries after a path as written, in Node's order (Module._extensions).
EXTENSIONS = (".js", ".json", ".node")


class RequireResolver:
    def __init__(self, resolver: Resolver) -> None:
        self._esm = resolver
        self._results: dict[tuple[str, str], str] = {}
        self._node_path: list[str] | None = None

    def resolve(self, request: str, parent: str | None) -> str:
        """The real path `require(request)` loads from the file `parent` (None: a file in
        the current directory), or `node:NAME` for a built-in module."""
        if request.startswith("node:") or request in NODE_BUILTINS:
            return builtin_name(request, None)
        if not request:
            raise ResolveError(
                "ERR_INVALID_ARG_VALUE",
                "The argument 'id' must be a non-empty string. Received ''",
                request,
                parent,
            )
        base_dir = os.path.dirname(parent) if parent else os.getcwd()
        key = (base_dir, request)
        found = self._results.get(key)
        if found is None:
            found = self._esm._realpath(self._resolve(request, parent, base_dir))
            self._results[key] = found
        return found

    def _resolve(self, request: str, parent: str | None, base_dir: str) -> str:
        if request.startswith(("./", "../", "/")) or request in (".", ".."):
            found = self._path(os.path.join(base_dir, request), request.endswith("/"))
            if found is not None:
                return found
            raise not_found(request, parent)
        esm = self._esm
        conditions = esm.require_conditions
        if request.startswith("#"):
            return esm._package_imports(request, None, base_dir, conditions)
        name, subpath = esm._split_package(request, None)
        scope = esm._package_scope(base_dir, request, None)
        if scope is not None:  # self-reference: a package requiring itself by name
            scope_dir, scope_data = scope
            if scope_data.get("name") == name and scope_data.get("exports") is not None:
                return self._exported(scope_dir, subpath, scope_data["exports"], request)
        for directory in self._node_modules_paths(base_dir):
            package_dir = os.path.join(directory, name)
            data: dict[str, Any] | None = None
            if esm._isdir(package_dir):
                data = esm._read_package_json(
                    os.path.join(package_dir, "package.json"), request, None
                )
            if data is not None and data.get("exports") is not None:
                return self._exported(package_dir, subpath, data["exports"], request)
            found = self._path(os.path.join(directory, request), request.endswith("/"))
            if found is not None:
                return found
        raise not_found(request, parent)

    def _exported(self, package_dir: str, subpath: str, exports: object, request: str) -> str:
        esm = self._esm
        path = esm._exports(
            package_dir, subpath, exports, request, None, esm.require_conditions
        )
        return path

    def _path(self, path: str, directory_only: bool) -> str | None:
        """LOAD_AS_FILE, then LOAD_AS_DIRECTORY."""
        path = os.path.normpath(path)
        if not directory_only:
            found = self._file(path)
            if found is not None:
                return found
        return self._directory(path)

    def _file(self, path: str) -> str | None:
        isfile = self._esm._isfile
        if isfile(path):
            return path
        for extension in EXTENSIONS:
            if isfile(path + extension):
                return path + extension
        return None

    def _index(self, directory: str) -> str | None:
        isfile = self._esm._isfile
        for extension in EXTENSIONS:
            candidate = os.path.join(directory, "index" + extension)
            if isfile(candidate):
                return candidate
        return None

    def _directory(self, path: str) -> str | None:
        esm = self._esm
        if not esm._isdir(path):
            return None
        config = os.path.join(path, "package.json")
        data = esm._read_package_json(config, path, None)
        main = data.get("main") if data else None
        if isinstance(main, str) and main:
            target = os.path.normpath(os.path.join(path, main))
            found = self._file(target) or self._index(target) or self._index(path)
            if found is None:
                raise ResolveError(
                    "MODULE_NOT_FOUND",
                    f"Cannot find module '{target}'. Please verify that the package.json has "
                    'a valid "main" entry',
                    path,
                    None,
                )
            return found
        return self._index(path)

    def _node_modules_paths(self, base_dir: str) -> list[str]:
        """Module._nodeModulePaths, then NODE_PATH."""
        paths = node_modules_paths(base_dir)
        if self._node_path is None:
            self._node_path = [
                os.path.abspath(p) for p in os.environ.get("NODE_PATH", "").split(os.pathsep) if p
            ]
        return paths + self._node_path


def node_modules_paths(directory: str) -> list[str]:
    """The `node_modules` folders a file in `directory` looks in, nearest first (the
    `module.paths` of Node)."""
    paths = []
    while True:
        if os.path.basename(directory) != "node_modules":
            paths.append(os.path.join(directory, "node_modules"))
        parent = os.path.dirname(directory)
        if parent == directory:
            return paths
        directory = parent


def not_found(request: str, parent: str | None) -> ResolveError:
    """Node's MODULE_NOT_FOUND (the loader adds the require stack)."""
    return ResolveError("MODULE_NOT_FOUND", f"Cannot find module '{request}'", request, parent)
