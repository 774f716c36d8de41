'use strict';

// Small helpers shared by the internal modules.

const hasOwn = Object.hasOwn;
const getProto = Object.getPrototypeOf;
const getDescriptor = Object.getOwnPropertyDescriptor;
const isEnumerable = (obj, key) => Object.prototype.propertyIsEnumerable.call(obj, key);
const classOf = (value) => Object.prototype.toString.call(value).slice(8, -1);

// The symbol of custom inspect methods, shared with Node (`util.inspect.custom`).
const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

// The prelude's classes: its cached bytecode has no source text, which is how inspect
// tells a class from a function. Every class the prelude exposes is added here.
const hostClasses = new WeakSet();

// Node's globals are writable and configurable; some are enumerable (timers, global), others
// not (console, process, classes). Test frameworks that look for leaked globals notice.
const define = (target, name, value, enumerable = false) =>
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable });

module.exports = {
  hasOwn,
  getProto,
  getDescriptor,
  isEnumerable,
  classOf,
  customInspectSymbol,
  hostClasses,
  define,
};
