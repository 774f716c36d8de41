'use strict';

// url: the WHATWG URL classes (the globals), file URL <-> path conversions, and the legacy
// API (url.parse, url.format, url.resolve, Url) that many packages still use.

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');
const path = require('path');

const lazyQuerystring = () => require('querystring');
const lazyPunycode = () => require('punycode');

function invalidURL(input) {
  const error = nodeError(TypeError, 'ERR_INVALID_URL', 'Invalid URL');
  error.input = input;
  return error;
}

// ---------------------------------------------------------------------------------------
// Domain names

// A host name's labels in ASCII: non-ASCII labels as 'xn--' punycode; '' when a label cannot
// be (an 'xn--' label that is not valid punycode, …).
function hostToASCII(host) {
  const { encode, decode } = lazyPunycode();
  const labels = host.normalize('NFC').toLowerCase().split('.');
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    // eslint-disable-next-line no-control-regex
    if (/[^\0-\x7f]/.test(label)) {
      labels[i] = `xn--${encode(label)}`;
    } else if (label.startsWith('xn--')) {
      let decoded;
      try {
        decoded = decode(label.slice(4));
      } catch {
        return '';
      }
      // eslint-disable-next-line no-control-regex
      if (!/[^\0-\x7f]/.test(decoded) || `xn--${encode(decoded)}` !== label) return '';
    }
  }
  return labels.join('.');
}

function hostToUnicode(host) {
  const { decode } = lazyPunycode();
  return host.split('.').map((label) => {
    if (!label.startsWith('xn--')) return label;
    try {
      return decode(label.slice(4));
    } catch {
      return label;
    }
  }).join('.');
}

// The host of `domain` as the URL parser reads it ('' when it is not one).
function parseDomain(domain) {
  domain = `${domain}`;
  if (domain === '') return '';
  let host;
  try {
    host = new URL(`ws://${domain}`).hostname;
  } catch {
    return '';
  }
  if (host.startsWith('[')) return host;
  return hostToASCII(host);
}

function domainToASCII(domain) {
  if (arguments.length < 1) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified');
  }
  return parseDomain(domain);
}

function domainToUnicode(domain) {
  if (arguments.length < 1) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified');
  }
  const host = parseDomain(domain);
  return host.startsWith('[') ? host : hostToUnicode(host);
}

// ---------------------------------------------------------------------------------------
// File URLs

// A URL object from another realm or implementation passes if it looks like one.
const isURL = (value) => value instanceof URL || (value !== null && typeof value === 'object' &&
  typeof value.href === 'string' && typeof value.protocol === 'string' &&
  value.auth === undefined && value.path === undefined);

const windowsOption = (options) => {
  if (options === undefined || options === null) return false;
  return Boolean(options.windows);
};

function fileURLToPath(input, options) {
  const windows = windowsOption(options);
  let url = input;
  if (typeof url === 'string') {
    url = new URL(url);
  } else if (!isURL(url)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "path" argument must be of type string or an instance of URL.${describeReceived(url)}`);
  }
  if (url.protocol !== 'file:') {
    throw nodeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  }
  const pathname = url.pathname;
  if (windows) {
    if (/%2f|%5c/i.test(pathname)) {
      throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH',
        'File URL path must not include encoded \\ or / characters');
    }
    const local = decodeURIComponent(pathname.replace(/\//g, '\\'));
    if (url.hostname !== '') return `\\\\${hostToUnicode(url.hostname)}${local}`;
    const letter = local.charCodeAt(1) | 0x20;
    if (letter < 0x61 || letter > 0x7a || local[2] !== ':') {
      throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must be absolute');
    }
    return local.slice(1);
  }
  if (url.hostname !== '') {
    const { platform } = require('internal/process').process;
    throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_HOST',
      `File URL host must be "localhost" or empty on ${platform}`);
  }
  if (/%2f/i.test(pathname)) {
    throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH',
      'File URL path must not include encoded / characters');
  }
  return decodeURIComponent(pathname);
}

// characters of a path that pathToFileURL() escapes itself (the URL parser does the rest:
// other controls and non-ASCII characters)
const fileEscapes = {
  '%': '%25', '\\': '%5C', '\n': '%0A', '\r': '%0D', '\t': '%09', ' ': '%20', '"': '%22',
  '#': '%23', '?': '%3F', '<': '%3C', '>': '%3E', '[': '%5B', ']': '%5D', '^': '%5E',
  '`': '%60', '{': '%7B', '|': '%7C', '}': '%7D', '~': '%7E', '\x7f': '%7F',
};

function pathToFileURL(filepath, options) {
  const windows = windowsOption(options);
  if (typeof filepath !== 'string') throw invalidArgType('path', 'string', filepath);
  // eslint-disable-next-line no-control-regex
  const escape = (text) => text.replace(/[%\\\n\r\t "#?<>[\]^`{|}~\x7f]/g, (ch) => fileEscapes[ch]);
  if (windows && filepath.startsWith('\\\\')) {
    // a UNC path: its server is the URL's host
    const hostEnd = filepath.indexOf('\\', 2);
    if (hostEnd === -1 || hostEnd === 2) {
      const { inspect } = require('internal/util/inspect');
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'path' Missing UNC resource path. Received ${inspect(filepath)}`);
    }
    const hostname = filepath.slice(2, hostEnd);
    const rest = filepath.slice(hostEnd).replace(/\\/g, '/');
    return new URL(`file://${hostToASCII(hostname)}${escape(rest)}`);
  }
  const flavour = windows ? path.win32 : path.posix;
  let resolved = flavour.resolve(filepath);
  const last = filepath[filepath.length - 1];
  if ((last === '/' || (windows && last === '\\')) && !resolved.endsWith(flavour.sep)) {
    resolved += flavour.sep;
  }
  if (windows) resolved = resolved.replace(/\\/g, '/');
  const escaped = escape(resolved);
  return new URL(`file://${escaped.startsWith('/') ? '' : '/'}${escaped}`);
}

function urlToHttpOptions(url) {
  const { hostname, pathname, search, port, username, password } = url;
  const options = {
    __proto__: null,
    ...url,
    protocol: url.protocol,
    hostname: typeof hostname === 'string' && hostname.startsWith('[') ?
      hostname.slice(1, -1) : hostname,
    hash: url.hash,
    search,
    pathname,
    path: `${pathname || ''}${search || ''}`,
    href: url.href,
  };
  if (port !== '') options.port = Number(port);
  if (username || password) {
    options.auth = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
  }
  return options;
}

// ---------------------------------------------------------------------------------------
// The legacy API

// protocols whose URLs always have a host ('http:' …); the check is case-sensitive, as Node's
const slashedProtocols = new Set(['http', 'http:', 'https', 'https:', 'ftp', 'ftp:', 'gopher',
  'gopher:', 'file', 'file:', 'ws', 'ws:', 'wss', 'wss:']);
// protocols that never have a host, and whose rest is left as it is
const hostlessProtocols = new Set(['javascript', 'javascript:']);

// escaped in the path, query and fragment of parsed URLs
const autoEscapes = {
  '\t': '%09', '\n': '%0A', '\r': '%0D', ' ': '%20', '"': '%22', "'": '%27', '<': '%3C',
  '>': '%3E', '\\': '%5C', '^': '%5E', '`': '%60', '{': '%7B', '|': '%7C', '}': '%7D',
};
const notInHost = new Set(['\t', '\n', '\r', ' ', '"', '%', "'", ';', '<', '>', '\\', '^', '`',
  '{', '|', '}']);
// eslint-disable-next-line no-control-regex
const forbiddenHost = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
// eslint-disable-next-line no-control-regex
const forbiddenIPv6Host = /[\0\t\n\r #%/<>?@\\^|]/;
const trimmed = /^[ \t\n\r\f\v\u00a0\ufeff]+|[ \t\n\r\f\v\u00a0\ufeff]+$/g;

let warnedInvalidPort = false; // DEP0170 is told once

function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

function setQuery(url, search, parseQueryString) {
  url.search = search;
  url.query = search.slice(1);
  if (parseQueryString) url.query = lazyQuerystring().parse(url.query);
}

Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
  if (typeof url !== 'string') throw invalidArgType('url', 'string', url);
  let rest = url.replace(trimmed, '');
  // backslashes before the query and fragment are slashes
  const cut = rest.search(/[?#]/);
  const hasHash = rest.includes('#');
  if (cut === -1) rest = rest.replace(/\\/g, '/');
  else rest = rest.slice(0, cut).replace(/\\/g, '/') + rest.slice(cut);

  if (!slashesDenoteHost && !hasHash) {
    // a plain path, with or without query
    const simple = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/.exec(rest);
    if (simple) {
      this.path = rest;
      this.href = rest;
      this.pathname = simple[1];
      if (simple[2]) {
        setQuery(this, simple[2], parseQueryString);
      } else if (parseQueryString) {
        this.search = null;
        this.query = { __proto__: null };
      }
      return this;
    }
  }

  let proto = /^[a-z0-9.+-]+:/i.exec(rest);
  let lowerProto;
  if (proto) {
    proto = proto[0];
    lowerProto = proto.toLowerCase();
    this.protocol = lowerProto;
    rest = rest.slice(proto.length);
  }

  let slashes = false;
  if (slashesDenoteHost || proto || /^\/\/[^@/]+@[^@/]+/.test(rest)) {
    slashes = rest.startsWith('//');
    if (slashes && !(proto && hostlessProtocols.has(lowerProto))) {
      rest = rest.slice(2);
      this.slashes = true;
    }
  }

  if (!hostlessProtocols.has(lowerProto) && (slashes || (proto && !slashedProtocols.has(proto)))) {
    // The authority ends at the first '/', '?' or '#'; the credentials at its last '@'; the
    // host at the first character after them that cannot be in a host.
    let end = rest.search(/[/?#]/);
    if (end === -1) end = rest.length;
    const at = rest.lastIndexOf('@', end - 1);
    let hostEnd = end;
    for (let i = at + 1; i < end; i++) {
      if (notInHost.has(rest[i])) {
        hostEnd = i;
        break;
      }
    }
    if (at !== -1) this.auth = decodeURIComponent(rest.slice(0, at));
    this.host = rest.slice(at + 1, hostEnd);
    rest = rest.slice(hostEnd);
    this.parseHost();
    if (typeof this.hostname !== 'string') this.hostname = '';
    const hostname = this.hostname;
    const ipv6 = hostname.startsWith('[') && hostname.endsWith(']');
    if (!ipv6) {
      // what cannot be in a host name starts the path
      const bad = hostname.search(/[/\\#?:]/);
      if (bad !== -1) {
        if (hostname[bad] === ':' && !warnedInvalidPort) {
          warnedInvalidPort = true;
          require('internal/process/warning').emitWarning(
            `The URL ${url} is invalid. Future versions of Node.js will throw an error.`,
            'DeprecationWarning', 'DEP0170');
        }
        this.hostname = hostname.slice(0, bad);
        rest = `/${hostname.slice(bad)}${rest}`;
      }
    }
    this.hostname = this.hostname.length > 255 ? '' : this.hostname.toLowerCase();
    if (this.hostname !== '') {
      if (ipv6) {
        if (forbiddenIPv6Host.test(this.hostname)) throw invalidURL(url);
      } else {
        this.hostname = hostToASCII(this.hostname);
        if (this.hostname === '' || forbiddenHost.test(this.hostname)) throw invalidURL(url);
      }
    }
    this.host = this.hostname + (this.port ? `:${this.port}` : '');
    if (ipv6) {
      this.hostname = this.hostname.slice(1, -1);
      if (rest[0] !== '/') rest = `/${rest}`;
    }
  }

  if (!hostlessProtocols.has(lowerProto)) {
    rest = rest.replace(/[\t\n\r "'<>\\^`{|}]/g, (ch) => autoEscapes[ch]);
  }

  const hash = rest.indexOf('#');
  if (hash !== -1) {
    this.hash = rest.slice(hash);
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  if (question !== -1) {
    setQuery(this, rest.slice(question), parseQueryString);
    rest = rest.slice(0, question);
  } else if (parseQueryString) {
    this.search = null;
    this.query = { __proto__: null };
  }
  if (rest.length > 0) this.pathname = rest;
  if (slashedProtocols.has(lowerProto) && this.hostname && !this.pathname) this.pathname = '/';
  if (this.pathname || this.search) this.path = (this.pathname || '') + (this.search || '');
  this.href = this.format();
  return this;
};

// host → port (the digits after the last ':') and hostname
Url.prototype.parseHost = function parseHost() {
  let host = this.host;
  const port = /:[0-9]*$/.exec(host);
  if (port) {
    if (port[0] !== ':') this.port = port[0].slice(1);
    host = host.slice(0, host.length - port[0].length);
  }
  if (host) this.hostname = host;
};

Url.prototype.format = function format() {
  let auth = this.auth || '';
  if (auth) auth = `${encodeURIComponent(auth).replace(/%3A/gi, ':')}@`;
  let protocol = this.protocol || '';
  let pathname = this.pathname || '';
  let hash = this.hash || '';
  let host = '';
  let query = '';
  if (this.host) {
    host = auth + this.host;
  } else if (this.hostname) {
    const name = this.hostname;
    const bracket = name.includes(':') && !(name.startsWith('[') && name.endsWith(']'));
    host = auth + (bracket ? `[${name}]` : name);
    if (this.port) host += `:${this.port}`;
  }
  if (this.query !== null && typeof this.query === 'object') {
    query = lazyQuerystring().stringify(this.query);
  }
  let search = this.search || (query && `?${query}`) || '';
  if (protocol && !protocol.endsWith(':')) protocol += ':';
  pathname = pathname.replace(/[?#]/g, (ch) => (ch === '#' ? '%23' : '%3F'));
  if (this.slashes || slashedProtocols.has(protocol)) {
    if (this.slashes || host) {
      if (pathname && pathname[0] !== '/') pathname = `/${pathname}`;
      host = `//${host}`;
    } else if (protocol.startsWith('file')) {
      host = '//';
    }
  }
  search = search.replace(/#/g, '%23');
  if (hash && hash[0] !== '#') hash = `#${hash}`;
  if (search && search[0] !== '?') search = `?${search}`;
  return protocol + host + pathname + search + hash;
};

Url.prototype.resolve = function resolve(relative) {
  return this.resolveObject(urlParse(relative, false, true)).format();
};

Url.prototype.resolveObject = function resolveObject(relative) {
  let rel = relative;
  if (typeof rel === 'string') rel = urlParse(rel, false, true);
  const result = new Url();
  Object.assign(result, this);
  result.hash = rel.hash;
  const finish = () => {
    if (result.pathname !== null || result.search !== null) {
      result.path = (result.pathname || '') + (result.search || '');
    } else {
      result.path = null;
    }
    result.href = result.format();
    return result;
  };
  if (rel.href === '') {
    result.href = result.format();
    return result;
  }
  // a network-path reference ('//host/path'): everything but the protocol
  if (rel.slashes && !rel.protocol) {
    for (const key of Object.keys(rel)) if (key !== 'protocol') result[key] = rel[key];
    if (slashedProtocols.has(result.protocol) && result.hostname && !result.pathname) {
      result.pathname = '/';
      result.path = '/';
    }
    result.href = result.format();
    return result;
  }
  if (rel.protocol && rel.protocol !== result.protocol) {
    // another scheme: the reference as it is (a special scheme gets a host anyway: its first
    // path segment when it has none)
    if (!slashedProtocols.has(rel.protocol)) {
      Object.assign(result, rel);
      result.href = result.format();
      return result;
    }
    result.protocol = rel.protocol;
    result.auth = rel.auth;
    result.port = rel.port;
    result.search = rel.search;
    result.query = rel.query;
    if (!rel.host && rel.protocol !== 'file:' && rel.protocol !== 'file') {
      const segments = (rel.pathname || '').split('/');
      let host = '';
      while (segments.length > 0 && !host) host = segments.shift();
      result.host = host;
      result.hostname = rel.hostname || host;
      result.pathname = `/${segments.join('/')}`;
      if (segments.length === 0) result.pathname = '/';
    } else {
      result.host = rel.host || '';
      result.hostname = rel.hostname || rel.host;
      result.pathname = rel.pathname;
    }
    result.slashes = result.slashes || rel.slashes;
    return finish();
  }

  // Merge the paths. Protocols without slashes ('mailto:') keep what was parsed as a host
  // in front of the path while merging.
  const hostless = result.protocol && !slashedProtocols.has(result.protocol);
  let segments = result.pathname ? result.pathname.split('/') : [];
  const ref = rel.pathname ? rel.pathname.split('/') : [];
  const refAbsolute = Boolean(rel.host) || (rel.pathname && rel.pathname[0] === '/');
  let mustEndAbsolute = refAbsolute || (result.pathname && result.pathname[0] === '/') ||
    (result.host && rel.pathname);
  const keepAbove = !mustEndAbsolute;
  const takeHostFromPath = () => {
    let host = segments.length > 0 ? segments.shift() : '';
    const at = host ? host.indexOf('@') : -1;
    if (at > 0) {
      result.auth = host.slice(0, at);
      host = host.slice(at + 1);
    }
    result.host = result.hostname = host;
  };
  if (hostless) {
    result.hostname = '';
    result.port = null;
    if (result.host) {
      if (segments[0] === '') segments[0] = result.host;
      else segments.unshift(result.host);
    }
    result.host = '';
    if (rel.protocol) {
      rel.hostname = null;
      rel.port = null;
      if (rel.host) {
        if (ref[0] === '') ref[0] = rel.host;
        else ref.unshift(rel.host);
      }
      rel.host = null;
    }
    mustEndAbsolute = mustEndAbsolute && (ref[0] === '' || segments[0] === '');
  }
  if (refAbsolute) {
    if (rel.host || rel.host === '') {
      if (result.host !== rel.host) result.auth = null;
      result.host = rel.host;
      result.port = rel.port;
    }
    if (rel.hostname || rel.hostname === '') {
      if (result.hostname !== rel.hostname) result.auth = null;
      result.hostname = rel.hostname;
    }
    result.search = rel.search;
    result.query = rel.query;
    segments = ref;
  } else if (ref.length > 0) {
    segments.pop();
    segments = segments.concat(ref);
    result.search = rel.search;
    result.query = rel.query;
  } else if (rel.search !== null && rel.search !== undefined) {
    if (hostless) takeHostFromPath();
    result.search = rel.search;
    result.query = rel.query;
    return finish();
  }
  if (segments.length === 0) {
    result.pathname = null;
    result.path = result.search ? `/${result.search}` : null;
    result.href = result.format();
    return result;
  }

  // dot segments: each '..' takes away the segment before it, whatever it is
  const last = segments[segments.length - 1];
  const trailingSlash = last === '' || ((last === '.' || last === '..') &&
    Boolean(result.host || rel.host || segments.length > 1));
  let up = 0;
  const kept = [];
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (segment === '.') continue;
    if (segment === '..') up++;
    else if (up > 0) up--;
    else kept.push(segment);
  }
  segments = kept.reverse();
  if (keepAbove) for (; up > 0; up--) segments.unshift('..');
  if (mustEndAbsolute && segments[0] !== '' && !(segments[0] && segments[0][0] === '/')) {
    segments.unshift('');
  }
  if (trailingSlash && !segments.join('/').endsWith('/')) segments.push('');
  const absolute = segments[0] === '' || Boolean(segments[0] && segments[0][0] === '/');
  if (hostless) {
    if (absolute) result.host = result.hostname = '';
    else takeHostFromPath();
  }
  mustEndAbsolute = mustEndAbsolute || (result.host && segments.length > 0);
  if (mustEndAbsolute && !absolute) segments.unshift('');
  result.pathname = segments.length > 0 ? segments.join('/') : null;
  result.auth = rel.auth || result.auth;
  result.slashes = result.slashes || rel.slashes;
  return finish();
};

function urlParse(url, parseQueryString, slashesDenoteHost) {
  if (url instanceof Url) return url;
  const parsed = new Url();
  parsed.parse(url, parseQueryString, slashesDenoteHost);
  return parsed;
}

function urlResolve(source, relative) {
  return urlParse(source, false, true).resolve(relative);
}

function urlResolveObject(source, relative) {
  if (!source) return relative;
  return urlParse(source, false, true).resolveObject(relative);
}

// url.format(URL, options): the URL's parts, some of them left out
function formatWhatwg(url, options) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw invalidArgType('options', 'object', options);
  }
  const { auth = true, fragment = true, search = true, unicode = false } = options || {};
  let out = url.protocol;
  const href = url.href;
  if (href.startsWith(`${url.protocol}//`)) {
    out += '//';
    if (auth && (url.username || url.password)) {
      out += url.username;
      if (url.password) out += `:${url.password}`;
      out += '@';
    }
    let host = url.hostname;
    if (!host.startsWith('[')) {
      host = hostToASCII(host);
      if (unicode) host = hostToUnicode(host);
    }
    out += host;
    if (url.port) out += `:${url.port}`;
  }
  out += url.pathname;
  if (search) out += url.search;
  if (fragment) out += url.hash;
  return out;
}

function urlFormat(urlObject, options) {
  if (typeof urlObject === 'string') {
    urlObject = urlParse(urlObject);
  } else if (urlObject === null || typeof urlObject !== 'object') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "urlObject" argument must be one ' +
      `of type object or string.${describeReceived(urlObject)}`);
  } else if (isURL(urlObject)) {
    return formatWhatwg(urlObject, options);
  }
  return Url.prototype.format.call(urlObject);
}

module.exports = {
  Url,
  parse: urlParse,
  resolve: urlResolve,
  resolveObject: urlResolveObject,
  format: urlFormat,
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};
