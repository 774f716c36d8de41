'use strict';

// The base of Hash and Hmac: a stream.Transform whose stream machinery (and the `stream`
// module itself) is set up only when the object is first used as a stream. Most programs
// only call update() and digest() and never pay for streams.
//
// Until then LazyTransform.prototype holds forwarding versions of the stream methods; the
// first one called (or the first read of a stream state property) loads `stream`, links
// LazyTransform.prototype under Transform.prototype and runs Transform's constructor on the
// object, whose state properties then shadow the accessors below.

const { hostClasses } = require('internal/util');

const kInitialized = Symbol('kInitialized');
let Transform = null;

function LazyTransform(options) {
  this._options = options;
}
hostClasses.add(LazyTransform);

function loadTransform() {
  if (Transform === null) {
    Transform = require('stream').Transform;
    Object.setPrototypeOf(LazyTransform.prototype, Transform.prototype);
  }
  return Transform;
}

function initialize(self) {
  if (!self[kInitialized]) {
    Object.defineProperty(self, kInitialized, { value: true, enumerable: false });
    loadTransform().call(self, self._options);
  }
}

// The state properties: reading one sets the stream up; the constructor's assignments
// become own properties.
for (const name of ['_readableState', '_writableState', '_events', '_eventsCount', '_maxListeners']) {
  Object.defineProperty(LazyTransform.prototype, name, {
    get() {
      if (this[kInitialized]) return undefined;
      initialize(this);
      return this[name];
    },
    set(value) {
      Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: true });
    },
    configurable: true,
    enumerable: false,
  });
}

const METHODS = [
  'write', 'end', 'pipe', 'unpipe', 'read', 'push', 'unshift', 'on', 'once', 'off', 'addListener',
  'prependListener', 'prependOnceListener', 'removeListener', 'removeAllListeners', 'emit',
  'listeners', 'listenerCount', 'setEncoding', 'pause', 'resume', 'isPaused', 'destroy', 'cork',
  'uncork', 'setDefaultEncoding', 'wrap',
];
for (const name of METHODS) {
  Object.defineProperty(LazyTransform.prototype, name, {
    value: function forward(...args) {
      initialize(this);
      return Transform.prototype[name].apply(this, args);
    },
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
Object.defineProperty(LazyTransform.prototype, Symbol.asyncIterator, {
  value: function asyncIterator() {
    initialize(this);
    return Transform.prototype[Symbol.asyncIterator].call(this);
  },
  writable: true,
  configurable: true,
});

module.exports = { LazyTransform };
