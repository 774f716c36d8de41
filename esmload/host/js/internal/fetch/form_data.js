'use strict';

// FormData, its multipart/form-data encoding (a request body) and the parsing of
// multipart/form-data and application/x-www-form-urlencoded bodies (Body.formData()).

const { pairIterator } = require('internal/fetch/pair_iterator');
const { customInspectSymbol, hostClasses } = require('internal/util');
const { utf8Encode, TextDecoder } = require('internal/encoding');
const { requireArgs, illegalInvocation } = require('internal/fetch/headers');

let bufferModule;
const blobClasses = () => (bufferModule ??= require('buffer'));
const isBlob = (value) => value !== null && typeof value === 'object' && value instanceof blobClasses().Blob;



const usvString = (value) => `${value}`.toWellFormed();

// An entry's value: a string, or a File (a Blob becomes a File named `filename` or 'blob').
function entryValue(method, value, filename, hasFilename) {
  if (!isBlob(value)) {
    if (hasFilename) {
      throw new TypeError(`Failed to execute '${method}' on 'FormData': parameter 2 is not of type 'Blob'`);
    }
    return usvString(value);
  }
  const { File } = blobClasses();
  if (value instanceof File && !hasFilename) return value;
  const name = hasFilename ? usvString(filename) : (value instanceof File ? value.name : 'blob');
  const options = { type: value.type };
  if (value instanceof File) options.lastModified = value.lastModified;
  return new File([value], name, options);
}

let entriesOf;
let isFormData;

class FormData {
  #entries = [];

  static {
    entriesOf = (form) => form.#entries;
    isFormData = (value) => value !== null && typeof value === 'object' && #entries in value;
  }

  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError('FormData constructor: Argument 1 could not be converted to: undefined.');
    }
  }

  append(name, value, filename = undefined) {
    if (!isFormData(this)) throw illegalInvocation();
    requireArgs('FormData.append', 2, arguments.length);
    this.#entries.push([usvString(name), entryValue('append', value, filename, arguments.length > 2)]);
  }

  delete(name) {
    if (!isFormData(this)) throw illegalInvocation();
    requireArgs('FormData.delete', 1, arguments.length);
    name = usvString(name);
    this.#entries = this.#entries.filter((entry) => entry[0] !== name);
  }

  get(name) {
    if (!isFormData(this)) throw illegalInvocation();
    requireArgs('FormData.get', 1, arguments.length);
    name = usvString(name);
    const found = this.#entries.find((entry) => entry[0] === name);
    return found === undefined ? null : found[1];
  }

  getAll(name) {
    if (!isFormData(this)) throw illegalInvocation();
    requireArgs('FormData.getAll', 1, arguments.length);
    name = usvString(name);
    return this.#entries.filter((entry) => entry[0] === name).map((entry) => entry[1]);
  }

  has(name) {
    if (!isFormData(this)) throw illegalInvocation();
    requireArgs('FormData.has', 1, arguments.length);
    name = usvString(name);
    return this.#entries.some((entry) => entry[0] === name);
  }

  set(name, value, filename = undefined) {
    if (!isFormData(this)) throw illegalInvocation();
    requireArgs('FormData.set', 2, arguments.length);
    name = usvString(name);
    const entry = [name, entryValue('set', value, filename, arguments.length > 2)];
    const index = this.#entries.findIndex((item) => item[0] === name);
    if (index === -1) {
      this.#entries.push(entry);
    } else {
      this.#entries[index] = entry;
      this.#entries = this.#entries.filter((item, i) => i <= index || item[0] !== name);
    }
  }

  keys() {
    if (!isFormData(this)) throw illegalInvocation();
    return makeIterator(this, 'keys');
  }

  values() {
    if (!isFormData(this)) throw illegalInvocation();
    return makeIterator(this, 'values');
  }

  entries() {
    if (!isFormData(this)) throw illegalInvocation();
    return makeIterator(this, 'entries');
  }

  forEach(callback, thisArg = undefined) {
    if (!isFormData(this)) throw illegalInvocation();
    requireArgs('FormData.forEach', 1, arguments.length);
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    for (let i = 0; i < this.#entries.length; i++) {
      const [name, value] = this.#entries[i];
      callback.call(thisArg, value, name, this);
    }
  }

  [customInspectSymbol](depth, options, inspect) {
    const shown = {};
    for (const [name, value] of this.#entries) {
      if (!Object.hasOwn(shown, name)) shown[name] = value;
      else if (Array.isArray(shown[name])) shown[name].push(value);
      else shown[name] = [shown[name], value];
    }
    const opts = { ...options, depth: options.depth == null ? null : options.depth };
    return `FormData ${inspect(shown, opts)}`;
  }
}

FormData.prototype[Symbol.iterator] = FormData.prototype.entries;
Object.defineProperty(FormData.prototype, Symbol.iterator, { enumerable: false });
Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: 'FormData', configurable: true });


const makeIterator = pairIterator('FormData', (form) => entriesOf(form));

// ---------------------------------------------------------------- multipart/form-data

const escapeName = (name) => name.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
const normalizeNewlines = (text) => text.replace(/\r\n|\r|\n/g, '\r\n');

function randomBoundary() {
  let digits = '';
  while (digits.length < 24) digits += Math.floor(Math.random() * 1e9).toString(16);
  return `----formdata-esmload-${digits.slice(0, 24)}`;
}

// The body of `form`: { parts (Uint8Arrays and Blobs), length, type }.
function encodeMultipart(form) {
  const boundary = randomBoundary();
  const parts = [];
  let length = 0;
  const add = (part) => {
    parts.push(part);
    length += isBlob(part) ? part.size : part.length;
  };
  for (const [name, value] of entriesOf(form)) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(normalizeNewlines(name))}"`;
    if (typeof value === 'string') {
      add(utf8Encode(`${head}\r\n\r\n${normalizeNewlines(value)}\r\n`));
    } else {
      head += `; filename="${escapeName(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
      add(utf8Encode(head));
      add(value);
      add(utf8Encode('\r\n'));
    }
  }
  add(utf8Encode(`--${boundary}--\r\n`));
  return { parts, length, type: `multipart/form-data; boundary=${boundary}` };
}

// ---------------------------------------------------------------- parsing (Body.formData())

function indexOf(bytes, pattern, from) {
  const first = pattern[0];
  const last = bytes.length - pattern.length;
  outer: for (let i = from; i <= last; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}

function headerParameter(header, name) {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (match === null) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

const unescapeName = (name) => (name === null ? null
  : name.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%22/g, '"'));

function parseMultipart(bytes, boundary) {
  const { File } = blobClasses();
  const decoder = new TextDecoder();
  const form = new FormData();
  const delimiter = utf8Encode(`--${boundary}`);
  const failed = () => new TypeError('Failed to parse body as FormData.');
  let pos = indexOf(bytes, delimiter, 0);
  if (pos === -1) throw failed();
  for (;;) {
    pos += delimiter.length;
    if (bytes[pos] === 45 && bytes[pos + 1] === 45) break; // '--': the last delimiter
    if (bytes[pos] === 13 && bytes[pos + 1] === 10) pos += 2;
    else throw failed();
    const headersEnd = indexOf(bytes, utf8Encode('\r\n\r\n'), pos);
    if (headersEnd === -1) throw failed();
    const headerLines = decoder.decode(bytes.subarray(pos, headersEnd)).split('\r\n');
    const next = indexOf(bytes, utf8Encode(`\r\n--${boundary}`), headersEnd + 4);
    if (next === -1) throw failed();
    const content = bytes.slice(headersEnd + 4, next);
    let disposition = null;
    let type = '';
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon === -1) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') disposition = value;
      else if (key === 'content-type') type = value;
    }
    if (disposition === null || !/^form-data\b/i.test(disposition)) throw failed();
    const name = unescapeName(headerParameter(disposition, 'name'));
    if (name === null) throw failed();
    const filename = unescapeName(headerParameter(disposition, 'filename'));
    if (filename === null) form.append(name, decoder.decode(content));
    else form.append(name, new File([content], filename, { type }));
    pos = next + 2;
  }
  return form;
}

function parseFormData(bytes, contentType) {
  const essence = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (essence === 'multipart/form-data') {
    const boundary = headerParameter(contentType, 'boundary');
    if (boundary === null) throw new TypeError('Failed to parse body as FormData.');
    return parseMultipart(bytes, boundary);
  }
  if (essence === 'application/x-www-form-urlencoded') {
    const form = new FormData();
    const params = new globalThis.URLSearchParams(new TextDecoder().decode(bytes));
    for (const [name, value] of params) form.append(name, value);
    return form;
  }
  throw new TypeError('Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
}

hostClasses.add(FormData);

module.exports = {
  FormData,
  isFormData: (value) => isFormData(value),
  isBlob,
  blobClasses,
  encodeMultipart,
  parseFormData,
};
