"""The engine binding itself: generated cffi module in sync, version check, no leaks."""

from __future__ import annotations

from pathlib import Path

from esmload.engine import build_ffi
from esmload.engine.core import Engine
from esmload.engine.lib import ENGINE_VERSION, SUPPORTED_PREFIX


def test_generated_ffi_module_matches_the_declarations(tmp_path: Path) -> None:
    target = tmp_path / "_ffi.py"
    build_ffi.generate(target)
    assert target.read_text() == build_ffi.TARGET.read_text(), (
        "esmload/engine/_ffi.py is stale: run python -m esmload.engine.build_ffi"
    )


def test_engine_version_is_the_supported_one() -> None:
    assert ENGINE_VERSION.startswith(SUPPORTED_PREFIX)


def test_values_are_freed_engine_memory_stays_flat() -> None:
    engine = Engine()
    try:
        fn = engine.eval_script("(x) => ({ copy: [x, String(x), { n: x }] })", "t.js")

        def cycle(i: int) -> None:
            assert engine.call(fn, i) == {"copy": [i, str(i), {"n": i}]}
            ref = engine.call_ref(fn, i)
            ref.release()
            engine.new_function(lambda: i, "f").release()

        for i in range(500):
            cycle(i)
        engine.run_gc()
        before = engine.memory_usage()["memory_used_size"]
        for i in range(5000):
            cycle(i)
        engine.run_gc()
        assert engine.memory_usage()["memory_used_size"] - before < 64 * 1024
        assert len(engine._functions) < 10
        fn.release()
    finally:
        engine.close()
