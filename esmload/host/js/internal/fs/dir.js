'use strict';

// fs.Dir, fs.opendir and fs.opendirSync. The entries are read when the directory is opened
// (in the order the system lists them, as Node's Dir does); read() hands them out one by one.

const { nodeError } = require('internal/errors');
const { hostClasses } = require('internal/util');
const { nextTick } = require('internal/microtasks');
const {
  getPath, getOptions, makeCallback, readdirResult, call, callAsync,
} = require('internal/fs/utils');

const kEntries = Symbol('kDirEntries');
const kPath = Symbol('kDirPath');
const kClosed = Symbol('kDirClosed');

const dirClosed = () => nodeError(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed');

class Dir {
  constructor(path, entries) {
    this[kPath] = path;
    this[kEntries] = entries;
    this[kClosed] = false;
  }

  get path() { return this[kPath]; }

  readSync() {
    if (this[kClosed]) throw dirClosed();
    return this[kEntries].length === 0 ? null : this[kEntries].shift();
  }

  read(callback) {
    if (callback === undefined) {
      return new Promise((resolve, reject) => {
        try {
          resolve(this.readSync());
        } catch (error) {
          reject(error);
        }
      });
    }
    makeCallback(callback);
    if (this[kClosed]) throw dirClosed();
    const entry = this.readSync();
    nextTick(callback, null, entry);
    return undefined;
  }

  closeSync() {
    if (this[kClosed]) throw dirClosed();
    this[kClosed] = true;
    this[kEntries] = [];
  }

  close(callback) {
    if (callback === undefined) {
      return new Promise((resolve, reject) => {
        try {
          this.closeSync();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    }
    makeCallback(callback);
    try {
      this.closeSync();
    } catch (error) {
      nextTick(callback, error);
      return undefined;
    }
    nextTick(callback, null);
    return undefined;
  }

  async* entries() {
    try {
      for (;;) {
        const entry = await this.read();
        if (entry === null) break;
        yield entry;
      }
    } finally {
      if (!this[kClosed]) this.closeSync();
    }
  }

  [Symbol.asyncIterator]() { return this.entries(); }
}
if (typeof Symbol.asyncDispose === 'symbol') {
  Dir.prototype[Symbol.asyncDispose] = async function asyncDispose() {
    if (!this[kClosed]) this.closeSync();
  };
}
if (typeof Symbol.dispose === 'symbol') {
  Dir.prototype[Symbol.dispose] = function dispose() {
    if (!this[kClosed]) this.closeSync();
  };
}
hostClasses.add(Dir);

function dirOptions(options) {
  options = getOptions(options, { encoding: 'utf8' });
  return { encoding: options.encoding, withFileTypes: true, recursive: Boolean(options.recursive), asBytes: options.encoding === 'buffer' };
}

function opendirSync(path, options) {
  path = getPath(path);
  const opts = dirOptions(options);
  let result;
  try {
    result = call('readdir', path, true, opts.recursive, opts.asBytes, false, 'opendir');
  } catch (error) {
    // Node's opendirSync names no path
    if (error && error.syscall === 'opendir' && error.path !== undefined) {
      delete error.path;
      error.message = error.message.slice(0, error.message.lastIndexOf(' \''));
    }
    throw error;
  }
  return new Dir(path, readdirResult(result, path, opts));
}

function opendir(path, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  makeCallback(callback);
  path = getPath(path);
  const opts = dirOptions(options);
  callAsync('readdir', (err, result) => {
    if (err) return callback(err);
    return callback(null, new Dir(path, readdirResult(result, path, opts)));
  }, path, true, opts.recursive, opts.asBytes, false, 'opendir');
}

module.exports = {
  Dir,
  opendir,
  opendirSync,
};
