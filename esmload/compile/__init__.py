"""Compile step: source → QuickJS module bytecode (compile only, nothing runs)."""

from __future__ import annotations

from esmload.compile.options import CompileOptions

TYPE_CHECKING = False  # the command line reads CompileOptions before it imports the engine
if TYPE_CHECKING:
    from esmload.engine.core import Engine, ModuleHandle

__all__ = ["CompileOptions", "compile_module", "serialize_module"]


def compile_module(engine: Engine, name: str, source: bytes) -> ModuleHandle:
    """Compile `source` as the module `name` (its dependencies are loaded as a side effect)."""
    return engine.compile_module(name, source)


def serialize_module(
    engine: Engine, module: ModuleHandle, options: CompileOptions
) -> tuple[bytes | memoryview, bytes | None]:
    """A compiled, not yet evaluated module's bytecode, and what the engine found when it
    compiled it (`Engine.dump_compiled`: None with the wheel's engine)."""
    return engine.dump_compiled(module, strip_debug=options.strip_debug)
