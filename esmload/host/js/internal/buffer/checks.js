'use strict';

// Argument checks of the buffer module, with Node's error codes and messages.

const { nodeError, describeReceived, invalidArgType } = require('internal/errors');
const { inspect } = require('internal/util/inspect');
const { typedArrayTag } = require('internal/util/types');

const kMaxLength = 2 ** 32;

const withSeparators = (digits) => {
  let sign = '';
  if (digits[0] === '-') { sign = '-'; digits = digits.slice(1); }
  let out = '';
  let i = digits.length;
  for (; i > 3; i -= 3) out = `_${digits.slice(i - 3, i)}${out}`;
  return `${sign}${digits.slice(0, i)}${out}`;
};

function shownValue(value) {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    return withSeparators(String(value));
  }
  if (typeof value === 'bigint') {
    const text = String(value);
    return `${value > 2n ** 32n || value < -(2n ** 32n) ? withSeparators(text) : text}n`;
  }
  return inspect(value);
}

const outOfRange = (name, range, value) => nodeError(RangeError, 'ERR_OUT_OF_RANGE',
  `The value of "${name}" is out of range. It must be ${range}. Received ${shownValue(value)}`);

const outOfBounds = (name) => nodeError(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS',
  name ? `"${name}" is outside of buffer bounds` : 'Attempt to access memory outside buffer bounds');

const mustBeInstance = (name, expected, value) => nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
  `The "${name}" argument must be an instance of ${expected}.${describeReceived(value)}`);

const isUint8Array = (value) => value instanceof Uint8Array ||
  (ArrayBuffer.isView(value) && typedArrayTag(value) === 'Uint8Array');

function checkUint8Array(value, name) {
  if (!isUint8Array(value)) throw mustBeInstance(name, 'Buffer or Uint8Array', value);
}

// An integer in [min, max], Node's validateOffset and validateInteger messages.
function checkOffset(value, name, min = 0, max = kMaxLength) {
  if (typeof value !== 'number') throw invalidArgType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

// A read or write at `offset` that does not fit: the error Node gives (`last` is the last
// valid offset).
function boundsError(offset, last, name) {
  if (Math.floor(offset) !== offset) {
    if (typeof offset !== 'number') throw invalidArgType(name || 'offset', 'number', offset);
    throw outOfRange(name || 'offset', 'an integer', offset);
  }
  if (last < 0) throw outOfBounds();
  throw outOfRange(name || 'offset', `>= ${name ? 1 : 0} and <= ${last}`, offset);
}

function checkNumberOffset(offset) {
  if (typeof offset !== 'number') throw invalidArgType('offset', 'number', offset);
}

// offset .. offset + size - 1 inside buf, or Node's error.
function checkBounds(buf, offset, size) {
  checkNumberOffset(offset);
  if (buf[offset] === undefined || buf[offset + size - 1] === undefined) boundsError(offset, buf.length - size);
}

function checkByteLength(byteLength) {
  if (typeof byteLength !== 'number') throw invalidArgType('byteLength', 'number', byteLength);
  if (!(byteLength >= 1 && byteLength <= 6 && Number.isInteger(byteLength))) boundsError(byteLength, 6, 'byteLength');
}

module.exports = {
  kMaxLength,
  withSeparators,
  shownValue,
  outOfRange,
  outOfBounds,
  mustBeInstance,
  isUint8Array,
  checkUint8Array,
  checkOffset,
  boundsError,
  checkNumberOffset,
  checkBounds,
  checkByteLength,
};
