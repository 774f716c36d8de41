'use strict';

// fs.ReadStream and fs.WriteStream on the stream module's Readable and Writable. fs.js
// defines the two constructors (so that `fs.ReadStream` exists without loading streams);
// the first stream made here links them to Readable/Writable and gives them their methods.

const { nodeError } = require('internal/errors');
const { nextTick } = require('internal/microtasks');
const {
  getPath, getFd, validateInteger, stringToFlags, parseMode, getOptions, outOfRange, toBuffer,
  callAsync, encode,
} = require('internal/fs/utils');

const fs = require('fs');
const { Readable, Writable, finished } = require('stream');

const kHandle = Symbol('kHandle');
const kBusy = Symbol('kBusy'); // a read or write in flight: close waits for it
const kAfterBusy = Symbol('kAfterBusy');

let linked = false;

function link() {
  if (linked) return;
  linked = true;
  const { ReadStream, WriteStream } = fs;
  Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
  Object.setPrototypeOf(ReadStream, Readable);
  Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
  Object.setPrototypeOf(WriteStream, Writable);
  for (const C of [ReadStream, WriteStream]) {
    Object.defineProperty(C.prototype, 'pending', {
      get() { return this.fd === null; },
      configurable: true,
    });
    for (const [name, value] of Object.entries(common)) {
      Object.defineProperty(C.prototype, name, { value, writable: true, configurable: true });
    }
  }
  for (const [name, value] of Object.entries(readMethods)) {
    Object.defineProperty(ReadStream.prototype, name, { value, writable: true, configurable: true });
  }
  for (const [name, value] of Object.entries(writeMethods)) {
    Object.defineProperty(WriteStream.prototype, name, { value, writable: true, configurable: true });
  }
}

const isFileHandle = (value) => value !== null && typeof value === 'object' &&
  typeof value.close === 'function' && typeof value.fd === 'number';

function settle(stream) {
  stream[kBusy] = false;
  const after = stream[kAfterBusy];
  if (after) {
    stream[kAfterBusy] = null;
    after();
  }
}

function closeFd(stream, error, cb) {
  const fd = stream.fd;
  const handle = stream[kHandle];
  stream.fd = null;
  if (handle) {
    handle.close().then(() => cb(error), (closeError) => cb(error || closeError));
  } else if (typeof fd === 'number') {
    fs.close(fd, (closeError) => cb(error || closeError));
  } else {
    cb(error);
  }
}

const common = {
  _construct(callback) {
    if (typeof this.fd === 'number') {
      callback();
      return;
    }
    fs.open(this.path, this.flags, this.mode, (error, fd) => {
      if (error) {
        callback(error);
        return;
      }
      this.fd = fd;
      callback();
      this.emit('open', fd);
      this.emit('ready');
    });
  },

  _destroy(error, callback) {
    const finish = () => {
      if (this.autoClose === false && !this[kHandle]) callback(error);
      else closeFd(this, error, callback);
    };
    if (this[kBusy]) this[kAfterBusy] = finish;
    else finish();
  },
};

const readMethods = {
  _read(n) {
    // `end` is inclusive; without `start` the reads go on from the file's position
    const length = Math.min(n, (this.pos !== undefined ? this.end - this.pos : this.end - this.bytesRead) + 1);
    if (length <= 0) {
      this.push(null);
      return;
    }
    this[kBusy] = true;
    callAsync('read', (error, bytes) => {
      settle(this);
      if (this.destroyed) return;
      if (error) {
        this.destroy(error);
      } else if (bytes.length > 0) {
        if (this.pos !== undefined) this.pos += bytes.length;
        this.bytesRead += bytes.length;
        this.push(toBuffer(bytes));
      } else {
        this.push(null);
      }
    }, this.fd, length, this.pos === undefined ? null : this.pos);
  },

  close(callback) {
    if (typeof callback === 'function') finished(this, callback);
    this.destroy();
  },
};

const writeMethods = {
  _write(chunk, encoding, callback) {
    const bytes = typeof chunk === 'string' ? encode(chunk, encoding) : encode(chunk);
    this[kBusy] = true;
    callAsync('write', (error, written) => {
      settle(this);
      if (error) {
        callback(error);
        return;
      }
      this.bytesWritten += written;
      if (this.pos !== undefined) this.pos += written;
      if (written < bytes.length) {
        writeMethods._write.call(this, bytes.subarray(written), encoding, callback);
        return;
      }
      callback();
    }, this.fd, bytes, this.pos === undefined ? null : this.pos);
  },

  _writev(chunks, callback) {
    const parts = chunks.map(({ chunk, encoding }) => (typeof chunk === 'string' ? encode(chunk, encoding) : encode(chunk)));
    const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.byteLength;
    }
    writeMethods._write.call(this, all, 'buffer', callback);
  },

  _final(callback) {
    if (!this.flush) {
      callback();
      return;
    }
    fs.fsync(this.fd, (error) => callback(error));
  },

  close(callback) {
    if (callback) {
      if (this.closed) {
        nextTick(callback);
        return;
      }
      this.on('close', callback);
    }
    if (!this.autoClose) this.on('finish', this.destroy);
    this.end();
  },

  destroySoon(...args) {
    return this.end(...args);
  },
};

function streamOptions(options) {
  options = getOptions(options, {});
  return { ...options };
}

function openTarget(stream, path, options) {
  stream[kHandle] = null;
  stream[kBusy] = false;
  stream[kAfterBusy] = null;
  const fd = options.fd;
  if (fd !== undefined && fd !== null) {
    if (isFileHandle(fd)) {
      stream[kHandle] = fd;
      stream.fd = fd.fd;
    } else {
      stream.fd = getFd(fd, 'fd');
    }
    stream.path = undefined;
  } else {
    stream.fd = null;
    stream.path = typeof path === 'string' ? path : getPath(path);
    if (typeof path !== 'string') stream.path = path instanceof Uint8Array ? toBuffer(path) : stream.path;
  }
  stream.flags = options.flags === undefined ? undefined : options.flags;
  stream.mode = parseMode(options.mode, 'mode', 0o666);
}

function startEnd(stream, options, withEnd) {
  stream.start = options.start;
  if (stream.start !== undefined) validateInteger(stream.start, 'start', 0);
  if (withEnd) {
    stream.end = options.end === undefined || options.end === null ? Infinity : options.end;
    if (stream.end !== Infinity) {
      validateInteger(stream.end, 'end', 0);
      if (stream.start !== undefined && stream.start > stream.end) {
        throw outOfRange('start', `<= "end" (here: ${stream.end})`, stream.start);
      }
    }
  }
  stream.pos = stream.start;
}

function constructReadStream(newTarget, path, options) {
  link();
  options = streamOptions(options);
  const readableOptions = {
    highWaterMark: options.highWaterMark === undefined ? 64 * 1024 : options.highWaterMark,
    encoding: options.encoding,
    emitClose: options.emitClose === undefined ? true : options.emitClose,
    autoDestroy: options.autoClose === undefined ? true : options.autoClose,
    signal: options.signal,
  };
  if (options.encoding === undefined) readableOptions.encoding = null;
  const hasFd = options.fd !== undefined && options.fd !== null;
  if (!hasFd) getPath(path);
  stringToFlags(options.flags, 'flags', 'r');
  const stream = Reflect.construct(Readable, [readableOptions], newTarget);
  openTarget(stream, path, options);
  if (stream.flags === undefined) stream.flags = 'r';
  startEnd(stream, options, true);
  stream.bytesRead = 0;
  stream.autoClose = options.autoClose === undefined ? true : options.autoClose;
  return stream;
}

function constructWriteStream(newTarget, path, options) {
  link();
  options = streamOptions(options);
  const writableOptions = {
    highWaterMark: options.highWaterMark,
    decodeStrings: true,
    defaultEncoding: options.encoding === undefined ? 'utf8' : options.encoding,
    emitClose: options.emitClose === undefined ? true : options.emitClose,
    autoDestroy: options.autoClose === undefined ? true : options.autoClose,
    signal: options.signal,
  };
  if (writableOptions.highWaterMark === undefined) delete writableOptions.highWaterMark;
  const hasFd = options.fd !== undefined && options.fd !== null;
  if (!hasFd) getPath(path);
  stringToFlags(options.flags, 'flags', 'w');
  if (options.flush !== undefined && typeof options.flush !== 'boolean') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "options.flush" property must be of type boolean.');
  }
  const stream = Reflect.construct(Writable, [writableOptions], newTarget);
  openTarget(stream, path, options);
  if (stream.flags === undefined) stream.flags = 'w';
  startEnd(stream, options, false);
  stream.bytesWritten = 0;
  stream.flush = Boolean(options.flush);
  stream.autoClose = options.autoClose === undefined ? true : options.autoClose;
  return stream;
}

module.exports = {
  constructReadStream,
  constructWriteStream,
};
