'use strict';

// stream.Duplex: a Readable that is also a Writable (Writable's methods and accessors are
// copied onto its prototype; `instanceof Writable` holds through Writable's hasInstance).

const Readable = require('internal/streams/readable');
const Writable = require('internal/streams/writable');
const { Stream } = require('internal/streams/legacy');
const destroyImpl = require('internal/streams/destroy');
const { kOnConstructed } = require('internal/streams/utils');

function Duplex(options) {
  if (!(this instanceof Duplex)) return new Duplex(options);
  this._readableState = new Readable.ReadableState(options, this, true);
  this._writableState = new Writable.WritableState(options, this, true);
  if (options) {
    this.allowHalfOpen = options.allowHalfOpen !== false;
    if (options.readable === false) {
      this._readableState.readable = false;
      this._readableState.ended = true;
      this._readableState.endEmitted = true;
    }
    if (options.writable === false) {
      this._writableState.writable = false;
      this._writableState.ending = true;
      this._writableState.ended = true;
      this._writableState.finished = true;
    }
    if (typeof options.read === 'function') this._read = options.read;
    if (typeof options.write === 'function') this._write = options.write;
    if (typeof options.writev === 'function') this._writev = options.writev;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (typeof options.final === 'function') this._final = options.final;
    if (typeof options.construct === 'function') this._construct = options.construct;
  } else {
    this.allowHalfOpen = true;
  }
  Stream.call(this, options);
  if (options && options.signal) require('internal/streams/add_abort_signal').addAbortSignalNoValidate(options.signal, this);
  destroyImpl.construct(this, () => {
    Readable[kOnConstructed](this);
    Writable[kOnConstructed](this);
  });
}
Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
Object.setPrototypeOf(Duplex, Readable);

for (const name of Object.getOwnPropertyNames(Writable.prototype)) {
  if (name === 'constructor' || name === 'pipe' || Object.prototype.hasOwnProperty.call(Duplex.prototype, name)) continue;
  if (name === 'destroy' || name === '_destroy' || name === '_undestroy' || name === 'closed' || name === 'errored') continue;
  Object.defineProperty(Duplex.prototype, name, Object.getOwnPropertyDescriptor(Writable.prototype, name));
}
Duplex.prototype.destroy = Writable.prototype.destroy;

// Both sides destroyed together.
Object.defineProperty(Duplex.prototype, 'destroyed', {
  get() {
    const r = this._readableState;
    const w = this._writableState;
    if (r === undefined || w === undefined) return false;
    return r.destroyed && w.destroyed;
  },
  set(value) {
    if (this._readableState && this._writableState) {
      this._readableState.destroyed = value;
      this._writableState.destroyed = value;
    }
  },
  enumerable: false,
  configurable: true,
});

Duplex.from = function from(body) {
  return require('internal/streams/duplexify')(body, 'body');
};

module.exports = Duplex;
