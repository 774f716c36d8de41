"""The `buffer` (Buffer, Blob, File, helpers) and `string_decoder` built-in modules, compared
with node's output (stdout and exit status)."""

from __future__ import annotations

# Buffer is a lazily installed global: first touched here without importing anything.
GLOBAL = r"""
console.log(typeof Buffer, typeof Blob, typeof File, Buffer.name, Object.getPrototypeOf(Buffer) === Uint8Array,
  Buffer.from('global').toString('base64'), Buffer.alloc(2, 1));
await import('./encodings.mjs');
"""

# Every encoding both ways (valid and broken input, Node's lenient base64 and hex, big
# buffers decoded in chunks with invalid bytes at the chunk edges), byteLength, isEncoding,
# toString ranges, write, transcode, isUtf8/isAscii.
ENCODINGS = r"""
import { Buffer as B, isUtf8, isAscii, transcode, kMaxLength } from 'node:buffer';
const show = (v) => (typeof v === 'string' ? JSON.stringify(v) : v);
const t = (label, f) => {
  try { console.log(label, show(f())); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message); }
};
const hash = (s) => { let h = 0; for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0; return `${s.length}:${h}`; };
let seed = 12345;
const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return seed; };
const randomBytes = (n) => { const b = B.alloc(n); for (let i = 0; i < n; i++) b[i] = rand() & 255; return b; };
console.log(B === globalThis.Buffer, typeof Buffer, kMaxLength);

const encodings = ['utf8', 'utf-8', 'UTF8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'ucs2', 'ucs-2', 'utf16le', 'UTF-16LE'];
const samples = ['', 'hello', 'héllo wörld', '€uro 😀 emoji', 'lone \ud800 high', 'lone \udc00 low', 'x'.repeat(70), 'ü'.repeat(40) + '😀'.repeat(20), '\u0000\u007f\u0080\u00ff\u0100'];
for (const enc of encodings) {
  for (const s of samples) {
    // (Node's base64 decoder gives implementation artefacts for non-Latin-1 junk.)
    if (enc.startsWith('base64') && /[^\x00-\xff]/.test(s)) continue;
    const b = B.from(s, enc);
    console.log(enc, JSON.stringify(s).slice(0, 30), b.length, B.byteLength(s, enc), show(b.toString(enc)).slice(0, 60), b.toString('hex').slice(0, 80));
  }
}
// Lenient decoders.
for (const s of ['aGk=', 'aGk', 'aGk=aGk=', 'a G\nk\t=', 'aGk*x', 'a', 'ab', 'abc', 'aGkx-_', '-_-_', '++//', '====', 'aGVsbG8gd29ybGQ=', ' aGVs bG8 ']) {
  t(`base64 ${JSON.stringify(s)}`, () => [B.from(s, 'base64').toString('hex'), B.from(s, 'base64url').toString('hex'), B.byteLength(s, 'base64')]);
}
for (const s of ['', 'a', 'ab', 'abc', 'abz1', 'ABCDEF', 'zz', '0g12', 'ab cd', 'é1']) {
  t(`hex ${JSON.stringify(s)}`, () => [B.from(s, 'hex').toString('hex'), B.byteLength(s, 'hex')]);
}
// Invalid UTF-8.
const invalid = [[0xff], [0xc3], [0xc3, 0x28], [0xe2, 0x82], [0xe2, 0x28, 0xa1], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80, 0x80], [0x80, 0x80, 0x41], [0xef, 0xbb, 0xbf, 0x41], [0xf8, 0x88, 0x80, 0x80, 0x80]];
for (const bytes of invalid) {
  const b = B.from(bytes);
  console.log('utf8', b, JSON.stringify(b.toString()), JSON.stringify(b.toString('ascii')), JSON.stringify(b.toString('latin1')), JSON.stringify(b.toString('ucs2')), isUtf8(b), isAscii(b));
}
// Big buffers: chunked decoding with invalid bytes near 64 KiB boundaries.
const text = B.from('abcdé€😀xyz'.repeat(40000));
for (const at of [65535, 65536, 65537, 131070, 131071, 196608, text.length - 1, text.length - 2]) text[at] = 0xf0;
console.log('big', text.length, hash(text.toString()), hash(text.toString('utf8', 3)), hash(text.toString('latin1')), hash(text.toString('base64')), hash(text.toString('hex')), hash(text.toString('ucs2')), hash(text.toString('ascii')));
const rnd = randomBytes(200000);
console.log('random', hash(rnd.toString()), hash(rnd.toString('base64url')), B.from(rnd.toString('base64'), 'base64').equals(rnd), B.from(rnd.toString('hex'), 'hex').equals(rnd), B.from(rnd.toString('latin1'), 'latin1').equals(rnd), isUtf8(rnd), isAscii(rnd));
const long = 'a\ud800b'.repeat(300) + '😀é'.repeat(300);
console.log('long', B.byteLength(long), B.from(long).length, hash(B.from(long).toString()), B.byteLength(long, 'nope'));
// toString ranges and encodings.
const abc = B.from('abcdef');
for (const args of [[], ['utf8'], ['utf8', 1], ['utf8', 1, 3], ['utf8', -1, 100], ['utf8', 1.5, 3.7], ['utf8', '2'], ['utf8', 4, 2], ['utf8', 10], ['hex', 2], [undefined, 2], ['utf8', NaN, NaN], ['utf8', 0, NaN], [null], [''], ['foo'], ['UTF8'], ['Latin1'], [5]]) {
  t(`toString(${args.map((a) => JSON.stringify(a)).join(', ')})`, () => abc.toString(...args));
}
for (const e of ['utf8', 'UTF-8', 'ucs2', 'UCS-2', 'utf16le', 'utf-16le', 'latin1', 'binary', 'BINARY', 'base64', 'base64url', 'hex', 'ascii', '', 'utf16', 'utf-16', 'raw', 'buffer', null, undefined, 5, {}]) {
  t(`isEncoding ${String(e)}`, () => B.isEncoding(e));
}
t('from unknown', () => B.from('x', 'nope'));
t('from empty enc', () => B.from('x', ''));
t('byteLength number', () => B.byteLength(5));
t('byteLength views', () => [B.byteLength(new Uint16Array(3)), B.byteLength(new ArrayBuffer(7)), B.byteLength(new DataView(new ArrayBuffer(5)))]);
// write
const w = B.alloc(10);
for (const args of [['hi'], ['hé', 8], ['héllo', 7], ['€€€', 1], ['abc', 2, 1], ['abc', 'hex'], ['ffee', 1, 'hex'], ['ffeedd', 1, 2, 'hex'], ['aGVsbG8=', 'base64'], ['hi', 9, 'ucs2'], ['hi', 8, 'ucs2'], ['x', 10], ['x', 11], ['x', -1], ['x', 1.5], ['x', 0, 11], ['x', 0, -1], ['x', 'nope'], [5], ['éé', 'latin1'], ['ÿĀ', 'ascii'], ['x', '1']]) {
  const c = B.from(w);
  t(`write(${args.map((a) => JSON.stringify(a)).join(', ')})`, () => [c.write(...args), c.toString('hex')]);
}
t('transcode', () => [transcode(B.from('héllo €'), 'utf8', 'latin1'), transcode(B.from('hé'), 'utf8', 'ucs2'), transcode(B.from('hé', 'ucs2'), 'ucs2', 'utf8'), transcode(B.from('hé'), 'utf8', 'ascii')]);
t('transcode bad', () => transcode(B.from('x'), 'utf8', 'hex'));
t('isUtf8 bad', () => isUtf8('x'));
t('isAscii ab', () => [isAscii(new ArrayBuffer(2)), isUtf8(new Uint16Array([0xffff]))]);
t('atob/btoa', () => [atob('aGk='), btoa('hi')]);
"""

# Construction (sharing memory, array-likes, valueOf/toPrimitive, deprecated Buffer()),
# species, views, concat, compare, equals, copy, fill, indexOf family, swap, toJSON, the
# argument errors, and printing (truncation, extra properties, INSPECT_MAX_BYTES).
API = r"""
import buffer, { Buffer, SlowBuffer, constants, INSPECT_MAX_BYTES } from 'node:buffer';
const t = (label, f) => {
  try { console.log(label, f()); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message); }
};
// Construction and identity.
const ab = new ArrayBuffer(8);
const shared = Buffer.from(ab, 2, 4);
shared[0] = 7;
console.log(new Uint8Array(ab), shared, shared.byteOffset, shared.buffer === ab, Buffer.from(ab).length);
console.log(Buffer.from([1, 2, 300, -1, 1.7, '5', 'x']), Buffer.from(new Uint16Array([1, 258])), Buffer.from({ length: 3, 0: 9, 1: 8 }), Buffer.from({ type: 'Buffer', data: [1, 2] }));
console.log(Buffer.from(new String('str')), Buffer.from({ valueOf() { return 'vo'; } }), Buffer.from({ [Symbol.toPrimitive]() { return 'tp'; } }), Buffer.from({ valueOf: () => [1, 2] }));
const src = Buffer.from('copy me');
const copied = Buffer.from(src);
copied[0] = 0x43;
console.log(src.toString(), copied.toString(), Buffer.of(1, 2, 3), Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1));
console.log(Buffer.alloc(5, 'ab'), Buffer.alloc(4, 0x101), Buffer.alloc(6, 'aGk=', 'base64'), Buffer.alloc(3, Buffer.from([1, 2])), Buffer.allocUnsafe(3).length, Buffer.allocUnsafeSlow(2).length, SlowBuffer(2).length);
console.log(Buffer.from('x') instanceof Buffer, Buffer.from('x') instanceof Uint8Array, Buffer.isBuffer(Buffer.alloc(0)), Buffer.isBuffer(new Uint8Array(2)), Buffer.isBuffer('x'),
  Object.getPrototypeOf(Buffer.prototype) === Uint8Array.prototype, Buffer.prototype.constructor === Buffer, Buffer.from('x').constructor === Buffer, Buffer.name, Buffer.length);
console.log(Buffer.poolSize, constants, INSPECT_MAX_BYTES, buffer.kStringMaxLength, typeof buffer.SlowBuffer);
const legacy = new Buffer('legacy');
console.log(legacy, Buffer(3), new Buffer([1, 2]), Buffer(new ArrayBuffer(2)), legacy instanceof Buffer);
t('Buffer(5, enc)', () => Buffer(5, 'utf8'));
// Species and views.
const base = Buffer.from('abcdef');
const sub = base.subarray(1, 4);
const sl = base.slice(-3);
sub[0] = 0x42;
console.log(sub, sl, base.toString(), base.slice(2, 1), base.slice(-100, 2), base.slice('1', '3'), base.slice(1.9), base.slice(NaN, 2));
console.log(base.map((x) => x + 1), base.filter((x) => x > 99), base.reverse().toString(), base.sort().toString(), Uint8Array.prototype.slice.call(base, 1, 2), base.subarray(1) instanceof Buffer);
console.log([...Buffer.from('ab')], [...Buffer.from('ab').entries()], [...Buffer.from('ab').keys()], [...Buffer.from('ab').values()]);
// concat, compare, equals, copy.
console.log(Buffer.concat([Buffer.from('ab'), new Uint8Array([99]), Buffer.alloc(0), Buffer.from('d')]), Buffer.concat([Buffer.from('abc')], 2), Buffer.concat([Buffer.from('ab')], 4), Buffer.concat([]));
t('concat bad', () => Buffer.concat([Buffer.alloc(1), 'x']));
t('concat not array', () => Buffer.concat(new Set()));
t('concat length', () => Buffer.concat([Buffer.alloc(1)], -1));
const words = ['', 'a', 'ab', 'abc', 'b', 'B', 'aa', 'x'.repeat(60), 'x'.repeat(60) + 'a', 'x'.repeat(59) + 'y'];
const cmp = [];
for (const x of words) for (const y of words) cmp.push(Buffer.compare(Buffer.from(x), Buffer.from(y)));
console.log(cmp.join(''));
console.log(words.map((w) => Buffer.from(w)).sort(Buffer.compare).map(String));
const c1 = Buffer.from('abcdef');
const c2 = Buffer.from('cdefgh');
console.log(c1.compare(c2), c1.compare(c2, 0, 2, 2, 4), c1.compare(c2, 0, 3, 2), c1.compare(c2, 5), c1.compare(c2, 0, 0, 0, 0), c1.compare(c2, 0, 6, 6), c1.equals(Buffer.from('abcdef')), c1.equals(c2), c1.equals(new Uint8Array([97, 98, 99, 100, 101, 102])));
t('compare bad', () => c1.compare('x'));
t('compare range', () => c1.compare(c2, -1));
t('compare range2', () => c1.compare(c2, 0, 7));
t('compare range3', () => c1.compare(c2, 0, 1, 0, 9));
t('compare float', () => c1.compare(c2, 1.5));
t('static compare', () => Buffer.compare(c1, 'x'));
t('equals bad', () => c1.equals([1]));
const target = Buffer.alloc(8, '.');
console.log(c1.copy(target), target.toString(), c1.copy(target, 6), target.toString(), c1.copy(target, 1, 4), target.toString(), c1.copy(target, 0, 2, 3), target.toString(), c1.copy(target, 20), c1.copy(target, 0, 3, 3), c1.copy(target, '2', '1', '2'), target.toString());
const overlap = Buffer.from('abcdefgh');
overlap.copy(overlap, 2, 0, 5);
console.log(overlap.toString());
t('copy bad target', () => c1.copy('x'));
t('copy negative', () => c1.copy(target, -1));
t('copy sourceStart', () => c1.copy(target, 0, 7));
t('copy sourceEnd', () => c1.copy(target, 0, 0, -1));
// fill
const f = Buffer.alloc(7);
for (const args of [[1], [257], [-1], ['a'], ['abc'], ['abc', 2], ['abc', 2, 5], ['é'], ['é', 'latin1'], ['abc', 'ucs2'], ['6162', 'hex'], ['6162', 1, 'hex'], ['zz', 'hex'], [''], [true], [{}], [Buffer.from('xy')], [new Uint8Array(0)], ['a', 8], ['a', 0, 8], ['a', -1], ['a', 1.5], ['a', 'bogus'], ['a', 0, 7, 'bogus'], ['a', 0, 7, 5], [1, 'x'], [f]]) {
  const c = Buffer.from(f);
  t(`fill(${args.map((a) => JSON.stringify(a)).join(', ')})`, () => c.fill(...args));
}
// search
const hay = Buffer.from('this is a buffer, a fine buffer: 😀 é');
for (const args of [['is'], ['is', 3], ['is', -30], ['buffer', -10], ['a', 100], ['a', -100], [''], ['', 5], ['', 100], [0x61], [0x61 + 256], [-0x9f], [Buffer.from('fine')], [new Uint8Array([0x20])], ['😀'], ['é', 'latin1'], ['6275', 'hex'], ['YnVm', 'base64'], ['fine', 'ucs2'], ['is', 'bogus'], [{}], [null], ['is', null], ['is', '3'], ['is', 2.9], ['is', NaN]]) {
  t(`search(${args.map((a) => JSON.stringify(a)).join(', ')})`, () => [hay.indexOf(...args), hay.lastIndexOf(...args), hay.includes(...args)]);
}
const u16 = Buffer.from('abcabc', 'ucs2');
console.log(u16.indexOf('b', 'ucs2'), u16.lastIndexOf('c', 'ucs2'), u16.indexOf('bc', 3, 'ucs2'), Buffer.from([0, 0x61, 0, 0x61, 0]).indexOf('a', 'ucs2'), Buffer.alloc(10000, 'xyz').indexOf('zx', 5000), Buffer.alloc(10000, 'xyz').lastIndexOf('yzx', 5000));
// misc
const sw = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]);
console.log(Buffer.from(sw).swap16(), Buffer.from(sw).swap32(), Buffer.from(sw).swap64(), sw.toJSON(), JSON.stringify({ b: Buffer.from('hi') }), JSON.parse(JSON.stringify(Buffer.from('yo')), (k, v) => (v && v.type === 'Buffer' ? Buffer.from(v) : v)));
t('swap16', () => Buffer.alloc(3).swap16());
t('swap32', () => Buffer.alloc(6).swap32());
t('swap64', () => Buffer.alloc(12).swap64());
t('from number', () => Buffer.from(5));
t('from null', () => Buffer.from(null));
t('from fn', () => Buffer.from(function f() {}));
t('from sym', () => Buffer.from(Symbol('q')));
t('from ab offset', () => Buffer.from(new ArrayBuffer(4), 5));
t('from ab length', () => Buffer.from(new ArrayBuffer(4), 1, 4));
t('from ab NaN', () => Buffer.from(new ArrayBuffer(4), 'x', 'y'));
t('alloc -1', () => Buffer.alloc(-1));
t('alloc str', () => Buffer.alloc('3'));
t('alloc big', () => Buffer.alloc(2 ** 33));
t('alloc NaN', () => Buffer.allocUnsafe(NaN));
t('alloc frac', () => Buffer.alloc(2.5));
// inspection
const big = Buffer.alloc(1000, 'abc');
console.log(big, [big], { a: { b: big } }, { a: { b: { c: { d: big } } } });
console.log(Buffer.alloc(51), Buffer.alloc(50), Buffer.alloc(0), [Buffer.from('a'), Buffer.from('b')], new Map([['k', Buffer.from('v')]]));
console.log(Object.assign(Buffer.from('xy'), { foo: 'bar', baz: [1, 2] }), Object.assign(Buffer.alloc(0), { q: 1 }));
class Sub extends Buffer {}
console.log(Object.setPrototypeOf(Buffer.from('s'), Sub.prototype), String(Buffer.from('str')), `${Buffer.from('tpl')}`, Buffer.from('x') + Buffer.from('y'));
buffer.INSPECT_MAX_BYTES = 3;
console.log(Buffer.from('abcdef'), Buffer.from('abc'), buffer.INSPECT_MAX_BYTES);
buffer.INSPECT_MAX_BYTES = 50;
console.log(Buffer, typeof Buffer.from, Object.keys(buffer), Object.keys(Buffer.prototype).length > 80);
const pb = Buffer.from('é');
const pa = Buffer.from('abc');
console.log(pb.parent === pb.buffer, pa.subarray(1).offset - pa.byteOffset, Buffer.from('hé').utf8Slice(0, 3), Buffer.from('hi').hexSlice(), Buffer.from('hi').latin1Write('yo', 0), Buffer.from('a').toLocaleString());
"""

# Every read*/write* method at every offset, with the range and type errors.
NUMBERS = r"""
const t = (label, f) => {
  try { const r = f(); console.log(label, typeof r === 'bigint' ? `${r}n` : r); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message); }
};
const buf = Buffer.from([0x01, 0x82, 0xf3, 0x74, 0x85, 0xa6, 0x07, 0xf8, 0xff, 0x00]);
const readers = ['readUInt8', 'readUint8', 'readInt8', 'readUInt16LE', 'readUInt16BE', 'readUint16LE', 'readInt16LE', 'readInt16BE', 'readUInt32LE', 'readUInt32BE', 'readUint32BE',
  'readInt32LE', 'readInt32BE', 'readFloatLE', 'readFloatBE', 'readDoubleLE', 'readDoubleBE', 'readBigUInt64LE', 'readBigUInt64BE', 'readBigUint64LE', 'readBigInt64LE', 'readBigInt64BE'];
for (const name of readers) {
  const out = [];
  for (let o = 0; o < buf.length; o++) { try { const v = buf[name](o); out.push(typeof v === 'bigint' ? `${v}n` : v); } catch (e) { out.push(e.code); break; } }
  console.log(name, out.join(' '));
  for (const bad of [undefined, -1, 1.5, '1', NaN, 100, null, Infinity]) t(`  ${name}(${String(bad)})`, () => buf[name](bad));
}
for (const name of ['readUIntLE', 'readUIntBE', 'readIntLE', 'readIntBE', 'readUintLE', 'readUintBE']) {
  const out = [];
  for (let n = 1; n <= 6; n++) for (let o = 0; o + n <= buf.length; o += 3) out.push(buf[name](o, n));
  console.log(name, out.join(' '));
  for (const args of [[0, 0], [0, 7], [0], [], [0, '2'], [0, 1.5], [5, 6], [-1, 2], [1.5, 2], ['0', 2]]) t(`  ${name}(${args.join(',')})`, () => buf[name](...args));
}
const writers = [['writeUInt8', 1, [0, 255, 256, -1, 1.7, '12', NaN, 2 ** 53]], ['writeUint8', 1, [5]], ['writeInt8', 1, [-128, 127, 128, -129, -1.5]],
  ['writeUInt16LE', 2, [0, 65535, 65536, -1, 0x1234]], ['writeUInt16BE', 2, [0x1234, 70000]], ['writeInt16LE', 2, [-32768, 32767, 32768, -2]], ['writeInt16BE', 2, [-2, -32769]],
  ['writeUInt32LE', 4, [0, 2 ** 32 - 1, 2 ** 32, -1, 0xdeadbeef]], ['writeUInt32BE', 4, [0xdeadbeef, 1e10]], ['writeUint32LE', 4, [7]], ['writeInt32LE', 4, [-(2 ** 31), 2 ** 31 - 1, 2 ** 31, -1]], ['writeInt32BE', 4, [-5, -(2 ** 31) - 1]],
  ['writeFloatLE', 4, [1.5, -0, NaN, Infinity, 3.4e39, 'x', 0.1]], ['writeFloatBE', 4, [1.5, 0.1]], ['writeDoubleLE', 8, [Math.PI, -0, NaN, 1e308]], ['writeDoubleBE', 8, [Math.PI, 5e-324]],
  ['writeBigUInt64LE', 8, [0n, 2n ** 64n - 1n, 2n ** 64n, -1n, 0x0102030405060708n, 5, 2 ** 70]], ['writeBigUInt64BE', 8, [0x0102030405060708n]], ['writeBigUint64LE', 8, [1n]],
  ['writeBigInt64LE', 8, [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 63n, -1n, -(2n ** 63n) - 1n]], ['writeBigInt64BE', 8, [-2n, 123456789012345678n]]];
for (const [name, size, values] of writers) {
  for (const v of values) {
    const b = Buffer.alloc(size + 2);
    t(`${name}(${typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : v})`, () => [b[name](v, 1), b.toString('hex')]);
  }
  const b = Buffer.alloc(size + 1);
  for (const off of [2, -1, 0.5, '1', undefined]) t(`  ${name} @${String(off)}`, () => b[name](typeof values[0] === 'bigint' ? 1n : 1, off));
  t(`  ${name} tiny`, () => Buffer.alloc(size - 1)[name](typeof values[0] === 'bigint' ? 1n : 1));
}
for (const [name, values] of [['writeUIntLE', [0, 1, 2 ** 48 - 1, 2 ** 48, -1, 0x123456789a]], ['writeUIntBE', [0x123456789a, 256]], ['writeIntLE', [-1, -(2 ** 47), 2 ** 47, -(2 ** 47) - 1, 0x12345]], ['writeIntBE', [-2, -0x123456]], ['writeUintLE', [7]], ['writeUintBE', [7]]]) {
  for (const v of values) {
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const b = Buffer.alloc(8);
      t(`${name}(${v}, 1, ${n})`, () => [b[name](v, 1, n), b.toString('hex'), b[name.replace('write', 'read')](1, n)]);
    }
  }
  for (const args of [[1, 0, 0], [1, 0, 7], [1, 0], [1], [1, 3, 6], [1, -1, 2], [1, 0, '2']]) t(`  ${name}(${args.join(',')})`, () => Buffer.alloc(8)[name](...args));
}
// Round trips through random values.
let seed = 7;
const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return seed; };
const rb = Buffer.alloc(64);
for (let i = 0; i < rb.length; i++) rb[i] = rand() & 255;
let sum = 0;
for (let o = 0; o + 8 <= rb.length; o++) {
  sum += rb.readUInt32LE(o) + rb.readInt32BE(o) + rb.readUInt16BE(o) + rb.readIntLE(o, 6) + rb.readUIntBE(o, 5) + rb.readInt16LE(o);
  sum += Number(rb.readBigInt64LE(o) % 1000003n) + Number(rb.readBigUInt64BE(o) % 1000003n);
  const d = rb.readDoubleLE(o);
  if (!Number.isNaN(d)) sum += Math.sign(d);
  const f = rb.readFloatBE(o);
  if (!Number.isNaN(f) && Number.isFinite(f)) sum += f > 0 ? 1 : -1;
}
console.log('sum', sum);
const w = Buffer.alloc(64);
let off = 0;
off = w.writeUInt8(200, off); off = w.writeInt16BE(-300, off); off = w.writeUInt32LE(123456789, off); off = w.writeDoubleBE(-1.25, off);
off = w.writeFloatLE(2.5, off); off = w.writeBigInt64BE(-5n, off); off = w.writeIntLE(-123456, off, 3); off = w.writeUIntBE(0xabcdef12, off, 5);
console.log(off, w.subarray(0, off).toString('hex'));
"""

BLOB = r"""
import { Blob, File, resolveObjectURL } from 'node:buffer';
const t = async (label, f) => { try { console.log(label, await f()); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message); } };
console.log(Blob === globalThis.Blob, File === globalThis.File, Blob, File, typeof Blob, Object.prototype.toString.call(new Blob()));
const b = new Blob(['ab', new Uint8Array([99]), new Blob(['d']), new ArrayBuffer(1), 5, {}, new Uint16Array([0x4142]), new DataView(new Uint8Array([0x45, 0x46]).buffer, 1)], { type: 'Text/Plain;Charset=UTF-8' });
console.log(b, b.size, b.type, String(b), Object.keys(b), [b], { nested: { deeper: { deepest: b } } });
await t('text', () => b.text());
await t('arrayBuffer', () => b.arrayBuffer());
await t('bytes', () => b.bytes());
for (const args of [[], [1], [1, -2], [-3], [2, 2], [5, 1], [-100, 100], [0, 3, 'X/Y'], [0, 3, 'bad\u00e9'], [undefined, undefined, 5]]) {
  const s = b.slice(...args);
  await t(`slice(${args.map((a) => JSON.stringify(a)).join(', ')})`, async () => [s.size, s.type, await s.text()]);
}
await t('slice of slice', () => b.slice(2, 15).slice(1, 4).text());
await t('sources string', () => new Blob('abc'));
await t('sources null', () => new Blob(null));
await t('sources set', async () => new Blob(new Set(['x', 'y'])).text());
await t('options number', () => new Blob([], 5));
await t('type non-ascii', () => new Blob([], { type: 'a\u00e9' }).type);
await t('undefined sources', () => new Blob(undefined).size);
await t('lone surrogate', () => new Blob(['\ud800x']).arrayBuffer());
await t('endings', async () => [await new Blob(['a\r\nb\rc\n'], { endings: 'native' }).text(), await new Blob(['a\r\nb'], { endings: 'transparent' }).text()]);
await t('bad endings', () => new Blob([], { endings: 'x' }));
const copySrc = new Uint8Array([1, 2]);
const copied = new Blob([copySrc]);
copySrc[0] = 9;
await t('copies parts', async () => new Uint8Array(await copied.arrayBuffer()));
const f = new File(['x', 'yz'], 'a.txt', { type: 'TEXT/plain', lastModified: 42 });
console.log(f, f.name, f.lastModified, f.size, f.type, f instanceof Blob, f instanceof File, Object.prototype.toString.call(f), typeof new File([], 'b').lastModified, [f]);
await t('file text', () => f.text());
await t('file slice', () => f.slice(1));
await t('file no name', () => new File(['x']));
await t('file lastModified', () => [new File([], 'n', { lastModified: '12' }).lastModified, new File([], 'n', { lastModified: 1.9 }).lastModified, new File([], 5).name]);
const s = new Blob(['ab', 'cd', new Uint8Array([1])]).stream();
console.log(Object.prototype.toString.call(s));
for await (const chunk of s) console.log('chunk', chunk);
const reader = new Blob(['xyz']).stream().getReader();
console.log(await reader.read(), await reader.read());
await t('resolveObjectURL', () => resolveObjectURL('blob:nodedata:nope'));
"""

# Chunks split at every and at random places, for every encoding; the state Buffer as Node prints it.
STRING_DECODER = r"""
import { StringDecoder } from 'node:string_decoder';
import sdDefault from 'string_decoder';
const t = (label, f) => { try { console.log(label, JSON.stringify(f())); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message); } };
console.log(StringDecoder, sdDefault.StringDecoder === StringDecoder, new StringDecoder('utf8'));
let seed = 99;
const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return seed; };
const text = 'aé€😀 ü\u0000x'.repeat(6);
const inputs = [Buffer.from(text), Buffer.from(text, 'ucs2'), Buffer.from([0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x98, 0xc3, 0xff, 0xed, 0xa0, 0x80, 0x80, 0xf4, 0x90, 0x80, 0x80, 0xc3]),
  Buffer.from([0x3d, 0xd8, 0x00, 0xde, 0x3d, 0xd8, 0x41, 0x00, 0x00, 0xdc, 0x3d])];
for (const enc of ['utf8', 'utf16le', 'base64', 'base64url', 'hex', 'latin1', 'ascii']) {
  for (const input of inputs) {
    for (let round = 0; round < 4; round++) {
      const d = new StringDecoder(enc);
      const parts = [];
      for (let i = 0; i < input.length;) {
        const n = round === 0 ? 1 : 1 + (rand() % 5);
        parts.push(d.write(input.subarray(i, i + n)));
        i += n;
      }
      parts.push(d.end());
      console.log(enc, round, JSON.stringify(parts));
    }
  }
}
const d = new StringDecoder('utf8');
t('split euro', () => [d.write(Buffer.from([0xe2])), d.write(Buffer.from([0x82])), d.end(Buffer.from([0xac]))]);
t('end with partial', () => [d.write(Buffer.from([0xf0, 0x9f])), d.end(), d.end()]);
t('string passthrough', () => d.write('abc'));
t('typed array', () => [d.write(new Uint8Array([0x68, 0x69])), d.write(new DataView(new Uint8Array([0x41, 0x42]).buffer, 1))]);
t('bad chunk', () => d.write(5));
t('bad end chunk', () => d.end({}));
for (const e of [undefined, null, '', 'UTF-8', 'ucs2', 'UCS-2', 'binary', 'BASE64', 'foo', 'buffer']) t(`encoding ${e}`, () => new StringDecoder(e).encoding);
const state = new StringDecoder('utf8');
state.write(Buffer.from([0xe2, 0x82]));
console.log(state, state.lastNeed, state.lastTotal, state.lastChar);
state.end();
console.log(state);
"""


def test_encodings(same_as_node) -> None:
    result = same_as_node({"main.mjs": GLOBAL, "encodings.mjs": ENCODINGS})
    assert "threw TypeError ERR_UNKNOWN_ENCODING Unknown encoding: nope" in result.stdout


def test_buffer_api(same_as_node) -> None:
    result = same_as_node({"main.mjs": API})
    assert "<Buffer 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 63 61 62 ... 950 more bytes>" in result.stdout
    assert "DEP0005" in result.stderr


def test_numbers(same_as_node) -> None:
    result = same_as_node({"main.mjs": NUMBERS})
    assert "ERR_BUFFER_OUT_OF_BOUNDS" in result.stdout


def test_blob_and_file(same_as_node) -> None:
    result = same_as_node({"main.mjs": BLOB})
    assert "File { size: 3, type: 'text/plain', name: 'a.txt', lastModified: 42 }" in result.stdout


def test_string_decoder(same_as_node) -> None:
    result = same_as_node({"main.mjs": STRING_DECODER})
    assert "[Symbol(kNativeDecoder)]: <Buffer e2 82 00 00 01 02 01>" in result.stdout
