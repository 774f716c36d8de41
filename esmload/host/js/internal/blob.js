'use strict';

// Blob and File (the web's, as Node's node:buffer exports them). A Blob keeps its parts as
// read-only Uint8Arrays (copies made at construction; slices share them), so stream() gives
// one chunk per part as Node does. stream() returns a ReadableStream when the global exists,
// otherwise a minimal stand-in with getReader() and async iteration.

const { nodeError, describeReceived } = require('internal/errors');
const { customInspectSymbol, hostClasses } = require('internal/util');
const { isArrayBuffer, isSharedArrayBuffer } = require('internal/util/types');
const { utf8Encode, decodeUTF8 } = require('internal/encoding');

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function normalizeType(type) {
  const text = `${type}`;
  return PRINTABLE_ASCII.test(text) ? text.toLowerCase() : '';
}

function checkOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' && typeof options !== 'function') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "options" argument must be a dictionary.${describeReceived(options)}`);
  }
  return options;
}

function partBytes(part, nativeEndings) {
  if (isArrayBuffer(part) || isSharedArrayBuffer(part)) return new Uint8Array(part.slice(0));
  if (ArrayBuffer.isView(part)) {
    return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
  }
  let text = `${part}`;
  if (nativeEndings) text = text.replaceAll('\r\n', '\n');  // as Node: a lone CR stays
  return utf8Encode(text);
}

// Bytes of `parts` between start and end (positions within their concatenation).
function sliceParts(parts, start, end) {
  const out = [];
  let pos = 0;
  for (const part of parts) {
    const partEnd = pos + part.length;
    if (partEnd > start && pos < end) {
      const from = Math.max(start - pos, 0);
      const to = Math.min(end - pos, part.length);
      out.push(from === 0 && to === part.length ? part : part.subarray(from, to));
    }
    pos = partEnd;
    if (pos >= end) break;
  }
  return out;
}

function joinParts(parts, size) {
  if (parts.length === 1) return parts[0].slice();
  const out = new Uint8Array(size);
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}

function relativePosition(value, size) {
  if (value === undefined) return undefined;
  value = Math.trunc(+value) || 0;
  if (value < 0) return Math.max(size + value, 0);
  return Math.min(value, size);
}

class Blob {
  #parts;
  #size;
  #type;

  constructor(sources = [], options = undefined) {
    if (sources === null || typeof sources !== 'object' || typeof sources[Symbol.iterator] !== 'function') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "sources" argument must be a sequence.${describeReceived(sources)}`);
    }
    const { endings = 'transparent', type = '' } = checkOptions(options);
    const endingsText = `${endings}`;
    if (endingsText !== 'transparent' && endingsText !== 'native') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The property 'options.endings' is invalid. Received ${require('internal/util/inspect').inspect(endings)}`);
    }
    const nativeEndings = endingsText === 'native' && process.platform !== 'win32';
    const parts = [];
    let size = 0;
    for (const source of sources) {
      const bytes = #parts in Object(source) ? null : partBytes(source, nativeEndings);
      if (bytes === null) {
        for (const part of source.#parts) parts.push(part);
        size += source.#size;
      } else if (bytes.length > 0) {
        parts.push(bytes);
        size += bytes.length;
      }
    }
    this.#parts = parts;
    this.#size = size;
    this.#type = normalizeType(type);
  }

  get size() { return this.#size; }
  get type() { return this.#type; }

  slice(start = undefined, end = undefined, contentType = '') {
    const size = this.#size;
    const from = relativePosition(start, size) ?? 0;
    const to = relativePosition(end, size) ?? size;
    const blob = new Blob();
    blob.#parts = to > from ? sliceParts(this.#parts, from, to) : [];
    blob.#size = to > from ? to - from : 0;
    blob.#type = normalizeType(contentType);
    return blob;
  }

  async arrayBuffer() {
    return joinParts(this.#parts, this.#size).buffer;
  }

  async bytes() {
    return joinParts(this.#parts, this.#size);
  }

  async text() {
    return decodeUTF8(joinParts(this.#parts, this.#size));
  }

  stream() {
    const chunks = this.#parts.map((part) => part.slice());
    if (typeof globalThis.ReadableStream === 'function') {
      return new globalThis.ReadableStream({
        type: 'bytes',
        pull(controller) {
          if (chunks.length === 0) controller.close();
          else controller.enqueue(chunks.shift());
        },
      });
    }
    return new BlobStream(chunks);
  }

  [customInspectSymbol](depth, options, inspect) {
    if (depth < 0) return `[${this.constructor && this.constructor.name ? this.constructor.name : this[Symbol.toStringTag]}]`;
    const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
    return `${this[Symbol.toStringTag]} ${inspect(this.#fields(), opts)}`;
  }

  #fields() {
    const fields = { size: this.#size, type: this.#type };
    if (this instanceof File) {
      fields.name = this.name;
      fields.lastModified = this.lastModified;
    }
    return fields;
  }
}

Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: 'Blob', configurable: true });
for (const name of ['size', 'type', 'slice', 'arrayBuffer', 'bytes', 'text', 'stream']) {
  Object.defineProperty(Blob.prototype, name, { enumerable: true });
}

// Without web streams: reads the chunks through getReader() or `for await`.
class BlobStream {
  #chunks;
  #locked = false;

  constructor(chunks) {
    this.#chunks = chunks;
  }

  get locked() { return this.#locked; }

  getReader() {
    if (this.#locked) throw new TypeError('ReadableStream is locked');
    this.#locked = true;
    const chunks = this.#chunks;
    return {
      read: async () => (chunks.length === 0 ? { value: undefined, done: true } : { value: chunks.shift(), done: false }),
      releaseLock: () => { this.#locked = false; },
      cancel: async () => { chunks.length = 0; },
      closed: Promise.resolve(undefined),
    };
  }

  async cancel() { this.#chunks.length = 0; }

  async *[Symbol.asyncIterator]() {
    const reader = this.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
}
Object.defineProperty(BlobStream.prototype, Symbol.toStringTag, { value: 'ReadableStream', configurable: true });

class File extends Blob {
  #name;
  #lastModified;

  constructor(fileBits, fileName, options = undefined) {
    if (arguments.length < 2) {
      throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "fileBits" and "fileName" arguments must be specified');
    }
    super(fileBits, options);
    const { lastModified } = checkOptions(options);
    this.#name = `${fileName}`;
    if (lastModified !== undefined) {
      const value = +lastModified;
      this.#lastModified = Number.isNaN(value) ? 0 : value;
    } else {
      this.#lastModified = Date.now();
    }
  }

  get name() { return this.#name; }
  get lastModified() { return this.#lastModified; }
}

Object.defineProperty(File.prototype, Symbol.toStringTag, { value: 'File', configurable: true });
for (const name of ['name', 'lastModified']) Object.defineProperty(File.prototype, name, { enumerable: true });

hostClasses.add(Blob);
hostClasses.add(File);

// Object URLs ('blob:nodedata:ID') of Blobs, for URL.createObjectURL/revokeObjectURL and
// buffer.resolveObjectURL.
const objectURLs = new Map();
let objectURLCount = 0;

function createObjectURL(blob) {
  if (!(blob instanceof Blob)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "obj" argument must be an instance of Blob.${describeReceived(blob)}`);
  }
  const random = Math.random().toString(16).slice(2, 10).padEnd(8, '0');
  const id = `${random}-0000-4000-8000-${(++objectURLCount).toString(16).padStart(12, '0')}`;
  const url = `blob:nodedata:${id}`;
  objectURLs.set(url, blob);
  return url;
}

function revokeObjectURL(url) {
  objectURLs.delete(`${url}`);
}

function resolveObjectURL(url) {
  const text = `${url}`;
  const hash = text.indexOf('#');
  return objectURLs.get(hash === -1 ? text : text.slice(0, hash));
}

module.exports = {
  Blob,
  File,
  createObjectURL,
  revokeObjectURL,
  resolveObjectURL,
};
