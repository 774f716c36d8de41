'use strict';

// Argument checks of events, EventTarget, AbortSignal and timers/promises, with Node's
// messages ("argument" or "property", "of type x" or "an instance of X").

const { nodeError, describeReceived } = require('internal/errors');

// "a", "a or b", "a, b, or c"
function listWords(words) {
  if (words.length < 3) return words.join(' or ');
  return `${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}`;
}

// expected: a type ('function', 'object') or a class name ('AbortSignal'), or a list of them.
function argType(name, expected, value) {
  const list = Array.isArray(expected) ? expected : [expected];
  const types = list.filter((word) => /^[a-z]/.test(word));
  const classes = list.filter((word) => !/^[a-z]/.test(word));
  const parts = [];
  if (types.length > 0) parts.push(`${types.length > 1 ? 'one of type' : 'of type'} ${listWords(types)}`);
  if (classes.length > 0) parts.push(`an instance of ${listWords(classes)}`);
  const kind = name.includes('.') ? 'property' : 'argument';
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${kind} must be ${parts.join(' or ')}.${describeReceived(value)}`);
}

function missingArgs(...names) {
  const quoted = names.map((name) => `"${name}"`);
  const shown = quoted.length < 3
    ? quoted.join(' and ')
    : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
  return nodeError(TypeError, 'ERR_MISSING_ARGS',
    `The ${shown} argument${names.length > 1 ? 's' : ''} must be specified`);
}

function outOfRange(name, range, value) {
  const shown = require('internal/util/inspect').inspect(value);
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
}

function illegalThis(type) {
  return nodeError(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}

// Node accepts anything that looks like a signal (an object with `aborted`).
function checkAbortSignal(signal, name = 'options.signal') {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw argType(name, 'AbortSignal', signal);
  }
}

function checkFunction(value, name) {
  if (typeof value !== 'function') throw argType(name, 'function', value);
}

function checkBoolean(value, name) {
  if (typeof value !== 'boolean') throw argType(name, 'boolean', value);
}

// Node's validateObject with arrays and functions allowed (listener options).
function checkObject(value, name) {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw argType(name, 'object', value);
  }
}

// A uint32 delay (AbortSignal.timeout).
function checkUint32(value, name) {
  if (typeof value !== 'number') throw argType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < 0 || value > 4294967295) throw outOfRange(name, '>= 0 && <= 4294967295', value);
}

// events.defaultMaxListeners, shared by EventEmitter and EventTarget (a target takes the
// value current when it is made, as in Node).
const shared = { defaultMaxListeners: 10 };

module.exports = {
  shared,
  argType,
  missingArgs,
  outOfRange,
  illegalThis,
  checkAbortSignal,
  checkFunction,
  checkBoolean,
  checkObject,
  checkUint32,
};
