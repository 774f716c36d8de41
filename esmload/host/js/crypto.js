'use strict';

// node:crypto — digests (Hash, Hmac, hash), random values, key derivation (pbkdf2, scrypt,
// hkdf), timingSafeEqual and the Web Crypto object, on the Python binding
// (esmload/host/bindings/crypto.py: hashlib, hmac, os.urandom).
//
// Not provided (Python's standard library has no ciphers nor public-key cryptography):
// ciphers, signatures, key objects, Diffie-Hellman, X.509, primes. Their exports exist, so
// that importing them by name works, and throw ERR_FEATURE_UNAVAILABLE_ON_PLATFORM when used.

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');
const { hostClasses } = require('internal/util');
const {
  binding, toBuffer, codedError, callBinding, callBindingAsync, outOfRange, formatNumber,
  isAnyArrayBuffer, bytesOf, getData, validateString, validateFunction, validateNumber,
  validateInt32, notSupported, randomFromPool, randomUUID, fillRandom,
} = require('internal/crypto/util');
const { Hash, Hmac, hash, keyBytes } = require('internal/crypto/hash');
const webcrypto = require('internal/crypto/webcrypto');

// ------------------------------------------------------------------ digests

function createHash(algorithm, options) {
  return new Hash(algorithm, options);
}

function createHmac(hmac, key, options) {
  return new Hmac(hmac, key, options);
}

// Node's (OpenSSL 3's) list.
const HASHES = [
  'RSA-MD5', 'RSA-RIPEMD160', 'RSA-SHA1', 'RSA-SHA1-2', 'RSA-SHA224', 'RSA-SHA256', 'RSA-SHA3-224',
  'RSA-SHA3-256', 'RSA-SHA3-384', 'RSA-SHA3-512', 'RSA-SHA384', 'RSA-SHA512', 'RSA-SHA512/224',
  'RSA-SHA512/256', 'RSA-SM3', 'blake2b512', 'blake2s256', 'id-rsassa-pkcs1-v1_5-with-sha3-224',
  'id-rsassa-pkcs1-v1_5-with-sha3-256', 'id-rsassa-pkcs1-v1_5-with-sha3-384',
  'id-rsassa-pkcs1-v1_5-with-sha3-512', 'md5', 'md5-sha1', 'md5WithRSAEncryption', 'ripemd',
  'ripemd160', 'ripemd160WithRSA', 'rmd160', 'sha1', 'sha1WithRSAEncryption', 'sha224',
  'sha224WithRSAEncryption', 'sha256', 'sha256WithRSAEncryption', 'sha3-224', 'sha3-256',
  'sha3-384', 'sha3-512', 'sha384', 'sha384WithRSAEncryption', 'sha512', 'sha512-224',
  'sha512-224WithRSAEncryption', 'sha512-256', 'sha512-256WithRSAEncryption',
  'sha512WithRSAEncryption', 'shake128', 'shake256', 'sm3', 'sm3WithRSAEncryption', 'ssl3-md5',
  'ssl3-sha1',
];
let hashes = null;

function getHashes() {
  hashes ??= HASHES.filter((name) => binding.hashSizes(name) !== null);
  return hashes.slice();
}

// ------------------------------------------------------------------ random values

const MAX_SIZE = 2 ** 31 - 1;

function validateSize(size) {
  validateNumber(size, 'size');
  if (!(size >= 0 && size <= MAX_SIZE)) throw outOfRange('size', `>= 0 && <= ${MAX_SIZE}`, size);
  return Math.floor(size);
}

function randomBytes(size, callback) {
  size = validateSize(size);
  if (callback === undefined) return toBuffer(binding.randomBytes(size));
  validateFunction(callback, 'callback');
  callBindingAsync('randomBytes', callback, size);
  return undefined;
}

// The byte range [offset, offset + size) of `buf` randomFill(Sync) fills; offset and size count
// elements of a TypedArray.
function fillRange(buf, offset, size) {
  if (!isAnyArrayBuffer(buf) && !ArrayBuffer.isView(buf)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "buf" argument must be an instance of ArrayBuffer or ArrayBufferView.${describeReceived(buf)}`);
  }
  const bytes = bytesOf(buf);
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  const length = bytes.byteLength;
  validateNumber(offset, 'offset');
  offset = Math.floor(offset) * elementSize;
  if (!(offset >= 0 && offset <= length)) throw outOfRange('offset', `>= 0 && <= ${length}`, offset);
  if (size === undefined) {
    size = length - offset;
  } else {
    validateNumber(size, 'size');
    size = Math.floor(size) * elementSize;
    if (!(size >= 0 && size <= MAX_SIZE)) throw outOfRange('size', `>= 0 && <= ${MAX_SIZE}`, size);
    if (size + offset > length) throw outOfRange('size + offset', `<= ${length}`, size + offset);
  }
  return bytes.subarray(offset, offset + size);
}

function randomFillSync(buf, offset = 0, size) {
  fillRandom(fillRange(buf, offset, size));
  return buf;
}

function randomFill(buf, offset, size, callback) {
  if (typeof offset === 'function') {
    callback = offset;
    offset = 0;
    size = undefined;
  } else if (typeof size === 'function') {
    callback = size;
    size = undefined;
  }
  const target = fillRange(buf, offset === undefined ? 0 : offset, size);
  validateFunction(callback, 'callback');
  binding.randomBytesAsync((error, bytes) => {
    if (error) callback(error);
    else {
      target.set(bytes);
      callback(null, buf);
    }
  }, target.byteLength);
}

const RANDOM_INT_RANGE = 2 ** 48 - 1;

function validateSafeInteger(value, name) {
  if (!Number.isSafeInteger(value)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be a safe integer.${require('internal/errors').describeReceived(value)}`);
  }
}

// A uniform integer in [min, max): 48 random bits, rejecting the values above the largest
// multiple of the range so that no result is likelier than another.
function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') {
    callback = max;
    max = min;
    min = 0;
  }
  if (callback !== undefined) validateFunction(callback, 'callback');
  validateSafeInteger(min, 'min');
  validateSafeInteger(max, 'max');
  if (max <= min) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
  }
  const range = max - min;
  if (range > RANDOM_INT_RANGE) {
    throw outOfRange('max - min', `<= ${RANDOM_INT_RANGE}`, range);
  }
  const limit = RANDOM_INT_RANGE + 1 - ((RANDOM_INT_RANGE + 1) % range);
  let value;
  for (;;) {
    const b = randomFromPool(6);
    value = ((b[0] * 256 + b[1]) * 256 + b[2]) * 16777216 + ((b[3] * 256 + b[4]) * 256 + b[5]);
    if (value < limit) break;
  }
  const result = min + (value % range);
  if (callback === undefined) return result;
  require('internal/microtasks').nextTick(callback, undefined, result);
  return undefined;
}

function timingSafeEqual(buf1, buf2) {
  if (!isAnyArrayBuffer(buf1) && !ArrayBuffer.isView(buf1)) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
      'The "buf1" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
  }
  if (!isAnyArrayBuffer(buf2) && !ArrayBuffer.isView(buf2)) {
    throw codedError(TypeError, 'ERR_INVALID_ARG_TYPE',
      'The "buf2" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
  }
  const a = bytesOf(buf1);
  const b = bytesOf(buf2);
  if (a.byteLength !== b.byteLength) {
    throw codedError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
  }
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

// ------------------------------------------------------------------ key derivation

const BUFFER_SOURCE = 'string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView';

function bufferSource(value, name) {
  if (typeof value === 'string') return getData(value);
  if (ArrayBuffer.isView(value)) return bytesOf(value);
  if (isAnyArrayBuffer(value)) return new Uint8Array(value);
  throw invalidArgType(name, BUFFER_SOURCE, value);
}

function pbkdf2Arguments(password, salt, iterations, keylen, digest) {
  password = bufferSource(password, 'password');
  salt = bufferSource(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  validateString(digest, 'digest');
  if (binding.hashSizes(digest) === null) {
    throw codedError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
  }
  if (/^shake/i.test(digest)) throw new Error('Deriving bits failed');
  return [digest, password, salt, iterations, keylen];
}

function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return toBuffer(callBinding('pbkdf2', ...pbkdf2Arguments(password, salt, iterations, keylen, digest)));
}

function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') {
    callback = digest;
    digest = undefined;
  }
  const args = pbkdf2Arguments(password, salt, iterations, keylen, digest);
  validateFunction(callback, 'callback');
  callBindingAsync('pbkdf2', callback, ...args);
}

const SCRYPT_DEFAULTS = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };

function scryptArguments(password, salt, keylen, options) {
  password = bufferSource(password, 'password');
  salt = bufferSource(salt, 'salt');
  validateInt32(keylen, 'keylen', 0);
  const params = { ...SCRYPT_DEFAULTS };
  if (options !== null && typeof options === 'object') {
    const pairs = [['N', 'cost'], ['r', 'blockSize'], ['p', 'parallelization'], ['maxmem', null]];
    for (const [short, long] of pairs) {
      const a = options[short];
      const b = long === null ? undefined : options[long];
      if (a !== undefined && b !== undefined) {
        throw nodeError(Error, 'ERR_CRYPTO_SCRYPT_INVALID_PARAMETER', 'Invalid scrypt parameter');
      }
      const value = a !== undefined ? a : b;
      if (value === undefined) continue;
      const name = a !== undefined ? short : long;
      validateNumber(value, name);
      const max = short === 'maxmem' ? Number.MAX_SAFE_INTEGER : 2 ** 32 - 1;
      if (!Number.isInteger(value)) {
        throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
          `The value of "${name}" is out of range. It must be an integer. Received ${formatNumber(value)}`);
      }
      if (value < 0 || value > max) throw outOfRange(name, `>= 0 && <= ${max}`, value);
      if (value !== 0) params[short] = value;
    }
  }
  const { N, r, p, maxmem } = params;
  if (N < 2 || (N & (N - 1)) !== 0) {
    throw codedError(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS', 'Invalid scrypt params');
  }
  // OpenSSL's memory bound: the B and V arrays must fit in maxmem
  if (128 * r * p + 128 * r * (N + 2) > maxmem) {
    throw codedError(RangeError, 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS',
      'Invalid scrypt params: error:030000AC:digital envelope routines::memory limit exceeded');
  }
  return [password, salt, keylen, N, r, p, maxmem];
}

function scryptSync(password, salt, keylen, options) {
  return toBuffer(callBinding('scrypt', ...scryptArguments(password, salt, keylen, options)));
}

function scrypt(password, salt, keylen, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  const args = scryptArguments(password, salt, keylen, options);
  validateFunction(callback, 'callback');
  callBindingAsync('scrypt', callback, ...args);
}

function hkdfArguments(digest, ikm, salt, info, keylen) {
  validateString(digest, 'digest');
  if (typeof ikm === 'string' || ArrayBuffer.isView(ikm) || isAnyArrayBuffer(ikm)) {
    ikm = bufferSource(ikm, 'ikm');
  } else {
    try {
      ikm = keyBytes(ikm);
    } catch {
      throw invalidArgType('ikm', 'string or an instance of SecretKeyObject, ArrayBuffer, TypedArray, DataView, or Buffer', ikm);
    }
  }
  const source = (value, name) => {
    if (typeof value === 'string') return getData(value);
    if (ArrayBuffer.isView(value)) return bytesOf(value);
    if (isAnyArrayBuffer(value)) return new Uint8Array(value);
    throw invalidArgType(name, 'string or an instance of ArrayBuffer, TypedArray, DataView, or Buffer', value);
  };
  salt = source(salt, 'salt');
  info = source(info, 'info');
  validateInt32(keylen, 'length', 0);
  if (info.byteLength > 1024) {
    throw outOfRange('info', 'must not contain more than 1024 bytes', info.byteLength);
  }
  if (binding.hashSizes(digest) === null || /^shake/i.test(digest)) {
    throw codedError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
  }
  return [digest, ikm, salt, info, keylen];
}

const toArrayBuffer = (u8) => (u8.byteOffset === 0 && u8.byteLength === u8.buffer.byteLength
  ? u8.buffer : u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength));

function hkdfSync(digest, ikm, salt, info, keylen) {
  return toArrayBuffer(callBinding('hkdf', ...hkdfArguments(digest, ikm, salt, info, keylen)));
}

function hkdf(digest, ikm, salt, info, keylen, callback) {
  const args = hkdfArguments(digest, ikm, salt, info, keylen);
  validateFunction(callback, 'callback');
  callBindingAsync('hkdf', (error, result) => (error ? callback(error) : callback(null, toArrayBuffer(result))), ...args);
}

// ------------------------------------------------------------------ what esmload does not provide

function unsupported(name) {
  const fn = {
    [name]() { throw notSupported(`crypto.${name}()`); },
  }[name];
  return fn;
}

function unsupportedClass(name) {
  const C = {
    [name]: class {
      constructor() { throw notSupported(`crypto.${name}`); }
    },
  }[name];
  hostClasses.add(C);
  return C;
}

const constants = {
  OPENSSL_VERSION_NUMBER: 805306672, SSL_OP_ALL: 2147485776, SSL_OP_ALLOW_NO_DHE_KEX: 1024,
  SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: 262144, SSL_OP_CIPHER_SERVER_PREFERENCE: 4194304,
  SSL_OP_CISCO_ANYCONNECT: 32768, SSL_OP_COOKIE_EXCHANGE: 8192, SSL_OP_CRYPTOPRO_TLSEXT_BUG: 2147483648,
  SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: 2048, SSL_OP_LEGACY_SERVER_CONNECT: 4,
  SSL_OP_NO_COMPRESSION: 131072, SSL_OP_NO_ENCRYPT_THEN_MAC: 524288, SSL_OP_NO_QUERY_MTU: 4096,
  SSL_OP_NO_RENEGOTIATION: 1073741824, SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: 65536,
  SSL_OP_NO_SSLv2: 0, SSL_OP_NO_SSLv3: 33554432, SSL_OP_NO_TICKET: 16384, SSL_OP_NO_TLSv1: 67108864,
  SSL_OP_NO_TLSv1_1: 268435456, SSL_OP_NO_TLSv1_2: 134217728, SSL_OP_NO_TLSv1_3: 536870912,
  SSL_OP_PRIORITIZE_CHACHA: 2097152, SSL_OP_TLS_ROLLBACK_BUG: 8388608, ENGINE_METHOD_RSA: 1,
  ENGINE_METHOD_DSA: 2, ENGINE_METHOD_DH: 4, ENGINE_METHOD_RAND: 8, ENGINE_METHOD_EC: 2048,
  ENGINE_METHOD_CIPHERS: 64, ENGINE_METHOD_DIGESTS: 128, ENGINE_METHOD_PKEY_METHS: 512,
  ENGINE_METHOD_PKEY_ASN1_METHS: 1024, ENGINE_METHOD_ALL: 65535, ENGINE_METHOD_NONE: 0,
  DH_CHECK_P_NOT_SAFE_PRIME: 2, DH_CHECK_P_NOT_PRIME: 1, DH_UNABLE_TO_CHECK_GENERATOR: 4,
  DH_NOT_SUITABLE_GENERATOR: 8, RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4,
  RSA_X931_PADDING: 5, RSA_PKCS1_PSS_PADDING: 6, RSA_PSS_SALTLEN_DIGEST: -1,
  RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2,
  defaultCoreCipherList: 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:' +
    'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:' +
    'ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:' +
    'DHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:' +
    'DHE-RSA-AES256-SHA256:HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA',
  TLS1_VERSION: 769, TLS1_1_VERSION: 770, TLS1_2_VERSION: 771, TLS1_3_VERSION: 772,
  POINT_CONVERSION_COMPRESSED: 2, POINT_CONVERSION_UNCOMPRESSED: 4, POINT_CONVERSION_HYBRID: 6,
};
constants.defaultCipherList = constants.defaultCoreCipherList;
for (const name of Object.keys(constants)) {
  if (name !== 'defaultCipherList') Object.defineProperty(constants, name, { writable: false, configurable: false });
}

// ------------------------------------------------------------------ the module (Node's key order)

const U = unsupported;
const C = unsupportedClass;

module.exports = {
  checkPrime: U('checkPrime'),
  checkPrimeSync: U('checkPrimeSync'),
  createCipheriv: U('createCipheriv'),
  createDecipheriv: U('createDecipheriv'),
  createDiffieHellman: U('createDiffieHellman'),
  createDiffieHellmanGroup: U('createDiffieHellmanGroup'),
  createECDH: U('createECDH'),
  createHash,
  createHmac,
  createPrivateKey: U('createPrivateKey'),
  createPublicKey: U('createPublicKey'),
  createSecretKey: U('createSecretKey'),
  createSign: U('createSign'),
  createVerify: U('createVerify'),
  diffieHellman: U('diffieHellman'),
  generatePrime: U('generatePrime'),
  generatePrimeSync: U('generatePrimeSync'),
  getCiphers: () => [],
  getCipherInfo: () => undefined,
  getCurves: () => [],
  getDiffieHellman: U('getDiffieHellman'),
  getHashes,
  hkdf,
  hkdfSync,
  pbkdf2,
  pbkdf2Sync,
  generateKeyPair: U('generateKeyPair'),
  generateKeyPairSync: U('generateKeyPairSync'),
  generateKey: U('generateKey'),
  generateKeySync: U('generateKeySync'),
  privateDecrypt: U('privateDecrypt'),
  privateEncrypt: U('privateEncrypt'),
  publicDecrypt: U('publicDecrypt'),
  publicEncrypt: U('publicEncrypt'),
  randomBytes,
  randomFill,
  randomFillSync,
  randomInt,
  randomUUID,
  scrypt,
  scryptSync,
  sign: U('sign'),
  setEngine: U('setEngine'),
  timingSafeEqual,
  getFips: () => 0,
  setFips: U('setFips'),
  verify: U('verify'),
  hash,
  Certificate: C('Certificate'),
  Cipher: C('Cipher'),
  Cipheriv: C('Cipheriv'),
  Decipher: C('Decipher'),
  Decipheriv: C('Decipheriv'),
  DiffieHellman: C('DiffieHellman'),
  DiffieHellmanGroup: C('DiffieHellmanGroup'),
  ECDH: C('ECDH'),
  Hash,
  Hmac,
  KeyObject: C('KeyObject'),
  Sign: C('Sign'),
  Verify: C('Verify'),
  X509Certificate: C('X509Certificate'),
  secureHeapUsed: () => ({ total: 0, used: 0, utilization: 0, min: 0 }),
  constants,
  webcrypto: webcrypto.crypto,
  subtle: webcrypto.crypto.subtle,
  getRandomValues: (array) => webcrypto.crypto.getRandomValues(array),
};

// Node's aliases, not enumerable
Object.defineProperties(module.exports, {
  pseudoRandomBytes: { value: randomBytes, writable: true, configurable: true },
  prng: { value: randomBytes, writable: true, configurable: true },
  rng: { value: randomBytes, writable: true, configurable: true },
});
