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
