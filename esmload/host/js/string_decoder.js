'use strict';

// node:string_decoder — bytes to strings across chunk boundaries: a character split between
// writes is held back until it is complete (utf8, utf16le; base64 holds bytes up to a
// multiple of 3), and end() flushes what is left.
//
// The state lives in a 7-byte Buffer as in Node (so a decoder prints the same): bytes 0-3
// the held bytes, 4 how many are missing, 5 how many are held, 6 the encoding's number.

const { nodeError, describeReceived } = require('internal/errors');
const { normalizeEncoding, unknownEncoding, decodeBytes } = require('internal/buffer/codecs');
const { Buffer } = require('buffer');

const kNativeDecoder = Symbol('kNativeDecoder');
const MISSING = 4;
const BUFFERED = 5;
const ENCODING = 6;
const ENCODING_NUMBERS = { ascii: 0, utf8: 1, base64: 2, utf16le: 3, latin1: 4, hex: 5, base64url: 7 };

// How many bytes a UTF-8 sequence starting with `lead` has (0: not a lead byte).
const utf8SequenceLength = (lead) => ((lead & 0xe0) === 0xc0 ? 2 : (lead & 0xf0) === 0xe0 ? 3 : (lead & 0xf8) === 0xf0 ? 4 : 0);

// Bytes at the end of bytes[start:end] that begin an unfinished character: [count, missing].
function unfinishedTail(bytes, start, end, enc) {
  const length = end - start;
  if (enc === 'utf8') {
    for (let i = end - 1, seen = 1; i >= start && seen <= 4; i--, seen++) {
      if ((bytes[i] & 0xc0) === 0x80) continue;
      const needed = utf8SequenceLength(bytes[i]);
      return needed > seen ? [seen, needed - seen] : [0, 0];
    }
    return [0, 0];
  }
  if (enc === 'utf16le') {
    if (length & 1) return [1, 1];
    const high = length >= 2 ? bytes[end - 1] : 0;
    if (high >= 0xd8 && high <= 0xdb) return [2, 2];
    return [0, 0];
  }
  // base64, base64url: whole groups of 3 bytes.
  const rest = length % 3;
  return rest === 0 ? [0, 0] : [rest, 3 - rest];
}

function decoderEncoding(state) {
  const number = state[ENCODING];
  for (const name of Object.keys(ENCODING_NUMBERS)) if (ENCODING_NUMBERS[name] === number) return name;
  return 'utf8';
}

function decodeChunk(state, bytes, flush) {
  const enc = decoderEncoding(state);
  if (enc === 'latin1' || enc === 'ascii' || enc === 'hex') {
    return bytes.length === 0 ? '' : decodeBytes(bytes, enc);
  }
  let text = '';
  let start = 0;
  const end = bytes.length;
  while (state[MISSING] > 0 && start < end) {
    let take = Math.min(state[MISSING], end - start);
    if (enc === 'utf8') {
      // A byte that cannot continue the held character ends it (it decodes as U+FFFD).
      for (let i = 0; i < take; i++) {
        if ((bytes[start + i] & 0xc0) !== 0x80) {
          take = i;
          state[MISSING] = 0;
          break;
        }
      }
    }
    for (let i = 0; i < take; i++) state[state[BUFFERED] + i] = bytes[start + i];
    state[BUFFERED] += take;
    if (state[MISSING] > 0) state[MISSING] -= take;
    start += take;
    if (state[MISSING] === 0) {
      // (As Node: a high surrogate completed here is not held back for its pair.)
      text += decodeBytes(new Uint8Array(state.subarray(0, state[BUFFERED])), enc);
      state[BUFFERED] = 0;
    }
  }
  if (start < end && state[MISSING] === 0) {
    const [count, missing] = unfinishedTail(bytes, start, end, enc);
    const stop = end - count;
    if (stop > start) text += decodeBytes(bytes.subarray(start, stop), enc);
    if (count > 0) {
      for (let i = 0; i < count; i++) state[i] = bytes[stop + i];
      state[BUFFERED] = count;
      state[MISSING] = missing;
    }
  }
  if (flush && state[BUFFERED] > 0) {
    const held = new Uint8Array(state.subarray(0, state[BUFFERED]));
    text += enc === 'utf8' ? '\ufffd' : decodeBytes(held, enc);
    state[BUFFERED] = 0;
    state[MISSING] = 0;
  } else if (flush) {
    state[MISSING] = 0;
  }
  return text;
}

function checkChunk(buf) {
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "buf" argument must be an instance of Buffer, TypedArray, or DataView.${describeReceived(buf)}`);
}

function StringDecoder(encoding) {
  if (!new.target) return new StringDecoder(encoding);
  const enc = encoding === undefined || encoding === null || encoding === '' ? 'utf8' : normalizeEncoding(encoding);
  if (enc === undefined) throw unknownEncoding(encoding);
  this.encoding = enc;
  const state = Buffer.alloc(7);
  state[ENCODING] = ENCODING_NUMBERS[enc];
  this[kNativeDecoder] = state;
}

StringDecoder.prototype.write = function write(buf) {
  if (typeof buf === 'string') return buf;
  return decodeChunk(this[kNativeDecoder], checkChunk(buf), false);
};

StringDecoder.prototype.end = function end(buf) {
  let text = '';
  if (buf !== undefined) text = this.write(buf);
  return text + decodeChunk(this[kNativeDecoder], new Uint8Array(0), true);
};

Object.defineProperties(StringDecoder.prototype, {
  lastChar: {
    get() { return this[kNativeDecoder].subarray(0, 4); },
    configurable: true,
    enumerable: true,
  },
  lastNeed: {
    get() { return this[kNativeDecoder][MISSING]; },
    configurable: true,
    enumerable: true,
  },
  lastTotal: {
    get() { return this[kNativeDecoder][BUFFERED] + this[kNativeDecoder][MISSING]; },
    configurable: true,
    enumerable: true,
  },
});

module.exports = {
  StringDecoder,
};
