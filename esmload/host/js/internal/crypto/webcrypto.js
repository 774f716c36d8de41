'use strict';

// The Web Crypto API: the `crypto` global (also `require('crypto').webcrypto`), Crypto,
// SubtleCrypto and CryptoKey.
//
// SubtleCrypto provides digest (SHA-1/256/384/512); HMAC keys (importKey raw/jwk, exportKey,
// generateKey, sign, verify); PBKDF2 and HKDF keys (importKey raw, deriveBits, deriveKey to an
// HMAC key). Everything else (encryption, public-key algorithms, wrapping) rejects with a
// NotSupportedError: Python's standard library has no ciphers.

const { nodeError } = require('internal/errors');
const { hostClasses, customInspectSymbol } = require('internal/util');
const { binding, codedError, bytesOf, isAnyArrayBuffer, randomUUID, fillRandom } = require('internal/crypto/util');

const kToken = Symbol('kToken');
const kKey = Symbol('kKey');

const illegalConstructor = () => nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
const domError = (message, name) => new DOMException(message, name);

function checkThis(value, Class, name) {
  if (!(value instanceof Class)) {
    throw nodeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${name}`);
  }
}

function missingArgs(method, owner, required, present) {
  return codedError(TypeError, 'ERR_MISSING_ARGS',
    `Failed to execute '${method}' on '${owner}': ${required} argument${required === 1 ? '' : 's'} required, but only ${present} present.`);
}

const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th'];

// ------------------------------------------------------------------ Crypto

const INTEGER_ARRAYS = new Set([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'BigInt64Array', 'BigUint64Array',
]);
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayName = Object.getOwnPropertyDescriptor(TypedArrayProto, Symbol.toStringTag).get;

class Crypto {
  constructor(token) {
    if (token !== kToken) throw illegalConstructor();
  }

  get subtle() {
    checkThis(this, Crypto, 'Crypto');
    return subtle;
  }

  getRandomValues(array) {
    checkThis(this, Crypto, 'Crypto');
    if (arguments.length === 0) throw missingArgs('getRandomValues', 'Crypto', 1, 0);
    if (!ArrayBuffer.isView(array) || !INTEGER_ARRAYS.has(typedArrayName.call(array))) {
      throw domError('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
    }
    if (array.byteLength > 65536) {
      throw domError('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
    }
    fillRandom(bytesOf(array));
    return array;
  }

  randomUUID() {
    checkThis(this, Crypto, 'Crypto');
    return randomUUID();
  }
}
Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: 'Crypto', configurable: true });
for (const name of ['subtle', 'getRandomValues', 'randomUUID']) {
  Object.defineProperty(Crypto.prototype, name, { enumerable: true });
}
hostClasses.add(Crypto);

// ------------------------------------------------------------------ CryptoKey

class CryptoKey {
  constructor(token, type, extractable, algorithm, usages, secret) {
    if (token !== kToken) throw illegalConstructor();
    this[kKey] = { type, extractable, algorithm, usages, secret };
  }

  get type() { return this[kKey].type; }

  get extractable() { return this[kKey].extractable; }

  get algorithm() { return this[kKey].algorithm; }

  get usages() { return this[kKey].usages; }

  [customInspectSymbol](depth, options, inspect) {
    if (depth < 0) return 'CryptoKey {}';
    const { type, extractable, algorithm, usages } = this[kKey];
    const inner = { ...options, depth: options.depth === null || options.depth === undefined ? options.depth : options.depth - 1 };
    return `CryptoKey ${inspect({ type, extractable, algorithm, usages }, inner)}`;
  }
}
Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: 'CryptoKey', configurable: true });
for (const name of ['type', 'extractable', 'algorithm', 'usages']) {
  Object.defineProperty(CryptoKey.prototype, name, { enumerable: true });
}
hostClasses.add(CryptoKey);

// The secret bytes of a CryptoKey (for createHmac), or undefined for anything else.
function secretOf(key) {
  return key instanceof CryptoKey ? key[kKey].secret : undefined;
}

// ------------------------------------------------------------------ algorithms

const DIGESTS = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
// block sizes in bits: the default length of a generated HMAC key
const BLOCK_BITS = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };
const KNOWN = [
  'RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP', 'ECDSA', 'ECDH', 'Ed25519', 'Ed448', 'X25519',
  'X448', 'AES-CTR', 'AES-CBC', 'AES-GCM', 'AES-KW', 'HMAC', 'SHA-1', 'SHA-256', 'SHA-384',
  'SHA-512', 'HKDF', 'PBKDF2',
];
const CANONICAL = new Map(KNOWN.map((name) => [name.toUpperCase(), name]));

const unrecognized = () => domError('Unrecognized algorithm name', 'NotSupportedError');
const unsupported = (what) => domError(`${what} is not supported by esmload`, 'NotSupportedError');

// A string or { name, … } → a copy with the canonical name.
function normalize(algorithm) {
  if (typeof algorithm === 'string') algorithm = { name: algorithm };
  if (algorithm === null || typeof algorithm !== 'object') {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE', 'Algorithm must be a string or an object');
  }
  const name = CANONICAL.get(String(algorithm.name).toUpperCase());
  if (name === undefined) throw unrecognized();
  return { ...algorithm, name };
}

function normalizeDigest(hash) {
  const { name } = normalize(hash);
  if (DIGESTS[name] === undefined) throw unrecognized();
  return name;
}

function requireHash(algorithm, dictionary) {
  if (algorithm.hash === undefined) {
    throw codedError(TypeError, 'ERR_MISSING_OPTION',
      `Failed to normalize algorithm: passed algorithm can not be converted to '${dictionary}' because 'hash' is required in '${dictionary}'.`);
  }
  return normalizeDigest(algorithm.hash);
}

function bufferSource(value, method, index) {
  if (ArrayBuffer.isView(value)) return new Uint8Array(bytesOf(value));
  if (isAnyArrayBuffer(value)) return new Uint8Array(value.slice(0));
  throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `Failed to execute '${method}' on 'SubtleCrypto': ${ORDINALS[index]} argument is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.`);
}

function checkKey(key, method, index) {
  if (!(key instanceof CryptoKey)) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `Failed to execute '${method}' on 'SubtleCrypto': ${ORDINALS[index]} argument is not of type CryptoKey.`);
  }
  return key[kKey];
}

function checkArgs(method, args, required) {
  if (args.length < required) throw missingArgs(method, 'SubtleCrypto', required, args.length);
}

const toArrayBuffer = (u8) => (u8.byteOffset === 0 && u8.byteLength === u8.buffer.byteLength
  ? u8.buffer : u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength));

function checkUsages(usages, allowed, algorithm) {
  const list = Array.from(usages);
  for (const usage of list) {
    if (!allowed.includes(usage)) throw domError(`Unsupported key usage for an ${algorithm} key`, 'SyntaxError');
  }
  return list;
}

function base64url(bytes) {
  const Buffer = require('buffer').Buffer;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

function hmacKey(secret, hash, extractable, usages, length, generated) {
  const algorithm = generated
    ? { name: 'HMAC', length, hash: { name: hash } }
    : { name: 'HMAC', hash: { name: hash }, length };
  return new CryptoKey(kToken, 'secret', Boolean(extractable), algorithm, usages, secret);
}

function importHmac(format, keyData, algorithm, extractable, usages) {
  const hash = requireHash(algorithm, 'HmacImportParams');
  usages = checkUsages(usages, ['sign', 'verify'], 'HMAC');
  let secret;
  if (format === 'raw') {
    secret = bufferSource(keyData, 'importKey', 1);
  } else if (format === 'jwk') {
    if (keyData === null || typeof keyData !== 'object' || keyData.kty !== 'oct' || typeof keyData.k !== 'string') {
      throw domError('Invalid keyData', 'DataError');
    }
    const Buffer = require('buffer').Buffer;
    secret = new Uint8Array(Buffer.from(keyData.k, 'base64url'));
  } else {
    throw domError(`Unable to import HMAC key with format ${format}`);
  }
  if (secret.byteLength === 0) throw domError('Zero-length key is not supported', 'DataError');
  let length = secret.byteLength * 8;
  if (algorithm.length !== undefined) {
    if (algorithm.length !== length) throw domError('Invalid key length', 'DataError');
    length = algorithm.length;
  }
  if (usages.length === 0) throw domError('Usages cannot be empty when importing a secret key.', 'SyntaxError');
  return hmacKey(secret, hash, extractable, usages, length, false);
}

function importDerivation(format, keyData, algorithm, extractable, usages) {
  if (format !== 'raw') throw domError(`Unable to import ${algorithm.name} key with format ${format}`, 'NotSupportedError');
  if (extractable) throw domError(`${algorithm.name} keys are not extractable`, 'SyntaxError');
  usages = checkUsages(usages, ['deriveKey', 'deriveBits'], algorithm.name);
  const secret = bufferSource(keyData, 'importKey', 1);
  if (usages.length === 0) throw domError('Usages cannot be empty when importing a secret key.', 'SyntaxError');
  return new CryptoKey(kToken, 'secret', false, { name: algorithm.name }, usages, secret);
}

function useKey(key, name, usage) {
  if (key.algorithm.name !== name || !key.usages.includes(usage)) {
    throw domError(`Unable to use this key to ${usage}`, 'InvalidAccessError');
  }
}

function deriveBitsOf(algorithm, key, length) {
  if (algorithm.name !== 'PBKDF2' && algorithm.name !== 'HKDF') {
    throw unsupported(`deriveBits with ${algorithm.name}`);
  }
  if (typeof length !== 'number' || length % 8 !== 0) {
    throw domError('length must be a multiple of 8', 'OperationError');
  }
  const hash = requireHash(algorithm, algorithm.name === 'PBKDF2' ? 'Pbkdf2Params' : 'HkdfParams');
  const salt = bufferSource(algorithm.salt, 'deriveBits', 0);
  if (algorithm.name === 'PBKDF2') {
    const iterations = algorithm.iterations;
    if (!(iterations > 0)) throw domError('iterations cannot be zero', 'OperationError');
    return binding.pbkdf2(DIGESTS[hash], key.secret, salt, iterations, length / 8);
  }
  const info = bufferSource(algorithm.info, 'deriveBits', 0);
  return binding.hkdf(DIGESTS[hash], key.secret, salt, info, length / 8);
}

// ------------------------------------------------------------------ SubtleCrypto

class SubtleCrypto {
  constructor(token) {
    if (token !== kToken) throw illegalConstructor();
  }

  async digest(algorithm, data) {
    checkThis(this, SubtleCrypto, 'SubtleCrypto');
    checkArgs('digest', arguments, 2);
    const name = normalizeDigest(algorithm);
    const bytes = bufferSource(data, 'digest', 1);
    return toArrayBuffer(binding.hashOnce(DIGESTS[name], bytes));
  }

  async importKey(format, keyData, algorithm, extractable, keyUsages) {
    checkThis(this, SubtleCrypto, 'SubtleCrypto');
    checkArgs('importKey', arguments, 5);
    algorithm = normalize(algorithm);
    if (algorithm.name === 'HMAC') return importHmac(format, keyData, algorithm, extractable, keyUsages);
    if (algorithm.name === 'PBKDF2' || algorithm.name === 'HKDF') {
      return importDerivation(format, keyData, algorithm, extractable, keyUsages);
    }
    throw unsupported(`importKey with ${algorithm.name}`);
  }

  async exportKey(format, key) {
    checkThis(this, SubtleCrypto, 'SubtleCrypto');
    checkArgs('exportKey', arguments, 2);
    const state = checkKey(key, 'exportKey', 1);
    if (!state.extractable) throw domError('key is not extractable', 'InvalidAccessException');
    if (state.algorithm.name !== 'HMAC') throw unsupported(`exportKey with ${state.algorithm.name}`);
    if (format === 'raw') return toArrayBuffer(new Uint8Array(state.secret));
    if (format === 'jwk') {
      return {
        key_ops: state.usages.slice(),
        ext: state.extractable,
        kty: 'oct',
        k: base64url(state.secret),
        alg: `HS${state.algorithm.hash.name.slice(4)}`,
      };
    }
    throw domError(`Unable to export HMAC key with format ${format}`, 'NotSupportedError');
  }

  async generateKey(algorithm, extractable, keyUsages) {
    checkThis(this, SubtleCrypto, 'SubtleCrypto');
    checkArgs('generateKey', arguments, 3);
    algorithm = normalize(algorithm);
    if (algorithm.name !== 'HMAC') throw unsupported(`generateKey with ${algorithm.name}`);
    const hash = requireHash(algorithm, 'HmacKeyGenParams');
    const usages = checkUsages(keyUsages, ['sign', 'verify'], 'HMAC');
    const length = algorithm.length === undefined ? BLOCK_BITS[hash] : algorithm.length;
    if (length === 0 || length % 8 !== 0) throw domError('Invalid key length', 'OperationError');
    if (usages.length === 0) throw domError('Usages cannot be empty when creating a key.', 'SyntaxError');
    const secret = new Uint8Array(length / 8);
    fillRandom(secret);
    return hmacKey(secret, hash, extractable, usages, length, true);
  }

  async sign(algorithm, key, data) {
    checkThis(this, SubtleCrypto, 'SubtleCrypto');
    checkArgs('sign', arguments, 3);
    algorithm = normalize(algorithm);
    const state = checkKey(key, 'sign', 1);
    const bytes = bufferSource(data, 'sign', 2);
    useKey(state, algorithm.name, 'sign');
    if (algorithm.name !== 'HMAC') throw unsupported(`sign with ${algorithm.name}`);
    return toArrayBuffer(binding.hmacOnce(DIGESTS[state.algorithm.hash.name], state.secret, bytes));
  }

  async verify(algorithm, key, signature, data) {
    checkThis(this, SubtleCrypto, 'SubtleCrypto');
    checkArgs('verify', arguments, 4);
    algorithm = normalize(algorithm);
    const state = checkKey(key, 'verify', 1);
    const expected = bufferSource(signature, 'verify', 2);
    const bytes = bufferSource(data, 'verify', 3);
    useKey(state, algorithm.name, 'verify');
    if (algorithm.name !== 'HMAC') throw unsupported(`verify with ${algorithm.name}`);
    const actual = binding.hmacOnce(DIGESTS[state.algorithm.hash.name], state.secret, bytes);
    return binding.timingSafeEqual(actual, expected);
  }

  async deriveBits(algorithm, baseKey, length) {
    checkThis(this, SubtleCrypto, 'SubtleCrypto');
    checkArgs('deriveBits', arguments, 2);
    algorithm = normalize(algorithm);
    const state = checkKey(baseKey, 'deriveBits', 1);
    useKey(state, algorithm.name, 'deriveBits');
    return toArrayBuffer(deriveBitsOf(algorithm, state, length));
  }

  async deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
    checkThis(this, SubtleCrypto, 'SubtleCrypto');
    checkArgs('deriveKey', arguments, 5);
    algorithm = normalize(algorithm);
    const state = checkKey(baseKey, 'deriveKey', 1);
    useKey(state, algorithm.name, 'deriveKey');
    derivedKeyAlgorithm = normalize(derivedKeyAlgorithm);
    if (derivedKeyAlgorithm.name !== 'HMAC') throw unsupported(`deriveKey to ${derivedKeyAlgorithm.name}`);
    const hash = requireHash(derivedKeyAlgorithm, 'HmacImportParams');
    const length = derivedKeyAlgorithm.length === undefined ? BLOCK_BITS[hash] : derivedKeyAlgorithm.length;
    const secret = deriveBitsOf(algorithm, state, length);
    return importHmac('raw', secret, { ...derivedKeyAlgorithm, hash, length }, extractable, keyUsages);
  }

  async encrypt() { throw unsupported('encrypt'); }

  async decrypt() { throw unsupported('decrypt'); }

  async wrapKey() { throw unsupported('wrapKey'); }

  async unwrapKey() { throw unsupported('unwrapKey'); }
}
Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: 'SubtleCrypto', configurable: true });
// Node's order of the methods, enumerable as Web IDL operations are
for (const name of ['encrypt', 'decrypt', 'sign', 'verify', 'digest', 'generateKey', 'deriveKey',
  'deriveBits', 'importKey', 'exportKey', 'wrapKey', 'unwrapKey']) {
  const method = SubtleCrypto.prototype[name];
  delete SubtleCrypto.prototype[name];
  Object.defineProperty(SubtleCrypto.prototype, name, { value: method, writable: true, enumerable: true, configurable: true });
}
hostClasses.add(SubtleCrypto);

const subtle = new SubtleCrypto(kToken);
const crypto = new Crypto(kToken);

module.exports = { crypto, Crypto, CryptoKey, SubtleCrypto, secretOf };
