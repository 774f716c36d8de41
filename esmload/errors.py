"""Every exception esmload raises, in one tree, and Node's error codes in one table.

What JavaScript sees of an esmload error is declared here: when one crosses into JS (a failed
import, a Python callback that raised) it becomes a JS error of class `js_name` with `code`,
and a report points at `position`. Kept free of engine imports so every layer can use it.
"""

from __future__ import annotations

#: Node's error codes that esmload raises → the JavaScript error class Node throws them as.
NODE_ERROR_CODES = {
    "ERR_MODULE_NOT_FOUND": "Error",
    "ERR_INVALID_MODULE_SPECIFIER": "TypeError",
    "ERR_INVALID_FILE_URL_PATH": "TypeError",
    "ERR_UNSUPPORTED_ESM_URL_SCHEME": "Error",
    "ERR_UNSUPPORTED_BUILTIN": "Error",
    "ERR_UNKNOWN_BUILTIN_MODULE": "Error",
    "ERR_ACCESS_DENIED": "Error",
    "ERR_INVALID_PACKAGE_CONFIG": "Error",
    "ERR_INVALID_PACKAGE_TARGET": "Error",
    "ERR_PACKAGE_PATH_NOT_EXPORTED": "Error",
    "ERR_PACKAGE_IMPORT_NOT_DEFINED": "TypeError",
    "ERR_IMPORT_ATTRIBUTE_MISSING": "TypeError",
    "ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE": "TypeError",
    "ERR_IMPORT_ATTRIBUTE_UNSUPPORTED": "TypeError",
    "ERR_UNHANDLED_REJECTION": "Error",
    "ERR_ESMLOAD_HOOK": "Error",  # esmload's own: a loader hook that cannot be loaded
}

Position = tuple[str, int, int]  # file, line, column (1-based)


class EsmloadError(Exception):
    """Base class of esmload's errors. `str()` is one line meant for users.

    `code` is Node's error code (a key of NODE_ERROR_CODES) or None; `position` is where in a
    module the problem is, when known; `properties`, more fields the JS error carries (Node's
    `errno`, `syscall`, `path`, `permission`, …)."""

    code: str | None = None
    position: Position | None = None
    properties: dict[str, object] | None = None

    @property
    def js_name(self) -> str:
        """The JavaScript error class this error is thrown as."""
        return NODE_ERROR_CODES.get(self.code or "", "Error")


# ---------------------------------------------------------------- the engine and the program


class EngineError(EsmloadError):
    """The engine cannot be used: wrong QuickJS version, out of memory at start-up, misuse."""


class JSError(EsmloadError):
    """A JavaScript exception that reached Python.

    `name` and `message` come from the thrown Error (`name` is "" for a thrown non-Error value,
    whose text is then in `message`); `stack` is the engine's backtrace text. `str()` starts with
    `Name: message` like Node prints it.
    """

    def __init__(self, name: str, message: str, stack: str = "", *, value: object = None) -> None:
        self.name = name
        self.message = message
        self.stack = stack
        self.value = value  # an engine reference to the thrown value, used to rethrow it unchanged
        # A thrown non-Error as Node prints it when uncaught (strings without quotes).
        self.text = message
        super().__init__(f"{name}: {message}" if name else message)

    @property
    def js_name(self) -> str:
        return self.name or "Error"


class ProgramExit(EsmloadError):
    """`process.exit(code)` was called: unwinds Python the way the uncatchable error unwinds JS."""

    def __init__(self, status: int) -> None:
        self.status = status  # the exit status (`code` is for Node error codes)
        super().__init__(f"process.exit({status})")


class Interrupted(EsmloadError):
    """`Runtime.interrupt()` stopped the JavaScript that was running: the call into JS that
    ran it raises this. JavaScript cannot catch it (it unwinds like the time limit)."""


class UncaughtError(ProgramExit):
    """An exception nobody caught (or a rejection nobody handled): the program ends with 1."""

    def __init__(self, error: BaseException, *, rejection: bool = False) -> None:
        super().__init__(1)
        self.error = error
        self.rejection = rejection


class UnsettledTopLevelAwait(ProgramExit):
    """The entry's top-level await can never finish: nothing is left that could settle it."""

    def __init__(self) -> None:
        super().__init__(13)


# ---------------------------------------------------------------- modules


class ModuleError(EsmloadError):
    """A module cannot be resolved, read or linked as imported."""

    def __init__(self, message: str, code: str | None) -> None:
        self.code = code
        super().__init__(message)


class ResolveError(ModuleError):
    """A specifier does not resolve, worded like Node's and naming the specifier and importer."""

    def __init__(self, code: str, message: str, specifier: str, referrer: str | None) -> None:
        super().__init__(message, code)
        self.specifier = specifier
        self.referrer = referrer


class LoadError(ModuleError):
    """A module's file cannot be read."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "ERR_MODULE_NOT_FOUND")


class ImportAttributeError(ModuleError):
    """An import's attributes do not fit the module (e.g. JSON without `type: "json"`)."""


class LinkError(ModuleError):
    """A module graph cannot be linked: an import (or `export … from`) names an export its
    module does not provide, provides ambiguously through `export *`, or only through a
    cycle. Worded like Node's SyntaxError (link/link_errors.py builds it): `str()` is Node's
    message, `position` the import site, `arrow` Node's `file:line`, source line and carets
    printed above the message ("" when the site is unknown). No error code, as in Node."""

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        specifier: str | None,
        name: str,
        importer: str | None,
        position: Position | None = None,
        arrow: str = "",
    ) -> None:
        super().__init__(message, None)
        self.message = message
        self.kind = kind  # "missing", "ambiguous" or "cycle"
        self.specifier = specifier  # as written in the importer
        self.name = name  # the export asked for
        self.importer = importer  # the module whose import fails
        self.position = position
        self.arrow = arrow

    @property
    def js_name(self) -> str:
        return "SyntaxError"


class HookLoadError(EsmloadError):
    """A loader hook named on the command line cannot be loaded."""

    code = "ERR_ESMLOAD_HOOK"


# ---------------------------------------------------------------- host capabilities


class SystemCallError(EsmloadError):
    """A system call made for JavaScript failed: Node's "system error" (`ENOENT: no such file
    or directory, open '/x'`) with `code`, `errno` (negative, as libuv reports it), `syscall`
    and, where there is one, `path` and `dest`."""

    def __init__(
        self, code: str, message: str, properties: dict[str, object], js_name: str = "Error"
    ) -> None:
        self.code = code
        # In Node's order: errno, code, syscall, path, dest.
        self.properties = {"errno": properties.get("errno"), "code": code, **properties}
        self._js_name = js_name
        super().__init__(message)

    @property
    def js_name(self) -> str:
        return self._js_name


class AccessDenied(EsmloadError):
    """The permission model refused a capability (Node's ERR_ACCESS_DENIED)."""

    code = "ERR_ACCESS_DENIED"

    def __init__(self, permission: str, resource: str | None = None) -> None:
        self.permission = permission
        self.resource = resource
        self.properties = {"permission": permission}
        if resource is not None:
            self.properties["resource"] = resource
        super().__init__("Access to this API has been restricted")


# ---------------------------------------------------------------- the cache (never fatal)


class RecordError(EsmloadError):
    """Why a cache record is not usable: magic, format, engine, flags, source, length, digest.
    Always handled: an unusable record is a cache miss."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class AnalyzeError(EsmloadError):
    """The analyzer's parser rejected the source. `line` and `column` are 1-based, None when
    unknown; str() is esprima's message, e.g. "Line 3: Unexpected token". Always handled: the
    module runs (QuickJS compiled it), it just is not cached."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(message)
