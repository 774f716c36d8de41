"""node:stream, node:stream/promises and node:stream/consumers: event order compared with node.

Each program logs events as they happen (data, end, finish, close, error, drain, callbacks),
so a difference in order from Node shows as a different stdout.
"""

from __future__ import annotations

import pytest

# Readable: paused and flowing modes, sync and async _read, destroy, read(n), setEncoding, errors, construct.
READABLE = r"""
import { Readable } from 'node:stream';
const log = (...a) => console.log(...a);
const tick = () => new Promise((r) => setTimeout(r, 30));  // long enough for the 1 ms timer chains below, even on a busy machine

{ // sync _read, paused mode with 'readable' + read()
  let i = 0;
  const r = new Readable({ read() { i++; this.push(i <= 3 ? 'x' + i : null); } });
  r.on('readable', () => { let c; while ((c = r.read()) !== null) log('A read', String(c)); log('A readable done'); });
  r.on('end', () => log('A end', r.readableEnded));
  r.on('close', () => log('A close', r.destroyed));
}
await tick();
{ // async _read, flowing mode
  let i = 0;
  const r = new Readable({ read() { setTimeout(() => { i++; this.push(i <= 3 ? Buffer.from('y' + i) : null); }, 1); } });
  r.on('data', (c) => log('B data', c, r.readableFlowing));
  r.on('end', () => log('B end'));
  r.on('close', () => log('B close'));
}
await tick(); await tick();
{ // pushes before any listener; sync code runs first
  const r = new Readable({ read() {} });
  r.on('data', (c) => log('C data', String(c)));
  r.on('end', () => log('C end'));
  r.on('close', () => log('C close'));
  r.push('a'); r.push('b'); r.push(null);
  log('C sync done', r.readableLength);
}
await tick();
{ // destroy(err) -> 'error' then 'close'
  const r = new Readable({ read() {} });
  r.on('error', (e) => log('D error', e.message));
  r.on('close', () => log('D close', r.destroyed, r.errored.message, r.readableAborted));
  r.destroy(new Error('boom'));
  log('D after destroy', r.destroyed);
  r.destroy(new Error('again'));
}
await tick();
{ // object mode, unshift, read()
  const r = new Readable({ objectMode: true, read() {} });
  r.push({ a: 1 }); r.push(2); r.unshift('first');
  log('E', r.readableLength, r.readableObjectMode, r.readableHighWaterMark, r.read(), r.read(), r.readableLength);
  r.push(null);
  r.on('end', () => log('E end'));
  r.resume();
}
await tick();
{ // byte mode read(n) concatenates, setEncoding keeps multi-byte characters whole
  const r = new Readable({ read() {} });
  log('F hwm', r.readableHighWaterMark, r.readableObjectMode);
  r.push('hello'); r.push(' world');
  log('F', String(r.read(3)), String(r.read(4)), r.readableLength, String(r.read()), r.read());
  r.setEncoding('utf8');
  r.push(Buffer.from([0xe2, 0x82])); r.push(Buffer.from([0xac]));
  log('F2', JSON.stringify(r.read()), r.readableEncoding);
  const h = new Readable({ encoding: 'hex', read() {} });
  h.push(Buffer.from([1, 2, 255])); h.push(null);
  h.on('data', (c) => log('F3', typeof c, c));
}
await tick();
{ // end while paused
  const r = new Readable({ read() {} });
  r.push('x'); r.push(null);
  r.on('end', () => log('G end'));
  r.on('data', (c) => log('G data', String(c)));
  r.on('pause', () => log('G pause'));
  r.on('resume', () => log('G resume'));
  r.pause();
  log('G paused', r.isPaused(), r.readableFlowing);
  setTimeout(() => { r.resume(); }, 2);
}
await tick();
{ // 'readable' with a high-water mark and read(n)
  let n = 0;
  const r = new Readable({ highWaterMark: 4, read(size) { log('H _read', size); n++; if (n < 4) this.push('123'); else this.push(null); } });
  r.on('readable', () => { log('H readable', r.readableLength); let c; while ((c = r.read(2)) !== null) log('H chunk', String(c)); });
  r.on('end', () => log('H end'));
}
await tick();
{ // both 'readable' and 'data' listeners
  const r = new Readable({ read() {} });
  r.on('readable', () => log('I readable', String(r.read())));
  r.on('data', (c) => log('I data', String(c)));
  r.push('z'); r.push(null);
  r.on('end', () => log('I end'));
}
await tick();
{ // errors: unimplemented _read, push after EOF, bad chunk, bad highWaterMark
  const r = new Readable();
  r.on('error', (e) => log('J1', e.name, e.code, e.message));
  r.read();
  const r2 = new Readable({ read() {} });
  r2.on('error', (e) => log('J2', e.code, e.message));
  r2.push(null); r2.push('late');
  const r3 = new Readable({ read() {} });
  r3.on('error', (e) => log('J3', e.code, e.message));
  r3.push(42);
  try { new Readable({ highWaterMark: 'x' }); } catch (e) { log('J4', e.name, e.code, e.message); }
}
await tick();
{ // construct runs before _read; emitClose: false
  const r = new Readable({
    construct(cb) { log('K construct'); setTimeout(cb, 1); },
    read() { log('K read'); this.push('k'); this.push(null); },
    emitClose: false,
  });
  r.on('data', (c) => log('K data', String(c)));
  r.on('end', () => log('K end'));
  r.on('close', () => log('K close?'));
}
await tick();
"""

# Writable: backpressure and drain, write/end callbacks, cork and _writev, _final, destroy with pending writes, errors.
WRITABLE = r"""
import { Writable } from 'node:stream';
const log = (...a) => console.log(...a);
const tick = () => new Promise((r) => setTimeout(r, 30));  // long enough for the 1 ms timer chains below, even on a busy machine

{ // write() return value, 'drain', callbacks, end(chunk, cb), 'finish' then 'close'
  const w = new Writable({ highWaterMark: 3, write(c, e, cb) { log('A write', String(c), e); setTimeout(cb, 1); } });
  log('A ret', w.write('ab'), w.write('cd', (err) => log('A cb cd', err)), w.writableLength, w.writableNeedDrain, w.writableHighWaterMark);
  w.on('drain', () => { log('A drain'); w.end('z', (err) => log('A end cb', err)); log('A ended', w.writableEnded, w.writableFinished, w.writable); });
  w.on('finish', () => log('A finish', w.writableFinished));
  w.on('close', () => log('A close', w.closed));
}
await tick(); await tick();
{ // synchronous _write: callbacks on the next tick; _final runs inside end()
  const w = new Writable({ write(c, e, cb) { log('B write', String(c)); cb(); }, final(cb) { log('B final'); cb(); } });
  w.write('a', (...args) => log('B wcb', args));
  w.on('prefinish', () => log('B prefinish'));
  w.on('finish', () => log('B finish'));
  w.on('close', () => log('B close'));
  w.end((...args) => log('B endcb', args));
  log('B after end');
}
await tick();
{ // cork/uncork and _writev
  const w = new Writable({
    writev(chunks, cb) { log('C writev', chunks.map((c) => String(c.chunk) + ':' + c.encoding)); cb(); },
    write(c, e, cb) { log('C write', String(c)); cb(); },
  });
  w.cork(); w.write('a'); w.write('b', () => log('C cb b')); w.write('c');
  log('C corked', w.writableCorked, w.writableLength);
  process.nextTick(() => w.uncork());
  w.on('finish', () => log('C finish'));
  setTimeout(() => w.end('d'), 1);
}
await tick();
{ // decodeStrings: false, Uint8Array chunks, objectMode
  const w = new Writable({ decodeStrings: false, write(c, e, cb) { log('D', typeof c, Buffer.isBuffer(c), String(c), e); cb(); } });
  w.write('str', 'latin1');
  w.write(new Uint8Array([65, 66]));
  const o = new Writable({ objectMode: true, write(c, e, cb) { log('D obj', c, o.writableLength); cb(); } });
  o.write({ x: 1 }); o.write(7);
  log('D hwm', o.writableHighWaterMark, o.writableObjectMode);
}
await tick();
{ // write after end, thrown errors
  const w = new Writable({ write(c, e, cb) { cb(); } });
  w.on('error', (e) => log('E error', e.code, e.message));
  w.end();
  log('E write ret', w.write('x', (e) => log('E cb', e.code)));
  for (const f of [() => new Writable().write(null), () => new Writable({ write() {} }).write(5),
    () => new Writable({ objectMode: true, write() {} }).write(null), () => new Writable().write('x'),
    () => new Writable({ highWaterMark: -1 })]) {
    try { f(); } catch (e) { log('E thrown', e.name, e.code, e.message); }
  }
}
await tick();
{ // destroy with pending writes; end() callback after destroy
  const w = new Writable({ highWaterMark: 1, write(c, e, cb) { setTimeout(cb, 3); } });
  w.write('a', (e) => log('F cb a', e));
  w.write('b', (e) => log('F cb b', e && e.code, e && e.message));
  w.end((e) => log('F end cb', e && e.code));
  w.on('close', () => log('F close', w.writableFinished, w.destroyed));
  w.on('error', (e) => log('F err', e.message));
  w.destroy();
  const d = new Writable({ write(c, e, cb) { cb(); } });
  d.on('close', () => log('F2 close'));
  d.end((e) => log('F2 end cb', e && e.code));
  d.destroy();
}
await tick();
{ // _final errors (sync and async), write errors
  const mk = (tag, opts) => {
    const w = new Writable({ write(c, e, cb) { cb(); }, ...opts });
    w.on('error', (e) => log(tag, 'error', e.message));
    w.on('finish', () => log(tag, 'finish?'));
    w.on('close', () => log(tag, 'close'));
    return w;
  };
  mk('G1', { final(cb) { cb(new Error('final sync')); } }).end((e) => log('G1 end cb', e && e.message));
  mk('G2', { final(cb) { setTimeout(() => cb(new Error('final async')), 1); } }).end('x', (e) => log('G2 end cb', e && e.message));
  const g3 = mk('G3', { write(c, e, cb) { cb(new Error('write fail')); } });
  g3.write('q', (e) => log('G3 cb', e.message));
  g3.write('r', (e) => log('G3 cb2', e.message));
  const g4 = mk('G4', { final(cb) { cb(new Error('final w/ write')); } });
  g4.write('q'); g4.end((e) => log('G4 end cb', !!e));
}
await tick();
{ // construct delays writes; autoDestroy: false
  const w = new Writable({
    construct(cb) { log('H construct'); setTimeout(cb, 1); },
    write(c, e, cb) { log('H write', String(c)); cb(); },
    final(cb) { log('H final'); cb(); },
  });
  w.write('early'); w.end();
  w.on('finish', () => log('H finish'));
  w.on('close', () => log('H close'));
  const n = new Writable({ autoDestroy: false, write(c, e, cb) { cb(); } });
  n.on('finish', () => log('H2 finish', n.destroyed));
  n.on('close', () => log('H2 close?'));
  n.end();
}
await tick();
{ // subclassing with class syntax
  class Collector extends Writable {
    constructor() { super({ objectMode: true }); this.items = []; }
    _write(chunk, encoding, callback) { this.items.push(chunk); callback(); }
    _final(callback) { log('I final', this.items); callback(); }
  }
  const c = new Collector();
  c.write(1); c.end(2);
  c.on('finish', () => log('I finish', c instanceof Writable));
}
await tick();
"""

# Transform, pipe with backpressure and errors, Duplex half-open, subclassing (class, util.inherits, legacy Stream).
DUPLEX = r"""
import stream, { Readable, Writable, Duplex, Transform, PassThrough } from 'node:stream';
import util from 'node:util';
const log = (...a) => console.log(...a);
const tick = () => new Promise((r) => setTimeout(r, 30));  // long enough for the 1 ms timer chains below, even on a busy machine

{ // Transform with flush
  const t = new Transform({
    transform(c, e, cb) { cb(null, String(c).toUpperCase()); },
    flush(cb) { this.push('F'); cb(null, 'G'); },
  });
  t.on('data', (c) => log('A data', String(c)));
  t.on('end', () => log('A end'));
  t.on('finish', () => log('A finish'));
  t.on('close', () => log('A close'));
  t.write('a'); t.end('b', () => log('A endcb'));
}
await tick();
{ // Transform backpressure: the readable side is full until someone reads
  const t = new Transform({ highWaterMark: 2, objectMode: true, transform(c, e, cb) { log('B transform', c); cb(null, c); } });
  for (let i = 0; i < 5; i++) log('B write', i, t.write(i));
  t.end();
  t.on('finish', () => log('B finish'));
  t.on('end', () => log('B end'));
  setTimeout(() => t.on('data', (c) => log('B data', c)), 2);
}
await tick(); await tick();
{ // pipe with a slow writer: pause/resume/drain
  let n = 0;
  const r = new Readable({ highWaterMark: 4, read() { n++; this.push(n <= 6 ? 'abc' + n : null); } });
  const w = new Writable({ highWaterMark: 5, write(c, e, cb) { log('C write', String(c)); setTimeout(cb, 1); } });
  r.on('pause', () => log('C pause'));
  r.on('resume', () => log('C resume'));
  w.on('drain', () => log('C drain'));
  w.on('pipe', (src) => log('C pipe', src === r));
  w.on('unpipe', () => log('C unpipe'));
  r.on('end', () => log('C end'));
  w.on('finish', () => log('C finish'));
  w.on('close', () => log('C close'));
  log('C returns dest', r.pipe(w) === w);
}
await tick(); await tick(); await tick(); await tick();
{ // object-mode pipe with setImmediate callbacks
  let i = 0;
  const r = new Readable({ objectMode: true, highWaterMark: 2, read() { log('D read', i); if (i < 5) this.push({ i: i++ }); else this.push(null); } });
  const w = new Writable({ objectMode: true, highWaterMark: 1, write(c, e, cb) { log('D write', c.i); setImmediate(cb); } });
  w.on('drain', () => log('D drain'));
  w.on('finish', () => log('D finish'));
  r.pipe(w);
}
await tick(); await tick();
{ // the destination fails during a pipe
  const r = new Readable({ read() {} });
  const w = new Writable({ write(c, e, cb) { cb(new Error('wfail')); } });
  w.on('error', (e) => log('E w error', e.message));
  w.on('close', () => log('E w close'));
  w.on('unpipe', () => log('E unpipe'));
  r.on('close', () => log('E r close?'));
  r.pipe(w);
  r.push('data');
  setTimeout(() => log('E state', r.destroyed, r.readableFlowing, w.destroyed), 2);
}
await tick();
{ // two destinations, unpipe one
  const r = new PassThrough();
  const a = new PassThrough(); const b = new PassThrough();
  r.pipe(a); r.pipe(b);
  a.on('data', (c) => log('F a', String(c)));
  b.on('data', (c) => log('F b', String(c)));
  r.write('1');
  setTimeout(() => { r.unpipe(b); r.write('2'); r.end(); }, 1);
  a.on('end', () => log('F a end'));
  b.on('end', () => log('F b end?'));
}
await tick();
{ // Duplex: allowHalfOpen false ends the writable side after 'end'; options per side
  const d = new Duplex({ allowHalfOpen: false, read() {}, write(c, e, cb) { cb(); } });
  d.on('end', () => log('G end'));
  d.on('finish', () => log('G finish'));
  d.on('close', () => log('G close'));
  d.push(null); d.resume();
  const o = new Duplex({ readableObjectMode: true, writableHighWaterMark: 3, read() {}, write(c, e, cb) { cb(); } });
  log('G props', o.readableObjectMode, o.writableObjectMode, o.readableHighWaterMark, o.writableHighWaterMark, o.readable, o.writable, o.allowHalfOpen);
  const h = new Duplex({ read() {}, write(c, e, cb) { log('G half write', String(c)); cb(); } });
  h.on('end', () => { log('G half end', h.writable); h.end('still writable'); });
  h.on('finish', () => log('G half finish'));
  h.on('close', () => log('G half close'));
  h.push(null); h.resume();
}
await tick();
{ // instanceof and the legacy Stream class
  log('H', stream.Stream === stream, new Duplex() instanceof Writable, new Transform() instanceof Writable,
    new PassThrough() instanceof Transform, new Readable() instanceof stream, new Writable() instanceof Readable,
    Object.getPrototypeOf(stream.prototype) === (await import('node:events')).EventEmitter.prototype);
  function Old(opts) { stream.Readable.call(this, opts); this.n = 0; }
  util.inherits(Old, stream.Readable);
  Old.prototype._read = function () { this.push(this.n < 2 ? String(this.n++) : null); };
  const o = new Old();
  o.on('data', (c) => log('H old', String(c)));
  await new Promise((r) => o.on('end', r));
  function OldT() { if (!(this instanceof OldT)) return new OldT(); Transform.call(this, { objectMode: true }); }
  util.inherits(OldT, Transform);
  OldT.prototype._transform = function (c, e, cb) { this.push(c * 10); cb(); };
  const t = OldT();
  t.on('data', (c) => log('H oldT', c));
  t.end(4);
  function Legacy() { stream.Stream.call(this); this.readable = true; }
  util.inherits(Legacy, stream.Stream);
  const l = new Legacy();
  const pt = new PassThrough();
  l.pipe(pt);
  pt.on('data', (c) => log('H legacy data', String(c)));
  pt.on('finish', () => log('H legacy dest finished'));
  l.emit('data', 'L1'); l.emit('end');
  class Counter extends Readable {
    constructor() { super({ objectMode: true }); this.n = 0; }
    _read() { this.push(this.n < 3 ? this.n++ : null); }
  }
  const got = [];
  for await (const x of new Counter()) got.push(x);
  log('H class', got);
}
await tick();
"""

# pipeline (streams, async generators, promises), finished, stream/promises, abort signals.
PIPELINE = r"""
import { Readable, Writable, Transform, PassThrough, pipeline, finished, addAbortSignal } from 'node:stream';
import { pipeline as pp, finished as pf } from 'node:stream/promises';
import { promisify } from 'node:util';
const log = (...a) => console.log(...a);
const tick = () => new Promise((r) => setTimeout(r, 30));  // long enough for the 1 ms timer chains below, even on a busy machine

{ // pipeline success: event order of every stream and the callback
  const src = Readable.from(['a', 'b', 'c']);
  const up = new Transform({ transform(c, e, cb) { cb(null, String(c).toUpperCase()); } });
  const out = [];
  const dst = new Writable({ write(c, e, cb) { out.push(String(c)); cb(); } });
  for (const [n, s] of [['src', src], ['up', up], ['dst', dst]]) for (const ev of ['end', 'finish', 'close']) s.on(ev, () => log('A', n, ev));
  const ret = pipeline(src, up, dst, (err) => log('A cb', err, out));
  log('A returns last', ret === dst);
}
await tick();
{ // an error in the middle destroys everything
  const src = new Readable({ read() {} });
  const bad = new Transform({ transform(c, e, cb) { cb(new Error('bad ' + c)); } });
  const dst = new PassThrough();
  for (const [n, s] of [['src', src], ['bad', bad], ['dst', dst]]) s.on('close', () => log('B', n, 'close', s.destroyed));
  pipeline(src, bad, dst, (err) => log('B cb', err && err.message));
  src.push('x');
}
await tick();
{ // source error
  const src = new Readable({ read() { setTimeout(() => this.destroy(new Error('src fail')), 1); } });
  const dst = new Writable({ write(c, e, cb) { cb(); } });
  dst.on('close', () => log('C dst close', dst.destroyed));
  pipeline(src, dst, (err) => log('C cb', err.message));
}
await tick();
{ // destination destroyed early: premature close
  const src = new Readable({ read() {} });
  const dst = new PassThrough();
  pipeline(src, dst, (err) => log('D cb', err && err.code));
  src.push('x');
  setTimeout(() => dst.destroy(), 1);
}
await tick();
{ // async generators, async iterables and promise results
  const res = await pp(Readable.from([1, 2, 3]),
    async function* (source) { for await (const c of source) yield c * 2; },
    async function (source) { let s = 0; for await (const c of source) s += c; return s; });
  log('E sum', res);
  const chunks = [];
  await pp(async function* () { yield 'x'; yield 'y'; }, new Transform({ transform(c, e, cb) { cb(null, String(c) + '!'); } }),
    new Writable({ write(c, e, cb) { chunks.push(String(c)); cb(); } }));
  log('E chunks', chunks);
  try {
    await pp(Readable.from(['q']), async function* (s) { for await (const c of s) throw new Error('gen ' + c); }, new PassThrough());
  } catch (e) { log('E gen error', e.message); }
  log('E promisified', promisify(pipeline) === pp, promisify(finished) === pf);
}
{ // finished()
  const w = new Writable({ write(c, e, cb) { cb(); } });
  finished(w, (err) => log('F1', err));
  w.on('finish', () => log('F1 finish'));
  w.on('close', () => log('F1 close'));
  w.end('x');
  const r = new Readable({ read() {} });
  finished(r, (err) => log('F2', err && err.code, err && err.message));
  r.destroy();
  const t = new PassThrough();
  pf(t).then(() => log('F3 ok'));
  t.end('q'); t.resume();
  const r2 = new Readable({ read() {} });
  const cleanup = finished(r2, () => log('F4 never'));
  cleanup();
  r2.destroy();
}
await tick();
{ // finished() on streams that are already done
  const r = new Readable({ read() {} }); r.push(null); r.resume();
  await tick();
  finished(r, (err) => log('G', err));
  await pf(r).then(() => log('G2 ok'));
  const w = new Writable({ write(c, e, cb) { cb(new Error('W')); } });
  w.on('error', () => {});
  w.write('x');
  await pf(w).catch((e) => log('G3', e.message));
}
{ // abort signals
  const ac = new AbortController();
  const r = addAbortSignal(ac.signal, new Readable({ read() {} }));
  r.on('error', (e) => log('H err', e.name, e.code, e.message));
  r.on('close', () => log('H close'));
  ac.abort();
  const ac2 = new AbortController();
  pp(Readable.from(['a', 'b']), new PassThrough(), { signal: ac2.signal }).then(() => log('H ok'), (e) => log('H pipeline', e.name));
  ac2.abort();
  const ac3 = new AbortController();
  const s = new Readable({ read() {}, signal: ac3.signal });
  s.on('error', (e) => log('H3', e.name));
  ac3.abort();
}
await tick();
{ // bulk bytes through a pipeline with backpressure
  const src = new Readable({ read() {} });
  for (let i = 0; i < 100; i++) src.push(Buffer.alloc(1000, i));
  src.push(null);
  let total = 0; let sum = 0;
  const dst = new Writable({ write(c, e, cb) { total += c.length; sum += c[0]; setTimeout(cb, 0); } });
  pipeline(src, new PassThrough(), dst, (err) => log('I', err, total, sum));
  await new Promise((resolve) => dst.on('close', resolve));
}
await tick();
"""

# Async iteration, Readable.from, operators, stream/consumers, compose/Duplex.from, the modules' exports.
ITERATE = r"""
import stream, { Readable, Duplex, Transform, PassThrough, compose } from 'node:stream';
import * as streamNs from 'node:stream';
import * as promisesNs from 'node:stream/promises';
import { text, json, buffer, arrayBuffer } from 'node:stream/consumers';
import { createRequire } from 'node:module';
const log = (...a) => console.log(...a);
const tick = () => new Promise((r) => setTimeout(r, 30));  // long enough for the 1 ms timer chains below, even on a busy machine

{ // async iteration: values as they come, break destroys, errors reject
  const r = new Readable({ objectMode: true, read() {} });
  setTimeout(() => { r.push(1); r.push(2); }, 1);
  setTimeout(() => { r.push(3); r.push(null); }, 3);
  for await (const c of r) log('A', c);
  log('A done', r.destroyed, r.readableEnded);
  const r2 = Readable.from([1, 2, 3, 4]);
  r2.on('close', () => log('A2 close'));
  for await (const c of r2) { log('A2', c); if (c === 2) break; }
  log('A2 destroyed', r2.destroyed);
  const r3 = new Readable({ read() { this.destroy(new Error('iter err')); } });
  try { for await (const c of r3) log(c); } catch (e) { log('A3', e.message); }
  const r4 = Readable.from([1, 2, 3]);
  for await (const c of r4.iterator({ destroyOnReturn: false })) { log('A4', c); break; }
  log('A4 destroyed', r4.destroyed);
  for await (const c of r4) log('A4 rest', c);
  const bytes = new Readable({ read() {} });
  bytes.push('ab'); bytes.push('cd'); bytes.push(null);
  for await (const c of bytes) log('A5', c);
}
{ // Readable.from
  const r = Readable.from((function* () { yield 'a'; yield 'b'; yield 'c'; })());
  log('B props', r.readableObjectMode, r.readableHighWaterMark);
  r.on('readable', () => { let c; while ((c = r.read()) !== null) log('B', c); });
  r.on('end', () => log('B end'));
  r.on('close', () => log('B close'));
  await tick();
  const g = Readable.from((async function* () { yield 'x'; throw new Error('gen fail'); })());
  g.on('data', (c) => log('B2 data', c));
  g.on('error', (e) => log('B2 error', e.message));
  g.on('close', () => log('B2 close'));
  await tick();
  log('B3', await Readable.from('whole string').toArray(), await Readable.from([Promise.resolve(1), 2]).toArray());
  const n = Readable.from([1, null, 3]);
  n.on('error', (e) => log('B4', e.code));
  n.resume();
  try { Readable.from(5); } catch (e) { log('B5', e.code); }
  await tick();
}
{ // operators
  log('C map/filter', await Readable.from([1, 2, 3, 4]).map((x) => x * 2).filter(async (x) => x > 2).toArray());
  log('C reduce', await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 0));
  log('C some/every/find', await Readable.from([1, 2]).some((x) => x > 1), await Readable.from([1, 2]).every((x) => x > 1),
    await Readable.from([5, 6]).find((x) => x > 5));
  log('C take/drop', await Readable.from([1, 2, 3, 4]).drop(1).take(2).toArray());
  log('C flatMap', await Readable.from([1, 2]).flatMap((x) => [x, x]).toArray());
  const seen = [];
  await Readable.from(['p', 'q']).forEach((x) => { seen.push(x); });
  log('C forEach', seen);
}
{ // consumers
  log('D', await text(Readable.from(['a', 'b'])), await json(Readable.from(['{"x":', '1}'])),
    (await buffer(Readable.from([Buffer.from('hi'), Buffer.from('!')]))).toString('hex'),
    (await arrayBuffer(Readable.from([Buffer.from('xyz')]))).byteLength,
    await text((async function* () { yield new Uint8Array([0xe2, 0x82]); yield new Uint8Array([0xac]); })()));
}
{ // compose and Duplex.from
  const c = compose(new Transform({ transform(ch, e, cb) { cb(null, String(ch) + '!'); } }),
    new Transform({ transform(ch, e, cb) { cb(null, String(ch).toUpperCase()); } }));
  c.on('data', (d) => log('E', String(d)));
  c.write('hi'); c.end();
  await promisesNs.finished(c);
  const d = Duplex.from(async function* (src) { for await (const x of src) yield String(x) + '?'; });
  d.on('data', (x) => log('E2', String(x)));
  d.write('q'); d.end();
  await promisesNs.finished(d);
  const p = Duplex.from(Readable.from(['r']));
  log('E3', await p.toArray());
}
{ // the module's shape
  const require = createRequire(import.meta.url);
  log('F', require('stream') === stream, require('node:stream/promises') === promisesNs.default, stream.promises === promisesNs.default);
  log('F keys', Object.keys(streamNs).sort().join());
  log('F promises', Object.keys(promisesNs).sort().join());
  log('F statics', typeof Readable.from, typeof Readable.ReadableState, typeof stream.Writable.WritableState, typeof Duplex.from);
  log('F', stream.getDefaultHighWaterMark(false), stream.getDefaultHighWaterMark(true), stream.isReadable(new PassThrough()),
    stream.isErrored(new PassThrough()), stream.isDisturbed(Readable.from([])), typeof stream.destroy);
  log('F proto', Object.getOwnPropertyNames(Readable.prototype).filter((n) => !n.startsWith('_')).sort().join());
}
"""


@pytest.mark.parametrize(
    "program",
    [READABLE, WRITABLE, DUPLEX, PIPELINE, ITERATE],
    ids=["readable", "writable", "duplex", "pipeline", "iterate"],
)
def test_same_as_node(same_as_node, program):
    result = same_as_node({"main.mjs": program})
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") > 20


def test_unhandled_stream_error_is_uncaught(same_as_node):
    result = same_as_node({"main.mjs": """
        import { Readable, Writable } from 'node:stream';
        const w = new Writable({ write(chunk, encoding, cb) { cb(); } });
        w.end();
        w.write('late');
        console.log('before the error');
        setTimeout(() => console.log('never printed'), 50);
        new Readable({ read() {} }).on('close', () => console.log('unreached'));
    """})
    assert result.returncode == 1
    assert "write after end" in result.stderr
