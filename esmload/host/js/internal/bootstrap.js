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
