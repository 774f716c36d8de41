'use strict';

// Shared pieces of the stream modules: Node's stream errors, high-water marks, and the
// checks `finished`/`pipeline` use to tell what kind of stream (or iterable) they were given.

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');
const { nextTick } = require('internal/microtasks');

const nop = () => {};

// Errors ------------------------------------------------------------------------------------

const errors = {
  pushAfterEOF: () => nodeError(Error, 'ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'),
  unshiftAfterEnd: () =>
    nodeError(Error, 'ERR_STREAM_UNSHIFT_AFTER_END_EVENT', 'stream.unshift() after end event'),
  writeAfterEnd: () => nodeError(Error, 'ERR_STREAM_WRITE_AFTER_END', 'write after end'),
  destroyed: (what) =>
    nodeError(Error, 'ERR_STREAM_DESTROYED', `Cannot call ${what} after a stream was destroyed`),
  alreadyFinished: (what) =>
    nodeError(Error, 'ERR_STREAM_ALREADY_FINISHED', `Cannot call ${what} after a stream was finished`),
  nullValues: () => nodeError(TypeError, 'ERR_STREAM_NULL_VALUES', 'May not write null values to stream'),
  multipleCallback: () => nodeError(Error, 'ERR_MULTIPLE_CALLBACK', 'Callback called multiple times'),
  prematureClose: () => nodeError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'),
  notImplemented: (what) =>
    nodeError(Error, 'ERR_METHOD_NOT_IMPLEMENTED', `The ${what} method is not implemented`),
  cannotPipe: () => nodeError(Error, 'ERR_STREAM_CANNOT_PIPE', 'Cannot pipe, not readable'),
  missingArgs: (name) =>
    nodeError(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`),
  unknownEncoding: (encoding) =>
    nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${encoding}`),
  invalidArgValue: (name, value, reason = 'is invalid') =>
    nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The ${name.includes('.') ? 'property' : 'argument'} '${name}' ${reason}.${describeReceived(value).replace(/^ Received type \w+ \((.*)\)$/, ' Received $1')}`),
  invalidReturnValue: (expected, name, value) => {
    let type;
    if (value && value.constructor && value.constructor.name) type = `instance of ${value.constructor.name}`;
    else type = `type ${typeof value}`;
    return nodeError(TypeError, 'ERR_INVALID_RETURN_VALUE',
      `Expected ${expected} to be returned from the "${name}" function but got ${type}.`);
  },
  outOfRange: (name, range, value) =>
    nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be ${range}. Received ${value}`),
  invalidChunk: (chunk) =>
    invalidArgType('chunk', 'string or an instance of Buffer, TypedArray, or DataView', chunk),
  invalidArgType,
};

const { AbortError } = require('internal/events/abort');

// Two errors as one: the first, or an AggregateError of both when they differ.
function aggregateTwoErrors(inner, outer) {
  if (inner && outer && inner !== outer) {
    if (Array.isArray(outer.errors)) {
      outer.errors.push(inner);
      return outer;
    }
    const error = new AggregateError([outer, inner], outer.message);
    error.code = outer.code;
    return error;
  }
  return inner || outer;
}

// High-water marks ------------------------------------------------------------------------

let defaultBytes = 16 * 1024;
let defaultObjects = 16;

function getDefaultHighWaterMark(objectMode) {
  return objectMode ? defaultObjects : defaultBytes;
}

function setDefaultHighWaterMark(objectMode, value) {
  if (typeof value !== 'number') throw invalidArgType('value', 'number', value);
  if (!(value >= 0) || !Number.isFinite(value)) throw errors.outOfRange('value', '>= 0', value);
  if (objectMode) defaultObjects = value;
  else defaultBytes = value;
}

// The high-water mark an options object asks for (`highWaterMark`, or for one side of a
// duplex `readableHighWaterMark` / `writableHighWaterMark`), else the default.
function highWaterMarkFrom(options, objectMode, duplexKey, isDuplex) {
  let value = null;
  if (options) {
    if (options.highWaterMark != null) value = options.highWaterMark;
    else if (isDuplex && options[duplexKey] != null) value = options[duplexKey];
  }
  if (value === null) return getDefaultHighWaterMark(objectMode);
  if (!Number.isInteger(value) || value < 0) {
    const name = isDuplex && options.highWaterMark == null ? `options.${duplexKey}` : 'options.highWaterMark';
    throw errors.invalidArgValue(name, value);
  }
  return value;
}

// Kinds of streams ------------------------------------------------------------------------

function isReadableNodeStream(obj, strict = false) {
  return !!(obj && typeof obj.pipe === 'function' && typeof obj.on === 'function' &&
    (!strict || (typeof obj.pause === 'function' && typeof obj.resume === 'function')) &&
    (!obj._writableState || (obj._readableState && obj._readableState.readable !== false)) &&
    (!obj._writableState || obj._readableState));
}

function isWritableNodeStream(obj) {
  return !!(obj && typeof obj.write === 'function' && typeof obj.on === 'function' &&
    (!obj._readableState || (obj._writableState && obj._writableState.writable !== false)));
}

function isDuplexNodeStream(obj) {
  return !!(obj && typeof obj.pipe === 'function' && obj._readableState &&
    typeof obj.on === 'function' && typeof obj.write === 'function');
}

function isNodeStream(obj) {
  return !!(obj && (obj._readableState || obj._writableState ||
    (typeof obj.on === 'function' && (typeof obj.write === 'function' || typeof obj.pipe === 'function'))));
}

function isReadableStream(obj) {
  return !!(obj && !isNodeStream(obj) && typeof obj.pipeThrough === 'function' &&
    typeof obj.getReader === 'function' && typeof obj.cancel === 'function');
}

function isWritableStream(obj) {
  return !!(obj && !isNodeStream(obj) && typeof obj.getWriter === 'function' && typeof obj.abort === 'function');
}

function isIterable(obj, isAsync) {
  if (obj == null) return false;
  if (isAsync === true) return typeof obj[Symbol.asyncIterator] === 'function';
  if (isAsync === false) return typeof obj[Symbol.iterator] === 'function';
  return typeof obj[Symbol.asyncIterator] === 'function' || typeof obj[Symbol.iterator] === 'function';
}

function isDestroyed(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return !!(stream.destroyed || (state && state.destroyed));
}

function isWritableEnded(stream) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableEnded === true) return true;
  const state = stream._writableState;
  if (state && state.errored) return false;
  if (!state || typeof state.ended !== 'boolean') return null;
  return state.ended;
}

// Finished writing: 'finish' emitted, or (not strict) ended with nothing left to write.
function isWritableFinished(stream, strict) {
  if (!isWritableNodeStream(stream)) return null;
  if (stream.writableFinished === true) return true;
  const state = stream._writableState;
  if (state && state.errored) return false;
  if (!state || typeof state.finished !== 'boolean') return null;
  return !!(state.finished || (strict === false && state.ended === true && state.length === 0));
}

// Finished reading: 'end' emitted, or (not strict) ended with nothing left in the buffer.
function isReadableFinished(stream, strict) {
  if (!isReadableNodeStream(stream)) return null;
  const state = stream._readableState;
  if (state && state.errored) return false;
  if (!state || typeof state.endEmitted !== 'boolean') return null;
  return !!(state.endEmitted || (strict === false && state.ended === true && state.length === 0));
}

function isReadable(stream) {
  if (stream && stream[kIsReadable] != null) return stream[kIsReadable];
  if (typeof (stream && stream.readable) !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isReadableNodeStream(stream) && stream.readable && !isReadableFinished(stream);
}

function isWritable(stream) {
  if (stream && stream[kIsWritable] != null) return stream[kIsWritable];
  if (typeof (stream && stream.writable) !== 'boolean') return null;
  if (isDestroyed(stream)) return false;
  return isWritableNodeStream(stream) && stream.writable && !isWritableEnded(stream);
}

function isClosed(stream) {
  if (!isNodeStream(stream)) return null;
  const w = stream._writableState;
  const r = stream._readableState;
  if (typeof (w && w.closed) === 'boolean' || typeof (r && r.closed) === 'boolean') {
    return !!((w && w.closed) || (r && r.closed));
  }
  if (typeof stream.closed === 'boolean' && isOutgoingMessage(stream)) return stream.closed;
  return null;
}

function isOutgoingMessage(stream) {
  return typeof stream._closed === 'boolean' && typeof stream._defaultKeepAlive === 'boolean' &&
    typeof stream._removedConnection === 'boolean' && typeof stream._removedContLen === 'boolean';
}

function isServerResponse(stream) {
  return typeof stream._sent100 === 'boolean' && isOutgoingMessage(stream);
}

function isRequest(stream) {
  return !!(stream && stream.setHeader && typeof stream.abort === 'function');
}

// Will this stream emit 'close' by itself once done?
function willEmitClose(stream) {
  if (!isNodeStream(stream)) return null;
  const state = stream._writableState || stream._readableState;
  return (!state && isServerResponse(stream)) ||
    !!(state && state.autoDestroy && state.emitClose && state.closed === false);
}

function isErrored(stream) {
  if (!stream) return false;
  if (stream[kIsErrored] != null) return !!stream[kIsErrored];
  const r = stream._readableState;
  const w = stream._writableState;
  return !!(stream.readableErrored || stream.writableErrored ||
    (r && (r.errorEmitted || r.errored)) || (w && (w.errorEmitted || w.errored)));
}

function isDisturbed(stream) {
  if (!stream) return false;
  if (stream[kIsDisturbed] != null) return !!stream[kIsDisturbed];
  return !!(stream.readableDidRead || stream.readableAborted);
}

const kIsErrored = Symbol('kIsErrored');
const kOnConstructed = Symbol('kOnConstructed');
const kIsReadable = Symbol('kIsReadable');
const kIsWritable = Symbol('kIsWritable');
const kIsDisturbed = Symbol.for('nodejs.stream.disturbed');

// Validation ----------------------------------------------------------------------------------

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'function', value);
}

function validateObject(value, name, allowNull = false) {
  if ((value === null && !allowNull) || (value !== null && typeof value !== 'object') || Array.isArray(value)) {
    throw invalidArgType(name, 'object', value);
  }
}

function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType(name, 'AbortSignal', signal);
  }
}

function once(callback) {
  let called = false;
  return function onceWrapper(...args) {
    if (called) return;
    called = true;
    return Reflect.apply(callback, this, args);
  };
}

// Buffer is the buffer module's; it is loaded with the first stream module that needs it.
let BufferClass = null;
function getBuffer() {
  if (BufferClass === null) BufferClass = require('buffer').Buffer;
  return BufferClass;
}

function isUint8Array(value) {
  return value instanceof Uint8Array;
}

function isArrayBufferView(value) {
  return ArrayBuffer.isView(value);
}

function uint8ArrayToBuffer(chunk) {
  const Buffer = getBuffer();
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

// Non-enumerable getters (and setters) on a prototype: { name: get } or { name: { get, set } }.
function accessors(target, table) {
  for (const name of Object.keys(table)) {
    const spec = table[name];
    Object.defineProperty(target, name, {
      get: typeof spec === 'function' ? spec : spec.get,
      set: typeof spec === 'function' ? undefined : spec.set,
      enumerable: false,
      configurable: true,
    });
  }
}

module.exports = {
  accessors,
  nop,
  nextTick,
  errors,
  AbortError,
  aggregateTwoErrors,
  getDefaultHighWaterMark,
  setDefaultHighWaterMark,
  highWaterMarkFrom,
  isReadableNodeStream,
  isWritableNodeStream,
  isDuplexNodeStream,
  isNodeStream,
  isReadableStream,
  isWritableStream,
  isIterable,
  isDestroyed,
  isWritableEnded,
  isWritableFinished,
  isReadableFinished,
  isReadable,
  isWritable,
  isClosed,
  isRequest,
  willEmitClose,
  isErrored,
  isDisturbed,
  kIsErrored,
  kOnConstructed,
  kIsReadable,
  kIsWritable,
  kIsDisturbed,
  validateFunction,
  validateObject,
  validateAbortSignal,
  once,
  getBuffer,
  isUint8Array,
  isArrayBufferView,
  uint8ArrayToBuffer,
};
