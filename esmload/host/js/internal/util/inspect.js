'use strict';

// A re-implementation of the output of Node 20's util.inspect with default options (no
// colors): same prefixes, quoting, depth, circular markers, line breaking and array grouping.

const {
  hasOwn, getProto, getDescriptor, isEnumerable, classOf, customInspectSymbol: CUSTOM_INSPECT,
  hostClasses,
} = require('internal/util');
const { stringWidth } = require('internal/util/string_width');
const {
  getIntrinsics, isMap, isSet, typedArrayTag, isRegExp, isDate, isError, isArrayBuffer,
  isSharedArrayBuffer, isDataView, isPromise, boxedType,
} = require('internal/util/types');

const OBJECT_TYPE = 0; // properties of objects: `key: value`
const ARRAY_TYPE = 1; // array items: value only
const ARRAY_EXTRAS_TYPE = 2; // extra keys of arrays: `key: value`, array grouping applies
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const INDEX_KEY = /^(0|[1-9][0-9]*)$/;
const OPTION_NAMES = ['showHidden', 'depth', 'colors', 'customInspect', 'showProxy', 'maxArrayLength',
  'maxStringLength', 'breakLength', 'compact', 'sorted', 'getters', 'numericSeparator'];
const stylizeNoColor = (text) => text;

// inspect.defaultOptions: the options every call starts from (console's too).
const inspectDefaultOptions = {
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
};

function inspect(value, opts) {
  const ctx = {
    budget: {},
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    circular: undefined,
    ...inspectDefaultOptions,
    userOptions: undefined,
  };
  if (arguments.length > 1) {
    if (typeof opts === 'boolean') {
      // Legacy signature: inspect(value, showHidden, depth, colors).
      ctx.showHidden = opts;
      if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
    } else if (opts !== null && typeof opts === 'object') {
      for (const key of Object.keys(opts)) {
        if (OPTION_NAMES.includes(key)) ctx[key] = opts[key];
        else if (key !== 'stylize') (ctx.userOptions ??= {})[key] = opts[key];
      }
    }
  }
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}
inspect.custom = CUSTOM_INSPECT;
Object.defineProperty(inspect, 'defaultOptions', {
  get() { return inspectDefaultOptions; },
  set(options) {
    if (options === null || typeof options !== 'object') {
      throw require('internal/errors').invalidArgType('options', 'object', options);
    }
    Object.assign(inspectDefaultOptions, options);
  },
});

// What a custom [inspect.custom](depth, options, inspect) method receives as options.
function userOptions(ctx) {
  const options = { stylize: stylizeNoColor };
  for (const key of OPTION_NAMES) options[key] = ctx[key];
  return ctx.userOptions ? Object.assign(options, ctx.userOptions) : options;
}

function formatValue(ctx, value, depth, typedArray) {
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value, ctx);
  if (value === null) return 'null';
  if (ctx.customInspect) {
    const custom = value[CUSTOM_INSPECT];
    if (typeof custom === 'function' && custom !== inspect && !isPrototypeObject(value)) {
      const remaining = ctx.depth === null ? null : ctx.depth - depth;
      const result = custom.call(value, remaining, userOptions(ctx), inspect);
      if (result !== value) {
        if (typeof result !== 'string') return formatValue(ctx, result, depth);
        return result.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
      }
    }
  }
  if (ctx.seen.includes(value)) {
    ctx.circular ??= new Map();
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, depth, typedArray);
}

// `Foo.prototype` is not formatted with Foo's custom inspect method.
function isPrototypeObject(value) {
  const desc = getDescriptor(value, 'constructor');
  return desc !== undefined && typeof desc.value === 'function' && desc.value.prototype === value;
}

// ------------------------------------------------------------------ primitives
const ESCAPES = ['\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', '\\x07', '\\b', '\\t',
  '\\n', '\\x0B', '\\f', '\\r', '\\x0E', '\\x0F', '\\x10', '\\x11', '\\x12', '\\x13', '\\x14', '\\x15',
  '\\x16', '\\x17', '\\x18', '\\x19', '\\x1A', '\\x1B', '\\x1C', '\\x1D', '\\x1E', '\\x1F'];
const NEEDS_ESCAPE = /[\x00-\x1f\x27\x5c\x7f-\x9f\ud800-\udfff]/;

// A string in quotes: single quotes unless the string has some and another kind is free.
function quote(str) {
  let q = "'";
  if (str.includes("'")) {
    if (!str.includes('"')) q = '"';
    else if (!str.includes('`') && !str.includes('${')) q = '`';
  }
  return q + escapeString(str, q === "'") + q;
}

// Control characters, backslashes, C1 controls and lone surrogates escaped (and single
// quotes, when they delimit the string).
function escapeString(str, singleQuote) {
  if (!NEEDS_ESCAPE.test(str)) return str;
  let out = '';
  let last = 0;
  for (let i = 0; i < str.length; i++) {
    const code = str.charCodeAt(i);
    let escaped;
    if (code < 0x20) escaped = ESCAPES[code];
    else if (code === 0x27) { if (singleQuote) escaped = "\\'"; }
    else if (code === 0x5c) escaped = '\\\\';
    else if (code >= 0x7f && code <= 0x9f) escaped = `\\x${code.toString(16).toUpperCase()}`;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = str.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
      escaped = `\\u${code.toString(16)}`;
    }
    if (escaped !== undefined) {
      out += str.slice(last, i) + escaped;
      last = i + 1;
    }
  }
  return out + str.slice(last);
}

const formatNumber = (n) => (Object.is(n, -0) ? '-0' : `${n}`);

function formatPrimitive(value, ctx) {
  switch (typeof value) {
    case 'string': {
      let trailer = '';
      if (value.length > ctx.maxStringLength) {
        const remaining = value.length - ctx.maxStringLength;
        value = value.slice(0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
      }
      // Long strings are printed one line per line, joined with `+`.
      if (ctx.compact !== true && value.length > 16 && value.length > ctx.breakLength - ctx.indentationLvl - 4) {
        return value.split(/(?<=\n)/).map(quote).join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
      }
      return quote(value) + trailer;
    }
    case 'number': return formatNumber(value);
    case 'bigint': return `${value}n`;
    case 'boolean': return `${value}`;
    case 'undefined': return 'undefined';
    default: return Symbol.prototype.toString.call(value);
  }
}

// ------------------------------------------------------------------ names and prefixes
function isInstance(obj, ctor) {
  try { return obj instanceof ctor; } catch { return false; }
}

// The name of the nearest constructor whose prototype `obj` really inherits; null for
// null-prototype objects.
function constructorName(obj, ctx, depth) {
  let firstProto;
  let current = obj;
  while (current !== null && current !== undefined) {
    const desc = getDescriptor(current, 'constructor');
    if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '' &&
        isInstance(obj, desc.value)) {
      return String(desc.value.name);
    }
    current = getProto(current);
    if (firstProto === undefined) firstProto = current;
  }
  if (firstProto === null) return null;
  const internal = classOf(obj);
  if (ctx.depth !== null && depth > ctx.depth) return `${internal} <Complex prototype>`;
  const protoName = constructorName(firstProto, ctx, depth + 1);
  if (protoName === null) {
    const shown = inspect(firstProto, { ...userOptions(ctx), customInspect: false, depth: -1 });
    return `${internal} <${shown}>`;
  }
  return `${internal} <${protoName}>`;
}

function getPrefix(ctor, tag, fallback, size = '') {
  if (ctor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && ctor !== tag) return `${ctor}${size} [${tag}] `;
  return `${ctor}${size} `;
}

// Own enumerable keys (all own keys with showHidden), symbols last.
function getKeys(value, showHidden) {
  let keys;
  const symbols = Object.getOwnPropertySymbols(value);
  if (showHidden) {
    keys = Object.getOwnPropertyNames(value);
    if (symbols.length !== 0) keys.push(...symbols);
  } else {
    try {
      keys = Object.keys(value);
    } catch {
      keys = Object.getOwnPropertyNames(value); // a module namespace with bindings in TDZ
    }
    for (const sym of symbols) if (isEnumerable(value, sym)) keys.push(sym);
  }
  return keys;
}

// Keys of an array-like other than its indices. Listing the keys of a huge array costs a
// string per element: past 10,000 elements only symbols are looked at.
function nonIndexKeys(value, showHidden) {
  let keys = [];
  if (value.length <= 10000 || showHidden) {
    const names = showHidden ? Object.getOwnPropertyNames(value) : Object.keys(value);
    for (const key of names) {
      if (!INDEX_KEY.test(key) || +key > 4294967294) keys.push(key);
    }
  }
  const symbols = Object.getOwnPropertySymbols(value);
  for (const sym of symbols) if (showHidden || isEnumerable(value, sym)) keys.push(sym);
  if (showHidden && ArrayBuffer.isView(value)) keys = keys.filter((k) => k !== 'length');
  return keys;
}
// ------------------------------------------------------------------ objects
function formatRaw(ctx, value, depth, typedArray) {
  let keys;
  const ctor = constructorName(value, ctx, depth);
  let tag = value[Symbol.toStringTag];
  // A tag that is an own enumerable property is printed as a key already.
  if (typeof tag !== 'string' ||
      (tag !== '' && (ctx.showHidden ? hasOwn : isEnumerable)(value, Symbol.toStringTag))) {
    tag = '';
  }
  const plain = ctor === null; // no prototype to trust: check internal slots
  let base = '';
  let formatter = formatNothing;
  let braces;
  let noIterator = true;
  let extrasType = OBJECT_TYPE;

  if (Symbol.iterator in value || ctor === null) {
    noIterator = false;
    let taTag;
    if (Array.isArray(value)) {
      const prefix = ctor !== 'Array' || tag !== '' ? getPrefix(ctor, tag, 'Array', `(${value.length})`) : '';
      keys = nonIndexKeys(value, ctx.showHidden);
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      extrasType = ARRAY_EXTRAS_TYPE;
      formatter = formatArray;
    } else if (isSet(value, plain)) {
      const size = getIntrinsics().setSize.call(value);
      const prefix = getPrefix(ctor, tag, 'Set', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatSet;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
    } else if (isMap(value, plain)) {
      const size = getIntrinsics().mapSize.call(value);
      const prefix = getPrefix(ctor, tag, 'Map', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatMap;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
    } else if ((taTag = typedArrayTag(value)) !== undefined) {
      keys = nonIndexKeys(value, ctx.showHidden);
      let bound = value;
      let fallback = '';
      if (ctor === null) {
        fallback = taTag;
        bound = new globalThis[taTag](value);
      }
      const size = bound.length;
      const prefix = getPrefix(ctor, tag, fallback, `(${size})`);
      braces = [`${prefix}[`, ']'];
      if (size === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
      formatter = (c, v, d) => formatTypedArray(c, bound, d);
      extrasType = ARRAY_EXTRAS_TYPE;
    } else {
      noIterator = true;
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden);
    braces = ['{', '}'];
    let boxed;
    if (ctor === 'Object') {
      if (classOf(value) === 'Arguments') braces[0] = '[Arguments] {';
      else if (tag !== '') braces[0] = `${getPrefix(ctor, tag, 'Object')}{`;
      if (keys.length === 0) return `${braces[0]}}`;
    } else if (typeof value === 'function') {
      base = functionBase(value, ctor, tag);
      if (keys.length === 0) return base;
    } else if (isRegExp(value, plain)) {
      base = RegExp.prototype.toString.call(ctor !== null ? value : new RegExp(value));
      const prefix = getPrefix(ctor, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if (keys.length === 0) return base;
    } else if (isDate(value, plain)) {
      const time = Date.prototype.getTime.call(value);
      base = Number.isNaN(time) ? 'Invalid Date' : Date.prototype.toISOString.call(value);
      const prefix = getPrefix(ctor, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0) return base;
    } else if (isError(value)) {
      base = formatError(value, ctor, tag, ctx, keys);
      if (keys.length === 0) return base;
    } else if (isArrayBuffer(value, plain) || isSharedArrayBuffer(value, plain)) {
      const type = isArrayBuffer(value, plain) ? 'ArrayBuffer' : 'SharedArrayBuffer';
      const prefix = getPrefix(ctor, tag, type);
      if (typedArray === undefined) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0) {
        return `${prefix}{ byteLength: ${formatNumber(value.byteLength)} }`;
      }
      braces[0] = `${prefix}{`;
      keys.unshift('byteLength');
    } else if (isDataView(value, plain)) {
      braces[0] = `${getPrefix(ctor, tag, 'DataView')}{`;
      keys.unshift('byteLength', 'byteOffset', 'buffer');
    } else if (isPromise(value)) {
      braces[0] = `${getPrefix(ctor, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (value instanceof WeakSet) {
      braces[0] = `${getPrefix(ctor, tag, 'WeakSet')}{`;
      formatter = formatWeakCollection;
    } else if (value instanceof WeakMap) {
      braces[0] = `${getPrefix(ctor, tag, 'WeakMap')}{`;
      formatter = formatWeakCollection;
    } else if (ctor === null && tag === 'Module' && classOf(value) === 'Module') {
      braces[0] = `${getPrefix(ctor, tag, 'Module')}{`;
      formatter = (c, v, d) => formatNamespace(c, v, d, keys);
    } else if ((boxed = boxedType(value)) !== '') {
      base = boxedBase(value, ctx, keys, ctor, tag, boxed);
      if (keys.length === 0) return base;
    } else {
      // A null-prototype object is named by its own enumerable toStringTag, as V8 does.
      let fallback = 'Object';
      if (ctor === null && tag === '') {
        const own = getDescriptor(value, Symbol.toStringTag);
        if (own !== undefined && typeof own.value === 'string' && own.value !== '') fallback = own.value;
      }
      if (keys.length === 0) return `${getPrefix(ctor, tag, fallback)}{}`;
      braces[0] = `${getPrefix(ctor, tag, fallback)}{`;
    }
  }

  if (ctx.depth !== null && depth > ctx.depth) {
    let name = getPrefix(ctor, tag, 'Object').slice(0, -1);
    if (ctor !== null) name = `[${name}]`;
    return name;
  }
  depth += 1;
  ctx.seen.push(value);
  ctx.currentDepth = depth;
  let output;
  try {
    output = formatter(ctx, value, depth);
    for (let i = 0; i < keys.length; i++) {
      output.push(formatProperty(ctx, value, depth, keys[i], extrasType));
    }
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    ctx.seen.pop();
    return `[${getPrefix(ctor, tag, 'Object').slice(0, -1)}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`;
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const ref = `<ref *${index}>`;
      if (ctx.compact !== true) base = base === '' ? ref : `${ref} ${base}`;
      else braces[0] = `${ref} ${braces[0]}`;
    }
  }
  ctx.seen.pop();
  if (ctx.sorted) {
    const compare = ctx.sorted === true ? undefined : ctx.sorted;
    if (extrasType === OBJECT_TYPE) {
      output.sort(compare);
    } else if (keys.length > 1) {
      const sorted = output.slice(output.length - keys.length).sort(compare);
      output.splice(output.length - keys.length, keys.length, ...sorted);
    }
  }
  return reduceToSingleString(ctx, output, base, braces, extrasType, depth, value);
}

function isStackOverflow(error) {
  return error instanceof RangeError || (typeof InternalError === 'function' && error instanceof InternalError &&
    /stack/i.test(error.message));
}

const formatNothing = () => [];
const formatWeakCollection = () => ['<items unknown>'];
const moreItems = (n) => `... ${n} more item${n > 1 ? 's' : ''}`;

function functionBase(fn, ctor, tag) {
  let source = '';
  if (hostClasses.has(fn)) source = 'class {}';  // cached prelude bytecode keeps no source
  else try { source = Function.prototype.toString.call(fn); } catch {}
  if (source.startsWith('class') && source.endsWith('}')) {
    const body = source.slice(5, -1);
    const brace = body.indexOf('{');
    // A '(' before the body only counts when it is inside a comment (Node's check).
    const stripped = body.includes('/') ? body.replace(/\/\/.*?\n|\/\*[\s\S]*?\*\//g, '') : body;
    if (brace !== -1 && (!body.slice(0, brace).includes('(') || /^\s+[^(]*?\s*\{/.test(stripped))) {
      let base = `class ${(hasOwn(fn, 'name') && fn.name) || '(anonymous)'}`;
      if (ctor !== 'Function' && ctor !== null) base += ` [${ctor}]`;
      if (tag !== '' && ctor !== tag) base += ` [${tag}]`;
      if (ctor !== null) {
        const superName = getProto(fn).name;
        if (superName) base += ` extends ${superName}`;
      } else {
        base += ' extends [null prototype]';
      }
      return `[${base}]`;
    }
  }
  let type = 'Function';
  const kind = classOf(fn);
  if (kind === 'GeneratorFunction') type = 'GeneratorFunction';
  else if (kind === 'AsyncFunction') type = 'AsyncFunction';
  else if (kind === 'AsyncGeneratorFunction') type = 'AsyncGeneratorFunction';
  let base = `[${type}`;
  if (ctor === null) base += ' (null prototype)';
  base += fn.name === '' ? ' (anonymous)' : `: ${fn.name}`;
  base += ']';
  if (ctor !== type && ctor !== null) base += ` ${ctor}`;
  if (tag !== '' && ctor !== tag) base += ` [${tag}]`;
  return base;
}

function boxedBase(value, ctx, keys, ctor, tag, type) {
  let primitive;
  if (type === 'String') {
    primitive = String.prototype.valueOf.call(value);
    keys.splice(0, primitive.length); // the characters are index keys
  } else {
    primitive = globalThis[type].prototype.valueOf.call(value);
  }
  let base = `[${type}`;
  if (type !== ctor) base += ctor === null ? ' (null prototype)' : ` (${ctor})`;
  base += `: ${formatPrimitive(primitive, { ...ctx, compact: true })}]`;
  if (tag !== '' && tag !== ctor) base += ` [${tag}]`;
  return base;
}

// ------------------------------------------------------------------ errors
function errorStack(error) {
  return error.stack ? String(error.stack) : Error.prototype.toString.call(error);
}

function formatError(error, ctor, tag, ctx, keys) {
  const name = error.name != null ? String(error.name) : 'Error';
  let stack = errorStack(error);
  // Own name/message/stack keys are left out when the stack already shows them.
  if (!ctx.showHidden && keys.length !== 0) {
    for (const prop of ['name', 'message', 'stack']) {
      const index = keys.indexOf(prop);
      if (index !== -1 && stack.includes(error[prop])) keys.splice(index, 1);
    }
  }
  if ('cause' in error && !keys.includes('cause')) keys.push('cause');
  if (Array.isArray(error.errors) && !keys.includes('errors')) keys.push('errors');
  stack = improveStack(stack, ctor, name, tag);

  // Frames start after the message (which may itself contain "\n    at").
  let pos = (error.message && stack.indexOf(error.message)) || -1;
  if (pos !== -1) pos += error.message.length;
  const framesStart = stack.indexOf('\n    at', pos);
  if (framesStart === -1) {
    stack = `[${stack}]`;
  } else {
    const frames = stack.slice(framesStart + 1).split('\n');
    stack = `${stack.slice(0, framesStart)}\n${dropCauseFrames(error, frames).join('\n')}`;
  }
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  return stack;
}

// Name the class in the first line when it differs from error.name ("MyError: …",
// "Foo [TypeError]: …"), for stacks that start the usual way.
function improveStack(stack, ctor, name, tag) {
  let len = name.length;
  if (ctor === null ||
      (name.endsWith('Error') && stack.startsWith(name) &&
       (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
    let fallback = 'Error';
    if (ctor === null) {
      const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
      fallback = (start && start[1]) || '';
      len = fallback.length;
      fallback = fallback || 'Error';
    }
    const prefix = getPrefix(ctor, tag, fallback).slice(0, -1);
    if (name !== prefix) {
      if (prefix.includes(name)) {
        stack = len === 0 ? `${prefix}: ${stack}` : `${prefix}${stack.slice(len)}`;
      } else {
        stack = `${prefix} [${name}]${stack.slice(len)}`;
      }
    }
  }
  return stack;
}

// Frames shared with the cause's stack are summarised as "... N lines matching cause stack
// trace ...".
function dropCauseFrames(error, frames) {
  let cause;
  try { cause = error.cause; } catch {}
  if (cause === null || typeof cause !== 'object' || !isError(cause)) return frames;
  const causeStack = errorStack(cause);
  const start = causeStack.indexOf('\n    at');
  if (start === -1) return frames;
  const causeFrames = causeStack.slice(start + 1).split('\n');
  for (let i = 0; i < frames.length - 3; i++) {
    const at = causeFrames.indexOf(frames[i]);
    if (at === -1) continue;
    const rest = causeFrames.length - at;
    if (rest <= 3) continue;
    let len = 1;
    const max = Math.min(frames.length - i, rest);
    while (len < max && frames[i + len] === causeFrames[at + len]) len++;
    if (len > 3) {
      const skipped = len - 2;
      frames.splice(i + 1, skipped, `    ... ${skipped} lines matching cause stack trace ...`);
      return frames;
    }
  }
  return frames;
}

// ------------------------------------------------------------------ entries
function formatArray(ctx, value, depth) {
  const length = value.length;
  const max = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const output = [];
  for (let i = 0; i < max; i++) {
    if (!hasOwn(value, i)) return formatSparseArray(ctx, value, depth, max, output, i);
    output.push(formatProperty(ctx, value, depth, i, ARRAY_TYPE));
  }
  if (length > max) output.push(moreItems(length - max));
  return output;
}

// Arrays with holes: runs of missing indices print as "<N empty items>", counting as one
// entry towards maxArrayLength.
function formatSparseArray(ctx, value, depth, max, output, firstHole) {
  const keys = Object.keys(value); // indices first, ascending; keys[0..firstHole-1] are done
  let next = firstHole;
  for (let k = firstHole; k < keys.length && output.length < max; k++) {
    const key = keys[k];
    const index = +key;
    if (index > 2 ** 32 - 2) break;
    if (`${next}` !== key) {
      if (!INDEX_KEY.test(key)) break;
      const holes = index - next;
      output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      next = index;
      if (output.length === max) break;
    }
    output.push(formatProperty(ctx, value, depth, key, ARRAY_TYPE));
    next++;
  }
  const remaining = value.length - next;
  if (output.length !== max) {
    if (remaining > 0) output.push(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`);
  } else if (remaining > 0) {
    output.push(moreItems(remaining));
  }
  return output;
}

function formatTypedArray(ctx, value, depth) {
  const length = value.length;
  const max = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const output = new Array(max);
  for (let i = 0; i < max; i++) {
    const item = value[i];
    output[i] = typeof item === 'bigint' ? `${item}n` : formatNumber(item);
  }
  if (length > max) output.push(moreItems(length - max));
  if (ctx.showHidden) {
    ctx.indentationLvl += 2;
    for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
      output.push(`[${key}]: ${formatValue(ctx, value[key], depth, true)}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function formatArrayBuffer(ctx, value) {
  let bytes;
  try {
    bytes = new Uint8Array(value);
  } catch {
    return ['(detached)'];
  }
  const shown = Math.min(ctx.maxArrayLength, bytes.length);
  let hex = '';
  for (let i = 0; i < shown; i++) hex += (i === 0 ? '' : ' ') + (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  const remaining = bytes.length - shown;
  if (remaining > 0) hex += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`[Uint8Contents]: <${hex}>`];
}

function formatSet(ctx, value, depth) {
  const size = getIntrinsics().setSize.call(value);
  const max = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const item of Set.prototype.values.call(value)) {
    if (i++ >= max) break;
    output.push(formatValue(ctx, item, depth));
  }
  if (size > max) output.push(moreItems(size - max));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx, value, depth) {
  const size = getIntrinsics().mapSize.call(value);
  const max = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const [k, v] of Map.prototype.entries.call(value)) {
    if (i++ >= max) break;
    output.push(`${formatValue(ctx, k, depth)} => ${formatValue(ctx, v, depth)}`);
  }
  if (size > max) output.push(moreItems(size - max));
  ctx.indentationLvl -= 2;
  return output;
}

function formatPromise(ctx, value, depth) {
  const state = typeof host.promiseState === 'function' ? host.promiseState(value) : null;
  if (!state || state[0] === 'pending') return ['<pending>'];
  ctx.indentationLvl += 2;
  const shown = formatValue(ctx, state[1], depth);
  ctx.indentationLvl -= 2;
  return [state[0] === 'rejected' ? `<rejected> ${shown}` : shown];
}

// Module namespaces: bindings still in their temporal dead zone print as <uninitialized>.
function formatNamespace(ctx, value, depth, keys) {
  const output = [];
  for (const key of keys) {
    try {
      output.push(formatProperty(ctx, value, depth, key, OBJECT_TYPE));
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      const shown = formatProperty(ctx, { [key]: '' }, depth, key, OBJECT_TYPE);
      output.push(`${shown.slice(0, shown.lastIndexOf(' ') + 1)}<uninitialized>`);
    }
  }
  keys.length = 0;
  return output;
}

function formatProperty(ctx, value, depth, key, type, desc, original = value) {
  let name;
  let str;
  let extra = ' ';
  desc = desc || getDescriptor(value, key) || { value: value[key], enumerable: true };
  if (desc.value !== undefined) {
    const diff = ctx.compact !== true || type !== OBJECT_TYPE ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, depth);
    if (diff === 3 && ctx.breakLength < stringWidth(str)) extra = `\n${' '.repeat(ctx.indentationLvl)}`;
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
    const getters = ctx.getters;
    if (getters && (getters === true || (getters === 'get' && desc.set === undefined) ||
        (getters === 'set' && desc.set !== undefined))) {
      try {
        const result = desc.get.call(original);
        ctx.indentationLvl += 2;
        if (result === null) str = `[${label}: null]`;
        else if (typeof result === 'object') str = `[${label}] ${formatValue(ctx, result, depth)}`;
        else str = `[${label}: ${formatPrimitive(result, ctx)}]`;
        ctx.indentationLvl -= 2;
      } catch (error) {
        str = `[${label}: <Inspection threw (${error && error.message})>]`;
      }
    } else {
      str = `[${label}]`;
    }
  } else if (desc.set !== undefined) {
    str = '[Setter]';
  } else {
    str = 'undefined';
  }
  if (type === ARRAY_TYPE) return str;
  if (typeof key === 'symbol') {
    name = `[${Symbol.prototype.toString.call(key)}]`;
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${escapeKey(key)}]`;
  } else if (IDENTIFIER.test(key)) {
    name = key;
  } else {
    name = quote(key);
  }
  return `${name}:${extra}${str}`;
}

// A hidden key goes in brackets, escaped like a single-quoted string without the quotes.
const escapeKey = (key) => escapeString(key, true);

// ------------------------------------------------------------------ layout
// Node's rule: an object fits on one line when output entries plus separators plus the
// indentation, brace and prefix lengths (+10) stay within breakLength, it contains no line
// break, and it does not hold objects nested more than `compact` (3) levels deep.
function reduceToSingleString(ctx, output, base, braces, extrasType, depth, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === ARRAY_EXTRAS_TYPE && entries > 6) output = groupArrayElements(ctx, output, value);
      if (ctx.currentDepth - depth < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joined = output.join(', ');
          if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }
  // compact: true — as many entries per line as fit.
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
  }
  const indentation = ' '.repeat(ctx.indentationLvl);
  const lead = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
  return `${braces[0]}${lead}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
}

function isBelowBreakLength(ctx, output, start, base) {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    total += output[i].length;
    if (total > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

// Arrays of more than six entries are laid out in columns: roughly square (a character is
// ~2.5 times as high as wide), at most 15 (and compact * 4) columns, within breakLength;
// numbers are right-aligned, anything else left-aligned. Not done when one entry is much
// longer than the average, or when three entries do not fit on a line.
function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let count = output.length;
  if (ctx.maxArrayLength < output.length) count--; // leave "... N more items" alone
  const separatorSpace = 2; // ", "
  const widths = new Array(count);
  for (let i = 0; i < count; i++) {
    const width = stringWidth(output[i]);
    widths[i] = width;
    totalLength += width + separatorSpace;
    if (maxLength < width) maxLength = width;
  }
  const cellWidth = maxLength + separatorSpace;
  if (cellWidth * 3 + ctx.indentationLvl < ctx.breakLength &&
      (totalLength / cellWidth > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(cellWidth - totalLength / output.length);
    const biasedMax = Math.max(cellWidth - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * count) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / cellWidth),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const columnWidths = [];
    for (let c = 0; c < columns; c++) {
      let width = 0;
      for (let j = c; j < count; j += columns) if (widths[j] > width) width = widths[j];
      columnWidths.push(width + separatorSpace);
    }
    let padStart = value !== undefined;
    if (padStart) {
      for (let i = 0; i < output.length; i++) {
        const item = value[i];
        if (typeof item !== 'number' && typeof item !== 'bigint') { padStart = false; break; }
      }
    }
    const rows = [];
    for (let i = 0; i < count; i += columns) {
      const end = Math.min(i + columns, count);
      let line = '';
      let j = i;
      for (; j < end - 1; j++) {
        const cell = `${output[j]}, `;
        const pad = ' '.repeat(Math.max(0, columnWidths[j - i] - widths[j] - separatorSpace));
        line += padStart ? pad + cell : cell + pad;
      }
      if (padStart) {
        line += ' '.repeat(Math.max(0, columnWidths[j - i] - separatorSpace - widths[j])) + output[j];
      } else {
        line += output[j];
      }
      rows.push(line);
    }
    if (ctx.maxArrayLength < output.length) rows.push(output[count]);
    output = rows;
  }
  return output;
}

module.exports = {
  inspect,
  formatNumber,
  constructorName,
};
