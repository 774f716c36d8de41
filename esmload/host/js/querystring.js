'use strict';

// querystring: Node's application/x-www-form-urlencoded helpers (parse, stringify, escape,
// unescape). Parsed objects have no prototype, as Node's.

const { nodeError } = require('internal/errors');

const HEX = '0123456789ABCDEF';
// bytes left as they are by escape(): letters, digits and  ! ' ( ) * - . _ ~
const plain = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!'()*-._~") {
  plain[ch.charCodeAt(0)] = 1;
}

function percentByte(byte) {
  return `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
}

function qsEscape(str) {
  if (typeof str !== 'string') str = typeof str === 'object' ? String(str) : `${str}`;
  let out = '';
  let run = 0; // start of the current run of characters kept as they are
  for (let i = 0; i < str.length; i++) {
    let code = str.charCodeAt(i);
    if (code < 0x80 && plain[code]) continue;
    if (run < i) out += str.slice(run, i);
    run = i + 1;
    if (code < 0x80) {
      out += percentByte(code);
    } else if (code < 0x800) {
      out += percentByte(0xc0 | (code >> 6)) + percentByte(0x80 | (code & 63));
    } else if (code < 0xd800 || code >= 0xe000) {
      out += percentByte(0xe0 | (code >> 12)) + percentByte(0x80 | ((code >> 6) & 63)) +
        percentByte(0x80 | (code & 63));
    } else {
      const low = i + 1 < str.length ? str.charCodeAt(i + 1) : 0;
      if (code >= 0xdc00 || low < 0xdc00 || low > 0xdfff) {
        throw nodeError(URIError, 'ERR_INVALID_URI', 'URI malformed');
      }
      i++;
      run = i + 1;
      code = 0x10000 + (((code & 0x3ff) << 10) | (low & 0x3ff));
      out += percentByte(0xf0 | (code >> 18)) + percentByte(0x80 | ((code >> 12) & 63)) +
        percentByte(0x80 | ((code >> 6) & 63)) + percentByte(0x80 | (code & 63));
    }
  }
  return run === 0 ? str : out + str.slice(run);
}

const hexValue = (code) => {
  if (code >= 48 && code <= 57) return code - 48;
  code |= 0x20;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
};

// The bytes of `s` with each valid %XX decoded (and '+' as a space with decodeSpaces);
// characters above 0x7f are taken as UTF-8, invalid escapes are kept as they are.
function unescapeBuffer(s, decodeSpaces) {
  const { Buffer } = require('buffer');
  s = `${s}`;
  const text = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (byte === 0x25 && i + 2 < text.length) {
      const hi = hexValue(text[i + 1]);
      const lo = hexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[n++] = hi * 16 + lo;
        i += 2;
        continue;
      }
    }
    out[n++] = decodeSpaces && byte === 0x2b ? 0x20 : byte;
  }
  return out.subarray(0, n);
}

function qsUnescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return unescapeBuffer(s, decodeSpaces).toString();
  }
}

// How stringify() writes a value: strings encoded, finite numbers, bigints and booleans as
// they print, everything else as ''.
function encodeValue(value, encode) {
  switch (typeof value) {
    case 'string':
      return value.length > 0 ? encode(value) : '';
    case 'number':
      if (!Number.isFinite(value)) return '';
      return Math.abs(value) < 1e21 ? `${value}` : encode(`${value}`);
    case 'bigint':
      return `${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return '';
  }
}

function stringify(obj, sep, eq, options) {
  sep = sep || '&';
  eq = eq || '=';
  let encode = qsEscape;
  if (options && typeof options.encodeURIComponent === 'function') {
    encode = options.encodeURIComponent;
  }
  if (obj === null || typeof obj !== 'object') return '';
  const fields = [];
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const prefix = encodeValue(key, encode) + eq;
    if (Array.isArray(value)) {
      for (const item of value) fields.push(prefix + encodeValue(item, encode));
    } else {
      fields.push(prefix + encodeValue(value, encode));
    }
  }
  return fields.join(sep);
}

function parse(qs, sep, eq, options) {
  const obj = { __proto__: null };
  if (typeof qs !== 'string' || qs.length === 0) return obj;
  sep = sep ? `${sep}` : '&';
  eq = eq ? `${eq}` : '=';
  let maxKeys = 1000;
  if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
  let decode = qsUnescape;
  let custom = false;
  if (options && typeof options.decodeURIComponent === 'function') {
    decode = options.decodeURIComponent;
    custom = decode !== qsUnescape;
  }
  const decodePart = (part) => {
    if (part.length === 0 || (!custom && !part.includes('%'))) return part;
    try {
      return decode(part);
    } catch {
      return qsUnescape(part, true);
    }
  };
  let pairs = 0;
  for (let start = 0; start <= qs.length;) {
    if (maxKeys > 0 && pairs >= maxKeys) break;
    let end = qs.indexOf(sep, start);
    if (end === -1) end = qs.length;
    const pair = qs.slice(start, end);
    start = end + sep.length;
    pairs++;
    if (pair.length === 0) {
      if (end === qs.length) break;
      continue;
    }
    const at = pair.indexOf(eq);
    const rawKey = at === -1 ? pair : pair.slice(0, at);
    const rawValue = at === -1 ? '' : pair.slice(at + eq.length);
    const key = decodePart(rawKey.replace(/\+/g, ' '));
    const value = decodePart(rawValue.replace(/\+/g, ' '));
    const current = obj[key];
    if (current === undefined) obj[key] = value;
    else if (Array.isArray(current)) current.push(value);
    else obj[key] = [current, value];
  }
  return obj;
}

module.exports = {
  unescapeBuffer,
  unescape: qsUnescape,
  escape: qsEscape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};
