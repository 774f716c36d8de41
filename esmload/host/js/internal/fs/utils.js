'use strict';

// What fs, fs/promises and the fs streams share: the binding, argument checks and
// conversions (paths, flags, modes, options, data), Stats, Dirent and Node's error shapes.

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');
const { hostClasses, customInspectSymbol } = require('internal/util');
const { utf8Encode, decodeUTF8 } = require('internal/encoding');

const binding = host.binding('fs');
const osConstants = binding.constants();

let BufferClass;
const lazyBuffer = () => (BufferClass ??= require('buffer').Buffer);

// ------------------------------------------------------------------ constants

const constants = Object.create(null);
function addConstants(pairs) {
  for (const [name, value] of pairs) if (value !== undefined) constants[name] = value;
}
addConstants([
  ['UV_FS_SYMLINK_DIR', 1], ['UV_FS_SYMLINK_JUNCTION', 2],
  ['O_RDONLY', osConstants.O_RDONLY], ['O_WRONLY', osConstants.O_WRONLY], ['O_RDWR', osConstants.O_RDWR],
  ['UV_DIRENT_UNKNOWN', 0], ['UV_DIRENT_FILE', 1], ['UV_DIRENT_DIR', 2], ['UV_DIRENT_LINK', 3],
  ['UV_DIRENT_FIFO', 4], ['UV_DIRENT_SOCKET', 5], ['UV_DIRENT_CHAR', 6], ['UV_DIRENT_BLOCK', 7],
  ['EXTENSIONLESS_FORMAT_JAVASCRIPT', 0], ['EXTENSIONLESS_FORMAT_WASM', 1],
  ['S_IFMT', 0o170000], ['S_IFREG', 0o100000], ['S_IFDIR', 0o40000], ['S_IFCHR', 0o20000],
  ['S_IFBLK', 0o60000], ['S_IFIFO', 0o10000], ['S_IFLNK', 0o120000], ['S_IFSOCK', 0o140000],
  ['O_CREAT', osConstants.O_CREAT], ['O_EXCL', osConstants.O_EXCL], ['UV_FS_O_FILEMAP', 0],
  ['O_NOCTTY', osConstants.O_NOCTTY], ['O_TRUNC', osConstants.O_TRUNC], ['O_APPEND', osConstants.O_APPEND],
  ['O_DIRECTORY', osConstants.O_DIRECTORY], ['O_NOATIME', osConstants.O_NOATIME],
  ['O_NOFOLLOW', osConstants.O_NOFOLLOW], ['O_SYNC', osConstants.O_SYNC], ['O_DSYNC', osConstants.O_DSYNC],
  ['O_SYMLINK', osConstants.O_SYMLINK], ['O_DIRECT', osConstants.O_DIRECT],
  ['O_NONBLOCK', osConstants.O_NONBLOCK],
  ['S_IRWXU', 0o700], ['S_IRUSR', 0o400], ['S_IWUSR', 0o200], ['S_IXUSR', 0o100],
  ['S_IRWXG', 0o70], ['S_IRGRP', 0o40], ['S_IWGRP', 0o20], ['S_IXGRP', 0o10],
  ['S_IRWXO', 0o7], ['S_IROTH', 0o4], ['S_IWOTH', 0o2], ['S_IXOTH', 0o1],
  ['F_OK', 0], ['R_OK', 4], ['W_OK', 2], ['X_OK', 1],
  ['UV_FS_COPYFILE_EXCL', 1], ['COPYFILE_EXCL', 1], ['UV_FS_COPYFILE_FICLONE', 2],
  ['COPYFILE_FICLONE', 2], ['UV_FS_COPYFILE_FICLONE_FORCE', 4], ['COPYFILE_FICLONE_FORCE', 4],
]);
const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND } = constants;
const O_SYNC = constants.O_SYNC || 0;

// ------------------------------------------------------------------ errors

const invalidArgValue = (name, value, reason = 'is invalid') => {
  const shown = require('internal/util/inspect').inspect(value);
  const kind = name.includes('.') ? 'property' : 'argument';
  return nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The ${kind} '${name}' ${reason}. Received ${shown}`);
};

function outOfRange(name, range, value) {
  let shown;
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    shown = String(value).replace(/(\d)(?=(\d{3})+$)/g, '$1_');
  } else if (typeof value === 'bigint') {
    shown = `${value}n`;
  } else {
    shown = require('internal/util/inspect').inspect(value);
  }
  return nodeError(RangeError, 'ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
}

// Node's system errors list errno, code, syscall, path, dest in this order.
function uvError(error) {
  if (error !== null && typeof error === 'object' && typeof error.syscall === 'string' &&
      typeof error.errno === 'number' && error.errno < 0) {
    const { code, errno, syscall, path, dest } = error;
    delete error.code; delete error.errno; delete error.syscall; delete error.path; delete error.dest;
    error.errno = errno;
    error.code = code;
    error.syscall = syscall;
    if (path !== undefined) error.path = path;
    if (dest !== undefined) error.dest = dest;
  }
  return error;
}

// Node's SystemError (ERR_FS_EISDIR, ERR_FS_CP_*): "prefix: syscall returned CODE (text) path".
class SystemError extends Error {
  constructor(key, prefix, info) {
    let message = `${prefix}: ${info.syscall} returned ${info.code} (${info.message})`;
    if (info.path !== undefined) message += ` ${info.path}`;
    if (info.dest !== undefined) message += ` => ${info.dest}`;
    super(message);
    // the stack's first line reads "SystemError [CODE]: message", as Node's does
    Object.defineProperty(this, 'name', { value: `SystemError [${key}]`, configurable: true, writable: true });
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(this, systemError);
    else void this.stack;
    delete this.name;
    this.code = key;
    Object.defineProperty(this, 'info', { value: info, enumerable: true, configurable: true, writable: false });
    for (const field of ['errno', 'syscall', 'path', 'dest']) {
      if (info[field] === undefined) continue;
      Object.defineProperty(this, field, {
        get() { return info[field]; },
        set(value) { info[field] = value; },
        enumerable: true,
        configurable: true,
      });
    }
  }

  get name() { return 'SystemError'; }

  toString() { return `${this.name} [${this.code}]: ${this.message}`; }
}
hostClasses.add(SystemError);

const ERRNO = { EISDIR: 21, EINVAL: 22, EEXIST: 17, ENOTDIR: 20 }; // Linux and macOS agree

function systemError(key, prefix, code, text, syscall, path, dest) {
  const info = { code, message: text };
  if (path !== undefined) info.path = path;
  info.syscall = syscall;
  info.errno = ERRNO[code];
  if (dest !== undefined) info.dest = dest;
  return new SystemError(key, prefix, info);
}

// ------------------------------------------------------------------ checks

function makeCallback(cb) {
  if (typeof cb !== 'function') throw invalidArgType('cb', 'function', cb);
  return cb;
}

function isURL(value) {
  return value !== null && typeof value === 'object' && typeof value.href === 'string' &&
    typeof value.protocol === 'string' && value.auth === undefined && value.path === undefined;
}

function fileURLToPath(url) {
  if (url.protocol !== 'file:') throw nodeError(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  if (url.hostname !== '' && url.hostname !== 'localhost') {
    throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_HOST', `File URL host must be "localhost" or empty on ${host.platform}`);
  }
  const pathname = url.pathname;
  if (/%2f/i.test(pathname)) {
    throw nodeError(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
  }
  return decodeURIComponent(pathname);
}

// A path argument (string, Buffer or other Uint8Array, file: URL) → the string the binding takes.
function getPath(value, name = 'path') {
  let path = value;
  if (typeof path !== 'string') {
    if (path instanceof Uint8Array) path = decodeUTF8(path);
    else if (isURL(path)) path = fileURLToPath(path);
    else throw invalidArgType(name, 'string or an instance of Buffer or URL', value);
  }
  if (path.includes('\u0000')) {
    throw invalidArgValue(name, value, 'must be a string, Uint8Array, or URL without null bytes');
  }
  return path;
}

function getFd(fd, name = 'fd') {
  if (typeof fd !== 'number') throw invalidArgType(name, 'number', fd);
  if (!Number.isInteger(fd)) throw outOfRange(name, 'an integer', fd);
  if (fd < 0 || fd > 2147483647) throw outOfRange(name, '>= 0 && <= 2147483647', fd);
  return fd;
}

function validateInteger(value, name, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw invalidType(name, 'number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}

// "The "options.x" property must be …" for options, "argument" otherwise.
function invalidType(name, expected, value) {
  if (!name.includes('.')) return invalidArgType(name, expected, value);
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" property must be of type ${expected}.${describeReceived(value)}`);
}

function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidType(name, 'boolean', value);
  return value;
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'function', value);
  return value;
}

const FLAGS = {
  r: O_RDONLY,
  rs: O_RDONLY | O_SYNC,
  sr: O_RDONLY | O_SYNC,
  'r+': O_RDWR,
  'rs+': O_RDWR | O_SYNC,
  'sr+': O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY,
  wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR,
  'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY,
  ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  'a+': O_APPEND | O_CREAT | O_RDWR,
  'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
};

function stringToFlags(flags, name = 'flags', fallback = 'r') {
  if (flags === undefined || flags === null) flags = fallback;
  if (typeof flags === 'number') return flags;
  const value = typeof flags === 'string' ? FLAGS[flags] : undefined;
  if (value === undefined || !Object.hasOwn(FLAGS, flags)) throw invalidArgValue(name, flags);
  return value;
}

function parseMode(value, name, fallback) {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') {
    if (!/^[0-7]+$/.test(value)) {
      throw invalidArgValue(name, value, 'must be a 32-bit unsigned integer or an octal string');
    }
    value = parseInt(value, 8);
  }
  return validateInteger(value, name, 0, 4294967295);
}

const ENCODINGS = new Set(['utf8', 'utf-8', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'latin1', 'binary',
  'base64', 'base64url', 'hex', 'ascii', 'buffer']);

function checkEncoding(encoding) {
  if (encoding !== undefined && encoding !== null && !ENCODINGS.has(String(encoding).toLowerCase())) {
    throw invalidArgValue('encoding', encoding, 'is invalid encoding');
  }
  return encoding;
}

// Options as a string (the encoding), an object, or nothing.
function getOptions(options, defaults) {
  if (options === undefined || options === null || typeof options === 'function') return defaults;
  if (typeof options === 'string') {
    options = { ...defaults, encoding: options };
  } else if (typeof options === 'object') {
    options = { ...defaults, ...options };
  } else {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "options" argument must be one of type string or object.${describeReceived(options)}`);
  }
  checkEncoding(options.encoding);
  return options;
}

const isUtf8 = (encoding) => encoding === 'utf8' || encoding === 'utf-8' ||
  (typeof encoding === 'string' && /^utf-?8$/i.test(encoding));

// Bytes from the binding (a Uint8Array it made) → a Buffer or a string.
function toBuffer(bytes) {
  const Buffer = lazyBuffer();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decode(bytes, encoding) {
  if (encoding === undefined || encoding === null || encoding === 'buffer') return toBuffer(bytes);
  if (isUtf8(encoding)) return decodeUTF8(bytes);
  return toBuffer(bytes).toString(encoding);
}

// A string → bytes in `encoding`; an ArrayBufferView → a Uint8Array over the same memory.
function encode(data, encoding) {
  if (typeof data === 'string') {
    if (encoding === undefined || encoding === null || isUtf8(encoding)) return utf8Encode(data);
    return lazyBuffer().from(data, encoding);
  }
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

function getData(data, encoding, name = 'data') {
  const bytes = encode(data, encoding);
  if (bytes === undefined) {
    throw invalidArgType(name, 'string or an instance of Buffer, TypedArray, or DataView', data);
  }
  return bytes;
}

function toUnixTimestamp(time) {
  if (typeof time === 'string' && +time == time) return +time; // eslint-disable-line eqeqeq
  if (typeof time === 'number') {
    if (!Number.isFinite(time) || time < 0) return Date.now() / 1000;
    return time;
  }
  if (time instanceof Date) return time.getTime() / 1000;
  if (typeof time === 'bigint') return Number(time);
  throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "time" argument must be an instance of Date or an Time in seconds.${describeReceived(time)}`);
}

// ------------------------------------------------------------------ Stats

const S_IFMT = 0o170000;

// Node's Stats.prototype has its own isFile and _checkModeProperty; the other checks are on
// the prototype shared with BigIntStats.
class StatsBase {
  isDirectory() { return this._checkModeProperty(0o40000); }
  isFile() { return this._checkModeProperty(0o100000); }
  isBlockDevice() { return this._checkModeProperty(0o60000); }
  isCharacterDevice() { return this._checkModeProperty(0o20000); }
  isSymbolicLink() { return this._checkModeProperty(0o120000); }
  isFIFO() { return this._checkModeProperty(0o10000); }
  isSocket() { return this._checkModeProperty(0o140000); }
}
Object.defineProperty(StatsBase.prototype, '_checkModeProperty', {
  value(type) {
    const mode = this.mode;
    return typeof mode === 'bigint' ? (mode & BigInt(S_IFMT)) === BigInt(type) : (mode & S_IFMT) === type;
  },
  writable: true,
  configurable: true,
});

const dateFromMs = (ms) => new Date(Math.round(Number(ms)));

// The fields both kinds of Stats have, in Node's order (the times follow).
function setIdentity(stats, dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks) {
  Object.assign(stats, { dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks });
}

class Stats extends StatsBase {
  constructor(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
    super();
    setIdentity(this, dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks);
    this.atimeMs = atimeMs;
    this.mtimeMs = mtimeMs;
    this.ctimeMs = ctimeMs;
    this.birthtimeMs = birthtimeMs;
    this.atime = dateFromMs(atimeMs);
    this.mtime = dateFromMs(mtimeMs);
    this.ctime = dateFromMs(ctimeMs);
    this.birthtime = dateFromMs(birthtimeMs);
  }
}

class BigIntStats extends StatsBase {
  constructor(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeNs, mtimeNs, ctimeNs, birthtimeNs) {
    super();
    setIdentity(this, dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks);
    this.atimeMs = atimeNs / 1000000n;
    this.mtimeMs = mtimeNs / 1000000n;
    this.ctimeMs = ctimeNs / 1000000n;
    this.birthtimeMs = birthtimeNs / 1000000n;
    this.atimeNs = atimeNs;
    this.mtimeNs = mtimeNs;
    this.ctimeNs = ctimeNs;
    this.birthtimeNs = birthtimeNs;
    this.atime = dateFromMs(this.atimeMs);
    this.mtime = dateFromMs(this.mtimeMs);
    this.ctime = dateFromMs(this.ctimeMs);
    this.birthtime = dateFromMs(this.birthtimeMs);
  }
}
for (const C of [Stats, BigIntStats]) {
  Object.defineProperty(C.prototype, 'isFile', { value: StatsBase.prototype.isFile, writable: true, configurable: true });
  Object.defineProperty(C.prototype, '_checkModeProperty', {
    value: StatsBase.prototype._checkModeProperty, writable: true, configurable: true,
  });
}
delete StatsBase.prototype._checkModeProperty;
hostClasses.add(StatsBase);
hostClasses.add(Stats);
hostClasses.add(BigIntStats);

// The binding's list (see bindings/fs.py `_stat_list`) → Stats or BigIntStats.
function makeStats(a, bigint) {
  if (a === null || a === undefined) return undefined;
  if (bigint) {
    const b = a.map((n) => BigInt(n));
    const ns = (i) => b[i] * 1000000000n + b[i + 1];
    return new BigIntStats(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
      ns(10), ns(12), ns(14), ns(16));
  }
  const ms = (i) => Number(a[i]) * 1e3 + a[i + 1] / 1e6;
  return new Stats(Number(a[0]), a[1], a[2], a[3], a[4], Number(a[5]), a[6], Number(a[7]), Number(a[8]),
    Number(a[9]), ms(10), ms(12), ms(14), ms(16));
}

// ------------------------------------------------------------------ Dirent

const kType = Symbol('type');

class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.parentPath = path;
    this.path = path;
    this[kType] = type;
  }

  isDirectory() { return this[kType] === 2; }
  isFile() { return this[kType] === 1; }
  isBlockDevice() { return this[kType] === 7; }
  isCharacterDevice() { return this[kType] === 6; }
  isSymbolicLink() { return this[kType] === 3; }
  isFIFO() { return this[kType] === 4; }
  isSocket() { return this[kType] === 5; }
}
hostClasses.add(Dirent);

const joinPath = (dir, name) => (dir.endsWith('/') ? dir + name : `${dir}/${name}`);

function readdirOptions(options) {
  options = getOptions(options, {});
  if (options.recursive !== undefined) validateBoolean(options.recursive, 'options.recursive');
  return {
    encoding: options.encoding,
    withFileTypes: Boolean(options.withFileTypes),
    recursive: Boolean(options.recursive),
    asBytes: options.encoding === 'buffer',
  };
}

const nameOf = (name, encoding) => {
  if (typeof name === 'string') {
    return encoding === undefined || encoding === null || isUtf8(encoding) ? name : decode(utf8Encode(name), encoding);
  }
  return decode(name, encoding);
};

// The binding's answer → names or Dirents, as readdir's options ask.
function readdirResult(result, path, options) {
  const { encoding, withFileTypes, recursive } = options;
  if (!recursive) {
    if (!withFileTypes) {
      return encoding === undefined || encoding === null || isUtf8(encoding) ? result : result.map((n) => nameOf(n, encoding));
    }
    const [names, types] = result;
    return names.map((name, i) => new Dirent(nameOf(name, encoding), types[i], path));
  }
  const out = [];
  for (const [relative, names, types] of result) {
    if (withFileTypes) {
      const parent = relative.length === 0 ? path : joinPath(path, typeof relative === 'string' ? relative : decodeUTF8(relative));
      for (let i = 0; i < names.length; i++) out.push(new Dirent(nameOf(names[i], encoding), types[i], parent));
    } else if (typeof relative === 'string') {
      for (const name of names) out.push(nameOf(relative.length === 0 ? name : `${relative}/${name}`, encoding));
    } else {
      for (const name of names) {
        const full = new Uint8Array(relative.length === 0 ? name.length : relative.length + 1 + name.length);
        if (relative.length === 0) full.set(name);
        else { full.set(relative); full[relative.length] = 47; full.set(name, relative.length + 1); }
        out.push(toBuffer(full));
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------ calling the binding

// Sync: one binding call; its system errors get Node's property order.
function call(name, ...args) {
  try {
    return binding[name](...args);
  } catch (error) {
    throw uvError(error);
  }
}

// Async: `done(err, result)` later, on the loop. A refusal of the permission model arrives
// synchronously, as in Node 20 (its callbacks get ERR_ACCESS_DENIED before the call returns).
function callAsync(name, done, ...args) {
  const complete = (error, result) => (error ? done(uvError(error)) : done(null, result));
  try {
    binding[`${name}Async`](complete, ...args);
  } catch (error) {
    if (error && error.code === 'ERR_ACCESS_DENIED') done(error);
    else throw error;
  }
}

function callPromise(name, ...args) {
  return new Promise((resolve, reject) => {
    callAsync(name, (error, result) => (error ? reject(error) : resolve(result)), ...args);
  });
}

function notSupported(name) {
  return nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `${name} is not supported by esmload`);
}

// mkdir's options: a mode, or { recursive, mode }.
function mkdirOptions(options) {
  let recursive = false;
  let mode = 0o777;
  if (typeof options === 'number' || typeof options === 'string') {
    mode = parseMode(options, 'mode', 0o777);
  } else if (options) {
    if (options.recursive !== undefined) recursive = validateBoolean(options.recursive, 'options.recursive');
    mode = parseMode(options.mode, 'mode', 0o777);
  }
  return { recursive, mode };
}

module.exports = {
  mkdirOptions,
  binding,
  constants,
  lazyBuffer,
  invalidArgValue,
  outOfRange,
  uvError,
  SystemError,
  systemError,
  makeCallback,
  getPath,
  getFd,
  isURL,
  validateInteger,
  validateBoolean,
  validateFunction,
  stringToFlags,
  parseMode,
  checkEncoding,
  getOptions,
  isUtf8,
  toBuffer,
  decode,
  encode,
  getData,
  toUnixTimestamp,
  Stats,
  BigIntStats,
  makeStats,
  Dirent,
  kType,
  readdirOptions,
  readdirResult,
  call,
  callAsync,
  callPromise,
  notSupported,
  customInspectSymbol,
};
