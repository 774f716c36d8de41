'use strict';

// fs.promises (node:fs/promises) and FileHandle, on the binding's async functions.

const { nodeError, invalidArgType } = require('internal/errors');
const { hostClasses } = require('internal/util');
const {
  constants, lazyBuffer, outOfRange, getPath, validateInteger, validateBoolean,
  stringToFlags, parseMode, getOptions, decode, encode, getData, toUnixTimestamp, makeStats,
  readdirOptions, readdirResult, callPromise, notSupported, isUtf8,
  mkdirOptions,
} = require('internal/fs/utils');

const fs = require('fs');

const kFd = Symbol('kFd');
const kClosing = Symbol('kClosing');

function encodePath(path, encoding) {
  if (encoding === undefined || encoding === null || isUtf8(encoding)) return path;
  return decode(typeof path === 'string' ? encode(path) : path, encoding);
}

const statFlags = (options) => Boolean(options && options.bigint);

const closedError = (syscall) => {
  const error = new Error('file closed');
  error.code = 'EBADF';
  error.syscall = syscall;
  return error;
};

// The bytes of writeFile's data: strings, views, and (promises only) iterables of those.
async function dataBytes(data, encoding) {
  const direct = encode(data, encoding);
  if (direct !== undefined) return direct;
  if (data !== null && typeof data === 'object' &&
      (typeof data[Symbol.asyncIterator] === 'function' || typeof data[Symbol.iterator] === 'function')) {
    const parts = [];
    for await (const chunk of data) parts.push(getData(chunk, encoding));
    const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.byteLength;
    }
    return out;
  }
  return getData(data, encoding);
}

function positionArg(position) {
  if (position === undefined || position === null) return null;
  if (typeof position === 'bigint') position = Number(position);
  if (typeof position !== 'number') throw invalidArgType('position', 'number', position);
  return position < 0 ? null : position;
}

// FileHandle's results are objects without a prototype, as in Node.
const record = (fields) => Object.assign(Object.create(null), fields);

const bytesOf = (view) => (view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

class FileHandle {
  constructor(fd) {
    this[kFd] = fd;
    this[kClosing] = null;
  }

  get fd() { return this[kFd]; }

  #live(syscall) {
    if (this[kFd] < 0) throw closedError(syscall);
    return this[kFd];
  }

  async read(buffer, offset, length, position) {
    const fd = this.#live('read');
    if (buffer === undefined || buffer === null || (typeof buffer === 'object' && !ArrayBuffer.isView(buffer))) {
      ({ buffer = lazyBuffer().alloc(16384), offset = 0, length, position = null } = buffer || {});
    } else if (offset !== null && typeof offset === 'object') {
      ({ offset = 0, length, position = null } = offset);
    }
    if (!ArrayBuffer.isView(buffer)) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        'The "buffer" argument must be an instance of Buffer, TypedArray, or DataView.');
    }
    if (offset === undefined || offset === null) offset = 0;
    validateInteger(offset, 'offset', 0);
    if (length === undefined || length === null) length = buffer.byteLength - offset;
    validateInteger(length, 'length', 0);
    if (length > buffer.byteLength - offset) throw outOfRange('length', `<= ${buffer.byteLength - offset}`, length);
    if (length === 0) return record({ bytesRead: 0, buffer });
    const bytes = await callPromise('read', fd, length, positionArg(position));
    bytesOf(buffer).set(bytes, offset);
    return record({ bytesRead: bytes.length, buffer });
  }

  async write(buffer, offset, length, position) {
    const fd = this.#live('write');
    let bytes;
    let pos;
    if (ArrayBuffer.isView(buffer)) {
      if (offset !== null && typeof offset === 'object') ({ offset = 0, length, position = null } = offset);
      if (offset === undefined || offset === null) offset = 0;
      validateInteger(offset, 'offset', 0);
      if (length === undefined || length === null) length = buffer.byteLength - offset;
      validateInteger(length, 'length', 0);
      bytes = bytesOf(buffer).subarray(offset, offset + length);
      pos = positionArg(position);
    } else if (typeof buffer === 'string') {
      bytes = encode(buffer, length === undefined || length === null ? 'utf8' : length);
      pos = positionArg(offset);
    } else {
      throw invalidArgType('buffer', 'string or an instance of Buffer, TypedArray, or DataView', buffer);
    }
    const bytesWritten = await callPromise('write', fd, bytes, pos);
    return record({ bytesWritten, buffer });
  }

  async readv(buffers, position) {
    const fd = this.#live('read');
    const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
    const bytes = await callPromise('read', fd, total, positionArg(position));
    let at = 0;
    for (const b of buffers) {
      const part = bytes.subarray(at, at + b.byteLength);
      bytesOf(b).set(part);
      at += part.length;
    }
    return record({ bytesRead: bytes.length, buffers });
  }

  async writev(buffers, position) {
    let bytesWritten = 0;
    for (const b of buffers) {
      // eslint-disable-next-line no-await-in-loop
      const { bytesWritten: n } = await this.write(b, 0, b.byteLength, position);
      bytesWritten += n;
      if (typeof position === 'number' && position >= 0) position += n;
    }
    return record({ bytesWritten, buffers });
  }

  async readFile(options) {
    const fd = this.#live('read');
    options = getOptions(options, {});
    return decode(await callPromise('readFile', fd, 0), options.encoding);
  }

  async writeFile(data, options) {
    const fd = this.#live('write');
    options = getOptions(options, { encoding: 'utf8' });
    await callPromise('writeFile', fd, await dataBytes(data, options.encoding), 0, 0);
  }

  appendFile(data, options) {
    return this.writeFile(data, options);
  }

  async stat(options) {
    return makeStats(await callPromise('fstat', this.#live('fstat')), statFlags(options));
  }

  async truncate(len = 0) {
    validateInteger(len, 'len');
    await callPromise('ftruncate', this.#live('ftruncate'), Math.max(0, len));
  }

  async sync() { await callPromise('fsync', this.#live('fsync')); }

  async datasync() { await callPromise('fdatasync', this.#live('fdatasync')); }

  async chmod(mode) { await callPromise('fchmod', this.#live('fchmod'), parseMode(mode, 'mode')); }

  async chown(uid, gid) {
    await callPromise('fchown', this.#live('fchown'), validateInteger(uid, 'uid', -1), validateInteger(gid, 'gid', -1));
  }

  async utimes(atime, mtime) {
    await callPromise('futimes', this.#live('futime'), toUnixTimestamp(atime), toUnixTimestamp(mtime));
  }

  close() {
    if (this[kFd] < 0) return this[kClosing] || Promise.resolve();
    const fd = this[kFd];
    this[kFd] = -1;
    this[kClosing] = callPromise('close', fd).then(() => undefined);
    return this[kClosing];
  }

  createReadStream(options) {
    return fs.createReadStream(null, { ...options, fd: this });
  }

  createWriteStream(options) {
    return fs.createWriteStream(null, { ...options, fd: this });
  }

  readLines(options) {
    const { createInterface } = require('readline');
    return createInterface({ input: this.createReadStream(options), crlfDelay: Infinity });
  }
}
if (typeof Symbol.asyncDispose === 'symbol') {
  FileHandle.prototype[Symbol.asyncDispose] = function asyncDispose() { return this.close(); };
}
hostClasses.add(FileHandle);

// ------------------------------------------------------------------ functions

async function open(path, flags, mode) {
  path = getPath(path);
  const fd = await callPromise('open', path, stringToFlags(flags), parseMode(mode, 'mode', 0o666));
  return new FileHandle(fd);
}

const target = (path) => (path instanceof FileHandle ? path.fd : getPath(path));

async function readFile(path, options) {
  options = getOptions(options, { flag: 'r' });
  const bytes = await callPromise('readFile', target(path), stringToFlags(options.flag, 'flags'));
  return decode(bytes, options.encoding);
}

async function writeWith(path, data, options, defaultFlag) {
  options = getOptions(options, { encoding: 'utf8', mode: 0o666, flag: defaultFlag });
  const flags = stringToFlags(options.flag, 'flags', defaultFlag);
  const mode = parseMode(options.mode, 'mode', 0o666);
  const file = target(path);
  const bytes = await dataBytes(data, options.encoding);
  await callPromise('writeFile', file, bytes, flags, mode);
}

const writeFile = (path, data, options) => writeWith(path, data, options, 'w');
const appendFile = (path, data, options) => writeWith(path, data, options, 'a');

async function access(path, mode = constants.F_OK) {
  validateInteger(mode, 'mode');
  if (mode < 0 || mode > 7) throw nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 && <= 7');
  await callPromise('access', getPath(path), mode);
}

async function stat(path, options) {
  return makeStats(await callPromise('stat', getPath(path), true), statFlags(options));
}

async function lstat(path, options) {
  return makeStats(await callPromise('lstat', getPath(path), true), statFlags(options));
}

async function readdir(path, options) {
  path = getPath(path);
  const opts = readdirOptions(options);
  const result = await callPromise('readdir', path, opts.withFileTypes, opts.recursive, opts.asBytes, true, 'scandir');
  return readdirResult(result, path, opts);
}

async function mkdir(path, options) {
  const { recursive, mode } = mkdirOptions(options);
  const first = await callPromise('mkdir', getPath(path), recursive, mode);
  return first === null ? undefined : first;
}

async function mkdtemp(prefix, options) {
  options = getOptions(options, {});
  return encodePath(await callPromise('mkdtemp', getPath(prefix, 'prefix')), options.encoding);
}

async function realpath(path, options) {
  options = getOptions(options, {});
  return encodePath(await callPromise('realpath', getPath(path), true), options.encoding);
}

async function readlink(path, options) {
  options = getOptions(options, {});
  const result = await callPromise('readlink', getPath(path), options.encoding === 'buffer');
  return typeof result === 'string' ? encodePath(result, options.encoding) : decode(result);
}

async function rename(oldPath, newPath) {
  await callPromise('rename', getPath(oldPath, 'oldPath'), getPath(newPath, 'newPath'));
}

async function unlink(path) {
  await callPromise('unlink', getPath(path));
}

async function rmdir(path, options) {
  path = getPath(path);
  if (options && options.recursive) {
    await callPromise('rm', path, true, false);
    return;
  }
  await callPromise('rmdir', path);
}

const promisified = (fn) => (...args) => new Promise((resolve, reject) => {
  fn(...args, (err, value) => (err ? reject(err) : resolve(value)));
});

const rm = promisified(fs.rm);
const cp = promisified(fs.cp);

async function copyFile(src, dest, mode = 0) {
  validateInteger(mode, 'mode');
  if (mode < 0 || mode > 7) throw nodeError(RangeError, 'ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 && <= 7');
  await callPromise('copyFile', getPath(src, 'src'), getPath(dest, 'dest'), mode);
}

async function truncate(path, len = 0) {
  validateInteger(len, 'len');
  await callPromise('truncate', getPath(path), Math.max(0, len));
}

async function symlink(targetPath, path, type) {
  if (type !== undefined && type !== null && type !== 'dir' && type !== 'file' && type !== 'junction') {
    throw nodeError(Error, 'ERR_FS_INVALID_SYMLINK_TYPE',
      `Symlink type must be one of "dir", "file", or "junction". Received "${type}"`);
  }
  await callPromise('symlink', getPath(targetPath, 'target'), getPath(path));
}

async function link(existingPath, newPath) {
  await callPromise('link', getPath(existingPath, 'existingPath'), getPath(newPath, 'newPath'));
}

async function chmod(path, mode) {
  await callPromise('chmod', getPath(path), parseMode(mode, 'mode'));
}

const lchmod = constants.O_SYMLINK === undefined ? undefined : async (path, mode) => {
  await callPromise('lchmod', getPath(path), parseMode(mode, 'mode'));
};

async function chown(path, uid, gid) {
  await callPromise('chown', getPath(path), validateInteger(uid, 'uid', -1), validateInteger(gid, 'gid', -1));
}

async function lchown(path, uid, gid) {
  await callPromise('lchown', getPath(path), validateInteger(uid, 'uid', -1), validateInteger(gid, 'gid', -1));
}

async function utimes(path, atime, mtime) {
  await callPromise('utimes', getPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

async function lutimes(path, atime, mtime) {
  await callPromise('lutimes', getPath(path), toUnixTimestamp(atime), toUnixTimestamp(mtime));
}

const opendir = promisified(fs.opendir);

async function statfs() { throw notSupported('fs.promises.statfs()'); }
function watch() { throw notSupported('fs.promises.watch()'); }

module.exports = {
  access, copyFile, cp, open, opendir, rename, truncate, rm, rmdir, mkdir, readdir, readlink, symlink,
  lstat, stat, statfs, link, unlink, chmod, lchmod, lchown, chown, utimes, lutimes, realpath, mkdtemp,
  writeFile, appendFile, readFile, watch, constants,
};
Object.defineProperty(module.exports, 'FileHandle', { value: FileHandle, enumerable: false, configurable: true });
