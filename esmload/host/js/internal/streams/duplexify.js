'use strict';

// Duplex.from(body) and stream.compose(...streams): a Duplex made from other things — a
// { readable, writable } pair, a stream, an (async) iterable, a promise, or an async
// generator function (whose input is what is written to the Duplex).

const eos = require('internal/streams/end_of_stream');
const destroyImpl = require('internal/streams/destroy');
const {
  nextTick, errors, isIterable, isNodeStream, isReadableNodeStream, isWritableNodeStream,
  isDuplexNodeStream,
} = require('internal/streams/utils');

function duplexify(body, name) {
  const Duplex = require('internal/streams/duplex');
  const Readable = require('internal/streams/readable');
  if (isDuplexNodeStream(body)) return body;
  if (isReadableNodeStream(body)) return pair(Duplex, { readable: body });
  if (isWritableNodeStream(body)) return pair(Duplex, { writable: body });
  if (isNodeStream(body)) return pair(Duplex, { writable: false, readable: false });
  if (typeof body === 'function') {
    // An async generator function: what is written is its input iterable.
    const { value, write, final, destroy } = fromAsyncGen(body);
    if (isIterable(value)) {
      const readable = Readable.from(value, { objectMode: true });
      return pair(Duplex, { readable, writable: new (require('internal/streams/writable'))({
        objectMode: true, highWaterMark: 1, write, final, destroy,
      }) });
    }
    if (value && typeof value.then === 'function') {
      const d = new Duplex({ objectMode: true, readable: false, write, final(cb) {
        final((error) => {
          if (error) { cb(error); return; }
          value.then(() => cb(), cb);
        });
      }, destroy });
      return d;
    }
    throw errors.invalidReturnValue('Iterable, AsyncIterable or AsyncFunction', name, value);
  }
  if (isIterable(body)) return Readable.from(body, { objectMode: true, writable: false });
  if (body && typeof body.then === 'function') {
    let d;
    body.then((value) => {
      if (value != null) d.push(value);
      d.push(null);
    }, (error) => destroyImpl.destroyer(d, error));
    d = new Duplex({ objectMode: true, writable: false, read() {} });
    return d;
  }
  if (body && typeof body === 'object' && (body.readable !== undefined || body.writable !== undefined)) {
    const readable = body.readable && !isReadableNodeStream(body.readable) ? duplexify(body.readable) : body.readable;
    const writable = body.writable && !isWritableNodeStream(body.writable) ? duplexify(body.writable) : body.writable;
    return pair(Duplex, { readable, writable });
  }
  throw errors.invalidArgType(name,
    'Blob, ReadableStream, WritableStream, Stream, Iterable, AsyncIterable, Function, { readable, writable } pair, or Promise',
    body);
}

function fromAsyncGen(fn) {
  let resolveNext = null;
  let pending = null;
  const controller = new AbortController();
  const input = (async function* source() {
    for (;;) {
      const step = await new Promise((resolve) => {
        if (pending) {
          const p = pending;
          pending = null;
          resolve(p);
        } else {
          resolveNext = resolve;
        }
      });
      const { chunk, done, cb } = step;
      nextTick(cb);
      if (done) return;
      if (controller.signal.aborted) throw new (require('internal/streams/utils').AbortError)();
      yield chunk;
    }
  })();
  const deliver = (step) => {
    if (resolveNext) {
      const r = resolveNext;
      resolveNext = null;
      r(step);
    } else {
      pending = step;
    }
  };
  return {
    value: fn(input, { signal: controller.signal }),
    write(chunk, encoding, cb) { deliver({ chunk, done: false, cb }); },
    final(cb) { deliver({ done: true, cb }); },
    destroy(error, cb) {
      controller.abort();
      cb(error);
    },
  };
}

// A Duplex writing to `writable` and reading from `readable` (either may be absent).
function pair(Duplex, { readable, writable }) {
  const hasReadable = isReadableNodeStream(readable);
  const hasWritable = isWritableNodeStream(writable);
  let onfinish = null;
  let ondrain = null;
  let onreadable = null;

  const d = new Duplex({
    readableObjectMode: !!(readable && readable.readableObjectMode),
    writableObjectMode: !!(writable && writable.writableObjectMode),
    readable: hasReadable,
    writable: hasWritable,
  });

  if (hasWritable) {
    eos(writable, (error) => {
      if (error) destroyImpl.destroyer(d, error);
      const cb = onfinish;
      onfinish = null;
      if (cb) cb(error);
    });
    d._write = function _write(chunk, encoding, callback) {
      if (writable.write(chunk, encoding)) callback();
      else ondrain = callback;
    };
    d._final = function _final(callback) {
      writable.end();
      onfinish = callback;
    };
    writable.on('drain', () => {
      const cb = ondrain;
      ondrain = null;
      if (cb) cb();
    });
    writable.on('finish', () => {
      const cb = onfinish;
      onfinish = null;
      if (cb) cb();
    });
  }

  if (hasReadable) {
    eos(readable, (error) => {
      if (error) destroyImpl.destroyer(d, error);
      else d.push(null);
    });
    readable.on('readable', () => {
      const cb = onreadable;
      onreadable = null;
      if (cb) cb();
    });
    readable.on('end', () => { d.push(null); });
    d._read = function _read() {
      for (;;) {
        const chunk = readable.read();
        if (chunk === null) {
          onreadable = d._read;
          return;
        }
        if (!d.push(chunk)) return;
      }
    };
  }

  d._destroy = function _destroy(error, callback) {
    onreadable = ondrain = onfinish = null;
    if (hasWritable) destroyImpl.destroyer(writable, error);
    if (hasReadable) destroyImpl.destroyer(readable, error);
    callback(error);
  };
  return d;
}

// compose(...streams): one Duplex writing into the first stage and reading from the last.
function compose(...streams) {
  if (streams.length === 0) throw errors.missingArgs('streams');
  if (streams.length === 1) return duplexify(streams[0], 'streams[0]');
  const { pipeline } = require('internal/streams/pipeline');
  const stages = streams.map((s, i) => (typeof s === 'function' && i === 0 ? duplexify(s, 'streams[0]') : s));
  const head = stages[0];
  let composed;
  const tail = pipeline(stages, (error) => {
    if (error && composed) destroyImpl.destroyer(composed, error);
  });
  const Duplex = require('internal/streams/duplex');
  composed = pair(Duplex, {
    writable: isWritableNodeStream(head) ? head : undefined,
    readable: isReadableNodeStream(tail) ? tail : undefined,
  });
  return composed;
}

module.exports = duplexify;
module.exports.compose = compose;
