'use strict';

// What the crypto modules share: the binding, argument checks and conversions, errors worded
// like Node's, and a pool of random bytes (randomInt and randomUUID draw from it).

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');

const binding = host.binding('crypto');

let BufferClass;
const lazyBuffer = () => (BufferClass ??= require('buffer').Buffer);

// A Buffer over the bytes the binding returned (no copy).
function toBuffer(u8) {
  return lazyBuffer().from(u8.buffer, u8.byteOffset, u8.byteLength);
}

// Errors OpenSSL raises in Node: a plain error of `Type` with a `code` (the stack's first line
// has no "[CODE]" in it, unlike Node's JavaScript-side errors).
function codedError(Type, code, message) {
  const error = new Type(message);
  if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(error, codedError);
  error.code = code;
  return error;
}

const BINDING_ERRORS = {
  ERR_CRYPTO_INVALID_DIGEST: TypeError,
  ERR_CRYPTO_INVALID_SCRYPT_PARAMS: RangeError,
  ERR_CRYPTO_INVALID_KEYLEN: RangeError,
};

// The binding's refusals as Node's errors (others pass through).
function fromBinding(error) {
  if (error !== null && typeof error === 'object' && BINDING_ERRORS[error.code] !== undefined) {
    return codedError(BINDING_ERRORS[error.code], error.code, error.message);
  }
  return error;
}

function callBinding(name, ...args) {
  try {
    return binding[name](...args);
  } catch (error) {
    throw fromBinding(error);
  }
}

// binding[name + 'Async'] with `done(err, bytes as a Buffer)`.
function callBindingAsync(name, done, ...args) {
  binding[`${name}Async`]((error, result) => {
    if (error) done(fromBinding(error));
    else done(null, result === null || result === undefined ? result : toBuffer(result));
  }, ...args);
}

const outOfRange = (name, range, value) => nodeError(RangeError, 'ERR_OUT_OF_RANGE',
  `The value of "${name}" is out of range. It must be ${range}. Received ${formatNumber(value)}`);

function formatNumber(value) {
  if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) <= 2 ** 32) {
    return require('internal/util/inspect').inspect(value);
  }
  let digits = String(Math.abs(value));
  let out = '';
  for (; digits.length > 3; digits = digits.slice(0, -3)) out = `_${digits.slice(-3)}${out}`;
  return `${value < 0 ? '-' : ''}${digits}${out}`;
}

const isView = ArrayBuffer.isView;
const isAnyArrayBuffer = (value) => value instanceof ArrayBuffer ||
  (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer) ||
  Object.prototype.toString.call(value) === '[object ArrayBuffer]';

// An ArrayBufferView or ArrayBuffer → a Uint8Array over the same memory.
function bytesOf(value) {
  if (value instanceof Uint8Array) return value;
  if (isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}

// A string (in `encoding`, UTF-8 by default) or an ArrayBufferView → bytes; anything else
// throws Node's ERR_INVALID_ARG_TYPE naming `name`.
function getData(data, encoding, name = 'data', allowArrayBuffer = false) {
  if (typeof data === 'string') {
    const Buffer = lazyBuffer();
    return Buffer.from(data, encoding && Buffer.isEncoding(encoding) ? encoding : 'utf8');
  }
  if (isView(data)) return bytesOf(data);
  if (allowArrayBuffer && isAnyArrayBuffer(data)) return new Uint8Array(data);
  const expected = allowArrayBuffer
    ? 'string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView'
    : 'string or an instance of Buffer, TypedArray, or DataView';
  throw invalidArgType(name, expected, data);
}

// Bytes → the string `encoding` asks for, or a Buffer (no encoding, 'buffer', or one Node
// does not know).
function encodeOutput(u8, encoding) {
  const buffer = toBuffer(u8);
  if (encoding === undefined || encoding === 'buffer') return buffer;
  const Buffer = lazyBuffer();
  return Buffer.isEncoding(encoding) ? buffer.toString(encoding) : buffer;
}

// ------------------------------------------------------------------ validators

function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value);
  return value;
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'function', value);
  return value;
}

function validateNumber(value, name) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  return value;
}

function validateInt32(value, name, min = -(2 ** 31), max = 2 ** 31 - 1) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be an integer. Received ${formatNumber(value)}`);
  }
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgType(name, 'object', value);
  }
  return value;
}

function notSupported(name) {
  return nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `${name} is not supported by esmload`);
}

// ------------------------------------------------------------------ random bytes

const POOL_SIZE = 4096;
let pool = null;
let poolOffset = POOL_SIZE;

// `count` (≤ POOL_SIZE) fresh random bytes from the pool, as a Uint8Array view.
function randomFromPool(count) {
  if (poolOffset + count > POOL_SIZE) {
    pool = binding.randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return out;
}

const HEX = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? '0' : '') + i.toString(16));

function randomUUID(options) {
  if (options !== undefined) {
    validateObject(options, 'options');
    if (options.disableEntropyCache !== undefined && typeof options.disableEntropyCache !== 'boolean') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "options.disableEntropyCache" property must be of type boolean.${describeReceived(options.disableEntropyCache)}`);
    }
  }
  const b = randomFromPool(16);
  const h = (i) => HEX[b[i]];
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${HEX[(b[6] & 0x0f) | 0x40]}${h(7)}-` +
    `${HEX[(b[8] & 0x3f) | 0x80]}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

// Fills `u8` with random bytes.
function fillRandom(u8) {
  if (u8.byteLength === 0) return;
  u8.set(binding.randomBytes(u8.byteLength));
}

module.exports = {
  binding,
  lazyBuffer,
  toBuffer,
  codedError,
  fromBinding,
  callBinding,
  callBindingAsync,
  outOfRange,
  formatNumber,
  describeReceived,
  isAnyArrayBuffer,
  bytesOf,
  getData,
  encodeOutput,
  validateString,
  validateFunction,
  validateNumber,
  validateInt32,
  validateObject,
  notSupported,
  randomFromPool,
  randomUUID,
  fillRandom,
};
