"""The `crypto` built-in module and the Web Crypto globals, compared with node (random values
only through what does not change between runs: lengths, formats, ranges)."""

from __future__ import annotations

import pytest

DIGESTS = r"""
import crypto, { createHash, createHmac, Hash } from 'node:crypto';
const report = (label, fn) => {
  try { console.log(label, fn()); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message, Object.keys(e)); }
};
for (const alg of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha512-256', 'sha3-256', 'sha3-512',
  'SHA256', 'RSA-SHA1', 'shake128', 'blake2b512', 'ripemd160']) {
  console.log(alg, createHash(alg).update('hello ').update(Buffer.from('world')).digest('hex'));
}
const h = createHash('sha256').update('caf\u00e9', 'latin1').update('616263', 'hex').update('YWJj', 'base64');
const copy = h.copy();
console.log(h.digest('base64'), copy.update('more').digest('base64url'));
console.log(createHash('md5').update(new Uint16Array([1, 2, 3])).digest(), createHash('md5').digest('latin1').length,
  createHash('sha1').update(new DataView(new ArrayBuffer(3))).digest('binary').length);
console.log(createHash('shake256', { outputLength: 5 }).update('x').digest('hex'), Hash('md5').digest('hex'),
  createHash('md5') instanceof Hash, typeof crypto.Hash, crypto.hash('sha1', 'abc'), crypto.hash('md5', 'abc', 'base64'),
  crypto.hash('sha256', Buffer.from('abc'), 'buffer'));
report('unknown', () => createHash('nope'));
report('not a string', () => createHash(5));
report('digest twice', () => { const x = createHash('md5'); x.digest(); return x.digest(); });
report('update after', () => { const x = createHash('md5'); x.digest('hex'); return x.update('a'); });
report('update number', () => createHash('md5').update(5));
report('update arraybuffer', () => createHash('md5').update(new ArrayBuffer(2)));
report('bad outputLength', () => createHash('sha256', { outputLength: 5 }));
report('hash() unknown', () => crypto.hash('nope', 'x'));
for (const alg of ['sha256', 'sha512', 'md5']) {
  console.log(alg, createHmac(alg, 'key').update('data').digest('hex'));
}
console.log(createHmac('sha1', Buffer.from('k')).update('x').digest('base64'), createHmac('sha1', new ArrayBuffer(3)).digest('hex'));
const mac = createHmac('sha256', 'k');
console.log(JSON.stringify(mac.digest('latin1').length), JSON.stringify(mac.digest('hex')));
report('hmac update after', () => mac.update('x'));
report('hmac no key', () => createHmac('sha256'));
report('hmac unknown', () => createHmac('nope', 'key'));
console.log(crypto.getHashes().includes('sha256'), crypto.getHashes().length > 10, Array.isArray(crypto.getCiphers()));
"""


RANDOM_AND_KDF = r"""
import crypto from 'node:crypto';
import { promisify } from 'node:util';
const report = (label, fn) => {
  try { console.log(label, fn()); } catch (e) { console.log(label, 'threw', e.name, e.code, e.message); }
};
const rb = crypto.randomBytes(16);
console.log(Buffer.isBuffer(rb), rb.length, crypto.randomBytes(0).length);
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
console.log(uuid.test(crypto.randomUUID()), crypto.randomUUID() !== crypto.randomUUID());
const ints = new Set();
for (let i = 0; i < 3000; i++) ints.add(crypto.randomInt(-2, 3));
console.log([...ints].sort(), crypto.randomInt(1), Number.isInteger(crypto.randomInt(2 ** 40)));
const filled = crypto.randomFillSync(Buffer.alloc(8), 6);
console.log(filled.length, filled[0], filled[5]);
const u32 = crypto.randomFillSync(new Uint32Array(4), 1, 2);
console.log(u32[0], u32[3], crypto.getRandomValues(new Uint8Array(5)).length);
report('randomBytes -1', () => crypto.randomBytes(-1));
report('randomBytes str', () => crypto.randomBytes('1'));
report('randomInt order', () => crypto.randomInt(5, 3));
report('randomInt range', () => crypto.randomInt(0, 2 ** 48 + 5));
report('randomInt float', () => crypto.randomInt(1.5));
report('randomFillSync offset', () => crypto.randomFillSync(new Uint32Array(4), 5));
report('randomFillSync size', () => crypto.randomFillSync(Buffer.alloc(4), 1, 5));
report('randomFillSync type', () => crypto.randomFillSync('x'));
report('timingSafeEqual', () => [crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')),
  crypto.timingSafeEqual(new Uint16Array([1]), new Uint8Array([1, 0])), crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('b'))]);
report('timingSafeEqual length', () => crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('abc')));
report('timingSafeEqual type', () => crypto.timingSafeEqual('ab', 'ab'));
console.log(crypto.pbkdf2Sync('pw', 'salt', 1000, 16, 'sha256').toString('hex'),
  crypto.pbkdf2Sync(new ArrayBuffer(2), new Uint16Array(2), 1, 4, 'sha1').toString('hex'),
  crypto.pbkdf2Sync('a', 's', 1, 0, 'sha1'));
report('pbkdf2 digest', () => crypto.pbkdf2Sync('pw', 'salt', 1, 16, 'nope'));
report('pbkdf2 no digest', () => crypto.pbkdf2Sync('pw', 'salt', 1, 16));
report('pbkdf2 iterations', () => crypto.pbkdf2Sync('pw', 'salt', 0, 16, 'sha1'));
report('pbkdf2 password', () => crypto.pbkdf2Sync(5, 'salt', 1, 16, 'sha1'));
console.log(crypto.scryptSync('pw', 'salt', 16).toString('hex'),
  crypto.scryptSync('pw', 'salt', 16, { N: 1024, r: 4, p: 2 }).toString('base64'),
  crypto.scryptSync('pw', 'salt', 8, { cost: 1024, blockSize: 4, parallelization: 2 }).toString('hex'));
report('scrypt N', () => crypto.scryptSync('pw', 'salt', 16, { N: 1000 }));
report('scrypt memory', () => crypto.scryptSync('pw', 'salt', 16, { N: 2 ** 20 }));
report('scrypt both', () => crypto.scryptSync('pw', 'salt', 16, { N: 16, cost: 16 }));
console.log(Buffer.from(crypto.hkdfSync('sha256', 'key', 'salt', 'info', 16)).toString('hex'));
report('hkdf digest', () => crypto.hkdfSync('nope', 'k', 's', 'i', 8));
report('hkdf length', () => crypto.hkdfSync('sha256', 'k', 's', 'i', 255 * 32 + 1));

const bytes = await new Promise((resolve) => crypto.randomBytes(8, (err, buf) => resolve([err, buf.length])));
console.log('randomBytes cb', bytes);
console.log('pbkdf2 cb', await promisify(crypto.pbkdf2)('pw', 'salt', 10, 8, 'sha512').then((k) => k.toString('hex')));
console.log('scrypt cb', await promisify(crypto.scrypt)('pw', 'salt', 8).then((k) => k.toString('hex')));
console.log('hkdf cb', await promisify(crypto.hkdf)('sha1', 'k', 's', 'i', 8).then((k) => Buffer.from(k).toString('hex')));
const target = Buffer.alloc(6);
console.log('randomFill cb', await new Promise((resolve) =>
  crypto.randomFill(target, 2, 2, (err, b) => resolve([err, b === target, target[0], target[5]]))));
console.log('randomInt cb', await new Promise((resolve) => crypto.randomInt(10, (err, n) => resolve([err, n >= 0 && n < 10]))));
report('randomBytes callback', () => crypto.randomBytes(1, 5));
report('pbkdf2 no callback', () => crypto.pbkdf2('a', 's', 1, 4, 'sha1'));
report('scrypt async memory', () => crypto.scrypt('pw', 'salt', 8, { N: 2 ** 20 }, () => {}));
"""


WEBCRYPTO = r"""
const hex = (ab) => Buffer.from(ab).toString('hex');
const enc = (s) => new TextEncoder().encode(s);
const report = async (label, fn) => {
  try { console.log(label, await fn()); } catch (e) {
    console.log(label, 'threw', e.name, e.code, e.message, e instanceof DOMException);
  }
};
const nodeCrypto = await import('node:crypto');
console.log(nodeCrypto.webcrypto === globalThis.crypto, nodeCrypto.subtle === crypto.subtle, String(crypto), String(crypto.subtle),
  crypto instanceof Crypto, crypto.subtle instanceof SubtleCrypto, typeof CryptoKey);
console.log(Object.getOwnPropertyNames(Crypto.prototype), Object.getOwnPropertyNames(SubtleCrypto.prototype));
console.log(crypto.getRandomValues(new Uint32Array(4)).length, crypto.getRandomValues(new BigInt64Array(2)).length,
  /^[0-9a-f-]{36}$/.test(crypto.randomUUID()));
await report('quota', () => crypto.getRandomValues(new Uint8Array(65537)));
await report('float array', () => crypto.getRandomValues(new Float64Array(2)));
await report('no array', () => crypto.getRandomValues());
await report('detached this', () => { const g = crypto.getRandomValues; return g(new Uint8Array(2)); });
await report('new Crypto', () => new Crypto());
const digest = await crypto.subtle.digest('SHA-256', enc('abc'));
console.log(Object.prototype.toString.call(digest), hex(digest));
for (const name of ['SHA-1', 'sha-384', { name: 'SHA-512' }]) console.log(hex(await crypto.subtle.digest(name, new Uint8Array([1, 2, 3]))));
await report('digest md5', () => crypto.subtle.digest('MD5', enc('a')));
await report('digest string', () => crypto.subtle.digest('SHA-256', 'abc'));
await report('digest one arg', () => crypto.subtle.digest('SHA-256'));
const key = await crypto.subtle.importKey('raw', enc('key'), { name: 'HMAC', hash: 'SHA-256' }, true, ['sign', 'verify']);
console.log(key, key.type, key.extractable, key.algorithm, key.usages, Object.prototype.toString.call(key), key instanceof CryptoKey);
const signature = await crypto.subtle.sign('HMAC', key, enc('data'));
console.log(hex(signature), await crypto.subtle.verify('HMAC', key, signature, enc('data')),
  await crypto.subtle.verify({ name: 'HMAC' }, key, signature, enc('other')));
console.log(hex(await crypto.subtle.exportKey('raw', key)), await crypto.subtle.exportKey('jwk', key));
const generated = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-512' }, true, ['sign']);
console.log(generated.algorithm, (await crypto.subtle.exportKey('raw', generated)).byteLength);
const pw = await crypto.subtle.importKey('raw', enc('pw'), 'PBKDF2', false, ['deriveBits', 'deriveKey']);
console.log(pw.algorithm, hex(await crypto.subtle.deriveBits({ name: 'PBKDF2', salt: enc('salt'), iterations: 1000, hash: 'SHA-256' }, pw, 128)));
const ikm = await crypto.subtle.importKey('raw', enc('key'), 'HKDF', false, ['deriveBits']);
console.log(hex(await crypto.subtle.deriveBits({ name: 'HKDF', salt: enc('salt'), info: enc('info'), hash: 'SHA-256' }, ikm, 128)));
await report('bad usage', () => crypto.subtle.importKey('raw', enc('k'), { name: 'HMAC', hash: 'SHA-256' }, false, ['encrypt']));
await report('no hash', () => crypto.subtle.importKey('raw', enc('k'), { name: 'HMAC' }, false, ['sign']));
await report('empty usages', () => crypto.subtle.importKey('raw', enc('k'), { name: 'HMAC', hash: 'SHA-256' }, false, []));
await report('zero length', () => crypto.subtle.importKey('raw', new Uint8Array(0), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']));
await report('unknown algorithm', () => crypto.subtle.importKey('raw', enc('k'), { name: 'FOO' }, false, ['sign']));
const verifyOnly = await crypto.subtle.importKey('raw', enc('k'), { name: 'HMAC', hash: 'SHA-1' }, false, ['verify']);
await report('sign without usage', () => crypto.subtle.sign('HMAC', verifyOnly, enc('x')));
await report('export not extractable', () => crypto.subtle.exportKey('raw', verifyOnly));
await report('sign not a key', () => crypto.subtle.sign('HMAC', {}, enc('x')));
"""


def test_hashes_and_hmacs_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": DIGESTS})
    assert "md5 5eb63bbbe01eeed093cb22bb8f5acdc3" in result.stdout


def test_random_values_and_key_derivation_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": RANDOM_AND_KDF})
    assert "scrypt cb" in result.stdout


def test_web_crypto_globals_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": WEBCRYPTO})
    assert "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" in result.stdout


UNSUPPORTED = r"""
import { createCipheriv, createSign, generateKeyPairSync, KeyObject, getCiphers } from 'node:crypto';
for (const fn of [() => createCipheriv('aes-128-cbc', Buffer.alloc(16), Buffer.alloc(16)), () => createSign('sha256'),
  () => generateKeyPairSync('rsa'), () => new KeyObject()]) {
  try { fn(); } catch (e) { console.log(e.code, e.message); }
}
console.log(getCiphers());
crypto.subtle.encrypt({ name: 'AES-GCM' }, null, new Uint8Array(1)).catch((e) => console.log(e.name, e.message));
"""


def test_what_esmload_does_not_provide_says_so(run_js) -> None:
    result = run_js({"main.mjs": UNSUPPORTED})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM crypto.createCipheriv() is not supported by esmload",
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM crypto.createSign() is not supported by esmload",
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM crypto.generateKeyPairSync() is not supported by esmload",
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM crypto.KeyObject is not supported by esmload",
        "[]",
        "NotSupportedError encrypt is not supported by esmload",
    ]


HASH_STREAMS = r"""
import { createHash, createHmac, Hash } from 'node:crypto';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
const hash = createHash('sha256');
hash.setEncoding('hex');
hash.write('hello ');
hash.end('world');
hash.on('readable', () => { const digest = hash.read(); if (digest !== null) console.log('read', digest); });
await new Promise((resolve) => hash.on('end', resolve));
console.log(hash instanceof Transform, createHash('md5') instanceof Hash);
const chunks = [];
await pipeline(Readable.from(['a', 'b', 'c']), createHmac('sha1', 'key'), new Writable({
  write(chunk, encoding, callback) { chunks.push(chunk.toString('hex')); callback(); },
}));
console.log('hmac piped', chunks);
const plain = createHash('sha1');
plain.update('used without streams');
console.log(plain.digest('hex'), Object.keys(plain).length);
"""


def test_hashes_as_streams_like_node(same_as_node, run_js) -> None:
    probe = run_js({"probe.mjs": "import 'node:events';\n"}, entry="probe.mjs")
    if probe.returncode != 0:
        pytest.skip("node:events is not provided yet")
    result = same_as_node({"main.mjs": HASH_STREAMS})
    assert "read b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9" in result.stdout
