"""The `util` and `util/types` built-in modules, compared with node's output."""

from __future__ import annotations

CORE = r"""
import util, { format, inspect, promisify, callbackify, inherits, isDeepStrictEqual } from 'node:util';
import types from 'node:util/types';
import * as utilNs from 'util';

const report = (label, fn) => {
  try { console.log(label, fn()); }
  catch (e) { console.log(label, 'threw', e.name, e.code, e.message); }
};

// format and inspect are console's own
console.log(format('%s:%d:%i:%f:%j:%o:%O:%%:%c.', 'a', 42.5, 42.5, '1.5', { j: 1 }, [1], { o: { p: 1 } }, 'css'), 'extra', 1);
console.log(util.formatWithOptions({ compact: false }, '%O', { a: 1 }));
report('formatWithOptions', () => util.formatWithOptions(null, 'x'));
console.log(util.inspect === inspect, utilNs.inspect === inspect, util.types === types, utilNs.types === types);
console.log(inspect.custom, promisify.custom, inspect.custom === Symbol.for('nodejs.util.inspect.custom'));
console.log(inspect.defaultOptions, Object.keys(inspect.colors).length, inspect.colors.red, inspect.colors.grey, inspect.styles);
class Temp { [inspect.custom](depth, options, insp) { return `Temp<${depth},${options.depth},${insp === inspect}>`; } }
console.log(inspect(new Temp()), [new Temp()], inspect({ t: new Temp() }, { depth: 5 }));
inspect.defaultOptions = { depth: 0 };
console.log({ a: { b: { c: 1 } } }, inspect({ a: { b: 1 } }));
inspect.defaultOptions = { depth: 2 };
report('defaultOptions', () => { inspect.defaultOptions = 1; });
console.log(inspect('x'.repeat(5), { colors: false }), inspect(new Map([[1, { a: [] }]]), { compact: true, breakLength: 20 }));

// promisify / callbackify
function legacy(a, b, cb) { if (a < 0) cb(new Error('negative')); else cb(null, a + b, 'ignored'); }
legacy.extra = 'kept';
const p = promisify(legacy);
console.log(p.name, p.extra, p[promisify.custom] === p, promisify(p) === p, Object.getPrototypeOf(p) === Function.prototype);
console.log(await p(1, 2));
await p(-1, 2).catch((e) => console.log('rejected', e.message));
const custom = () => {};
custom[promisify.custom] = () => 'custom!';
console.log(promisify(custom)());
report('promisify bad', () => promisify(5));
report('promisify bad custom', () => promisify(Object.assign(() => {}, { [promisify.custom]: 1 })));
const sleep = promisify(setTimeout);
console.log(await sleep(1, 'slept'));
const cbf = callbackify(async function fetchIt(x) { if (x === 0) throw new TypeError('zero'); if (x === 1) return Promise.reject(null); return x * 2; });
console.log(cbf.name, cbf.length);
await new Promise((resolve) => cbf(21, (err, value) => { console.log('cb', err, value); resolve(); }));
await new Promise((resolve) => cbf(0, (err) => { console.log('cb', err.name, err.message); resolve(); }));
await new Promise((resolve) => cbf(1, (err) => { console.log('cb', err.message, err.code, err.reason, Object.keys(err)); resolve(); }));
report('callbackify bad', () => callbackify('x'));
report('callbackify no cb', () => cbf(1, 2));

// inherits
function Animal(name) { this.name = name; }
Animal.prototype.speak = function () { return `${this.name} speaks`; };
function Dog(name) { Animal.call(this, name); }
inherits(Dog, Animal);
console.log(Dog.super_ === Animal, new Dog('rex').speak(), new Dog('a') instanceof Animal, Object.keys(Dog));
report('inherits null', () => inherits(null, Animal));
report('inherits super null', () => inherits(Dog, null));
report('inherits no proto', () => inherits(Dog, Object.assign(() => {}, {})));

// deprecate: the warning event once per code
process.on('warning', (w) => console.log('warning:', w.name, w.code, w.message));
const oldFn = util.deprecate(function oldFn(x) { return x * 3; }, 'oldFn() is deprecated', 'DEP_ESM_TEST');
const oldFn2 = util.deprecate((x) => x, 'other message', 'DEP_ESM_TEST');
console.log(oldFn(1), oldFn(2), oldFn2(3), oldFn.name);
class Base { constructor(v) { this.v = v; } }
const DepClass = util.deprecate(Base, 'Base is old');
console.log(new DepClass(7).v, new DepClass(8) instanceof Base);
report('deprecate code', () => util.deprecate(() => {}, 'm', 5));
await new Promise((resolve) => setTimeout(resolve, 5));

// small helpers
console.log(util.isArray([]), util.isBoolean(false), util.isNull(null), util.isNullOrUndefined(undefined),
  util.isNumber(NaN), util.isString(''), util.isSymbol(Symbol()), util.isUndefined(undefined),
  util.isRegExp(/x/), util.isObject({}), util.isObject(null), util.isDate(new Date()),
  util.isError(new TypeError()), util.isError({ __proto__: Error.prototype }), util.isFunction(class {}),
  util.isPrimitive('s'), util.isPrimitive({}));
console.log(util._extend({ a: 1 }, { b: 2, c: 3 }), util._extend({ a: 1 }, null));
console.log(JSON.stringify(util.stripVTControlCharacters('\u001b[31mred\u001b[39m plain \u001b[1;4mbold\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007')));
report('strip', () => util.stripVTControlCharacters(1));
console.log(JSON.stringify(util.toUSVString('a\ud800b\udc00c\ud83d\ude00')));
console.log(util.getSystemErrorName(-2), util.getSystemErrorName(-13), util.getSystemErrorName(-99999), util.getSystemErrorMap().get(-17));
report('errname', () => util.getSystemErrorName(2));
report('errname type', () => util.getSystemErrorName('x'));
console.log(JSON.stringify(util.styleText(['bold', 'red'], 'hi')), JSON.stringify(util.styleText('red', 'plain', { validateStream: false })));
report('styleText', () => util.styleText('nope', 'x'));
report('styleText text', () => util.styleText('red', 5));
console.log(new util.TextDecoder().decode(new util.TextEncoder().encode('héllo')), util.TextEncoder === TextEncoder);
const dbg = util.debuglog('esmtest');
console.log(dbg.enabled, util.debuglog('other').enabled, util.debug === util.debuglog);
dbg('only on stderr %d', 1);

// isDeepStrictEqual
const cyc1 = { a: 1 }; cyc1.self = cyc1;
const cyc2 = { a: 1 }; cyc2.self = cyc2;
const cases = [
  [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }], [{ a: 1 }, { a: '1' }], [[1, , 3], [1, undefined, 3]],
  [NaN, NaN], [0, -0], [new Set([1, { x: 1 }]), new Set([{ x: 1 }, 1])], [new Map([[{ k: 1 }, 'v']]), new Map([[{ k: 1 }, 'v']])],
  [new Map([[1, 'a']]), new Map([[1, 'b']])], [new Date(5), new Date(5)], [new Date(5), new Date(6)],
  [/a/gi, /a/gi], [/a/g, /a/i], [new Number(1), new Number(1)], [new String('a'), Object('b')],
  [Object.create(null), {}], [new Uint8Array([1, 2]), new Uint8Array([1, 2])], [new Uint8Array([1]), new Int8Array([1])],
  [new Float64Array([-0]), new Float64Array([0])], [Buffer.from ? 1 : 1, 1], [cyc1, cyc2],
  [new Error('x'), new Error('x')], [new Error('x'), new TypeError('x')], [{ [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 2 }],
  [new ArrayBuffer(4), new ArrayBuffer(4)], [new WeakMap(), new WeakMap()], [() => {}, () => {}], [1n, 1n],
  [[1, 2], { 0: 1, 1: 2, length: 2 }], [{ a: undefined }, {}], [new Set([NaN]), new Set([NaN])],
];
console.log(cases.map(([a, b]) => (isDeepStrictEqual(a, b) ? 'T' : 'F')).join(''));

// util.types
async function af() {}
function* gf() {}
const ns = await import('node:util');
const checks = {
  isPromise: [Promise.resolve(), { then() {} }], isRegExp: [/x/, RegExp.prototype], isDate: [new Date(), Date.prototype],
  isMap: [new Map(), Object.create(Map.prototype)], isSet: [new Set(), new Map()], isTypedArray: [new Uint8Array(1), new DataView(new ArrayBuffer(1))],
  isUint8Array: [new Uint8Array(1), new Int8Array(1)], isFloat64Array: [new Float64Array(1), []],
  isArrayBuffer: [new ArrayBuffer(1), new Uint8Array(1)], isAnyArrayBuffer: [new SharedArrayBuffer(1), {}],
  isSharedArrayBuffer: [new SharedArrayBuffer(1), new ArrayBuffer(1)], isAsyncFunction: [af, gf],
  isGeneratorFunction: [gf, af], isGeneratorObject: [gf(), gf], isNativeError: [new RangeError(), { name: 'Error', message: '' }],
  isBoxedPrimitive: [Object(1n), 1], isNumberObject: [new Number(1), 1], isStringObject: [new String(''), ''],
  isBooleanObject: [new Boolean(false), false], isSymbolObject: [Object(Symbol()), Symbol()], isBigIntObject: [Object(1n), 1n],
  isMapIterator: [new Map().keys(), new Set().keys()], isSetIterator: [new Set().values(), [].values()],
  isWeakMap: [new WeakMap(), new Map()], isWeakSet: [new WeakSet(), new Set()], isDataView: [new DataView(new ArrayBuffer(1)), new Uint8Array(1)],
  isArrayBufferView: [new DataView(new ArrayBuffer(1)), new ArrayBuffer(1)], isModuleNamespaceObject: [ns, {}],
  isArgumentsObject: [(function () { return arguments; })(), []], isProxy: [{}, []], isExternal: [{}, 1],
};
for (const [name, [yes, no]] of Object.entries(checks)) console.log(name, types[name](yes), types[name](no));
"""

PARSE_ARGS = r"""
import { parseArgs } from 'node:util';
const show = (label, config) => {
  try { console.log(label, JSON.stringify(parseArgs(config))); }
  catch (e) { console.log(label, e.name, e.code, JSON.stringify(e.message)); }
};
const options = {
  foo: { type: 'boolean', short: 'f' },
  bar: { type: 'string', short: 'b', multiple: true },
  baz: { type: 'string', default: 'dflt' },
};
show('basic', { args: ['-f', '--bar', 'a', '-b', 'c', '--bar=d', '-fbx', 'pos'], options, allowPositionals: true });
show('tokens', { args: ['-f', '--bar', 'a', '--', '--foo', 'x'], options, allowPositionals: true, tokens: true });
show('group', { args: ['-fb', 'v'], options, tokens: true });
show('inline short', { args: ['-bv', '-'], options, tokens: true, allowPositionals: true });
show('unknown', { args: ['--nope'], options });
show('unknown short', { args: ['-n'], options });
show('unknown hint', { args: ['--nope'], options, allowPositionals: true });
show('positional', { args: ['pos'], options });
show('missing', { args: ['--bar'], options });
show('missing short', { args: ['-b'], options });
show('bool value', { args: ['--foo=1'], options });
show('ambiguous', { args: ['--bar', '--foo'], options });
show('ambiguous short', { args: ['-b', '-f'], options });
show('loose', { args: ['--nope', '-xy', '--no=3', 'p', '--bar', '--foo'], options, strict: false });
show('negative', { args: ['--no-foo'], options: { foo: { type: 'boolean' } }, allowNegative: true, tokens: true });
show('last wins', { args: ['--x', 'a', '--x', 'b'], options: { x: { type: 'string' } } });
show('defaults', { args: [], options: { x: { type: 'string', multiple: true, default: ['a'] }, y: { type: 'boolean', default: false } } });
show('bad type', { args: [], options: { x: { type: 'number' } } });
show('bad short', { args: [], options: { x: { type: 'string', short: 'xx' } } });
show('bad default', { args: [], options: { x: { type: 'string', default: 1 } } });
show('bad multiple default', { args: [], options: { x: { type: 'boolean', multiple: true, default: [true, 1] } } });
show('bad options', { args: [], options: 1 });
show('bad args', { args: 'x' });
show('bad strict', { args: [], strict: 'no' });
show('process.argv', { options: { v: { type: 'boolean', short: 'v' } }, allowPositionals: true });
const result = parseArgs({ args: ['--x', '1'], options: { x: { type: 'string' } } });
console.log(Object.getPrototypeOf(result.values), result.values);
"""


def test_util_core(same_as_node):
    result = same_as_node({"main.mjs": CORE}, env={"NODE_DEBUG": "esmtest,another"})
    assert "ESMTEST" in result.stderr and "only on stderr 1" in result.stderr
    assert "DeprecationWarning: oldFn() is deprecated" in result.stderr


def test_util_parse_args(same_as_node):
    same_as_node({"main.mjs": PARSE_ARGS}, args=["-v", "file.txt"])
