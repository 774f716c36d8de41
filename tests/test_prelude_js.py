"""The host prelude (esmload/host/prelude.js) as a pure JavaScript unit.

The prelude is loaded into a bare `quickjs.Context` with a stub `host` written in JS (writes
collected in an array, a fake clock and timer queue), so these tests run in milliseconds and
need no engine, loader or event loop. Output formatting is compared with real `node` (one node
process per corpus) when node is on PATH.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import quickjs  # the quickjs-ng wheel's own module: a bare context, enough for pure JS

PRELUDE = Path(__file__).resolve().parent.parent / "esmload" / "host" / "prelude.js"
NODE = shutil.which("node")
SEPARATOR = "\u2500\u2500\u2500 next \u2500\u2500\u2500"

# The stub host: writes go to __out, timers to __timers (fired by run_timers below), the clock
# is __clock, promise states come from __track (node knows them synchronously; here a promise
# must be tracked and jobs run before it is printed).
STUB_HOST = r"""
globalThis.__out = [];
globalThis.__errors = [];
globalThis.__exits = [];
globalThis.__clock = 0;
globalThis.__seq = 0;
globalThis.__timers = new Map();
globalThis.__states = new Map();
globalThis.__track = (p) => {
  p.then((v) => __states.set(p, ['fulfilled', v]), (e) => __states.set(p, ['rejected', e]));
  return p;
};
globalThis.__nostack = (e) =>
  Object.defineProperty(e, 'stack', { value: undefined, configurable: true, writable: true });
globalThis.__stack = (e, stack) =>
  Object.defineProperty(e, 'stack', { value: stack, configurable: true, writable: true });
globalThis.__host = {
  write: (fd, s) => { __out.push([fd, s]); },
  scheduleTimer: (id, delay, refed) => {
    // As given: the prelude clamps timer delays to >= 1 itself and passes 0 for setImmediate.
    __timers.set(id, { deadline: __clock + delay, seq: ++__seq, refed, delay });
  },
  cancelTimer: (id) => { __timers.delete(id); },
  refTimer: (id, refed) => { const t = __timers.get(id); if (t) t.refed = refed; },
  exit: (code) => { __exits.push(code); throw new Error('__exit__'); },
  reportError: (e) => { __errors.push(e); },
  now: () => __clock,
  cwd: () => '/work',
  promiseState: (p) => __states.get(p) || ['pending'],
  isatty: (fd) => fd === 2,
  argv: ['/usr/bin/esmload', '/work/main.mjs', 'x'],
  env: { HOME: '/root', LANG: 'C' },
  platform: 'linux',
  pid: 4242,
  timeOrigin: 1700000000000.5,
  versions: { esmload: '1.2.3', quickjs: '0.17.0' },
};
// The next due timer (earliest deadline, then scheduling order), as "id" or "".
globalThis.__nextTimer = (refedOnly) => {
  let best = null;
  for (const [id, t] of __timers) {
    if (refedOnly && !t.refed) continue;
    if (best === null || t.deadline < best[1].deadline ||
        (t.deadline === best[1].deadline && t.seq < best[1].seq)) best = [id, t];
  }
  if (best === null) return '';
  __timers.delete(best[0]);
  __clock = Math.max(__clock, best[1].deadline);
  return String(best[0]);
};
"""

# Shared by the quickjs stub and node: the same helpers exist on both sides.
NODE_HELPERS = r"""
globalThis.__track = (p) => { p.catch(() => {}); return p; };
globalThis.__nostack = (e) =>
  Object.defineProperty(e, 'stack', { value: undefined, configurable: true, writable: true });
globalThis.__stack = (e, stack) =>
  Object.defineProperty(e, 'stack', { value: stack, configurable: true, writable: true });
"""


class Prelude:
    """A fresh context with the prelude installed on a stub host."""

    def __init__(self, before: str = "") -> None:
        self.ctx = quickjs.Context()
        self.ctx.eval(STUB_HOST)
        if before:
            self.ctx.eval(before)
        source = PRELUDE.read_text(encoding="utf-8")
        self.ctx.eval(f"globalThis.__api = (0, eval)({json.dumps(source)})(__host);")

    def eval(self, code: str):
        return self.ctx.eval(code)

    def json(self, code: str):
        return json.loads(self.ctx.eval(f"JSON.stringify({code})"))

    def run_jobs(self) -> None:
        while self.ctx.execute_pending_job():
            pass

    def run(self, code: str) -> str:
        """Run `code`, its jobs and refed timers; return what it wrote to stdout."""
        self.ctx.eval(code)
        self.run_timers()
        return self.stdout()

    def run_timers(self, limit: int = 10000) -> None:
        self.run_jobs()
        for _ in range(limit):
            timer = self.ctx.eval("__nextTimer(true)")
            if timer == "":
                return
            self.ctx.eval(f"__api.fireTimer({int(timer)})")
            self.run_jobs()
        raise AssertionError("timers did not settle")

    def output(self, fd: int | None = None) -> str:
        writes = self.json("__out")
        return "".join(text for f, text in writes if fd is None or f == fd)

    def stdout(self) -> str:
        return self.output(1)

    def stderr(self) -> str:
        return self.output(2)


def corpus_outputs_quickjs(corpus: list[str]) -> list[str]:
    prelude = Prelude()
    entries = ",\n".join(f"[{args}]" for args in corpus)
    prelude.eval(f"globalThis.__values = [\n{entries}\n];")
    prelude.run_jobs()  # settle tracked promises
    prelude.eval(
        "for (const args of __values) { console.log(...args); "
        f"console.log({json.dumps(SEPARATOR)}); }}"
    )
    return prelude.stdout().split(SEPARATOR + "\n")[:-1]


def run_node(script: str) -> str:
    assert NODE is not None
    result = subprocess.run(
        [NODE, "-e", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def corpus_outputs_node(corpus: list[str]) -> list[str]:
    entries = ",\n".join(f"[{args}]" for args in corpus)
    script = (
        NODE_HELPERS
        + f"const __values = [\n{entries}\n];\n"
        + "for (const args of __values) { console.log(...args); "
        + f"console.log({json.dumps(SEPARATOR)}); }}"
    )
    return run_node(script).split(SEPARATOR + "\n")[:-1]


def compare_with_node(corpus: list[str], ours: list[str]) -> None:
    if NODE is None:
        pytest.skip("node is not on PATH")
    theirs = corpus_outputs_node(corpus)
    assert len(theirs) == len(corpus) == len(ours)
    differences = [
        f"--- {source}\nnode:    {expected!r}\nesmload: {actual!r}"
        for source, expected, actual in zip(corpus, theirs, ours, strict=True)
        if expected != actual
    ]
    assert not differences, f"{len(differences)} differ:\n" + "\n".join(differences)


# ---------------------------------------------------------------------------------- corpus
# Each entry is the argument list of one console.log call.
LOG_CORPUS = [
    # primitives and strings
    r"'str', 42, -0, 1.5, 10n, true, null, undefined, Symbol('s')",
    r"""["it's", 'say "hi"', `both ' and "`, 'all \' " `']""",
    r"['\n\t\x00\x7f\x85\\', '\v\b\f\r\x1b']",
    r"['\ud800x', 'ok\udc00', '🎉 ok']",
    r"[NaN, Infinity, -Infinity, 1e21, 1e-7, 0.1 + 0.2, -0, 2 ** 53, -1.5e300]",
    r"[Symbol(), Symbol('a b'), Symbol.iterator, Symbol.for('x')]",
    r"[1n, -5n, 2n ** 70n]",
    r"[undefined, null, NaN, -0, 0]",
    # functions and classes
    r"function named() {}, function () {}, () => {}, async function af() {}, async () => {}",
    r"function* gen() {}, async function* ag() {}, [function () {}, class {}, () => {}]",
    r"class A {}, class B extends (class C {}) {}, class extends Array {}",
    r"Object.assign(function f() {}, { a: 1 }), Object.assign(class K {}, { s: 2 })",
    r"Math.max, Array.prototype.push, [].map.bind(null), Symbol",
    r"{ fn() {}, arrow: () => {}, cls: class {}, named: function namedFn() {} }",
    # arrays
    r"[], [1, 2, 3], [[]], [{}], [[], {}]",
    r"[ , , 1, , ], new Array(5), [1, , 3], { arr: [1, , 3] }",
    r"Array.from({ length: 26 }, (_, i) => i)",
    r"Array.from({ length: 27 }, (_, i) => i + 1)",
    r"Array.from({ length: 101 }, (_, i) => i)",
    r"Array.from({ length: 7 }, (_, i) => 'item' + i)",
    r"Array.from({ length: 6 }, (_, i) => 'item' + i)",
    r"Array.from({ length: 30 }, (_, i) => 'x'.repeat(i % 7))",
    r"Array.from({ length: 12 }, (_, i) => i * 1000.5)",
    r"[-1, 200, -3000, 4, 5.5, 66, -777, 8]",
    r"['a', 1, 'bb', 22, 'ccc', 333, 'dddd']",
    r"[true, false, null, undefined, true, false, null]",
    r"Array.from({ length: 200 }, (_, i) => (i % 3 ? i : 'str' + i))",
    r"Object.assign([1, 2, 3], { extra: true })",
    r"Object.assign([1, 2, 3, 4, 5, 6, 7, 8], { extra: true })",
    r"Array.from({ length: 8 }, (_, i) => ({ a: i }))",
    r"[1, [2, [3, [4, [5]]]]], [[[[[1]]]]]",
    r"['x'.repeat(100)], ['a'.repeat(75)]",
    r"[[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14]]",
    r"Array.from({ length: 3 }, () => 'y'.repeat(30))",
    r"new Array(3).fill({ a: 1 })",
    r"Array.from({ length: 10 }, (_, i) => '日本'.repeat(i % 3))",
    r"Array.from({ length: 9 }, (_, i) => i % 2 ? 10n ** BigInt(i) : i)",
    r"Array.from({ length: 120 }, (_, i) => i * 7 % 1000)",
    # objects
    r"{}, { a: 1 }, { a: undefined, b: null }",
    r"{ 'b-c': 2, 3: 'three', valid_id: 1, $x: 1, [Symbol('s')]: 3, 'ünï': 4, 日本: 5 }",
    r"{ a: { b: { c: { d: 1 } } } }, { a: { b: { c: {} } } }",
    r"{ a: [{ b: [1] }] }, [{ a: { b: { c: 1 } } }]",
    r"{ l1: { l2: { l3: { l4: { l5: 1 } } } } }",
    r"{ arr: [[[[1]]]] }",
    r"Object.create(null), Object.assign(Object.create(null), { a: 1 })",
    r"Object.create(Object.create(null)), Object.create({ inherited: 1 })",
    r"(() => { const o = { name: 'loop' }; o.self = o; return o; })()",
    r"(() => { const a = {}; const b = { a }; a.b = b; a.self = a; return [a, b]; })()",
    r"(() => { const m = new Map(); m.set('me', m); const s = new Set(); s.add(s); return [m, s]; })()",
    r"{ get a() { return 1; }, set b(v) {}, get c() { return 1; }, set c(v) {} }",
    r"{ long1: 'x'.repeat(30), long2: 'y'.repeat(30), long3: 1 }",
    r"{ aaaaaaaaaa: 'bbbbbbbbbbbbbbbb', cccccccccc: 'dddddddddddddddd', eeeeeee: 'ffff' }",
    r"{ aaaaaaaaaa: 'bbbbbbbbbbbbbbbb', cccccccccc: 'dddddddddddddddd', eeeeeee: 'fffff' }",
    r"{ aaaaaaaaaa: 'bbbbbbbbbbbbbbbb', cccccccccc: 'dddddddddddddddd', eeeeeee: 'ffffff' }",
    r"Object.fromEntries(Array.from({ length: 30 }, (_, i) => ['key' + i, i]))",
    r"{ 'key with spaces': { nested: true }, ['__proto__']: 1 }",
    r"new (class Point { constructor() { this.x = 1; this.y = 2; } })()",
    r"new (class Empty {})(), new (class G { get x() { return 1; } })()",
    r"new (class Foo { get [Symbol.toStringTag]() { return 'Bar'; } })()",
    r"{ [Symbol.toStringTag]: 'Custom', a: 1 }",
    r"Object.defineProperty({}, 'hidden', { value: 1, enumerable: false })",
    r"(function () { return arguments; })(1, 'a')",
    r"new (class Bar extends Array {})(1, 2, 3), new (class Foo extends Map {})([[1, 2]])",
    r"{ text: 'line1\nline2\nline3 which is a bit longer than the others so that it breaks' }",
    r"['a\nb'], { s: 'a'.repeat(100) }",
    r"{ a: 1, b: 'two', c: [3], d: { e: 4 }, f: null, g: undefined, h: true }",
    r"{ a: new Map([[1, { b: new Set([[1, 2]]) }]]) }",
    r"Array.from({ length: 4 }, (_, i) => ({ id: i, name: 'name' + i, tags: ['a', 'b'] }))",
    # collections
    r"new Map([['a', 1], ['b', 2]]), new Map(), new Set([1, 'x']), new Set()",
    r"new Map([[{ k: 1 }, [1, 2]], [NaN, new Set([1])]])",
    r"new Set(Array.from({ length: 30 }, (_, i) => i))",
    r"new WeakMap(), new WeakSet()",
    r"Object.assign(new Map([[1, 2]]), { extra: 1 })",
    r"new Map([['nested', new Map([['deep', new Map([['deeper', new Map()]])]])]])",
    # built-in objects
    r"new Date(0), new Date(NaN), Object.assign(new Date(0), { x: 1 })",
    r"/re/g, /a\/b[c]/imsu, Object.assign(/x/, { y: 1 })",
    r"new Number(3), new String('ab'), new Boolean(false), Object(Symbol('s')), Object(10n)",
    r"Object.assign(new Number(-0), { a: 1 }), Object.assign(new String('hi'), { b: 2 })",
    r"new Uint8Array([1, 2, 3]), new Float64Array([-0, 1.5]), new BigInt64Array(2), new Uint8Array(0)",
    r"new Uint8Array(120), new Float32Array([0.1, 1 / 3])",
    r"new ArrayBuffer(3), new DataView(new ArrayBuffer(2)), new Uint16Array([1, 2, 3]).buffer",
    r"__track(Promise.resolve(1)), new Promise(() => {})",
    r"__track(Promise.reject(__nostack(new Error('x')))), __track(Promise.resolve({ a: [1, 2] }))",
    # errors
    r"__nostack(new Error('boom')), __nostack(new TypeError('bad')), __nostack(new Error())",
    r"Object.assign(__nostack(new Error('e')), { code: 'E_CODE' })",
    r"__stack(new Error('x'), 'Error: x\n    at foo (file.js:1:1)')",
    r"{ e: __stack(Object.assign(new Error('x'), { code: 'E' }), 'Error: x\n    at foo (file.js:1:1)') }",
    r"__nostack(new (class MyError extends Error {})('m'))",
    r"(() => { class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } } return __nostack(new ValidationError('v')); })()",
    r"(() => { const e = new Error('m'); e.name = 'Custom'; return __nostack(e); })()",
    r"__nostack(new Error('with cause', { cause: __nostack(new Error('root')) }))",
    r"__nostack(new AggregateError([__nostack(new Error('a'))], 'agg'))",
    r"[__nostack(new RangeError('r'))], { err: __nostack(new Error('inner')) }",
    # util.format
    r"'%s is %d years', 'Bob', 42",
    r"'%i %f %j', 42.9, '3.5', { a: [1] }",
    r"'%o', { j: 1, arr: [1, [2]] }",
    r"'%O', { deep: { deeper: { deepest: { x: 1 } } } }",
    r"'%c styled %s', 'color: red', 'text'",
    r"'100%% done', 'extra'",
    r"'%%'",
    r"'%s:%s', 'a'",
    r"'%s', { toString() { return 'custom'; } }",
    r"'%s %s %s', [1, [2, [3]]], { a: { b: 1 } }, null",
    r"'%s|%s', new Date(0), __nostack(new Error('q'))",
    r"'%d %i %d', 10n, 'abc', '42'",
    r"'no subst', { a: 1 }, [2]",
    r"'%x unknown', 1",
    r"'%s', Symbol('sym'), '%s', -0",
    r"'%s', new (class Foo {})()",
    r"'%j', (() => { const c = {}; c.c = c; return c; })()",
    r"5, 'string', [6]",
    r"'%o', [1, 2]",
    r"'a%', 1, '%d', 2",
    # custom inspect, URL, encoders
    r"{ [Symbol.for('nodejs.util.inspect.custom')]() { return 'CUSTOM'; } }",
    r"{ inner: { [Symbol.for('nodejs.util.inspect.custom')](depth) { return { replaced: depth }; } } }",
    r"new URL('https://user:pw@Example.com:8080/a/../b/./c?x=1&y=2#frag')",
    r"new URLSearchParams('a=1&b=2'), new URLSearchParams()",
    r"structuredClone(new Map([[1, { a: new Date(0) }]]))",
    r"new TextEncoder().encode('hé🌍')",
    # more shapes: layout boundaries, prototypes, errors, typed arrays, format corner cases
    r"Array.from({ length: 50 }, (_, i) => 'w' + 'x'.repeat(i % 13))",
    r"Array.from({ length: 100 }, (_, i) => i * 123456)",
    r"Array.from({ length: 16 }, (_, i) => [i])",
    r"Array.from({ length: 7 }, (_, i) => ({}))",
    r"{ a: Array.from({ length: 30 }, (_, i) => i) }",
    r"[{ a: Array.from({ length: 30 }, (_, i) => i) }]",
    r"{ x: { y: Array.from({ length: 10 }, (_, i) => 'abc' + i) } }",
    r"[Array.from({ length: 8 }, (_, i) => i), Array.from({ length: 8 }, (_, i) => -i)]",
    r"Array.from({ length: 7 }, (_, i) => i % 2 ? 'str' : 5)",
    r"Array.from({ length: 8 }, (_, i) => null)",
    r"Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i))",
    r"Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat(i))",
    r"[1.1, 22.22, 333.333, 4444.4444, 55555.55555, 666666.666666, 7777777.7777777]",
    r"Object.assign(Array.from({ length: 101 }, (_, i) => i), { x: 1 })",
    r"Array.from({ length: 102 }, (_, i) => i).fill(undefined, 50)",
    r"(() => { const a = []; a[5] = 1; a[200] = 2; return a; })()",
    r"(() => { const a = []; a.length = 300; a[150] = 1; return a; })()",
    r"(() => { const a = [1, 2]; a[-1] = 'neg'; a['x y'] = 3; return a; })()",
    r"'abc'.match(/b/)",
    r"/(?<year>\d{4})/.exec('in 2024')",
    r"[new Date(Date.UTC(2020, 1, 29, 12, 30, 45, 123))]",
    r"{ date: new Date(0), re: /x/y, fn: Math.min, sym: Symbol('q'), big: 5n }",
    r"{ a: 'x'.repeat(60), b: 1 }",
    r"{ a: 'x'.repeat(74) }",
    r"{ a: 'x'.repeat(75) }",
    r"{ a: 'x'.repeat(76) }",
    r"['x'.repeat(72)]",
    r"['x'.repeat(73)]",
    r"['x'.repeat(74)]",
    r"[['x'.repeat(70)]]",
    r"{ a: { b: 'x'.repeat(62) } }",
    r"{ a: { b: 'x'.repeat(63) } }",
    r"{ a: { b: 'x'.repeat(64) } }",
    r"{ abc: 'line\n'.repeat(5) }",
    r"'top level\nstring', ['in\narray']",
    r"new Map([['a'.repeat(40), 'b'.repeat(40)]])",
    r"new Set(['a'.repeat(40), 'b'.repeat(40)])",
    r"new Map(Array.from({ length: 5 }, (_, i) => [i, { v: i }]))",
    r"{ m: new Map([[1, new Map([[2, new Map([[3, 4]])]])]]) }",
    r"{ s: new Set([new Set([new Set([new Set([1])])])]) }",
    r"[new Map([[{ a: { b: { c: 1 } } }, 1]])]",
    r"Object.assign(() => {}, { x: 1 })",
    r"Object.assign(async function named() {}, { x: 1 })",
    r"(() => { function F() { this.a = 1; } F.prototype.b = 2; return new F(); })()",
    r"(() => { function F() {} return [F.prototype, new F()]; })()",
    r"(() => { class A { constructor() { this.a = 1; } } class B extends A { constructor() { super(); this.b = 2; } } return new B(); })()",
    r"Object.setPrototypeOf({ a: 1 }, Array.prototype)",
    r"Object.setPrototypeOf([1, 2], null)",
    r"Object.setPrototypeOf(new Map([[1, 2]]), null)",
    r"Object.setPrototypeOf(function f() {}, null)",
    r"Object.setPrototypeOf(new Date(0), null)",
    r"Object.setPrototypeOf(/x/, null)",
    r"Object.setPrototypeOf(new Uint8Array(2), null)",
    r"Object.setPrototypeOf(__nostack(new Error('np')), null)",
    r"{ [Symbol('a')]: { [Symbol('b')]: 1 } }",
    r"{ 'a\nb': 1, 'it\'s': 2, '': 3, '1a': 4, a1: 5, _: 6, $: 7 }",
    r"Object.defineProperty({ a: 1 }, 'h\nidden', { value: 2, enumerable: false })",
    r"{ undefinedGetter: undefined, __proto__: { x: 1 } }",
    r"{ toString() { return 'x'; } }",
    r"new Proxy({ a: 1 }, {})",
    r"new Proxy([1, 2], {})",
    r"(() => { const o = {}; o.a = [o, { o }]; return o; })()",
    r"(() => { const a = { n: 1 }; return { x: a, y: a, z: [a, a] }; })()",
    r"(() => { const e = __nostack(new Error('self')); e.self = e; return e; })()",
    r"__nostack(new Error('multi\nline message'))",
    r"__stack(new Error('m'), 'Error: m\n    at a (x.js:1:1)\n    at b (x.js:2:2)')",
    r"[__stack(new Error('m'), 'Error: m\n    at a (x.js:1:1)')]",
    r"__stack(Object.assign(new TypeError('t'), { code: 'ERR_X', info: { a: 1 } }), 'TypeError: t\n    at z (z.js:9:9)')",
    r"(() => { class HttpError extends Error {} const e = new HttpError('h'); e.status = 404; return __nostack(e); })()",
    r"(() => { const e = new Error('renamed'); e.name = 'FooError'; return __nostack(e); })()",
    r"(() => { class Foo extends Error {} const e = new Foo('f'); e.name = 'BarError'; return __nostack(e); })()",
    r"(() => { const e = new TypeError('t'); e.name = 'Other'; return __nostack(e); })()",
    r"__nostack(new Error('c1', { cause: 'string cause' }))",
    r"__nostack(new Error('c2', { cause: { code: 1 } }))",
    r"__nostack(new Error('c3', { cause: undefined }))",
    r"__stack(new Error('outer', { cause: __stack(new Error('inner'), 'Error: inner\n    at a (x.js:1:1)\n    at b (x.js:2:1)\n    at c (x.js:3:1)\n    at d (x.js:4:1)\n    at e (x.js:5:1)') }), 'Error: outer\n    at z (x.js:9:1)\n    at b (x.js:2:1)\n    at c (x.js:3:1)\n    at d (x.js:4:1)\n    at e (x.js:5:1)')",
    r"Object.assign(__nostack(new Error('')), { a: 1 })",
    r"{ e1: __nostack(new Error('a')), e2: [__nostack(new Error('b'))] }",
    r"new Int16Array([-1, 2, -3, 4, -5, 6, -7, 8, -9])",
    r"new Float64Array([0.5, -1e21, NaN, Infinity, 1e-7, 3, 4])",
    r"new Uint8ClampedArray(3), new Uint32Array([4294967295])",
    r"new BigUint64Array([1n, 2n, 18446744073709551615n])",
    r"Object.assign(new Uint8Array(2), { foo: 'bar' })",
    r"new ArrayBuffer(0), new ArrayBuffer(120)",
    r"new DataView(new ArrayBuffer(4), 1, 2)",
    r"{ buf: new Uint8Array([1, 2]).buffer }",
    r"[Promise.resolve, __track(Promise.resolve(new Map([[1, 2]])))]",
    r"{ p: __track(Promise.resolve({ a: { b: { c: 1 } } })) }",
    r"new WeakRef({})",
    r"Object(Symbol()), new String(''), new Number(NaN)",
    r"[Object(1n), Object(true)]",
    r"(function* () {})()",
    r"Math, JSON, Reflect, globalThis.Atomics",
    r"Object.assign(Object.create(null), { [Symbol.toStringTag]: 'Tagged' })",
    r"Object.defineProperty(Object.create(null), Symbol.toStringTag, { value: 'Hidden' })",
    r"Object.defineProperty({ a: 1 }, Symbol.toStringTag, { value: 'Hidden' })",
    r"new (class extends Object {})()",
    r"new (class Foo { static x = 1; y = 2; })(), class Foo { static x = 1; }",
    r"class Y { static [Symbol.for('s')] = 1; }",
    r"'%s', 'str', 'extra', 3",
    r"'%d', {}",
    r"'%i', 1.9e21",
    r"'%f', 'abc'",
    r"'%s', [new Date(0), { a: 1 }]",
    r"'%s', new Map([[1, 2]])",
    r"'%s', function foo() {}",
    r"'%s', class Q {}",
    r"'%s', null, undefined, 'x'",
    r"'%s', 1n, 2n",
    r"'%O', 'string'",
    r"'%o', 'string'",
    r"'%o', { f() {} }",
    r"'%o', new Map([[1, [2]]])",
    r"'%j', { toJSON() { return 'tj'; } }",
    r"'%j', undefined, 'x'",
    r"'%c'",
    r"'trailing %'",
    r"'%', 1",
    r"'%s%%%s', 1, 2",
    r"'%-s', 1",
    r"{}, '%s', 1",
    r"'', 1",
    r"''",
    r"",
    r"undefined",
    r"'%s %s', 'only one'",
    r"{ [Symbol.for('nodejs.util.inspect.custom')](d, o, i) { return i({ nested: true }, o); } }",
    r"{ [Symbol.for('nodejs.util.inspect.custom')]() { return 'a\nb'; } }",
    r"[{ [Symbol.for('nodejs.util.inspect.custom')]() { return 'a\nb'; } }]",
    r"{ x: { [Symbol.for('nodejs.util.inspect.custom')]() { return this; } } }",
    r"new URL('file:///tmp/a b/c.mjs')",
    r"new URL('http://example.com')",
    r"[new URL('http://x.com/?q=1')]",
    r"new URLSearchParams({ a: '1', b: 'x y' })",
    r"{ params: new URLSearchParams('a=1') }",
    r"new URLSearchParams(Array.from({ length: 8 }, (_, i) => ['key' + i, 'value' + i]))",
    r"new TextEncoder(), new TextDecoder()",
    r"structuredClone({ a: [1, { b: 2 }], d: new Date(0), r: /x/g, s: new Set([1]) })",
    r"structuredClone(__nostack(new Error('e')))",
    r"structuredClone(new Uint8Array([1, 2]))",
    r"(() => { const o = { a: 1 }; o.o = o; return structuredClone(o); })()",
]

# (value, options) pairs formatted with util.inspect / the prelude's inspect.
INSPECT_CORPUS = [
    r"'str', undefined",
    r"{ a: { b: { c: { d: { e: 1 } } } } }, { depth: 0 }",
    r"{ a: { b: { c: { d: { e: 1 } } } } }, { depth: null }",
    r"{ a: { b: { c: { d: { e: {} } } } } }, { depth: Infinity }",
    r"{ a: 1, b: [1, 2] }, { compact: false }",
    r"{ a: 1, b: { c: [1, 2] } }, { compact: true }",
    r"Array.from({ length: 30 }, (_, i) => i), { breakLength: Infinity }",
    r"{ c: 1, a: 2, b: 3 }, { sorted: true }",
    r"[1, 2, 3], { showHidden: true }",
    r"[1, 2, 3, 4], { maxArrayLength: 2 }",
    r"'x'.repeat(30), { maxStringLength: 10 }",
    r"{ get g() { return { x: 1 }; }, get h() { return 2; } }, { getters: true }",
    r"{ a: 'x'.repeat(50), b: 'y'.repeat(50) }, { breakLength: 200 }",
    r"new Map([[1, [1, 2, [3, [4]]]]]), { depth: 1 }",
    r"new Uint8Array(3), { showHidden: true }",
    r"Object.defineProperty({}, 'it\'s\n', { value: 1, enumerable: false }), { showHidden: true }",
    r"Object.assign(() => {}, { a: 1 }), { showHidden: true }",
]


@pytest.fixture(scope="module")
def prelude_log_outputs() -> list[str]:
    return corpus_outputs_quickjs(LOG_CORPUS)


def test_corpus_is_large_enough() -> None:
    assert len(LOG_CORPUS) >= 80


def test_console_log_matches_node(prelude_log_outputs: list[str]) -> None:
    compare_with_node(LOG_CORPUS, prelude_log_outputs)


def test_inspect_options_match_node() -> None:
    prelude = Prelude()
    entries = ",\n".join(f"[{args}]" for args in INSPECT_CORPUS)
    ours = prelude.json(f"[{entries}].map((args) => __api.inspect(...args))")
    if NODE is None:
        pytest.skip("node is not on PATH")
    theirs = json.loads(
        run_node(
            NODE_HELPERS
            + "const { inspect } = require('util');\n"
            + f"console.log(JSON.stringify([{entries}].map((args) => inspect(...args))));"
        )
    )
    differences = [
        f"--- {source}\nnode:    {expected!r}\nesmload: {actual!r}"
        for source, expected, actual in zip(INSPECT_CORPUS, theirs, ours, strict=True)
        if expected != actual
    ]
    assert not differences, "\n".join(differences)


def test_known_outputs_without_node(prelude_log_outputs: list[str]) -> None:
    # A few fixed expectations, so the corpus means something where node is missing.
    by_source = dict(zip(LOG_CORPUS, prelude_log_outputs, strict=True))
    assert by_source[LOG_CORPUS[0]] == "str 42 -0 1.5 10n true null undefined Symbol(s)\n"
    assert by_source["Array.from({ length: 27 }, (_, i) => i + 1)"] == (
        "[\n   1,  2,  3,  4,  5,  6,  7,  8,\n   9, 10, 11, 12, 13, 14, 15, 16,\n"
        "  17, 18, 19, 20, 21, 22, 23, 24,\n  25, 26, 27\n]\n"
    )
    assert by_source["(() => { const o = { name: 'loop' }; o.self = o; return o; })()"] == (
        "<ref *1> { name: 'loop', self: [Circular *1] }\n"
    )
    assert by_source["new Map([['a', 1], ['b', 2]]), new Map(), new Set([1, 'x']), new Set()"] == (
        "Map(2) { 'a' => 1, 'b' => 2 } Map(0) {} Set(2) { 1, 'x' } Set(0) {}\n"
    )


# ---------------------------------------------------------------------------------- URL
URL_CASES = [
    ["https://example.com"],
    ["HTTP://EXAMPLE.COM:80/A/B?Q#F"],
    ["https://example.com:443/"],
    ["https://user:pa ss@host.com/p"],
    ["https://host.com/a/./b/../c/"],
    ["https://host.com/a/b/.."],
    ["https://host.com/%2e%2E/x"],
    ["https://host.com/a b/ü?q=a b&ü=1#frag ü"],
    ["https://host.com/?"],
    ["https://host.com/#"],
    ["http://[::1]:3000/x"],
    ["https://host.com\\a\\b"],
    ["https:////host.com/x"],
    ["file:///tmp/a b/c.mjs"],
    ["file://localhost/etc/passwd"],
    ["file://server/share"],
    ["file:/tmp/x"],
    ["data:text/plain,hello world"],
    ["node:fs"],
    ["mailto:Someone@Example.com"],
    ["foo://Host.Com/Path/../x"],
    ["  https://trim.com/  "],
    ["https://tab\t.com/a\nb"],
    ["./x.mjs", "file:///home/u/main.mjs"],
    ["../lib/y.js", "file:///home/u/src/main.mjs"],
    ["/abs", "https://a.com/b/c?q#f"],
    ["?newq", "https://a.com/b/c?q#f"],
    ["#newf", "https://a.com/b/c?q#f"],
    ["", "https://a.com/b/c?q#f"],
    ["//other.com/x", "https://a.com/b"],
    ["x", "https://a.com"],
    ["../../../../x", "https://a.com/a/b"],
    ["http:foo", "http://a.com/b/c"],
    ["#h", "data:text/plain,x"],
    ["x", "data:text/plain,x"],
    ["not a url"],
    ["http://"],
    ["https://exa mple.com"],
    ["http://a.com:99999"],
    ["x", "not-a-base"],
    ["https://a.com/p?a=1&b=x%20y&c=+&d"],
    ["https://a.com/'q'?'q'#'f'"],
    ["http://a.com:0080/"],
    ["https://a.com/%7Efoo/%zz"],
    ["https://u@a.com/"],
    ["https://:p@a.com/"],
]

URL_SCRIPT = r"""
const out = [];
for (const [input, base] of CASES) {
  try {
    const u = base === undefined ? new URL(input) : new URL(input, base);
    out.push([u.href, u.origin, u.protocol, u.username, u.password, u.host, u.hostname, u.port,
      u.pathname, u.search, u.hash, [...u.searchParams], String(u), JSON.stringify(u)]);
  } catch (e) { out.push(`${e.name}: ${e.code}`); }
}
const u = new URL('https://a.com/p?x=1');
u.searchParams.append('y', 'a b&c');
u.searchParams.set('x', '2');
out.push(u.href);
u.search = '?z=ü';
out.push([u.href, [...u.searchParams]]);
u.pathname = '/new path/../q';
u.hash = 'h h';
u.port = '8080';
u.hostname = 'B.com';
out.push(u.href);
u.port = '443';
u.protocol = 'http';
out.push(u.href);
const p = new URLSearchParams([['b', '2'], ['a', '1'], ['b', '0']]);
p.sort();
out.push([p.toString(), p.getAll('b'), p.get('missing'), p.has('a'), p.size]);
p.delete('b');
out.push([p.toString(), [...p.keys()], [...p.values()]]);
out.push(new URLSearchParams({ 'k!': "v'()~*" }).toString());
out.push([URL.canParse('x'), URL.canParse('x', 'https://a.com')]);
"""


def test_url_matches_node() -> None:
    script = f"const CASES = {json.dumps(URL_CASES)};" + URL_SCRIPT
    ours = json.loads(Prelude().eval(script + "JSON.stringify(out);"))
    assert ours[0][0] == "https://example.com/"
    if NODE is None:
        pytest.skip("node is not on PATH")
    theirs = json.loads(run_node(script + "console.log(JSON.stringify(out));"))
    cases = [*URL_CASES, *(["(mutations)"] * (len(ours) - len(URL_CASES)))]
    differences = [
        f"{case}: node {expected!r} esmload {actual!r}"
        for case, expected, actual in zip(cases, theirs, ours, strict=True)
        if expected != actual
    ]
    assert not differences, "\n".join(differences)


def test_url_is_not_replaced_when_the_engine_has_one() -> None:
    prelude = Prelude()
    assert prelude.json("Object.getOwnPropertyDescriptor(globalThis, 'URL').enumerable") is False
    assert prelude.json("typeof URL.prototype.toJSON") == "function"


# ---------------------------------------------------------------------------------- UTF-8
DECODER_INPUTS = [
    [],
    [0x41, 0x42],
    [0xEF, 0xBB, 0xBF, 0x41],  # BOM
    [0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x8C, 0x8D],  # é € 🌍
    [0xFF, 0x41],
    [0xC3],  # truncated at the end
    [0xE2, 0x82],
    [0xF0, 0x9F, 0x8C],
    [0xC3, 0x41],  # broken sequence: U+FFFD then the byte again
    [0xE0, 0x80, 0x80],  # overlong
    [0xED, 0xA0, 0x80],  # encoded surrogate
    [0xF4, 0x90, 0x80, 0x80],  # above U+10FFFF
    [0xC0, 0xAF, 0xF5, 0x80],
    [0x80, 0xBF, 0x41],  # stray continuation bytes
    [0xF0, 0x9F, 0x41, 0x8C, 0x8D],
    [0xEF, 0xBF, 0xBD, 0xF4, 0x8F, 0xBF, 0xBF],  # U+FFFD, U+10FFFF
    [0xE1, 0x80, 0xE1, 0x80, 0x80],
]

DECODER_SCRIPT = r"""
const out = [];
for (const bytes of INPUTS) {
  const u8 = new Uint8Array(bytes);
  const row = [new TextDecoder().decode(u8), new TextDecoder('utf-8', { ignoreBOM: true }).decode(u8)];
  try { row.push(new TextDecoder('utf-8', { fatal: true }).decode(u8)); }
  catch (e) { row.push(`${e.name}: ${e.code}`); }
  // Every split into two streamed chunks gives the same text.
  for (let cut = 0; cut <= u8.length; cut++) {
    const d = new TextDecoder();
    row.push(d.decode(u8.subarray(0, cut), { stream: true }) + d.decode(u8.subarray(cut)));
  }
  // A DataView and an ArrayBuffer are accepted too.
  row.push(new TextDecoder().decode(new DataView(u8.buffer)), new TextDecoder().decode(u8.buffer));
  out.push(row);
}
const d = new TextDecoder();
out.push([d.decode(new Uint8Array([0xE2]), { stream: true }), d.decode(new Uint8Array([0x82]), { stream: true }),
  d.decode(new Uint8Array([0xAC])), d.decode(new Uint8Array([0xE2]), { stream: true }), d.decode()]);
out.push([d.encoding, d.fatal, d.ignoreBOM, new TextEncoder().encoding]);
for (const label of ['UTF8', ' utf-8 ', 'klingon']) {
  try { out.push(new TextDecoder(label).encoding); } catch (e) { out.push(`${e.name}: ${e.code}`); }
}
"""


def test_text_decoder_matches_node() -> None:
    script = f"const INPUTS = {json.dumps(DECODER_INPUTS)};" + DECODER_SCRIPT
    ours = json.loads(Prelude().eval(script + "JSON.stringify(out);"))
    assert ours[3][0] == "é€🌍"
    assert ours[4][0] == "\ufffdA"
    assert ours[8][0] == "\ufffdA"
    assert ours[4][2] == "TypeError: ERR_ENCODING_INVALID_ENCODED_DATA"
    assert ours[-1] == "RangeError: ERR_ENCODING_NOT_SUPPORTED"
    if NODE is None:
        pytest.skip("node is not on PATH")
    theirs = json.loads(run_node(script + "console.log(JSON.stringify(out));"))
    assert ours == theirs


def test_text_encoder_round_trips() -> None:
    prelude = Prelude()
    result = prelude.json(
        r"""(() => {
        const enc = new TextEncoder();
        const dec = new TextDecoder();
        const texts = ['', 'ascii', 'héllo', '€uro', '𝄞 music', '🌍🎉', 'x'.repeat(20000) + '😀',
          String.fromCodePoint(0x10FFFF), '\u0000\u007f\u0080\u07ff\u0800\uffff'];
        const roundTrips = texts.map((t) => dec.decode(enc.encode(t)) === t);
        const lone = [...enc.encode('a\ud800b\udc00')];
        const swapped = [...enc.encode('\udc00\ud800')];
        const big = 'é'.repeat(10000) + '🌍'.repeat(10000);
        const into = new Uint8Array(5);
        const r1 = enc.encodeInto('a€b', into);
        const r2 = enc.encodeInto('🌍🌍', new Uint8Array(6));
        const r3 = enc.encodeInto('abc', new Uint8Array(10));
        return {
          roundTrips, lone, swapped, sizes: [enc.encode('🌍').length, enc.encode('€').length],
          big: dec.decode(enc.encode(big)) === big,
          bufferSize: enc.encode('héllo').buffer.byteLength,
          r1, into: [...into], r2, r3, undef: [...enc.encode()], num: [...enc.encode(12)],
          instance: enc.encode('x') instanceof Uint8Array,
        };
      })()"""
    )
    assert all(result["roundTrips"])
    assert result["lone"] == [0x61, 0xEF, 0xBF, 0xBD, 0x62, 0xEF, 0xBF, 0xBD]
    assert result["swapped"] == [0xEF, 0xBF, 0xBD] * 2
    assert result["sizes"] == [4, 3]
    assert result["big"] is True
    assert result["bufferSize"] == 6
    assert result["r1"] == {"read": 3, "written": 5}
    assert result["into"] == [0x61, 0xE2, 0x82, 0xAC, 0x62]
    assert result["r2"] == {"read": 2, "written": 4}
    assert result["r3"] == {"read": 3, "written": 3}
    assert result["undef"] == []
    assert result["num"] == [0x31, 0x32]
    assert result["instance"] is True


# ---------------------------------------------------------------------------------- timers
def test_timers_fire_in_deadline_then_scheduling_order() -> None:
    prelude = Prelude()
    out = prelude.run(
        r"""
        const log = [];
        setTimeout(() => log.push('t20'), 20);
        setTimeout(() => log.push('t0-a'), 0);
        setTimeout(() => log.push('t0-b'));
        setTimeout((a, b) => log.push(`args:${a},${b}`), -5, 'x', 'y');
        setTimeout(() => log.push('nan'), NaN);
        setTimeout(() => log.push('str10'), '10');
        const cancelled = setTimeout(() => log.push('cancelled'), 5);
        clearTimeout(cancelled);
        const byNumber = setTimeout(() => log.push('cancelled by number'), 5);
        clearTimeout(+byNumber);
        setImmediate((v) => log.push('immediate:' + v), 'i');
        queueMicrotask(() => log.push('micro'));
        process.nextTick((a) => log.push('tick:' + a), 1);
        let n = 0;
        const iv = setInterval(function () {
          log.push('iv' + n + (this === iv));
          if (++n === 3) clearInterval(iv);
        }, 7);
        setTimeout(() => { setTimeout(() => log.push('nested'), 0); }, 30);
        setTimeout(() => console.log(log.join(' ')), 60);
        log.push('sync');
        """
    )
    assert out == (
        "sync micro tick:1 immediate:i t0-a t0-b args:x,y nan iv0true str10 iv1true t20 "
        "iv2true nested\n"
    )
    assert prelude.json("__timers.size") == 0


def test_timer_handles() -> None:
    prelude = Prelude()
    result = prelude.json(
        r"""(() => {
        const t = setTimeout(() => {}, 100);
        const id = +t;
        const info = {
          type: typeof t, name: t.constructor.name, numeric: typeof id,
          refed: t.hasRef(), sameRef: t.ref() === t,
          scheduled: __timers.get(id).delay, host: __timers.get(id).refed,
        };
        t.unref();
        info.unref = [t.hasRef(), __timers.get(id).refed];
        t.ref();
        info.reref = [t.hasRef(), __timers.get(id).refed];
        __clock = 50;
        t.refresh();
        info.refreshed = __timers.get(id).deadline;
        const u = setTimeout(() => {}, 10).unref();
        info.unrefScheduled = __timers.get(+u).refed;
        info.immediate = setImmediate(() => {}).constructor.name;
        clearTimeout(t);
        info.cleared = __timers.has(id);
        clearTimeout(undefined); clearTimeout(null); clearTimeout({}); clearInterval('nope');
        try { setTimeout('code'); } catch (e) { info.error = [e.name, e.code, e.message]; }
        return info;
      })()"""
    )
    assert result == {
        "type": "object",
        "name": "Timeout",
        "numeric": "number",
        "refed": True,
        "sameRef": True,
        "scheduled": 100,
        "host": True,
        "unref": [False, False],
        "reref": [True, True],
        "refreshed": 150,
        "unrefScheduled": False,
        "immediate": "Immediate",
        "cleared": False,
        "error": [
            "TypeError",
            "ERR_INVALID_ARG_TYPE",
            "The \"callback\" argument must be of type function. Received type string ('code')",
        ],
    }


def test_refresh_rearms_a_fired_timer_and_unref_timers_do_not_run() -> None:
    prelude = Prelude()
    out = prelude.run(
        r"""
        let count = 0;
        const t = setTimeout(() => { count++; if (count < 3) t.refresh(); else console.log('fired', count); }, 5);
        setTimeout(() => console.log('never'), 1).unref();
        """
    )
    assert out == "fired 3\n"


def test_throwing_interval_propagates_and_stays_scheduled() -> None:
    prelude = Prelude()
    prelude.eval("globalThis.iv = setInterval(() => { throw new Error('tick failed'); }, 10);")
    timer = prelude.eval("__nextTimer(true)")
    with pytest.raises(quickjs.JSException, match="tick failed"):
        prelude.eval(f"__api.fireTimer({timer})")
    assert prelude.json("[...__timers.keys()]") == [int(timer)]
    prelude.eval("clearInterval(iv)")
    assert prelude.json("__timers.size") == 0
    prelude.eval(f"__api.fireTimer({timer})")  # a stale id is ignored


def test_microtask_errors_go_to_report_error() -> None:
    prelude = Prelude()
    prelude.eval(
        "queueMicrotask(() => { throw new Error('in microtask'); });"
        "process.nextTick(() => { throw 'a string'; });"
        "queueMicrotask(() => console.log('still runs'));"
    )
    prelude.run_jobs()
    assert prelude.json("__errors.map(String)") == ["Error: in microtask", "a string"]
    assert prelude.stdout() == "still runs\n"
    with pytest.raises(quickjs.JSException, match="ERR_INVALID_ARG_TYPE|callback"):
        prelude.eval("queueMicrotask(42)")
    assert prelude.json("(() => { try { queueMicrotask(); } catch (e) { return e.code; } })()") == (
        "ERR_INVALID_ARG_TYPE"
    )


# ---------------------------------------------------------------------------------- console
def test_console_streams_and_helpers() -> None:
    prelude = Prelude()
    prelude.eval(
        r"""
        console.info('info'); console.debug('debug'); console.warn('warn'); console.error('error', { e: 1 });
        console.group('Group', 1);
        console.log('inside\nmultiline');
        console.group();
        console.log({ nested: [1, 2] });
        console.groupEnd();
        console.groupEnd();
        console.groupEnd();
        console.log('outside');
        console.count(); console.count(); console.count('x'); console.countReset(); console.count();
        console.assert(true, 'not shown');
        console.assert(false, 'failed %s', 'here');
        console.assert(false);
        console.assert(0, { a: 1 });
        console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
        console.dir({ [Symbol.for('nodejs.util.inspect.custom')]() { return 'custom'; } });
        __clock = 1000;
        console.time(); console.time('t');
        __clock = 1000.5; console.timeLog('t', 'extra', { x: 1 });
        __clock = 3500.25; console.timeEnd();
        __clock = 125000; console.timeEnd('t');
        console.timeEnd('missing');
        process.on('warning', (w) => console.log('warning event:', w.name, w.message));
        process.emitWarning('custom', 'DeprecationWarning', 'DEP0');
        """
    )
    prelude.run_jobs()
    assert prelude.stdout() == (
        "info\ndebug\nGroup 1\n  inside\n  multiline\n    { nested: [ 1, 2 ] }\noutside\n"
        "default: 1\ndefault: 2\nx: 1\ndefault: 1\n{ a: [Object] }\n"
        "{\n  [Symbol(nodejs.util.inspect.custom)]: [Function: [nodejs.util.inspect.custom]]\n}\n"
        "t: 0.5ms extra { x: 1 }\ndefault: 2.500s\nt: 2:04.000 (m:ss.mmm)\n"
        "warning event: Warning No such label 'missing' for console.timeEnd()\n"
        "warning event: DeprecationWarning custom\n"
    )
    assert prelude.stderr() == (
        "warn\nerror { e: 1 }\nAssertion failed: failed here\nAssertion failed\n"
        "Assertion failed: [object Object]\n"
        "(esmload:4242) Warning: No such label 'missing' for console.timeEnd()\n"
        "(esmload:4242) [DEP0] DeprecationWarning: custom\n"
    )


def test_console_trace_prints_a_stack_to_stderr() -> None:
    prelude = Prelude()
    prelude.eval("function where() { console.trace('here %d', 1); } where();")
    lines = prelude.stderr().splitlines()
    assert lines[0] == "Trace: here 1"
    assert lines[1].startswith("    at where (")


TABLE_CORPUS = [
    r"[{ a: 1, b: 'x' }, { a: 2, c: [1, 2, 3, 4] }]",
    r"[1, 'two', { a: 1 }]",
    r"new Map([['k', { v: 1 }], [{ o: 1 }, 2]])",
    r"new Set(['s', 1])",
    r"{ r1: { c: 1 }, r2: { c: 22222 } }, ['c']",
    r"[{ name: '日本', n: 1 }, { name: 'ascii', n: 22 }]",
    r"[{ deep: { a: 1, b: 2, c: 3 } }, { deep: { a: 1 } }]",
    r"[[1, 2], [3, 4, 5]]",
    r"{}",
    r"[]",
    r"'not tabular'",
    r"[{ a: 1 }, 5], ['a', 'missing']",
]


def test_console_table_matches_node() -> None:
    calls = "\n".join(
        f"console.table({args}); console.log({json.dumps(SEPARATOR)});" for args in TABLE_CORPUS
    )
    prelude = Prelude()
    prelude.eval(calls)
    ours = prelude.stdout()
    assert ours.startswith(
        "┌─────────┬───┬─────┬──────────────────────────────┐\n"
        "│ (index) │ a │ b   │ c                            │\n"
        "├─────────┼───┼─────┼──────────────────────────────┤\n"
        "│ 0       │ 1 │ 'x' │                              │\n"
        "│ 1       │ 2 │     │ [ 1, 2, 3, ... 1 more item ] │\n"
        "└─────────┴───┴─────┴──────────────────────────────┘\n"
    )
    if NODE is None:
        pytest.skip("node is not on PATH")
    assert ours == run_node(calls)


def test_format_substitutions() -> None:
    prelude = Prelude()
    cases = prelude.json(
        r"""[
        __api.format('%s=%d', 'a', 1),
        __api.format('%i|%f|%j|%%|%c.', '42.9px', '1.5e3', [1], 'css'),
        __api.format('%s', 'only'),
        __api.format('%d', Symbol('x')),
        __api.format('%o', { a: [1] }),
        __api.format(1, '2', [3]),
        __api.format('%s %s', 'one'),
        __api.format('%s', -0, 'rest', 7),
        __api.format(),
      ]"""
    )
    assert cases == [
        "a=1",
        "42|1500|[1]|%|.",
        "only",
        "NaN",
        "{ a: [ 1, [length]: 1 ] }",
        "1 2 [ 3 ]",
        "one %s",
        "-0 rest 7",
        "",
    ]


def test_console_constructor_writes_to_streams() -> None:
    prelude = Prelude()
    result = prelude.json(
        r"""(() => {
        const out = [];
        const c = new console.Console({ write: (s) => out.push('o:' + s) }, { write: (s) => out.push('e:' + s) });
        c.log('x %d', 1); c.error(new Map());
        return out;
      })()"""
    )
    assert result == ["o:x 1\n", "e:Map(0) {}\n"]


# ---------------------------------------------------------------------------------- process
def test_process_fields() -> None:
    prelude = Prelude()
    result = prelude.json(
        r"""(() => {
        process.env.ADDED = 'yes';
        return {
          argv: process.argv, argvCopy: process.argv !== __host.argv,
          env: process.env, hostEnvUntouched: __host.env.ADDED === undefined,
          platform: process.platform, pid: process.pid, cwd: process.cwd(),
          version: process.version, versions: process.versions, exitCode: process.exitCode,
          execPath: process.execPath, tty: [process.stdout.isTTY, process.stderr.isTTY],
          hrtime: (__clock = 1234.5678, process.hrtime()),
          diff: process.hrtime([1, 200000000]),
          big: typeof process.hrtime.bigint(),
          uptime: process.uptime(),
          perf: [performance.now(), performance.timeOrigin],
          tag: Object.prototype.toString.call(process),
        };
      })()"""
    )
    assert result["argv"] == ["/usr/bin/esmload", "/work/main.mjs", "x"]
    assert result["argvCopy"] is True
    assert result["env"] == {"HOME": "/root", "LANG": "C", "ADDED": "yes"}
    assert result["hostEnvUntouched"] is True
    assert result["platform"] == "linux"
    assert result["pid"] == 4242
    assert result["cwd"] == "/work"
    assert result["version"] == "v0.0.0-esmload"
    assert result["versions"] == {"esmload": "1.2.3", "quickjs": "0.17.0"}
    assert "exitCode" not in result  # undefined
    assert result["execPath"] == "/usr/bin/esmload"
    assert result["tty"] == [None, True]
    assert result["hrtime"] == [1, 234567800]
    assert result["diff"] == [0, 34567800]
    assert result["big"] == "bigint"
    assert result["uptime"] == pytest.approx(1.2345678)
    assert result["perf"] == [1234.5678, 1700000000000.5]
    assert result["tag"] == "[object process]"


def test_process_stdout_write() -> None:
    prelude = Prelude()
    prelude.eval(
        r"""
        globalThis.r = [process.stdout.write('a|'), process.stdout.write(new TextEncoder().encode('é|')),
          process.stdout.write(new Uint8Array([0xF0, 0x9F, 0x8C, 0x8D, 0x0A]))];
        process.stderr.write('err', () => { r.push('callback'); });
        """
    )
    prelude.run_jobs()
    assert prelude.stdout() == "a|é|🌍\n"
    assert prelude.stderr() == "err"
    assert prelude.json("r") == [True, True, True, "callback"]


def test_process_exit_and_exit_handlers() -> None:
    prelude = Prelude()
    assert prelude.eval("__api.exitCode()") == 0
    prelude.eval(
        r"""
        process.on('exit', (code) => { console.log('exit', code, process.exitCode); process.exitCode = 3; });
        process.once('exit', () => console.log('once'));
        const removed = () => console.log('removed');
        process.on('exit', removed);
        process.off('exit', removed);
        process.exitCode = '2';
        """
    )
    assert prelude.eval("__api.exitCode()") == 2
    assert prelude.eval("__api.runExitHandlers(0)") == 3
    assert prelude.eval("__api.runExitHandlers(0)") == 3  # only once
    assert prelude.stdout() == "exit 2 2\nonce\n"
    assert prelude.eval("__api.exitCode()") == 3

    second = Prelude()
    second.eval("process.on('exit', (c) => console.log('bye', c)); process.exitCode = 4;")
    with pytest.raises(quickjs.JSException, match="__exit__"):
        second.eval("process.exit()")
    with pytest.raises(quickjs.JSException, match="__exit__"):
        second.eval("process.exit(7)")
    assert second.json("__exits") == [4, 7]
    assert second.stdout() == "bye 4\n"


def test_process_events_are_safe_to_use() -> None:
    prelude = Prelude()
    result = prelude.json(
        r"""(() => {
        const seen = [];
        process.on('custom', (a, b) => seen.push(a + b));
        const chained = process.on('SIGINT', () => {}) === process;
        const emitted = [process.emit('custom', 1, 2), process.emit('nothing')];
        process.stdout.on('drain', () => {}).once('error', () => {});
        return { seen, chained, emitted, count: process.listenerCount('custom'), names: process.eventNames() };
      })()"""
    )
    assert result == {
        "seen": [3],
        "chained": True,
        "emitted": [True, False],
        "count": 1,
        "names": ["custom", "SIGINT"],
    }


# ---------------------------------------------------------------------------------- others
def test_structured_clone() -> None:
    prelude = Prelude()
    result = prelude.json(
        r"""(() => {
        const source = { n: 1, s: 'x', d: new Date(5), r: /a/gi, m: new Map([[1, { deep: [1] }]]),
          set: new Set(['v']), u8: new Uint8Array([1, 2]), nested: { arr: [1, , 3] } };
        source.self = source;
        const copy = structuredClone(source);
        const errors = [];
        for (const bad of [() => {}, Symbol('s'), { f() {} }, new WeakMap()]) {
          try { structuredClone(bad); } catch (e) { errors.push([e.name, e.message, e instanceof Error]); }
        }
        const view = new Uint8Array([9, 8, 7]);
        const pair = structuredClone([view, view.subarray(1)]);
        return {
          distinct: copy !== source && copy.m !== source.m && copy.d !== source.d,
          circular: copy.self === copy,
          values: [copy.n, copy.s, copy.d.getTime(), String(copy.r), copy.m.get(1).deep[0], [...copy.set],
            [...copy.u8], copy.nested.arr.length, 1 in copy.nested.arr],
          sharedBuffer: pair[0].buffer === pair[1].buffer && pair[1][0] === 8,
          errors,
          prim: [structuredClone(5), structuredClone(null), structuredClone('x')],
        };
      })()"""
    )
    assert result["distinct"] is True
    assert result["circular"] is True
    assert result["values"] == [1, "x", 5, "/a/gi", 1, ["v"], [1, 2], 3, False]
    assert result["sharedBuffer"] is True
    assert result["errors"] == [
        ["DataCloneError", "() => {} could not be cloned.", True],
        ["DataCloneError", "Symbol(s) could not be cloned.", True],
        ["DataCloneError", "f() {} could not be cloned.", True],
        ["DataCloneError", "#<WeakMap> could not be cloned.", True],
    ]
    assert result["prim"] == [5, None, "x"]


def test_globals_are_installed_like_node() -> None:
    prelude = Prelude()
    descriptors = prelude.json(
        r"""Object.fromEntries(['console', 'process', 'setTimeout', 'clearTimeout', 'setInterval',
          'setImmediate', 'queueMicrotask', 'structuredClone', 'TextEncoder', 'TextDecoder', 'URL',
          'URLSearchParams', 'global', 'performance'].map((name) => {
            const d = Object.getOwnPropertyDescriptor(globalThis, name);
            return [name, [typeof d.value, d.writable, d.enumerable, d.configurable]];
          }))"""
    )
    hidden = {"console", "process", "TextEncoder", "TextDecoder", "URL", "URLSearchParams"}
    for name, (kind, writable, enumerable, configurable) in descriptors.items():
        assert kind in {"function", "object"}, name
        assert writable and configurable, name
        assert enumerable is (name not in hidden), name
    assert prelude.eval("global === globalThis") is True


def test_format_uncaught_and_inspect_entry_points() -> None:
    prelude = Prelude()
    assert prelude.eval("__api.formatUncaught('plain\\ntext')") == "plain\ntext"
    assert prelude.eval("__api.formatUncaught({ a: 1 })") == "{ a: 1 }"
    assert prelude.eval("__api.formatUncaught(1)") == "1"
    assert prelude.eval("__api.formatUncaught(undefined)") == "undefined"
    assert prelude.eval("__api.formatUncaught(Symbol('s'))") == ""
    assert prelude.eval("__api.formatUncaught(__nostack(new Error('e')))") == "[Error: e]"
    assert prelude.eval("__api.inspect('s')") == "'s'"
    assert prelude.eval("__api.inspect({ a: { b: { c: {} } } }, { depth: 0 })") == "{ a: [Object] }"


def test_error_stacks_read_like_v8() -> None:
    prelude = Prelude()
    stack = prelude.eval("function f() { return new TypeError('bad'); } f().stack")
    lines = stack.splitlines()
    assert lines[0] == "TypeError: bad"
    assert lines[1].startswith("    at f (")


def _random_utf8ish(rng, length: int) -> bytes:
    """Mostly valid UTF-8 with damage: truncations, stray bytes, overlongs, surrogates."""
    pieces = []
    while sum(map(len, pieces)) < length:
        kind = rng.random()
        if kind < 0.5:
            char = chr(
                rng.choice(
                    [
                        rng.randrange(0x80),
                        rng.randrange(0x80, 0x800),
                        rng.randrange(0x800, 0xD800),
                        rng.randrange(0xE000, 0x10000),
                        rng.randrange(0x10000, 0x110000),
                    ]
                )
            )
            pieces.append(char.encode())
        elif kind < 0.6:
            pieces.append(chr(rng.randrange(0x80, 0x110000)).encode()[: rng.randrange(1, 3)])
        elif kind < 0.7:
            pieces.append(bytes([rng.randrange(0x80, 0x100)]))
        elif kind < 0.75:
            pieces.append(
                rng.choice([b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"])
            )
        else:
            pieces.append(bytes([rng.randrange(0x20, 0x7F)]) * rng.randrange(1, 30))
    return b"".join(pieces)


# Without the engine's atob/btoa/Uint8Array.fromBase64 the codec runs entirely in JS (and
# the prelude's own atob/btoa are installed).
WITHOUT_NATIVE_CODEC = (
    "delete globalThis.atob; delete globalThis.btoa; delete Uint8Array.fromBase64;"
)


@pytest.mark.parametrize("before", ["", WITHOUT_NATIVE_CODEC], ids=["native", "pure-js"])
def test_utf8_codec_agrees_with_python_on_random_input(before: str) -> None:
    import random

    rng = random.Random(20240601)
    samples = [_random_utf8ish(rng, rng.randrange(0, 120)) for _ in range(300)]
    cuts = [sorted(rng.sample(range(len(s) + 1), min(3, len(s) + 1))) for s in samples]
    prelude = Prelude(before)
    prelude.eval(f"globalThis.SAMPLES = {json.dumps([list(s) for s in samples])};")
    prelude.eval(f"globalThis.CUTS = {json.dumps(cuts)};")
    decoded = prelude.json(
        r"""SAMPLES.map((bytes, n) => {
          const u8 = new Uint8Array(bytes);
          const whole = new TextDecoder().decode(u8);
          const d = new TextDecoder();
          let streamed = '';
          let from = 0;
          for (const cut of CUTS[n]) {
            streamed += d.decode(u8.subarray(from, cut), { stream: true });
            from = cut;
          }
          streamed += d.decode(u8.subarray(from));
          let fatal;
          try { fatal = new TextDecoder('utf-8', { fatal: true }).decode(u8); } catch (e) { fatal = null; }
          return [whole, streamed, fatal];
        })"""
    )
    for sample, (whole, streamed, fatal) in zip(samples, decoded, strict=True):
        expected = sample.decode("utf-8", "replace")
        if expected.startswith("\ufeff"):
            expected = expected[1:]
        assert whole == expected, sample
        assert streamed == expected, sample
        try:
            strict = sample.decode("utf-8")
        except UnicodeDecodeError:
            assert fatal is None, sample
        else:
            assert fatal == strict.removeprefix("\ufeff"), sample

    texts = [
        "".join(chr(rng.randrange(0x20, 0x80)) for _ in range(rng.randrange(40))) for _ in range(20)
    ]
    texts += [
        "".join(
            chr(
                rng.choice(
                    [
                        rng.randrange(0x20, 0x800),
                        rng.randrange(0xD800, 0xE000),
                        rng.randrange(0x10000, 0x10400),
                    ]
                )
            )
            for _ in range(rng.randrange(60))
        )
        for _ in range(100)
    ]
    encoded = prelude.json(
        f"{json.dumps(texts)}.map((t) => [[...new TextEncoder().encode(t)],"
        " (() => { const out = new Uint8Array(t.length * 3); const r = new TextEncoder().encodeInto(t, out);"
        " return [...out.subarray(0, r.written)]; })()])"
    )
    for text, (bytes_, into) in zip(texts, encoded, strict=True):
        # As UTF-16 (what JS sees): adjacent surrogates pair up, lone ones become U+FFFD.
        units = text.encode("utf-16-le", "surrogatepass")
        expected = units.decode("utf-16-le", "replace").encode()
        assert bytes(bytes_) == expected
        assert bytes(into) == expected


def test_base64_fallback_matches_node() -> None:
    script = r"""
    const out = [];
    for (const s of ['', 'f', 'fo', 'foo', 'foob', 'hello world', '\x00\xff\x80', 'é']) out.push(btoa(s));
    for (const s of ['', 'Zg==', 'Zm8=', 'Zm9v', ' Zm 9v\n', 'Zg', 'Zm9', 'aGVsbG8gd29ybGQ=', '/w==']) {
      out.push([...atob(s)].map((c) => c.charCodeAt(0)));
    }
    for (const bad of ['Zm9v=', 'Z', '!!!!', 'Zg=a']) {
      try { atob(bad); out.push('no error'); } catch (e) { out.push(e.name); }
    }
    try { btoa('€'); } catch (e) { out.push(e.name); }
    """
    prelude = Prelude(WITHOUT_NATIVE_CODEC)
    assert prelude.eval("typeof atob === 'function' && !/native/.test(String(atob))") is True
    ours = json.loads(prelude.eval(script + "JSON.stringify(out);"))
    native = json.loads(Prelude().eval(script + "JSON.stringify(out);"))
    assert ours == native
    if NODE is None:
        pytest.skip("node is not on PATH")
    assert ours == json.loads(run_node(script + "console.log(JSON.stringify(out));"))


@pytest.mark.parametrize(
    ("setup", "host_code", "expected"),
    [
        ("", 0, "exit 0 undefined\n"),
        ("", 1, "exit 1 1\n"),
        ("process.exitCode = 4;", 0, "exit 4 4\n"),
    ],
)
def test_exit_listeners_see_node_values(setup: str, host_code: int, expected: str) -> None:
    prelude = Prelude()
    prelude.eval(setup + "process.on('exit', (c) => console.log('exit', c, process.exitCode));")
    prelude.eval(f"__api.runExitHandlers({host_code})")
    assert prelude.stdout() == expected
