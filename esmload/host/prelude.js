// GENERATED FILE, do not edit: edit the modules under esmload/host/js/ and rerun
// `python -m esmload.host.build_prelude` (a test fails while this file is stale).
//
// esmload's host prelude: console, timers, process, encoders, URL, … for programs written for
// Node. Evaluated once per context as a global script; its completion value is the function
// below, which the Python host (esmload/host/globals.py) calls with `host`, the native
// functions and facts described in js/internal/bootstrap.js. The call runs that module and
// returns its exports: the entry points Python calls back, and internalRequire.
(function esmloadPrelude(host) {
  'use strict';

  // The internal modules, each a function of (exports, require, module, host) that the first
  // require(id) runs. (Declarations, not function values in the table below: QuickJS compiles
  // those noticeably faster, which a first run pays for.)
// ============================================================================== internal/base64.js
function module_internal__base64(exports, require, module, host) {
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
}
// =========================================================================== internal/bootstrap.js
function module_internal__bootstrap(exports, require, module, host) {
'use strict';

// Installs esmload's host globals (console, timers, process, encoders, URL, …) for programs
// written for Node, and exports the entry points the Python host calls back (prelude.js
// returns them): fireTimer, inspect, format, formatUncaught, exitCode, runExitHandlers, and
// internalRequire (this `require`, for built-in modules that reuse the internal ones).
//
// `host`, which every internal module sees, is the object of native functions and facts that
// Python (esmload/host/globals.py) passes in:
//
//   write(fd, text)                 fd 1 = stdout, 2 = stderr, text written as-is (UTF-8)
//   scheduleTimer(id, ms, refed)    fire timer `id` after ms (≥ 1 for timers, 0 for immediates);
//                                   equal deadlines fire in scheduling order
//   cancelTimer(id), refTimer(id, refed)
//   exit(code)                      never returns
//   reportError(error)              an uncaught exception caught here (microtask, nextTick)
//   now()                           monotonic ms since process start (float)
//   cwd()
//   promiseState?(p)                [state, value], state 'pending' | 'fulfilled' | 'rejected'
//   isatty?(fd)
//   argv, env, platform, pid, timeOrigin (epoch ms), versions?, arch?
//   loadModule(id)                  the function of module `id` when it is not linked into the
//                                   prelude (js/ID.js, compiled or read from the code cache)
//   builtinNames()                  [Node's built-in names, those that need `node:`] (module.js)
//   binding(name)                   the native functions of esmload/host/bindings/NAME.py
//   permission                      true when the permission model is on
//   permissionHas(scope, reference) process.permission.has()
//
// Keep top-level work small: this runs at every start. Tables and rarely used objects are
// built on first use, and modules that only some engines need (url, base64) are required
// only then.

const { installStackTraces } = require('internal/stack');

installStackTraces();

// First, before the globals they capture are replaced below: the engine's queueMicrotask,
// atob and btoa.
const { queueMicrotask } = require('internal/microtasks');
const { TextEncoder, TextDecoder } = require('internal/encoding');

const { define } = require('internal/util');
const { inspect } = require('internal/util/inspect');
const { format, formatUncaught } = require('internal/util/format');
const { createConsole, Console } = require('internal/console');
const {
  setTimeout, setInterval, setImmediate, clearTimer, clearImmediate, fireTimer,
} = require('internal/timers');
const { structuredClone } = require('internal/structured_clone');
const { process, exitCodeValue, runExitHandlers } = require('internal/process');

const console = createConsole((text) => host.write(1, text), (text) => host.write(2, text));
console.Console = Console;

define(globalThis, 'global', globalThis, true);
define(globalThis, 'console', console);
define(globalThis, 'process', process);
define(globalThis, 'setTimeout', setTimeout, true);
define(globalThis, 'setInterval', setInterval, true);
define(globalThis, 'setImmediate', setImmediate, true);
define(globalThis, 'clearTimeout', clearTimer, true);
define(globalThis, 'clearInterval', clearTimer, true);
define(globalThis, 'clearImmediate', clearImmediate, true);
define(globalThis, 'queueMicrotask', queueMicrotask, true);
define(globalThis, 'structuredClone', structuredClone, true);
define(globalThis, 'TextEncoder', TextEncoder);
define(globalThis, 'TextDecoder', TextDecoder);
if (typeof globalThis.URL !== 'function' || typeof globalThis.URLSearchParams !== 'function') {
  const { URL, URLSearchParams } = require('internal/url');
  define(globalThis, 'URL', URL);
  define(globalThis, 'URLSearchParams', URLSearchParams);
}
if (typeof globalThis.atob !== 'function') define(globalThis, 'atob', require('internal/base64').atob, true);
if (typeof globalThis.btoa !== 'function') define(globalThis, 'btoa', require('internal/base64').btoa, true);
// quickjs-ng has `performance`, but its timeOrigin is a monotonic reading, not epoch
// milliseconds like Node's: replace it then, keeping now() and timeOrigin consistent.
if (typeof globalThis.performance !== 'object' ||
    (typeof host.timeOrigin === 'number' && !(globalThis.performance.timeOrigin > 1e11))) {
  const timeOrigin = host.timeOrigin;
  define(globalThis, 'performance', {
    now: () => host.now(),
    timeOrigin,
    toJSON: () => ({ timeOrigin }),
  }, true);
}

// Globals whose modules load on first use (`require.lazy`: not linked into the prelude) (a program that never touches them pays nothing).
// The first read replaces the accessor with a plain value, as Node's own lazy globals do.
function lazyGlobal(name, load) {
  Object.defineProperty(globalThis, name, {
    get() {
      const value = load();
      define(globalThis, name, value, true);
      return value;
    },
    set(value) {
      define(globalThis, name, value, true);
    },
    enumerable: false,
    configurable: true,
  });
}

lazyGlobal('Buffer', () => require.lazy('buffer').Buffer);
lazyGlobal('Blob', () => require.lazy('buffer').Blob);
lazyGlobal('File', () => require.lazy('buffer').File);
lazyGlobal('EventTarget', () => require.lazy('internal/event_target').EventTarget);
lazyGlobal('Event', () => require.lazy('internal/event_target').Event);
lazyGlobal('CustomEvent', () => require.lazy('internal/event_target').CustomEvent);
lazyGlobal('AbortController', () => require.lazy('internal/abort_controller').AbortController);
lazyGlobal('AbortSignal', () => require.lazy('internal/abort_controller').AbortSignal);
lazyGlobal('fetch', () => require.lazy('internal/fetch').fetch);
lazyGlobal('Headers', () => require.lazy('internal/fetch').Headers);
lazyGlobal('Request', () => require.lazy('internal/fetch').Request);
lazyGlobal('Response', () => require.lazy('internal/fetch').Response);
lazyGlobal('FormData', () => require.lazy('internal/fetch').FormData);
lazyGlobal('crypto', () => require.lazy('internal/crypto/webcrypto').crypto);
lazyGlobal('Crypto', () => require.lazy('internal/crypto/webcrypto').Crypto);
lazyGlobal('CryptoKey', () => require.lazy('internal/crypto/webcrypto').CryptoKey);
lazyGlobal('SubtleCrypto', () => require.lazy('internal/crypto/webcrypto').SubtleCrypto);

if (host.permission) {
  define(process, 'permission', {
    has(scope, reference) {
      return host.permissionHas(String(scope), reference === undefined ? undefined : String(reference));
    },
  }, true);
}

module.exports = {
  fireTimer,
  inspect,
  format,
  formatUncaught,
  exitCode: exitCodeValue,
  runExitHandlers,
  internalRequire: require,
};
}
// ============================================================================= internal/console.js
function module_internal__console(exports, require, module, host) {
'use strict';

// console's methods. createConsole makes a console that writes through two functions
// (bootstrap makes the global one, over the host's stdout and stderr); `new console.Console()`
// makes more, writing to streams.

const { hasOwn } = require('internal/util');
const { invalidArgType } = require('internal/errors');
const { stringWidth } = require('internal/util/string_width');
const { isMap, isSet } = require('internal/util/types');
const { inspect } = require('internal/util/inspect');
const { formatWithOptions } = require('internal/util/format');
const { emitWarning } = require('internal/process/warning');

// A console.timeEnd duration, as Node prints it ("12.5ms", "1.500s", "1:02.000 (m:ss.mmm)").
function formatTime(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const [whole, fraction] = seconds.toFixed(3).split('.');
    const pad = (n) => `${n}`.padStart(2, '0');
    const lead = hours !== 0 ? `${hours}:${pad(minutes)}` : minutes;
    return `${lead}:${pad(whole)}.${fraction} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

// console.table: Node's layout (left-aligned cells, box-drawing borders).
function renderTable(head, columns) {
  const widths = head.map((h) => stringWidth(h));
  const longest = Math.max(0, ...columns.map((c) => c.length));
  const rows = [];
  for (let i = 0; i < head.length; i++) {
    const column = columns[i];
    for (let j = 0; j < longest; j++) {
      rows[j] ??= [];
      const cell = hasOwn(column, j) ? column[j] : '';
      rows[j][i] = cell;
      widths[i] = Math.max(widths[i] || 0, stringWidth(cell));
    }
  }
  const renderRow = (row) => {
    let out = '│ ';
    for (let i = 0; i < row.length; i++) {
      out += row[i] + ' '.repeat(widths[i] - stringWidth(row[i]));
      if (i !== row.length - 1) out += ' │ ';
    }
    return `${out} │`;
  };
  const divider = widths.map((w) => '─'.repeat(w + 2));
  let result = `┌${divider.join('┬')}┐\n${renderRow(head)}\n├${divider.join('┼')}┤\n`;
  for (const row of rows) result += `${renderRow(row)}\n`;
  return `${result}└${divider.join('┴')}┘`;
}

function tableText(data, properties) {
  const cell = (v) => {
    const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
    return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
  };
  const indexColumn = (length) => Array.from({ length }, (_, i) => cell(i));
  if (isMap(data)) {
    const keys = [];
    const values = [];
    for (const [k, v] of data) {
      keys.push(cell(k));
      values.push(cell(v));
    }
    return renderTable(['(iteration index)', 'Key', 'Values'], [indexColumn(keys.length), keys, values]);
  }
  if (isSet(data)) {
    const values = [];
    for (const v of data) values.push(cell(v));
    return renderTable(['(iteration index)', 'Values'], [indexColumn(values.length), values]);
  }
  const map = Object.create(null);
  let hasPrimitives = false;
  const valuesColumn = [];
  const indexKeys = Object.keys(data);
  for (let i = 0; i < indexKeys.length; i++) {
    const item = data[indexKeys[i]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      valuesColumn[i] = cell(item);
    } else {
      const keys = properties || Object.keys(item);
      for (const key of keys) {
        map[key] ??= [];
        map[key][i] = (primitive && properties) || !hasOwn(item, key) ? '' : cell(item[key]);
      }
    }
  }
  const head = Object.keys(map);
  const columns = Object.values(map);
  if (hasPrimitives) {
    head.push('Values');
    columns.push(valuesColumn);
  }
  head.unshift('(index)');
  columns.unshift(indexKeys);
  return renderTable(head, columns);
}

// One console writing through `out(text)` / `err(text)`; `new console.Console(...)` makes
// more, writing to streams.
function createConsole(out, err) {
  let groupIndent = '';
  const counts = new Map();
  const timers = new Map();
  const write = (toErr, args) => {
    let text = formatWithOptions(undefined, args);
    if (groupIndent !== '') {
      if (text.includes('\n')) text = text.replaceAll('\n', `\n${groupIndent}`);
      text = groupIndent + text;
    }
    (toErr ? err : out)(`${text}\n`);
  };
  const console = {
    log: (...args) => write(false, args),
    warn: (...args) => write(true, args),
    dir: (value, options) => write(false, [inspect(value, { customInspect: false, ...options })]),
    time: (label = 'default') => {
      label = `${label}`;
      if (timers.has(label)) {
        emitWarning(`Label '${label}' already exists for console.time()`);
        return;
      }
      timers.set(label, host.now());
    },
    timeEnd: (label = 'default') => {
      label = `${label}`;
      if (!timers.has(label)) {
        emitWarning(`No such label '${label}' for console.timeEnd()`);
        return;
      }
      const start = timers.get(label);
      timers.delete(label);
      write(false, ['%s: %s', label, formatTime(host.now() - start)]);
    },
    timeLog: (label = 'default', ...data) => {
      label = `${label}`;
      if (!timers.has(label)) {
        emitWarning(`No such label '${label}' for console.timeLog()`);
        return;
      }
      write(false, ['%s: %s', label, formatTime(host.now() - timers.get(label)), ...data]);
    },
    trace: function trace(...args) {
      const holder = { name: 'Trace', message: formatWithOptions(undefined, args) };
      Error.captureStackTrace(holder, trace);
      write(true, [holder.stack]);
    },
    assert: (expression, ...args) => {
      if (!expression) {
        args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
        write(true, args);
      }
    },
    clear: () => {},
    count: (label = 'default') => {
      label = `${label}`;
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      write(false, [`${label}: ${n}`]);
    },
    countReset: (label = 'default') => {
      label = `${label}`;
      if (!counts.has(label)) emitWarning(`Count for '${label}' does not exist`);
      else counts.delete(label);
    },
    group: (...data) => {
      if (data.length > 0) write(false, data);
      groupIndent += '  ';
    },
    groupEnd: () => { groupIndent = groupIndent.slice(0, -2); },
    table: (data, properties) => {
      if (properties !== undefined && !Array.isArray(properties)) throw invalidArgType('properties', 'Array', properties);
      if (data === null || typeof data !== 'object') write(false, [data]);
      else write(false, [tableText(data, properties)]);
    },
    profile: () => {},
    profileEnd: () => {},
    timeStamp: () => {},
    context: () => createConsole(out, err),
  };
  console.info = console.log;
  console.debug = console.log;
  console.dirxml = console.log;
  console.error = console.warn;
  console.groupCollapsed = console.group;
  return console;
}

function Console(options, stderrArg) {
  if (!new.target) return new Console(options, stderrArg);
  const stdout = options && typeof options.write === 'function' ? options : options && options.stdout;
  const stderr = (options && options.stderr) || stderrArg || stdout;
  if (!stdout || typeof stdout.write !== 'function') throw invalidArgType('stdout', 'object', stdout);
  return Object.assign(Object.create(Console.prototype),
    createConsole((text) => stdout.write(text), (text) => stderr.write(text)));
}

module.exports = {
  createConsole,
  Console,
};
}
// ============================================================================ internal/encoding.js
function module_internal__encoding(exports, require, module, host) {
'use strict';

// UTF-8: TextEncoder and TextDecoder, and the codec they share with the rest of the prelude.

const { customInspectSymbol: CUSTOM_INSPECT, hostClasses } = require('internal/util');
const { nodeError, describeReceived, invalidArgType } = require('internal/errors');
const { isArrayBuffer, isSharedArrayBuffer } = require('internal/util/types');

// Bulk conversions go through native functions where the engine has them (a JS loop over
// bytes is ~10x slower in QuickJS): bytes → base64 → binary string → escape() →
// decodeURIComponent() decodes valid UTF-8, and the reverse encodes. Anything the native
// path rejects (invalid or unfinished sequences) goes through the WHATWG decoder in JS,
// which also carries streaming state; it builds strings from chunks of at most 8192 units.
const CHUNK = 8192;
const nativeCodec = typeof Uint8Array.fromBase64 === 'function' && typeof Uint8Array.prototype.toBase64 === 'function' &&
  typeof globalThis.atob === 'function' && typeof globalThis.btoa === 'function' &&
  typeof globalThis.escape === 'function' && typeof globalThis.unescape === 'function' &&
  typeof String.prototype.toWellFormed === 'function';
// Captured when this module is first required, which bootstrap does before a program runs
// (programs may replace these globals) and before it installs its own atob and btoa.
const { atob: nativeAtob, btoa: nativeBtoa, escape: nativeEscape, unescape: nativeUnescape } = globalThis;
const NON_ASCII = /[^\x00-\x7f]/;

// Encoded length of str, lone surrogates counting as U+FFFD (3 bytes).
function utf8Length(str) {
  let bytes = 0;
  for (let i = 0; i < str.length; i++) {
    const code = str.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length) {
      const low = str.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) { bytes += 4; i++; } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

// Writes str into out (at most out.length bytes, whole characters only); returns
// [UTF-16 units read, bytes written]. Lone surrogates become U+FFFD (EF BF BD).
function utf8Write(str, out) {
  const end = out.length;
  let n = 0;
  let i = 0;
  for (; i < str.length; i++) {
    let code = str.charCodeAt(i);
    if (code < 0x80) {
      if (n >= end) break;
      out[n++] = code;
      continue;
    }
    if (code < 0x800) {
      if (n + 2 > end) break;
      out[n++] = 0xc0 | (code >> 6);
      out[n++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const low = code <= 0xdbff && i + 1 < str.length ? str.charCodeAt(i + 1) : 0;
      if (low >= 0xdc00 && low <= 0xdfff) {
        if (n + 4 > end) break;
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        out[n++] = 0xf0 | (code >> 18);
        out[n++] = 0x80 | ((code >> 12) & 0x3f);
        out[n++] = 0x80 | ((code >> 6) & 0x3f);
        out[n++] = 0x80 | (code & 0x3f);
        i++;
        continue;
      }
      code = 0xfffd;
    }
    if (n + 3 > end) break;
    out[n++] = 0xe0 | (code >> 12);
    out[n++] = 0x80 | ((code >> 6) & 0x3f);
    out[n++] = 0x80 | (code & 0x3f);
  }
  return [i, n];
}

function utf8Encode(str) {
  if (nativeCodec && str.length > 16) {
    return Uint8Array.fromBase64(nativeBtoa(nativeUnescape(encodeURIComponent(str.toWellFormed()))));
  }
  const out = new Uint8Array(utf8Length(str));
  utf8Write(str, out);
  return out;
}

// Valid, complete UTF-8 decoded natively; null when the native path is missing or refuses.
function fastDecode(view) {
  if (!nativeCodec) return null;
  const binary = nativeAtob(view.toBase64());
  if (!NON_ASCII.test(binary)) return binary;
  try {
    return decodeURIComponent(nativeEscape(binary));
  } catch {
    return null;
  }
}

// Where an unfinished multi-byte sequence starts at the end of bytes[start:end] (end if none).
function completeEnd(bytes, start, end) {
  for (let i = end - 1; i >= start && i >= end - 3; i--) {
    const byte = bytes[i];
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0 && end - i < (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2)) return i;
    return end;
  }
  return end;
}

const FATAL_MESSAGE = 'The encoded data was not valid for encoding utf-8';
const freshState = () => [0, 0, 0, 0x80, 0xbf];

function resetState(state) {
  state[0] = state[1] = state[2] = 0;
  state[3] = 0x80;
  state[4] = 0xbf;
}

// The WHATWG UTF-8 decoder over bytes[start:end]. `state` = [bytesNeeded, bytesSeen,
// codePoint, lowerBoundary, upperBoundary] carries an unfinished sequence between calls.
// With stopWhenClean it returns as soon as no sequence is pending. Returns [text, next].
function decodeSlow(bytes, start, end, state, fatal, stopWhenClean) {
  let [needed, seen, code, lower, upper] = state;
  const units = new Array(Math.min(CHUNK + 1, end - start + 1));
  let n = 0;
  let text = '';
  const fail = () => {
    resetState(state);
    throw nodeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA', FATAL_MESSAGE);
  };
  let i = start;
  for (; i < end; i++) {
    const byte = bytes[i];
    if (needed === 0) {
      if (byte < 0x80) {
        units[n++] = byte;
      } else if (byte >= 0xc2 && byte <= 0xdf) {
        needed = 1;
        code = byte & 0x1f;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        if (byte === 0xe0) lower = 0xa0;
        else if (byte === 0xed) upper = 0x9f;
        needed = 2;
        code = byte & 0x0f;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        if (byte === 0xf0) lower = 0x90;
        else if (byte === 0xf4) upper = 0x8f;
        needed = 3;
        code = byte & 0x07;
      } else {
        if (fatal) fail();
        units[n++] = 0xfffd;
      }
    } else if (byte < lower || byte > upper) {
      // A broken sequence: one U+FFFD, then this byte starts afresh.
      needed = seen = code = 0;
      lower = 0x80;
      upper = 0xbf;
      if (fatal) fail();
      units[n++] = 0xfffd;
      if (stopWhenClean) break;
      i--;
    } else {
      lower = 0x80;
      upper = 0xbf;
      code = (code << 6) | (byte & 0x3f);
      if (++seen === needed) {
        if (code > 0xffff) {
          code -= 0x10000;
          units[n++] = 0xd800 | (code >> 10);
          units[n++] = 0xdc00 | (code & 0x3ff);
        } else {
          units[n++] = code;
        }
        needed = seen = code = 0;
        if (stopWhenClean) { i++; break; }
      }
    }
    if (n >= CHUNK) {
      text += String.fromCharCode.apply(null, n === units.length ? units : units.slice(0, n));
      n = 0;
    }
  }
  state[0] = needed;
  state[1] = seen;
  state[2] = code;
  state[3] = lower;
  state[4] = upper;
  if (n > 0) text += String.fromCharCode.apply(null, n === units.length ? units : units.slice(0, n));
  return [text, i];
}

// Decodes bytes after whatever `state` holds; with flush, an unfinished sequence at the end
// is an error (U+FFFD, or TypeError when fatal), otherwise it stays in `state`.
function utf8Decode(bytes, state, fatal, flush) {
  const end = bytes.length;
  let text = '';
  let start = 0;
  if (state[0] !== 0) [text, start] = decodeSlow(bytes, 0, end, state, fatal, true);
  if (start < end) {
    const cut = flush ? end : completeEnd(bytes, start, end);
    const fast = cut - start > 0 ? fastDecode(bytes.subarray(start, cut)) : null;
    if (fast !== null) {
      text += fast;
      start = cut;
    }
    if (start < end) text += decodeSlow(bytes, start, end, state, fatal, false)[0];
  }
  if (flush && state[0] !== 0) {
    resetState(state);
    if (fatal) throw nodeError(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA', FATAL_MESSAGE);
    text += '\ufffd';
  }
  return text;
}

class TextEncoder {
  get encoding() { return 'utf-8'; }

  encode(input = '') {
    return utf8Encode(`${input}`);
  }

  encodeInto(source, destination) {
    if (!(destination instanceof Uint8Array)) throw invalidArgType('dest', 'Uint8Array', destination);
    const text = `${source}`;
    if (nativeCodec && text.length > 16) {
      const bytes = utf8Encode(text);
      if (bytes.length <= destination.length) {
        destination.set(bytes);
        return { read: text.length, written: bytes.length };
      }
    }
    const [read, written] = utf8Write(text, destination);
    return { read, written };
  }

  [CUSTOM_INSPECT]() { return "{ encoding: 'utf-8' }"; }
}
hostClasses.add(TextEncoder);

const UTF8_LABELS = ['utf-8', 'utf8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'x-unicode20utf8'];

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (isArrayBuffer(input) || isSharedArrayBuffer(input)) return new Uint8Array(input);
  throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "input" argument must be an instance of ArrayBuffer or ArrayBufferView.${describeReceived(input)}`);
}

class TextDecoder {
  #fatal;
  #ignoreBOM;
  #state = freshState();
  #streaming = false;
  #bomChecked = false;

  constructor(label = 'utf-8', options = {}) {
    const name = `${label}`.trim().toLowerCase();
    if (!UTF8_LABELS.includes(name)) {
      throw nodeError(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${label}" encoding is not supported`);
    }
    options = options === null || options === undefined ? {} : options;
    this.#fatal = Boolean(options.fatal);
    this.#ignoreBOM = Boolean(options.ignoreBOM);
  }

  get encoding() { return 'utf-8'; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input = undefined, options = undefined) {
    const bytes = toBytes(input);
    const stream = Boolean(options && options.stream);
    if (!this.#streaming) {
      // A new stream: forget any state of a previous (failed) one.
      resetState(this.#state);
      this.#bomChecked = false;
    }
    this.#streaming = stream;
    let text = utf8Decode(bytes, this.#state, this.#fatal, !stream);
    if (!this.#bomChecked && text.length > 0) {
      this.#bomChecked = true;
      if (!this.#ignoreBOM && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (!stream) this.#bomChecked = false;
    return text;
  }

  [CUSTOM_INSPECT]() {
    return `TextDecoder { encoding: 'utf-8', fatal: ${this.#fatal}, ignoreBOM: ${this.#ignoreBOM} }`;
  }
}
hostClasses.add(TextDecoder);

// Bytes to text in one go, invalid sequences as U+FFFD.
const decodeUTF8 = (bytes) => utf8Decode(bytes, freshState(), false, true);

module.exports = {
  utf8Encode,
  utf8Write,
  decodeUTF8,
  toBytes,
  TextEncoder,
  TextDecoder,
};
}
// ============================================================================== internal/errors.js
function module_internal__errors(exports, require, module, host) {
'use strict';

// Errors like Node's internal ones, and the messages of the common ones.

// inspect is required when a message needs it: it is the heaviest module, and it requires
// modules that require this one.
const lazyInspect = (value, options) => require('internal/util/inspect').inspect(value, options);

// An error like Node's internal ones: `code` property, "TypeError [CODE]: message" stack.
function nodeError(Type, code, message) {
  const error = new Type(message);
  error.name = `${error.name} [${code}]`;
  if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(error, nodeError);
  delete error.name;
  error.code = code;
  Object.defineProperty(error, 'toString', {
    value() { return `${this.name} [${code}]: ${this.message}`; }, writable: true, configurable: true,
  });
  return error;
}

// Node's "Received …" suffix of ERR_INVALID_ARG_TYPE.
function describeReceived(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = value.constructor;
    if (ctor && ctor.name) return ` Received an instance of ${ctor.name}`;
    return ` Received ${lazyInspect(value, { depth: -1 })}`;
  }
  let shown = lazyInspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

function invalidArgType(name, expected, value) {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be of type ${expected}.${describeReceived(value)}`);
}

module.exports = {
  nodeError,
  describeReceived,
  invalidArgType,
};
}
// ================================================================= internal/events/listener_map.js
function module_internal__events__listener_map(exports, require, module, host) {
'use strict';

// The listener lists behind an event emitter's methods: event → listeners in calling order,
// and once() wrappers that remove themselves. The emitter's methods stay with the emitter
// (they return it, and check their arguments); process is the first user.

class ListenerMap {
  #lists = new Map(); // event → [listener]

  add(event, listener, prepend) {
    const list = this.#lists.get(event);
    if (list === undefined) this.#lists.set(event, [listener]);
    else if (prepend) list.unshift(listener);
    else list.push(listener);
  }

  // Removes the last registration of listener, or else the first once() wrapper around it.
  remove(event, listener) {
    const list = this.#lists.get(event);
    if (list !== undefined) {
      const index = list.lastIndexOf(listener);
      if (index !== -1) list.splice(index, 1);
      else {
        const wrapped = list.findIndex((f) => f.listener === listener);
        if (wrapped !== -1) list.splice(wrapped, 1);
      }
    }
  }

  // A listener that removes itself from event, then calls listener (its `listener`).
  wrapOnce(event, listener) {
    const lists = this;
    const wrapper = function (...args) {
      lists.remove(event, wrapper);
      return Reflect.apply(listener, this, args);
    };
    wrapper.listener = listener;
    return wrapper;
  }

  // All events' listeners when event is undefined.
  removeAll(event) {
    if (event === undefined) this.#lists.clear();
    else this.#lists.delete(event);
  }

  // Calls event's listeners (those there when it starts) with `thisArg` and args; false when
  // there are none.
  emit(thisArg, event, args) {
    const list = this.#lists.get(event);
    if (list === undefined || list.length === 0) return false;
    for (const listener of [...list]) Reflect.apply(listener, thisArg, args);
    return true;
  }

  // A copy of event's listeners as registered (once() wrappers included).
  raw(event) {
    return [...(this.#lists.get(event) || [])];
  }

  // As the program registered them (once() wrappers unwrapped).
  listeners(event) {
    return this.raw(event).map((f) => f.listener || f);
  }

  count(event) {
    return (this.#lists.get(event) || []).length;
  }

  eventNames() {
    return [...this.#lists.keys()].filter((event) => this.#lists.get(event).length > 0);
  }
}

module.exports = {
  ListenerMap,
};
}
// ========================================================================== internal/microtasks.js
function module_internal__microtasks(exports, require, module, host) {
'use strict';

// queueMicrotask and process.nextTick (which, in esmload, is a microtask too).

const { checkCallback } = require('internal/validators');

// The engine's queueMicrotask, captured when this module is first required: bootstrap does
// that before it installs the prelude's own as the global.
const nativeQueueMicrotask = typeof globalThis.queueMicrotask === 'function' ? globalThis.queueMicrotask : null;
const enqueueJob = nativeQueueMicrotask !== null
  ? (job) => nativeQueueMicrotask(job)
  : (job) => { Promise.resolve().then(job); };

// Exceptions in queued callbacks are uncaught errors (like Node), not promise rejections.
function queueMicrotask(callback) {
  checkCallback(callback);
  enqueueJob(() => {
    try { callback(); } catch (error) { host.reportError(error); }
  });
}

function nextTick(callback, ...args) {
  checkCallback(callback);
  enqueueJob(() => {
    try { Reflect.apply(callback, undefined, args); } catch (error) { host.reportError(error); }
  });
}

module.exports = {
  enqueueJob,
  queueMicrotask,
  nextTick,
};
}
// ============================================================================= internal/process.js
function module_internal__process(exports, require, module, host) {
'use strict';

// The process object: argv, env, exit codes and 'exit' handlers, events, nextTick, hrtime, …

const { nodeError, invalidArgType } = require('internal/errors');
const { checkCallback } = require('internal/validators');
const { ListenerMap } = require('internal/events/listener_map');
const { nextTick } = require('internal/microtasks');
const { emitWarning } = require('internal/process/warning');
const { makeStream, makeStdin } = require('internal/process/stdio');

const listeners = new ListenerMap();
let exiting = false;

function addListener(event, listener, prepend) {
  checkCallback(listener);
  listeners.add(event, listener, prepend);
  return process;
}

function removeListener(event, listener) {
  listeners.remove(event, listener);
  return process;
}

function hrtime(previous) {
  const ns = host.now() * 1e6;
  let sec = Math.floor(ns / 1e9);
  let nsec = Math.floor(ns - sec * 1e9);
  if (previous !== undefined) {
    if (!Array.isArray(previous)) throw invalidArgType('time', 'an instance of Array', previous);
    sec -= previous[0];
    nsec -= previous[1];
    if (nsec < 0) {
      sec -= 1;
      nsec += 1e9;
    }
  }
  return [sec, nsec];
}
hrtime.bigint = () => BigInt(Math.floor(host.now() * 1e6));

function exitCodeValue() {
  const code = process.exitCode;
  if (code === undefined || code === null) return 0;
  const number = Number(code);
  return Number.isNaN(number) ? 0 : number | 0;
}

// 'exit' listeners run once, with the exit code as argument; they may still change
// process.exitCode. A non-zero code from the host (an uncaught error) becomes exitCode, as
// in Node; a natural end leaves it undefined. Returns the final exit code.
function runExitHandlers(code) {
  if (exiting) return exitCodeValue();
  exiting = true;
  if ((process.exitCode === undefined || process.exitCode === null) && code) process.exitCode = code;
  for (const listener of listeners.raw('exit')) listener.call(process, exitCodeValue());
  return exitCodeValue();
}

const process = {
  title: 'esmload',
  version: 'v0.0.0-esmload',
  versions: host.versions ? { ...host.versions } : { esmload: '0.0.0', quickjs: 'unknown' },
  arch: host.arch || 'x64',
  platform: host.platform,
  release: { name: 'esmload' },
  argv: [...host.argv],
  argv0: 'esmload',
  execArgv: [],
  execPath: host.argv[0] || '',
  env: { ...host.env },
  pid: host.pid,
  ppid: 0,
  exitCode: undefined,
  features: {},
  config: { variables: {} },
  cwd: () => host.cwd(),
  chdir() {
    throw nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'process.chdir() is not supported by esmload');
  },
  umask: () => 0o22,
  uptime: () => host.now() / 1000,
  hrtime,
  memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
  cpuUsage: () => ({ user: 0, system: 0 }),
  nextTick,
  emitWarning,
  exit(code) {
    if (code !== undefined) process.exitCode = code;
    runExitHandlers(exitCodeValue());
    host.exit(exitCodeValue());
  },
  abort() { host.exit(134); },
  kill() { return true; },
  on: (event, listener) => addListener(event, listener, false),
  addListener: (event, listener) => addListener(event, listener, false),
  prependListener: (event, listener) => addListener(event, listener, true),
  once: (event, listener) => addListener(event, listeners.wrapOnce(event, listener), false),
  prependOnceListener: (event, listener) => addListener(event, listeners.wrapOnce(event, listener), true),
  off: removeListener,
  removeListener,
  removeAllListeners(event) {
    listeners.removeAll(event);
    return process;
  },
  emit(event, ...args) {
    return listeners.emit(process, event, args);
  },
  listeners: (event) => listeners.listeners(event),
  listenerCount: (event) => listeners.count(event),
  eventNames: () => listeners.eventNames(),
  setMaxListeners() { return process; },
  getMaxListeners: () => 10,
  get [Symbol.toStringTag]() { return 'process'; },
};
let stdin;
let stdout;
let stderr;
Object.defineProperties(process, {
  stdin: { get: () => (stdin ??= makeStdin()), configurable: true, enumerable: true },
  stdout: { get: () => (stdout ??= makeStream(1)), configurable: true, enumerable: true },
  stderr: { get: () => (stderr ??= makeStream(2)), configurable: true, enumerable: true },
});

module.exports = {
  process,
  exitCodeValue,
  runExitHandlers,
};
}
// ======================================================================= internal/process/stdio.js
function module_internal__process__stdio(exports, require, module, host) {
'use strict';

// process.stdin, process.stdout and process.stderr.

const { invalidArgType } = require('internal/errors');
const { isArrayBuffer } = require('internal/util/types');
const { enqueueJob } = require('internal/microtasks');
const { decodeUTF8, toBytes } = require('internal/encoding');

const writeChunk = (fd, chunk) => {
  if (typeof chunk === 'string') host.write(fd, chunk);
  else if (ArrayBuffer.isView(chunk)) host.write(fd, decodeUTF8(toBytes(chunk)));
  else if (isArrayBuffer(chunk)) host.write(fd, decodeUTF8(new Uint8Array(chunk)));
  else throw invalidArgType('chunk', 'string or an instance of Buffer or Uint8Array', chunk);
};

// Like Node's: true for a terminal, undefined (not false) otherwise.
const ttyFlag = (fd) => (typeof host.isatty === 'function' && host.isatty(fd) ? true : undefined);

// A minimal writable stream for fd 1 and 2: write() is synchronous and always returns true.
// Event methods exist so that code listening for 'error' or 'drain' does not crash.
function makeStream(fd) {
  let tty = null;
  const stream = {
    fd,
    writable: true,
    get isTTY() {
      if (tty === null) tty = ttyFlag(fd);
      return tty;
    },
    write(chunk, encoding, callback) {
      writeChunk(fd, chunk);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') enqueueJob(() => done(null));
      return true;
    },
    end(chunk, encoding, callback) {
      if (typeof chunk === 'function') callback = chunk;
      else if (chunk !== undefined && chunk !== null) writeChunk(fd, chunk);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') enqueueJob(() => done());
      return stream;
    },
    getColorDepth: () => 1,
    hasColors: () => false,
    cork() {},
    uncork() {},
    setEncoding() { return stream; },
    on() { return stream; },
    once() { return stream; },
    off() { return stream; },
    addListener() { return stream; },
    removeListener() { return stream; },
    removeAllListeners() { return stream; },
    emit() { return false; },
    listenerCount: () => 0,
  };
  return stream;
}

// Reading stdin is not supported: an object that reads as an empty, ended stream.
const makeStdin = () => {
  const stdin = makeStream(0);
  delete stdin.write;
  delete stdin.end;
  stdin.writable = false;
  stdin.readable = false;
  stdin.read = () => null;
  stdin.pause = stdin.resume = () => stdin;
  return stdin;
};

module.exports = {
  makeStream,
  makeStdin,
};
}
// ===================================================================== internal/process/warning.js
function module_internal__process__warning(exports, require, module, host) {
'use strict';

const { enqueueJob } = require('internal/microtasks');

// process.emitWarning: on the next tick, a 'warning' event with an Error named after the
// type, and a line on stderr ("(esmload:PID) Warning: …", where Node says "(node:PID)").
function emitWarning(warning, type, code) {
  if (type !== null && typeof type === 'object') {
    code = type.code;
    type = type.type;
  }
  if (!(warning instanceof Error)) {
    const message = `${warning}`;
    warning = new Error(message);
    warning.name = typeof type === 'string' ? type : 'Warning';
    if (code !== undefined) warning.code = code;
  }
  enqueueJob(() => {
    // Required here: internal/process requires this module.
    const { process } = require('internal/process');
    process.emit('warning', warning);
    const prefix = warning.code ? `[${warning.code}] ` : '';
    host.write(2, `(esmload:${host.pid}) ${prefix}${warning.name}: ${warning.message}\n`);
  });
}

module.exports = {
  emitWarning,
};
}
// =============================================================================== internal/stack.js
function module_internal__stack(exports, require, module, host) {
'use strict';

// V8-style `stack` ("Name: message\n    at fn (file:line:col)"), which libraries and error
// reports expect; QuickJS alone gives only the frames. Module frames print as file: URLs,
// like Node's; the prelude's own frames ("esmload:…") are hidden.

// A file: URL of an absolute path, as Node prints module frames.
const fileURL = (path) => 'file://' + encodeURI(path).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));

// CommonJS files (internal/modules/cjs/loader adds them): Node prints their frames by path,
// and a module's top-level code (its wrapper function, named so in fetch/commonjs.py) as
// `Object.<anonymous>`.
const commonjsFiles = new Set();
const WRAPPER_NAME = '__esmload_commonjs_module__';

// The engine's link failures (a missing, ambiguous or circular export): QuickJS creates the
// SyntaxError with no JavaScript frames, and the host (esmload/link/link_errors.py) answers
// [Node's message, the `file:line`, source and caret lines Node prints above it, the index of
// the Python error], or null.
let linkMessage;
function explainLinkError(error, frames) {
  if (frames.length !== 0 || !(error instanceof SyntaxError) || typeof error.message !== 'string') {
    return null;
  }
  linkMessage ??= new RegExp("^(?:Could not find export '|circular reference when looking for " +
    "export '|circular import: binding '|export '[^]*' in module '[^]*' is ambiguous$)");
  if (!linkMessage.test(error.message)) return null;
  const found = host.explainLinkError(error.message);
  if (!found) return null;
  error.message = found[0];
  Object.defineProperty(error, '__esmloadPyError', { value: found[2], configurable: true });
  return found[1];
}

// V8's call sites have methods QuickJS's lack; libraries call them (depd: isEval and
// getEvalOrigin). What they answer for code that is not eval'd.
const CALL_SITE_DEFAULTS = {
  getEvalOrigin: undefined, getMethodName: null, getPromiseIndex: null,
  getScriptNameOrSourceURL: undefined, getThis: undefined, getTypeName: null, isAsync: false,
  isEval: false, isPromiseAll: false, isToplevel: true,
};

function completeCallSites() {
  const saved = Error.prepareStackTrace;
  const holder = {};
  Error.prepareStackTrace = (_, frames) => frames;
  try {
    Error.captureStackTrace(holder);
  } finally {
    Error.prepareStackTrace = saved;
  }
  const site = Array.isArray(holder.stack) ? holder.stack[0] : undefined;
  if (site === undefined) return;
  const proto = Object.getPrototypeOf(site);
  for (const [name, value] of Object.entries(CALL_SITE_DEFAULTS)) {
    if (name in proto) continue;
    const method = function () { return value; };
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true });
  }
}

// Installed by bootstrap before anything else runs.
function installStackTraces() {
  Error.prepareStackTrace = (error, frames) => {
    const arrow = explainLinkError(error, frames);
    if (arrow !== null) return arrow + formatStack(error, frames);
    return formatStack(error, frames);
  };
  // Only code that installs its own prepareStackTrace sees call sites: complete them then,
  // not at every start. The engine's accessor keeps doing the work.
  const engine = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  if (!engine || typeof engine.set !== 'function') {
    completeCallSites();
    return;
  }
  let completed = false;
  Object.defineProperty(Error, 'prepareStackTrace', {
    get: engine.get,
    set(value) {
      Reflect.apply(engine.set, this, [value]);
      if (!completed) {
        completed = true;
        completeCallSites();
      }
    },
    configurable: true,
  });
}

function formatStack(error, frames) {
  let head;
  try { head = Error.prototype.toString.call(error); } catch { head = 'Error'; }
  const lines = [head];
  for (const frame of frames) {
    const file = frame.getFileName();
    let name = frame.getFunctionName();
    if (name === '<anonymous>' || name === '<eval>') name = null;
    if (file === null || file === undefined) {
      lines.push(`    at ${name || '<anonymous>'} (native)`);
    } else if (file.startsWith('esmload:')) {
      continue;
    } else {
      if (name === WRAPPER_NAME) name = 'Object.<anonymous>';
      const url = file.startsWith('/') && !commonjsFiles.has(file) ? fileURL(file) : file;
      const where = `${url}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
      lines.push(name ? `    at ${name} (${where})` : `    at ${where}`);
    }
  }
  return lines.join('\n');
}

module.exports = {
  commonjsFiles,
  fileURL,
  installStackTraces,
};
}
// ==================================================================== internal/structured_clone.js
function module_internal__structured_clone(exports, require, module, host) {
'use strict';

// structuredClone: deep copies of plain data (objects, arrays, primitives and their boxes,
// dates, regular expressions, buffers and views, maps, sets, errors), cycles kept.

const { hasOwn } = require('internal/util');
const { nodeError } = require('internal/errors');
const {
  isMap, isSet, typedArrayTag, isRegExp, isDate, isError, isArrayBuffer, isDataView, isPromise,
  boxedType,
} = require('internal/util/types');
const { constructorName } = require('internal/util/inspect');

function dataCloneError(message) {
  if (typeof DOMException === 'function') return new DOMException(message, 'DataCloneError');
  const error = new Error(message);
  error.name = 'DataCloneError';
  return error;
}

const ERROR_TYPES = ['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];

function structuredClone(value, options) {
  const memory = new Map();
  const clone = (input) => {
    if (typeof input === 'function') {
      throw dataCloneError(`${Function.prototype.toString.call(input)} could not be cloned.`);
    }
    if (typeof input === 'symbol') throw dataCloneError(`${input.toString()} could not be cloned.`);
    if (input === null || typeof input !== 'object') return input;
    if (memory.has(input)) return memory.get(input);
    let copy;
    let copyKeys = true;
    const boxed = boxedType(input);
    if (Array.isArray(input)) {
      copy = new Array(input.length);
    } else if (boxed !== '') {
      if (boxed === 'Symbol') throw dataCloneError('Symbol could not be cloned.');
      copy = Object(globalThis[boxed].prototype.valueOf.call(input));
      copyKeys = false;
    } else if (isDate(input, true)) {
      copy = new Date(Date.prototype.getTime.call(input));
      copyKeys = false;
    } else if (isRegExp(input, true)) {
      copy = new RegExp(input.source, input.flags);
      copyKeys = false;
    } else if (isArrayBuffer(input, true)) {
      copy = ArrayBuffer.prototype.slice.call(input, 0);
      copyKeys = false;
    } else if (ArrayBuffer.isView(input)) {
      const buffer = clone(input.buffer);
      const Ctor = isDataView(input, true) ? DataView : globalThis[typedArrayTag(input)];
      copy = new Ctor(buffer, input.byteOffset, isDataView(input, true) ? input.byteLength : input.length);
      copyKeys = false;
    } else if (isMap(input, true)) {
      copy = new Map();
      memory.set(input, copy);
      for (const [k, v] of Map.prototype.entries.call(input)) copy.set(clone(k), clone(v));
      return copy;
    } else if (isSet(input, true)) {
      copy = new Set();
      memory.set(input, copy);
      for (const v of Set.prototype.values.call(input)) copy.add(clone(v));
      return copy;
    } else if (isError(input)) {
      const name = ERROR_TYPES.includes(input.name) ? input.name : 'Error';
      copy = new globalThis[name]();
      memory.set(input, copy);
      const hidden = (key, v) => Object.defineProperty(copy, key, { value: v, writable: true, configurable: true, enumerable: false });
      if (hasOwn(input, 'message')) hidden('message', String(input.message));
      hidden('stack', typeof input.stack === 'string' ? input.stack : undefined);
      if (hasOwn(input, 'cause')) hidden('cause', clone(input.cause));
      return copy;
    } else if (isPromise(input) || input instanceof WeakMap || input instanceof WeakSet ||
               (typeof WeakRef === 'function' && input instanceof WeakRef)) {
      throw dataCloneError(`#<${constructorName(input, { depth: 0 }, 0) || 'Object'}> could not be cloned.`);
    } else {
      copy = {};
    }
    memory.set(input, copy);
    if (copyKeys) for (const key of Object.keys(input)) copy[key] = clone(input[key]);
    return copy;
  };
  if (arguments.length === 0) {
    throw nodeError(TypeError, 'ERR_MISSING_ARGS', 'The "value" argument must be specified');
  }
  void options;
  return clone(value);
}

module.exports = {
  structuredClone,
};
}
// ============================================================================== internal/timers.js
function module_internal__timers(exports, require, module, host) {
'use strict';

// setTimeout, setInterval, setImmediate and their handles. The host keeps the schedule: it
// calls fireTimer(id) (an entry point of the prelude) when a timer is due.

const { hostClasses } = require('internal/util');
const { checkCallback } = require('internal/validators');

let lastTimerId = 0;
const activeTimers = new Map(); // id → Timeout/Immediate waiting to fire
let runTimer; // (timer) → void, set inside Timeout where its private fields are visible
let stopTimer;

function clampDelay(delay) {
  const ms = delay * 1; // like Node: numeric strings count, anything else becomes 1
  return ms >= 1 && ms <= 2147483647 ? ms : 1;
}

// Node's Timeout: ref/unref/hasRef/refresh/close, and a numeric id as its primitive value.
class Timeout {
  #id;
  #callback;
  #args;
  #delay;
  #repeat;
  #refed = true;
  #cleared = false;

  constructor(callback, delay, args, repeat) {
    this.#id = ++lastTimerId;
    this.#callback = callback;
    this.#args = args;
    this.#delay = delay;
    this.#repeat = repeat;
    this.#arm();
  }

  #arm() {
    activeTimers.set(this.#id, this);
    host.scheduleTimer(this.#id, this.#delay, this.#refed);
  }

  ref() {
    if (!this.#refed) {
      this.#refed = true;
      if (activeTimers.has(this.#id)) host.refTimer(this.#id, true);
    }
    return this;
  }

  unref() {
    if (this.#refed) {
      this.#refed = false;
      if (activeTimers.has(this.#id)) host.refTimer(this.#id, false);
    }
    return this;
  }

  hasRef() { return this.#refed; }

  // Restart the countdown; re-arms a timer that has already fired, not a cleared one.
  refresh() {
    if (!this.#cleared) this.#arm();
    return this;
  }

  close() {
    stopTimer(this);
    return this;
  }

  [Symbol.toPrimitive]() { return this.#id; }

  static {
    runTimer = (timer) => {
      if (!timer.#repeat) activeTimers.delete(timer.#id);
      try {
        const args = timer.#args;
        if (args.length === 0) timer.#callback.call(timer);
        else Reflect.apply(timer.#callback, timer, args);
      } finally {
        // An interval is rescheduled after its callback (unless it was cleared), even if the
        // callback threw: the host decides what an uncaught error means.
        if (timer.#repeat && !timer.#cleared) timer.#arm();
      }
    };
    stopTimer = (timer) => {
      timer.#cleared = true;
      if (activeTimers.get(timer.#id) === timer) {
        activeTimers.delete(timer.#id);
        host.cancelTimer(timer.#id);
      }
    };
  }
}
hostClasses.add(Timeout);

// setImmediate's handle, like Node's Immediate: ref/unref/hasRef, refresh does nothing,
// clearTimeout ignores it.
class Immediate extends Timeout {
  refresh() { return this; }
}
hostClasses.add(Immediate);

function fireTimer(id) {
  const timer = activeTimers.get(id);
  if (timer !== undefined) runTimer(timer);
}

function clearTimer(timer) {
  if (timer === null || timer === undefined) return;
  if (timer instanceof Timeout) {
    if (!(timer instanceof Immediate)) stopTimer(timer);
    return;
  }
  if (typeof timer === 'number' || typeof timer === 'string') {
    const found = activeTimers.get(Number(timer));
    if (found !== undefined && !(found instanceof Immediate)) stopTimer(found);
  }
}

function setTimeout(callback, delay, ...args) {
  checkCallback(callback);
  return new Timeout(callback, clampDelay(delay), args, false);
}

function setInterval(callback, delay, ...args) {
  checkCallback(callback);
  return new Timeout(callback, clampDelay(delay), args, true);
}

// Delay 0: after pending microtasks, before timers scheduled at the same time.
function setImmediate(callback, ...args) {
  checkCallback(callback);
  return new Immediate(callback, 0, args, false);
}

function clearImmediate(immediate) {
  if (immediate instanceof Immediate) stopTimer(immediate);
}

module.exports = {
  Timeout,
  Immediate,
  setTimeout,
  setInterval,
  setImmediate,
  clearTimer,
  clearImmediate,
  fireTimer,
};
}
// ================================================================================= internal/url.js
function module_internal__url(exports, require, module, host) {
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
}
// ================================================================================ internal/util.js
function module_internal__util(exports, require, module, host) {
'use strict';

// Small helpers shared by the internal modules.

const hasOwn = Object.hasOwn;
const getProto = Object.getPrototypeOf;
const getDescriptor = Object.getOwnPropertyDescriptor;
const isEnumerable = (obj, key) => Object.prototype.propertyIsEnumerable.call(obj, key);
const classOf = (value) => Object.prototype.toString.call(value).slice(8, -1);

// The symbol of custom inspect methods, shared with Node (`util.inspect.custom`).
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// The prelude's classes: its cached bytecode has no source text, which is how inspect
// tells a class from a function. Every class the prelude exposes is added here.
const hostClasses = new WeakSet();

// Node's globals are writable and configurable; some are enumerable (timers, global), others
// not (console, process, classes). Test frameworks that look for leaked globals notice.
const define = (target, name, value, enumerable = false) =>
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable });

module.exports = {
  hasOwn,
  getProto,
  getDescriptor,
  isEnumerable,
  classOf,
  customInspectSymbol,
  hostClasses,
  define,
};
}
// ========================================================================= internal/util/format.js
function module_internal__util__format(exports, require, module, host) {
'use strict';

// util.format: printf-like substitutions (%s %d %i %f %j %o %O %c %%), the other arguments
// inspected and joined with spaces. console's methods format their arguments this way.

const { hasOwn, getProto, getDescriptor } = require('internal/util');
const { inspect, formatNumber } = require('internal/util/inspect');

let builtinNames = null;
// Objects whose toString is the built-in one are inspected by %s; others are stringified.
function hasBuiltInToString(value) {
  if (typeof value.toString !== 'function') return true;
  if (hasOwn(value, 'toString')) return false;
  let pointer = value;
  do { pointer = getProto(pointer); } while (pointer !== null && !hasOwn(pointer, 'toString'));
  if (pointer === null) return true;
  const desc = getDescriptor(pointer, 'constructor');
  builtinNames ??= new Set(('Object Function Array Number Boolean String Symbol Date Promise RegExp Error ' +
    'AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError ArrayBuffer ' +
    'SharedArrayBuffer DataView Map Set WeakMap WeakSet WeakRef FinalizationRegistry BigInt Proxy ' +
    'Uint8Array Int8Array Uint16Array Int16Array Uint32Array Int32Array Float32Array Float64Array ' +
    'Uint8ClampedArray BigUint64Array BigInt64Array Iterator').split(' '));
  return desc !== undefined && typeof desc.value === 'function' && builtinNames.has(desc.value.name);
}

function formatWithOptions(inspectOptions, args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';
  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let lastPos = 0;
    let text;
    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const next = first.charCodeAt(++i);
      if (a + 1 !== args.length) {
        switch (next) {
          case 115: { // 's'
            const arg = args[++a];
            if (typeof arg === 'number') text = formatNumber(arg);
            else if (typeof arg === 'bigint') text = `${arg}n`;
            else if (typeof arg !== 'object' || arg === null || !hasBuiltInToString(arg)) text = String(arg);
            else text = inspect(arg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
            break;
          }
          case 106: // 'j'
            text = stringifyForFormat(args[++a]);
            break;
          case 100: { // 'd'
            const arg = args[++a];
            if (typeof arg === 'bigint') text = `${arg}n`;
            else if (typeof arg === 'symbol') text = 'NaN';
            else text = formatNumber(Number(arg));
            break;
          }
          case 79: // 'O'
            text = inspect(args[++a], inspectOptions);
            break;
          case 111: // 'o'
            text = inspect(args[++a], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
            break;
          case 105: { // 'i'
            const arg = args[++a];
            if (typeof arg === 'bigint') text = `${arg}n`;
            else if (typeof arg === 'symbol') text = 'NaN';
            else text = formatNumber(Number.parseInt(arg));
            break;
          }
          case 102: { // 'f'
            const arg = args[++a];
            text = typeof arg === 'symbol' ? 'NaN' : formatNumber(Number.parseFloat(arg));
            break;
          }
          case 99: // 'c': CSS, ignored
            a += 1;
            text = '';
            break;
          case 37: // '%%'
            str += first.slice(lastPos, i);
            lastPos = i + 1;
            continue;
          default:
            continue;
        }
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += text;
        lastPos = i + 1;
      } else if (next === 37) {
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }
  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
    join = ' ';
    a++;
  }
  return str;
}

function stringifyForFormat(value) {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (error instanceof TypeError && /circular|cyclic/i.test(error.message)) return '[Circular]';
    throw error;
  }
}

const format = (...args) => formatWithOptions(undefined, args);

// What Node prints for an uncaught thrown value that is not an Error: strings raw, other
// primitives and objects inspected (Node prints nothing for a symbol). Errors print like
// console.error(error).
function formatUncaught(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'symbol') return '';
  return inspect(value);
}

module.exports = {
  format,
  formatWithOptions,
  formatUncaught,
};
}
// ======================================================================== internal/util/inspect.js
function module_internal__util__inspect(exports, require, module, host) {
'use strict';

// A re-implementation of the output of Node 20's util.inspect with default options (no
// colors): same prefixes, quoting, depth, circular markers, line breaking and array grouping.

const {
  hasOwn, getProto, getDescriptor, isEnumerable, classOf, customInspectSymbol: CUSTOM_INSPECT,
  hostClasses,
} = require('internal/util');
const { stringWidth } = require('internal/util/string_width');
const {
  getIntrinsics, isMap, isSet, typedArrayTag, isRegExp, isDate, isError, isArrayBuffer,
  isSharedArrayBuffer, isDataView, isPromise, boxedType,
} = require('internal/util/types');

const OBJECT_TYPE = 0; // properties of objects: `key: value`
const ARRAY_TYPE = 1; // array items: value only
const ARRAY_EXTRAS_TYPE = 2; // extra keys of arrays: `key: value`, array grouping applies
const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const INDEX_KEY = /^(0|[1-9][0-9]*)$/;
const OPTION_NAMES = ['showHidden', 'depth', 'colors', 'customInspect', 'showProxy', 'maxArrayLength',
  'maxStringLength', 'breakLength', 'compact', 'sorted', 'getters', 'numericSeparator'];
const stylizeNoColor = (text) => text;

// inspect.defaultOptions: the options every call starts from (console's too).
const inspectDefaultOptions = {
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
};

function inspect(value, opts) {
  const ctx = {
    budget: {},
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    circular: undefined,
    ...inspectDefaultOptions,
    userOptions: undefined,
  };
  if (arguments.length > 1) {
    if (typeof opts === 'boolean') {
      // Legacy signature: inspect(value, showHidden, depth, colors).
      ctx.showHidden = opts;
      if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
    } else if (opts !== null && typeof opts === 'object') {
      for (const key of Object.keys(opts)) {
        if (OPTION_NAMES.includes(key)) ctx[key] = opts[key];
        else if (key !== 'stylize') (ctx.userOptions ??= {})[key] = opts[key];
      }
    }
  }
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}
inspect.custom = CUSTOM_INSPECT;
Object.defineProperty(inspect, 'defaultOptions', {
  get() { return inspectDefaultOptions; },
  set(options) {
    if (options === null || typeof options !== 'object') {
      throw require('internal/errors').invalidArgType('options', 'object', options);
    }
    Object.assign(inspectDefaultOptions, options);
  },
});

// What a custom [inspect.custom](depth, options, inspect) method receives as options.
function userOptions(ctx) {
  const options = { stylize: stylizeNoColor };
  for (const key of OPTION_NAMES) options[key] = ctx[key];
  return ctx.userOptions ? Object.assign(options, ctx.userOptions) : options;
}

function formatValue(ctx, value, depth, typedArray) {
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(value, ctx);
  if (value === null) return 'null';
  if (ctx.customInspect) {
    const custom = value[CUSTOM_INSPECT];
    if (typeof custom === 'function' && custom !== inspect && !isPrototypeObject(value)) {
      const remaining = ctx.depth === null ? null : ctx.depth - depth;
      const result = custom.call(value, remaining, userOptions(ctx), inspect);
      if (result !== value) {
        if (typeof result !== 'string') return formatValue(ctx, result, depth);
        return result.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
      }
    }
  }
  if (ctx.seen.includes(value)) {
    ctx.circular ??= new Map();
    let index = ctx.circular.get(value);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(value, index);
    }
    return `[Circular *${index}]`;
  }
  return formatRaw(ctx, value, depth, typedArray);
}

// `Foo.prototype` is not formatted with Foo's custom inspect method.
function isPrototypeObject(value) {
  const desc = getDescriptor(value, 'constructor');
  return desc !== undefined && typeof desc.value === 'function' && desc.value.prototype === value;
}

// ------------------------------------------------------------------ primitives
const ESCAPES = ['\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', '\\x07', '\\b', '\\t',
  '\\n', '\\x0B', '\\f', '\\r', '\\x0E', '\\x0F', '\\x10', '\\x11', '\\x12', '\\x13', '\\x14', '\\x15',
  '\\x16', '\\x17', '\\x18', '\\x19', '\\x1A', '\\x1B', '\\x1C', '\\x1D', '\\x1E', '\\x1F'];
const NEEDS_ESCAPE = /[\x00-\x1f\x27\x5c\x7f-\x9f\ud800-\udfff]/;

// A string in quotes: single quotes unless the string has some and another kind is free.
function quote(str) {
  let q = "'";
  if (str.includes("'")) {
    if (!str.includes('"')) q = '"';
    else if (!str.includes('`') && !str.includes('${')) q = '`';
  }
  return q + escapeString(str, q === "'") + q;
}

// Control characters, backslashes, C1 controls and lone surrogates escaped (and single
// quotes, when they delimit the string).
function escapeString(str, singleQuote) {
  if (!NEEDS_ESCAPE.test(str)) return str;
  let out = '';
  let last = 0;
  for (let i = 0; i < str.length; i++) {
    const code = str.charCodeAt(i);
    let escaped;
    if (code < 0x20) escaped = ESCAPES[code];
    else if (code === 0x27) { if (singleQuote) escaped = "\\'"; }
    else if (code === 0x5c) escaped = '\\\\';
    else if (code >= 0x7f && code <= 0x9f) escaped = `\\x${code.toString(16).toUpperCase()}`;
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = str.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
      escaped = `\\u${code.toString(16)}`;
    }
    if (escaped !== undefined) {
      out += str.slice(last, i) + escaped;
      last = i + 1;
    }
  }
  return out + str.slice(last);
}

const formatNumber = (n) => (Object.is(n, -0) ? '-0' : `${n}`);

function formatPrimitive(value, ctx) {
  switch (typeof value) {
    case 'string': {
      let trailer = '';
      if (value.length > ctx.maxStringLength) {
        const remaining = value.length - ctx.maxStringLength;
        value = value.slice(0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
      }
      // Long strings are printed one line per line, joined with `+`.
      if (ctx.compact !== true && value.length > 16 && value.length > ctx.breakLength - ctx.indentationLvl - 4) {
        return value.split(/(?<=\n)/).map(quote).join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
      }
      return quote(value) + trailer;
    }
    case 'number': return formatNumber(value);
    case 'bigint': return `${value}n`;
    case 'boolean': return `${value}`;
    case 'undefined': return 'undefined';
    default: return Symbol.prototype.toString.call(value);
  }
}

// ------------------------------------------------------------------ names and prefixes
function isInstance(obj, ctor) {
  try { return obj instanceof ctor; } catch { return false; }
}

// The name of the nearest constructor whose prototype `obj` really inherits; null for
// null-prototype objects.
function constructorName(obj, ctx, depth) {
  let firstProto;
  let current = obj;
  while (current !== null && current !== undefined) {
    const desc = getDescriptor(current, 'constructor');
    if (desc !== undefined && typeof desc.value === 'function' && desc.value.name !== '' &&
        isInstance(obj, desc.value)) {
      return String(desc.value.name);
    }
    current = getProto(current);
    if (firstProto === undefined) firstProto = current;
  }
  if (firstProto === null) return null;
  const internal = classOf(obj);
  if (ctx.depth !== null && depth > ctx.depth) return `${internal} <Complex prototype>`;
  const protoName = constructorName(firstProto, ctx, depth + 1);
  if (protoName === null) {
    const shown = inspect(firstProto, { ...userOptions(ctx), customInspect: false, depth: -1 });
    return `${internal} <${shown}>`;
  }
  return `${internal} <${protoName}>`;
}

function getPrefix(ctor, tag, fallback, size = '') {
  if (ctor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && ctor !== tag) return `${ctor}${size} [${tag}] `;
  return `${ctor}${size} `;
}

// Own enumerable keys (all own keys with showHidden), symbols last.
function getKeys(value, showHidden) {
  let keys;
  const symbols = Object.getOwnPropertySymbols(value);
  if (showHidden) {
    keys = Object.getOwnPropertyNames(value);
    if (symbols.length !== 0) keys.push(...symbols);
  } else {
    try {
      keys = Object.keys(value);
    } catch {
      keys = Object.getOwnPropertyNames(value); // a module namespace with bindings in TDZ
    }
    for (const sym of symbols) if (isEnumerable(value, sym)) keys.push(sym);
  }
  return keys;
}

// Keys of an array-like other than its indices. Listing the keys of a huge array costs a
// string per element: past 10,000 elements only symbols are looked at.
function nonIndexKeys(value, showHidden) {
  let keys = [];
  if (value.length <= 10000 || showHidden) {
    const names = showHidden ? Object.getOwnPropertyNames(value) : Object.keys(value);
    for (const key of names) {
      if (!INDEX_KEY.test(key) || +key > 4294967294) keys.push(key);
    }
  }
  const symbols = Object.getOwnPropertySymbols(value);
  for (const sym of symbols) if (showHidden || isEnumerable(value, sym)) keys.push(sym);
  if (showHidden && ArrayBuffer.isView(value)) keys = keys.filter((k) => k !== 'length');
  return keys;
}
// ------------------------------------------------------------------ objects
function formatRaw(ctx, value, depth, typedArray) {
  let keys;
  const ctor = constructorName(value, ctx, depth);
  let tag = value[Symbol.toStringTag];
  // A tag that is an own enumerable property is printed as a key already.
  if (typeof tag !== 'string' ||
      (tag !== '' && (ctx.showHidden ? hasOwn : isEnumerable)(value, Symbol.toStringTag))) {
    tag = '';
  }
  const plain = ctor === null; // no prototype to trust: check internal slots
  let base = '';
  let formatter = formatNothing;
  let braces;
  let noIterator = true;
  let extrasType = OBJECT_TYPE;

  if (Symbol.iterator in value || ctor === null) {
    noIterator = false;
    let taTag;
    if (Array.isArray(value)) {
      const prefix = ctor !== 'Array' || tag !== '' ? getPrefix(ctor, tag, 'Array', `(${value.length})`) : '';
      keys = nonIndexKeys(value, ctx.showHidden);
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
      extrasType = ARRAY_EXTRAS_TYPE;
      formatter = formatArray;
    } else if (isSet(value, plain)) {
      const size = getIntrinsics().setSize.call(value);
      const prefix = getPrefix(ctor, tag, 'Set', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatSet;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
    } else if (isMap(value, plain)) {
      const size = getIntrinsics().mapSize.call(value);
      const prefix = getPrefix(ctor, tag, 'Map', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = formatMap;
      if (size === 0 && keys.length === 0) return `${prefix}{}`;
      braces = [`${prefix}{`, '}'];
    } else if ((taTag = typedArrayTag(value)) !== undefined) {
      keys = nonIndexKeys(value, ctx.showHidden);
      let bound = value;
      let fallback = '';
      if (ctor === null) {
        fallback = taTag;
        bound = new globalThis[taTag](value);
      }
      const size = bound.length;
      const prefix = getPrefix(ctor, tag, fallback, `(${size})`);
      braces = [`${prefix}[`, ']'];
      if (size === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
      formatter = (c, v, d) => formatTypedArray(c, bound, d);
      extrasType = ARRAY_EXTRAS_TYPE;
    } else {
      noIterator = true;
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden);
    braces = ['{', '}'];
    let boxed;
    if (ctor === 'Object') {
      if (classOf(value) === 'Arguments') braces[0] = '[Arguments] {';
      else if (tag !== '') braces[0] = `${getPrefix(ctor, tag, 'Object')}{`;
      if (keys.length === 0) return `${braces[0]}}`;
    } else if (typeof value === 'function') {
      base = functionBase(value, ctor, tag);
      if (keys.length === 0) return base;
    } else if (isRegExp(value, plain)) {
      base = RegExp.prototype.toString.call(ctor !== null ? value : new RegExp(value));
      const prefix = getPrefix(ctor, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if (keys.length === 0) return base;
    } else if (isDate(value, plain)) {
      const time = Date.prototype.getTime.call(value);
      base = Number.isNaN(time) ? 'Invalid Date' : Date.prototype.toISOString.call(value);
      const prefix = getPrefix(ctor, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0) return base;
    } else if (isError(value)) {
      base = formatError(value, ctor, tag, ctx, keys);
      if (keys.length === 0) return base;
    } else if (isArrayBuffer(value, plain) || isSharedArrayBuffer(value, plain)) {
      const type = isArrayBuffer(value, plain) ? 'ArrayBuffer' : 'SharedArrayBuffer';
      const prefix = getPrefix(ctor, tag, type);
      if (typedArray === undefined) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0) {
        return `${prefix}{ byteLength: ${formatNumber(value.byteLength)} }`;
      }
      braces[0] = `${prefix}{`;
      keys.unshift('byteLength');
    } else if (isDataView(value, plain)) {
      braces[0] = `${getPrefix(ctor, tag, 'DataView')}{`;
      keys.unshift('byteLength', 'byteOffset', 'buffer');
    } else if (isPromise(value)) {
      braces[0] = `${getPrefix(ctor, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (value instanceof WeakSet) {
      braces[0] = `${getPrefix(ctor, tag, 'WeakSet')}{`;
      formatter = formatWeakCollection;
    } else if (value instanceof WeakMap) {
      braces[0] = `${getPrefix(ctor, tag, 'WeakMap')}{`;
      formatter = formatWeakCollection;
    } else if (ctor === null && tag === 'Module' && classOf(value) === 'Module') {
      braces[0] = `${getPrefix(ctor, tag, 'Module')}{`;
      formatter = (c, v, d) => formatNamespace(c, v, d, keys);
    } else if ((boxed = boxedType(value)) !== '') {
      base = boxedBase(value, ctx, keys, ctor, tag, boxed);
      if (keys.length === 0) return base;
    } else {
      // A null-prototype object is named by its own enumerable toStringTag, as V8 does.
      let fallback = 'Object';
      if (ctor === null && tag === '') {
        const own = getDescriptor(value, Symbol.toStringTag);
        if (own !== undefined && typeof own.value === 'string' && own.value !== '') fallback = own.value;
      }
      if (keys.length === 0) return `${getPrefix(ctor, tag, fallback)}{}`;
      braces[0] = `${getPrefix(ctor, tag, fallback)}{`;
    }
  }

  if (ctx.depth !== null && depth > ctx.depth) {
    let name = getPrefix(ctor, tag, 'Object').slice(0, -1);
    if (ctor !== null) name = `[${name}]`;
    return name;
  }
  depth += 1;
  ctx.seen.push(value);
  ctx.currentDepth = depth;
  let output;
  try {
    output = formatter(ctx, value, depth);
    for (let i = 0; i < keys.length; i++) {
      output.push(formatProperty(ctx, value, depth, keys[i], extrasType));
    }
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    ctx.seen.pop();
    return `[${getPrefix(ctor, tag, 'Object').slice(0, -1)}: Inspection interrupted prematurely. Maximum call stack size exceeded.]`;
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const ref = `<ref *${index}>`;
      if (ctx.compact !== true) base = base === '' ? ref : `${ref} ${base}`;
      else braces[0] = `${ref} ${braces[0]}`;
    }
  }
  ctx.seen.pop();
  if (ctx.sorted) {
    const compare = ctx.sorted === true ? undefined : ctx.sorted;
    if (extrasType === OBJECT_TYPE) {
      output.sort(compare);
    } else if (keys.length > 1) {
      const sorted = output.slice(output.length - keys.length).sort(compare);
      output.splice(output.length - keys.length, keys.length, ...sorted);
    }
  }
  return reduceToSingleString(ctx, output, base, braces, extrasType, depth, value);
}

function isStackOverflow(error) {
  return error instanceof RangeError || (typeof InternalError === 'function' && error instanceof InternalError &&
    /stack/i.test(error.message));
}

const formatNothing = () => [];
const formatWeakCollection = () => ['<items unknown>'];
const moreItems = (n) => `... ${n} more item${n > 1 ? 's' : ''}`;

function functionBase(fn, ctor, tag) {
  let source = '';
  if (hostClasses.has(fn)) source = 'class {}';  // cached prelude bytecode keeps no source
  else try { source = Function.prototype.toString.call(fn); } catch {}
  if (source.startsWith('class') && source.endsWith('}')) {
    const body = source.slice(5, -1);
    const brace = body.indexOf('{');
    // A '(' before the body only counts when it is inside a comment (Node's check).
    const stripped = body.includes('/') ? body.replace(/\/\/.*?\n|\/\*[\s\S]*?\*\//g, '') : body;
    if (brace !== -1 && (!body.slice(0, brace).includes('(') || /^\s+[^(]*?\s*\{/.test(stripped))) {
      let base = `class ${(hasOwn(fn, 'name') && fn.name) || '(anonymous)'}`;
      if (ctor !== 'Function' && ctor !== null) base += ` [${ctor}]`;
      if (tag !== '' && ctor !== tag) base += ` [${tag}]`;
      if (ctor !== null) {
        const superName = getProto(fn).name;
        if (superName) base += ` extends ${superName}`;
      } else {
        base += ' extends [null prototype]';
      }
      return `[${base}]`;
    }
  }
  let type = 'Function';
  const kind = classOf(fn);
  if (kind === 'GeneratorFunction') type = 'GeneratorFunction';
  else if (kind === 'AsyncFunction') type = 'AsyncFunction';
  else if (kind === 'AsyncGeneratorFunction') type = 'AsyncGeneratorFunction';
  let base = `[${type}`;
  if (ctor === null) base += ' (null prototype)';
  base += fn.name === '' ? ' (anonymous)' : `: ${fn.name}`;
  base += ']';
  if (ctor !== type && ctor !== null) base += ` ${ctor}`;
  if (tag !== '' && ctor !== tag) base += ` [${tag}]`;
  return base;
}

function boxedBase(value, ctx, keys, ctor, tag, type) {
  let primitive;
  if (type === 'String') {
    primitive = String.prototype.valueOf.call(value);
    keys.splice(0, primitive.length); // the characters are index keys
  } else {
    primitive = globalThis[type].prototype.valueOf.call(value);
  }
  let base = `[${type}`;
  if (type !== ctor) base += ctor === null ? ' (null prototype)' : ` (${ctor})`;
  base += `: ${formatPrimitive(primitive, { ...ctx, compact: true })}]`;
  if (tag !== '' && tag !== ctor) base += ` [${tag}]`;
  return base;
}

// ------------------------------------------------------------------ errors
function errorStack(error) {
  return error.stack ? String(error.stack) : Error.prototype.toString.call(error);
}

function formatError(error, ctor, tag, ctx, keys) {
  const name = error.name != null ? String(error.name) : 'Error';
  let stack = errorStack(error);
  // Own name/message/stack keys are left out when the stack already shows them.
  if (!ctx.showHidden && keys.length !== 0) {
    for (const prop of ['name', 'message', 'stack']) {
      const index = keys.indexOf(prop);
      if (index !== -1 && stack.includes(error[prop])) keys.splice(index, 1);
    }
  }
  if ('cause' in error && !keys.includes('cause')) keys.push('cause');
  if (Array.isArray(error.errors) && !keys.includes('errors')) keys.push('errors');
  stack = improveStack(stack, ctor, name, tag);

  // Frames start after the message (which may itself contain "\n    at").
  let pos = (error.message && stack.indexOf(error.message)) || -1;
  if (pos !== -1) pos += error.message.length;
  const framesStart = stack.indexOf('\n    at', pos);
  if (framesStart === -1) {
    stack = `[${stack}]`;
  } else {
    const frames = stack.slice(framesStart + 1).split('\n');
    stack = `${stack.slice(0, framesStart)}\n${dropCauseFrames(error, frames).join('\n')}`;
  }
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  return stack;
}

// Name the class in the first line when it differs from error.name ("MyError: …",
// "Foo [TypeError]: …"), for stacks that start the usual way.
function improveStack(stack, ctor, name, tag) {
  let len = name.length;
  if (ctor === null ||
      (name.endsWith('Error') && stack.startsWith(name) &&
       (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
    let fallback = 'Error';
    if (ctor === null) {
      const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
      fallback = (start && start[1]) || '';
      len = fallback.length;
      fallback = fallback || 'Error';
    }
    const prefix = getPrefix(ctor, tag, fallback).slice(0, -1);
    if (name !== prefix) {
      if (prefix.includes(name)) {
        stack = len === 0 ? `${prefix}: ${stack}` : `${prefix}${stack.slice(len)}`;
      } else {
        stack = `${prefix} [${name}]${stack.slice(len)}`;
      }
    }
  }
  return stack;
}

// Frames shared with the cause's stack are summarised as "... N lines matching cause stack
// trace ...".
function dropCauseFrames(error, frames) {
  let cause;
  try { cause = error.cause; } catch {}
  if (cause === null || typeof cause !== 'object' || !isError(cause)) return frames;
  const causeStack = errorStack(cause);
  const start = causeStack.indexOf('\n    at');
  if (start === -1) return frames;
  const causeFrames = causeStack.slice(start + 1).split('\n');
  for (let i = 0; i < frames.length - 3; i++) {
    const at = causeFrames.indexOf(frames[i]);
    if (at === -1) continue;
    const rest = causeFrames.length - at;
    if (rest <= 3) continue;
    let len = 1;
    const max = Math.min(frames.length - i, rest);
    while (len < max && frames[i + len] === causeFrames[at + len]) len++;
    if (len > 3) {
      const skipped = len - 2;
      frames.splice(i + 1, skipped, `    ... ${skipped} lines matching cause stack trace ...`);
      return frames;
    }
  }
  return frames;
}

// ------------------------------------------------------------------ entries
function formatArray(ctx, value, depth) {
  const length = value.length;
  const max = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const output = [];
  for (let i = 0; i < max; i++) {
    if (!hasOwn(value, i)) return formatSparseArray(ctx, value, depth, max, output, i);
    output.push(formatProperty(ctx, value, depth, i, ARRAY_TYPE));
  }
  if (length > max) output.push(moreItems(length - max));
  return output;
}

// Arrays with holes: runs of missing indices print as "<N empty items>", counting as one
// entry towards maxArrayLength.
function formatSparseArray(ctx, value, depth, max, output, firstHole) {
  const keys = Object.keys(value); // indices first, ascending; keys[0..firstHole-1] are done
  let next = firstHole;
  for (let k = firstHole; k < keys.length && output.length < max; k++) {
    const key = keys[k];
    const index = +key;
    if (index > 2 ** 32 - 2) break;
    if (`${next}` !== key) {
      if (!INDEX_KEY.test(key)) break;
      const holes = index - next;
      output.push(`<${holes} empty item${holes > 1 ? 's' : ''}>`);
      next = index;
      if (output.length === max) break;
    }
    output.push(formatProperty(ctx, value, depth, key, ARRAY_TYPE));
    next++;
  }
  const remaining = value.length - next;
  if (output.length !== max) {
    if (remaining > 0) output.push(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`);
  } else if (remaining > 0) {
    output.push(moreItems(remaining));
  }
  return output;
}

function formatTypedArray(ctx, value, depth) {
  const length = value.length;
  const max = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const output = new Array(max);
  for (let i = 0; i < max; i++) {
    const item = value[i];
    output[i] = typeof item === 'bigint' ? `${item}n` : formatNumber(item);
  }
  if (length > max) output.push(moreItems(length - max));
  if (ctx.showHidden) {
    ctx.indentationLvl += 2;
    for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
      output.push(`[${key}]: ${formatValue(ctx, value[key], depth, true)}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function formatArrayBuffer(ctx, value) {
  let bytes;
  try {
    bytes = new Uint8Array(value);
  } catch {
    return ['(detached)'];
  }
  const shown = Math.min(ctx.maxArrayLength, bytes.length);
  let hex = '';
  for (let i = 0; i < shown; i++) hex += (i === 0 ? '' : ' ') + (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  const remaining = bytes.length - shown;
  if (remaining > 0) hex += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`[Uint8Contents]: <${hex}>`];
}

function formatSet(ctx, value, depth) {
  const size = getIntrinsics().setSize.call(value);
  const max = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const item of Set.prototype.values.call(value)) {
    if (i++ >= max) break;
    output.push(formatValue(ctx, item, depth));
  }
  if (size > max) output.push(moreItems(size - max));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx, value, depth) {
  const size = getIntrinsics().mapSize.call(value);
  const max = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const [k, v] of Map.prototype.entries.call(value)) {
    if (i++ >= max) break;
    output.push(`${formatValue(ctx, k, depth)} => ${formatValue(ctx, v, depth)}`);
  }
  if (size > max) output.push(moreItems(size - max));
  ctx.indentationLvl -= 2;
  return output;
}

function formatPromise(ctx, value, depth) {
  const state = typeof host.promiseState === 'function' ? host.promiseState(value) : null;
  if (!state || state[0] === 'pending') return ['<pending>'];
  ctx.indentationLvl += 2;
  const shown = formatValue(ctx, state[1], depth);
  ctx.indentationLvl -= 2;
  return [state[0] === 'rejected' ? `<rejected> ${shown}` : shown];
}

// Module namespaces: bindings still in their temporal dead zone print as <uninitialized>.
function formatNamespace(ctx, value, depth, keys) {
  const output = [];
  for (const key of keys) {
    try {
      output.push(formatProperty(ctx, value, depth, key, OBJECT_TYPE));
    } catch (error) {
      if (!(error instanceof ReferenceError)) throw error;
      const shown = formatProperty(ctx, { [key]: '' }, depth, key, OBJECT_TYPE);
      output.push(`${shown.slice(0, shown.lastIndexOf(' ') + 1)}<uninitialized>`);
    }
  }
  keys.length = 0;
  return output;
}

function formatProperty(ctx, value, depth, key, type, desc, original = value) {
  let name;
  let str;
  let extra = ' ';
  desc = desc || getDescriptor(value, key) || { value: value[key], enumerable: true };
  if (desc.value !== undefined) {
    const diff = ctx.compact !== true || type !== OBJECT_TYPE ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, depth);
    if (diff === 3 && ctx.breakLength < stringWidth(str)) extra = `\n${' '.repeat(ctx.indentationLvl)}`;
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
    const getters = ctx.getters;
    if (getters && (getters === true || (getters === 'get' && desc.set === undefined) ||
        (getters === 'set' && desc.set !== undefined))) {
      try {
        const result = desc.get.call(original);
        ctx.indentationLvl += 2;
        if (result === null) str = `[${label}: null]`;
        else if (typeof result === 'object') str = `[${label}] ${formatValue(ctx, result, depth)}`;
        else str = `[${label}: ${formatPrimitive(result, ctx)}]`;
        ctx.indentationLvl -= 2;
      } catch (error) {
        str = `[${label}: <Inspection threw (${error && error.message})>]`;
      }
    } else {
      str = `[${label}]`;
    }
  } else if (desc.set !== undefined) {
    str = '[Setter]';
  } else {
    str = 'undefined';
  }
  if (type === ARRAY_TYPE) return str;
  if (typeof key === 'symbol') {
    name = `[${Symbol.prototype.toString.call(key)}]`;
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${escapeKey(key)}]`;
  } else if (IDENTIFIER.test(key)) {
    name = key;
  } else {
    name = quote(key);
  }
  return `${name}:${extra}${str}`;
}

// A hidden key goes in brackets, escaped like a single-quoted string without the quotes.
const escapeKey = (key) => escapeString(key, true);

// ------------------------------------------------------------------ layout
// Node's rule: an object fits on one line when output entries plus separators plus the
// indentation, brace and prefix lengths (+10) stay within breakLength, it contains no line
// break, and it does not hold objects nested more than `compact` (3) levels deep.
function reduceToSingleString(ctx, output, base, braces, extrasType, depth, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === ARRAY_EXTRAS_TYPE && entries > 6) output = groupArrayElements(ctx, output, value);
      if (ctx.currentDepth - depth < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joined = output.join(', ');
          if (!joined.includes('\n')) return `${base ? `${base} ` : ''}${braces[0]} ${joined} ${braces[1]}`;
        }
      }
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }
  // compact: true — as many entries per line as fit.
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
  }
  const indentation = ' '.repeat(ctx.indentationLvl);
  const lead = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
  return `${braces[0]}${lead}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
}

function isBelowBreakLength(ctx, output, start, base) {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    total += output[i].length;
    if (total > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

// Arrays of more than six entries are laid out in columns: roughly square (a character is
// ~2.5 times as high as wide), at most 15 (and compact * 4) columns, within breakLength;
// numbers are right-aligned, anything else left-aligned. Not done when one entry is much
// longer than the average, or when three entries do not fit on a line.
function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let count = output.length;
  if (ctx.maxArrayLength < output.length) count--; // leave "... N more items" alone
  const separatorSpace = 2; // ", "
  const widths = new Array(count);
  for (let i = 0; i < count; i++) {
    const width = stringWidth(output[i]);
    widths[i] = width;
    totalLength += width + separatorSpace;
    if (maxLength < width) maxLength = width;
  }
  const cellWidth = maxLength + separatorSpace;
  if (cellWidth * 3 + ctx.indentationLvl < ctx.breakLength &&
      (totalLength / cellWidth > 5 || maxLength <= 6)) {
    const averageBias = Math.sqrt(cellWidth - totalLength / output.length);
    const biasedMax = Math.max(cellWidth - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(Math.sqrt(2.5 * biasedMax * count) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / cellWidth),
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;
    const columnWidths = [];
    for (let c = 0; c < columns; c++) {
      let width = 0;
      for (let j = c; j < count; j += columns) if (widths[j] > width) width = widths[j];
      columnWidths.push(width + separatorSpace);
    }
    let padStart = value !== undefined;
    if (padStart) {
      for (let i = 0; i < output.length; i++) {
        const item = value[i];
        if (typeof item !== 'number' && typeof item !== 'bigint') { padStart = false; break; }
      }
    }
    const rows = [];
    for (let i = 0; i < count; i += columns) {
      const end = Math.min(i + columns, count);
      let line = '';
      let j = i;
      for (; j < end - 1; j++) {
        const cell = `${output[j]}, `;
        const pad = ' '.repeat(Math.max(0, columnWidths[j - i] - widths[j] - separatorSpace));
        line += padStart ? pad + cell : cell + pad;
      }
      if (padStart) {
        line += ' '.repeat(Math.max(0, columnWidths[j - i] - separatorSpace - widths[j])) + output[j];
      } else {
        line += output[j];
      }
      rows.push(line);
    }
    if (ctx.maxArrayLength < output.length) rows.push(output[count]);
    output = rows;
  }
  return output;
}

module.exports = {
  inspect,
  formatNumber,
  constructorName,
};
}
// =================================================================== internal/util/string_width.js
function module_internal__util__string_width(exports, require, module, host) {
'use strict';

// Columns a string takes in a terminal: East Asian wide characters and most emoji take two,
// combining marks and controls none. Used to align grouped arrays and console.table.

let wideRanges = null;
function isWide(code) {
  if (wideRanges === null) {
    wideRanges = [
      0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0,
      0x23f3, 0x23f3, 0x25fd, 0x25fe, 0x2614, 0x2615, 0x2648, 0x2653, 0x267f, 0x267f,
      0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab, 0x26bd, 0x26be, 0x26c4, 0x26c5,
      0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26f5,
      0x26fa, 0x26fa, 0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b, 0x2728, 0x2728,
      0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755, 0x2757, 0x2757, 0x2795, 0x2797,
      0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55,
      0x2e80, 0x303e, 0x3041, 0x33ff, 0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xa000, 0xa4cf,
      0xa960, 0xa97f, 0xac00, 0xd7a3, 0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe6f,
      0xff00, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16fe4, 0x17000, 0x18aff, 0x1b000, 0x1b2ff,
      0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a, 0x1f200, 0x1f251,
      0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c, 0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca,
      0x1f3cf, 0x1f3d3, 0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f43e, 0x1f440, 0x1f440,
      0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d, 0x1f54b, 0x1f54e, 0x1f550, 0x1f567, 0x1f57a, 0x1f57a,
      0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f, 0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc,
      0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6d7, 0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc, 0x1f7e0, 0x1f7eb,
      0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1faff, 0x20000, 0x3fffd,
    ];
  }
  for (let i = 0; i < wideRanges.length; i += 2) {
    if (code < wideRanges[i]) return false;
    if (code <= wideRanges[i + 1]) return true;
  }
  return false;
}

const isZeroWidth = (code) => code <= 0x1f || (code >= 0x7f && code <= 0x9f) ||
  (code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200f) ||
  (code >= 0x20d0 && code <= 0x20ff) || (code >= 0xfe00 && code <= 0xfe0f) ||
  (code >= 0xfe20 && code <= 0xfe2f) || (code >= 0xe0100 && code <= 0xe01ef);

function stringWidth(str) {
  let width = 0;
  for (let i = 0; i < str.length; i++) {
    let code = str.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) { width++; continue; }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length) {
      const low = str.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) { code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00); i++; }
    }
    if (isZeroWidth(code)) continue;
    width += code >= 0x1100 && isWide(code) ? 2 : 1;
  }
  return width;
}

module.exports = {
  stringWidth,
};
}
// ========================================================================== internal/util/types.js
function module_internal__util__types(exports, require, module, host) {
'use strict';

// What kind of built-in object a value is. instanceof first (cheap); objects with a null
// prototype (`plain`: no prototype to trust) are checked through the internal slots that
// built-in methods require.

const { getDescriptor, getProto, classOf } = require('internal/util');

// The built-in getters that read internal slots, looked up on first use.
let intrinsics = null;
function getIntrinsics() {
  if (intrinsics === null) {
    const getter = (proto, name) => getDescriptor(proto, name).get;
    intrinsics = {
      typedArrayTag: getter(getProto(Uint8Array.prototype), Symbol.toStringTag),
      mapSize: getter(Map.prototype, 'size'),
      setSize: getter(Set.prototype, 'size'),
      bufferLength: getter(ArrayBuffer.prototype, 'byteLength'),
      sharedBufferLength: typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : null,
      dataViewLength: getter(DataView.prototype, 'byteLength'),
      regexpSource: getter(RegExp.prototype, 'source'),
    };
  }
  return intrinsics;
}

function hasSlot(fn, value) {
  if (fn === null) return false;
  try { fn.call(value); return true; } catch { return false; }
}

const isMap = (v, plain) => v instanceof Map || (plain && hasSlot(getIntrinsics().mapSize, v));
const isSet = (v, plain) => v instanceof Set || (plain && hasSlot(getIntrinsics().setSize, v));
const typedArrayTag = (v) => (ArrayBuffer.isView(v) ? getIntrinsics().typedArrayTag.call(v) : undefined);
const isRegExp = (v, plain) => v instanceof RegExp || (plain && hasSlot(getIntrinsics().regexpSource, v));
const isDate = (v, plain) => v instanceof Date || (plain && hasSlot(Date.prototype.getTime, v));
const isError = (v) => v instanceof Error || classOf(v) === 'Error';
const isArrayBuffer = (v, plain) => v instanceof ArrayBuffer || (plain && hasSlot(getIntrinsics().bufferLength, v));
const isSharedArrayBuffer = (v, plain) => (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer) ||
  (plain && hasSlot(getIntrinsics().sharedBufferLength, v));
const isDataView = (v, plain) => v instanceof DataView || (plain && ArrayBuffer.isView(v) && hasSlot(getIntrinsics().dataViewLength, v));
const isPromise = (v) => v instanceof Promise;

// The type of a boxed primitive (`new Number(1)`, `Object(Symbol())`, …); '' for other values.
function boxedType(value) {
  if (value instanceof Number) return 'Number';
  if (value instanceof String) return 'String';
  if (value instanceof Boolean) return 'Boolean';
  if (value instanceof BigInt) return 'BigInt';
  if (value instanceof Symbol) return 'Symbol';
  return '';
}

module.exports = {
  getIntrinsics,
  isMap,
  isSet,
  typedArrayTag,
  isRegExp,
  isDate,
  isError,
  isArrayBuffer,
  isSharedArrayBuffer,
  isDataView,
  isPromise,
  boxedType,
};
}
// ========================================================================== internal/validators.js
function module_internal__validators(exports, require, module, host) {
'use strict';

// Argument checks that throw Node's errors.

const { invalidArgType } = require('internal/errors');

function checkCallback(callback) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'function', callback);
}

module.exports = {
  checkCallback,
};
}

  // id → module function
  const definitions = {
    __proto__: null,
    'internal/base64': module_internal__base64,
    'internal/bootstrap': module_internal__bootstrap,
    'internal/console': module_internal__console,
    'internal/encoding': module_internal__encoding,
    'internal/errors': module_internal__errors,
    'internal/events/listener_map': module_internal__events__listener_map,
    'internal/microtasks': module_internal__microtasks,
    'internal/process': module_internal__process,
    'internal/process/stdio': module_internal__process__stdio,
    'internal/process/warning': module_internal__process__warning,
    'internal/stack': module_internal__stack,
    'internal/structured_clone': module_internal__structured_clone,
    'internal/timers': module_internal__timers,
    'internal/url': module_internal__url,
    'internal/util': module_internal__util,
    'internal/util/format': module_internal__util__format,
    'internal/util/inspect': module_internal__util__inspect,
    'internal/util/string_width': module_internal__util__string_width,
    'internal/util/types': module_internal__util__types,
    'internal/validators': module_internal__validators,
  };

  const cache = { __proto__: null }; // id → module, from the start of its evaluation

  // Module `id`'s exports, evaluating it on first use; during a cycle, its exports so far.
  function require(id) {
    const cached = cache[id];
    if (cached !== undefined) return cached.exports;
    // Not linked in: compiled from its own file (or read from the cache) on first use.
    const definition = definitions[id] ?? host.loadModule(id);
    const module = { id, exports: {} };
    cache[id] = module;
    try {
      definition.call(module.exports, module.exports, require, module, host);
    } catch (error) {
      delete cache[id]; // a later require tries again, like CommonJS
      throw error;
    }
    return module.exports;
  }
  require.lazy = require;

  return require('internal/bootstrap');
})
