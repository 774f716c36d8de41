'use strict';

// The body of a Request or Response: extraction from what a program passes (string,
// URLSearchParams, BufferSource, Blob, FormData, ReadableStream), the lazily made `body`
// stream, consumption (arrayBuffer, blob, bytes, formData, json, text), and cloning.
//
// A body is { data, source, stream, length, used }:
//   data    bytes known up front, as parts (Uint8Arrays and Blobs): replayable, so clones
//           share it and a redirect can send it again; null otherwise
//   source  a one-shot source { pull() → Promise<Uint8Array | null>, all() → Promise<Uint8Array>,
//           cancel() } (a response coming off the network); null otherwise
//   stream  the ReadableStream, made on first access of `body` (or the program's own stream)
//   length  the byte length when known, else null
//   used    consumed without its stream having been made

const { isArrayBuffer, isSharedArrayBuffer } = require('internal/util/types');
const { utf8Encode, TextDecoder } = require('internal/encoding');
const {
  createStream, createConsumedStream, isReadableStream, isDisturbed, readAll, wrapStream,
} = require('internal/fetch/stream');
const {
  isFormData, isBlob, blobClasses, encodeMultipart, parseFormData,
} = require('internal/fetch/form_data');

function bytesBody(bytes) {
  return { data: [bytes], source: null, stream: null, length: bytes.length, used: false };
}

function sourceBody(source, length = null) {
  return { data: null, source, stream: null, length, used: false };
}

function copyBytes(view) {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

// The Fetch standard's "extract a body": { body, type } (type: the Content-Type to default
// to, or null).
function extractBody(object) {
  if (typeof object === 'string') {
    return { body: bytesBody(utf8Encode(object)), type: 'text/plain;charset=UTF-8' };
  }
  if (typeof globalThis.URLSearchParams === 'function' && object instanceof globalThis.URLSearchParams) {
    return {
      body: bytesBody(utf8Encode(object.toString())),
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
    };
  }
  if (isArrayBuffer(object) || isSharedArrayBuffer(object)) {
    return { body: bytesBody(new Uint8Array(object.slice(0))), type: null };
  }
  if (ArrayBuffer.isView(object)) return { body: bytesBody(copyBytes(object)), type: null };
  if (isBlob(object)) {
    return {
      body: { data: [object], source: null, stream: null, length: object.size, used: false },
      type: object.type === '' ? null : object.type,
    };
  }
  if (isFormData(object)) {
    const { parts, length, type } = encodeMultipart(object);
    return { body: { data: parts, source: null, stream: null, length, used: false }, type };
  }
  if (isReadableStream(object)) {
    if (isDisturbed(object) || object.locked) {
      throw new TypeError('Response body object should not be disturbed or locked');
    }
    return { body: { data: null, source: null, stream: object, length: null, used: false }, type: null };
  }
  return { body: bytesBody(utf8Encode(`${object}`)), type: 'text/plain;charset=UTF-8' };
}

async function partBytes(part) {
  return isBlob(part) ? new Uint8Array(await part.arrayBuffer()) : part;
}

function concat(chunks) {
  if (chunks.length === 1) return chunks[0];
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  const out = new Uint8Array(size);
  let pos = 0;
  for (const chunk of chunks) {
    out.set(chunk, pos);
    pos += chunk.length;
  }
  return out;
}

async function dataBytes(data) {
  const chunks = [];
  for (const part of data) chunks.push(await partBytes(part));
  return chunks.length === 0 ? new Uint8Array(0) : concat(chunks);
}

// `body.stream`, made now if needed.
function bodyStream(body) {
  if (body.stream === null) {
    if (body.used) {
      body.stream = createConsumedStream();
    } else if (body.source !== null) {
      const { source } = body;
      body.source = null;
      body.stream = createStream(source);
    } else {
      let index = 0;
      const { data } = body;
      body.stream = createStream({
        pull() {
          if (index >= data.length) return null;
          const part = data[index++];
          return isBlob(part) ? partBytes(part) : part.slice();
        },
      });
    }
  }
  return body.stream;
}

function isUnusable(body) {
  return body.used || (body.stream !== null && (isDisturbed(body.stream) || body.stream.locked));
}

function isUsed(body) {
  return body.used || (body.stream !== null && isDisturbed(body.stream));
}

// Every byte of the body (a null body: none), once.
async function consumeBody(body) {
  if (body === null) return new Uint8Array(0);
  if (isUnusable(body)) throw new TypeError('Body is unusable: Body has already been read');
  if (body.stream === null) {
    body.used = true;
    if (body.source !== null) return body.source.all();
    return dataBytes(body.data);
  }
  body.used = true;
  return readAll(body.stream);
}

// A second body reading the same bytes (the first keeps working).
function cloneBody(body) {
  if (body.stream === null && body.source === null) {
    return { data: body.data, source: null, stream: null, length: body.length, used: false };
  }
  const [first, second] = wrapStream(bodyStream(body)).tee();
  body.stream = first;
  return { data: body.data, source: null, stream: second, length: body.length, used: false };
}

// The bytes to send for a request body (an ArrayBuffer-backed Uint8Array).
function requestBytes(body) {
  if (body.data !== null && body.stream === null && !body.used) return dataBytes(body.data);
  return consumeBody(body);
}

function mimeType(headersValue) {
  return headersValue === null ? '' : headersValue;
}

// The body-reading methods shared by Request and Response: `getState(this)` gives
// { body, contentType() } or throws for a foreign `this`.
function defineBodyMethods(Class, getState, beforeConsume) {
  const consume = (self) => {
    const state = getState(self);
    if (beforeConsume) beforeConsume(self);
    return consumeBody(state.body);
  };
  const methods = {
    async arrayBuffer() {
      const bytes = await consume(this);
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer : bytes.slice().buffer;
    },
    async blob() {
      const state = getState(this);
      const bytes = await consume(this);
      return new (blobClasses().Blob)([bytes], { type: mimeType(state.contentType()) });
    },
    async bytes() {
      return consume(this);
    },
    async formData() {
      const state = getState(this);
      const bytes = await consume(this);
      return parseFormData(bytes, state.contentType());
    },
    async json() {
      return JSON.parse(new TextDecoder().decode(await consume(this)));
    },
    async text() {
      return new TextDecoder().decode(await consume(this));
    },
  };
  for (const name of ['blob', 'arrayBuffer', 'text', 'json', 'formData', 'bytes']) {
    Object.defineProperty(Class.prototype, name, {
      value: methods[name], writable: true, enumerable: true, configurable: true,
    });
  }
}

module.exports = {
  extractBody,
  bytesBody,
  sourceBody,
  bodyStream,
  consumeBody,
  cloneBody,
  requestBytes,
  isUnusable,
  isUsed,
  defineBodyMethods,
};
