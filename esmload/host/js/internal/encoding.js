'use strict';

// UTF-8: TextEncoder and TextDecoder, and the codec they share with the rest of the prelude.

const { customInspectSymbol: CUSTOM_INSPECT, hostClasses } = require('internal/util');
const { nodeError, describeReceived, invalidArgType } = require('internal/errors');
const { isArrayBuffer, isSharedArrayBuffer } = require('internal/util/types');

// Bulk conversions go through native functions where the engine has them (a JS loop over
// bytes is ~10x slower in QuickJS): bytes → base64 → binary string → escape() →
// decodeURIComponent() decodes valid UTF-8, and the reverse encodes. Anything the native
// path rejects (invalid or unfinished sequences) goes through the WHATWG decoder in JS,
// which also carries streaming state; it builds strings from chunks of at most 8192 units.
const CHUNK = 8192;
const nativeCodec = typeof Uint8Array.fromBase64 === 'function' && typeof Uint8Array.prototype.toBase64 === 'function' &&
  typeof globalThis.atob === 'function' && typeof globalThis.btoa === 'function' &&
  typeof globalThis.escape === 'function' && typeof globalThis.unescape === 'function' &&
  typeof String.prototype.toWellFormed === 'function';
// Captured when this module is first required, which bootstrap does before a program runs
// (programs may replace these globals) and before it installs its own atob and btoa.
const { atob: nativeAtob, btoa: nativeBtoa, escape: nativeEscape, unescape: nativeUnescape } = globalThis;
const NON_ASCII = /[^\x00-\x7f]/;

// Encoded length of str, lone surrogates counting as U+FFFD (3 bytes).
function utf8Length(str) {
  let bytes = 0;
  for (let i = 0; i < str.length; i++) {
    const code = str.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length) {
      const low = str.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) { bytes += 4; i++; } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

// Writes str into out (at most out.length bytes, whole characters only); returns
// [UTF-16 units read, bytes written]. Lone surrogates become U+FFFD (EF BF BD).
function utf8Write(str, out) {
  const end = out.length;
  let n = 0;
  let i = 0;
  for (; i < str.length; i++) {
    let code = str.charCodeAt(i);
    if (code < 0x80) {
      if (n >= end) break;
      out[n++] = code;
      continue;
    }
    if (code < 0x800) {
      if (n + 2 > end) break;
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = code <= 0xdbff && i + 1 < str.length ? str.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        if (n + 4 > end) break;
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        out[n++] = 0xf0 | (code >> 18);
        out[n++] = 0x80 | ((code >> 12) & 0x3f);
        out[n++] = 0x80 | ((code >> 6) & 0x3f);
        out[n++] = 0x80 | (code & 0x3f);
        i++;
        continue;
      }
      code = 0xfffd;
    }
    if (n + 3 > end) break;
    out[n++] = 0xe0 | (code >> 12);
    out[n++] = 0x80 | ((code >> 6) & 0x3f);
    out[n++] = 0x80 | (code & 0x3f);
  }
  return [i, n];
}

function utf8Encode(str) {
  if (nativeCodec && str.length > 16) {
    return Uint8Array.fromBase64(nativeBtoa(nativeUnescape(encodeURIComponent(str.toWellFormed()))));
  }
  const out = new Uint8Array(utf8Length(str));
  utf8Write(str, out);
  return out;
}

// Valid, complete UTF-8 decoded natively; null when the native path is missing or refuses.
function fastDecode(view) {
  if (!nativeCodec) return null;
  const binary = nativeAtob(view.toBase64());
  if (!NON_ASCII.test(binary)) return binary;
  try {
    return decodeURIComponent(nativeEscape(binary));
  } catch {
    return null;
  }
}

// Where an unfinished multi-byte sequence starts at the end of bytes[start:end] (end if none).
function completeEnd(bytes, start, end) {
  for (let i = end - 1; i >= start && i >= end - 3; i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0 && end - i < (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2)) return i;
    return end;
  }
  return end;
}

const FATAL_MESSAGE = 'The encoded data was not valid for encoding utf-8';
const freshState = () => [0, 0, 0, 0x80, 0xbf];

function resetState(state) {
  state[0] = state[1] = state[2] = 0;
  state[3] = 0x80;
  state[4] = 0xbf;
}

// The WHATWG UTF-8 decoder over bytes[start:end]. `state` = [bytesNeeded, bytesSeen,
// codePoint, lowerBoundary, upperBoundary] carries an unfinished sequence between calls.
// With stopWhenClean it returns as soon as no sequence is pending. Returns [text, next].
function decodeSlow(bytes, start, end, state, fatal, stopWhenClean) {
  let [needed, seen, code, lower, upper] = state;
  const units = new Array(Math.min(CHUNK + 1, end - start + 1));
  let n = 0;
  let text = '';
  const fail = () => {
    resetState(state);
    throw nodeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA', FATAL_MESSAGE);
  };
  let i = start;
  for (; i < end; i++) {
    const byte = bytes[i];
    if (needed === 0) {
      if (byte < 0x80) {
        units[n++] = byte;
      } else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        code = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        else if (byte === 0xed) upper = 0x9f;
        needed = 2;
        code = byte & 0x0f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        else if (byte === 0xf4) upper = 0x8f;
        needed = 3;
        code = byte & 0x07;
      } else {
        if (fatal) fail();
        units[n++] = 0xfffd;
      }
    } else if (byte < lower || byte > upper) {
      // A broken sequence: one U+FFFD, then this byte starts afresh.
      needed = seen = code = 0;
      lower = 0x80;
      upper = 0xbf;
      if (fatal) fail();
      units[n++] = 0xfffd;
      if (stopWhenClean) break;
      i--;
    } else {
      lower = 0x80;
      upper = 0xbf;
      code = (code << 6) | (byte & 0x3f);
      if (++seen === needed) {
        if (code > 0xffff) {
          code -= 0x10000;
          units[n++] = 0xd800 | (code >> 10);
          units[n++] = 0xdc00 | (code & 0x3ff);
        } else {
          units[n++] = code;
        }
        needed = seen = code = 0;
        if (stopWhenClean) { i++; break; }
      }
    }
    if (n >= CHUNK) {
      text += String.fromCharCode.apply(null, n === units.length ? units : units.slice(0, n));
      n = 0;
    }
  }
  state[0] = needed;
  state[1] = seen;
  state[2] = code;
  state[3] = lower;
  state[4] = upper;
  if (n > 0) text += String.fromCharCode.apply(null, n === units.length ? units : units.slice(0, n));
  return [text, i];
}

// Decodes bytes after whatever `state` holds; with flush, an unfinished sequence at the end
// is an error (U+FFFD, or TypeError when fatal), otherwise it stays in `state`.
function utf8Decode(bytes, state, fatal, flush) {
  const end = bytes.length;
  let text = '';
  let start = 0;
  if (state[0] !== 0) [text, start] = decodeSlow(bytes, 0, end, state, fatal, true);
  if (start < end) {
    const cut = flush ? end : completeEnd(bytes, start, end);
    const fast = cut - start > 0 ? fastDecode(bytes.subarray(start, cut)) : null;
    if (fast !== null) {
      text += fast;
      start = cut;
    }
    if (start < end) text += decodeSlow(bytes, start, end, state, fatal, false)[0];
  }
  if (flush && state[0] !== 0) {
    resetState(state);
    if (fatal) throw nodeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA', FATAL_MESSAGE);
    text += '\ufffd';
  }
  return text;
}

class TextEncoder {
  get encoding() { return 'utf-8'; }

  encode(input = '') {
    return utf8Encode(`${input}`);
  }

  encodeInto(source, destination) {
    if (!(destination instanceof Uint8Array)) throw invalidArgType('dest', 'Uint8Array', destination);
    const text = `${source}`;
    if (nativeCodec && text.length > 16) {
      const bytes = utf8Encode(text);
      if (bytes.length <= destination.length) {
        destination.set(bytes);
        return { read: text.length, written: bytes.length };
      }
    }
    const [read, written] = utf8Write(text, destination);
    return { read, written };
  }

  [CUSTOM_INSPECT]() { return "{ encoding: 'utf-8' }"; }
}
hostClasses.add(TextEncoder);

const UTF8_LABELS = ['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8'];

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (isArrayBuffer(input) || isSharedArrayBuffer(input)) return new Uint8Array(input);
  throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.${describeReceived(input)}`);
}

class TextDecoder {
  #fatal;
  #ignoreBOM;
  #state = freshState();
  #streaming = false;
  #bomChecked = false;

  constructor(label = 'utf-8', options = {}) {
    const name = `${label}`.trim().toLowerCase();
    if (!UTF8_LABELS.includes(name)) {
      throw nodeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${label}" encoding is not supported`);
    }
    options = options === null || options === undefined ? {} : options;
    this.#fatal = Boolean(options.fatal);
    this.#ignoreBOM = Boolean(options.ignoreBOM);
  }

  get encoding() { return 'utf-8'; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input = undefined, options = undefined) {
    const bytes = toBytes(input);
    const stream = Boolean(options && options.stream);
    if (!this.#streaming) {
      // A new stream: forget any state of a previous (failed) one.
      resetState(this.#state);
      this.#bomChecked = false;
    }
    this.#streaming = stream;
    let text = utf8Decode(bytes, this.#state, this.#fatal, !stream);
    if (!this.#bomChecked && text.length > 0) {
      this.#bomChecked = true;
      if (!this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!stream) this.#bomChecked = false;
    return text;
  }

  [CUSTOM_INSPECT]() {
    return `TextDecoder { encoding: 'utf-8', fatal: ${this.#fatal}, ignoreBOM: ${this.#ignoreBOM} }`;
  }
}
hostClasses.add(TextDecoder);

// Bytes to text in one go, invalid sequences as U+FFFD.
const decodeUTF8 = (bytes) => utf8Decode(bytes, freshState(), false, true);

module.exports = {
  utf8Encode,
  utf8Write,
  decodeUTF8,
  toBytes,
  TextEncoder,
  TextDecoder,
};
