"""The `assert` and `assert/strict` built-in modules, compared with node's output."""

from __future__ import annotations

MESSAGES = r"""
import assert, { AssertionError, strictEqual } from 'node:assert';
import strict from 'node:assert/strict';

const t = (label, fn) => {
  try { fn(); console.log(label, 'passed'); }
  catch (e) {
    console.log(label, e instanceof AssertionError, e.name, e.code, e.operator, e.generatedMessage);
    console.log(JSON.stringify(e.message));
  }
};
const r = (n, f = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

// passing assertions
assert(1); assert.ok('x'); assert.equal(1, '1'); assert.equal(NaN, NaN); assert.notEqual(1, 2);
assert.strictEqual(NaN, NaN); assert.notStrictEqual(0, -0); assert.deepEqual({ a: [1] }, { a: ['1'] });
assert.deepStrictEqual(new Map([[{ k: 1 }, new Set([1])]]), new Map([[{ k: 1 }, new Set([1])]]));
assert.notDeepStrictEqual({ a: 1 }, { a: '1' }); assert.notDeepEqual({ a: 1 }, { a: 2 });
assert.match('abc', /b/); assert.doesNotMatch('abc', /x/); assert.ifError(null); assert.ifError(undefined);
assert.throws(() => { throw new TypeError('boom'); }, TypeError);
assert.throws(() => { throw new TypeError('boom'); }, /boom/);
assert.throws(() => { throw new TypeError('boom'); }, { name: 'TypeError', message: /bo+m/ });
assert.throws(() => { throw new TypeError('boom'); }, (e) => e instanceof TypeError);
assert.doesNotThrow(() => 1);
console.log('passing ok', strict.equal === assert.strictEqual, strict.strict === strict, assert.strict === strict,
  strict.deepEqual === assert.deepStrictEqual, strictEqual === assert.strictEqual, Object.keys(assert).join());

// generated messages
t('strictEqual', () => assert.strictEqual(1, 2));
t('strictEqual str', () => assert.strictEqual('hello world', 'hello there'));
t('strictEqual num', () => assert.strictEqual(123456, 1234567));
t('strictEqual long', () => assert.strictEqual('x'.repeat(40), 'x'.repeat(39) + 'y'));
t('strictEqual obj', () => assert.strictEqual({ a: 1 }, { a: 1 }));
t('strictEqual arr', () => assert.strictEqual([1, 2, 3], [1, 2, 4]));
t('strictEqual -0', () => assert.strictEqual(0, -0));
t('strictEqual null', () => assert.strictEqual(null, undefined));
t('strictEqual msg', () => assert.strictEqual(1, 2, 'my message'));
t('strictEqual msg diff', () => assert.deepStrictEqual({ a: 1 }, { a: 2 }, 'custom'));
t('strictEqual err', () => assert.strictEqual(1, 2, new RangeError('own error')));
t('notStrictEqual', () => assert.notStrictEqual(1, 1));
t('notStrictEqual str', () => assert.notStrictEqual('abcdef', 'abcdef'));
const same = { a: 1 };
t('notStrictEqual obj', () => assert.notStrictEqual(same, same));
t('equal', () => assert.equal(1, 2));
t('equal obj', () => assert.equal({ a: 1 }, { a: 1 }));
t('notEqual', () => assert.notEqual(1, '1'));
t('deepStrictEqual obj', () => assert.deepStrictEqual({ a: 1, b: 2 }, { a: 1, b: 3 }));
t('deepStrictEqual extra', () => assert.deepStrictEqual({ a: 1 }, { a: 1, b: [1, 2] }));
t('deepStrictEqual nested', () => assert.deepStrictEqual({ a: { b: { c: 1 } } }, { a: { b: { c: 2 } } }));
t('deepStrictEqual skip', () => assert.deepStrictEqual({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 }, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 9 }));
t('deepStrictEqual sorted', () => assert.deepStrictEqual({ x: 1, a: 1, b: 2, c: 3 }, { a: 1, b: 2, c: 3, y: 2 }));
t('deepStrictEqual 15', () => assert.deepStrictEqual(r(15, (i) => i + 1), r(15, (i) => (i === 2 ? 0 : i === 14 ? 16 : i + 1))));
t('deepStrictEqual first', () => assert.deepStrictEqual(r(30), r(30, (i) => (i === 0 ? -1 : i))));
t('deepStrictEqual insert', () => assert.deepStrictEqual([1, 2, 3], [0, 1, 2, 3]));
t('deepStrictEqual many', () => assert.deepStrictEqual(r(60), r(60, (i) => -i)));
t('deepStrictEqual two', () => assert.deepStrictEqual(r(12), r(12, (i) => (i === 3 || i === 9 ? -1 : i))));
t('deepStrictEqual set', () => assert.deepStrictEqual(new Set([1]), new Set([2])));
t('deepStrictEqual map', () => assert.deepStrictEqual(new Map([[1, 2]]), new Map([[1, 3]])));
t('deepStrictEqual date', () => assert.deepStrictEqual(new Date(0), new Date(1)));
t('deepStrictEqual regexp', () => assert.deepStrictEqual(/abcdefgh/g, /abcdefgh/i));
t('deepStrictEqual error', () => assert.deepStrictEqual(new Error('a'), new Error('b')));
t('deepStrictEqual proto', () => assert.deepStrictEqual(Object.create(null), {}));
t('deepStrictEqual typed', () => assert.deepStrictEqual(new Uint8Array([1, 2]), new Int8Array([1, 2])));
t('deepStrictEqual holes', () => assert.deepStrictEqual([1, , 3], [1, undefined, 3]));
t('deepStrictEqual short', () => assert.deepStrictEqual('a', 'b'));
t('deepStrictEqual type', () => assert.deepStrictEqual([1], ['1']));
t('deepEqual', () => assert.deepEqual({ a: 1 }, { a: 2 }));
t('deepEqual holes', () => assert.deepEqual([1, , 3], [1, undefined, 3]));
t('notDeepEqual same', () => assert.notDeepEqual({ a: 1 }, { a: 1 }));
t('notDeepEqual loose', () => assert.notDeepEqual({ a: 1 }, { a: '1' }));
t('notDeepStrictEqual', () => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }));
t('notDeepStrictEqual long', () => assert.notDeepStrictEqual(r(60), r(60)));
t('strict.equal', () => strict.equal(1, '1'));
t('strict.deepEqual', () => strict.deepEqual([1], ['1']));
t('missing args', () => assert.strictEqual(1));

// ok reads the call's source
const value = 0;
t('ok', () => assert.ok(value));
t('assert', () => assert(typeof value === 'string'));
t('strict()', () => strict(null));
t('ok multiline', () => {
  assert.ok(
    [1, 2].includes(value)
  );
});
t('ok no args', () => assert.ok());
t('ok message', () => assert.ok(false, 'because'));

// fail, match, ifError
t('fail', () => assert.fail());
t('fail msg', () => assert.fail('boom'));
t('fail error', () => assert.fail(new TypeError('typed')));
t('match', () => assert.match('abc', /x/));
t('match type', () => assert.match(1, /x/));
t('match bad', () => assert.match('x', 'x'));
t('doesNotMatch', () => assert.doesNotMatch('abc', /b/));
t('ifError', () => assert.ifError(new Error('e1')));
t('ifError str', () => assert.ifError('str'));
t('ifError empty', () => assert.ifError(new TypeError('')));

// throws / doesNotThrow
t('throws none', () => assert.throws(() => {}));
t('throws none class', () => assert.throws(() => {}, TypeError));
t('throws none msg', () => assert.throws(() => {}, 'msg'));
t('throws none both', () => assert.throws(() => {}, TypeError, 'custom'));
t('throws class', () => assert.throws(() => { throw new Error('x'); }, TypeError));
t('throws regexp', () => assert.throws(() => { throw new Error('x'); }, /y/));
t('throws object', () => assert.throws(() => { throw new TypeError('boom'); }, { name: 'RangeError', message: /bo+m/ }));
t('throws error obj', () => assert.throws(() => { throw new TypeError('boom'); }, new RangeError('boom')));
t('throws primitive', () => assert.throws(() => { throw 5; }, { a: 1 }));
t('throws validate', () => assert.throws(() => { throw new Error('x'); }, function check() { return 1; }));
t('throws empty', () => assert.throws(() => { throw new Error('x'); }, {}));
t('throws bad', () => assert.throws(() => { throw new Error('x'); }, 5));
t('throws fn', () => assert.throws(1));
t('throws ambiguous', () => assert.throws(() => { throw new Error('x'); }, 'x'));
t('throws string twice', () => assert.throws(() => {}, 'a', 'b'));
t('doesNotThrow', () => assert.doesNotThrow(() => { throw new Error('x'); }));
t('doesNotThrow msg', () => assert.doesNotThrow(() => { throw new Error('x'); }, 'hmm'));
t('doesNotThrow other', () => assert.doesNotThrow(() => { throw new TypeError('x'); }, RangeError));
t('doesNotThrow bad', () => assert.doesNotThrow(() => { throw 7; }, 1));

// rejects / doesNotReject
const a = async (label, promise) => {
  try { await promise; console.log(label, 'passed'); }
  catch (e) { console.log(label, e.code, e.operator, JSON.stringify(e.message)); }
};
await a('rejects', assert.rejects(Promise.reject(new Error('r')), /r/));
await a('rejects fn', assert.rejects(async () => { throw new TypeError('t'); }, TypeError));
await a('rejects none', assert.rejects(Promise.resolve(1)));
await a('rejects none msg', assert.rejects(async () => 1, Error, 'xx'));
await a('rejects wrong', assert.rejects(Promise.reject(new Error('r')), TypeError));
await a('rejects value', assert.rejects(() => 1));
await a('rejects bad', assert.rejects(1));
await a('doesNotReject', assert.doesNotReject(Promise.reject(new Error('q'))));
await a('doesNotReject ok', assert.doesNotReject(Promise.resolve(2)));

// AssertionError itself
const e = new AssertionError({ actual: { deep: { x: 1 } }, expected: 'y'.repeat(600), operator: 'strictEqual', message: 'hand made' });
console.log(e.name, e.code, e.message, e.generatedMessage, Object.keys(e), String(e));
e.stack = 'STACK';
console.log(e);
console.log(new AssertionError({ actual: 1, expected: 2, operator: 'foo' }).message);
t('ctor', () => new AssertionError(1));
"""

DEEP = r"""
import assert from 'node:assert';
const loose = (a, b) => { try { assert.deepEqual(a, b); return 'T'; } catch { return 'F'; } };
const strict = (a, b) => { try { assert.deepStrictEqual(a, b); return 'T'; } catch { return 'F'; } };
const x = { a: 1 }; x.self = x;
const y = { a: 1 }; y.self = y;
const z = { a: 1, self: { a: 1, self: null } }; z.self.self = z.self;
class A {}
const cases = [
  [new Float64Array([-0]), new Float64Array([0])], [new Float64Array([NaN]), new Float64Array([NaN])],
  [new WeakMap(), new WeakMap()], [() => {}, () => {}], [new Uint8Array([1]), new Int8Array([1])],
  [new Set([1]), new Set(['1'])], [new Set([{ a: 1 }, 2]), new Set([2, { a: 1 }])],
  [new Map([[{ a: 1 }, 1]]), new Map([[{ a: 1 }, 1]])], [new Map([[1, 'x']]), new Map([['1', 'x']])],
  [{ [Symbol.for('x')]: 1 }, { [Symbol.for('x')]: 2 }], [new Error('a'), new TypeError('a')],
  [new Error('a', { cause: 1 }), new Error('a', { cause: 2 })], [Object.assign(new Number(1), { x: 1 }), new Number(1)],
  [Object.assign(new Date(0), { x: 1 }), Object.assign(new Date(0), { x: 1 })], [new A(), {}],
  [[1, 2], { 0: 1, 1: 2, length: 2 }], [(function () { return arguments; })(1), [1]],
  [Promise.resolve(1), Promise.resolve(1)], [NaN, NaN], [1, '1'], [null, undefined], [0, false], [[1], ['1']],
  [x, y], [x, z], [new Set([NaN]), new Set([NaN])], [[0], [-0]], [new Set([0]), new Set([-0])],
  [new Map([[1, { a: 1 }]]), new Map([[1, { a: '1' }]])], [/a/g, Object.assign(/a/g, { lastIndex: 3 })],
  [new String('ab'), new String('ab')], [new Number(NaN), new Number(NaN)], [new Number(0), new Number(-0)],
  [Object(1n), Object(1n)], [new ArrayBuffer(2), new ArrayBuffer(3)], [new DataView(new ArrayBuffer(2)), new DataView(new ArrayBuffer(2))],
  [{ __proto__: null, a: 1 }, { a: 1 }], [new Set([[1], [1]]), new Set([[1], [2]])], [new Set([1, { a: 1 }]), new Set(['1', { a: 1 }])],
  [{ a: undefined }, { b: undefined }], [[1, 2, 3], [1, 2]], [new Set([[1]]), new Set([[1]])],
];
console.log(cases.map(([p, q]) => strict(p, q)).join(''));
console.log(cases.map(([p, q]) => loose(p, q)).join(''));
"""

UNCAUGHT = r"""
import assert from 'node:assert/strict';
function check(a, b) { assert.equal(a, b); }
console.log('before');
check(1, 2);
"""


def test_assert_messages(same_as_node):
    same_as_node({"main.mjs": MESSAGES})


def test_assert_deep_equality(same_as_node):
    same_as_node({"main.mjs": DEEP})


def test_assert_uncaught(same_as_node):
    result = same_as_node({"main.mjs": UNCAUGHT})
    assert result.returncode == 1
    assert (
        "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n1 !== 2\n\n"
        "    at check (" in result.stderr
    )
    assert result.stderr.rstrip().endswith(
        "{\n  generatedMessage: true,\n  code: 'ERR_ASSERTION',\n  actual: 1,\n  expected: 2,\n"
        "  operator: 'strictEqual'\n}"
    )
