'use strict';

// The `util` module. inspect and format are the prelude's own (console uses them), so
// util.inspect === the function console.log formats with.

const { nodeError, invalidArgType } = require('internal/errors');
const { inspect } = require('internal/util/inspect');
const { format, formatWithOptions: formatWithOptionsArray } = require('internal/util/format');
const { TextEncoder, TextDecoder } = require('internal/encoding');
const { emitWarning } = require('internal/process/warning');
const types = require('util/types');

const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');
const kCustomPromisifyArgs = Symbol.for('esmload.util.promisify.customArgs');

const validateFunction = (value, name) => {
  if (typeof value !== 'function') throw invalidArgType(name, 'function', value);
};
const validateString = (value, name) => {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value);
};
const validateObject = (value, name) => {
  if (value === null || typeof value !== 'object') throw invalidArgType(name, 'object', value);
};

// ------------------------------------------------------------------ inspect colours
// [open, close] SGR codes of each style name; the aliases are hidden getters, as in Node.
const colors = Object.create(null);
for (const [name, open, close] of [
  ['reset', 0, 0], ['bold', 1, 22], ['dim', 2, 22], ['italic', 3, 23], ['underline', 4, 24],
  ['blink', 5, 25], ['inverse', 7, 27], ['hidden', 8, 28], ['strikethrough', 9, 29],
  ['doubleunderline', 21, 24], ['black', 30, 39], ['red', 31, 39], ['green', 32, 39],
  ['yellow', 33, 39], ['blue', 34, 39], ['magenta', 35, 39], ['cyan', 36, 39], ['white', 37, 39],
  ['bgBlack', 40, 49], ['bgRed', 41, 49], ['bgGreen', 42, 49], ['bgYellow', 43, 49],
  ['bgBlue', 44, 49], ['bgMagenta', 45, 49], ['bgCyan', 46, 49], ['bgWhite', 47, 49],
  ['framed', 51, 54], ['overlined', 53, 55], ['gray', 90, 39], ['redBright', 91, 39],
  ['greenBright', 92, 39], ['yellowBright', 93, 39], ['blueBright', 94, 39],
  ['magentaBright', 95, 39], ['cyanBright', 96, 39], ['whiteBright', 97, 39], ['bgGray', 100, 49],
  ['bgRedBright', 101, 49], ['bgGreenBright', 102, 49], ['bgYellowBright', 103, 49],
  ['bgBlueBright', 104, 49], ['bgMagentaBright', 105, 49], ['bgCyanBright', 106, 49],
  ['bgWhiteBright', 107, 49],
]) {
  colors[name] = [open, close];
}
for (const [alias, target] of [
  ['grey', 'gray'], ['blackBright', 'gray'], ['bgGrey', 'bgGray'], ['bgBlackBright', 'bgGray'],
  ['faint', 'dim'], ['crossedout', 'strikethrough'], ['strikeThrough', 'strikethrough'],
  ['crossedOut', 'strikethrough'], ['conceal', 'hidden'], ['swapColors', 'inverse'],
  ['swapcolors', 'inverse'], ['doubleUnderline', 'doubleunderline'],
]) {
  Object.defineProperty(colors, alias, {
    get() { return this[target]; },
    set(value) { this[target] = value; },
    configurable: true,
    enumerable: false,
  });
}
const styles = Object.assign(Object.create(null), {
  special: 'cyan',
  number: 'yellow',
  bigint: 'yellow',
  boolean: 'yellow',
  undefined: 'grey',
  null: 'bold',
  string: 'green',
  symbol: 'green',
  date: 'magenta',
  regexp: 'red',
  module: 'underline',
});
if (!Object.prototype.hasOwnProperty.call(inspect, 'colors')) {
  Object.defineProperty(inspect, 'colors', { value: colors, writable: true, enumerable: true, configurable: true });
  Object.defineProperty(inspect, 'styles', { value: styles, writable: true, enumerable: true, configurable: true });
}

function formatWithOptions(inspectOptions, ...args) {
  validateObject(inspectOptions, 'inspectOptions');
  return formatWithOptionsArray(inspectOptions, args);
}

// ------------------------------------------------------------------ styleText
// Whether stdout takes colours: FORCE_COLOR, NO_COLOR / NODE_DISABLE_COLORS, then a terminal.
function stdoutHasColors() {
  const env = host.env;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR !== undefined || env.NODE_DISABLE_COLORS !== undefined) return false;
  if (env.TERM === 'dumb') return false;
  return typeof host.isatty === 'function' && host.isatty(1);
}

function styleText(format, text, { validateStream = true } = {}) {
  validateString(text, 'text');
  const names = Array.isArray(format) ? format : [format];
  let open = '';
  let close = '';
  for (const name of names) {
    const codes = typeof name === 'string' && Object.prototype.hasOwnProperty.call(colors, name) ? colors[name] : undefined;
    if (codes === undefined) {
      const allowed = Object.keys(colors).map((key) => `'${key}'`).join(', ');
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'format' must be one of: ${allowed}. Received ${inspect(name)}`);
    }
    open += `\u001b[${codes[0]}m`;
    close = `\u001b[${codes[1]}m${close}`;
  }
  // Node 20 checks the stream only for a single format name.
  if (validateStream && !Array.isArray(format) && !stdoutHasColors()) return text;
  return `${open}${text}${close}`;
}

// ------------------------------------------------------------------ promisify / callbackify
function promisify(original) {
  validateFunction(original, 'original');
  const custom = original[kCustomPromisify];
  if (custom !== undefined) {
    if (typeof custom !== 'function') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The "util.promisify.custom" property must be of type function.${require('internal/errors').describeReceived(custom)}`);
    }
    return Object.defineProperty(custom, kCustomPromisify, { value: custom, configurable: true });
  }
  const timerForm = promisifiedTimer(original);
  if (timerForm !== undefined) return timerForm;
  const argumentNames = original[kCustomPromisifyArgs];
  function promisified(...args) {
    return new Promise((resolve, reject) => {
      Reflect.apply(original, this, [...args, (error, ...values) => {
        if (error) return reject(error);
        if (argumentNames !== undefined && values.length > 1) {
          const result = {};
          for (let i = 0; i < argumentNames.length; i++) result[argumentNames[i]] = values[i];
          return resolve(result);
        }
        return resolve(values[0]);
      }]);
    });
  }
  Object.setPrototypeOf(promisified, Object.getPrototypeOf(original));
  Object.defineProperty(promisified, kCustomPromisify, { value: promisified, configurable: true });
  return Object.defineProperties(promisified, Object.getOwnPropertyDescriptors(original));
}
promisify.custom = kCustomPromisify;

// setTimeout and setImmediate promisify to their timers/promises forms, as in Node.
function promisifiedTimer(original) {
  const timers = require('internal/timers');
  if (original === timers.setTimeout) return require('timers/promises').setTimeout;
  if (original === timers.setImmediate) return require('timers/promises').setImmediate;
  return undefined;
}

function callbackify(original) {
  validateFunction(original, 'original');
  function callbackified(...args) {
    const callback = args.pop();
    if (typeof callback !== 'function') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        `The last argument must be of type function.${require('internal/errors').describeReceived(callback)}`);
    }
    const { nextTick } = require('internal/microtasks');
    Reflect.apply(original, this, args).then(
      (value) => nextTick(callback, null, value),
      (reason) => {
        if (!reason) {
          const error = nodeError(Error, 'ERR_FALSY_VALUE_REJECTION', 'Promise was rejected with falsy value');
          error.reason = reason;
          reason = error;
        }
        nextTick(callback, reason);
      },
    );
  }
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name.value === 'string') descriptors.name.value += 'Callbackified';
  Object.setPrototypeOf(callbackified, Object.getPrototypeOf(original));
  return Object.defineProperties(callbackified, descriptors);
}

// ------------------------------------------------------------------ inherits / deprecate
function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw invalidArgType('ctor', 'function', ctor);
  if (superCtor === undefined || superCtor === null) throw invalidArgType('superCtor', 'function', superCtor);
  if (superCtor.prototype === undefined) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "superCtor.prototype" property must be of type object.${require('internal/errors').describeReceived(superCtor.prototype)}`);
  }
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const warnedCodes = new Set();

function deprecate(fn, msg, code) {
  const process = globalThis.process;
  if (process && process.noDeprecation === true) return fn;
  if (code !== undefined) validateString(code, 'code');
  let warned = false;
  function deprecated(...args) {
    if (!warned) {
      warned = true;
      if (code === undefined || !warnedCodes.has(code)) {
        if (code !== undefined) warnedCodes.add(code);
        const proc = globalThis.process;
        if (proc && proc.throwDeprecation) {
          const error = new Error(msg);
          error.name = 'DeprecationWarning';
          if (code !== undefined) error.code = code;
          throw error;
        }
        if (!(proc && proc.noDeprecation)) emitWarning(msg, 'DeprecationWarning', code);
      }
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

// ------------------------------------------------------------------ debuglog
let debugPattern;
function debugEnabled(section) {
  if (debugPattern === undefined) {
    const spec = (host.env.NODE_DEBUG || '').trim();
    if (spec === '') {
      debugPattern = null;
    } else {
      const alternatives = spec.split(/[\s,]+/).filter(Boolean)
        .map((part) => part.replace(/[|\\{}()[\]^$+?.]/g, '\\$&').replace(/\*/g, '.*'));
      debugPattern = new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
    }
  }
  return debugPattern !== null && debugPattern.test(section);
}

function debuglog(section, callback) {
  const name = String(section).toUpperCase();
  let enabled;
  const isEnabled = () => (enabled ??= debugEnabled(name));
  let notified = false;
  function logger(...args) {
    if (!notified) {
      notified = true;
      if (typeof callback === 'function') callback(logger);
    }
    if (isEnabled()) host.write(2, `${name} ${host.pid}: ${format(...args)}\n`);
  }
  Object.defineProperty(logger, 'enabled', { get: isEnabled, configurable: true, enumerable: true });
  return logger;
}

// ------------------------------------------------------------------ system errors
// A partial table of Linux errno values with libuv's descriptions.
const SYSTEM_ERRORS = [
  [-7, 'E2BIG', 'argument list too long'], [-13, 'EACCES', 'permission denied'],
  [-98, 'EADDRINUSE', 'address already in use'], [-99, 'EADDRNOTAVAIL', 'address not available'],
  [-11, 'EAGAIN', 'resource temporarily unavailable'], [-3001, 'EAI_AGAIN', 'temporary failure'],
  [-9, 'EBADF', 'bad file descriptor'], [-16, 'EBUSY', 'resource busy or locked'],
  [-125, 'ECANCELED', 'operation canceled'], [-103, 'ECONNABORTED', 'software caused connection abort'],
  [-111, 'ECONNREFUSED', 'connection refused'], [-104, 'ECONNRESET', 'connection reset by peer'],
  [-17, 'EEXIST', 'file already exists'], [-27, 'EFBIG', 'file too large'],
  [-113, 'EHOSTUNREACH', 'host is unreachable'], [-4, 'EINTR', 'interrupted system call'],
  [-22, 'EINVAL', 'invalid argument'], [-5, 'EIO', 'i/o error'],
  [-21, 'EISDIR', 'illegal operation on a directory'], [-40, 'ELOOP', 'too many symbolic links encountered'],
  [-24, 'EMFILE', 'too many open files'], [-31, 'EMLINK', 'too many links'],
  [-36, 'ENAMETOOLONG', 'name too long'], [-101, 'ENETUNREACH', 'network is unreachable'],
  [-23, 'ENFILE', 'file table overflow'], [-105, 'ENOBUFS', 'no buffer space available'],
  [-19, 'ENODEV', 'no such device'], [-2, 'ENOENT', 'no such file or directory'],
  [-12, 'ENOMEM', 'not enough memory'], [-28, 'ENOSPC', 'no space left on device'],
  [-38, 'ENOSYS', 'function not implemented'], [-107, 'ENOTCONN', 'socket is not connected'],
  [-20, 'ENOTDIR', 'not a directory'], [-39, 'ENOTEMPTY', 'directory not empty'],
  [-88, 'ENOTSOCK', 'socket operation on non-socket'], [-95, 'ENOTSUP', 'operation not supported on socket'],
  [-6, 'ENXIO', 'no such device or address'], [-1, 'EPERM', 'operation not permitted'],
  [-32, 'EPIPE', 'broken pipe'], [-71, 'EPROTO', 'protocol error'], [-34, 'ERANGE', 'result too large'],
  [-30, 'EROFS', 'read-only file system'], [-29, 'ESPIPE', 'invalid seek'],
  [-3, 'ESRCH', 'no such process'], [-110, 'ETIMEDOUT', 'connection timed out'],
  [-26, 'ETXTBSY', 'text file is busy'], [-18, 'EXDEV', 'cross-device link not permitted'],
  [-4095, 'EOF', 'end of file'],
];

function getSystemErrorMap() {
  return new Map(SYSTEM_ERRORS.map(([errno, name, message]) => [errno, [name, message]]));
}

function getSystemErrorName(err) {
  if (typeof err !== 'number') throw invalidArgType('err', 'number', err);
  if (err >= 0 || !Number.isSafeInteger(err)) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "err" is out of range. It must be a negative integer. Received ${inspect(err)}`);
  }
  const entry = SYSTEM_ERRORS.find((row) => row[0] === err);
  return entry ? entry[1] : `Unknown system error ${err}`;
}

// ------------------------------------------------------------------ strings
// CSI sequences (ESC [ or 0x9B, parameters, intermediates, a final byte), OSC sequences
// (ESC ], ended by BEL or ESC \) and two-character escapes.
const VT_CONTROL = /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

function stripVTControlCharacters(str) {
  validateString(str, 'str');
  return str.replace(VT_CONTROL, '');
}

function toUSVString(input) {
  const str = `${input}`;
  if (typeof str.toWellFormed === 'function') return str.toWellFormed();
  return str.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

// ------------------------------------------------------------------ legacy helpers
function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  const keys = Object.keys(source);
  for (let i = keys.length - 1; i >= 0; i--) target[keys[i]] = source[keys[i]];
  return target;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function log(...args) {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  globalThis.console.log('%s - %s', `${d.getDate()} ${MONTHS[d.getMonth()]} ${time}`, format(...args));
}

function isBuffer(value) {
  let Buffer;
  try {
    ({ Buffer } = require('buffer'));
  } catch {}
  return typeof Buffer === 'function' && typeof Buffer.isBuffer === 'function' ? Buffer.isBuffer(value) : false;
}

// ------------------------------------------------------------------ abort signals
function aborted(signal, resource) {
  if (signal === undefined || signal === null || typeof signal !== 'object' || !('aborted' in signal)) {
    throw invalidArgType('signal', 'an instance of AbortSignal', signal);
  }
  if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
    throw invalidArgType('resource', 'object', resource);
  }
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

// ------------------------------------------------------------------ parseEnv
function parseEnv(content) {
  validateString(content, 'content');
  const result = {};
  const line = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$/gm;
  const text = content.replace(/\r\n?/g, '\n');
  let match;
  while ((match = line.exec(text)) !== null) {
    let value = (match[2] || '').trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.endsWith(quote) && value.length > 1) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    }
    result[match[1]] = value;
  }
  return result;
}

module.exports = {
  _extend,
  callbackify,
  debug: debuglog,
  debuglog,
  deprecate,
  format,
  styleText,
  formatWithOptions,
  getSystemErrorMap,
  getSystemErrorName,
  inherits,
  inspect,
  isArray: Array.isArray,
  isBoolean: (arg) => typeof arg === 'boolean',
  isBuffer,
  isDeepStrictEqual(a, b) {
    return require('internal/util/comparisons').isDeepStrictEqual(a, b);
  },
  isNull: (arg) => arg === null,
  isNullOrUndefined: (arg) => arg === null || arg === undefined,
  isNumber: (arg) => typeof arg === 'number',
  isString: (arg) => typeof arg === 'string',
  isSymbol: (arg) => typeof arg === 'symbol',
  isUndefined: (arg) => arg === undefined,
  isRegExp: types.isRegExp,
  isObject: (arg) => arg !== null && typeof arg === 'object',
  isDate: types.isDate,
  isError: (arg) => Object.prototype.toString.call(arg) === '[object Error]' || arg instanceof Error,
  isFunction: (arg) => typeof arg === 'function',
  isPrimitive: (arg) => arg === null || (typeof arg !== 'object' && typeof arg !== 'function'),
  log,
  promisify,
  stripVTControlCharacters,
  toUSVString,
  transferableAbortSignal: (signal) => signal,
  transferableAbortController: () => new globalThis.AbortController(),
  aborted,
  types,
  parseEnv,
  parseArgs: (...args) => require('internal/util/parse_args').parseArgs(...args),
  TextDecoder,
  TextEncoder,
};
