"""Compile step: source → QuickJS module bytecode (compile only, nothing runs)."""

from __future__ import annotations

from esmload.compile.options import CompileOptions

TYPE_CHECKING = False  # the command line reads CompileOptions before it imports the engine
if TYPE_CHECKING:
    from esmload.engine.core import Engine, ModuleHandle

__all__ = ["CompileOptions", "compile_module", "module_bytecode"]


def compile_module(engine: Engine, name: str, source: bytes) -> ModuleHandle:
    """Compile `source` as the module `name` (its dependencies are loaded as a side effect)."""
    return engine.compile_module(name, source)


def module_bytecode(engine: Engine, module: ModuleHandle, options: CompileOptions) -> bytes:
    """Serialize a compiled, not yet evaluated module."""
    return engine.dump_module(module, strip_debug=options.strip_debug)
