'use strict';

// crypto.Hash, crypto.Hmac and crypto.hash(): running digests held by the binding (a set of
// functions over a Python hash object). Both are streams too (see lazy_transform): written
// data is hashed, and the digest is pushed at the end.

const { nodeError, invalidArgType } = require('internal/errors');
const { hostClasses } = require('internal/util');
const { LazyTransform } = require('internal/crypto/lazy_transform');
const {
  binding, codedError, getData, encodeOutput, validateString, validateObject, isAnyArrayBuffer,
  bytesOf, toBuffer,
} = require('internal/crypto/util');

const kHandle = Symbol('kHandle');
const kState = Symbol('kState');
const kFinalized = Symbol('kFinalized');

// The binding's handle (update, digest, copy) in an object that inspects as Node's does.
class HashHandle {}
class HmacHandle {}
Object.defineProperty(HashHandle, 'name', { value: 'Hash' });
Object.defineProperty(HmacHandle, 'name', { value: 'Hmac' });
hostClasses.add(HashHandle);
hostClasses.add(HmacHandle);

function wrapHandle(Class, functions) {
  const handle = new Class();
  for (const name of ['update', 'digest', 'copy']) {
    Object.defineProperty(handle, name, { value: functions[name], enumerable: false });
  }
  return handle;
}

const finalized = () => nodeError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called');

function outputLengthOf(options) {
  if (options === undefined || options === null) return undefined;
  validateObject(options, 'options');
  const { outputLength } = options;
  if (outputLength === undefined) return undefined;
  if (typeof outputLength !== 'number') throw invalidArgType('options.outputLength', 'number', outputLength);
  if (!Number.isInteger(outputLength) || outputLength < 0 || outputLength > 2 ** 32 - 1) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "options.outputLength" is out of range. It must be >= 0 && <= 4294967295. Received ${outputLength}`);
  }
  return outputLength;
}

// ------------------------------------------------------------------ Hash

function Hash(algorithm, options) {
  if (!new.target) return new Hash(algorithm, options);
  const copyOf = algorithm instanceof Hash ? algorithm : null;
  if (copyOf === null) validateString(algorithm, 'algorithm');
  const outputLength = outputLengthOf(options);
  LazyTransform.call(this, options);
  let handle;
  if (copyOf !== null) {
    if (copyOf[kState][kFinalized]) throw finalized();
    handle = wrapHandle(HashHandle, copyOf[kHandle].copy(outputLength));
  } else {
    handle = binding.hashNew(algorithm, outputLength);
    if (handle === null) throw new Error('Digest method not supported');
    handle = wrapHandle(HashHandle, handle);
    if (outputLength !== undefined && !/^shake/i.test(algorithm)) {
      const [size] = binding.hashSizes(algorithm);
      if (outputLength !== size) {
        const error = new Error('error:030000B2:digital envelope routines::not XOF or invalid length');
        error.library = 'digital envelope routines';
        error.reason = 'not XOF or invalid length';
        error.code = 'ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH';
        throw error;
      }
    }
  }
  this[kHandle] = handle;
  this[kState] = { [kFinalized]: false };
}
Object.setPrototypeOf(Hash.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hash, LazyTransform);
hostClasses.add(Hash);

Hash.prototype.copy = function copy(options) {
  if (this[kState][kFinalized]) throw finalized();
  return new Hash(this, options);
};

Hash.prototype.update = function update(data, encoding) {
  if (this[kState][kFinalized]) throw finalized();
  this[kHandle].update(getData(data, encoding));
  return this;
};

Hash.prototype.digest = function digest(outputEncoding) {
  if (this[kState][kFinalized]) throw finalized();
  this[kState][kFinalized] = true;
  return encodeOutput(this[kHandle].digest(), outputEncoding);
};

Hash.prototype._transform = function _transform(chunk, encoding, callback) {
  this[kHandle].update(getData(chunk, encoding));
  callback();
};

Hash.prototype._flush = function _flush(callback) {
  this.push(this[kHandle].digest());
  callback();
};

// ------------------------------------------------------------------ Hmac

const KEY_TYPES = 'string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey';

function keyBytes(key, encoding) {
  if (typeof key === 'string') return getData(key, encoding);
  if (ArrayBuffer.isView(key)) return bytesOf(key);
  if (isAnyArrayBuffer(key)) return new Uint8Array(key);
  if (key !== null && typeof key === 'object' && key.type === 'secret' && typeof key.export === 'function') {
    return bytesOf(key.export());
  }
  const webKey = require('internal/crypto/webcrypto').secretOf(key);
  if (webKey !== undefined) return webKey;
  throw invalidArgType('key', KEY_TYPES, key);
}

function Hmac(hmac, key, options) {
  if (!new.target) return new Hmac(hmac, key, options);
  validateString(hmac, 'hmac');
  const encoding = options && typeof options === 'object' ? options.encoding : undefined;
  const bytes = keyBytes(key, encoding);
  LazyTransform.call(this, options);
  if (/^shake/i.test(hmac) && binding.hashSizes(hmac) !== null) throw new Error('error:00000000:lib(0)::reason(0)');
  const handle = binding.hmacNew(hmac, bytes);
  if (handle === null) throw codedError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${hmac}`);
  this[kHandle] = wrapHandle(HmacHandle, handle);
  this[kState] = { [kFinalized]: false };
}
Object.setPrototypeOf(Hmac.prototype, LazyTransform.prototype);
Object.setPrototypeOf(Hmac, LazyTransform);
hostClasses.add(Hmac);

Hmac.prototype.update = Hash.prototype.update;

// A second digest() of an Hmac gives an empty result (Node's behaviour), not an error.
Hmac.prototype.digest = function digest(outputEncoding) {
  const state = this[kState];
  if (state[kFinalized]) return encodeOutput(new Uint8Array(0), outputEncoding);
  state[kFinalized] = true;
  return encodeOutput(this[kHandle].digest(), outputEncoding);
};

Hmac.prototype._transform = Hash.prototype._transform;
Hmac.prototype._flush = Hash.prototype._flush;

// ------------------------------------------------------------------ crypto.hash()

function hash(algorithm, input, outputEncoding = 'hex') {
  validateString(algorithm, 'algorithm');
  if (typeof input !== 'string' && !ArrayBuffer.isView(input)) {
    throw invalidArgType('input', 'string or an instance of Buffer, TypedArray, or DataView', input);
  }
  if (outputEncoding !== undefined) validateString(outputEncoding, 'outputEncoding');
  const result = binding.hashOnce(algorithm, getData(input));
  if (result === null) throw new Error(`Digest method ${algorithm} is not supported`);
  return outputEncoding === 'buffer' ? toBuffer(result) : encodeOutput(result, outputEncoding);
}

module.exports = { Hash, Hmac, hash, keyBytes };
