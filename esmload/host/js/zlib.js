'use strict';

// node:zlib — deflate, gzip and their raw and auto-detecting inverses, on the Python binding
// (esmload/host/bindings/zlib.py: Python's zlib). The …Sync functions are one binding call;
// the callback forms run on a worker thread; the streams (Gzip, Inflate, …) are
// stream.Transforms over a binding handle, each chunk compressed on a worker thread.
//
// Brotli is not in Python's standard library: its functions and classes exist (so that
// importing them works) and throw ERR_FEATURE_UNAVAILABLE_ON_PLATFORM.

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');
const { hostClasses } = require('internal/util');
const { nextTick } = require('internal/microtasks');

const binding = host.binding('zlib');

let BufferClass;
const lazyBuffer = () => (BufferClass ??= require('buffer').Buffer);
const toBuffer = (u8) => lazyBuffer().from(u8.buffer, u8.byteOffset, u8.byteLength);

// ------------------------------------------------------------------ constants

const constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6, Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1,
  Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1, Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3,
  Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4880, DEFLATE: 1, INFLATE: 2, GZIP: 3,
  GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7, BROTLI_DECODE: 8, BROTLI_ENCODE: 9,
  Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15, Z_MIN_CHUNK: 64,
  Z_MAX_CHUNK: Infinity, Z_DEFAULT_CHUNK: 16384, Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9,
  Z_DEFAULT_MEMLEVEL: 8, Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1,
  BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2,
  BROTLI_OPERATION_EMIT_METADATA: 3, BROTLI_PARAM_MODE: 0, BROTLI_MODE_GENERIC: 0,
  BROTLI_MODE_TEXT: 1, BROTLI_MODE_FONT: 2, BROTLI_DEFAULT_MODE: 0, BROTLI_PARAM_QUALITY: 1,
  BROTLI_MIN_QUALITY: 0, BROTLI_MAX_QUALITY: 11, BROTLI_DEFAULT_QUALITY: 11, BROTLI_PARAM_LGWIN: 2,
  BROTLI_MIN_WINDOW_BITS: 10, BROTLI_MAX_WINDOW_BITS: 24, BROTLI_LARGE_MAX_WINDOW_BITS: 30,
  BROTLI_DEFAULT_WINDOW: 22, BROTLI_PARAM_LGBLOCK: 3, BROTLI_MIN_INPUT_BLOCK_BITS: 16,
  BROTLI_MAX_INPUT_BLOCK_BITS: 24, BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING: 4,
  BROTLI_PARAM_SIZE_HINT: 5, BROTLI_PARAM_LARGE_WINDOW: 6, BROTLI_PARAM_NPOSTFIX: 7,
  BROTLI_PARAM_NDIRECT: 8, BROTLI_DECODER_RESULT_ERROR: 0, BROTLI_DECODER_RESULT_SUCCESS: 1,
  BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: 2, BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: 3,
  BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: 0, BROTLI_DECODER_PARAM_LARGE_WINDOW: 1,
  BROTLI_DECODER_NO_ERROR: 0, BROTLI_DECODER_SUCCESS: 1, BROTLI_DECODER_NEEDS_MORE_INPUT: 2,
  BROTLI_DECODER_NEEDS_MORE_OUTPUT: 3, BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE: -1,
  BROTLI_DECODER_ERROR_FORMAT_RESERVED: -2, BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE: -3,
  BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET: -4,
  BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME: -5, BROTLI_DECODER_ERROR_FORMAT_CL_SPACE: -6,
  BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE: -7, BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT: -8,
  BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1: -9, BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2: -10,
  BROTLI_DECODER_ERROR_FORMAT_TRANSFORM: -11, BROTLI_DECODER_ERROR_FORMAT_DICTIONARY: -12,
  BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS: -13, BROTLI_DECODER_ERROR_FORMAT_PADDING_1: -14,
  BROTLI_DECODER_ERROR_FORMAT_PADDING_2: -15, BROTLI_DECODER_ERROR_FORMAT_DISTANCE: -16,
  BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET: -19, BROTLI_DECODER_ERROR_INVALID_ARGUMENTS: -20,
  BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES: -21, BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS: -22,
  BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP: -25, BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1: -26,
  BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2: -27, BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES: -30,
  BROTLI_DECODER_ERROR_UNREACHABLE: -31,
};
for (const name of Object.keys(constants)) {
  Object.defineProperty(constants, name, { writable: false, configurable: false });
}

const codes = {};
const CODE_NAMES = ['Z_OK', 'Z_STREAM_END', 'Z_NEED_DICT', 'Z_ERRNO', 'Z_STREAM_ERROR',
  'Z_DATA_ERROR', 'Z_MEM_ERROR', 'Z_BUF_ERROR', 'Z_VERSION_ERROR'];
for (const name of CODE_NAMES) codes[name] = constants[name];
for (const name of CODE_NAMES) codes[constants[name]] = name;
Object.freeze(codes);

const {
  Z_NO_FLUSH, Z_FINISH, Z_BLOCK, Z_SYNC_FLUSH, Z_FULL_FLUSH, DEFLATE, INFLATE, GZIP, GUNZIP,
  DEFLATERAW, INFLATERAW, UNZIP,
} = constants;
const kMaxLength = 2 ** 32;

// ------------------------------------------------------------------ arguments

const outOfRange = (name, range, value) => nodeError(RangeError, 'ERR_OUT_OF_RANGE',
  `The value of "${name}" is out of range. It must be ${range}. Received ${value}`);

// A number option: the default when missing or NaN; else an integer within [min, max].
function rangeOption(options, key, min, max, fallback) {
  const value = options[key];
  if (value === undefined || Number.isNaN(value)) return fallback;
  const name = `options.${key}`;
  if (typeof value !== 'number') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "${name}" property must be of type number.${describeReceived(value)}`);
  }
  if (!Number.isFinite(value)) throw outOfRange(name, 'a finite number', value);
  if (value < min || value > max) {
    throw outOfRange(name, max === Infinity ? `>= ${min}` : `>= ${min} and <= ${max}`, value);
  }
  return Math.trunc(value);
}

function bytesOf(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}

const isArrayBuffer = (value) => value instanceof ArrayBuffer ||
  Object.prototype.toString.call(value) === '[object ArrayBuffer]';

// Checked options → what the binding takes.
function engineOptions(mode, opts) {
  const options = opts !== null && typeof opts === 'object' ? opts : {};
  const inflating = mode === INFLATE || mode === GUNZIP || mode === UNZIP;
  const out = {};
  out.chunkSize = rangeOption(options, 'chunkSize', 64, Infinity, 16384);
  out.flush = rangeOption(options, 'flush', Z_NO_FLUSH, Z_BLOCK, Z_NO_FLUSH);
  out.finishFlush = rangeOption(options, 'finishFlush', Z_NO_FLUSH, Z_BLOCK, Z_FINISH);
  let windowBits = options.windowBits;
  if (inflating && windowBits === 0) windowBits = 0;
  else windowBits = rangeOption(options, 'windowBits', mode === GZIP ? 9 : 8, 15, 15);
  out.windowBits = windowBits;
  out.level = rangeOption(options, 'level', -1, 9, -1);
  out.memLevel = rangeOption(options, 'memLevel', 1, 9, 8);
  out.strategy = rangeOption(options, 'strategy', 0, 4, 0);
  if (options.maxOutputLength !== undefined) {
    out.maxOutputLength = rangeOption(options, 'maxOutputLength', 1, kMaxLength, kMaxLength);
  }
  const { dictionary } = options;
  if (dictionary !== undefined) {
    if (!ArrayBuffer.isView(dictionary) && !isArrayBuffer(dictionary)) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "options.dictionary" property must be an instance of Buffer, TypedArray, DataView, or ArrayBuffer.${describeReceived(dictionary)}`);
    }
    out.dictionary = bytesOf(dictionary);
  }
  return out;
}

// What the functions compress: the sync ones name it "buffer", the callback ones (which Node
// writes through a stream) "chunk".
function inputOf(buffer, async = false) {
  if (typeof buffer === 'string') return lazyBuffer().from(buffer);
  if (ArrayBuffer.isView(buffer) || isArrayBuffer(buffer)) return bytesOf(buffer);
  if (async) throw invalidArgType('chunk', 'string or an instance of Buffer, TypedArray, or DataView', buffer);
  throw invalidArgType('buffer', 'string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer', buffer);
}

// The binding's errors as Node's (a zlib failure keeps its errno and code).
function fromBinding(error) {
  if (error !== null && typeof error === 'object' && error.code === 'ERR_BUFFER_TOO_LARGE') {
    return nodeError(RangeError, 'ERR_BUFFER_TOO_LARGE', error.message);
  }
  return error;
}

// ------------------------------------------------------------------ whole buffers

function syncFunction(mode) {
  return function zlibSync(buffer, opts) {
    const input = inputOf(buffer);
    const options = engineOptions(mode, opts);
    let result;
    try {
      result = binding.process(mode, input, options);
    } catch (error) {
      throw fromBinding(error);
    }
    result = toBuffer(result);
    if (opts && opts.info) return { buffer: result, engine: createStream(mode, opts) };
    return result;
  };
}

function asyncFunction(mode) {
  return function zlibAsync(buffer, opts, callback) {
    if (typeof opts === 'function') {
      callback = opts;
      opts = {};
    }
    if (typeof callback !== 'function') throw invalidArgType('callback', 'function', callback);
    const input = inputOf(buffer, true);
    const options = engineOptions(mode, opts);
    binding.processAsync((error, result) => {
      if (error) callback(fromBinding(error));
      else if (opts && opts.info) callback(null, { buffer: toBuffer(result), engine: createStream(mode, opts) });
      else callback(null, toBuffer(result));
    }, mode, input, options);
  };
}

// ------------------------------------------------------------------ streams

let Transform = null;
const kFlushFlag = Symbol('kFlushFlag');

// ZlibBase and Zlib are linked under stream.Transform when the first stream is made
// (loading `stream` only for programs that use zlib's streams).
function loadTransform() {
  if (Transform === null) {
    Transform = require('stream').Transform;
    Object.setPrototypeOf(ZlibBase.prototype, Transform.prototype);
    Object.setPrototypeOf(ZlibBase, Transform);
  }
  return Transform;
}

function ZlibBase(mode, opts) {
  const options = engineOptions(mode, opts);
  const streamOptions = opts !== null && typeof opts === 'object' ? { ...opts } : {};
  loadTransform().call(this, { autoDestroy: true, ...streamOptions });
  this.bytesWritten = 0;
  this._handle = binding.handle(mode, options);
  this._chunkSize = options.chunkSize;
  this._defaultFlushFlag = options.flush;
  this._finishFlushFlag = options.finishFlush;
  this._defaultFullFlushFlag = Z_FULL_FLUSH;
  this._level = options.level;
  this._strategy = options.strategy;
  this._mode = mode;
}
hostClasses.add(ZlibBase);

Object.defineProperty(ZlibBase.prototype, '_closed', {
  get() { return this.destroyed; },
  configurable: true,
});

// The handle's output for one input, on a worker thread; then `done(error)`.
function run(self, bytes, flag, done) {
  if (self._handle === null) {
    done(null);
    return;
  }
  self._handle.writeAsync((error, out) => {
    if (error) {
      done(fromBinding(error));
      return;
    }
    if (out.byteLength > 0 && !self.destroyed) self.push(toBuffer(out));
    done(null);
  }, bytes, flag);
}

ZlibBase.prototype._transform = function _transform(chunk, encoding, callback) {
  const bytes = typeof chunk === 'string' ? lazyBuffer().from(chunk, encoding) : bytesOf(chunk);
  const flag = chunk[kFlushFlag] !== undefined ? chunk[kFlushFlag] : this._defaultFlushFlag;
  this.bytesWritten += bytes.byteLength;
  run(this, bytes, flag, callback);
};

ZlibBase.prototype._flush = function _flush(callback) {
  run(this, new Uint8Array(0), this._finishFlushFlag, callback);
};

ZlibBase.prototype.flush = function flush(kind, callback) {
  if (typeof kind === 'function' || kind === undefined) {
    callback = kind;
    kind = this._defaultFullFlushFlag;
  }
  if (this.writableFinished) {
    if (callback) nextTick(callback);
    return;
  }
  if (this.writableEnded) {
    if (callback) this.once('end', callback);
    return;
  }
  const marker = lazyBuffer().alloc(0);
  marker[kFlushFlag] = kind;
  this.write(marker, callback === undefined ? undefined : () => callback());
};

ZlibBase.prototype.close = function close(callback) {
  if (callback) require('stream').finished(this, callback);
  this.destroy();
};

ZlibBase.prototype._destroy = function _destroy(error, callback) {
  this._handle = null;
  callback(error);
};

ZlibBase.prototype.reset = function reset() {
  if (this._handle !== null) this._handle.reset();
};

function Zlib(mode, opts) {
  ZlibBase.call(this, mode, opts);
}
Object.setPrototypeOf(Zlib.prototype, ZlibBase.prototype);
Object.setPrototypeOf(Zlib, ZlibBase);
hostClasses.add(Zlib);

// Changing level and strategy midstream: Python's zlib cannot, so they apply from the next
// reset() on; the callback runs after a flush, as in Node.
Zlib.prototype.params = function params(level, strategy, callback) {
  rangeOption({ level }, 'level', -1, 9, -1);
  rangeOption({ strategy }, 'strategy', 0, 4, 0);
  if (this._handle !== null) this._handle.params(level, strategy);
  this._level = level;
  this._strategy = strategy;
  this.flush(Z_SYNC_FLUSH, callback);
};

const STREAMS = [
  ['Deflate', DEFLATE], ['Inflate', INFLATE], ['Gzip', GZIP], ['Gunzip', GUNZIP],
  ['DeflateRaw', DEFLATERAW], ['InflateRaw', INFLATERAW], ['Unzip', UNZIP],
];
const classes = {};
for (const [name, mode] of STREAMS) {
  const C = {
    [name]: function (opts) {
      if (!new.target) return new C(opts);
      Zlib.call(this, mode, opts);
    },
  }[name];
  Object.setPrototypeOf(C.prototype, Zlib.prototype);
  Object.setPrototypeOf(C, Zlib);
  hostClasses.add(C);
  classes[mode] = C;
  classes[name] = C;
}

function createStream(mode, opts) {
  return new classes[mode](opts);
}

// ------------------------------------------------------------------ brotli (not provided)

function brotliUnsupported(name) {
  return nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
    `zlib.${name} is not supported by esmload (Python's standard library has no brotli)`);
}
const brotliFunction = (name) => ({ [name]() { throw brotliUnsupported(`${name}()`); } })[name];
function brotliClass(name) {
  const C = { [name]: function () { throw brotliUnsupported(name); } }[name];
  hostClasses.add(C);
  return C;
}

// ------------------------------------------------------------------ crc32

function crc32(data, value = 0) {
  let bytes;
  if (typeof data === 'string') bytes = lazyBuffer().from(data);
  else if (ArrayBuffer.isView(data)) bytes = bytesOf(data);
  else throw invalidArgType('data', 'string or an instance of Buffer, TypedArray, or DataView', data);
  if (typeof value !== 'number') throw invalidArgType('value', 'number', value);
  if (!Number.isInteger(value) || value < 0 || value > 2 ** 32 - 1) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "value" is out of range. It must be >= 0 && <= 4294967295. Received ${
        require('internal/crypto/util').formatNumber(value)}`);
  }
  return binding.crc32(bytes, value);
}

// ------------------------------------------------------------------ the module (Node's key order)

const factory = (mode) => {
  const C = classes[mode];
  return { [`create${C.name}`]: (opts) => new C(opts) }[`create${C.name}`];
};

module.exports = {
  crc32,
  Deflate: classes.Deflate,
  Inflate: classes.Inflate,
  Gzip: classes.Gzip,
  Gunzip: classes.Gunzip,
  DeflateRaw: classes.DeflateRaw,
  InflateRaw: classes.InflateRaw,
  Unzip: classes.Unzip,
  BrotliCompress: brotliClass('BrotliCompress'),
  BrotliDecompress: brotliClass('BrotliDecompress'),
  deflate: asyncFunction(DEFLATE),
  deflateSync: syncFunction(DEFLATE),
  gzip: asyncFunction(GZIP),
  gzipSync: syncFunction(GZIP),
  deflateRaw: asyncFunction(DEFLATERAW),
  deflateRawSync: syncFunction(DEFLATERAW),
  unzip: asyncFunction(UNZIP),
  unzipSync: syncFunction(UNZIP),
  inflate: asyncFunction(INFLATE),
  inflateSync: syncFunction(INFLATE),
  gunzip: asyncFunction(GUNZIP),
  gunzipSync: syncFunction(GUNZIP),
  inflateRaw: asyncFunction(INFLATERAW),
  inflateRawSync: syncFunction(INFLATERAW),
  brotliCompress: brotliFunction('brotliCompress'),
  brotliCompressSync: brotliFunction('brotliCompressSync'),
  brotliDecompress: brotliFunction('brotliDecompress'),
  brotliDecompressSync: brotliFunction('brotliDecompressSync'),
  createDeflate: factory(DEFLATE),
  createInflate: factory(INFLATE),
  createDeflateRaw: factory(DEFLATERAW),
  createInflateRaw: factory(INFLATERAW),
  createGzip: factory(GZIP),
  createGunzip: factory(GUNZIP),
  createUnzip: factory(UNZIP),
  createBrotliCompress: brotliFunction('createBrotliCompress'),
  createBrotliDecompress: brotliFunction('createBrotliDecompress'),
  constants,
  codes,
};

// The legacy constants (zlib.Z_OK …): read-only, not enumerable.
for (const name of Object.keys(constants)) {
  if (!name.startsWith('BROTLI_')) {
    Object.defineProperty(module.exports, name, { value: constants[name], enumerable: false, writable: false });
  }
}
