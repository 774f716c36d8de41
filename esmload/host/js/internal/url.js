'use strict';

// URL and URLSearchParams, installed only when the engine has none: a WHATWG-style parser for
// the common cases (special schemes with hosts, file:, opaque URLs like data: or node:),
// relative resolution, percent-encoding, dot segments, default ports, and live searchParams.

const { hasOwn, customInspectSymbol: CUSTOM_INSPECT, hostClasses } = require('internal/util');
const { nodeError } = require('internal/errors');
const { checkCallback } = require('internal/validators');
const { utf8Encode, decodeUTF8 } = require('internal/encoding');
const { inspect } = require('internal/util/inspect');

const SPECIAL_PORTS = { 'ftp:': '21', 'file:': '', 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };
const hex2 = (byte) => `%${byte < 16 ? '0' : ''}${byte.toString(16).toUpperCase()}`;

function percentEncode(str, set) {
  if (!set.test(str)) return str;
  set.lastIndex = 0;
  return str.replace(set, (c) => {
    if (c.length === 1 && c.charCodeAt(0) < 0x80) return hex2(c.charCodeAt(0));
    let out = '';
    for (const byte of utf8Encode(c)) out += hex2(byte);
    return out;
  });
}

// Percent-encode sets (WHATWG), plus everything outside ASCII.
const FRAGMENT_SET = /[\x00-\x20"<>`\x7f]|[^\x00-\x7f]/gu;
const QUERY_SET = /[\x00-\x20"#<>\x7f]|[^\x00-\x7f]/gu;
const SPECIAL_QUERY_SET = /[\x00-\x20"#<>'\x7f]|[^\x00-\x7f]/gu;
const PATH_SET = /[\x00-\x20"#<>?`{}\x7f]|[^\x00-\x7f]/gu;
const USERINFO_SET = /[\x00-\x20"#<>?`{}/:;=@[\\\]^|\x7f]|[^\x00-\x7f]/gu;
const C0_SET = /[\x00-\x1f\x7f]|[^\x00-\x7f]/gu;
const FORBIDDEN_HOST = /[\x00\t\n\r #/:<>?@[\\\]^|%]/;

function percentDecodeBytes(str) {
  const bytes = [];
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(str.slice(i + 1, i + 3))) {
      bytes.push(parseInt(str.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const end = c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
      for (const b of utf8Encode(str.slice(i, end))) bytes.push(b);
      i = end - 1;
    }
  }
  return new Uint8Array(bytes);
}

function parseHost(input, special) {
  if (input.startsWith('[')) {
    if (!input.endsWith(']') || !/^\[[0-9a-fA-F:.]+\]$/.test(input)) return null;
    return input.toLowerCase();
  }
  if (!special) {
    if (/[\x00\t\n\r #/:<>?@[\\\]^|]/.test(input)) return null;
    return percentEncode(input, C0_SET);
  }
  const host = decodeUTF8(percentDecodeBytes(input)).toLowerCase();
  if (host === '' || FORBIDDEN_HOST.test(host)) return null;
  return host;
}

function normalizePath(path) {
  const segments = path.split('/');
  if (segments[0] === '') segments.shift();
  const out = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const lower = segment.toLowerCase();
    if (segment === '..' || lower === '.%2e' || lower === '%2e.' || lower === '%2e%2e') {
      out.pop();
      if (last) out.push('');
    } else if (segment === '.' || lower === '%2e') {
      if (last) out.push('');
    } else {
      out.push(percentEncode(segment, PATH_SET));
    }
  }
  return `/${out.join('/')}`;
}

function splitSuffix(rest, record, special) {
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    record.fragment = percentEncode(rest.slice(hash + 1), FRAGMENT_SET);
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  if (question !== -1) {
    record.query = percentEncode(rest.slice(question + 1), special ? SPECIAL_QUERY_SET : QUERY_SET);
    rest = rest.slice(0, question);
  }
  return rest;
}

const newRecord = (protocol) => ({
  protocol, username: '', password: '', hostname: '', port: '', hasHost: false,
  path: '', opaque: false, query: null, fragment: null,
});

// "user:pass@host:port" into the record; false when invalid.
function parseAuthority(authority, record, special) {
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    authority = authority.slice(at + 1);
    const colon = userinfo.indexOf(':');
    record.username = percentEncode(colon === -1 ? userinfo : userinfo.slice(0, colon), USERINFO_SET);
    record.password = colon === -1 ? '' : percentEncode(userinfo.slice(colon + 1), USERINFO_SET);
  }
  let hostPart = authority;
  let port = '';
  const portMatch = /:([^:\]]*)$/.exec(authority);
  if (portMatch) {
    hostPart = authority.slice(0, portMatch.index);
    port = portMatch[1];
    if (!/^[0-9]*$/.test(port)) return false;
    if (port !== '') {
      const number = Number(port);
      if (number > 65535) return false;
      port = String(number);
      if (SPECIAL_PORTS[record.protocol] === port) port = '';
    }
  }
  if (hostPart === '') {
    if (special && record.protocol !== 'file:') return false;
    record.hostname = '';
  } else {
    const host = parseHost(hostPart, special);
    if (host === null) return false;
    record.hostname = record.protocol === 'file:' && host === 'localhost' ? '' : host;
  }
  record.port = port;
  record.hasHost = true;
  return true;
}

function parseURL(input, base) {
  input = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(input);
  if (scheme === null) return base ? resolveRelative(input, base) : null;
  const protocol = `${scheme[1].toLowerCase()}:`;
  let rest = input.slice(scheme[0].length);
  const special = hasOwn(SPECIAL_PORTS, protocol);
  if (special) rest = rest.replace(/\\/g, '/');
  // "http:foo" against an http: base is relative to it.
  if (special && base && base.protocol === protocol && !rest.startsWith('/')) return resolveRelative(rest, base);
  const record = newRecord(protocol);
  rest = splitSuffix(rest, record, special);
  if (special || rest.startsWith('//')) {
    if (rest.startsWith('//') || (special && protocol !== 'file:')) {
      // Special schemes take any number of slashes before the host; file: and the others two.
      rest = special && protocol !== 'file:' ? rest.replace(/^\/+/, '') : rest.slice(2);
      const slash = rest.indexOf('/');
      const authority = slash === -1 ? rest : rest.slice(0, slash);
      if (!parseAuthority(authority, record, special)) return null;
      rest = slash === -1 ? '' : rest.slice(slash);
    } else {
      record.hasHost = true; // file:/path and file:path
      if (!rest.startsWith('/') && base && base.protocol === 'file:') {
        return resolveRelative(input.slice(scheme[0].length), base);
      }
    }
    record.path = special || rest !== '' ? normalizePath(rest) : '';
  } else if (rest.startsWith('/')) {
    record.path = normalizePath(rest);
  } else {
    record.opaque = true;
    record.path = percentEncode(rest, C0_SET);
  }
  return record;
}

function resolveRelative(input, base) {
  if (base.opaque) {
    if (!input.startsWith('#')) return null;
    const record = { ...base, fragment: null };
    splitSuffix(input, record, false);
    return record;
  }
  const special = hasOwn(SPECIAL_PORTS, base.protocol);
  let rest = special ? input.replace(/\\/g, '/') : input;
  if (rest.startsWith('//')) return parseURL(base.protocol + rest, null);
  const record = { ...base, query: null, fragment: null };
  rest = splitSuffix(rest, record, special);
  if (rest === '') {
    record.path = base.path;
    if (record.query === null && !input.includes('?')) record.query = base.query;
  } else if (rest.startsWith('/')) {
    record.path = normalizePath(rest);
  } else {
    const dir = base.path.slice(0, base.path.lastIndexOf('/') + 1);
    record.path = normalizePath((dir || '/') + rest);
  }
  return record;
}

function serializeURL(record, excludeFragment) {
  let out = record.protocol;
  if (record.hasHost) {
    out += '//';
    if (record.username !== '' || record.password !== '') {
      out += record.username;
      if (record.password !== '') out += `:${record.password}`;
      out += '@';
    }
    out += record.hostname;
    if (record.port !== '') out += `:${record.port}`;
  } else if (!record.opaque && record.path.startsWith('//')) {
    out += '/.';
  }
  out += record.path;
  if (record.query !== null) out += `?${record.query}`;
  if (!excludeFragment && record.fragment !== null) out += `#${record.fragment}`;
  return out;
}

// x-www-form-urlencoded, as URLSearchParams writes and reads it.
function formEncode(str) {
  const wellFormed = str.toWellFormed ? str.toWellFormed() : str;
  return encodeURIComponent(wellFormed).replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => hex2(c.charCodeAt(0)));
}

function formDecode(str) {
  str = str.replace(/\+/g, ' ');
  return str.includes('%') ? decodeUTF8(percentDecodeBytes(str)) : str;
}

function parseForm(query) {
  const list = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    list.push(eq === -1 ? [formDecode(part), ''] : [formDecode(part.slice(0, eq)), formDecode(part.slice(eq + 1))]);
  }
  return list;
}

let linkParams; // (params, onChange) → void
let reparseParams; // (params, query) → void

class URLSearchParams {
  #list = [];
  #onChange = null;

  constructor(init = undefined) {
    if (init === undefined || init === null) return;
    if (typeof init === 'object' || typeof init === 'function') {
      if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const entry = [...pair];
          if (entry.length !== 2) {
            throw nodeError(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
          }
          this.#list.push([`${entry[0]}`, `${entry[1]}`]);
        }
      } else {
        for (const key of Object.keys(init)) this.#list.push([key, `${init[key]}`]);
      }
    } else {
      const text = `${init}`;
      this.#list = parseForm(text.startsWith('?') ? text.slice(1) : text);
    }
  }

  #update() {
    if (this.#onChange !== null) this.#onChange(this.toString());
  }

  get size() { return this.#list.length; }

  append(name, value) {
    this.#list.push([`${name}`, `${value}`]);
    this.#update();
  }

  delete(name, value = undefined) {
    name = `${name}`;
    this.#list = this.#list.filter(([k, v]) => k !== name || (value !== undefined && v !== `${value}`));
    this.#update();
  }

  get(name) {
    name = `${name}`;
    const entry = this.#list.find(([k]) => k === name);
    return entry === undefined ? null : entry[1];
  }

  getAll(name) {
    name = `${name}`;
    return this.#list.filter(([k]) => k === name).map(([, v]) => v);
  }

  has(name, value = undefined) {
    name = `${name}`;
    return this.#list.some(([k, v]) => k === name && (value === undefined || v === `${value}`));
  }

  set(name, value) {
    name = `${name}`;
    value = `${value}`;
    const index = this.#list.findIndex(([k]) => k === name);
    if (index === -1) {
      this.#list.push([name, value]);
    } else {
      this.#list[index] = [name, value];
      this.#list = this.#list.filter(([k], i) => i <= index || k !== name);
    }
    this.#update();
  }

  sort() {
    // Stable, by UTF-16 code units.
    this.#list = this.#list.map((entry, i) => [entry, i])
      .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
      .map(([entry]) => entry);
    this.#update();
  }

  forEach(callback, thisArg = undefined) {
    checkCallback(callback);
    for (let i = 0; i < this.#list.length; i++) {
      const [k, v] = this.#list[i];
      callback.call(thisArg, v, k, this);
    }
  }

  *entries() { for (const [k, v] of this.#list) yield [k, v]; }
  *keys() { for (const [k] of this.#list) yield k; }
  *values() { for (const [, v] of this.#list) yield v; }
  [Symbol.iterator]() { return this.entries(); }

  toString() {
    return this.#list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&');
  }

  get [Symbol.toStringTag]() { return 'URLSearchParams'; }

  [CUSTOM_INSPECT](depth, options) {
    if (typeof depth === 'number' && depth < 0) return '[Object]';
    const inner = { ...options };
    if (depth !== null) inner.depth = depth - 1;
    const output = this.#list.map(([k, v]) => `${inspect(k, inner)} => ${inspect(v, inner)}`);
    const length = output.reduce((sum, entry) => sum + entry.length + 2, -2);
    const name = this.constructor.name;
    if (length > (options ? options.breakLength : 80)) return `${name} {\n  ${output.join(',\n  ')} }`;
    if (output.length) return `${name} { ${output.join(', ')} }`;
    return `${name} {}`;
  }

  static {
    linkParams = (params, onChange) => { params.#onChange = onChange; };
    reparseParams = (params, query) => { params.#list = query ? parseForm(query) : []; };
  }
}
hostClasses.add(URLSearchParams);

// Node's URL errors have a code but a plain "TypeError: Invalid URL" first line.
const invalidURL = (input) => {
  const error = new TypeError('Invalid URL');
  error.code = 'ERR_INVALID_URL';
  error.input = input;
  return error;
};

class URL {
  #record;
  #params = null;

  constructor(input, base = undefined) {
    input = `${input}`;
    let baseRecord = null;
    if (base !== undefined) {
      baseRecord = #record in Object(base) ? base.#record : parseURL(`${base}`, null);
      if (baseRecord === null) throw invalidURL(`${base}`);
    }
    const record = parseURL(input, baseRecord);
    if (record === null) throw invalidURL(input);
    this.#record = record;
  }

  static canParse(input, base = undefined) {
    try {
      new URL(input, base);
      return true;
    } catch {
      return false;
    }
  }

  static parse(input, base = undefined) {
    try {
      return new URL(input, base);
    } catch {
      return null;
    }
  }

  #set(input) {
    const record = parseURL(input, null);
    if (record === null) return false;
    this.#record = record;
    if (this.#params !== null) reparseParams(this.#params, record.query);
    return true;
  }

  get href() { return serializeURL(this.#record, false); }
  set href(value) {
    value = `${value}`;
    if (!this.#set(value)) throw invalidURL(value);
  }

  get origin() {
    const r = this.#record;
    if (r.protocol === 'blob:') {
      try { return new URL(r.path).origin; } catch { return 'null'; }
    }
    if (!hasOwn(SPECIAL_PORTS, r.protocol) || r.protocol === 'file:') return 'null';
    return `${r.protocol}//${r.hostname}${r.port !== '' ? `:${r.port}` : ''}`;
  }

  get protocol() { return this.#record.protocol; }
  set protocol(value) {
    const match = /^([a-zA-Z][a-zA-Z0-9+.-]*)/.exec(`${value}`);
    if (match === null) return;
    const protocol = `${match[1].toLowerCase()}:`;
    const r = this.#record;
    if (hasOwn(SPECIAL_PORTS, protocol) !== hasOwn(SPECIAL_PORTS, r.protocol)) return;
    if (protocol === 'file:' && (r.username || r.password || r.port)) return;
    r.protocol = protocol;
    if (SPECIAL_PORTS[protocol] === r.port) r.port = '';
  }

  get username() { return this.#record.username; }
  set username(value) {
    if (!this.#record.hasHost || this.#record.hostname === '' || this.#record.protocol === 'file:') return;
    this.#record.username = percentEncode(`${value}`, USERINFO_SET);
  }

  get password() { return this.#record.password; }
  set password(value) {
    if (!this.#record.hasHost || this.#record.hostname === '' || this.#record.protocol === 'file:') return;
    this.#record.password = percentEncode(`${value}`, USERINFO_SET);
  }

  get host() {
    const r = this.#record;
    return r.hostname + (r.port !== '' ? `:${r.port}` : '');
  }
  set host(value) {
    const r = this.#record;
    if (r.opaque) return;
    const copy = { ...r };
    if (parseAuthority(`${value}`.split(/[/?#\\]/)[0], copy, hasOwn(SPECIAL_PORTS, r.protocol))) {
      r.hostname = copy.hostname;
      r.port = copy.port;
      r.hasHost = true;
    }
  }

  get hostname() { return this.#record.hostname; }
  set hostname(value) {
    const r = this.#record;
    if (r.opaque) return;
    const host = parseHost(`${value}`.split(/[/?#\\:]/)[0], hasOwn(SPECIAL_PORTS, r.protocol));
    if (host !== null) {
      r.hostname = r.protocol === 'file:' && host === 'localhost' ? '' : host;
      r.hasHost = true;
    }
  }

  get port() { return this.#record.port; }
  set port(value) {
    const r = this.#record;
    if (!r.hasHost || r.hostname === '' || r.protocol === 'file:') return;
    const digits = /^[0-9]*/.exec(`${value}`)[0];
    if (digits === '') {
      if (`${value}` === '') r.port = '';
      return;
    }
    const number = Number(digits);
    if (number > 65535) return;
    r.port = SPECIAL_PORTS[r.protocol] === String(number) ? '' : String(number);
  }

  get pathname() { return this.#record.path; }
  set pathname(value) {
    const r = this.#record;
    if (r.opaque) return;
    let path = `${value}`;
    const special = hasOwn(SPECIAL_PORTS, r.protocol);
    if (special) path = path.replace(/\\/g, '/');
    if (!path.startsWith('/') && (special || r.hasHost)) path = `/${path}`;
    r.path = path === '' ? '' : normalizePath(path);
  }

  get search() {
    const q = this.#record.query;
    return q === null || q === '' ? '' : `?${q}`;
  }
  set search(value) {
    let query = `${value}`;
    if (query.startsWith('?')) query = query.slice(1);
    const r = this.#record;
    r.query = query === '' ? null : percentEncode(query, hasOwn(SPECIAL_PORTS, r.protocol) ? SPECIAL_QUERY_SET : QUERY_SET);
    if (this.#params !== null) reparseParams(this.#params, r.query);
  }

  get searchParams() {
    if (this.#params === null) {
      const params = new URLSearchParams(this.#record.query || '');
      linkParams(params, (serialized) => {
        this.#record.query = serialized === '' ? null : serialized;
      });
      this.#params = params;
    }
    return this.#params;
  }

  get hash() {
    const f = this.#record.fragment;
    return f === null || f === '' ? '' : `#${f}`;
  }
  set hash(value) {
    let fragment = `${value}`;
    if (fragment.startsWith('#')) fragment = fragment.slice(1);
    this.#record.fragment = fragment === '' ? null : percentEncode(fragment, FRAGMENT_SET);
  }

  toString() { return this.href; }
  toJSON() { return this.href; }

  get [Symbol.toStringTag]() { return 'URL'; }

  [CUSTOM_INSPECT](depth, options) {
    if (typeof depth === 'number' && depth < 0) return this;
    const shown = {
      href: this.href,
      origin: this.origin,
      protocol: this.protocol,
      username: this.username,
      password: this.password,
      host: this.host,
      hostname: this.hostname,
      port: this.port,
      pathname: this.pathname,
      search: this.search,
      searchParams: this.searchParams,
      hash: this.hash,
    };
    return `${this.constructor.name} ${inspect(shown, options)}`;
  }
}
hostClasses.add(URL);

module.exports = {
  URL,
  URLSearchParams,
};
