'use strict';

// A small pull-based ReadableStream for the bodies of Request and Response (the engine has no
// web streams): getReader() with read/releaseLock/cancel/closed, cancel(), tee(), async
// iteration and values(). Streams are made from a source `{ pull() → Promise<Uint8Array |
// null>, cancel(reason) }`, where null ends the stream; other code only reads them. A
// program's own streams (anything with getReader()) are read through `readAll` below.

const { customInspectSymbol, hostClasses } = require('internal/util');
const { nodeError } = require('internal/errors');

const kState = Symbol('kState');
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(
  (async function* () {}).prototype));

function invalidState(message) {
  return nodeError(TypeError, 'ERR_INVALID_STATE', `Invalid state: ${message}`);
}

class ReadableStream {
  constructor() {
    throw new TypeError('Illegal constructor');
  }

  get locked() {
    return state(this).reader !== null;
  }

  cancel(reason) {
    const s = state(this);
    if (s.reader !== null) return Promise.reject(invalidState('ReadableStream is locked'));
    return cancelStream(s, reason);
  }

  getReader(options) {
    const s = state(this);
    if (options !== undefined && options !== null && options.mode !== undefined) {
      if (`${options.mode}` === 'byob') {
        throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
          'esmload: BYOB readers are not supported by fetch bodies');
      }
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'options.mode' is invalid. Received '${options.mode}'`);
    }
    if (s.reader !== null) throw invalidState('ReadableStream is locked');
    return makeReader(s);
  }

  tee() {
    const s = state(this);
    if (s.reader !== null) throw invalidState('ReadableStream is locked');
    const reader = makeReader(s);
    const branches = [];
    let reading = null;
    let canceled = 0;
    const pull = () => {
      reading ??= reader.read().then(({ value, done }) => {
        reading = null;
        for (const branch of branches) {
          const b = state(branch);
          if (b.state !== 'readable' || b.canceled) continue;
          if (done) closeStream(b);
          else enqueue(b, value);
        }
        return undefined;
      }, (error) => {
        reading = null;
        for (const branch of branches) errorStream(state(branch), error);
      });
      return reading.then(() => undefined);
    };
    for (let i = 0; i < 2; i++) {
      branches.push(createStream({
        pull,
        cancel(reason) {
          state(branches[i]).canceled = true;
          if (++canceled === 2) return reader.cancel(reason);
          return undefined;
        },
      }, true));
    }
    return branches;
  }

  values(options) {
    const preventCancel = Boolean(options && options.preventCancel);
    const reader = this.getReader();
    const iterator = {
      next() {
        if (reader[kState].stream === null) return Promise.resolve({ value: undefined, done: true });
        return reader.read().then((result) => {
          if (result.done) reader.releaseLock();
          return result;
        }, (error) => {
          reader.releaseLock();
          throw error;
        });
      },
      return(value) {
        if (reader[kState].stream === null) return Promise.resolve({ value, done: true });
        const done = preventCancel ? Promise.resolve() : reader.cancel(value);
        return done.then(() => {
          reader.releaseLock();
          return { value, done: true };
        });
      },
      [Symbol.asyncIterator]() { return this; },
    };
    Object.setPrototypeOf(iterator, AsyncIteratorPrototype);
    return iterator;
  }

  [Symbol.asyncIterator](options) {
    return this.values(options);
  }

  [customInspectSymbol](depth, options, inspect) {
    if (depth < 0) return undefined; // what Node prints for a stream below the depth limit
    const s = state(this);
    return `ReadableStream ${inspect({
      locked: s.reader !== null, state: s.state, supportsBYOB: true,
    }, options)}`;
  }
}

Object.defineProperty(ReadableStream.prototype, Symbol.toStringTag, {
  value: 'ReadableStream', configurable: true,
});

function state(stream) {
  const s = stream !== null && typeof stream === 'object' ? stream[kState] : undefined;
  if (s === undefined) throw nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type ReadableStream');
  return s;
}

// A stream over `source`; `alwaysPull`: call pull even with nothing waiting (tee branches,
// so a fast branch does not wait for a slow one).
function createStream(source, alwaysPull = false) {
  const stream = Object.create(ReadableStream.prototype);
  Object.defineProperty(stream, kState, {
    value: {
      stream,
      source,
      state: 'readable',
      queue: [],
      reader: null,
      requests: [],
      pulling: false,
      disturbed: false,
      canceled: false,
      error: undefined,
      alwaysPull,
    },
  });
  return stream;
}

function enqueue(s, chunk) {
  if (s.requests.length > 0) s.requests.shift().resolve({ value: chunk, done: false });
  else s.queue.push(chunk);
}

function closeStream(s) {
  if (s.state !== 'readable') return;
  s.state = 'closed';
  for (const request of s.requests.splice(0)) request.resolve({ value: undefined, done: true });
  if (s.reader !== null) s.reader[kState].resolveClosed();
}

function errorStream(s, error) {
  if (s.state !== 'readable') return;
  s.state = 'errored';
  s.error = error;
  s.queue.length = 0;
  for (const request of s.requests.splice(0)) request.reject(error);
  if (s.reader !== null) s.reader[kState].rejectClosed(error);
}

function cancelStream(s, reason) {
  s.disturbed = true;
  if (s.state === 'closed') return Promise.resolve();
  if (s.state === 'errored') return Promise.reject(s.error);
  s.queue.length = 0;
  closeStream(s);
  try {
    return Promise.resolve(s.source.cancel ? s.source.cancel(reason) : undefined).then(() => undefined);
  } catch (error) {
    return Promise.reject(error);
  }
}

function pullIfNeeded(s) {
  if (s.pulling || s.state !== 'readable') return;
  if (s.requests.length === 0 && !(s.alwaysPull && s.queue.length === 0)) return;
  s.pulling = true;
  let pulled;
  try {
    pulled = Promise.resolve(s.source.pull());
  } catch (error) {
    pulled = Promise.reject(error);
  }
  pulled.then((chunk) => {
    s.pulling = false;
    if (s.state !== 'readable') return;
    if (chunk === null) closeStream(s);
    else if (chunk !== undefined) enqueue(s, chunk);
    pullIfNeeded(s);
  }, (error) => {
    s.pulling = false;
    errorStream(s, error);
  });
}

class ReadableStreamDefaultReader {
  constructor() {
    throw new TypeError('Illegal constructor');
  }

  get closed() {
    return readerState(this).closed;
  }

  read() {
    const r = readerState(this);
    const s = r.stream;
    if (s === null) return Promise.reject(invalidState('The reader is not attached to a stream'));
    s.disturbed = true;
    if (s.queue.length > 0) return Promise.resolve({ value: s.queue.shift(), done: false });
    if (s.state === 'closed') return Promise.resolve({ value: undefined, done: true });
    if (s.state === 'errored') return Promise.reject(s.error);
    return new Promise((resolve, reject) => {
      s.requests.push({ resolve, reject });
      pullIfNeeded(s);
    });
  }

  releaseLock() {
    const r = readerState(this);
    const s = r.stream;
    if (s === null) return;
    const error = invalidState('Releasing reader');
    for (const request of s.requests.splice(0)) request.reject(error);
    if (s.state === 'readable') r.rejectClosed(error);
    s.reader = null;
    r.stream = null;
  }

  cancel(reason) {
    const r = readerState(this);
    if (r.stream === null) return Promise.reject(invalidState('The reader is not attached to a stream'));
    return cancelStream(r.stream, reason);
  }

  [customInspectSymbol](depth, options, inspect) {
    const r = readerState(this);
    return `ReadableStreamDefaultReader ${inspect({
      stream: r.stream === null ? undefined : r.stream.stream,
      readRequests: r.stream === null ? 0 : r.stream.requests.length,
      close: r.closed,
    }, options)}`;
  }
}

Object.defineProperty(ReadableStreamDefaultReader.prototype, Symbol.toStringTag, {
  value: 'ReadableStreamDefaultReader', configurable: true,
});

function readerState(reader) {
  const r = reader !== null && typeof reader === 'object' ? reader[kState] : undefined;
  if (r === undefined) {
    throw nodeError(TypeError, 'ERR_INVALID_THIS',
      'Value of "this" must be of type ReadableStreamDefaultReader');
  }
  return r;
}

function makeReader(s) {
  const reader = Object.create(ReadableStreamDefaultReader.prototype);
  const r = { stream: s, closed: null, resolveClosed: null, rejectClosed: null };
  r.closed = new Promise((resolve, reject) => {
    r.resolveClosed = resolve;
    r.rejectClosed = (error) => {
      // A fresh rejected promise when closed was already settled (releaseLock after close).
      r.closed.catch(() => {});
      reject(error);
    };
  });
  r.closed.catch(() => {});
  if (s.state === 'closed') r.resolveClosed();
  else if (s.state === 'errored') r.rejectClosed(s.error);
  Object.defineProperty(reader, kState, { value: r });
  s.reader = reader;
  return reader;
}

// A stream whose bytes were read without it: closed, disturbed and locked (as it reads
// after Body's methods consumed it).
function createConsumedStream() {
  const stream = createStream({ pull: () => null });
  const s = stream[kState];
  closeStream(s);
  s.disturbed = true;
  makeReader(s);
  return stream;
}

function isOwnStream(value) {
  return value !== null && typeof value === 'object' && value[kState] !== undefined &&
    Object.getPrototypeOf(value) === ReadableStream.prototype;
}

// Is `value` some ReadableStream (ours, or one a program brought)?
function isReadableStream(value) {
  return isOwnStream(value) || (value !== null && typeof value === 'object' &&
    typeof value.getReader === 'function' &&
    (typeof value.tee === 'function' || value[Symbol.toStringTag] === 'ReadableStream'));
}

// One of our streams reading a program's own stream (locks it).
function wrapStream(stream) {
  if (isOwnStream(stream)) return stream;
  const reader = stream.getReader();
  return createStream({
    pull: () => reader.read().then(({ value, done }) => (done ? null : toBytes(value))),
    cancel: (reason) => reader.cancel(reason),
  });
}

function toBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError('Received non-Uint8Array chunk');
}

function isDisturbed(stream) {
  return isOwnStream(stream) ? stream[kState].disturbed : false;
}

// Every chunk of a stream as one Uint8Array.
async function readAll(stream) {
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const chunk = toBytes(value);
    chunks.push(chunk);
    size += chunk.length;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let pos = 0;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
  return out;
}

hostClasses.add(ReadableStream);
hostClasses.add(ReadableStreamDefaultReader);

module.exports = {
  ReadableStream,
  createStream,
  createConsumedStream,
  closeStream: (stream) => closeStream(stream[kState]),
  errorStream: (stream, error) => errorStream(stream[kState], error),
  isOwnStream,
  isReadableStream,
  wrapStream,
  isDisturbed,
  readAll,
};
