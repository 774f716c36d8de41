'use strict';

// structuredClone: deep copies of plain data (objects, arrays, primitives and their boxes,
// dates, regular expressions, buffers and views, maps, sets, errors), cycles kept.

const { hasOwn } = require('internal/util');
const { nodeError } = require('internal/errors');
const {
  isMap, isSet, typedArrayTag, isRegExp, isDate, isError, isArrayBuffer, isDataView, isPromise,
  boxedType,
} = require('internal/util/types');
const { constructorName } = require('internal/util/inspect');

function dataCloneError(message) {
  if (typeof DOMException === 'function') return new DOMException(message, 'DataCloneError');
  const error = new Error(message);
  error.name = 'DataCloneError';
  return error;
}

const ERROR_TYPES = ['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];

function structuredClone(value, options) {
  const memory = new Map();
  const clone = (input) => {
    if (typeof input === 'function') {
      throw dataCloneError(`${Function.prototype.toString.call(input)} could not be cloned.`);
    }
    if (typeof input === 'symbol') throw dataCloneError(`${input.toString()} could not be cloned.`);
    if (input === null || typeof input !== 'object') return input;
    if (memory.has(input)) return memory.get(input);
    let copy;
    let copyKeys = true;
    const boxed = boxedType(input);
    if (Array.isArray(input)) {
      copy = new Array(input.length);
    } else if (boxed !== '') {
      if (boxed === 'Symbol') throw dataCloneError('Symbol could not be cloned.');
      copy = Object(globalThis[boxed].prototype.valueOf.call(input));
      copyKeys = false;
    } else if (isDate(input, true)) {
      copy = new Date(Date.prototype.getTime.call(input));
      copyKeys = false;
    } else if (isRegExp(input, true)) {
      copy = new RegExp(input.source, input.flags);
      copyKeys = false;
    } else if (isArrayBuffer(input, true)) {
      copy = ArrayBuffer.prototype.slice.call(input, 0);
      copyKeys = false;
    } else if (ArrayBuffer.isView(input)) {
      const buffer = clone(input.buffer);
      const Ctor = isDataView(input, true) ? DataView : globalThis[typedArrayTag(input)];
      copy = new Ctor(buffer, input.byteOffset, isDataView(input, true) ? input.byteLength : input.length);
      copyKeys = false;
    } else if (isMap(input, true)) {
      copy = new Map();
      memory.set(input, copy);
      for (const [k, v] of Map.prototype.entries.call(input)) copy.set(clone(k), clone(v));
      return copy;
    } else if (isSet(input, true)) {
      copy = new Set();
      memory.set(input, copy);
      for (const v of Set.prototype.values.call(input)) copy.add(clone(v));
      return copy;
    } else if (isError(input)) {
      const name = ERROR_TYPES.includes(input.name) ? input.name : 'Error';
      copy = new globalThis[name]();
      memory.set(input, copy);
      const hidden = (key, v) => Object.defineProperty(copy, key, { value: v, writable: true, configurable: true, enumerable: false });
      if (hasOwn(input, 'message')) hidden('message', String(input.message));
      hidden('stack', typeof input.stack === 'string' ? input.stack : undefined);
      if (hasOwn(input, 'cause')) hidden('cause', clone(input.cause));
      return copy;
    } else if (isPromise(input) || input instanceof WeakMap || input instanceof WeakSet ||
               (typeof WeakRef === 'function' && input instanceof WeakRef)) {
      throw dataCloneError(`#<${constructorName(input, { depth: 0 }, 0) || 'Object'}> could not be cloned.`);
    } else {
      copy = {};
    }
    memory.set(input, copy);
    if (copyKeys) for (const key of Object.keys(input)) copy[key] = clone(input[key]);
    return copy;
  };
  if (arguments.length === 0) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "value" argument must be specified');
  }
  void options;
  return clone(value);
}

module.exports = {
  structuredClone,
};
