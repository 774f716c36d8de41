'use strict';

// node:stream/consumers: read a whole stream (or async iterable) as text, JSON, bytes or a Blob.

async function chunksOf(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function bytesOf(chunks) {
  const { Buffer } = require('buffer');
  const buffers = chunks.map((chunk) => {
    if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
    if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
    if (ArrayBuffer.isView(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    return Buffer.from(String(chunk), 'utf8');
  });
  return Buffer.concat(buffers);
}

async function blob(stream) {
  const chunks = await chunksOf(stream);
  return new Blob(chunks);
}

async function buffer(stream) {
  return bytesOf(await chunksOf(stream));
}

async function arrayBuffer(stream) {
  const bytes = bytesOf(await chunksOf(stream));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

async function text(stream) {
  const decoder = new TextDecoder();
  let result = '';
  for await (const chunk of stream) {
    if (typeof chunk === 'string') result += chunk;
    else result += decoder.decode(chunk, { stream: true });
  }
  result += decoder.decode();
  return result;
}

async function json(stream) {
  return JSON.parse(await text(stream));
}

module.exports = { arrayBuffer, blob, buffer, text, json };
