'use strict';

// Headers (the Fetch standard's header list): names compared case-insensitively, kept as
// first given; iteration sorted by lower-cased name with values combined (set-cookie apart).

const { pairIterator } = require('internal/fetch/pair_iterator');
const { customInspectSymbol, hostClasses } = require('internal/util');

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const EDGE_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const INVALID_VALUE = /[\0\r\n]/;

// Node's brand check error: a plain TypeError with a code.
function illegalInvocation() {
  const error = new TypeError('Illegal invocation');
  error.code = 'ERR_INVALID_THIS';
  return error;
}

function requireArgs(context, count, found) {
  if (found < count) {
    throw new TypeError(`${context}: ${count} argument${count > 1 ? 's' : ''} required, but ${
      count > 1 ? 'only ' : ''}${found} found.`);
  }
}

// WebIDL ByteString: a string whose code units fit in a byte.
function byteString(value) {
  const text = `${value}`;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit > 255) {
      throw new TypeError('Cannot convert argument to a ByteString because the character at ' +
        `index ${i} has a value of ${unit} which is greater than 255.`);
    }
  }
  return text;
}

function checkName(context, name) {
  if (!TOKEN.test(name)) throw new TypeError(`${context}: "${name}" is an invalid header name.`);
}

function normalizeValue(context, value) {
  const normalized = value.replace(EDGE_WHITESPACE, '');
  if (INVALID_VALUE.test(normalized)) {
    throw new TypeError(`${context}: "${value}" is an invalid header value.`);
  }
  return normalized;
}

let listOf;
let guardOf;
let sortedList;
let invalidate;
let isHeaders;

class Headers {
  // entries: { name (as first given), lower, value }, in insertion order
  #list = [];
  #guard = 'none';
  #sorted = null;

  static {
    listOf = (headers) => headers.#list;
    isHeaders = (value) => value !== null && typeof value === 'object' && #list in value;
    guardOf = (headers, guard) => {
      if (guard !== undefined) headers.#guard = guard;
      return headers.#guard;
    };
  }

  constructor(init = undefined) {
    if (init !== undefined) fill(this, init, 'Headers constructor');
  }

  #mutable() {
    if (this.#guard === 'immutable') throw new TypeError('immutable');
    this.#sorted = null;
  }

  append(name, value) {
    if (!isHeaders(this)) throw illegalInvocation();
    requireArgs('Headers.append', 2, arguments.length);
    appendHeader(this, name, value, 'Headers.append');
  }

  delete(name) {
    if (!isHeaders(this)) throw illegalInvocation();
    requireArgs('Headers.delete', 1, arguments.length);
    name = byteString(name);
    checkName('Headers.delete', name);
    this.#mutable();
    const lower = name.toLowerCase();
    this.#list = this.#list.filter((entry) => entry.lower !== lower);
  }

  get(name) {
    if (!isHeaders(this)) throw illegalInvocation();
    requireArgs('Headers.get', 1, arguments.length);
    name = byteString(name);
    checkName('Headers.get', name);
    return getHeader(this, name.toLowerCase());
  }

  has(name) {
    if (!isHeaders(this)) throw illegalInvocation();
    requireArgs('Headers.has', 1, arguments.length);
    name = byteString(name);
    checkName('Headers.has', name);
    const lower = name.toLowerCase();
    return this.#list.some((entry) => entry.lower === lower);
  }

  set(name, value) {
    if (!isHeaders(this)) throw illegalInvocation();
    requireArgs('Headers.set', 2, arguments.length);
    name = byteString(name);
    value = byteString(value);
    checkName('Headers.set', name);
    value = normalizeValue('Headers.set', value);
    this.#mutable();
    setHeader(this, name, value);
  }

  getSetCookie() {
    if (!isHeaders(this)) throw illegalInvocation();
    return this.#list.filter((entry) => entry.lower === 'set-cookie').map((entry) => entry.value);
  }

  keys() {
    if (!isHeaders(this)) throw illegalInvocation();
    return makeIterator(this, 'keys');
  }

  values() {
    if (!isHeaders(this)) throw illegalInvocation();
    return makeIterator(this, 'values');
  }

  entries() {
    if (!isHeaders(this)) throw illegalInvocation();
    return makeIterator(this, 'entries');
  }

  forEach(callback, thisArg = undefined) {
    if (!isHeaders(this)) throw illegalInvocation();
    requireArgs('Headers.forEach', 1, arguments.length);
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not of type 'Function'.");
    }
    for (let i = 0; i < sortedList(this).length; i++) {
      const [name, value] = sortedList(this)[i];
      callback.call(thisArg, value, name, this);
    }
  }

  // The sorted and combined list (cached until the next change).
  static #sort(headers) {
    if (headers.#sorted !== null) return headers.#sorted;
    const names = [...new Set(headers.#list.map((entry) => entry.lower))].sort();
    const out = [];
    for (const name of names) {
      if (name === 'set-cookie') {
        for (const entry of headers.#list) if (entry.lower === name) out.push([name, entry.value]);
      } else {
        out.push([name, getHeader(headers, name)]);
      }
    }
    headers.#sorted = out;
    return out;
  }

  static {
    sortedList = (headers) => Headers.#sort(headers);
    invalidate = (headers) => { headers.#sorted = null; };
  }

  [customInspectSymbol](depth, options, inspect) {
    const shown = {};
    const names = new Map();
    for (const entry of this.#list) {
      const first = names.get(entry.lower);
      if (first === undefined) {
        names.set(entry.lower, entry.name);
        shown[entry.name] = entry.value;
      } else {
        shown[first] += `, ${entry.value}`;
      }
    }
    return `Headers ${inspect(shown, options)}`;
  }
}

Headers.prototype[Symbol.iterator] = Headers.prototype.entries;
Object.defineProperty(Headers.prototype, Symbol.iterator, { enumerable: false });
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: 'Headers', configurable: true });

function getHeader(headers, lower) {
  let found = null;
  for (const entry of listOf(headers)) {
    if (entry.lower === lower) found = found === null ? entry.value : `${found}, ${entry.value}`;
  }
  return found;
}

function setHeader(headers, name, value) {
  const list = listOf(headers);
  const lower = name.toLowerCase();
  const index = list.findIndex((entry) => entry.lower === lower);
  if (index === -1) {
    list.push({ name, lower, value });
  } else {
    list[index].value = value;
    for (let i = list.length - 1; i > index; i--) if (list[i].lower === lower) list.splice(i, 1);
  }
  invalidate(headers);
}

function appendHeader(headers, name, value, context) {
  name = byteString(name);
  value = byteString(value);
  checkName(context, name);
  value = normalizeValue(context, value);
  if (guardOf(headers) === 'immutable') throw new TypeError('immutable');
  const list = listOf(headers);
  const lower = name.toLowerCase();
  const first = list.find((entry) => entry.lower === lower);
  list.push({ name: first === undefined ? name : first.name, lower, value });
  invalidate(headers);
}

function fill(headers, init, context) {
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
    throw new TypeError(`${context}: Argument 1 could not be converted to one of: ` +
      'sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
  }
  if (isHeaders(init)) {
    for (const entry of listOf(init)) appendHeader(headers, entry.name, entry.value, 'Headers.append');
    return;
  }
  const iterate = init[Symbol.iterator];
  if (iterate !== undefined && iterate !== null) {
    if (typeof iterate !== 'function') {
      throw new TypeError(`${context}: Argument 1 could not be converted to one of: ` +
        'sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
    }
    for (const pair of init) {
      if (pair === null || typeof pair !== 'object' || typeof pair[Symbol.iterator] !== 'function') {
        throw new TypeError(`${context}: Argument 1 could not be converted to one of: ` +
          'sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
      }
      const items = [...pair];
      if (items.length !== 2) {
        throw new TypeError(`${context}: expected name/value pair to be length 2, found ${items.length}.`);
      }
      appendHeader(headers, items[0], items[1], 'Headers.append');
    }
    return;
  }
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === 'symbol') {
      throw new TypeError(`${context}: Key ${String(key)} in init is a symbol, which cannot be converted to a ByteString.`);
    }
    appendHeader(headers, key, init[key], 'Headers.append');
  }
}



const makeIterator = pairIterator('Headers', (headers) => sortedList(headers));

// Headers from raw [name, value] pairs (a response off the network), lower-cased names.
function headersFromPairs(pairs, guard) {
  const headers = new Headers();
  const list = listOf(headers);
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    list.push({ name: lower, lower, value });
  }
  if (guard !== undefined) guardOf(headers, guard);
  return headers;
}

// Copy `source` (a Headers) into a new Headers with `guard`.
function copyHeaders(source, guard) {
  const headers = new Headers();
  for (const entry of listOf(source)) listOf(headers).push({ ...entry });
  if (guard !== undefined) guardOf(headers, guard);
  return headers;
}

hostClasses.add(Headers);

module.exports = {
  Headers,
  fillHeaders: fill,
  headerList: listOf,
  headersGuard: guardOf,
  getHeader: (headers, name) => getHeader(headers, name.toLowerCase()),
  setHeader: (headers, name, value) => setHeader(headers, name, value),
  deleteHeader: (headers, name) => {
    const lower = name.toLowerCase();
    const list = listOf(headers);
    for (let i = list.length - 1; i >= 0; i--) if (list[i].lower === lower) list.splice(i, 1);
    invalidate(headers);
  },
  headersFromPairs,
  copyHeaders,
  isHeaders: (value) => isHeaders(value),
  sortedHeaders: (headers) => sortedList(headers),
  requireArgs,
  illegalInvocation,
};
