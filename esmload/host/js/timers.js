'use strict';

// The `timers` built-in: the global timer functions, and `promises` (timers/promises).

const {
  setTimeout, setInterval, setImmediate, clearTimer, clearImmediate,
} = require('internal/timers');

module.exports = {
  setTimeout,
  clearTimeout: clearTimer,
  setImmediate,
  clearImmediate,
  setInterval,
  clearInterval: clearTimer,
  // Node's deprecated internals (no-ops here), kept so the module has Node's shape.
  _unrefActive() {},
  active() {},
  unenroll() {},
  enroll() {},
};
Object.defineProperty(module.exports, 'promises', {
  get: () => require('timers/promises'),
  enumerable: true,
  configurable: true,
});
