'use strict';

// util.types: what kind of built-in object a value is, by its internal slots (the built-in
// getters and methods that only accept the real thing), not by its prototype chain.
// isProxy cannot be answered from JavaScript on QuickJS: it always returns false.
// isExternal is always false (no native addons).

const { getProto, classOf } = require('internal/util');
const { getIntrinsics, typedArrayTag } = require('internal/util/types');

const isObject = (value) => value !== null && (typeof value === 'object' || typeof value === 'function');

function hasSlot(fn, value) {
  if (fn === null || fn === undefined || !isObject(value)) return false;
  try {
    fn.call(value);
    return true;
  } catch {
    return false;
  }
}

function callsWithArg(fn, value) {
  if (!isObject(value)) return false;
  try {
    fn.call(value, {});
    return true;
  } catch {
    return false;
  }
}

const isDate = (value) => hasSlot(Date.prototype.getTime, value);
const isRegExp = (value) => value !== RegExp.prototype && hasSlot(getIntrinsics().regexpSource, value);
const isMap = (value) => hasSlot(getIntrinsics().mapSize, value);
const isSet = (value) => hasSlot(getIntrinsics().setSize, value);
const isWeakMap = (value) => callsWithArg(WeakMap.prototype.has, value);
const isWeakSet = (value) => callsWithArg(WeakSet.prototype.has, value);
const isArrayBuffer = (value) => hasSlot(getIntrinsics().bufferLength, value);
const isSharedArrayBuffer = (value) => hasSlot(getIntrinsics().sharedBufferLength, value);
const isAnyArrayBuffer = (value) => isArrayBuffer(value) || isSharedArrayBuffer(value);
const isArrayBufferView = (value) => ArrayBuffer.isView(value);
const isTypedArray = (value) => typedArrayTag(value) !== undefined;
const isDataView = (value) => ArrayBuffer.isView(value) && typedArrayTag(value) === undefined;
const isPromise = (value) => value instanceof Promise ||
  (isObject(value) && getProto(value) === null && classOf(value) === 'Promise');
const isNativeError = (value) => isObject(value) && classOf(value) === 'Error' &&
  !Object.prototype.hasOwnProperty.call(value, Symbol.toStringTag);

const isNumberObject = (value) => typeof value === 'object' && hasSlot(Number.prototype.valueOf, value);
const isStringObject = (value) => typeof value === 'object' && hasSlot(String.prototype.valueOf, value);
const isBooleanObject = (value) => typeof value === 'object' && hasSlot(Boolean.prototype.valueOf, value);
const isBigIntObject = (value) => typeof value === 'object' && hasSlot(BigInt.prototype.valueOf, value);
const isSymbolObject = (value) => typeof value === 'object' && hasSlot(Symbol.prototype.valueOf, value);
const isBoxedPrimitive = (value) => isNumberObject(value) || isStringObject(value) ||
  isBooleanObject(value) || isBigIntObject(value) || isSymbolObject(value);

// Functions and iterators have no slot-checking getters: their built-in tags are used.
const tagIs = (value, ...tags) => isObject(value) && tags.includes(classOf(value));
const isAsyncFunction = (value) => typeof value === 'function' &&
  tagIs(value, 'AsyncFunction', 'AsyncGeneratorFunction');
const isGeneratorFunction = (value) => typeof value === 'function' &&
  tagIs(value, 'GeneratorFunction', 'AsyncGeneratorFunction');
const isGeneratorObject = (value) => typeof value === 'object' && tagIs(value, 'Generator', 'AsyncGenerator');
const isMapIterator = (value) => typeof value === 'object' && tagIs(value, 'Map Iterator');
const isSetIterator = (value) => typeof value === 'object' && tagIs(value, 'Set Iterator');
const isArgumentsObject = (value) => typeof value === 'object' && tagIs(value, 'Arguments');
const isModuleNamespaceObject = (value) => typeof value === 'object' && value !== null &&
  getProto(value) === null && classOf(value) === 'Module' && !Object.isExtensible(value);
const isProxy = () => false;
const isExternal = () => false;
const isKeyObject = (value) => typeof value === 'object' && tagIs(value, 'KeyObject');
const isCryptoKey = (value) => typeof value === 'object' && tagIs(value, 'CryptoKey');

const typedArrayCheck = (name) => (value) => typedArrayTag(value) === name;

module.exports = {
  isExternal,
  isDate,
  isArgumentsObject,
  isBigIntObject,
  isBooleanObject,
  isNumberObject,
  isStringObject,
  isSymbolObject,
  isNativeError,
  isRegExp,
  isAsyncFunction,
  isGeneratorFunction,
  isGeneratorObject,
  isPromise,
  isMap,
  isSet,
  isMapIterator,
  isSetIterator,
  isWeakMap,
  isWeakSet,
  isArrayBuffer,
  isDataView,
  isSharedArrayBuffer,
  isProxy,
  isModuleNamespaceObject,
  isAnyArrayBuffer,
  isBoxedPrimitive,
  isArrayBufferView,
  isTypedArray,
  isUint8Array: typedArrayCheck('Uint8Array'),
  isUint8ClampedArray: typedArrayCheck('Uint8ClampedArray'),
  isUint16Array: typedArrayCheck('Uint16Array'),
  isUint32Array: typedArrayCheck('Uint32Array'),
  isInt8Array: typedArrayCheck('Int8Array'),
  isInt16Array: typedArrayCheck('Int16Array'),
  isInt32Array: typedArrayCheck('Int32Array'),
  isFloat32Array: typedArrayCheck('Float32Array'),
  isFloat64Array: typedArrayCheck('Float64Array'),
  isBigInt64Array: typedArrayCheck('BigInt64Array'),
  isBigUint64Array: typedArrayCheck('BigUint64Array'),
  isKeyObject,
  isCryptoKey,
};
