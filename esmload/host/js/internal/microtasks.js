'use strict';

// queueMicrotask and process.nextTick (which, in esmload, is a microtask too).

const { checkCallback } = require('internal/validators');

// The engine's queueMicrotask, captured when this module is first required: bootstrap does
// that before it installs the prelude's own as the global.
const nativeQueueMicrotask = typeof globalThis.queueMicrotask === 'function' ? globalThis.queueMicrotask : null;
const enqueueJob = nativeQueueMicrotask !== null
  ? (job) => nativeQueueMicrotask(job)
  : (job) => { Promise.resolve().then(job); };

// Exceptions in queued callbacks are uncaught errors (like Node), not promise rejections.
function queueMicrotask(callback) {
  checkCallback(callback);
  enqueueJob(() => {
    try { callback(); } catch (error) { host.reportError(error); }
  });
}

function nextTick(callback, ...args) {
  checkCallback(callback);
  enqueueJob(() => {
    try { Reflect.apply(callback, undefined, args); } catch (error) { host.reportError(error); }
  });
}

module.exports = {
  enqueueJob,
  queueMicrotask,
  nextTick,
};
