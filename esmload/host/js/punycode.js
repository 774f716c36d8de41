'use strict';

// punycode (deprecated in Node, still required by packages): RFC 3492 Bootstring with the
// Punycode parameters, and the label-wise toASCII / toUnicode of domain names.

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const MAX_INT = 0x7fffffff;

function fail(kind) {
  const messages = {
    overflow: 'Overflow: input needs wider integers to process',
    'not-basic': 'Illegal input >= 0x80 (not a basic code point)',
    'invalid-input': 'Invalid input',
  };
  return new RangeError(messages[kind]);
}

// UCS-2 strings <-> arrays of code points (surrogate pairs joined).
function ucs2decode(string) {
  const points = [];
  for (let i = 0; i < string.length; i++) {
    const unit = string.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < string.length) {
      const next = string.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        points.push(((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    points.push(unit);
  }
  return points;
}

function ucs2encode(points) {
  let out = '';
  for (const point of points) out += String.fromCodePoint(point);
  return out;
}

// digit value → its character ('a'..'z', '0'..'9'), and back (either case), or BASE
const digitChar = (d) => String.fromCharCode(d < 26 ? 97 + d : 22 + d);
function digitValue(code) {
  if (code >= 0x30 && code < 0x3a) return code - 22;
  if (code >= 0x41 && code < 0x5b) return code - 0x41;
  if (code >= 0x61 && code < 0x7b) return code - 0x61;
  return BASE;
}

function adapt(delta, numPoints, firstTime) {
  delta = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / numPoints);
  let k = 0;
  while (delta > ((BASE - T_MIN) * T_MAX) >> 1) {
    delta = Math.floor(delta / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * delta) / (delta + SKEW));
}

function threshold(k, bias) {
  if (k <= bias) return T_MIN;
  if (k >= bias + T_MAX) return T_MAX;
  return k - bias;
}

function decode(input) {
  input = `${input}`;
  const output = [];
  const cut = input.lastIndexOf('-');
  const basicEnd = cut < 0 ? 0 : cut;
  for (let j = 0; j < basicEnd; j++) {
    if (input.charCodeAt(j) >= 0x80) throw fail('not-basic');
    output.push(input.charCodeAt(j));
  }
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let pos = basicEnd > 0 ? basicEnd + 1 : 0; pos < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) throw fail('invalid-input');
      const digit = digitValue(input.charCodeAt(pos++));
      if (digit >= BASE) throw fail('invalid-input');
      if (digit > Math.floor((MAX_INT - i) / w)) throw fail('overflow');
      i += digit * w;
      const t = threshold(k, bias);
      if (digit < t) break;
      if (w > Math.floor(MAX_INT / (BASE - t))) throw fail('overflow');
      w *= BASE - t;
    }
    const count = output.length + 1;
    bias = adapt(i - oldi, count, oldi === 0);
    if (Math.floor(i / count) > MAX_INT - n) throw fail('overflow');
    n += Math.floor(i / count);
    i %= count;
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

function encode(input) {
  const points = ucs2decode(`${input}`);
  let out = '';
  for (const point of points) if (point < 0x80) out += String.fromCharCode(point);
  const basicCount = out.length;
  let handled = basicCount;
  if (basicCount > 0) out += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < points.length) {
    let next = MAX_INT;
    for (const point of points) if (point >= n && point < next) next = point;
    if (next - n > Math.floor((MAX_INT - delta) / (handled + 1))) throw fail('overflow');
    delta += (next - n) * (handled + 1);
    n = next;
    for (const point of points) {
      if (point < n && ++delta > MAX_INT) throw fail('overflow');
      if (point !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = threshold(k, bias);
        if (q < t) break;
        out += digitChar(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      out += digitChar(q);
      bias = adapt(delta, handled + 1, handled === basicCount);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return out;
}

// Domain names (or e-mail addresses: the part after '@'), label by label; the separators
// U+3002, U+FF0E and U+FF61 count as dots.
function mapDomain(domain, fn) {
  domain = `${domain}`;
  const at = domain.lastIndexOf('@');
  const local = at === -1 ? '' : domain.slice(0, at + 1);
  const host = (at === -1 ? domain : domain.slice(at + 1)).replace(/[\u3002\uff0e\uff61]/g, '.');
  return local + host.split('.').map(fn).join('.');
}

function toASCII(domain) {
  // eslint-disable-next-line no-control-regex
  return mapDomain(domain, (label) => (/[^\0-\x7f]/.test(label) ? `xn--${encode(label)}` : label));
}

function toUnicode(domain) {
  return mapDomain(domain, (label) =>
    (label.startsWith('xn--') ? decode(label.slice(4).toLowerCase()) : label));
}

module.exports = {
  version: '2.1.0',
  ucs2: { decode: ucs2decode, encode: ucs2encode },
  decode,
  encode,
  toASCII,
  toUnicode,
};
