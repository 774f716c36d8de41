'use strict';

// node:buffer — Buffer (a Uint8Array subclass), Blob, File, the limits and atob/btoa.
//
// Buffers are plain Uint8Arrays whose prototype is Buffer.prototype (Object.setPrototypeOf
// on a fresh array is the cheapest way to make one in QuickJS); the hidden class FastBuffer
// shares that prototype and is the species constructor, so TypedArray methods (map, filter)
// make Buffers without going through the deprecated Buffer() call. QuickJS always zeroes new
// memory, so allocUnsafe is alloc, and there is no pool: every Buffer owns its ArrayBuffer
// unless it is a view (from(arrayBuffer), slice, subarray).

const { nodeError, describeReceived, invalidArgType } = require('internal/errors');
const { customInspectSymbol, hostClasses } = require('internal/util');
const { inspect } = require('internal/util/inspect');
const { isArrayBuffer, isSharedArrayBuffer, typedArrayTag } = require('internal/util/types');
const {
  normalizeEncoding, checkEncoding, unknownEncoding, byteLengthOf, utf8Length, encodeString,
  writeString, decodeBytes, latin1Decode, NON_ASCII,
} = require('internal/buffer/codecs');
const {
  outOfRange, outOfBounds, mustBeInstance, isUint8Array, checkUint8Array, checkOffset, kMaxLength,
} = require('internal/buffer/checks');
const { numberMethods } = require('internal/buffer/numbers');

const kStringMaxLength = 536870888;
const setProto = Object.setPrototypeOf;
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const nativeFill = TypedArrayProto.fill;
const nativeIndexOf = TypedArrayProto.indexOf;
const nativeLastIndexOf = TypedArrayProto.lastIndexOf;
const nativeSlice = TypedArrayProto.slice;
const INDEX_KEY = /^(0|[1-9][0-9]*)$/;

let inspectMaxBytes = 50;

// ------------------------------------------------------------------ construction

// The hidden class behind Buffer: same prototype, used as the species constructor.
class FastBuffer extends Uint8Array {}

const BufferProto = FastBuffer.prototype;
const wrap = (u8) => setProto(u8, BufferProto);
const createBuffer = (size) => setProto(new Uint8Array(size), BufferProto);
const viewOf = (buf, start, end) => new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);

let deprecationShown = false;
let deprecationChecks = 0;
function warnDeprecatedBuffer() {
  // As Node: no warning for calls from code in node_modules (looked at for the first 10000
  // calls only: reading the stack is not free).
  if (deprecationShown || ++deprecationChecks > 10000) return;
  const stack = `${new Error().stack}`.split('\n');
  const caller = stack.find((line, i) => i > 2 && /\bat\b/.test(line)) || '';
  if (/[\\/]node_modules[\\/]/.test(caller)) return;
  deprecationShown = true;
  process.emitWarning('Buffer() is deprecated due to security and usability issues. Please use the ' +
    'Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.', 'DeprecationWarning', 'DEP0005');
}

// Buffer(arg, encodingOrOffset, length): deprecated, with or without `new`.
function Buffer(arg, encodingOrOffset, length) {
  warnDeprecatedBuffer();
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') throw invalidArgType('string', 'string', arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}

Buffer.prototype = BufferProto;
Object.defineProperty(BufferProto, 'constructor', { value: Buffer, writable: true, configurable: true, enumerable: false });
setProto(Buffer, Uint8Array);
Object.defineProperty(Buffer, Symbol.species, { get() { return FastBuffer; }, configurable: true });
hostClasses.add(FastBuffer);

Buffer.poolSize = 8192;

function fromString(string, encoding) {
  const enc = typeof encoding === 'string' && encoding.length !== 0 ? checkEncoding(encoding) : 'utf8';
  return wrap(encodeString(string, enc));
}

function fromArrayBuffer(arrayBuffer, byteOffset, length) {
  const size = arrayBuffer.byteLength;
  if (byteOffset === undefined) {
    byteOffset = 0;
  } else {
    byteOffset = +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = 0;
    if (byteOffset < 0) throw new RangeError(`Start offset ${byteOffset} is outside the bounds of the buffer`);
    byteOffset = Math.trunc(byteOffset);
  }
  const available = size - byteOffset;
  if (available < 0) throw outOfBounds('offset');
  if (length === undefined) {
    length = available;
  } else {
    length = +length;
    length = length > 0 ? Math.trunc(length) : 0;
    if (length > available) throw outOfBounds('length');
  }
  return wrap(new Uint8Array(arrayBuffer, byteOffset, length));
}

function fromArrayLike(value) {
  const length = value.length;
  if (typeof length !== 'number' || !(length > 0)) return createBuffer(0);
  if (ArrayBuffer.isView(value) || Array.isArray(value)) return wrap(new Uint8Array(value));
  const out = createBuffer(Math.trunc(length));
  for (let i = 0; i < out.length; i++) out[i] = value[i];
  return out;
}

const FIRST_ARGUMENT = 'The first argument must be of type string or an instance of Buffer, ArrayBuffer, ' +
  'or Array or an Array-like Object.';

Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') return fromString(value, encodingOrOffset);
  if (typeof value === 'object' && value !== null) {
    if (isUint8Array(value)) return wrap(nativeSlice.call(value));
    if (isArrayBuffer(value) || isSharedArrayBuffer(value)) return fromArrayBuffer(value, encodingOrOffset, length);
    const primitive = value.valueOf && value.valueOf();
    if (primitive != null && primitive !== value) return Buffer.from(primitive, encodingOrOffset, length);
    if (value.length !== undefined || isArrayBuffer(value.buffer) || isSharedArrayBuffer(value.buffer)) {
      return fromArrayLike(value);
    }
    if (value.type === 'Buffer' && Array.isArray(value.data)) return fromArrayLike(value.data);
    if (typeof value[Symbol.toPrimitive] === 'function') {
      const text = value[Symbol.toPrimitive]('string');
      if (typeof text === 'string') return fromString(text, encodingOrOffset);
    }
  }
  throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `${FIRST_ARGUMENT}${describeReceived(value)}`);
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
  if (!ArrayBuffer.isView(view) || typedArrayTag(view) === undefined) throw mustBeInstance('view', 'TypedArray', view);
  const size = view.length;
  if (size === 0) return createBuffer(0);
  let start = 0;
  let end = size;
  if (offset !== undefined || length !== undefined) {
    if (offset !== undefined) {
      checkOffset(offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
      if (offset >= size) return createBuffer(0);
      start = offset;
    }
    if (length !== undefined) {
      checkOffset(length, 'length', 0, Number.MAX_SAFE_INTEGER);
      end = Math.min(size, start + length);
    }
  }
  const unit = view.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(view.buffer, view.byteOffset + start * unit, (end - start) * unit);
  return wrap(nativeSlice.call(bytes));
};

Buffer.of = function of(...items) {
  return wrap(new Uint8Array(items));
};

function checkSize(size) {
  if (typeof size !== 'number') throw invalidArgType('size', 'number', size);
  if (!(size >= 0 && size <= kMaxLength)) throw outOfRange('size', `>= 0 && <= ${kMaxLength}`, size);
}

Buffer.alloc = function alloc(size, fill, encoding) {
  checkSize(size);
  const buf = createBuffer(size);
  if (fill !== undefined && fill !== 0 && size > 0) fillBuffer(buf, fill, 0, buf.length, encoding);
  return buf;
};

Buffer.allocUnsafe = function allocUnsafe(size) {
  checkSize(size);
  return createBuffer(size);
};

Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) {
  checkSize(size);
  return createBuffer(size);
};

// Deprecated: Buffer.allocUnsafeSlow.
function SlowBuffer(size) {
  checkSize(size);
  return createBuffer(size);
}

Buffer.isBuffer = function isBuffer(value) {
  return value instanceof Buffer;
};

Buffer.compare = function compare(buf1, buf2) {
  checkUint8Array(buf1, 'buf1');
  checkUint8Array(buf2, 'buf2');
  if (buf1 === buf2) return 0;
  return compareRanges(buf1, 0, buf1.length, buf2, 0, buf2.length);
};

Buffer.isEncoding = function isEncoding(encoding) {
  return typeof encoding === 'string' && encoding.length !== 0 && normalizeEncoding(encoding) !== undefined;
};

Buffer[Symbol('kIsEncodingSymbol')] = Buffer.isEncoding;

Buffer.concat = function concat(list, totalLength) {
  if (!Array.isArray(list)) throw mustBeInstance('list', 'Array', list);
  if (list.length === 0) return createBuffer(0);
  if (totalLength === undefined) {
    totalLength = 0;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (!isUint8Array(item)) throw mustBeInstance(`list[${i}]`, 'Buffer or Uint8Array', item);
      totalLength += item.length;
    }
  } else {
    checkOffset(totalLength, 'length');
  }
  const out = createBuffer(totalLength);
  let pos = 0;
  for (let i = 0; i < list.length && pos < totalLength; i++) {
    const item = list[i];
    if (!isUint8Array(item)) throw mustBeInstance(`list[${i}]`, 'Buffer or Uint8Array', item);
    const room = totalLength - pos;
    out.set(item.length > room ? viewOf(item, 0, room) : item, pos);
    pos += Math.min(item.length, room);
  }
  return out;
};

Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string !== 'string') {
    if (ArrayBuffer.isView(string) || isArrayBuffer(string) || isSharedArrayBuffer(string)) return string.byteLength;
    throw invalidArgType('string', 'string or an instance of Buffer or ArrayBuffer', string);
  }
  if (string.length === 0) return 0;
  if (!encoding) return utf8Length(string);
  const enc = normalizeEncoding(encoding);
  return enc === undefined ? utf8Length(string) : byteLengthOf(string, enc);
};

// ------------------------------------------------------------------ comparison and search

// -1, 0 or 1: a[as, ae) against b[bs, be), bytes as unsigned numbers.
function compareRanges(a, as, ae, b, bs, be) {
  const la = ae - as;
  const lb = be - bs;
  const n = la < lb ? la : lb;
  if (n > 48) {
    // Latin-1 strings compare like the bytes, natively.
    const sa = latin1Decode(viewOf(a, as, as + n));
    const sb = latin1Decode(viewOf(b, bs, bs + n));
    if (sa !== sb) return sa < sb ? -1 : 1;
  } else {
    for (let i = 0; i < n; i++) {
      const x = a[as + i];
      const y = b[bs + i];
      if (x !== y) return x < y ? -1 : 1;
    }
  }
  return la < lb ? -1 : la > lb ? 1 : 0;
}

// Where a search for `needleLength` bytes starts, Node's rules for byteOffset (-1: none).
function searchStart(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    return forward || needleLength === 0 ? 0 : -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  return forward ? -1 : length - 1;
}

// Position of needle (bytes) in buf from `start` (forward or backward); `step` 2 keeps
// UTF-16 matches on even positions.
function searchBytes(buf, needle, start, forward, step) {
  const n = needle.length;
  const length = buf.length;
  if (n === 0) return start;
  const first = needle[0];
  const last = length - n;
  if (forward) {
    let i = start;
    while (i <= last) {
      i = nativeIndexOf.call(buf, first, i);
      if (i === -1 || i > last) return -1;
      if ((step === 1 || (i & 1) === 0) && matchesAt(buf, needle, i)) return i;
      i++;
    }
    return -1;
  }
  let i = Math.min(start, last);
  while (i >= 0) {
    i = nativeLastIndexOf.call(buf, first, i);
    if (i === -1) return -1;
    if ((step === 1 || (i & 1) === 0) && matchesAt(buf, needle, i)) return i;
    i--;
  }
  return -1;
}

function matchesAt(buf, needle, at) {
  for (let j = 1; j < needle.length; j++) if (buf[at + j] !== needle[j]) return false;
  return true;
}

function searchIndex(buf, value, byteOffset, encoding, forward) {
  if (typeof byteOffset === 'string') {
    encoding = byteOffset;
    byteOffset = undefined;
  }
  byteOffset = +byteOffset;
  if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : buf.length;
  byteOffset = Math.trunc(byteOffset);
  const length = buf.length;
  if (typeof value === 'number') {
    const start = searchStart(length, byteOffset, 1, forward);
    if (start === -1 || length === 0) return -1;
    return (forward ? nativeIndexOf : nativeLastIndexOf).call(buf, (value >>> 0) & 255, start);
  }
  let needle;
  let step = 1;
  if (typeof value === 'string') {
    const enc = encoding === undefined ? 'utf8' : checkEncoding(encoding);
    needle = encodeString(value, enc);
    if (enc === 'utf16le') {
      step = 2;
      if (length < 2 || needle.length === 0) return -1;
    }
  } else if (isUint8Array(value)) {
    needle = value;
  } else {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "value" argument must be one of type number or string ' +
      `or an instance of Buffer or Uint8Array.${describeReceived(value)}`);
  }
  let start = searchStart(length, byteOffset, needle.length, forward);
  if (start === -1) return -1;
  if (needle.length === 0) return start;
  if (step === 2) start -= start & 1;  // UTF-16 searches count in whole code units
  if (needle.length > length) return -1;
  if (needle.length === 1) return (forward ? nativeIndexOf : nativeLastIndexOf).call(buf, needle[0], start);
  return searchBytes(buf, needle, start, forward, step);
}

// ------------------------------------------------------------------ fill

function fillBuffer(buf, value, offset, end, encoding) {
  let enc = 'utf8';
  if (typeof value === 'string') {
    if (typeof offset === 'string') {
      encoding = offset;
      offset = 0;
      end = buf.length;
    } else if (typeof end === 'string') {
      encoding = end;
      end = buf.length;
    }
    if (encoding !== undefined && typeof encoding !== 'string') throw invalidArgType('encoding', 'string', encoding);
    if (encoding !== undefined) {
      enc = normalizeEncoding(encoding);
      if (enc === undefined) throw unknownEncoding(encoding);
    }
    if (value.length === 0) {
      value = 0;
    } else if (value.length === 1) {
      const code = value.charCodeAt(0);
      if ((enc === 'utf8' && code < 128) || enc === 'latin1') value = code;
    }
  } else if (typeof value === 'boolean') {
    value = Number(value);
  }
  offset = offset === undefined ? 0 : checkOffset(offset, 'offset');
  end = end === undefined ? buf.length : checkOffset(end, 'end', 0, buf.length);
  if (offset >= end) return buf;
  if (typeof value === 'number') {
    nativeFill.call(buf, value & 255, offset, end);
    return buf;
  }
  let bytes;
  if (typeof value === 'string') bytes = encodeString(value, enc);
  else if (ArrayBuffer.isView(value)) bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  else {
    nativeFill.call(buf, (value >>> 0) & 255, offset, end);
    return buf;
  }
  if (bytes.length === 0) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'value' is invalid. Received ${inspect(value)}`);
  }
  if (bytes.buffer === buf.buffer) bytes = nativeSlice.call(bytes);
  const size = end - offset;
  const first = Math.min(bytes.length, size);
  buf.set(first === bytes.length ? bytes : bytes.subarray(0, first), offset);
  for (let filled = first; filled < size;) {
    const chunk = Math.min(filled, size - filled);
    buf.copyWithin(offset + filled, offset, offset + chunk);
    filled += chunk;
  }
  return buf;
}

for (const name of Object.keys(numberMethods)) {
  BufferProto[name] = numberMethods[name];
  // Lower-case aliases: readUint8, writeBigUint64LE, …
  if (name.includes('UInt')) BufferProto[name.replace('UInt', 'Uint')] = numberMethods[name];
}

// ------------------------------------------------------------------ prototype

// Node's encoding-specific methods (used by some npm packages): xxxSlice(start, end) and
// xxxWrite(string, offset, length).
for (const [prefix, enc] of [['ascii', 'ascii'], ['base64', 'base64'], ['base64url', 'base64url'],
  ['latin1', 'latin1'], ['hex', 'hex'], ['ucs2', 'utf16le'], ['utf8', 'utf8']]) {
  BufferProto[`${prefix}Slice`] = function slice(start = 0, end = this.length) {
    if (start > this.length || end > this.length) throw outOfBounds();
    if (end <= start) return '';
    return decodeBytes(viewOf(this, start, end), enc);
  };
  BufferProto[`${prefix}Write`] = function write(string, offset = 0, length = this.length - offset) {
    if (typeof string !== 'string') throw invalidArgType('argument', 'string', string);
    if (offset > this.length) throw outOfBounds();
    return writeString(this, string, offset, Math.min(length, this.length - offset), enc);
  };
}

Object.defineProperty(BufferProto, 'parent', {
  get() { return this instanceof Buffer ? this.buffer : undefined; },
  enumerable: true,
  configurable: true,
});
Object.defineProperty(BufferProto, 'offset', {
  get() { return this instanceof Buffer ? this.byteOffset : undefined; },
  enumerable: true,
  configurable: true,
});

BufferProto.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  checkUint8Array(target, 'target');
  const toInteger = (n) => {
    n = +n;
    return Number.isNaN(n) ? 0 : Math.floor(n);
  };
  targetStart = targetStart === undefined ? 0 : toInteger(targetStart);
  if (targetStart < 0) throw outOfRange('targetStart', '>= 0', targetStart);
  sourceStart = sourceStart === undefined ? 0 : toInteger(sourceStart);
  if (sourceStart < 0 || sourceStart > this.length) {
    throw outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
  }
  sourceEnd = sourceEnd === undefined ? this.length : toInteger(sourceEnd);
  if (sourceEnd < 0) throw outOfRange('sourceEnd', '>= 0', sourceEnd);
  if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
  const count = Math.min(sourceEnd - sourceStart, target.length - targetStart, this.length - sourceStart);
  if (count <= 0) return 0;
  target.set(viewOf(this, sourceStart, sourceStart + count), targetStart);
  return count;
};

BufferProto.toString = function toString(encoding, start, end) {
  if (arguments.length === 0) return decodeBytes(this, 'utf8');
  const length = this.length;
  if (start === undefined || start <= 0) start = 0;
  else if (start >= length) return '';
  else start = Math.trunc(start) || 0;
  if (end === undefined || end > length) end = length;
  else end = Math.trunc(end) || 0;
  if (end <= start) return '';
  const enc = encoding === undefined ? 'utf8' : checkEncoding(encoding);
  return decodeBytes(start === 0 && end === length ? this : viewOf(this, start, end), enc);
};

BufferProto.equals = function equals(otherBuffer) {
  checkUint8Array(otherBuffer, 'otherBuffer');
  if (this === otherBuffer) return true;
  if (this.length !== otherBuffer.length) return false;
  return compareRanges(this, 0, this.length, otherBuffer, 0, otherBuffer.length) === 0;
};

BufferProto.inspect = function inspectBuffer(recurseTimes, ctx) {
  const shown = Math.min(inspectMaxBytes, this.length);
  let text = decodeBytes(viewOf(this, 0, shown), 'hex').replace(/(..)(?!$)/g, '$1 ');
  const remaining = this.length - inspectMaxBytes;
  if (remaining > 0) text += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  if (ctx) {
    // Own properties other than indices, shown after the bytes.
    const extras = { __proto__: null };
    let any = false;
    const names = this.length <= 10000 || ctx.showHidden
      ? (ctx.showHidden ? Object.getOwnPropertyNames(this) : Object.keys(this)) : [];
    for (const key of names) {
      if (INDEX_KEY.test(key) && +key < this.length) continue;
      any = true;
      extras[key] = this[key];
    }
    if (any) {
      const shownExtras = inspect(extras, { ...ctx, breakLength: Infinity, compact: true });
      text += `${this.length !== 0 ? ', ' : ''}${shownExtras.slice(27, -2)}`;
    }
  }
  return `<${this.constructor.name} ${text}>`;
};
BufferProto[customInspectSymbol] = BufferProto.inspect;

BufferProto.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  checkUint8Array(target, 'target');
  targetStart = targetStart === undefined ? 0 : checkOffset(targetStart, 'targetStart');
  targetEnd = targetEnd === undefined ? target.length : checkOffset(targetEnd, 'targetEnd', 0, target.length);
  sourceStart = sourceStart === undefined ? 0 : checkOffset(sourceStart, 'sourceStart');
  sourceEnd = sourceEnd === undefined ? this.length : checkOffset(sourceEnd, 'sourceEnd', 0, this.length);
  if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
  if (targetStart >= targetEnd) return 1;
  if (targetStart > target.length) throw outOfRange('targetStart', `>= 0 && <= ${target.length}`, targetStart);
  if (sourceStart > this.length) throw outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sourceStart);
  return compareRanges(this, sourceStart, sourceEnd, target, targetStart, targetEnd);
};

BufferProto.indexOf = function indexOf(value, byteOffset, encoding) {
  return searchIndex(this, value, byteOffset, encoding, true);
};

BufferProto.lastIndexOf = function lastIndexOf(value, byteOffset, encoding) {
  return searchIndex(this, value, byteOffset, encoding, false);
};

BufferProto.includes = function includes(value, byteOffset, encoding) {
  return searchIndex(this, value, byteOffset, encoding, true) !== -1;
};

BufferProto.fill = function fill(value, offset, end, encoding) {
  return fillBuffer(this, value, offset, end, encoding);
};

BufferProto.write = function write(string, offset, length, encoding) {
  if (typeof string !== 'string') throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
  if (offset === undefined) return writeString(this, string, 0, this.length, 'utf8');
  if (length === undefined && typeof offset === 'string') {
    encoding = offset;
    length = this.length;
    offset = 0;
  } else {
    checkOffset(offset, 'offset', 0, this.length);
    const remaining = this.length - offset;
    if (length === undefined) {
      length = remaining;
    } else if (typeof length === 'string') {
      encoding = length;
      length = remaining;
    } else {
      checkOffset(length, 'length', 0, this.length);
      if (length > remaining) length = remaining;
    }
  }
  const enc = !encoding ? 'utf8' : checkEncoding(encoding);
  return writeString(this, string, offset, length, enc);
};

BufferProto.toJSON = function toJSON() {
  const length = this.length;
  const data = new Array(length);
  for (let i = 0; i < length; i++) data[i] = this[i];
  return { type: 'Buffer', data };
};

// Start or end of slice/subarray: negative counts from the end, clamped to [0, length].
function relativeIndex(value, length) {
  value = Math.trunc(value);
  if (value === 0 || Number.isNaN(value)) return 0;
  if (value < 0) return value + length > 0 ? value + length : 0;
  return value < length ? value : length;
}

BufferProto.subarray = function subarray(start, end) {
  const length = this.length;
  start = start === undefined ? 0 : relativeIndex(start, length);
  end = end === undefined ? length : relativeIndex(end, length);
  return wrap(new Uint8Array(this.buffer, this.byteOffset + start, end > start ? end - start : 0));
};
BufferProto.slice = BufferProto.subarray;

function swapError(bits) {
  return nodeError(RangeError, 'ERR_INVALID_BUFFER_SIZE', `Buffer size must be a multiple of ${bits}-bits`);
}

BufferProto.swap16 = function swap16() {
  const length = this.length;
  if (length % 2 !== 0) throw swapError(16);
  for (let i = 0; i < length; i += 2) {
    const a = this[i];
    this[i] = this[i + 1];
    this[i + 1] = a;
  }
  return this;
};

BufferProto.swap32 = function swap32() {
  const length = this.length;
  if (length % 4 !== 0) throw swapError(32);
  for (let i = 0; i < length; i += 4) {
    const a = this[i];
    const b = this[i + 1];
    this[i] = this[i + 3];
    this[i + 1] = this[i + 2];
    this[i + 2] = b;
    this[i + 3] = a;
  }
  return this;
};

BufferProto.swap64 = function swap64() {
  const length = this.length;
  if (length % 8 !== 0) throw swapError(64);
  for (let i = 0; i < length; i += 8) {
    for (let j = 0; j < 4; j++) {
      const a = this[i + j];
      this[i + j] = this[i + 7 - j];
      this[i + 7 - j] = a;
    }
  }
  return this;
};

BufferProto.toLocaleString = BufferProto.toString;

// ------------------------------------------------------------------ module functions

function checkBytesInput(input) {
  if (ArrayBuffer.isView(input)) {
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  if (isArrayBuffer(input) || isSharedArrayBuffer(input)) return new Uint8Array(input);
  throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "input" argument must be an instance of ArrayBuffer, Buffer, or TypedArray.${describeReceived(input)}`);
}

// Between utf8, utf16le, latin1 and ascii; characters the target cannot hold become '?'.
const TRANSCODABLE = ['utf8', 'utf16le', 'latin1', 'ascii'];
function transcode(source, fromEncoding, toEncoding) {
  checkUint8Array(source, 'source');
  if (source.length === 0) return createBuffer(0);
  const from = normalizeEncoding(fromEncoding);
  const to = normalizeEncoding(toEncoding);
  if (!TRANSCODABLE.includes(from) || !TRANSCODABLE.includes(to)) {
    const error = new Error('Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]');
    error.code = 'U_ILLEGAL_ARGUMENT_ERROR';
    error.errno = 1;
    throw error;
  }
  let text = decodeBytes(source, from);
  if (to === 'latin1') text = text.replace(/[^\x00-\xff]/g, '?');
  else if (to === 'ascii') text = text.replace(/[^\x00-\x7f]/g, '?');
  return wrap(encodeString(text, to));
}

let fatalDecoder = null;
function isUtf8(input) {
  const bytes = checkBytesInput(input);
  fatalDecoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    fatalDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function isAscii(input) {
  const bytes = checkBytesInput(input);
  return !NON_ASCII.test(latin1Decode(bytes));
}

let blobModule = null;
const loadBlob = () => (blobModule ??= require('internal/blob'));

module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength,
  kStringMaxLength,
  btoa: globalThis.btoa,
  atob: globalThis.atob,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
  INSPECT_MAX_BYTES: 50,
  Blob: undefined,
  resolveObjectURL(url) {
    return loadBlob().resolveObjectURL(url);
  },
  File: undefined,
};

Object.defineProperty(module.exports, 'INSPECT_MAX_BYTES', {
  get() { return inspectMaxBytes; },
  set(value) {
    if (typeof value !== 'number') throw invalidArgType('INSPECT_MAX_BYTES', 'number', value);
    if (!(value >= 0)) throw outOfRange('INSPECT_MAX_BYTES', '>= 0', value);
    inspectMaxBytes = value;
  },
  enumerable: true,
  configurable: true,
});
for (const name of ['Blob', 'File']) {
  Object.defineProperty(module.exports, name, {
    get() { return loadBlob()[name]; },
    set(value) { Object.defineProperty(module.exports, name, { value, writable: true, enumerable: true, configurable: true }); },
    enumerable: true,
    configurable: true,
  });
}
