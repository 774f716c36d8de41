'use strict';

// node:stream. The module is the legacy Stream class, with the stream classes and helpers
// as its properties (`require('stream').Readable`, `require('stream').Stream === Stream`).

const { Stream } = require('internal/streams/legacy');
const Readable = require('internal/streams/readable');
const Writable = require('internal/streams/writable');
const Duplex = require('internal/streams/duplex');
const Transform = require('internal/streams/transform');
const PassThrough = require('internal/streams/passthrough');
const eos = require('internal/streams/end_of_stream');
const { pipeline } = require('internal/streams/pipeline');
const { addAbortSignal } = require('internal/streams/add_abort_signal');
const destroyImpl = require('internal/streams/destroy');
const utils = require('internal/streams/utils');

// duplexPair(): two Duplexes, what is written to one is read from the other.
function duplexPair(options) {
  const make = () => {
    let other = null;
    let pendingCallback = null;
    const side = new Duplex({
      ...options,
      write(chunk, encoding, cb) {
        if (other.push(chunk)) cb();
        else pendingCallback = cb;
      },
      final(cb) {
        other.push(null);
        cb();
      },
      read() {
        const cb = other[kPending]();
        if (cb) cb();
      },
    });
    side[kPending] = () => {
      const cb = pendingCallback;
      pendingCallback = null;
      return cb;
    };
    side[kLink] = (peer) => { other = peer; };
    return side;
  };
  const a = make();
  const b = make();
  a[kLink](b);
  b[kLink](a);
  return [a, b];
}
const kPending = Symbol('kPending');
const kLink = Symbol('kLink');

Stream.isDestroyed = utils.isDestroyed;
Stream.isDisturbed = utils.isDisturbed;
Stream.isErrored = utils.isErrored;
Stream.isReadable = utils.isReadable;
Stream.isWritable = utils.isWritable;
Stream.Readable = Readable;
Stream.Writable = Writable;
Stream.Duplex = Duplex;
Stream.Transform = Transform;
Stream.PassThrough = PassThrough;
Stream.duplexPair = duplexPair;
Stream.pipeline = pipeline;
Stream.addAbortSignal = addAbortSignal;
Stream.finished = eos;
Stream.destroy = destroyImpl.destroyer;
Stream.compose = function compose(...streams) {
  return require('internal/streams/duplexify').compose(...streams);
};
Stream.setDefaultHighWaterMark = utils.setDefaultHighWaterMark;
Stream.getDefaultHighWaterMark = utils.getDefaultHighWaterMark;
Object.defineProperty(Stream, 'promises', {
  get() { return require('stream/promises'); },
  configurable: true,
  enumerable: true,
});
Stream.Stream = Stream;
Stream._isArrayBufferView = utils.isArrayBufferView;
Stream._isUint8Array = utils.isUint8Array;
Stream._uint8ArrayToBuffer = utils.uint8ArrayToBuffer;

// util.promisify(pipeline) and util.promisify(finished) give the promise versions.
const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
Object.defineProperty(pipeline, promisifyCustom, {
  get() { return require('stream/promises').pipeline; },
  enumerable: true,
  configurable: true,
});
Object.defineProperty(eos, promisifyCustom, {
  get() { return require('stream/promises').finished; },
  enumerable: true,
  configurable: true,
});

module.exports = Stream;
