'use strict';

// setTimeout, setInterval, setImmediate and their handles. The host keeps the schedule: it
// calls fireTimer(id) (an entry point of the prelude) when a timer is due.

const { hostClasses } = require('internal/util');
const { checkCallback } = require('internal/validators');

let lastTimerId = 0;
const activeTimers = new Map(); // id → Timeout/Immediate waiting to fire
let runTimer; // (timer) → void, set inside Timeout where its private fields are visible
let stopTimer;

function clampDelay(delay) {
  const ms = delay * 1; // like Node: numeric strings count, anything else becomes 1
  return ms >= 1 && ms <= 2147483647 ? ms : 1;
}

// Node's Timeout: ref/unref/hasRef/refresh/close, and a numeric id as its primitive value.
class Timeout {
  #id;
  #callback;
  #args;
  #delay;
  #repeat;
  #refed = true;
  #cleared = false;

  constructor(callback, delay, args, repeat) {
    this.#id = ++lastTimerId;
    this.#callback = callback;
    this.#args = args;
    this.#delay = delay;
    this.#repeat = repeat;
    this.#arm();
  }

  #arm() {
    activeTimers.set(this.#id, this);
    host.scheduleTimer(this.#id, this.#delay, this.#refed);
  }

  ref() {
    if (!this.#refed) {
      this.#refed = true;
      if (activeTimers.has(this.#id)) host.refTimer(this.#id, true);
    }
    return this;
  }

  unref() {
    if (this.#refed) {
      this.#refed = false;
      if (activeTimers.has(this.#id)) host.refTimer(this.#id, false);
    }
    return this;
  }

  hasRef() { return this.#refed; }

  // Restart the countdown; re-arms a timer that has already fired, not a cleared one.
  refresh() {
    if (!this.#cleared) this.#arm();
    return this;
  }

  close() {
    stopTimer(this);
    return this;
  }

  [Symbol.toPrimitive]() { return this.#id; }

  static {
    runTimer = (timer) => {
      if (!timer.#repeat) activeTimers.delete(timer.#id);
      try {
        const args = timer.#args;
        if (args.length === 0) timer.#callback.call(timer);
        else Reflect.apply(timer.#callback, timer, args);
      } finally {
        // An interval is rescheduled after its callback (unless it was cleared), even if the
        // callback threw: the host decides what an uncaught error means.
        if (timer.#repeat && !timer.#cleared) timer.#arm();
      }
    };
    stopTimer = (timer) => {
      timer.#cleared = true;
      if (activeTimers.get(timer.#id) === timer) {
        activeTimers.delete(timer.#id);
        host.cancelTimer(timer.#id);
      }
    };
  }
}
hostClasses.add(Timeout);

// setImmediate's handle, like Node's Immediate: ref/unref/hasRef, refresh does nothing,
// clearTimeout ignores it.
class Immediate extends Timeout {
  refresh() { return this; }
}
hostClasses.add(Immediate);

function fireTimer(id) {
  const timer = activeTimers.get(id);
  if (timer !== undefined) runTimer(timer);
}

function clearTimer(timer) {
  if (timer === null || timer === undefined) return;
  if (timer instanceof Timeout) {
    if (!(timer instanceof Immediate)) stopTimer(timer);
    return;
  }
  if (typeof timer === 'number' || typeof timer === 'string') {
    const found = activeTimers.get(Number(timer));
    if (found !== undefined && !(found instanceof Immediate)) stopTimer(found);
  }
}

function setTimeout(callback, delay, ...args) {
  checkCallback(callback);
  return new Timeout(callback, clampDelay(delay), args, false);
}

function setInterval(callback, delay, ...args) {
  checkCallback(callback);
  return new Timeout(callback, clampDelay(delay), args, true);
}

// Delay 0: after pending microtasks, before timers scheduled at the same time.
function setImmediate(callback, ...args) {
  checkCallback(callback);
  return new Immediate(callback, 0, args, false);
}

function clearImmediate(immediate) {
  if (immediate instanceof Immediate) stopTimer(immediate);
}

module.exports = {
  Timeout,
  Immediate,
  setTimeout,
  setInterval,
  setImmediate,
  clearTimer,
  clearImmediate,
  fireTimer,
};
