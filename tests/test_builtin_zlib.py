"""The `zlib` built-in module compared with node: the same compressed bytes (for inputs where
node's zlib and the system's produce the same deflate stream), the same errors."""

from __future__ import annotations

import pytest

WHOLE_BUFFERS = r"""
import zlib, { gzipSync, gunzipSync, constants } from 'node:zlib';
const report = (label, fn) => {
  try { console.log(label, fn()); } catch (e) { console.log(label, 'threw', e.name, e.code, e.errno, e.message, Object.keys(e)); }
};
const text = 'hello world '.repeat(20) + JSON.stringify({ a: [1, 2, 3], b: 'xyz'.repeat(30) });
for (const [name, inverse] of [['gzip', 'gunzip'], ['deflate', 'inflate'], ['deflateRaw', 'inflateRaw']]) {
  for (const options of [undefined, { level: 1 }, { level: 9, memLevel: 9 }, { strategy: constants.Z_HUFFMAN_ONLY },
    { windowBits: 9 }, { level: 0 }]) {
    const packed = zlib[`${name}Sync`](text, options);
    const back = zlib[`${inverse}Sync`](packed, options).toString();
    console.log(name, JSON.stringify(options), packed.length, packed.toString('base64').slice(0, 60), back === text);
  }
}
const gz = gzipSync('hello world hello world');
console.log(gz.toString('hex'), Buffer.isBuffer(gz), zlib.unzipSync(gz).toString(), zlib.unzipSync(zlib.deflateSync('abc')).toString());
console.log(gunzipSync(Buffer.concat([gz, gzipSync('!!')])).toString(), gunzipSync(Buffer.concat([gz, Buffer.alloc(3)])).toString(),
  zlib.inflateSync(Buffer.concat([zlib.deflateSync('abc'), Buffer.from('tail')])).toString());
console.log(zlib.deflateSync(new Uint16Array([1, 2])).toString('hex'), zlib.inflateSync(new Uint8Array(zlib.deflateSync('ab')).buffer).toString(),
  zlib.deflateSync('a', 5).toString('hex'), zlib.deflateRawSync('hello', { windowBits: 8 }).toString('hex'),
  gzipSync('abc', { finishFlush: constants.Z_SYNC_FLUSH }).toString('hex'), gzipSync('').toString('hex'));
const dictionary = Buffer.from('hello');
const withDict = zlib.deflateSync('hello hello', { dictionary });
console.log(withDict.toString('hex'), zlib.inflateSync(withDict, { dictionary }).toString());
console.log(gunzipSync(gz.subarray(0, gz.length - 4), { finishFlush: constants.Z_SYNC_FLUSH }).toString());
report('gunzip not gzip', () => gunzipSync(Buffer.from('hello')));
report('inflate not zlib', () => zlib.inflateSync(Buffer.from('hello')));
report('inflateRaw bad block', () => zlib.inflateRawSync(Buffer.from([0xff, 0xff, 0xff])));
report('truncated', () => gunzipSync(gz.subarray(0, 10)));
report('empty', () => zlib.inflateSync(Buffer.alloc(0)));
report('trailing garbage', () => gunzipSync(Buffer.concat([gz, Buffer.from('xyz')])));
report('missing dictionary', () => zlib.inflateSync(withDict));
report('wrong dictionary', () => zlib.inflateSync(withDict, { dictionary: Buffer.from('nope') }));
report('maxOutputLength', () => zlib.inflateSync(zlib.deflateSync('a'.repeat(100)), { maxOutputLength: 10 }));
report('level', () => gzipSync('x', { level: 10 }));
report('level type', () => gzipSync('x', { level: '1' }));
report('level infinite', () => gzipSync('x', { level: Infinity }));
report('gzip windowBits', () => gzipSync('x', { windowBits: 8 }));
report('memLevel', () => zlib.deflateSync('x', { memLevel: 0 }));
report('strategy', () => zlib.deflateSync('x', { strategy: 5 }));
report('chunkSize', () => gzipSync('x', { chunkSize: 10 }));
report('dictionary type', () => zlib.deflateSync('x', { dictionary: 'x' }));
report('data type', () => gzipSync(5));
report('brotli', () => typeof zlib.brotliCompressSync);
console.log(zlib.crc32('hello'), zlib.crc32(Buffer.from('world'), zlib.crc32('hello ')), zlib.crc32(''), zlib.crc32(new Uint16Array([1, 2])));
report('crc32 data', () => zlib.crc32(5));
report('crc32 value', () => zlib.crc32('a', 2 ** 32));
console.log(zlib.Z_BEST_COMPRESSION, Object.getOwnPropertyDescriptor(zlib, 'Z_NO_FLUSH'), zlib.codes, Object.isFrozen(zlib.codes),
  constants.Z_MAX_CHUNK, Object.keys(constants).length, Object.keys(zlib));
"""


CALLBACKS = r"""
import zlib from 'node:zlib';
import { promisify } from 'node:util';
const gzip = promisify(zlib.gzip);
const packed = await gzip('callback form', { level: 9 });
console.log(packed.toString('hex'), (await promisify(zlib.gunzip)(packed)).toString());
console.log((await promisify(zlib.unzip)(zlib.deflateSync('auto'))).toString());
for (const [name, inverse] of [['deflate', 'inflate'], ['deflateRaw', 'inflateRaw']]) {
  const result = await new Promise((resolve) => zlib[name](Buffer.from('abcabc'), (err, out) => resolve([err, out.toString('base64')])));
  const back = await new Promise((resolve) => zlib[inverse](Buffer.from(result[1], 'base64'), {}, (err, out) => resolve(out.toString())));
  console.log(name, result, back);
}
const error = await new Promise((resolve) => zlib.gunzip(Buffer.from('not gzip'), (err, out) => resolve([err.code, err.errno, err.message, out])));
console.log(error);
try { zlib.gzip('x'); } catch (e) { console.log(e.code, e.message); }
try { zlib.gzip(5, () => {}); } catch (e) { console.log(e.code, e.message); }
"""


STREAMS = r"""
import zlib from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable, Transform } from 'node:stream';
const collect = () => {
  const chunks = [];
  const sink = new Writable({ write(chunk, enc, cb) { chunks.push(chunk); cb(); } });
  sink.result = () => Buffer.concat(chunks);
  return sink;
};
const text = 'streamed '.repeat(500);
const gzip = zlib.createGzip({ level: 6 });
console.log(gzip instanceof zlib.Gzip, gzip instanceof Transform, typeof gzip.flush, typeof gzip.params);
const packed = collect();
await pipeline(Readable.from([text.slice(0, 1000), text.slice(1000)]), gzip, packed);
console.log(packed.result().equals(zlib.gzipSync(text)), gzip.bytesWritten);
const unpacked = collect();
await pipeline(Readable.from([packed.result().subarray(0, 20), packed.result().subarray(20)]), zlib.createGunzip(), unpacked);
console.log(unpacked.result().toString() === text);
for (const [make, inverse] of [['createDeflate', 'inflateSync'], ['createDeflateRaw', 'inflateRawSync']]) {
  const out = collect();
  await pipeline(Readable.from([Buffer.from('abc'), Buffer.from('def')]), zlib[make](), out);
  console.log(make, out.result().toString('hex'), zlib[inverse](out.result()).toString());
}
const inflated = collect();
await pipeline(Readable.from([zlib.deflateSync('via inflate')]), zlib.createInflate(), inflated);
const unzipped = collect();
await pipeline(Readable.from([zlib.gzipSync('via unzip')]), zlib.createUnzip(), unzipped);
console.log(inflated.result().toString(), unpacked.result().length, unzipped.result().toString());
const raw = collect();
await pipeline(Readable.from([zlib.deflateRawSync('raw!')]), zlib.createInflateRaw(), raw);
console.log(raw.result().toString());
try {
  await pipeline(Readable.from([Buffer.from('not compressed')]), zlib.createGunzip(), collect());
} catch (e) {
  console.log('pipeline error', e.code, e.errno, e.message);
}
const flushed = zlib.createDeflate();
const parts = [];
flushed.on('data', (chunk) => parts.push(chunk.toString('hex')));
flushed.write('first');
await new Promise((resolve) => flushed.flush(resolve));
console.log(parts);
flushed.end('second');
await new Promise((resolve) => flushed.on('end', resolve));
console.log(zlib.inflateSync(Buffer.from(parts.join(''), 'hex')).toString());
const iterated = [];
const source = zlib.createGzip();
source.end('iterate me');
for await (const chunk of source.pipe(zlib.createGunzip())) iterated.push(chunk.toString());
console.log(iterated);
"""


def test_whole_buffers_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": WHOLE_BUFFERS})
    assert "1f8b0800000000000003cb48cdc9c95728cf2fca4951c840b0013bcee2ea17000000" in result.stdout


def test_callback_forms_like_node(same_as_node) -> None:
    result = same_as_node({"main.mjs": CALLBACKS})
    assert "[ 'Z_DATA_ERROR', -3, 'incorrect header check', undefined ]" in result.stdout


def test_streams_like_node(same_as_node, run_js) -> None:
    probe = run_js({"probe.mjs": "import 'node:events';\n"}, entry="probe.mjs")
    if probe.returncode != 0:
        pytest.skip("node:events is not provided yet")
    result = same_as_node({"main.mjs": STREAMS})
    assert "via inflate" in result.stdout


def test_brotli_is_not_provided(run_js) -> None:
    source = (
        "import { brotliCompressSync, createBrotliCompress } from 'node:zlib';\n"
        "for (const fn of [() => brotliCompressSync('x'), () => createBrotliCompress()]) {\n"
        "  try { fn(); } catch (e) { console.log(e.code, e.message); }\n"
        "}\n"
    )
    result = run_js({"main.mjs": source})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM zlib.brotliCompressSync() is not supported by "
        "esmload (Python's standard library has no brotli)",
        "ERR_FEATURE_UNAVAILABLE_ON_PLATFORM zlib.createBrotliCompress() is not supported by "
        "esmload (Python's standard library has no brotli)",
    ]
