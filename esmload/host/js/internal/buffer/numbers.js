'use strict';

// Buffer's methods that read and write numbers (integers of 1 to 6 bytes, BigInts, floats)
// in either byte order, with Node's range errors.

const { invalidArgType } = require('internal/errors');
const {
  outOfRange, boundsError, checkNumberOffset, checkBounds, checkByteLength,
} = require('internal/buffer/checks');

const float32 = new Float32Array(1);
const float64 = new Float64Array(1);
const f32Bytes = new Uint8Array(float32.buffer);
const f64Bytes = new Uint8Array(float64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function valueRange(min, max, byteLength) {
  if (byteLength <= 4) return `>= ${min} and <= ${max}`;
  const n = typeof min === 'bigint' ? 'n' : '';
  const bits = byteLength * 8;
  if (min === 0 || min === 0n) return `>= 0${n} and < 2${n} ** ${bits}${n}`;
  return `>= -(2${n} ** ${bits - 1}${n}) and < 2${n} ** ${bits - 1}${n}`;
}

function checkValue(value, min, max, buf, offset, byteLength) {
  if (value > max || value < min) throw outOfRange('value', valueRange(min, max, byteLength), value);
  if (typeof offset !== 'number' || buf[offset] === undefined || buf[offset + byteLength - 1] === undefined) {
    checkBounds(buf, offset, byteLength);
  }
}

function readUIntLEn(buf, offset, byteLength) {
  checkBounds(buf, offset, byteLength);
  let value = 0;
  let mul = 1;
  for (let i = 0; i < byteLength; i++, mul *= 256) value += buf[offset + i] * mul;
  return value;
}

function readUIntBEn(buf, offset, byteLength) {
  checkBounds(buf, offset, byteLength);
  let value = 0;
  for (let i = 0; i < byteLength; i++) value = value * 256 + buf[offset + i];
  return value;
}

const signed = (value, byteLength) => {
  const limit = 2 ** (byteLength * 8 - 1);
  return value >= limit ? value - limit * 2 : value;
};

function writeUIntLEn(buf, value, offset, byteLength, min, max) {
  value = +value;
  checkValue(value, min, max, buf, offset, byteLength);
  for (let i = 0; i < byteLength; i++) {
    buf[offset + i] = value;
    value = Math.floor(value / 256);
  }
  return offset + byteLength;
}

function writeUIntBEn(buf, value, offset, byteLength, min, max) {
  value = +value;
  checkValue(value, min, max, buf, offset, byteLength);
  for (let i = byteLength - 1; i >= 0; i--) {
    buf[offset + i] = value;
    value = Math.floor(value / 256);
  }
  return offset + byteLength;
}

const maxUnsigned = (byteLength) => 2 ** (byteLength * 8) - 1;
const maxSigned = (byteLength) => 2 ** (byteLength * 8 - 1) - 1;

function checkBigInt(value, min, max, buf, offset) {
  if (typeof value !== 'bigint') {
    if (typeof value === 'number' && (value > max || value < min)) throw outOfRange('value', valueRange(min, max, 8), value);
    throw new TypeError('Cannot mix BigInt and other types, use explicit conversions');
  }
  checkValue(value, min, max, buf, offset, 8);
}

function writeBig64(buf, value, offset, min, max, little) {
  checkBigInt(value, min, max, buf, offset);
  const lo = Number(value & 0xffffffffn);
  const hi = Number((value >> 32n) & 0xffffffffn);
  if (little) {
    buf[offset] = lo; buf[offset + 1] = lo >>> 8; buf[offset + 2] = lo >>> 16; buf[offset + 3] = lo >>> 24;
    buf[offset + 4] = hi; buf[offset + 5] = hi >>> 8; buf[offset + 6] = hi >>> 16; buf[offset + 7] = hi >>> 24;
  } else {
    buf[offset + 7] = lo; buf[offset + 6] = lo >>> 8; buf[offset + 5] = lo >>> 16; buf[offset + 4] = lo >>> 24;
    buf[offset + 3] = hi; buf[offset + 2] = hi >>> 8; buf[offset + 1] = hi >>> 16; buf[offset] = hi >>> 24;
  }
  return offset + 8;
}

// Reads 4 or 8 bytes of a float in the given byte order through the scratch arrays.
function readFloatBytes(buf, offset, scratch, size, little) {
  checkBounds(buf, offset, size);
  if (little === littleEndian) for (let i = 0; i < size; i++) scratch[i] = buf[offset + i];
  else for (let i = 0; i < size; i++) scratch[size - 1 - i] = buf[offset + i];
}

function writeFloatBytes(buf, offset, scratch, size, little) {
  checkBounds(buf, offset, size);
  if (little === littleEndian) for (let i = 0; i < size; i++) buf[offset + i] = scratch[i];
  else for (let i = 0; i < size; i++) buf[offset + i] = scratch[size - 1 - i];
  return offset + size;
}

const numberMethods = {
  readUInt8(offset = 0) {
    checkNumberOffset(offset);
    const value = this[offset];
    if (value === undefined) boundsError(offset, this.length - 1);
    return value;
  },
  readUInt16LE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 1] === undefined) checkBounds(this, offset, 2);
    return this[offset] + this[offset + 1] * 0x100;
  },
  readUInt16BE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 1] === undefined) checkBounds(this, offset, 2);
    return this[offset] * 0x100 + this[offset + 1];
  },
  readUInt32LE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 3] === undefined) checkBounds(this, offset, 4);
    return this[offset] + this[offset + 1] * 0x100 + this[offset + 2] * 0x10000 + this[offset + 3] * 0x1000000;
  },
  readUInt32BE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 3] === undefined) checkBounds(this, offset, 4);
    return this[offset] * 0x1000000 + this[offset + 1] * 0x10000 + this[offset + 2] * 0x100 + this[offset + 3];
  },
  readUIntLE(offset, byteLength) {
    if (offset === undefined) throw invalidArgType('offset', 'number', offset);
    checkByteLength(byteLength);
    return readUIntLEn(this, offset, byteLength);
  },
  readUIntBE(offset, byteLength) {
    if (offset === undefined) throw invalidArgType('offset', 'number', offset);
    checkByteLength(byteLength);
    return readUIntBEn(this, offset, byteLength);
  },
  readInt8(offset = 0) {
    checkNumberOffset(offset);
    const value = this[offset];
    if (value === undefined) boundsError(offset, this.length - 1);
    return (value << 24) >> 24;
  },
  readInt16LE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 1] === undefined) checkBounds(this, offset, 2);
    return ((this[offset] | (this[offset + 1] << 8)) << 16) >> 16;
  },
  readInt16BE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 1] === undefined) checkBounds(this, offset, 2);
    return (((this[offset] << 8) | this[offset + 1]) << 16) >> 16;
  },
  readInt32LE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 3] === undefined) checkBounds(this, offset, 4);
    return this[offset] | (this[offset + 1] << 8) | (this[offset + 2] << 16) | (this[offset + 3] << 24);
  },
  readInt32BE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 3] === undefined) checkBounds(this, offset, 4);
    return (this[offset] << 24) | (this[offset + 1] << 16) | (this[offset + 2] << 8) | this[offset + 3];
  },
  readIntLE(offset, byteLength) {
    if (offset === undefined) throw invalidArgType('offset', 'number', offset);
    checkByteLength(byteLength);
    return signed(readUIntLEn(this, offset, byteLength), byteLength);
  },
  readIntBE(offset, byteLength) {
    if (offset === undefined) throw invalidArgType('offset', 'number', offset);
    checkByteLength(byteLength);
    return signed(readUIntBEn(this, offset, byteLength), byteLength);
  },
  readBigUInt64LE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 7] === undefined) checkBounds(this, offset, 8);
    const lo = this[offset] + this[offset + 1] * 0x100 + this[offset + 2] * 0x10000 + this[offset + 3] * 0x1000000;
    const hi = this[offset + 4] + this[offset + 5] * 0x100 + this[offset + 6] * 0x10000 + this[offset + 7] * 0x1000000;
    return (BigInt(hi) << 32n) + BigInt(lo);
  },
  readBigUInt64BE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 7] === undefined) checkBounds(this, offset, 8);
    const hi = this[offset] * 0x1000000 + this[offset + 1] * 0x10000 + this[offset + 2] * 0x100 + this[offset + 3];
    const lo = this[offset + 4] * 0x1000000 + this[offset + 5] * 0x10000 + this[offset + 6] * 0x100 + this[offset + 7];
    return (BigInt(hi) << 32n) + BigInt(lo);
  },
  readBigInt64LE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 7] === undefined) checkBounds(this, offset, 8);
    const lo = this[offset] + this[offset + 1] * 0x100 + this[offset + 2] * 0x10000 + this[offset + 3] * 0x1000000;
    const hi = this[offset + 4] | (this[offset + 5] << 8) | (this[offset + 6] << 16) | (this[offset + 7] << 24);
    return (BigInt(hi) << 32n) + BigInt(lo);
  },
  readBigInt64BE(offset = 0) {
    if (typeof offset !== 'number' || this[offset] === undefined || this[offset + 7] === undefined) checkBounds(this, offset, 8);
    const hi = (this[offset] << 24) | (this[offset + 1] << 16) | (this[offset + 2] << 8) | this[offset + 3];
    const lo = this[offset + 4] * 0x1000000 + this[offset + 5] * 0x10000 + this[offset + 6] * 0x100 + this[offset + 7];
    return (BigInt(hi) << 32n) + BigInt(lo);
  },
  readFloatLE(offset = 0) {
    readFloatBytes(this, offset, f32Bytes, 4, true);
    return float32[0];
  },
  readFloatBE(offset = 0) {
    readFloatBytes(this, offset, f32Bytes, 4, false);
    return float32[0];
  },
  readDoubleLE(offset = 0) {
    readFloatBytes(this, offset, f64Bytes, 8, true);
    return float64[0];
  },
  readDoubleBE(offset = 0) {
    readFloatBytes(this, offset, f64Bytes, 8, false);
    return float64[0];
  },

  writeUInt8(value, offset = 0) {
    value = +value;
    checkNumberOffset(offset);
    if (value > 0xff || value < 0) throw outOfRange('value', '>= 0 and <= 255', value);
    if (this[offset] === undefined) boundsError(offset, this.length - 1);
    this[offset] = value;
    return offset + 1;
  },
  writeUInt16LE(value, offset = 0) {
    value = +value;
    checkValue(value, 0, 0xffff, this, offset, 2);
    this[offset] = value;
    this[offset + 1] = value >>> 8;
    return offset + 2;
  },
  writeUInt16BE(value, offset = 0) {
    value = +value;
    checkValue(value, 0, 0xffff, this, offset, 2);
    this[offset] = value >>> 8;
    this[offset + 1] = value;
    return offset + 2;
  },
  writeUInt32LE(value, offset = 0) {
    value = +value;
    checkValue(value, 0, 0xffffffff, this, offset, 4);
    this[offset] = value;
    this[offset + 1] = value >>> 8;
    this[offset + 2] = value >>> 16;
    this[offset + 3] = value >>> 24;
    return offset + 4;
  },
  writeUInt32BE(value, offset = 0) {
    value = +value;
    checkValue(value, 0, 0xffffffff, this, offset, 4);
    this[offset] = value >>> 24;
    this[offset + 1] = value >>> 16;
    this[offset + 2] = value >>> 8;
    this[offset + 3] = value;
    return offset + 4;
  },
  writeUIntLE(value, offset, byteLength) {
    checkByteLength(byteLength);
    return writeUIntLEn(this, value, offset, byteLength, 0, maxUnsigned(byteLength));
  },
  writeUIntBE(value, offset, byteLength) {
    checkByteLength(byteLength);
    return writeUIntBEn(this, value, offset, byteLength, 0, maxUnsigned(byteLength));
  },
  writeInt8(value, offset = 0) {
    value = +value;
    checkNumberOffset(offset);
    if (value > 0x7f || value < -0x80) throw outOfRange('value', '>= -128 and <= 127', value);
    if (this[offset] === undefined) boundsError(offset, this.length - 1);
    this[offset] = value;
    return offset + 1;
  },
  writeInt16LE(value, offset = 0) {
    value = +value;
    checkValue(value, -0x8000, 0x7fff, this, offset, 2);
    this[offset] = value;
    this[offset + 1] = value >>> 8;
    return offset + 2;
  },
  writeInt16BE(value, offset = 0) {
    value = +value;
    checkValue(value, -0x8000, 0x7fff, this, offset, 2);
    this[offset] = value >>> 8;
    this[offset + 1] = value;
    return offset + 2;
  },
  writeInt32LE(value, offset = 0) {
    value = +value;
    checkValue(value, -0x80000000, 0x7fffffff, this, offset, 4);
    this[offset] = value;
    this[offset + 1] = value >>> 8;
    this[offset + 2] = value >>> 16;
    this[offset + 3] = value >>> 24;
    return offset + 4;
  },
  writeInt32BE(value, offset = 0) {
    value = +value;
    checkValue(value, -0x80000000, 0x7fffffff, this, offset, 4);
    this[offset] = value >>> 24;
    this[offset + 1] = value >>> 16;
    this[offset + 2] = value >>> 8;
    this[offset + 3] = value;
    return offset + 4;
  },
  writeIntLE(value, offset, byteLength) {
    checkByteLength(byteLength);
    return writeUIntLEn(this, value, offset, byteLength, -maxSigned(byteLength) - 1, maxSigned(byteLength));
  },
  writeIntBE(value, offset, byteLength) {
    checkByteLength(byteLength);
    return writeUIntBEn(this, value, offset, byteLength, -maxSigned(byteLength) - 1, maxSigned(byteLength));
  },
  writeBigUInt64LE(value, offset = 0) {
    return writeBig64(this, value, offset, 0n, 0xffffffffffffffffn, true);
  },
  writeBigUInt64BE(value, offset = 0) {
    return writeBig64(this, value, offset, 0n, 0xffffffffffffffffn, false);
  },
  writeBigInt64LE(value, offset = 0) {
    return writeBig64(this, value, offset, -(2n ** 63n), 2n ** 63n - 1n, true);
  },
  writeBigInt64BE(value, offset = 0) {
    return writeBig64(this, value, offset, -(2n ** 63n), 2n ** 63n - 1n, false);
  },
  writeFloatLE(value, offset = 0) {
    float32[0] = +value;
    return writeFloatBytes(this, offset, f32Bytes, 4, true);
  },
  writeFloatBE(value, offset = 0) {
    float32[0] = +value;
    return writeFloatBytes(this, offset, f32Bytes, 4, false);
  },
  writeDoubleLE(value, offset = 0) {
    float64[0] = +value;
    return writeFloatBytes(this, offset, f64Bytes, 8, true);
  },
  writeDoubleBE(value, offset = 0) {
    float64[0] = +value;
    return writeFloatBytes(this, offset, f64Bytes, 8, false);
  },
};

module.exports = { numberMethods };
