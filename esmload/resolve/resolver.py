"""The resolution algorithm. One `Resolver` per program: it caches package.json files, file
checks and results, since it runs for every import edge on every start."""

from __future__ import annotations

import os
import stat

from esmload.errors import ResolveError
from esmload.resolve.builtins import NODE_BUILTINS, builtin_name
from esmload.resolve.urls import url_to_path

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from typing import Any, Literal

    from esmload.resolve.require import RequireResolver

# Node's: `node` and `import` for `import`, `node` and `require` for `require()`, then `default`.
DEFAULT_CONDITIONS = ("node", "import", "default")
REQUIRE_CONDITIONS = ("node", "require", "default")
# What bundlers try for a path that does not exist as written.
PROBE_SUFFIXES = (".js", ".mjs", "/index.js", "/index.mjs")

_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_MISSING: Any = object()  # "undefined" in the spec's PACKAGE_TARGET_RESOLVE, unlike null


def imported_from(referrer: str | None) -> str:
    """The end of an error message that names the importing file, as Node words it."""
    return f" imported from {referrer}" if referrer else ""


def _has_scheme(specifier: str) -> bool:
    """`scheme:` at the start (a URL), checked without `re`, which costs start-up time."""
    colon = specifier.find(":")
    return (
        colon > 0
        and specifier[0].isascii()
        and specifier[0].isalpha()
        and all(ch in _SCHEME_CHARS for ch in specifier[1:colon])
    )


def _invalid_segments(path: str) -> bool:
    """True if a `/`-separated path has `.`, `..` or `node_modules` segments."""
    return any(seg in (".", "..") or seg.lower() == "node_modules" for seg in path.split("/"))


class Resolver:
    def __init__(
        self,
        conditions: tuple[str, ...] = DEFAULT_CONDITIONS,
        require_conditions: tuple[str, ...] = REQUIRE_CONDITIONS,
    ) -> None:
        self.conditions = frozenset(conditions) | {"default"}
        self.require_conditions = frozenset(require_conditions) | {"default"}
        self._require: RequireResolver | None = None
        self._results: dict[tuple[str, str], str] = {}
        self._package_json: dict[str, dict[str, Any] | None] = {}
        self._is_file: dict[str, bool] = {}
        self._is_dir: dict[str, bool] = {}
        self._real_dirs: dict[str, str] = {}
        self._dirs: dict[str | None, str] = {}

    def resolve(self, specifier: str, referrer: str | None) -> str:
        """The real path of the file `specifier` names when imported from `referrer` (an
        absolute path, or None for the current directory); `node:NAME` for a built-in
        module, named with or without the prefix."""
        if specifier.startswith("node:") or specifier in NODE_BUILTINS:
            return builtin_name(specifier, referrer)
        base_dir = self._dirs.get(referrer)
        if base_dir is None:
            base_dir = os.path.dirname(referrer) if referrer else os.getcwd()
            if referrer:
                self._dirs[referrer] = base_dir
        key = (base_dir, specifier)
        found = self._results.get(key)
        if found is None:
            found = self._realpath(self._resolve(specifier, referrer, base_dir))
            self._results[key] = found
        return found

    # ------------------------------------------------------------------ dispatch

    def _resolve(self, specifier: str, referrer: str | None, base_dir: str) -> str:
        if specifier.startswith(("./", "../", "/")) or specifier in (".", ".."):
            return self._file(os.path.join(base_dir, specifier), specifier, referrer)
        if specifier.startswith("#"):
            return self._package_imports(specifier, referrer, base_dir)
        if _has_scheme(specifier):
            if not specifier.startswith("file:"):
                scheme = specifier.split(":", 1)[0]
                raise ResolveError(
                    "ERR_UNSUPPORTED_ESM_URL_SCHEME",
                    f"esmload loads only file: URLs; received protocol '{scheme}:' in "
                    f"'{specifier}'{imported_from(referrer)}",
                    specifier,
                    referrer,
                )
            try:
                path = url_to_path(specifier)
            except ValueError as exc:
                raise ResolveError(
                    "ERR_INVALID_FILE_URL_PATH",
                    f"{exc}{imported_from(referrer)}",
                    specifier,
                    referrer,
                ) from None
            return self._file(path, specifier, referrer)
        return self._package(specifier, referrer, base_dir)

    # ------------------------------------------------------------------ files

    def _file(self, path: str, specifier: str, referrer: str | None) -> str:
        path = os.path.normpath(path)
        found = self._probe(path)
        if found is None:
            raise ResolveError(
                "ERR_MODULE_NOT_FOUND",
                f"Cannot find module '{path}'{imported_from(referrer)}",
                specifier,
                referrer,
            )
        return found

    def _probe(self, path: str) -> str | None:
        """`path` if it is a file, else the first of the bundler-style alternatives."""
        if self._isfile(path):
            return path
        for suffix in PROBE_SUFFIXES:
            candidate = path + suffix
            if self._isfile(candidate):
                return candidate
        return None

    def _isfile(self, path: str) -> bool:
        known = self._is_file.get(path)
        if known is None:
            try:
                known = stat.S_ISREG(os.stat(path).st_mode)
            except (OSError, ValueError):
                known = False
            self._is_file[path] = known
        return known

    def _isdir(self, path: str) -> bool:
        known = self._is_dir.get(path)
        if known is None:
            known = os.path.isdir(path)
            self._is_dir[path] = known
        return known

    def _realpath(self, path: str) -> str:
        directory, name = os.path.split(path)
        real_dir = self._real_dirs.get(directory)
        if real_dir is None:
            real_dir = os.path.realpath(directory)
            self._real_dirs[directory] = real_dir
        full = os.path.join(real_dir, name)
        return os.path.realpath(full) if os.path.islink(full) else full

    # ------------------------------------------------------------------ package.json

    def _read_package_json(self, path: str, specifier: str, referrer: str | None) -> dict | None:
        if path in self._package_json:
            return self._package_json[path]
        data: dict[str, Any] | None
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError:
            data = None
        else:
            from esmload.resolve.jsonfile import loads  # only packages need it

            try:
                loaded = loads(raw)
            except ValueError as exc:
                raise ResolveError(
                    "ERR_INVALID_PACKAGE_CONFIG",
                    f"Invalid package config {path}: {exc}{imported_from(referrer)}",
                    specifier,
                    referrer,
                ) from None
            data = loaded if isinstance(loaded, dict) else None
        self._package_json[path] = data
        return data

    def _package_scope(
        self, directory: str, specifier: str, referrer: str | None
    ) -> tuple[str, dict] | None:
        """The nearest package.json at or above `directory` (not crossing node_modules)."""
        while True:
            if os.path.basename(directory) == "node_modules":
                return None
            candidate = os.path.join(directory, "package.json")
            data = self._read_package_json(candidate, specifier, referrer)
            if data is not None:
                return directory, data
            parent = os.path.dirname(directory)
            if parent == directory:
                return None
            directory = parent

    # ------------------------------------------------------------------ bare specifiers

    @property
    def require_resolver(self) -> RequireResolver:
        """The CommonJS algorithm, sharing this resolver's caches (resolve/require.py)."""
        if self._require is None:
            from esmload.resolve.require import RequireResolver

            self._require = RequireResolver(self)
        return self._require

    def resolve_require(self, request: str, parent: str | None) -> str:
        """What `require(request)` in the file `parent` loads (None: the current directory)."""
        return self.require_resolver.resolve(request, parent)

    def package_type(self, path: str) -> str | None:
        """The `type` field of the package.json nearest to the file `path` (Node's package
        scope, which does stop at node_modules), or None."""
        scope = self._package_scope(os.path.dirname(path), path, None)
        if scope is None:
            return None
        kind = scope[1].get("type")
        return kind if isinstance(kind, str) else None

    def module_format(self, path: str) -> Literal["module", "commonjs", "json", "detect"]:
        """Node's format for the file `path`: "module", "commonjs", "json", or "detect" (a
        file without a package `type`, neither `.mjs` nor `.cjs`: its syntax decides)."""
        if path.endswith(".mjs"):
            return "module"
        if path.endswith(".cjs"):
            return "commonjs"
        if path.endswith(".json"):
            return "json"
        kind = self.package_type(path)
        if kind == "module":
            return "module"
        return "commonjs" if kind == "commonjs" else "detect"

    def _package(self, specifier: str, referrer: str | None, base_dir: str) -> str:
        name, subpath = self._split_package(specifier, referrer)
        scope = self._package_scope(base_dir, specifier, referrer)
        if scope is not None:
            scope_dir, data = scope
            if data.get("name") == name and data.get("exports") is not None:
                return self._exports(scope_dir, subpath, data["exports"], specifier, referrer)
        directory = base_dir
        while True:
            if os.path.basename(directory) != "node_modules":
                package_dir = os.path.join(directory, "node_modules", name)
                if self._isdir(package_dir):
                    return self._in_package(package_dir, subpath, specifier, referrer)
            parent = os.path.dirname(directory)
            if parent == directory:
                raise ResolveError(
                    "ERR_MODULE_NOT_FOUND",
                    f"Cannot find package '{name}'{imported_from(referrer)}",
                    specifier,
                    referrer,
                )
            directory = parent

    def _split_package(self, specifier: str, referrer: str | None) -> tuple[str, str]:
        parts = specifier.split("/")
        if specifier.startswith("@"):
            if len(parts) < 2 or not parts[1]:
                raise self._invalid(specifier, referrer, "is not a valid package name")
            name = "/".join(parts[:2])
        else:
            name = parts[0]
        if not name or name.startswith(".") or "\\" in name or "%" in name:
            raise self._invalid(specifier, referrer, "is not a valid package name")
        return name, "." + specifier[len(name) :]

    def _invalid(self, specifier: str, referrer: str | None, why: str) -> ResolveError:
        return ResolveError(
            "ERR_INVALID_MODULE_SPECIFIER",
            f"Invalid module '{specifier}': {why}{imported_from(referrer)}",
            specifier,
            referrer,
        )

    def _in_package(
        self, package_dir: str, subpath: str, specifier: str, referrer: str | None
    ) -> str:
        data = self._read_package_json(
            os.path.join(package_dir, "package.json"), specifier, referrer
        )
        if data is not None and data.get("exports") is not None:
            return self._exports(package_dir, subpath, data["exports"], specifier, referrer)
        if subpath == ".":
            main = data.get("main") if data else None
            if isinstance(main, str):
                found = self._probe(os.path.normpath(os.path.join(package_dir, main)))
                if found is not None:
                    return found
            return self._file(os.path.join(package_dir, "index"), specifier, referrer)
        return self._file(os.path.join(package_dir, subpath), specifier, referrer)

    # ------------------------------------------------------------------ exports / imports

    def _exports(
        self,
        package_dir: str,
        subpath: str,
        exports: Any,
        specifier: str,
        referrer: str | None,
        conditions: frozenset[str] | None = None,
    ) -> str:
        config = os.path.join(package_dir, "package.json")
        if isinstance(exports, dict):
            dotted = [key.startswith(".") for key in exports]
            if any(dotted) and not all(dotted):
                raise ResolveError(
                    "ERR_INVALID_PACKAGE_CONFIG",
                    f'Invalid package config {config}: "exports" cannot mix "." keys with '
                    f"conditions{imported_from(referrer)}",
                    specifier,
                    referrer,
                )
            mapping = exports if all(dotted) and exports else {".": exports}
        else:
            mapping = {".": exports}
        target = self._match(
            mapping, subpath, package_dir, False, specifier, referrer, conditions
        )
        if target is None or target is _MISSING:
            what = (
                'No "exports" main defined'
                if subpath == "."
                else f"Package subpath '{subpath}' is not defined by \"exports\""
            )
            raise ResolveError(
                "ERR_PACKAGE_PATH_NOT_EXPORTED",
                f"{what} in {config}{imported_from(referrer)}",
                specifier,
                referrer,
            )
        return self._existing(target, specifier, referrer)

    def _package_imports(
        self,
        specifier: str,
        referrer: str | None,
        base_dir: str,
        conditions: frozenset[str] | None = None,
    ) -> str:
        if specifier in ("#", "#/") or specifier.startswith("#/"):
            raise self._invalid(specifier, referrer, "is not a valid internal imports specifier")
        scope = self._package_scope(base_dir, specifier, referrer)
        target: Any = None
        if scope is not None and isinstance(scope[1].get("imports"), dict):
            package_dir, data = scope
            target = self._match(
                data["imports"], specifier, package_dir, True, specifier, referrer, conditions
            )
        if target is None or target is _MISSING:
            where = os.path.join(scope[0], "package.json") if scope else "any package.json"
            raise ResolveError(
                "ERR_PACKAGE_IMPORT_NOT_DEFINED",
                f"Package import specifier '{specifier}' is not defined in {where}"
                f"{imported_from(referrer)}",
                specifier,
                referrer,
            )
        return self._existing(target, specifier, referrer)

    def _existing(self, path: str, specifier: str, referrer: str | None) -> str:
        if not self._isfile(path):
            raise ResolveError(
                "ERR_MODULE_NOT_FOUND",
                f"Cannot find module '{path}'{imported_from(referrer)}",
                specifier,
                referrer,
            )
        return path

    def _match(
        self,
        mapping: dict[str, Any],
        key: str,
        package_dir: str,
        is_imports: bool,
        specifier: str,
        referrer: str | None,
        conditions: frozenset[str] | None = None,
    ) -> Any:
        """PACKAGE_IMPORTS_EXPORTS_RESOLVE: exact key first, then the best `*` pattern."""
        if key in mapping and "*" not in key:
            return self._target(
                package_dir, mapping[key], None, is_imports, specifier, referrer, conditions
            )
        best: tuple[str, str] | None = None
        for candidate in mapping:
            star = candidate.find("*")
            if star < 0 or candidate.find("*", star + 1) >= 0:
                continue
            prefix, suffix = candidate[:star], candidate[star + 1 :]
            if (
                key.startswith(prefix)
                and key != prefix
                and key.endswith(suffix)
                and len(key) >= len(candidate)
                and (best is None or _pattern_key_order(candidate, best[0]))
            ):
                best = (candidate, key[len(prefix) : len(key) - len(suffix)])
        if best is None:
            return None
        return self._target(
            package_dir, mapping[best[0]], best[1], is_imports, specifier, referrer, conditions
        )

    def _target(
        self,
        package_dir: str,
        target: Any,
        pattern: str | None,
        is_imports: bool,
        specifier: str,
        referrer: str | None,
        conditions: frozenset[str] | None = None,
    ) -> Any:
        """PACKAGE_TARGET_RESOLVE: a path, None (null: blocked) or _MISSING (undefined).
        `conditions`: the require() set, or None for import's."""
        if isinstance(target, str):
            return self._string_target(
                package_dir, target, pattern, is_imports, specifier, referrer, conditions
            )
        if isinstance(target, list):
            last_error: ResolveError | None = None
            for item in target:
                try:
                    resolved = self._target(
                        package_dir, item, pattern, is_imports, specifier, referrer, conditions
                    )
                except ResolveError as exc:
                    if exc.code != "ERR_INVALID_PACKAGE_TARGET":
                        raise
                    last_error = exc
                    continue
                if resolved is _MISSING:
                    continue
                return resolved
            if last_error is not None:
                raise last_error
            return None
        if isinstance(target, dict):
            active = self.conditions if conditions is None else conditions
            for condition, value in target.items():
                if condition in active:
                    resolved = self._target(
                        package_dir, value, pattern, is_imports, specifier, referrer, conditions
                    )
                    if resolved is _MISSING:
                        continue
                    return resolved
            return _MISSING
        if target is None:
            return None
        raise self._bad_target(package_dir, target, specifier, referrer)

    def _string_target(
        self,
        package_dir: str,
        target: str,
        pattern: str | None,
        is_imports: bool,
        specifier: str,
        referrer: str | None,
        conditions: frozenset[str] | None = None,
    ) -> str:
        if not target.startswith("./"):
            if is_imports and not target.startswith(("../", "/")) and not _has_scheme(target):
                bare = target.replace("*", pattern) if pattern is not None else target
                importer = os.path.join(package_dir, "package.json")
                if conditions is not None:  # require(): the CommonJS lookup of a package
                    return self.require_resolver.resolve(bare, importer)
                return self._package(bare, importer, package_dir)
            raise self._bad_target(package_dir, target, specifier, referrer)
        if _invalid_segments(target[2:]):
            raise self._bad_target(package_dir, target, specifier, referrer)
        if pattern is not None:
            if _invalid_segments(pattern):
                raise self._invalid(specifier, referrer, "its subpath is not valid")
            target = target.replace("*", pattern)
        return os.path.normpath(os.path.join(package_dir, target))

    def _bad_target(
        self, package_dir: str, target: object, specifier: str, referrer: str | None
    ) -> ResolveError:
        return ResolveError(
            "ERR_INVALID_PACKAGE_TARGET",
            f"Invalid target {_json_text(target)} in {os.path.join(package_dir, 'package.json')}"
            f" for '{specifier}'{imported_from(referrer)}",
            specifier,
            referrer,
        )


def _pattern_key_order(a: str, b: str) -> bool:
    """True if pattern key `a` is more specific than `b` (PATTERN_KEY_COMPARE)."""
    base_a, base_b = a.index("*") + 1, b.index("*") + 1
    if base_a != base_b:
        return base_a > base_b
    return len(a) > len(b)


_default: Resolver | None = None


def resolve(specifier: str, referrer: str | None) -> str:
    """Resolve with a module-level Resolver (its caches live as long as the process)."""
    global _default
    if _default is None:
        _default = Resolver()
    return _default.resolve(specifier, referrer)


def _json_text(value: object) -> str:
    import json

    return json.dumps(value)
