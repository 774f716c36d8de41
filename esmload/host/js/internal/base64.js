'use strict';

// atob and btoa, installed only when the engine lacks them (quickjs-ng has them).

const { nodeError } = require('internal/errors');

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function btoa(data) {
  if (arguments.length === 0) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "data" argument must be specified');
  const input = `${data}`;
  let out = '';
  for (let i = 0; i < input.length; i += 3) {
    const a = input.charCodeAt(i);
    const b = i + 1 < input.length ? input.charCodeAt(i + 1) : 0;
    const c = i + 2 < input.length ? input.charCodeAt(i + 2) : 0;
    if (a > 255 || b > 255 || c > 255) throw new DOMException('Invalid character', 'InvalidCharacterError');
    const bits = (a << 16) | (b << 8) | c;
    out += BASE64[bits >> 18] + BASE64[(bits >> 12) & 63] +
      (i + 1 < input.length ? BASE64[(bits >> 6) & 63] : '=') + (i + 2 < input.length ? BASE64[bits & 63] : '=');
  }
  return out;
}

function atob(data) {
  if (arguments.length === 0) throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "data" argument must be specified');
  let input = `${data}`.replace(/[\t\n\f\r ]/g, '');
  if (input.length % 4 === 0) input = input.replace(/==?$/, '');
  if (input.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(input)) {
    throw new DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
  }
  let out = '';
  let bits = 0;
  let count = 0;
  for (let i = 0; i < input.length; i++) {
    bits = (bits << 6) | BASE64.indexOf(input[i]);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += String.fromCharCode((bits >> count) & 0xff);
    }
  }
  return out;
}

module.exports = {
  atob,
  btoa,
};
