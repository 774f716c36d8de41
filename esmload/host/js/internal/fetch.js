'use strict';

// fetch() and the classes it uses (Headers, Request, Response, FormData), the globals of the
// same names. HTTP(S) requests go through the `fetch` binding (esmload/host/bindings/fetch.py):
// one request per connection, made on a worker thread, the response body read in chunks as
// the program reads it. Redirects are followed here. `data:` URLs are answered here too.
//
// Node's behaviour kept: failures reject with `TypeError: fetch failed` whose `cause` says why
// (a system error like `connect ECONNREFUSED 127.0.0.1:PORT`, or `unknown scheme`, …); an
// abort rejects with the signal's reason; a refusal of the permission model rejects with its
// ERR_ACCESS_DENIED error itself.

const { Headers, headerList, headersFromPairs } = require('internal/fetch/headers');
const { FormData } = require('internal/fetch/form_data');
const { Request, requestState } = require('internal/fetch/request');
const {
  Response, newResponse, responseState, NULL_BODY_STATUSES, REDIRECT_STATUSES,
} = require('internal/fetch/response');
const {
  bytesBody, sourceBody, requestBytes, extractBody,
} = require('internal/fetch/body');
const { errorStream } = require('internal/fetch/stream');
const { utf8Encode } = require('internal/encoding');

let binding;
const fetchBinding = () => (binding ??= host.binding('fetch'));

// The Fetch standard's bad ports: a request to one fails before connecting.
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);
const MAX_REDIRECTS = 20;
const BODY_HEADERS = ['content-encoding', 'content-language', 'content-location', 'content-type', 'content-length'];
const CROSS_ORIGIN_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'host'];
const DEFAULT_HEADERS = [
  ['accept', '*/*'],
  ['accept-language', '*'],
  ['sec-fetch-mode', 'cors'],
  ['user-agent', 'node'],
  ['accept-encoding', 'gzip, deflate'],
];
// The properties of a system error, in the order Node gives them.
const CAUSE_PROPERTIES = ['errno', 'code', 'syscall', 'address', 'port', 'hostname', 'reason', 'host', 'cert'];

function networkError(cause) {
  return new TypeError('fetch failed', { cause });
}

// The binding's error (a system error or undici-like error from Python) as Node shows it.
function causeFrom(error) {
  if (error === null || typeof error !== 'object' || typeof error.code !== 'string') return error;
  const cause = new Error(error.message);
  const name = error.errorName;
  if (typeof name === 'string' && name !== 'Error') cause.name = name; // own, as undici's are
  for (const key of CAUSE_PROPERTIES) if (error[key] !== undefined) cause[key] = error[key];
  return cause;
}

function callBinding(name, ...args) {
  return new Promise((resolve, reject) => {
    fetchBinding()[name]((error, result) => (error ? reject(error) : resolve(result)), ...args);
  });
}

// ---------------------------------------------------------------- data: URLs

const ASCII_WHITESPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;

function percentDecode(text) {
  const bytes = utf8Encode(text);
  const out = new Uint8Array(bytes.length);
  let length = 0;
  const hex = (byte) => (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 70) || (byte >= 97 && byte <= 102);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 37 && i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
      out[length++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      i += 2;
    } else {
      out[length++] = byte;
    }
  }
  return out.slice(0, length);
}

function serializeMimeType(text) {
  const parts = text.split(';');
  const essence = parts[0].trim().toLowerCase();
  if (!/^[!#$%&'*+\-.^_`|~0-9a-z]+\/[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(essence)) return null;
  const params = [];
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (name !== '' && !params.some((p) => p[0] === name)) params.push([name, value]);
  }
  return [essence, ...params.map(([name, value]) => `${name}=${value}`)].join(';');
}

function dataURLResponse(url) {
  const href = url.href;
  const noFragment = href.slice(5, url.hash === '' ? href.length : href.length - url.hash.length);
  const comma = noFragment.indexOf(',');
  if (comma === -1) throw networkError(new Error('failed to fetch the data URL'));
  let mime = noFragment.slice(0, comma).replace(ASCII_WHITESPACE, '');
  let body = percentDecode(noFragment.slice(comma + 1));
  const base64 = /;[\t\n\f\r ]*base64$/i.exec(mime.replace(/[\t\n\f\r ]+$/, ''));
  if (base64 !== null) {
    mime = mime.slice(0, base64.index);
    try {
      const text = String.fromCharCode(...body).replace(/[\t\n\f\r ]/g, '');
      body = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    } catch {
      throw networkError(new Error('failed to fetch the data URL'));
    }
  }
  if (mime.startsWith(';')) mime = `text/plain${mime}`;
  const type = serializeMimeType(mime) ?? 'text/plain;charset=US-ASCII';
  const headers = headersFromPairs([], 'immutable');
  headerList(headers).push({ name: 'Content-Type', lower: 'content-type', value: type });
  return newResponse({
    type: 'basic',
    status: 200,
    statusText: 'OK',
    headers,
    body: bytesBody(body),
    urlList: [href],
    signal: null,
  });
}

// blob: URLs (URL.createObjectURL): GET only, as Node answers them.
function blobURLResponse(url, state) {
  const { resolveObjectURL } = require('buffer');
  const blob = state.method === 'GET' && typeof resolveObjectURL === 'function'
    ? resolveObjectURL(url.href) : undefined;
  if (blob === undefined) throw networkError(new Error('invalid method'));
  const headers = headersFromPairs([['content-length', `${blob.size}`], ['content-type', blob.type]], 'immutable');
  const { body } = extractBody(blob);
  return newResponse({
    type: 'basic',
    status: 200,
    statusText: 'OK',
    headers,
    body,
    urlList: [url.href],
    signal: null,
  });
}

// ---------------------------------------------------------------- HTTP(S)

function requestHeaderPairs(headers, url, body, chunked, method) {
  const pairs = [['host', url.host], ['connection', 'keep-alive']];
  const given = new Set();
  for (const entry of headerList(headers)) {
    if (entry.lower === 'host' || entry.lower === 'connection' || entry.lower === 'content-length' ||
        entry.lower === 'transfer-encoding') continue;
    pairs.push([entry.name, entry.value]);
    given.add(entry.lower);
  }
  for (const [name, value] of DEFAULT_HEADERS) if (!given.has(name)) pairs.push([name, value]);
  if (chunked) pairs.push(['transfer-encoding', 'chunked']);
  else if (body !== null) pairs.push(['content-length', `${body.length}`]);
  else if (method === 'POST' || method === 'PUT') pairs.push(['content-length', '0']);
  return pairs;
}

// One exchange with the server: resolves to the binding's answer
// { status, statusText, headers, done } plus `id`.
function send(url, method, headers, body, chunked, inFlight) {
  return new Promise((resolve, reject) => {
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const spec = {
      secure: url.protocol === 'https:',
      hostname,
      port,
      method,
      target: `${url.pathname}${url.search}`,
      headers: requestHeaderPairs(headers, url, body, chunked, method),
      body,
      chunked,
    };
    const id = fetchBinding().request((error, result) => {
      if (error) {
        inFlight.id = null;
        reject(error);
      } else {
        result.id = id;
        resolve(result);
      }
    }, spec);
    inFlight.id = id;
  });
}

function stripFragment(href) {
  const hash = href.indexOf('#');
  return hash === -1 ? href : href.slice(0, hash);
}

const closer = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((id) => fetchBinding().close(id))
  : null;

// A body source reading exchange `id`; `onEnd` runs once the body ended, failed or was
// cancelled.
function networkSource(id, signal, onEnd) {
  let ended = false;
  const token = {};
  const end = () => {
    if (ended) return;
    ended = true;
    if (closer !== null) closer.unregister(token);
    onEnd();
  };
  const failed = (error) => {
    end();
    if (signal !== null && signal.aborted) throw signal.reason;
    throw error !== null && typeof error === 'object' && typeof error.code === 'string'
      ? new TypeError('terminated', { cause: causeFrom(error) }) : error;
  };
  const source = {
    token,
    pull() {
      if (ended) return Promise.resolve(null);
      return callBinding('read', id).then((chunk) => {
        if (signal !== null && signal.aborted) throw signal.reason;
        if (chunk.length > 0) return chunk;
        end();
        return null;
      }, failed);
    },
    all() {
      if (ended) return Promise.resolve(new Uint8Array(0));
      return callBinding('readAll', id).then((bytes) => {
        end();
        if (signal !== null && signal.aborted) throw signal.reason;
        return bytes;
      }, failed);
    },
    cancel() {
      if (ended) return;
      fetchBinding().close(id);
      end();
    },
  };
  if (closer !== null) closer.register(source, id, token);
  return source;
}

async function httpFetch(state, signal, inFlight) {
  let url = new URL(state.url);
  let { method } = state;
  const headers = new Headers();
  for (const entry of headerList(state.headers)) headerList(headers).push({ ...entry });
  // A body from a stream goes out chunked, as Node sends it (read whole first, here).
  let chunked = state.body !== null && state.body.data === null;
  let body = state.body === null ? null : await requestBytes(state.body);
  if (signal !== null && signal.aborted) return null;
  const urlList = [url.href];
  for (let redirects = 0; ; ) {
    const answer = await send(url, method, headers, body, chunked, inFlight);
    if (inFlight.aborted) {
      fetchBinding().close(answer.id);
      return null;
    }
    const responseHeaders = headersFromPairs(answer.headers, 'immutable');
    const location = REDIRECT_STATUSES.has(answer.status) ? responseHeaders.get('location') : null;
    if (location !== null && state.redirect !== 'manual') {
      fetchBinding().close(answer.id);
      inFlight.id = null;
      if (state.redirect === 'error') throw networkError(new Error('unexpected redirect'));
      let next;
      try {
        next = new URL(location, url);
      } catch (error) {
        throw networkError(error);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw networkError(new Error('URL scheme must be a HTTP(S) scheme'));
      }
      if (++redirects > MAX_REDIRECTS) throw networkError(new Error('redirect count exceeded'));
      if (((answer.status === 301 || answer.status === 302) && method === 'POST') ||
          (answer.status === 303 && method !== 'GET' && method !== 'HEAD')) {
        method = 'GET';
        body = null;
        chunked = false;
        for (const name of BODY_HEADERS) headers.delete(name);
      }
      if (next.origin !== url.origin) for (const name of CROSS_ORIGIN_HEADERS) headers.delete(name);
      url = next;
      urlList.push(next.href);
      continue;
    }
    const hasBody = method !== 'HEAD' && !NULL_BODY_STATUSES.has(answer.status);
    const response = newResponse({
      type: 'basic',
      status: answer.status,
      statusText: answer.statusText,
      headers: responseHeaders,
      body: null,
      urlList: urlList.map(stripFragment),
      signal,
    });
    if (!hasBody || answer.done) {
      fetchBinding().close(answer.id);
      inFlight.id = null;
      inFlight.finished();
      if (hasBody) responseState(response).body = bytesBody(new Uint8Array(0));
      return response;
    }
    const source = networkSource(answer.id, signal, () => {
      inFlight.id = null;
      inFlight.finished();
    });
    const length = Number(responseHeaders.get('content-length'));
    const responseBody = sourceBody(source, Number.isInteger(length) && !responseHeaders.has('content-encoding') ? length : null);
    responseState(response).body = responseBody;
    inFlight.body = responseBody;
    return response;
  }
}

function fetch(input, init = undefined) {
  return new Promise((resolve, reject) => {
    let state;
    try {
      state = requestState(new Request(input, init));
    } catch (error) {
      reject(error);
      return;
    }
    const signal = state.parentSignal;
    if (signal !== null && signal.aborted) {
      reject(signal.reason);
      return;
    }
    const url = new URL(state.url);
    switch (url.protocol) {
      case 'http:':
      case 'https:':
        break;
      case 'data:':
        try {
          resolve(dataURLResponse(url));
        } catch (error) {
          reject(error);
        }
        return;
      case 'blob:':
        try {
          resolve(blobURLResponse(url, state));
        } catch (error) {
          reject(error);
        }
        return;
      case 'about:':
        reject(networkError(new Error('about scheme is not supported')));
        return;
      case 'file:':
        reject(networkError(new Error('not implemented... yet...')));
        return;
      default:
        reject(networkError(new Error('unknown scheme')));
        return;
    }
    const port = url.port === '' ? null : Number(url.port);
    if (port !== null && BAD_PORTS.has(port)) {
      reject(networkError(new Error('bad port')));
      return;
    }

    let settled = false;
    let onAbort = null;
    const inFlight = {
      id: null,
      aborted: false,
      body: null,
      finished() {
        if (onAbort !== null) signal.removeEventListener('abort', onAbort);
        onAbort = null;
      },
    };
    if (signal !== null) {
      onAbort = () => {
        inFlight.aborted = true;
        if (inFlight.id !== null) fetchBinding().abort(inFlight.id);
        inFlight.id = null;
        if (!settled) {
          settled = true;
          reject(signal.reason);
        } else if (inFlight.body !== null && inFlight.body.stream !== null) {
          errorStream(inFlight.body.stream, signal.reason);
        }
        inFlight.finished();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    httpFetch(state, signal, inFlight).then((response) => {
      if (settled) return;
      settled = true;
      if (response === null) return;
      resolve(response);
    }, (error) => {
      inFlight.finished();
      if (settled) return;
      settled = true;
      if (error instanceof TypeError && error.message === 'fetch failed') reject(error);
      else if (error !== null && typeof error === 'object' && error.code === 'ERR_ACCESS_DENIED') reject(error);
      else reject(networkError(causeFrom(error)));
    });
  });
}

module.exports = {
  fetch,
  Headers,
  Request,
  Response,
  FormData,
};
