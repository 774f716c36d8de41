'use strict';

// Request (the Fetch standard's, as Node's fetch has it: no document, so relative URLs fail).

const { customInspectSymbol, hostClasses } = require('internal/util');
const {
  Headers, fillHeaders, headersGuard, getHeader, setHeader, copyHeaders, requireArgs, illegalInvocation,
} = require('internal/fetch/headers');
const { isReadableStream } = require('internal/fetch/stream');
const {
  extractBody, bodyStream, cloneBody, isUnusable, isUsed, defineBodyMethods,
} = require('internal/fetch/body');

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NORMALIZED_METHODS = new Map(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'].map((m) => [m.toLowerCase(), m]));
const FORBIDDEN_METHODS = new Set(['connect', 'trace', 'track']);
const ENUMS = {
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  redirect: ['follow', 'manual', 'error'],
  referrerPolicy: ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin',
    'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'],
};

function parseURL(input) {
  try {
    return new URL(`${input}`);
  } catch (error) {
    throw new TypeError(`Failed to parse URL from ${input}`, { cause: error });
  }
}

function checkEnum(name, value) {
  const text = `${value}`;
  if (!ENUMS[name].includes(text)) {
    throw new TypeError(`Request constructor: ${text} is not an accepted type. Expected one of ${ENUMS[name].join(', ')}.`);
  }
  return text;
}

let patchWarned = false;

function normalizeMethod(value) {
  const method = `${value}`;
  if (!TOKEN.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method.`);
  const lower = method.toLowerCase();
  if (FORBIDDEN_METHODS.has(lower)) throw new TypeError(`'${method}' HTTP method is unsupported.`);
  if (lower === 'patch' && method !== 'PATCH' && !patchWarned) {
    patchWarned = true;
    process.emitWarning('Using `patch` is highly likely to result in a `405 Method Not Allowed`. ' +
      '`PATCH` is much more likely to succeed.', { code: 'UNDICI-FETCH-patch' });
  }
  return NORMALIZED_METHODS.get(lower) ?? method;
}

function isAbortSignal(value) {
  const AbortSignal = globalThis.AbortSignal;
  if (typeof AbortSignal === 'function' && value instanceof AbortSignal) return true;
  return value !== null && typeof value === 'object' && typeof value.aborted === 'boolean' &&
    typeof value.addEventListener === 'function';
}

// A new AbortSignal that follows `parent` (or never aborts).
function followingSignal(parent) {
  const controller = new globalThis.AbortController();
  if (parent !== null) {
    if (parent.aborted) {
      controller.abort(parent.reason);
    } else {
      parent.addEventListener('abort', () => controller.abort(parent.reason), { once: true });
    }
  }
  return controller.signal;
}

const kInternal = Symbol('kInternal');

let stateOf;
let isRequest;
let newRequest;

class Request {
  #state;

  static {
    stateOf = (request) => {
      if (!isRequest(request)) throw illegalInvocation();
      return request.#state;
    };
    isRequest = (value) => value !== null && typeof value === 'object' && #state in value;
    newRequest = (state) => new Request(kInternal, state);
  }

  constructor(input, init = undefined) {
    if (input === kInternal) {
      this.#state = init;
      return;
    }
    requireArgs('Request constructor', 1, arguments.length);
    if (init === null || init === undefined) init = {};
    else if (typeof init !== 'object' && typeof init !== 'function') {
      throw new TypeError(`Request constructor: Expected ${init} to be one of: Null, Undefined, Object.`);
    }
    let base = null;
    let url;
    if (isRequest(input)) {
      base = input.#state;
      url = base.url;
    } else {
      const parsed = parseURL(input);
      if (parsed.username !== '' || parsed.password !== '') {
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${input}`);
      }
      url = parsed.href;
    }
    const state = {
      method: base ? base.method : 'GET',
      url,
      headers: null,
      body: null,
      parentSignal: base ? base.parentSignal : null,
      signal: null,
      mode: base ? base.mode : 'cors',
      credentials: base ? base.credentials : 'same-origin',
      cache: base ? base.cache : 'default',
      redirect: base ? base.redirect : 'follow',
      referrer: base ? base.referrer : 'about:client',
      referrerPolicy: base ? base.referrerPolicy : '',
      integrity: base ? base.integrity : '',
      keepalive: base ? base.keepalive : false,
    };
    if (init.referrer !== undefined) {
      const referrer = `${init.referrer}`;
      state.referrer = referrer === '' ? 'no-referrer' : parseURL(referrer).href;
    }
    if (init.referrerPolicy !== undefined) state.referrerPolicy = checkEnum('referrerPolicy', init.referrerPolicy);
    if (init.mode !== undefined) {
      state.mode = checkEnum('mode', init.mode);
      if (state.mode === 'navigate') {
        throw new TypeError("Failed to construct 'Request': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.");
      }
    }
    if (init.credentials !== undefined) state.credentials = checkEnum('credentials', init.credentials);
    if (init.cache !== undefined) state.cache = checkEnum('cache', init.cache);
    if (init.redirect !== undefined) state.redirect = checkEnum('redirect', init.redirect);
    if (init.integrity !== undefined) state.integrity = `${init.integrity}`;
    if (init.keepalive !== undefined) state.keepalive = Boolean(init.keepalive);
    if (init.method !== undefined) state.method = normalizeMethod(init.method);
    if (init.signal !== undefined && init.signal !== null) {
      if (!isAbortSignal(init.signal)) {
        throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
      }
      state.parentSignal = init.signal;
    } else if (init.signal === null) {
      state.parentSignal = null;
    }
    if (init.headers !== undefined) {
      state.headers = new Headers();
      fillHeaders(state.headers, init.headers, 'Headers constructor');
      headersGuard(state.headers, 'request');
    } else {
      state.headers = copyHeaders(base ? base.headers : new Headers(), 'request');
    }
    const initBody = init.body ?? null;
    if ((initBody !== null || (base && base.body !== null)) &&
        (state.method === 'GET' || state.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    if (initBody !== null) {
      const { body, type } = extractBody(initBody);
      if (isReadableStream(initBody) && init.duplex !== 'half') {
        throw new TypeError('RequestInit: duplex option is required when sending a body.');
      }
      if (type !== null && getHeader(state.headers, 'content-type') === null) {
        setHeader(state.headers, 'content-type', type);
      }
      state.body = body;
    } else if (base && base.body !== null) {
      if (isUnusable(base.body)) {
        throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      }
      // The input's body moves here: the input reads as used from now on.
      const moved = base.body;
      base.body = { data: null, source: null, stream: null, length: moved.length, used: true };
      state.body = moved;
    }
    this.#state = state;
  }

  get method() { return stateOf(this).method; }
  get url() { return stateOf(this).url; }
  get headers() { return stateOf(this).headers; }
  get destination() { stateOf(this); return ''; }
  get referrer() {
    const { referrer } = stateOf(this);
    if (referrer === 'no-referrer') return '';
    return referrer;
  }
  get referrerPolicy() { return stateOf(this).referrerPolicy; }
  get mode() { return stateOf(this).mode; }
  get credentials() { return stateOf(this).credentials; }
  get cache() { return stateOf(this).cache; }
  get redirect() { return stateOf(this).redirect; }
  get integrity() { return stateOf(this).integrity; }
  get keepalive() { return stateOf(this).keepalive; }
  get isReloadNavigation() { stateOf(this); return false; }
  get isHistoryNavigation() { stateOf(this); return false; }
  get signal() {
    const state = stateOf(this);
    state.signal ??= followingSignal(state.parentSignal);
    return state.signal;
  }
  get body() {
    const { body } = stateOf(this);
    return body === null ? null : bodyStream(body);
  }
  get bodyUsed() {
    const { body } = stateOf(this);
    return body !== null && isUsed(body);
  }
  get duplex() { stateOf(this); return 'half'; }

  clone() {
    const state = stateOf(this);
    if (state.body !== null && isUnusable(state.body)) {
      throw new TypeError('unusable');
    }
    return newRequest({
      ...state,
      headers: copyHeaders(state.headers, headersGuard(state.headers)),
      body: state.body === null ? null : cloneBody(state.body),
      parentSignal: state.parentSignal === null ? null : this.signal,
      signal: null,
    });
  }

  [customInspectSymbol](depth, options, inspect) {
    const shown = {
      method: this.method,
      url: this.url,
      headers: this.headers,
      destination: this.destination,
      referrer: this.referrer,
      referrerPolicy: this.referrerPolicy,
      mode: this.mode,
      credentials: this.credentials,
      cache: this.cache,
      redirect: this.redirect,
      integrity: this.integrity,
      keepalive: this.keepalive,
      isReloadNavigation: false,
      isHistoryNavigation: false,
      signal: this.signal,
    };
    return `Request ${inspect(shown, options)}`;
  }
}

defineBodyMethods(Request, (request) => {
  const state = stateOf(request);
  return { body: state.body, contentType: () => getHeader(state.headers, 'content-type') };
});

for (const name of ['method', 'url', 'headers', 'destination', 'referrer', 'referrerPolicy', 'mode',
  'credentials', 'cache', 'redirect', 'integrity', 'keepalive', 'isReloadNavigation',
  'isHistoryNavigation', 'signal', 'body', 'bodyUsed', 'duplex', 'clone']) {
  Object.defineProperty(Request.prototype, name, { enumerable: true });
}
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: 'Request', configurable: true });

hostClasses.add(Request);

module.exports = {
  Request,
  requestState: (request) => stateOf(request),
  isRequest: (value) => isRequest(value),
  parseURL,
};
