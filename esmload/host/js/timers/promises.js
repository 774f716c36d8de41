'use strict';

// The `timers/promises` built-in: setTimeout, setImmediate and setInterval as promises and an
// async iterator, cancelled by an AbortSignal, and `scheduler`.

const { nodeError } = require('internal/errors');
const { hostClasses } = require('internal/util');
const timers = require('internal/timers');
const { AbortError } = require('internal/events/abort');
const { argType, checkAbortSignal, checkBoolean } = require('internal/events/validate');

// Node's checks, in Node's order (the promise forms reject rather than throw).
function checkArgsOf(delay, options) {
  if (delay !== undefined && typeof delay !== 'number') throw argType('delay', 'number', delay);
  if (options === null || typeof options !== 'object') throw argType('options', 'object', options);
  const { signal, ref } = options;
  checkAbortSignal(signal);
  if (ref !== undefined) checkBoolean(ref, 'options.ref');
  return { signal, ref: ref !== false };
}

// Our abort listeners run even if the program's own stopped the event (as in Node).
const resistStop = () => require('internal/event_target').kResistStopPropagation;

const aborted = (signal) => new AbortError(undefined, { cause: signal.reason });

// A promise for the timer `start(done)` makes, cleared (and rejected) if the signal aborts.
function timerPromise(delay, options, start, clear) {
  let settings;
  try {
    settings = checkArgsOf(delay, options);
  } catch (error) {
    return Promise.reject(error);
  }
  const { signal, ref } = settings;
  if (signal?.aborted) return Promise.reject(aborted(signal));
  return new Promise((resolve, reject) => {
    let onAbort;
    const handle = start((value) => {
      if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
      resolve(value);
    });
    if (!ref) handle.unref();
    if (signal !== undefined) {
      onAbort = () => {
        clear(handle);
        reject(aborted(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true, [resistStop()]: true });
    }
  });
}

function setTimeout(delay, value, options = {}) {
  return timerPromise(delay, options, (done) => timers.setTimeout(done, delay, value), timers.clearTimer);
}

function setImmediate(value, options = {}) {
  return timerPromise(undefined, options, (done) => timers.setImmediate(done, value), timers.clearImmediate);
}

// Yields `value` every `delay` ms; ticks that nobody awaited yet are counted, not lost (as in
// Node, each waiting next() then gets one at once).
async function* setInterval(delay, value, options = {}) {
  const { signal, ref } = checkArgsOf(delay, options);
  if (signal?.aborted) throw aborted(signal);
  let pending = 0;
  let wake = null;
  const handle = timers.setInterval(() => {
    pending += 1;
    if (wake !== null) wake();
  }, delay);
  if (!ref) handle.unref();
  let onAbort;
  if (signal !== undefined) {
    onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort, { once: true, [resistStop()]: true });
  }
  try {
    while (true) {
      if (pending === 0 && !signal?.aborted) {
        await new Promise((resolve) => { wake = resolve; });
        wake = null;
      }
      if (signal?.aborted) throw aborted(signal);
      pending -= 1;
      yield value;
    }
  } finally {
    timers.clearTimer(handle);
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}

let constructing = false;
const kScheduler = Symbol('kScheduler');

// The experimental scheduler (Node's Scheduler: its constructor is not public).
class Scheduler {
  constructor() {
    if (!constructing) throw nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    constructing = false;
    this[kScheduler] = true;
  }

  yield() {
    if (!this?.[kScheduler]) throw nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Scheduler');
    return setImmediate();
  }

  wait(delay, options) {
    if (!this?.[kScheduler]) throw nodeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Scheduler');
    return setTimeout(delay, undefined, options === undefined ? {} : options);
  }
}
hostClasses.add(Scheduler);
constructing = true;
const scheduler = new Scheduler();

module.exports = { setTimeout, setImmediate, setInterval, scheduler };
