'use strict';

// Errors like Node's internal ones, and the messages of the common ones.

// inspect is required when a message needs it: it is the heaviest module, and it requires
// modules that require this one.
const lazyInspect = (value, options) => require('internal/util/inspect').inspect(value, options);

// An error like Node's internal ones: `code` property, "TypeError [CODE]: message" stack.
function nodeError(Type, code, message) {
  const error = new Type(message);
  error.name = `${error.name} [${code}]`;
  if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(error, nodeError);
  delete error.name;
  error.code = code;
  Object.defineProperty(error, 'toString', {
    value() { return `${this.name} [${code}]: ${this.message}`; }, writable: true, configurable: true,
  });
  return error;
}

// Node's "Received …" suffix of ERR_INVALID_ARG_TYPE.
function describeReceived(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = value.constructor;
    if (ctor && ctor.name) return ` Received an instance of ${ctor.name}`;
    return ` Received ${lazyInspect(value, { depth: -1 })}`;
  }
  let shown = lazyInspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

function invalidArgType(name, expected, value) {
  return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be of type ${expected}.${describeReceived(value)}`);
}

module.exports = {
  nodeError,
  describeReceived,
  invalidArgType,
};
