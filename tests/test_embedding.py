"""The embedding API: Runtime, values, proxies, promises, errors, limits, threads, host modules."""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

import pytest

import esmload
from conftest import write_tree
from esmload.errors import EngineError


@pytest.fixture
def rt(tmp_path: Path):
    with esmload.Runtime(cache_dir=tmp_path / "cache") as runtime:
        yield runtime


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    write_tree(
        tmp_path,
        {
            "lib.mjs": """
                export let counter = 0;
                export function bump(by = 1) { counter += by; return counter; }
                export const add = (a, b) => a + b;
                export class Greeter {
                  constructor(name) { this.name = name; }
                  greet(other) { return `${this.name} greets ${other}`; }
                }
                export const config = { nested: { list: [1, 2, 3] }, flag: true };
                export const delayed = (v, ms) => new Promise((r) => setTimeout(() => r(v), ms));
                export const fails = async () => { throw new TypeError('async failure'); };
                export const callBack = (fn, ...args) => fn(...args);
                export const map = new Map([['a', 1], ['b', 2]]);
                export default function main() { return 'default export'; }
            """,
        },
    )
    return tmp_path / "lib.mjs"


def test_import_call_and_namespace(rt, lib: Path) -> None:
    m = rt.import_module(str(lib))
    assert m.add(2, 3) == 5
    assert m.bump() == 1 and m.bump(5) == 6
    assert m.counter == 6  # live binding
    assert m["default"]() == "default export"
    assert {"add", "bump", "counter", "Greeter", "default"} <= set(dir(m))
    greeter = m.Greeter.new("Ada")
    assert greeter.greet("Bob") == "Ada greets Bob"
    assert greeter.name == "Ada"
    with pytest.raises(AttributeError):
        _ = m.missing_export


def test_relative_import_uses_cwd_or_referrer(rt, lib: Path, monkeypatch) -> None:
    monkeypatch.chdir(lib.parent)
    assert rt.import_module("./lib.mjs").add(1, 1) == 2
    other = rt.import_module("./lib.mjs", referrer=str(lib))
    assert other.add(1, 2) == 3


def test_value_conversion_round_trip(rt) -> None:
    echo = rt.eval("(x) => x")
    for value in [
        None,
        True,
        False,
        0,
        -7,
        2**53,
        2**70,
        -(2**64),
        1.5,
        "text ✓",
        b"\x00\xff",
        [1, [2, "x"]],
        {"a": {"b": [None, True]}},
    ]:
        assert echo(value) == value
    assert echo((1, 2)) == [1, 2]
    assert rt.eval("undefined") is None
    assert rt.eval("typeof 12345678901234567890n") == "bigint"
    cyclic: dict = {"name": "c"}
    cyclic["self"] = cyclic
    back = echo(cyclic)
    assert back["self"] is back


def test_proxies_for_other_objects(rt, lib: Path) -> None:
    m = rt.import_module(str(lib))
    assert len(m.map) == 2
    assert [list(entry) for entry in m.map] == [["a", 1], ["b", 2]]
    config = m.config
    assert config == {"nested": {"list": [1, 2, 3]}, "flag": True}
    date = rt.eval("new Date(0)")
    assert isinstance(date, esmload.JSObject)
    assert date.toISOString() == "1970-01-01T00:00:00.000Z"
    arr = rt.eval("[1, 2, 3]")
    assert arr == [1, 2, 3]


def test_python_callables_in_js(rt, lib: Path) -> None:
    m = rt.import_module(str(lib))
    seen = []
    assert m.callBack(lambda a, b: seen.append((a, b)) or a * b, 6, 7) == 42
    assert seen == [(6, 7)]


def test_promises_result_and_asyncio(rt, lib: Path) -> None:
    m = rt.import_module(str(lib))
    promise = m.delayed("later", 20)
    assert isinstance(promise, esmload.JSPromise)
    assert promise.result(timeout=5) == "later"
    with pytest.raises(TimeoutError):
        m.delayed("slow", 2000).result(timeout=0.05)

    async def main() -> list:
        return await asyncio.gather(m.delayed(1, 30), m.delayed(2, 10))

    assert asyncio.run(main()) == [1, 2]
    with pytest.raises(esmload.JSError) as info:
        m.fails().result()
    assert info.value.name == "TypeError"
    assert str(info.value).startswith("TypeError: async failure")


def test_js_errors_carry_name_message_stack(rt) -> None:
    with pytest.raises(esmload.JSError) as info:
        rt.eval("function thrower() { throw new RangeError('bad range'); }\nthrower()")
    error = info.value
    assert error.name == "RangeError"
    assert error.message == "bad range"
    assert "thrower" in error.stack
    assert str(error).startswith("RangeError: bad range")


def test_python_exception_round_trip_through_js(rt) -> None:
    def boom() -> None:
        raise KeyError("from python")

    call = rt.eval("(f) => f()")
    with pytest.raises(KeyError):
        call(boom)
    caught = rt.eval("(f) => { try { f(); } catch (e) { return e.message; } }")
    assert caught(boom) == "KeyError: 'from python'"


def test_nested_js_python_js_python_unwinds(rt) -> None:
    js_outer = rt.eval(
        "(py) => { try { return py(); } catch (e) { return 'js caught: ' + e.message; } }"
    )
    js_inner = rt.eval("() => { throw new Error('deep'); }")

    def py_middle() -> object:
        return js_inner()  # raises JSError, which goes back into JS as the original error

    assert js_outer(py_middle) == "js caught: deep"
    with pytest.raises(esmload.JSError, match="deep"):
        rt.eval("(py) => py()")(py_middle)


def test_time_limit_stops_runaway_code(tmp_path: Path) -> None:
    with esmload.Runtime(cache=False, time_limit=0.2) as rt:
        with pytest.raises(TimeoutError):
            rt.eval("for (;;) {}")
        assert rt.eval("1 + 1") == 2


def test_memory_limit_and_deep_recursion(tmp_path: Path) -> None:
    with esmload.Runtime(cache=False, memory_limit=32 * 2**20) as rt:
        with pytest.raises(MemoryError):
            rt.eval("const a = []; for (;;) a.push(new Array(100000).fill(1));")
        assert rt.eval("'still usable'") == "still usable"
        with pytest.raises(esmload.JSError) as info:
            rt.eval("function f(n) { return f(n + 1) + 1; } f(0)")
        assert info.value.name in ("RangeError", "InternalError")
        assert rt.eval("2 * 21") == 42


def test_one_runtime_per_thread_and_cross_thread_use_refused(tmp_path: Path) -> None:
    results: list[object] = []

    def worker(n: int) -> None:
        with esmload.Runtime(cache=False) as own:
            results.append(own.eval(f"{n} * 2"))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 2, 4, 6]  # type: ignore[type-var]

    with esmload.Runtime(cache=False) as shared:
        blocker = threading.Event()
        release = threading.Event()
        errors: list[BaseException] = []

        def hold() -> None:
            blocker.set()
            release.wait(5)

        call = shared.eval("(f) => f()")
        holder = threading.Thread(target=lambda: call(hold))
        holder.start()
        blocker.wait(5)
        try:
            shared.eval("1")
        except EngineError as exc:
            errors.append(exc)
        release.set()
        holder.join()
        assert errors and "another thread" in str(errors[0])


def test_register_module(rt, tmp_path: Path) -> None:
    calls = []
    rt.register_module("app:config", {"name": "x", "f": lambda v: calls.append(v) or v + 1})
    write_tree(
        tmp_path,
        {"uses.mjs": "import { name, f } from 'app:config';\nexport const out = f(41) + name;\n"},
    )
    assert rt.import_module(str(tmp_path / "uses.mjs")).out == "42x"
    assert calls == [41]


def test_run_returns_exit_code(rt, tmp_path: Path, capfd) -> None:
    write_tree(
        tmp_path,
        {
            "prog.mjs": "console.log('args', process.argv.slice(2).join(','));\nprocess.exitCode = 3;\n"
        },
    )
    assert rt.run(tmp_path / "prog.mjs", ["a", "b"]) == 3
    assert capfd.readouterr().out == "args a,b\n"


def test_python_import_hook(tmp_path: Path, monkeypatch) -> None:
    write_tree(
        tmp_path,
        {
            "jsmath.mjs": "export const square = (x) => x * x;\nexport let n = 1;\nexport function inc() { n++; }\n"
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    from esmload.importer import uninstall

    esmload.install()
    try:
        import jsmath  # type: ignore[import-not-found]

        assert jsmath.square(9) == 81
        jsmath.inc()
        assert jsmath.n == 2
        assert "square" in dir(jsmath)
    finally:
        uninstall()
        sys.modules.pop("jsmath", None)


def test_no_memory_growth_over_many_cycles(tmp_path: Path, lib: Path) -> None:
    with esmload.Runtime(cache_dir=tmp_path / "cache") as rt:
        m = rt.import_module(str(lib))

        def cycle(i: int) -> None:
            again = rt.import_module(str(lib))  # a loaded module: same instance, new proxy
            assert again.add(i, 1) == i + 1
            assert m.callBack(lambda x: x, i) == i
            obj = rt.eval("({ big: new Array(100).fill('x') })")
            assert len(obj["big"]) == 100
            m.Greeter.new("n").greet("m")

        for i in range(1000):
            cycle(i)
        rt._engine.run_gc()
        baseline = rt.memory_usage()["memory_used_size"]
        for i in range(10000):
            cycle(i)
        rt._engine.run_gc()
        after = rt.memory_usage()["memory_used_size"]
        assert after - baseline < 256 * 1024, (baseline, after)
        assert len(rt._engine._functions) < 50
