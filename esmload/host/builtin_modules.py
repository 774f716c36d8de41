"""Built-in modules' code: `js/NAME.js` compiled as one function of (exports, require, module,
host), its bytecode kept in the code cache like any module's (a warm start compiles none).

The prelude links in only what start-up runs (build_prelude.py); its `require` asks here for
any other module, public (`events`) or internal (`internal/streams/readable`), the first time
one is required.
"""

from __future__ import annotations

import os
import re

from esmload.cache.code_cache import SCRIPT
from esmload.cache.record import source_hash
from esmload.errors import ModuleError

TYPE_CHECKING = False  # typing costs milliseconds to import; mypy still reads the block
if TYPE_CHECKING:
    from esmload.cache.code_cache import CodeCache
    from esmload.engine.core import Engine, JSRef

SOURCE_DIR = os.path.join(os.path.dirname(__file__), "js")
_MODULE_ID = re.compile(r"[a-z][a-z0-9_]*(/[a-z][a-z0-9_]*)*")
# On the first line, so that line numbers in stack traces are the file's own.
_WRAPPER = b"(function (exports, require, module, host) { "
_WRAPPER_END = b"\n})"


def source_path(module_id: str) -> str | None:
    """The file of built-in or internal module `module_id`, or None if there is none."""
    if not _MODULE_ID.fullmatch(module_id):
        return None
    path = os.path.join(SOURCE_DIR, *module_id.split("/")) + ".js"
    return path if os.path.isfile(path) else None


def load_module_function(engine: Engine, cache: CodeCache | None, module_id: str) -> JSRef:
    """Module `module_id`'s function, from cached bytecode when there is some."""
    path = source_path(module_id)
    if path is None:
        raise ModuleError(f"No such built-in module: {module_id}", "ERR_UNKNOWN_BUILTIN_MODULE")
    with open(path, "rb") as f:
        source = _WRAPPER + f.read() + _WRAPPER_END
    name = f"node:{module_id}"
    if cache is None or not cache.usable:
        return engine.eval_script(source, name)  # type: ignore[no-any-return]
    digest = source_hash(source)
    unit = cache.get(SCRIPT, path, digest)
    if unit is not None:
        bytecode = unit.bytecode
    else:
        bytecode = engine.compile_script(source, name, keep_source=False)
        cache.put(SCRIPT, path, digest, bytecode)
    return engine.eval_script_bytecode(bytecode)  # type: ignore[no-any-return]
