"""Generate `_ffi.py`, cffi's out-of-line ABI module for `_cdef.CDEF`.

Out-of-line mode matters for start-up: the generated module loads in a few milliseconds, where
parsing the declarations with pycparser at every start costs 40-60 ms. No C compiler is needed.
Run `python -m esmload.engine.build_ffi` after changing `_cdef.py`; a test checks they agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from esmload.engine._cdef import CDEF

TARGET = Path(__file__).with_name("_ffi.py")


def generate(target: Path = TARGET) -> None:
    import cffi

    builder = cffi.FFI()
    builder.cdef(CDEF)
    builder.set_source("esmload.engine._ffi", None)
    builder.emit_python_code(str(target))


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
