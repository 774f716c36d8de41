"""The embedding API, Python side of the crossing: Python objects as live proxies in JS,
explicit deep copies both ways, keyword arguments, async Python called from JS, and waiting
for JS promises from asyncio without polling."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest

import esmload
from esmload import create_proxy, to_js


@pytest.fixture
def rt(tmp_path: Path):
    with esmload.Runtime(cache_dir=tmp_path / "cache", allow_fs_read=[str(tmp_path)]) as runtime:
        yield runtime


class Counter:
    kind = "counter"

    def __init__(self) -> None:
        self.n = 0
        self._secret = "hidden"
        self.items: list[int] = []

    def bump(self, by: int = 1) -> int:
        self.n += by
        return self.n

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Any:
        return iter(self.items)

    def __str__(self) -> str:
        return f"Counter({self.n})"


# ------------------------------------------------------------------ keyword arguments


def test_keyword_arguments_arrive_as_a_trailing_object(rt) -> None:
    f = rt.eval("(a, b, options) => ({ a, b, options })")
    assert f(1, 2, x=3, y="z") == {"a": 1, "b": 2, "options": {"x": 3, "y": "z"}}
    assert f(1, 2) == {"a": 1, "b": 2, "options": None}
    Box = rt.eval("(class Box { constructor(v, o) { this.v = v; this.o = o; } })")
    box = Box.new(5, label="five")
    assert box.v == 5 and box.o == {"label": "five"}


# ------------------------------------------------------------------ Python objects in JS


def test_python_objects_cross_as_live_proxies(rt) -> None:
    counter = Counter()
    use = rt.eval(
        """(c) => {
          c.n = c.n + 10;                 // attribute write, seen in Python
          c.added = 'from js';            // a new attribute
          const bumped = c.bump(5);       // a method
          return [bumped, c.kind, typeof c, 'n' in c, 'nope' in c, c.nope === undefined,
                  c.type, String(c), c.length];
        }"""
    )
    assert use(counter) == [15, "counter", "object", True, False, True, "Counter", "Counter(15)", 0]
    assert counter.n == 15 and counter.added == "from js"
    counter.n = 100  # and Python's writes show in JS
    assert rt.eval("(c) => c.n")(counter) == 100


def test_proxies_give_items_length_and_iteration(rt) -> None:
    counter = Counter()
    counter.items = [3, 1, 2]
    assert rt.eval("(c) => [c.length, [...c], Array.from(c).sort()]")(counter) == [
        3,
        [3, 1, 2],
        [1, 2, 3],
    ]
    live = {"a": 1}
    edit = rt.eval(
        "(d) => { d.set('b', 2); d.delete('a'); return [d.get('b'), d.has('a'), d.get('x')] }"
    )
    assert edit(create_proxy(live)) == [2, False, None]
    assert live == {"b": 2}
    copied = {"a": 1}
    rt.eval("(d) => { d.a = 2; d.b = 3; }")(copied)  # a dict crosses by value by default
    assert copied == {"a": 1}


def test_a_proxy_comes_back_as_the_same_object(rt) -> None:
    counter = Counter()
    back = rt.eval("(c) => [c, { inside: c }]")(counter)
    assert back[0] is counter and back[1]["inside"] is counter
    seen = []
    rt.eval("(c, f) => f(c)")(counter, seen.append)
    assert seen == [counter]


def test_classes_and_callable_objects(rt) -> None:
    made = rt.eval("(C) => { const a = new C(); const b = C(); a.bump(2); return [a, b] }")(Counter)
    assert isinstance(made[0], Counter) and made[0].n == 2 and isinstance(made[1], Counter)
    assert rt.eval("(C) => typeof C")(Counter) == "function"
    kw = rt.eval("(f) => f.callKwargs({ by: 4 })")(create_proxy(Counter().bump))
    assert kw == 4


def test_private_names_and_modules_stay_out_of_reach(rt) -> None:
    counter = Counter()
    probe = rt.eval(
        "(c) => [c._secret, c.__class__, c.__dict__, '_secret' in c, Object.keys(c).sort()]"
    )
    assert probe(counter) == [None, None, None, False, ["bump", "items", "kind", "n"]]
    with pytest.raises(AttributeError, match="not a public attribute"):
        rt.eval("(c) => { c._secret = 1 }")(counter)
    assert counter._secret == "hidden"
    with pytest.raises(TypeError, match="module object does not cross"):
        rt.eval("(m) => m")(sys)
    holder = Counter()
    holder.module = sys  # type: ignore[attr-defined]
    with pytest.raises(TypeError, match="module object does not cross"):
        rt.eval("(h) => h.module")(holder)
    assert rt.eval("(m) => typeof m.version")(create_proxy(sys)) == "string"


def test_destroy_and_to_js(rt) -> None:
    counter = Counter()
    with pytest.raises(ReferenceError, match="destroyed"):
        rt.eval("(c) => { c.destroy(); return c.n }")(counter)
    assert rt.eval("(c) => { c.destroy(); try { c.n } catch (e) { return e.message } }")(
        Counter()
    ).startswith("ReferenceError: this Python object proxy was destroyed")
    data = {"a": [1, {"b": 2}], "s": {1, 2}}
    assert rt.eval("(d) => d.toJs().a[1].b")(create_proxy(data)) == 2
    check = rt.eval("(d) => [d.s instanceof Set, d.s.size, d.a[1].b, typeof d.a]")
    assert check(to_js(data)) == [True, 2, 2, "object"]
    shallow = rt.eval("(d) => [Array.isArray(d.a), typeof d.a.get]")(to_js(data, depth=1))
    assert shallow == [False, "function"]  # below depth 1: a proxy of the list


def test_proxies_live_as_long_as_js_holds_them(rt) -> None:
    counter = Counter()
    alive = weakref.ref(counter)
    rt.eval("(c) => { globalThis.kept = c; }")(counter)
    del counter
    gc.collect()
    assert alive() is not None and rt.eval("kept.bump(1)") == 1
    rt.eval("delete globalThis.kept")
    rt._engine.run_gc()
    gc.collect()
    assert alive() is None


def test_no_growth_over_many_proxy_round_trips(rt) -> None:
    touch = rt.eval("(c) => { c.n = c.n + 1; return [c, c.bump(1), [...c]] }")

    def cycle() -> None:
        counter = Counter()
        counter.items = [1, 2]
        back, bumped, items = touch(counter)
        assert back is counter and bumped == 2 and items == [1, 2]

    for _ in range(1000):
        cycle()
    rt._engine.run_gc()
    gc.collect()
    baseline = rt.memory_usage()["memory_used_size"]
    for _ in range(10_000):
        cycle()
    rt._engine.run_gc()
    gc.collect()
    assert rt.memory_usage()["memory_used_size"] - baseline < 256 * 1024
    assert len(rt._objects._objects) < 10
    assert len(rt._engine._functions) < 50


def test_js_to_py_deep_copies(rt) -> None:
    value = rt.eval(
        """class Point { constructor() { this.x = 1; this.tags = new Set(['a']); } }
           const m = new Map([['p', new Point()], [1, [new Map([['k', 'v']])]]]);
           m.set('self', m);
           m"""
    )
    copy = value.to_py()
    assert copy["p"] == {"x": 1, "tags": {"a"}}
    assert copy[1] == [{"k": "v"}]
    assert copy["self"] is copy  # cycles kept
    shallow = value.to_py(depth=1)
    assert isinstance(shallow["p"], esmload.JSObject) and shallow["p"].x == 1
    fn = rt.eval("new (class { constructor() { this.f = () => 1; } })()").to_py()["f"]
    assert isinstance(fn, esmload.JSFunction)


# ------------------------------------------------------------------ async both ways


def test_async_python_called_from_js_under_asyncio(rt) -> None:
    calls = []

    async def fetch_user(uid: int) -> dict[str, Any]:
        await asyncio.sleep(0.01)
        calls.append(uid)
        return {"id": uid, "name": f"user{uid}"}

    async def fails() -> None:
        await asyncio.sleep(0)
        raise KeyError("missing")

    names = rt.eval(
        """async (get) => {
          const p = get(1);
          if (!(p instanceof Promise)) throw new Error('not a promise');
          const users = await Promise.all([p, get(2), get(3)]);
          return users.map((u) => u.name);
        }"""
    )
    rethrow = rt.eval("async (f) => { await f(); }")
    caught = rt.eval("async (f) => { try { await f(); } catch (e) { return e.message; } }")

    async def main() -> None:
        assert await names(fetch_user) == ["user1", "user2", "user3"]
        with pytest.raises(KeyError, match="missing"):
            await rethrow(fails)  # the original exception comes back out
        assert await caught(fails) == "KeyError: 'missing'"

    asyncio.run(main())
    assert sorted(calls) == [1, 2, 3]


def test_async_python_called_from_js_without_a_running_loop(rt) -> None:
    async def double(x: int) -> int:
        await asyncio.sleep(0.01)
        return x * 2

    run = rt.eval("async (f) => (await f(20)) + 2")
    assert run(double).result(timeout=5) == 42


def test_async_python_called_with_no_loop_runs_where_python_then_waits(rt) -> None:
    """Called from a sync call (no asyncio loop running), the coroutine starts on the loop
    of whoever waits for JS next: an `await` under asyncio, or `.result()`."""

    async def slow(x: int) -> int:
        await asyncio.sleep(0.01)
        return x + 1

    start = rt.eval("(f) => { globalThis.pending = f(1).then((v) => v * 10); }")
    start(slow)
    waiter = rt.eval("() => pending")

    async def main() -> int:
        return await waiter()

    assert asyncio.run(main()) == 20
    start(slow)
    assert waiter().result(timeout=5) == 20


def test_awaiting_js_from_asyncio_does_not_poll(rt, tmp_path: Path) -> None:
    """The waiter wakes when something happened (a Python task settled a promise JS waits
    for, a timer, host I/O), not on a clock: count its turns."""
    (tmp_path / "data.txt").write_text("hello")
    steps = 0
    step = rt._step

    def counting(check: Any) -> Any:
        nonlocal steps
        steps += 1
        return step(check)

    rt._step = counting  # type: ignore[method-assign]

    async def later() -> str:
        await asyncio.sleep(0.3)
        return "late"

    waits_for_python = rt.eval("async (f) => (await f()) + '!'")
    reads = rt.eval(
        f"""async () => {{
          const fs = (await import('node:fs/promises')).default;
          await new Promise((r) => setTimeout(r, 200));
          return fs.readFile({str(tmp_path / "data.txt")!r}, 'utf8');
        }}"""
    )

    async def main() -> list[str]:
        return [await waits_for_python(later), await reads()]

    assert asyncio.run(main()) == ["late!", "hello"]
    assert steps < 20, f"{steps} turns: the waiter polls"


def test_the_embedding_example_runs() -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "embed" / "embed.py"
    result = subprocess.run(
        [sys.executable, str(example)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-4:] == [
        "total: 6",
        "async total: 30",
        "checkout: 13 paid",
        "caught TypeError",
    ]
