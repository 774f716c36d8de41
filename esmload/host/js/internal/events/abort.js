'use strict';

// Node's AbortError, and listening for a signal's abort (once) with a way to stop listening.

const { invalidArgType } = require('internal/errors');

class AbortError extends Error {
  constructor(message = 'The operation was aborted', options = undefined) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw invalidArgType('options', 'object', options);
    }
    super(message, options);
    this.code = 'ABORT_ERR';
    this.name = 'AbortError';
    // Again, now that the name is set: the stack's first line shows it, as in Node.
    if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(this, AbortError);
  }
}
require('internal/util').hostClasses.add(AbortError);

// Calls `listener` when `signal` aborts (at once, in a microtask, if it already has);
// returns a function that removes the listener.
function abortListener(signal, listener) {
  if (signal.aborted) {
    queueMicrotask(() => listener());
    return () => {};
  }
  const onAbort = () => listener();
  // esmload's AbortSignal lets the listener run even if another stopped the event.
  const { kResistStopPropagation } = require('internal/event_target');
  signal.addEventListener('abort', onAbort, { once: true, [kResistStopPropagation]: true });
  return () => signal.removeEventListener('abort', onAbort);
}

module.exports = { AbortError, abortListener };
