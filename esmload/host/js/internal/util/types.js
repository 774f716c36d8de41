'use strict';

// What kind of built-in object a value is. instanceof first (cheap); objects with a null
// prototype (`plain`: no prototype to trust) are checked through the internal slots that
// built-in methods require.

const { getDescriptor, getProto, classOf } = require('internal/util');

// The built-in getters that read internal slots, looked up on first use.
let intrinsics = null;
function getIntrinsics() {
  if (intrinsics === null) {
    const getter = (proto, name) => getDescriptor(proto, name).get;
    intrinsics = {
      typedArrayTag: getter(getProto(Uint8Array.prototype), Symbol.toStringTag),
      mapSize: getter(Map.prototype, 'size'),
      setSize: getter(Set.prototype, 'size'),
      bufferLength: getter(ArrayBuffer.prototype, 'byteLength'),
      sharedBufferLength: typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null,
      dataViewLength: getter(DataView.prototype, 'byteLength'),
      regexpSource: getter(RegExp.prototype, 'source'),
    };
  }
  return intrinsics;
}

function hasSlot(fn, value) {
  if (fn === null) return false;
  try { fn.call(value); return true; } catch { return false; }
}

const isMap = (v, plain) => v instanceof Map || (plain && hasSlot(getIntrinsics().mapSize, v));
const isSet = (v, plain) => v instanceof Set || (plain && hasSlot(getIntrinsics().setSize, v));
const typedArrayTag = (v) => (ArrayBuffer.isView(v) ? getIntrinsics().typedArrayTag.call(v) : undefined);
const isRegExp = (v, plain) => v instanceof RegExp || (plain && hasSlot(getIntrinsics().regexpSource, v));
const isDate = (v, plain) => v instanceof Date || (plain && hasSlot(Date.prototype.getTime, v));
const isError = (v) => v instanceof Error || classOf(v) === 'Error';
const isArrayBuffer = (v, plain) => v instanceof ArrayBuffer || (plain && hasSlot(getIntrinsics().bufferLength, v));
const isSharedArrayBuffer = (v, plain) => (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer) ||
  (plain && hasSlot(getIntrinsics().sharedBufferLength, v));
const isDataView = (v, plain) => v instanceof DataView || (plain && ArrayBuffer.isView(v) && hasSlot(getIntrinsics().dataViewLength, v));
const isPromise = (v) => v instanceof Promise;

// The type of a boxed primitive (`new Number(1)`, `Object(Symbol())`, …); '' for other values.
function boxedType(value) {
  if (value instanceof Number) return 'Number';
  if (value instanceof String) return 'String';
  if (value instanceof Boolean) return 'Boolean';
  if (value instanceof BigInt) return 'BigInt';
  if (value instanceof Symbol) return 'Symbol';
  return '';
}

module.exports = {
  getIntrinsics,
  isMap,
  isSet,
  typedArrayTag,
  isRegExp,
  isDate,
  isError,
  isArrayBuffer,
  isSharedArrayBuffer,
  isDataView,
  isPromise,
  boxedType,
};
