'use strict';

// Deep equality as Node's assert.deepEqual (loose) and assert.deepStrictEqual /
// util.isDeepStrictEqual (strict) define it:
//   - primitives: Object.is when strict (NaN equals NaN, 0 differs from -0); `==` when loose
//     (NaN still equals NaN);
//   - objects: same internal type (Object.prototype.toString tag), same prototype when strict,
//     the same own enumerable keys (and enumerable symbol keys when strict), compared
//     recursively; arrays by length and entries (a hole differs from undefined);
//   - Date by time, RegExp by source, flags and lastIndex, boxed primitives by value (Object.is),
//     errors also by name, message, cause and errors, typed arrays and buffers by contents,
//     Map and Set by contents in any order, WeakMap/WeakSet/Promise only by their keys;
//   - a pair of objects already being compared further up counts as equal (cycles).

const { getProto, isEnumerable, classOf } = require('internal/util');
const {
  isMap, isSet, isRegExp, isDate, isError, isArrayBuffer, isSharedArrayBuffer, isDataView,
  typedArrayTag, boxedType,
} = require('internal/util/types');

const INDEX_KEY = /^(0|[1-9][0-9]*)$/;

function isDeepEqual(a, b) {
  return equalValues(a, b, false, []);
}

function isDeepStrictEqual(a, b) {
  return equalValues(a, b, true, []);
}

const isObjectLike = (value) => value !== null && typeof value === 'object';

function equalValues(a, b, strict, stack) {
  if (a === b) return a !== 0 || !strict || Object.is(a, b);
  if (!isObjectLike(a) || !isObjectLike(b)) {
    if (isObjectLike(a) || isObjectLike(b)) return false;
    // Both primitives (or functions, which are only equal to themselves).
    if (typeof a === 'number' && typeof b === 'number' && a !== a && b !== b) return true;
    if (strict || typeof a === 'function' || typeof b === 'function') return false;
    return a == b; // eslint-disable-line eqeqeq
  }
  if (strict && getProto(a) !== getProto(b)) return false;
  if (classOf(a) !== classOf(b)) return false;
  // A pair already under comparison: equal as far as this path goes.
  for (let i = 0; i < stack.length; i += 2) {
    if (stack[i] === a && stack[i + 1] === b) return true;
  }
  stack.push(a, b);
  try {
    return equalObjects(a, b, strict, stack);
  } finally {
    stack.length -= 2;
  }
}

// Own enumerable keys (enumerable symbols too when strict), index keys left out when asked.
function ownKeys(obj, strict, skipIndices) {
  let keys = Object.keys(obj);
  if (skipIndices) keys = keys.filter((k) => !INDEX_KEY.test(k) || +k > 4294967294);
  if (strict) {
    for (const sym of Object.getOwnPropertySymbols(obj)) if (isEnumerable(obj, sym)) keys.push(sym);
  }
  return keys;
}

function equalKeys(a, b, strict, stack, skipIndices) {
  const keysA = ownKeys(a, strict, skipIndices);
  const keysB = ownKeys(b, strict, skipIndices);
  if (keysA.length !== keysB.length) return false;
  for (const key of keysA) {
    if (!isEnumerable(b, key)) return false;
  }
  for (const key of keysA) {
    if (!equalValues(a[key], b[key], strict, stack)) return false;
  }
  return true;
}

function equalObjects(a, b, strict, stack) {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return equalKeys(a, b, strict, stack, false);
  }
  if (ArrayBuffer.isView(a)) {
    if (!ArrayBuffer.isView(b)) return false;
    const tag = typedArrayTag(a);
    if (tag !== typedArrayTag(b)) return false;
    if (tag === undefined) {
      if (!isDataView(a, true) || !isDataView(b, true)) return false;
      if (!equalBytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
        new Uint8Array(b.buffer, b.byteOffset, b.byteLength))) return false;
    } else if (!equalTypedArrays(a, b, tag, strict)) {
      return false;
    }
    return equalKeys(a, b, strict, stack, true);
  }
  const plain = getProto(a) === null;
  if (isDate(a, plain)) {
    if (!isDate(b, true) || !Object.is(Date.prototype.getTime.call(a), Date.prototype.getTime.call(b))) return false;
  } else if (isRegExp(a, plain)) {
    if (!isRegExp(b, true) || a.source !== b.source || a.flags !== b.flags || a.lastIndex !== b.lastIndex) return false;
  } else if (isError(a)) {
    if (!isError(b) || a.message !== b.message || a.name !== b.name) return false;
    for (const extra of ['cause', 'errors']) {
      const inA = extra in a;
      if (inA !== (extra in b)) return false;
      if (inA && !isEnumerable(a, extra) && !equalValues(a[extra], b[extra], strict, stack)) return false;
    }
  } else if (isArrayBuffer(a, plain) || isSharedArrayBuffer(a, plain)) {
    if (a.byteLength !== b.byteLength || !equalBytes(new Uint8Array(a), new Uint8Array(b))) return false;
  } else {
    const boxed = boxedType(a);
    if (boxed !== boxedType(b)) return false;
    if (boxed !== '') {
      const unbox = globalThis[boxed].prototype.valueOf;
      if (!Object.is(unbox.call(a), unbox.call(b))) return false;
      if (boxed === 'String') return equalKeys(a, b, strict, stack, true);
    } else if (isMap(a, plain)) {
      if (!isMap(b, true) || !equalMaps(a, b, strict, stack)) return false;
    } else if (isSet(a, plain)) {
      if (!isSet(b, true) || !equalSets(a, b, strict, stack)) return false;
    }
  }
  return equalKeys(a, b, strict, stack, false);
}

function equalBytes(x, y) {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function equalTypedArrays(a, b, tag, strict) {
  if (a.length !== b.length) return false;
  if (tag === 'Float32Array' || tag === 'Float64Array' || tag === 'Float16Array') {
    for (let i = 0; i < a.length; i++) {
      if (strict ? !Object.is(a[i], b[i]) : a[i] !== b[i]) return false;
    }
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Entries with a primitive key are looked up directly; the others (object keys, or keys that
// are only loosely equal) are paired with the unmatched entries of the other map.
function equalMaps(a, b, strict, stack) {
  if (a.size !== b.size) return false;
  let pending = null;
  for (const [key, value] of a) {
    if (b.has(key)) {
      if (!equalValues(value, b.get(key), strict, stack)) {
        if (strict || isObjectLike(key)) return false;
        (pending ??= []).push([key, value]);
      }
    } else {
      if (strict && !isObjectLike(key)) return false;
      (pending ??= []).push([key, value]);
    }
  }
  if (pending === null) return true;
  const candidates = [];
  for (const entry of b) {
    if (!a.has(entry[0]) || !strict) candidates.push(entry);
  }
  for (const [key, value] of pending) {
    const index = candidates.findIndex(([k, v]) => equalValues(key, k, strict, stack) && equalValues(value, v, strict, stack));
    if (index === -1) return false;
    candidates.splice(index, 1);
  }
  return true;
}

function equalSets(a, b, strict, stack) {
  if (a.size !== b.size) return false;
  let pending = null;
  for (const item of a) {
    if (b.has(item)) continue;
    if (strict && !isObjectLike(item)) return false;
    (pending ??= []).push(item);
  }
  if (pending === null) return true;
  const candidates = [];
  for (const item of b) if (!a.has(item)) candidates.push(item);
  for (const item of pending) {
    const index = candidates.findIndex((other) => equalValues(item, other, strict, stack));
    if (index === -1) return false;
    candidates.splice(index, 1);
  }
  return true;
}

module.exports = {
  isDeepEqual,
  isDeepStrictEqual,
};
