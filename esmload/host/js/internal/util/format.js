'use strict';

// util.format: printf-like substitutions (%s %d %i %f %j %o %O %c %%), the other arguments
// inspected and joined with spaces. console's methods format their arguments this way.

const { hasOwn, getProto, getDescriptor } = require('internal/util');
const { inspect, formatNumber } = require('internal/util/inspect');

let builtinNames = null;
// Objects whose toString is the built-in one are inspected by %s; others are stringified.
function hasBuiltInToString(value) {
  if (typeof value.toString !== 'function') return true;
  if (hasOwn(value, 'toString')) return false;
  let pointer = value;
  do { pointer = getProto(pointer); } while (pointer !== null && !hasOwn(pointer, 'toString'));
  if (pointer === null) return true;
  const desc = getDescriptor(pointer, 'constructor');
  builtinNames ??= new Set(('Object Function Array Number Boolean String Symbol Date Promise RegExp Error ' +
    'AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError ArrayBuffer ' +
    'SharedArrayBuffer DataView Map Set WeakMap WeakSet WeakRef FinalizationRegistry BigInt Proxy ' +
    'Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array ' +
    'Uint8ClampedArray BigUint64Array BigInt64Array Iterator').split(' '));
  return desc !== undefined && typeof desc.value === 'function' && builtinNames.has(desc.value.name);
}

function formatWithOptions(inspectOptions, args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let lastPos = 0;
    let text;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const next = first.charCodeAt(++i);
      if (a + 1 !== args.length) {
        switch (next) {
          case 115: { // 's'
            const arg = args[++a];
            if (typeof arg === 'number') text = formatNumber(arg);
            else if (typeof arg === 'bigint') text = `${arg}n`;
            else if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) text = String(arg);
            else text = inspect(arg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
            break;
          }
          case 106: // 'j'
            text = stringifyForFormat(args[++a]);
            break;
          case 100: { // 'd'
            const arg = args[++a];
            if (typeof arg === 'bigint') text = `${arg}n`;
            else if (typeof arg === 'symbol') text = 'NaN';
            else text = formatNumber(Number(arg));
            break;
          }
          case 79: // 'O'
            text = inspect(args[++a], inspectOptions);
            break;
          case 111: // 'o'
            text = inspect(args[++a], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
            break;
          case 105: { // 'i'
            const arg = args[++a];
            if (typeof arg === 'bigint') text = `${arg}n`;
            else if (typeof arg === 'symbol') text = 'NaN';
            else text = formatNumber(Number.parseInt(arg));
            break;
          }
          case 102: { // 'f'
            const arg = args[++a];
            text = typeof arg === 'symbol' ? 'NaN' : formatNumber(Number.parseFloat(arg));
            break;
          }
          case 99: // 'c': CSS, ignored
            a += 1;
            text = '';
            break;
          case 37: // '%%'
            str += first.slice(lastPos, i);
            lastPos = i + 1;
            continue;
          default:
            continue;
        }
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += text;
        lastPos = i + 1;
      } else if (next === 37) {
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
    join = ' ';
    a++;
  }
  return str;
}

function stringifyForFormat(value) {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof TypeError && /circular|cyclic/i.test(error.message)) return '[Circular]';
    throw error;
  }
}

const format = (...args) => formatWithOptions(undefined, args);

// What Node prints for an uncaught thrown value that is not an Error: strings raw, other
// primitives and objects inspected (Node prints nothing for a symbol). Errors print like
// console.error(error).
function formatUncaught(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'symbol') return '';
  return inspect(value);
}

module.exports = {
  format,
  formatWithOptions,
  formatUncaught,
};
