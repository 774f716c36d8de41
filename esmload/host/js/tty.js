'use strict';

// The `tty` built-in: isatty(fd). esmload's process.stdout and process.stderr are its own
// minimal streams (internal/process/stdio), so ReadStream and WriteStream exist only for
// `instanceof` checks and fail clearly if constructed.

const { nodeError } = require('internal/errors');
const { hostClasses } = require('internal/util');

function isatty(fd) {
  return Number.isInteger(fd) && fd >= 0 && fd <= 2147483647 && host.isatty(fd) === true;
}

function unsupported(name) {
  return nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
    `tty.${name} is not supported by esmload: use process.stdin / process.stdout`);
}

class ReadStream {
  constructor() { throw unsupported('ReadStream'); }
}
class WriteStream {
  constructor() { throw unsupported('WriteStream'); }
}
hostClasses.add(ReadStream);
hostClasses.add(WriteStream);

module.exports = { isatty, ReadStream, WriteStream };
