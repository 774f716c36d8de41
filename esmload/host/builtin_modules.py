"""Built-in modules' code: `js/NAME.js` compiled as one function of (exports, require, module,
host), its bytecode kept in the code cache like any module's (a warm start compiles none),
checked against the file's stamp rather than its content (see `_stamp_digest`).

The prelude links in only what start-up runs (build_prelude.py); its `require` asks here for
any other module, public (`events`) or internal (`internal/streams/readable`), the first time
one is required.
"""

from __future__ import annotations

import os

from esmload.cache.record import source_hash
from esmload.cache.units import SCRIPT
from esmload.errors import ModuleError
from esmload.resolve.builtins import SOURCE_DIR, source_file

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from esmload.cache.code_cache import CodeCache
    from esmload.engine.core import Engine, JSRef

_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _valid_id(module_id: str) -> bool:
    """Lower-case words of letters, digits and `_`, each starting with a letter, joined by
    `/` (checked without `re`: compiling a pattern costs start-up time)."""
    return all(
        word and "a" <= word[0] <= "z" and _ID_CHARS.issuperset(word)
        for word in module_id.split("/")
    )


# On the first line, so that line numbers in stack traces are the file's own.
_WRAPPER = b"(function (exports, require, module, host) { "
_WRAPPER_END = b"\n})"


def _stamp_digest(path: str, stat: os.stat_result) -> bytes:
    """What identifies this version of a built-in's source: its file's size, modification
    time and inode. Built-ins ship with esmload, so any change to one (an edit, a reinstall)
    changes its stamp; reading and hashing every built-in a program imports at every start
    would cost more than loading their bytecode."""
    return source_hash(
        f"esmload-builtin\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}".encode(
            "utf-8", "surrogateescape"
        )
    )


def load_module_function(engine: Engine, cache: CodeCache | None, module_id: str) -> JSRef:
    """Module `module_id`'s function, from cached bytecode when there is some."""
    if not _valid_id(module_id):
        raise _unknown(module_id)
    path = source_file(module_id, SOURCE_DIR)
    name = f"node:{module_id}"
    try:
        stat = os.stat(path)
    except OSError:
        raise _unknown(module_id) from None
    if cache is not None and cache.usable:
        digest = _stamp_digest(path, stat)
        unit = cache.get(SCRIPT, path, digest)
        if unit is not None:
            return engine.eval_script_bytecode(unit.bytecode)  # type: ignore[no-any-return]
    source = _read_wrapped(path, module_id)
    if cache is None or not cache.usable:
        return engine.eval_stripped(source, name)[0]  # type: ignore[no-any-return]
    function, bytecode = engine.eval_stripped(source, name, serialize=True)
    assert bytecode is not None
    if os.stat(path).st_mtime_ns == stat.st_mtime_ns:  # not edited while we read it
        cache.put_later(SCRIPT, path, digest, bytecode)
    return function  # type: ignore[no-any-return]


def _read_wrapped(path: str, module_id: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return _WRAPPER + f.read() + _WRAPPER_END
    except OSError:
        raise _unknown(module_id) from None


def _unknown(module_id: str) -> ModuleError:
    return ModuleError(f"No such built-in module: {module_id}", "ERR_UNKNOWN_BUILTIN_MODULE")
