'use strict';

// Buffer's string encodings: names, byte lengths, encoders and decoders over Uint8Arrays.
// Shared by buffer and string_decoder. Bulk work goes through the engine's native
// functions (toBase64/fromBase64, toHex/fromHex, atob/btoa, the UTF-8 codec of
// internal/encoding): a JavaScript loop over bytes is ~10x slower in QuickJS.

const { nodeError } = require('internal/errors');
const { utf8Encode, utf8Write, decodeUTF8 } = require('internal/encoding');

// Captured now, before a program can replace the globals.
const nativeAtob = globalThis.atob;
const nativeBtoa = globalThis.btoa;
const nativeEscape = globalThis.escape;
const fromBase64 = Uint8Array.fromBase64;
const fromHex = Uint8Array.fromHex;
const toBase64 = Uint8Array.prototype.toBase64;
const toHex = Uint8Array.prototype.toHex;
const hasNative = typeof fromBase64 === 'function' && typeof fromHex === 'function' &&
  typeof toBase64 === 'function' && typeof toHex === 'function' &&
  typeof nativeAtob === 'function' && typeof nativeBtoa === 'function';

const CHUNK = 8192;
const LOOSE = { lastChunkHandling: 'loose' };
const URL_ALPHABET = { alphabet: 'base64url', omitPadding: true };
const NOT_BASE64 = /[^A-Za-z0-9+/]/;
const NOT_BASE64_G = /[^A-Za-z0-9+/]/g;
const NOT_HEX = /[^0-9a-fA-F]/;
const NOT_LATIN1 = /[^\x00-\xff]/;
const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_G = /[\x80-\xff]/g;
const HEX_DIGITS = '0123456789abcdef';

// ------------------------------------------------------------------ names

// The canonical name of an encoding ('utf8', 'utf16le', 'latin1', 'ascii', 'base64',
// 'base64url', 'hex'), or undefined. Case-insensitive, as Node's.
function normalizeEncoding(enc) {
  switch (enc) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'base64': return 'base64';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'base64url': return 'base64url';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    default:
  }
  if (typeof enc !== 'string') return undefined;
  switch (enc.toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'base64': return 'base64';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'base64url': return 'base64url';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    default: return undefined;
  }
}

const unknownEncoding = (enc) => nodeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);

// The canonical name, or ERR_UNKNOWN_ENCODING.
function checkEncoding(enc) {
  const name = normalizeEncoding(enc);
  if (name === undefined) throw unknownEncoding(enc);
  return name;
}

// ------------------------------------------------------------------ byte lengths

function utf8Length(str) {
  const length = str.length;
  // Long strings: encoding natively and counting beats a loop over the characters.
  if (length > 256 && hasNative) return utf8Encode(str).length;
  if (!NON_ASCII.test(str)) return length;
  let bytes = 0;
  for (let i = 0; i < length; i++) {
    const code = str.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      const low = str.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) { bytes += 4; i++; } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

// Node's estimate: padding at the end is not counted, other stray characters are.
function base64Length(str) {
  let n = str.length;
  if (n > 0 && str.charCodeAt(n - 1) === 0x3d) n--;
  if (n > 1 && str.charCodeAt(n - 1) === 0x3d) n--;
  return (n * 3) >>> 2;
}

function byteLengthOf(str, enc) {
  switch (enc) {
    case 'utf8': return utf8Length(str);
    case 'latin1': case 'ascii': return str.length;
    case 'utf16le': return str.length * 2;
    case 'hex': return str.length >>> 1;
    default: return base64Length(str);
  }
}

// ------------------------------------------------------------------ encoders (string → bytes)

function latin1Encode(str) {
  if (hasNative && !NOT_LATIN1.test(str)) return fromBase64(nativeBtoa(str));
  const length = str.length;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = str.charCodeAt(i);
  return out;
}

function utf16Encode(str) {
  const length = str.length;
  const out = new Uint8Array(length * 2);
  for (let i = 0, j = 0; i < length; i++, j += 2) {
    const code = str.charCodeAt(i);
    out[j] = code;
    out[j + 1] = code >>> 8;
  }
  return out;
}

// Node's lenient base64: both alphabets, other characters skipped, the end at the first '='.
function base64Encode(str) {
  if (hasNative) {
    // The common case (standard alphabet, whitespace, padding) natively; the rest below.
    try {
      return fromBase64(str, LOOSE);
    } catch {
      // fall through
    }
  }
  let text = str;
  const pad = text.indexOf('=');
  if (pad !== -1) text = text.slice(0, pad);
  if (NOT_BASE64.test(text)) {
    text = text.replaceAll('-', '+').replaceAll('_', '/').replace(NOT_BASE64_G, '');
  }
  if ((text.length & 3) === 1) text = text.slice(0, -1);
  if (hasNative) return fromBase64(text, LOOSE);
  const binary = nativeAtob(text);
  return latin1Encode(binary);
}

// Pairs of hex digits up to the first pair that is not one.
function hexEncode(str) {
  if (hasNative && (str.length & 1) === 0) {
    try {
      return fromHex(str);
    } catch {
      // fall through
    }
  }
  let text = str;
  if (NOT_HEX.test(text)) {
    let n = 0;
    const length = text.length;
    for (; n < length; n++) {
      const c = text.charCodeAt(n);
      if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) break;
    }
    text = text.slice(0, n);
  }
  if (text.length & 1) text = text.slice(0, -1);
  if (hasNative) return fromHex(text);
  const out = new Uint8Array(text.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.substr(i * 2, 2), 16);
  return out;
}

// Short strings: a loop beats the native round trips; any non-ASCII goes the general way.
function utf8EncodeShort(str) {
  const length = str.length;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const code = str.charCodeAt(i);
    if (code >= 0x80) return utf8Encode(str);
    out[i] = code;
  }
  return out;
}

// A fresh Uint8Array of str in a canonical encoding.
function encodeString(str, enc) {
  switch (enc) {
    case 'utf8': return str.length <= 32 ? utf8EncodeShort(str) : utf8Encode(str);
    case 'latin1': case 'ascii': return latin1Encode(str);
    case 'utf16le': return utf16Encode(str);
    case 'hex': return hexEncode(str);
    default: return base64Encode(str);
  }
}

// Writes str into target[offset, offset + max) and returns the bytes written: whole
// characters only for utf8 and utf16le, as Node.
function writeString(target, str, offset, max, enc) {
  if (max <= 0) return 0;
  if (enc === 'utf8') {
    if (str.length <= 64) return utf8Write(str, new Uint8Array(target.buffer, target.byteOffset + offset, max))[1];
    let bytes = utf8Encode(str);
    if (bytes.length > max) {
      // Whole characters only: back off to the start of the character cut at max.
      let end = max;
      while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
      bytes = bytes.subarray(0, end);
    }
    target.set(bytes, offset);
    return bytes.length;
  }
  if (enc === 'latin1' || enc === 'ascii') {
    if (str.length > max) str = str.slice(0, max);
    if (str.length > 32 || !hasNative) {
      target.set(latin1Encode(str), offset);
    } else {
      for (let i = 0; i < str.length; i++) target[offset + i] = str.charCodeAt(i);
    }
    return str.length;
  }
  if (enc === 'utf16le') {
    const units = Math.min(str.length, max >>> 1);
    let j = offset;
    for (let i = 0; i < units; i++, j += 2) {
      const code = str.charCodeAt(i);
      target[j] = code;
      target[j + 1] = code >>> 8;
    }
    return units * 2;
  }
  let bytes = enc === 'hex' ? hexEncode(str) : base64Encode(str);
  if (bytes.length > max) bytes = bytes.subarray(0, max);
  target.set(bytes, offset);
  return bytes.length;
}

// ------------------------------------------------------------------ decoders (bytes → string)

// Bytes as char codes 0-255.
function latin1Decode(bytes) {
  if (bytes.length === 0) return '';
  if (hasNative) return nativeAtob(toBase64.call(bytes));
  let text = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK));
  }
  return text;
}

const maskHigh = (c) => String.fromCharCode(c.charCodeAt(0) & 0x7f);

function asciiDecode(bytes) {
  const text = latin1Decode(bytes);
  return NON_ASCII.test(text) ? text.replace(NON_ASCII_G, maskHigh) : text;
}

// Pairs of bytes as UTF-16 code units, little-endian; an odd last byte is ignored.
function utf16Decode(bytes) {
  const units = bytes.length >>> 1;
  if (units === 0) return '';
  let text = '';
  const codes = new Array(Math.min(units, CHUNK));
  for (let start = 0; start < units; start += CHUNK) {
    const end = Math.min(units, start + CHUNK);
    let n = 0;
    for (let i = start * 2, stop = end * 2; i < stop; i += 2) codes[n++] = bytes[i] | (bytes[i + 1] << 8);
    if (n < codes.length) codes.length = n;
    text += String.fromCharCode.apply(null, codes);
  }
  return text;
}

function hexDecode(bytes) {
  if (hasNative) return toHex.call(bytes);
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += HEX_DIGITS[bytes[i] >> 4] + HEX_DIGITS[bytes[i] & 15];
  return text;
}

function base64Decode(bytes, url) {
  if (hasNative) return url ? toBase64.call(bytes, URL_ALPHABET) : toBase64.call(bytes);
  const text = nativeBtoa(latin1Decode(bytes));
  return url ? text.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '') : text;
}

const UTF8_CHUNK = 1 << 16;

// Valid UTF-8 natively (bytes → Latin-1 → escape → decodeURIComponent); anything else
// through the WHATWG decoder of internal/encoding.
function utf8DecodeChunk(bytes) {
  if (!hasNative || typeof nativeEscape !== 'function') return decodeUTF8(bytes);
  const binary = nativeAtob(toBase64.call(bytes));
  if (!NON_ASCII.test(binary)) return binary;
  try {
    return decodeURIComponent(nativeEscape(binary));
  } catch {
    return decodeUTF8(bytes);
  }
}

// UTF-8 with invalid sequences as U+FFFD. Short input: a loop for ASCII. Long input: in
// chunks cut before a byte that is not a continuation byte (where no decoder state carries
// over), so that invalid bytes send only their own chunk down the slow path.
function utf8Decode(bytes) {
  const length = bytes.length;
  if (length <= 32) {
    for (let i = 0; i < length; i++) if (bytes[i] >= 0x80) return decodeUTF8(bytes);
    return String.fromCharCode.apply(null, bytes);
  }
  if (length <= UTF8_CHUNK * 2) return utf8DecodeChunk(bytes);
  let text = '';
  for (let start = 0; start < length;) {
    let end = start + UTF8_CHUNK;
    if (end >= length) {
      end = length;
    } else {
      for (let k = end; k > end - 4; k--) {
        if ((bytes[k] & 0xc0) !== 0x80) { end = k; break; }
      }
    }
    text += utf8DecodeChunk(new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start));
    start = end;
  }
  return text;
}

// bytes (a Uint8Array) as a string in a canonical encoding.
function decodeBytes(bytes, enc) {
  switch (enc) {
    case 'utf8': return utf8Decode(bytes);
    case 'latin1': return latin1Decode(bytes);
    case 'ascii': return asciiDecode(bytes);
    case 'utf16le': return utf16Decode(bytes);
    case 'hex': return hexDecode(bytes);
    case 'base64': return base64Decode(bytes, false);
    default: return base64Decode(bytes, true);
  }
}

module.exports = {
  normalizeEncoding,
  checkEncoding,
  unknownEncoding,
  byteLengthOf,
  utf8Length,
  encodeString,
  writeString,
  decodeBytes,
  latin1Decode,
  NON_ASCII,
};
