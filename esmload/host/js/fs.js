'use strict';

// node:fs — the sync and callback forms, on the Python binding (esmload/host/bindings/fs.py).
// Each sync function is one binding call; each callback function hands the binding a
// completion that runs on the event loop. fs.promises lives in internal/fs/promises, the
// streams in internal/fs/streams, Dir in internal/fs/dir (each loaded on first use).

const { nodeError, invalidArgType, describeReceived } = require('internal/errors');
const { hostClasses } = require('internal/util');
const { nextTick } = require('internal/microtasks');
const {
  constants, lazyBuffer, outOfRange, systemError, makeCallback, getPath, getFd,
  validateInteger, validateBoolean, stringToFlags, parseMode, getOptions, decode, getData,
  toUnixTimestamp, Stats, makeStats, Dirent, readdirOptions, readdirResult, call, callAsync,
  notSupported, isUtf8, toBuffer, encode,
  mkdirOptions,
} = require('internal/fs/utils');

const { F_OK, R_OK, W_OK, X_OK } = constants;
const noop = () => {};

// ------------------------------------------------------------------ helpers

const isFd = (value) => typeof value === 'number' && Number.isInteger(value) && value >= 0;

// (a, options, cb) or (a, cb): the callback last, options maybe missing.
function splitCallback(options, callback) {
  if (typeof options === 'function') return [undefined, options];
  return [options, makeCallback(callback)];
}

const resultOrUndefined = (value) => (value === null ? undefined : value);

function statOptions(options) {
  return { bigint: Boolean(options && options.bigint), throwIfNoEntry: !(options && options.throwIfNoEntry === false) };
}

function encodePath(path, encoding) {
  if (encoding === undefined || encoding === null || isUtf8(encoding)) return path;
  const bytes = typeof path === 'string' ? encode(path) : path;
  return decode(bytes, encoding);
}

function rmOptions(options) {
  if (options === undefined || options === null) return { recursive: false, force: false };
  if (typeof options !== 'object') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "options" argument must be of type object.${describeReceived(options)}`);
  }
  if (options.recursive !== undefined) validateBoolean(options.recursive, 'options.recursive');
  if (options.force !== undefined) validateBoolean(options.force, 'options.force');
  return { recursive: Boolean(options.recursive), force: Boolean(options.force) };
}

const eisdir = (path) => systemError('ERR_FS_EISDIR', 'Path is a directory', 'EISDIR', 'is a directory', 'rm', path);


function copyMode(mode) {
  if (mode === undefined || mode === null) return 0;
  validateInteger(mode, 'mode');
  if (mode < 0 || mode > 7) throw nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 && <= 7');
  return mode;
}

function accessMode(mode) {
  if (mode === undefined || mode === null) return F_OK;
  validateInteger(mode, 'mode');
  if (mode < 0 || mode > 7) throw nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 && <= 7');
  return mode;
}

function cpOptions(options) {
  options = options === undefined || options === null ? {} : options;
  if (typeof options !== 'object') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The "options" argument must be of type object.${describeReceived(options)}`);
  }
  if (typeof options.filter === 'function') throw notSupported('The "filter" option of fs.cp()');
  return {
    recursive: Boolean(options.recursive),
    force: options.force === undefined ? true : Boolean(options.force),
    errorOnExist: Boolean(options.errorOnExist),
  };
}

function cpCheck(src, dest) {
  const { resolve } = require('path');
  const from = resolve(src);
  const to = resolve(dest);
  if (from === to) {
    return systemError('ERR_FS_CP_EINVAL', 'Invalid src or dest', 'EINVAL', 'src and dest cannot be the same', 'cp', dest);
  }
  if (to.startsWith(from.endsWith('/') ? from : `${from}/`)) {
    return systemError('ERR_FS_CP_EINVAL', 'Invalid src or dest', 'EINVAL',
      `cannot copy ${src} to a subdirectory of self ${dest}`, 'cp', dest);
  }
  return null;
}

// The binding's [key, prefix, code, text, path] when cp refuses, as Node's SystemError.
const cpRefused = (refusal) => systemError(refusal[0], refusal[1], refusal[2], refusal[3], 'cp', refusal[4]);

function symlinkType(type) {
  if (type === undefined || type === null || type === 'dir' || type === 'file' || type === 'junction') return type;
  throw nodeError(Error, 'ERR_FS_INVALID_SYMLINK_TYPE', `Symlink type must be one of "dir", "file", or "junction". Received "${type}"`);
}

function lengthArg(len) {
  if (len === undefined || len === null) return 0;
  validateInteger(len, 'len');
  return Math.max(0, len);
}

// ------------------------------------------------------------------ whole files

function readFileSync(path, options) {
  options = getOptions(options, { flag: 'r' });
  const target = isFd(path) ? path : getPath(path);
  return decode(call('readFile', target, stringToFlags(options.flag, 'flags')), options.encoding);
}

function readFile(path, options, callback) {
  [options, callback] = splitCallback(options, callback);
  options = getOptions(options, { flag: 'r' });
  const target = isFd(path) ? path : getPath(path);
  const flags = stringToFlags(options.flag, 'flags');
  const { encoding } = options;
  callAsync('readFile', (err, bytes) => {
    if (err) return callback(err);
    let value;
    try {
      value = decode(bytes, encoding);
    } catch (error) {
      return callback(error);
    }
    return callback(null, value);
  }, target, flags);
}

function writeArgs(path, data, options, defaultFlag) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: defaultFlag });
  const bytes = getData(data, options.encoding);
  const flags = stringToFlags(options.flag, 'flags', defaultFlag);
  const mode = parseMode(options.mode, 'mode', 0o666);
  return [isFd(path) ? path : getPath(path, 'path'), bytes, flags, mode];
}

function writeFileSync(path, data, options) {
  call('writeFile', ...writeArgs(path, data, options, 'w'));
}

function writeFile(path, data, options, callback) {
  [options, callback] = splitCallback(options, callback);
  callAsync('writeFile', (err) => callback(err), ...writeArgs(path, data, options, 'w'));
}

function appendFileSync(path, data, options) {
  call('writeFile', ...writeArgs(path, data, options, 'a'));
}

function appendFile(path, data, options, callback) {
  [options, callback] = splitCallback(options, callback);
  callAsync('writeFile', (err) => callback(err), ...writeArgs(path, data, options, 'a'));
}

// ------------------------------------------------------------------ metadata

function existsSync(path) {
  try {
    path = getPath(path);
  } catch {
    return false;
  }
  return call('exists', path);
}

function exists(path, callback) {
  makeCallback(callback);
  try {
    path = getPath(path);
  } catch {
    callback(false);
    return;
  }
  callAsync('exists', (err, result) => callback(err ? false : result), path);
}
Object.defineProperty(exists, Symbol.for('nodejs.util.promisify.custom'), {
  value: (path) => new Promise((resolve) => exists(path, resolve)),
  configurable: true,
});

function statSync(path, options) {
  const { bigint, throwIfNoEntry } = statOptions(options);
  return makeStats(call('stat', getPath(path), throwIfNoEntry), bigint);
}

function lstatSync(path, options) {
  const { bigint, throwIfNoEntry } = statOptions(options);
  return makeStats(call('lstat', getPath(path), throwIfNoEntry), bigint);
}

function fstatSync(fd, options) {
  return makeStats(call('fstat', getFd(fd)), statOptions(options).bigint);
}

function statCallback(name, target, options, callback) {
  [options, callback] = splitCallback(options, callback);
  const { bigint } = statOptions(options);
  callAsync(name, (err, list) => (err ? callback(err) : callback(null, makeStats(list, bigint))), ...target);
}

function stat(path, options, callback) {
  statCallback('stat', [getPath(path), true], options, callback);
}

function lstat(path, options, callback) {
  statCallback('lstat', [getPath(path), true], options, callback);
}

function fstat(fd, options, callback) {
  statCallback('fstat', [getFd(fd)], options, callback);
}

function accessSync(path, mode) {
  call('access', getPath(path), accessMode(mode));
}

function access(path, mode, callback) {
  if (typeof mode === 'function') {
    callback = mode;
    mode = F_OK;
  }
  makeCallback(callback);
  callAsync('access', (err) => callback(err), getPath(path), accessMode(mode));
}

function readdirSync(path, options) {
  path = getPath(path);
  const opts = readdirOptions(options);
  return readdirResult(call('readdir', path, opts.withFileTypes, opts.recursive, opts.asBytes, true, 'scandir'), path, opts);
}

function readdir(path, options, callback) {
  [options, callback] = splitCallback(options, callback);
  path = getPath(path);
  const opts = readdirOptions(options);
  callAsync('readdir', (err, result) => {
    if (err) return callback(err);
    return callback(null, readdirResult(result, path, opts));
  }, path, opts.withFileTypes, opts.recursive, opts.asBytes, true, 'scandir');
}

function realpathSync(path, options) {
  options = getOptions(options, {});
  return encodePath(call('realpath', getPath(path), false), options.encoding);
}
realpathSync.native = function realpathSyncNative(path, options) {
  options = getOptions(options, {});
  return encodePath(call('realpath', getPath(path), true), options.encoding);
};

function realpathWith(native) {
  return (path, options, callback) => {
    [options, callback] = splitCallback(options, callback);
    options = getOptions(options, {});
    callAsync('realpath', (err, result) => (err ? callback(err) : callback(null, encodePath(result, options.encoding))),
      getPath(path), native);
  };
}
const realpath = realpathWith(false);
realpath.native = realpathWith(true);

function readlinkSync(path, options) {
  options = getOptions(options, {});
  const result = call('readlink', getPath(path), options.encoding === 'buffer');
  return typeof result === 'string' ? encodePath(result, options.encoding) : toBuffer(result);
}

function readlink(path, options, callback) {
  [options, callback] = splitCallback(options, callback);
  options = getOptions(options, {});
  callAsync('readlink', (err, result) => {
    if (err) return callback(err);
    return callback(null, typeof result === 'string' ? encodePath(result, options.encoding) : toBuffer(result));
  }, getPath(path), options.encoding === 'buffer');
}

// ------------------------------------------------------------------ changes

function mkdirSync(path, options) {
  const { recursive, mode } = mkdirOptions(options);
  return resultOrUndefined(call('mkdir', getPath(path), recursive, mode));
}

function mkdir(path, options, callback) {
  [options, callback] = splitCallback(options, callback);
  const { recursive, mode } = mkdirOptions(options);
  callAsync('mkdir', (err, first) => {
    if (err) return callback(err);
    return recursive ? callback(null, resultOrUndefined(first)) : callback(null);
  }, getPath(path), recursive, mode);
}

function mkdtempSync(prefix, options) {
  options = getOptions(options, {});
  return encodePath(call('mkdtemp', getPath(prefix, 'prefix')), options.encoding);
}

function mkdtemp(prefix, options, callback) {
  [options, callback] = splitCallback(options, callback);
  options = getOptions(options, {});
  callAsync('mkdtemp', (err, result) => (err ? callback(err) : callback(null, encodePath(result, options.encoding))),
    getPath(prefix, 'prefix'));
}

function renameSync(oldPath, newPath) {
  call('rename', getPath(oldPath, 'oldPath'), getPath(newPath, 'newPath'));
}

function rename(oldPath, newPath, callback) {
  makeCallback(callback);
  callAsync('rename', (err) => callback(err), getPath(oldPath, 'oldPath'), getPath(newPath, 'newPath'));
}

function unlinkSync(path) {
  call('unlink', getPath(path));
}

function unlink(path, callback) {
  makeCallback(callback);
  callAsync('unlink', (err) => callback(err), getPath(path));
}

function rmdirSync(path, options) {
  path = getPath(path);
  if (options && options.recursive) {
    if (call('rm', path, true, false) === 'EISDIR') throw eisdir(path);
    return;
  }
  call('rmdir', path);
}

function rmdir(path, options, callback) {
  [options, callback] = splitCallback(options, callback);
  path = getPath(path);
  if (options && options.recursive) {
    callAsync('rm', (err) => callback(err), path, true, false);
    return;
  }
  callAsync('rmdir', (err) => callback(err), path);
}

function rmSync(path, options) {
  path = getPath(path);
  const { recursive, force } = rmOptions(options);
  if (call('rm', path, recursive, force) === 'EISDIR') throw eisdir(path);
}

function rm(path, options, callback) {
  [options, callback] = splitCallback(options, callback);
  path = getPath(path);
  const { recursive, force } = rmOptions(options);
  callAsync('rm', (err, result) => {
    if (err) return callback(err);
    return result === 'EISDIR' ? callback(eisdir(path)) : callback(null);
  }, path, recursive, force);
}

function copyFileSync(src, dest, mode) {
  call('copyFile', getPath(src, 'src'), getPath(dest, 'dest'), copyMode(mode));
}

function copyFile(src, dest, mode, callback) {
  if (typeof mode === 'function') {
    callback = mode;
    mode = 0;
  }
  makeCallback(callback);
  callAsync('copyFile', (err) => callback(err), getPath(src, 'src'), getPath(dest, 'dest'), copyMode(mode));
}

function cpSync(src, dest, options) {
  src = getPath(src, 'src');
  dest = getPath(dest, 'dest');
  const opts = cpOptions(options);
  const invalid = cpCheck(src, dest);
  if (invalid) throw invalid;
  const refusal = call('cp', src, dest, opts.recursive, opts.force, opts.errorOnExist);
  if (refusal) throw cpRefused(refusal);
}

function cp(src, dest, options, callback) {
  [options, callback] = splitCallback(options, callback);
  src = getPath(src, 'src');
  dest = getPath(dest, 'dest');
  const opts = cpOptions(options);
  const invalid = cpCheck(src, dest);
  if (invalid) {
    nextTick(callback, invalid);
    return;
  }
  callAsync('cp', (err, result) => {
    if (err) return callback(err);
    return result ? callback(cpRefused(result)) : callback(null);
  }, src, dest, opts.recursive, opts.force, opts.errorOnExist);
}

function pathAndMode(name) {
  return [
    (path, mode) => { call(name, getPath(path), parseMode(mode, 'mode')); },
    (path, mode, callback) => {
      makeCallback(callback);
      callAsync(name, (err) => callback(err), getPath(path), parseMode(mode, 'mode'));
    },
  ];
}
const [chmodSync, chmod] = pathAndMode('chmod');
function fchmodSync(fd, mode) {
  call('fchmod', getFd(fd), parseMode(mode, 'mode'));
}

function fchmod(fd, mode, callback) {
  makeCallback(callback);
  callAsync('fchmod', (err) => callback(err), getFd(fd), parseMode(mode, 'mode'));
}
const hasLchmod = constants.O_SYMLINK !== undefined;
const [lchmodSync, lchmod] = hasLchmod ? pathAndMode('lchmod') : [undefined, undefined];

const ownerIds = (uid, gid) => [validateInteger(uid, 'uid', -1, 4294967295), validateInteger(gid, 'gid', -1, 4294967295)];

function chownSync(path, uid, gid) { call('chown', getPath(path), ...ownerIds(uid, gid)); }
function lchownSync(path, uid, gid) { call('lchown', getPath(path), ...ownerIds(uid, gid)); }
function fchownSync(fd, uid, gid) { call('fchown', getFd(fd), ...ownerIds(uid, gid)); }
function chown(path, uid, gid, callback) {
  makeCallback(callback);
  callAsync('chown', (err) => callback(err), getPath(path), ...ownerIds(uid, gid));
}
function lchown(path, uid, gid, callback) {
  makeCallback(callback);
  callAsync('lchown', (err) => callback(err), getPath(path), ...ownerIds(uid, gid));
}
function fchown(fd, uid, gid, callback) {
  makeCallback(callback);
  callAsync('fchown', (err) => callback(err), getFd(fd), ...ownerIds(uid, gid));
}

function symlinkSync(target, path, type) {
  symlinkType(type);
  call('symlink', getPath(target, 'target'), getPath(path));
}

function symlink(target, path, type, callback) {
  if (typeof type === 'function') {
    callback = type;
    type = undefined;
  }
  makeCallback(callback);
  symlinkType(type);
  callAsync('symlink', (err) => callback(err), getPath(target, 'target'), getPath(path));
}

function linkSync(existingPath, newPath) {
  call('link', getPath(existingPath, 'existingPath'), getPath(newPath, 'newPath'));
}

function link(existingPath, newPath, callback) {
  makeCallback(callback);
  callAsync('link', (err) => callback(err), getPath(existingPath, 'existingPath'), getPath(newPath, 'newPath'));
}

function utimesSync(path, atime, mtime) {
  call('utimes', getPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

function utimes(path, atime, mtime, callback) {
  makeCallback(callback);
  callAsync('utimes', (err) => callback(err), getPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

function lutimesSync(path, atime, mtime) {
  call('lutimes', getPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

function lutimes(path, atime, mtime, callback) {
  makeCallback(callback);
  callAsync('lutimes', (err) => callback(err), getPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

function futimesSync(fd, atime, mtime) {
  call('futimes', getFd(fd), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

function futimes(fd, atime, mtime, callback) {
  makeCallback(callback);
  callAsync('futimes', (err) => callback(err), getFd(fd), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

function truncateSync(path, len) {
  if (isFd(path)) return ftruncateSync(path, len);
  call('truncate', getPath(path), lengthArg(len));
  return undefined;
}

function truncate(path, len, callback) {
  if (typeof len === 'function') {
    callback = len;
    len = 0;
  }
  if (isFd(path)) return ftruncate(path, len, callback);
  makeCallback(callback);
  callAsync('truncate', (err) => callback(err), getPath(path), lengthArg(len));
  return undefined;
}

// ------------------------------------------------------------------ file descriptors

function openSync(path, flags, mode) {
  return call('open', getPath(path), stringToFlags(flags), parseMode(mode, 'mode', 0o666));
}

function open(path, flags, mode, callback) {
  if (typeof flags === 'function') {
    callback = flags;
    flags = undefined;
    mode = undefined;
  } else if (typeof mode === 'function') {
    callback = mode;
    mode = undefined;
  }
  makeCallback(callback);
  callAsync('open', callback, getPath(path), stringToFlags(flags), parseMode(mode, 'mode', 0o666));
}

function closeSync(fd) {
  call('close', getFd(fd));
}

function close(fd, callback = noop) {
  getFd(fd);
  if (callback !== noop) makeCallback(callback);
  callAsync('close', (err) => callback(err), fd);
}

const fdOnly = (name) => [
  (fd) => { call(name, getFd(fd)); },
  (fd, callback) => {
    makeCallback(callback);
    callAsync(name, (err) => callback(err), getFd(fd));
  },
];
const [fsyncSync, fsync] = fdOnly('fsync');
const [fdatasyncSync, fdatasync] = fdOnly('fdatasync');

function ftruncateSync(fd, len) {
  call('ftruncate', getFd(fd), lengthArg(len));
}

function ftruncate(fd, len, callback) {
  if (typeof len === 'function') {
    callback = len;
    len = 0;
  }
  makeCallback(callback);
  callAsync('ftruncate', (err) => callback(err), getFd(fd), lengthArg(len));
}

function checkBuffer(buffer, name = 'buffer') {
  if (!ArrayBuffer.isView(buffer)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be an instance of Buffer, TypedArray, or DataView.${describeReceived(buffer)}`);
  }
  return buffer;
}

const bytesOf = (view) => (view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

function positionArg(position) {
  if (position === undefined || position === null) return null;
  if (typeof position === 'bigint') position = Number(position);
  if (typeof position !== 'number') throw invalidArgType('position', 'number', position);
  if (!Number.isInteger(position)) throw outOfRange('position', 'an integer', position);
  return position < 0 ? null : position;
}

// [buffer, offset, length, position] of read/readSync's several signatures.
function readArgs(buffer, offset, length, position) {
  if (buffer !== null && typeof buffer === 'object' && !ArrayBuffer.isView(buffer)) {
    ({ buffer = lazyBuffer().alloc(16384), offset, length, position } = buffer);
  } else if (offset !== null && typeof offset === 'object') {
    ({ offset, length, position } = offset);
  }
  checkBuffer(buffer);
  if (offset === undefined || offset === null) offset = 0;
  else if (typeof offset === 'bigint') offset = Number(offset);
  validateInteger(offset, 'offset', 0);
  const size = buffer.byteLength;
  if (length === undefined || length === null) length = size - offset;
  validateInteger(length, 'length', Number.MIN_SAFE_INTEGER);
  if (length < 0) throw outOfRange('length', '>= 0', length);
  if (length > size - offset) throw outOfRange('length', `<= ${size - offset}`, length);
  return [buffer, offset, length, positionArg(position)];
}

function readSync(fd, buffer, offset, length, position) {
  getFd(fd);
  [buffer, offset, length, position] = readArgs(buffer, offset, length, position);
  if (length === 0) return 0;
  const bytes = call('read', fd, length, position);
  bytesOf(buffer).set(bytes, offset);
  return bytes.length;
}

function read(fd, buffer, offset, length, position, callback) {
  getFd(fd);
  const args = [buffer, offset, length, position, callback];
  let last = args.length - 1;
  while (last > 0 && args[last] === undefined) last--;
  callback = makeCallback(args[last]);
  args[last] = undefined;
  if (last === 0) args[0] = {};
  [buffer, offset, length, position] = readArgs(args[0], args[1], args[2], args[3]);
  if (length === 0) {
    nextTick(callback, null, 0, buffer);
    return;
  }
  callAsync('read', (err, bytes) => {
    if (err) return callback(err);
    bytesOf(buffer).set(bytes, offset);
    return callback(null, bytes.length, buffer);
  }, fd, length, position);
}

// [bytes to write, position, what the callback returns] of write/writeSync's signatures.
function writeArgs2(buffer, offset, length, position) {
  if (ArrayBuffer.isView(buffer)) {
    if (offset !== null && typeof offset === 'object') ({ offset, length, position } = offset);
    if (offset === undefined || offset === null) offset = 0;
    validateInteger(offset, 'offset', 0);
    const size = buffer.byteLength;
    if (offset > size) throw outOfRange('offset', `>= 0 && <= ${size}`, offset);
    if (length === undefined || length === null) length = size - offset;
    validateInteger(length, 'length', 0);
    if (length > size - offset) throw outOfRange('length', `<= ${size - offset}`, length);
    return [bytesOf(buffer).subarray(offset, offset + length), positionArg(position)];
  }
  if (typeof buffer !== 'string') {
    throw invalidArgType('buffer', 'string or an instance of Buffer, TypedArray, or DataView', buffer);
  }
  // write(fd, string, position, encoding)
  return [encode(buffer, length === undefined || length === null ? 'utf8' : length), positionArg(offset)];
}

function writeSync(fd, buffer, offset, length, position) {
  getFd(fd);
  const [bytes, pos] = writeArgs2(buffer, offset, length, position);
  return call('write', fd, bytes, pos);
}

function write(fd, buffer, offset, length, position, callback) {
  getFd(fd);
  const args = [offset, length, position, callback];
  let last = args.length - 1;
  while (last >= 0 && args[last] === undefined) last--;
  callback = makeCallback(args[last]);
  args[last] = undefined;
  const [bytes, pos] = writeArgs2(buffer, args[0], args[1], args[2]);
  callAsync('write', (err, written) => (err ? callback(err) : callback(null, written, buffer)), fd, bytes, pos);
}

function checkBuffers(buffers) {
  if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
    throw invalidArgType('buffers', 'an instance of ArrayBufferView[]', buffers);
  }
  return buffers;
}

function concatViews(buffers) {
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    out.set(bytesOf(b), at);
    at += b.byteLength;
  }
  return out;
}

function spread(bytes, buffers) {
  let at = 0;
  for (const b of buffers) {
    if (at >= bytes.length) break;
    const part = bytes.subarray(at, at + b.byteLength);
    bytesOf(b).set(part);
    at += part.length;
  }
  return bytes.length;
}

function writevSync(fd, buffers, position) {
  getFd(fd);
  return call('write', fd, concatViews(checkBuffers(buffers)), positionArg(position));
}

function writev(fd, buffers, position, callback) {
  if (typeof position === 'function') {
    callback = position;
    position = null;
  }
  getFd(fd);
  makeCallback(callback);
  callAsync('write', (err, written) => (err ? callback(err) : callback(null, written, buffers)),
    fd, concatViews(checkBuffers(buffers)), positionArg(position));
}

function readvSync(fd, buffers, position) {
  getFd(fd);
  const total = checkBuffers(buffers).reduce((sum, b) => sum + b.byteLength, 0);
  return spread(call('read', fd, total, positionArg(position)), buffers);
}

function readv(fd, buffers, position, callback) {
  if (typeof position === 'function') {
    callback = position;
    position = null;
  }
  getFd(fd);
  makeCallback(callback);
  const total = checkBuffers(buffers).reduce((sum, b) => sum + b.byteLength, 0);
  callAsync('read', (err, bytes) => (err ? callback(err) : callback(null, spread(bytes, buffers), buffers)),
    fd, total, positionArg(position));
}

// ------------------------------------------------------------------ Dir, watchers, blobs

const { Dir, opendir, opendirSync } = require('internal/fs/dir');

function statfs() { throw notSupported('fs.statfs()'); }
function statfsSync() { throw notSupported('fs.statfsSync()'); }
function watch() { throw notSupported('fs.watch()'); }
function watchFile() { throw notSupported('fs.watchFile()'); }
function unwatchFile() {}

function openAsBlob(path, options) {
  path = getPath(path);
  const type = options && options.type !== undefined ? String(options.type) : '';
  return new Promise((resolve, reject) => {
    callAsync('readFile', (err, bytes) => {
      if (err) return reject(err);
      const { Blob } = require('buffer');
      return resolve(new Blob([bytes], { type }));
    }, path, constants.O_RDONLY);
  });
}

// ------------------------------------------------------------------ streams (loaded on use)

const streams = () => require('internal/fs/streams');

function ReadStream(path, options) {
  if (!new.target) return new ReadStream(path, options);
  return streams().constructReadStream(new.target, path, options);
}

function WriteStream(path, options) {
  if (!new.target) return new WriteStream(path, options);
  return streams().constructWriteStream(new.target, path, options);
}
hostClasses.add(ReadStream);
hostClasses.add(WriteStream);

const createReadStream = (path, options) => new ReadStream(path, options);
const createWriteStream = (path, options) => new WriteStream(path, options);

// ------------------------------------------------------------------ the module

const fs = {
  appendFile, appendFileSync, access, accessSync, chown, chownSync, chmod, chmodSync, close, closeSync,
  copyFile, copyFileSync, cp, cpSync, createReadStream, createWriteStream, exists, existsSync, fchown,
  fchownSync, fchmod, fchmodSync, fdatasync, fdatasyncSync, fstat, fstatSync, fsync, fsyncSync, ftruncate,
  ftruncateSync, futimes, futimesSync, lchown, lchownSync, lchmod, lchmodSync, link, linkSync, lstat,
  lstatSync, lutimes, lutimesSync, mkdir, mkdirSync, mkdtemp, mkdtempSync, open, openSync, openAsBlob,
  readdir, readdirSync, read, readSync, readv, readvSync, readFile, readFileSync, readlink, readlinkSync,
  realpath, realpathSync, rename, renameSync, rm, rmSync, rmdir, rmdirSync, stat,
  statfs, statSync, statfsSync,
  symlink, symlinkSync, truncate, truncateSync, unwatchFile, unlink, unlinkSync, utimes, utimesSync, watch,
  watchFile, writeFile, writeFileSync, write, writeSync, writev, writevSync, Dirent, Stats, ReadStream,
  WriteStream, FileReadStream: ReadStream, FileWriteStream: WriteStream,
  _toUnixTimestamp: toUnixTimestamp,
  Dir, opendir, opendirSync, F_OK, R_OK, W_OK, X_OK, constants,
  promises: undefined,
};
hostClasses.add(Stats);
hostClasses.add(Dirent);
Object.defineProperty(fs, 'promises', {
  get() { return require('internal/fs/promises'); },
  enumerable: true,
  configurable: true,
});

module.exports = fs;
