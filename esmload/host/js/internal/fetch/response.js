'use strict';

// Response: made by a program (constructor, error(), redirect(), json()) or by fetch
// (`newResponse`, with a body read from the network).

const { customInspectSymbol, hostClasses } = require('internal/util');
const { utf8Encode } = require('internal/encoding');
const {
  Headers, fillHeaders, headersGuard, getHeader, setHeader, copyHeaders, illegalInvocation,
} = require('internal/fetch/headers');
const {
  extractBody, bytesBody, bodyStream, cloneBody, isUnusable, isUsed, defineBodyMethods,
} = require('internal/fetch/body');
const { parseURL } = require('internal/fetch/request');

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;
const kInternal = Symbol('kInternal');

let stateOf;
let isResponse;

// state: { type, status, statusText, headers, body, urlList, signal }
class Response {
  #state;

  static {
    stateOf = (response) => {
      if (!isResponse(response)) throw illegalInvocation();
      return response.#state;
    };
    isResponse = (value) => value !== null && typeof value === 'object' && #state in value;
  }

  constructor(body = null, init = undefined) {
    if (body === kInternal) {
      this.#state = init;
      return;
    }
    if (init === null || init === undefined) init = {};
    else if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError(`Response constructor: Expected ${init} to be one of: Null, Undefined, Object.`);
    }
    const state = newState();
    initialize(state, init, body === null ? null : extractBody(body));
    this.#state = state;
  }

  static error() {
    const state = newState();
    state.type = 'error';
    state.status = 0;
    headersGuard(state.headers, 'immutable');
    return newResponse(state);
  }

  static redirect(url, status = 302) {
    const parsed = parseURL(url);
    status = Number(status);
    if (!REDIRECT_STATUSES.has(status)) throw new RangeError(`Invalid status code ${status}`);
    const state = newState();
    state.status = status;
    setHeader(state.headers, 'location', parsed.href);
    headersGuard(state.headers, 'immutable');
    return newResponse(state);
  }

  static json(data, init = undefined) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    if (init === null || init === undefined) init = {};
    const state = newState();
    initialize(state, init, { body: bytesBody(utf8Encode(text)), type: 'application/json' });
    return newResponse(state);
  }

  get type() { return stateOf(this).type; }
  get url() {
    const { urlList } = stateOf(this);
    if (urlList.length === 0) return '';
    const url = urlList[urlList.length - 1];
    const hash = url.indexOf('#');
    return hash === -1 ? url : url.slice(0, hash);
  }
  get redirected() { return stateOf(this).urlList.length > 1; }
  get status() { return stateOf(this).status; }
  get ok() {
    const { status } = stateOf(this);
    return status >= 200 && status <= 299;
  }
  get statusText() { return stateOf(this).statusText; }
  get headers() { return stateOf(this).headers; }
  get body() {
    const { body } = stateOf(this);
    return body === null ? null : bodyStream(body);
  }
  get bodyUsed() {
    const { body } = stateOf(this);
    return body !== null && isUsed(body);
  }

  clone() {
    const state = stateOf(this);
    if (state.body !== null && isUnusable(state.body)) {
      throw new TypeError('Response.clone: Body has already been consumed.');
    }
    return newResponse({
      ...state,
      headers: copyHeaders(state.headers, headersGuard(state.headers)),
      body: state.body === null ? null : cloneBody(state.body),
      urlList: [...state.urlList],
    });
  }

  [customInspectSymbol](depth, options, inspect) {
    const shown = {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
      body: this.body,
      bodyUsed: this.bodyUsed,
      ok: this.ok,
      redirected: this.redirected,
      type: this.type,
      url: this.url,
    };
    return `Response ${inspect(shown, options)}`;
  }
}

function newState() {
  const headers = new Headers();
  headersGuard(headers, 'response');
  return {
    type: 'default',
    status: 200,
    statusText: '',
    headers,
    body: null,
    urlList: [],
    signal: null,
  };
}

function newResponse(state) {
  return new Response(kInternal, state);
}

// The Fetch standard's "initialize a response".
function initialize(state, init, extracted) {
  if (init.status !== undefined) {
    const status = Number(init.status);
    if (!(status >= 200 && status <= 599)) {
      throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
    }
    state.status = Math.trunc(status);
  }
  if (init.statusText !== undefined) {
    const statusText = `${init.statusText}`;
    if (!REASON_PHRASE.test(statusText)) throw new TypeError('Invalid statusText');
    state.statusText = statusText;
  }
  if (init.headers !== undefined) fillHeaders(state.headers, init.headers, 'Headers constructor');
  if (extracted !== null) {
    if (NULL_BODY_STATUSES.has(state.status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${state.status}`);
    }
    state.body = extracted.body;
    if (extracted.type !== null && getHeader(state.headers, 'content-type') === null) {
      setHeader(state.headers, 'content-type', extracted.type);
    }
  }
}

// Reading the body of a response whose fetch was aborted fails.
function checkAborted(response) {
  const { signal } = stateOf(response);
  if (signal !== null && signal.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
}

defineBodyMethods(Response, (response) => {
  const state = stateOf(response);
  return { body: state.body, contentType: () => getHeader(state.headers, 'content-type') };
}, checkAborted);

for (const name of ['type', 'url', 'redirected', 'status', 'ok', 'statusText', 'headers', 'body',
  'bodyUsed', 'clone']) {
  Object.defineProperty(Response.prototype, name, { enumerable: true });
}
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: 'Response', configurable: true });

hostClasses.add(Response);

module.exports = {
  Response,
  newResponse,
  responseState: (response) => stateOf(response),
  isResponse: (value) => isResponse(value),
  NULL_BODY_STATUSES,
  REDIRECT_STATUSES,
};
