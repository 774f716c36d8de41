"""The engine's predefined atom names, for analyze/bytecode.py: serialized bytecode refers to
them by index, and only the engine knows its own list (it changes between versions)."""

from __future__ import annotations

from esmload.engine.lib import ffi, lib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from esmload.engine.core import Engine


def predefined_atom_names(engine: Engine, count: int) -> tuple[str, ...]:
    """Names of atoms 0 .. count-1 ("" for the null atom and for any the engine cannot name)."""
    ctx = engine._ctx
    size = ffi.new("size_t *")
    names = [""]
    engine._enter()
    try:
        for atom in range(1, count):
            ptr = lib.JS_AtomToCStringLen(ctx, size, atom)
            if ptr == ffi.NULL:
                lib.JS_FreeValue(ctx, lib.JS_GetException(ctx))  # out of memory: unnamed
                names.append("")
                continue
            try:
                names.append(ffi.unpack(ptr, size[0]).decode("utf-8", "surrogatepass"))
            finally:
                lib.JS_FreeCString(ctx, ptr)
    finally:
        engine._leave()
    return tuple(names)
