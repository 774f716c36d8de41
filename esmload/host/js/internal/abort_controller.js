'use strict';

// AbortController and AbortSignal (an EventTarget that fires 'abort' once), with
// AbortSignal.abort(), .timeout() (its timer never keeps the program alive) and .any().

const { nodeError } = require('internal/errors');
const { customInspectSymbol, hostClasses } = require('internal/util');
const { inspect } = require('internal/util/inspect');
const { setTimeout: startTimer } = require('internal/timers');
const { Event, EventTarget, defineEventHandler, kTrusted } = require('internal/event_target');
const { argType, illegalThis, checkUint32 } = require('internal/events/validate');

let constructing = false; // AbortSignal's constructor is not public

// Set in AbortSignal's static block (private state is reachable only from inside the class).
let isSignal;
let markAborted;
let follow;
let takeDependents;

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #sources = null; // AbortSignal.any's: the signals it follows (never composite ones)
  #dependents = []; // the any() signals that follow this one, aborted right after it

  constructor() {
    if (!constructing) throw nodeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    constructing = false;
    super();
  }

  static {
    isSignal = (value) => value !== null && typeof value === 'object' && #aborted in value;
    // false when the signal had already aborted.
    markAborted = (signal, reason) => {
      if (signal.#aborted) return false;
      signal.#aborted = true;
      signal.#reason = reason;
      return true;
    };
    follow = (signal, sources) => {
      signal.#sources = [];
      for (const source of sources) {
        for (const each of source.#sources ?? [source]) {
          if (signal.#sources.includes(each)) continue;
          signal.#sources.push(each);
          each.#dependents = each.#dependents.filter((dependent) => !dependent.#aborted);
          each.#dependents.push(signal);
        }
      }
    };
    takeDependents = (signal) => {
      const dependents = signal.#dependents;
      signal.#dependents = [];
      return dependents;
    };
  }

  get aborted() {
    if (!isSignal(this)) throw illegalThis('AbortSignal');
    return this.#aborted;
  }

  get reason() {
    if (!isSignal(this)) throw illegalThis('AbortSignal');
    return this.#reason;
  }

  throwIfAborted() {
    if (!isSignal(this)) throw illegalThis('AbortSignal');
    if (this.#aborted) throw this.#reason;
  }

  static abort(reason = undefined) {
    const signal = newSignal();
    markAborted(signal, reason === undefined ? defaultReason() : reason);
    return signal;
  }

  static timeout(delay) {
    checkUint32(delay, 'delay');
    const signal = newSignal();
    const timer = startTimer(() => {
      abortSignal(signal, new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay);
    timer.unref();
    return signal;
  }

  static any(signals) {
    if (!Array.isArray(signals)) throw argType('signals', 'Array', signals);
    for (const [i, item] of signals.entries()) {
      if (!isSignal(item)) throw argType(`signals[${i}]`, 'AbortSignal', item);
    }
    const signal = newSignal();
    const done = signals.find((item) => item.aborted);
    if (done !== undefined) {
      markAborted(signal, done.reason);
      return signal;
    }
    follow(signal, signals);
    return signal;
  }

  [customInspectSymbol](depth, options) {
    if (depth < 0) return '[AbortSignal]';
    return `AbortSignal ${inspect({ aborted: this.#aborted }, options)}`;
  }
}
// Only these two are enumerable in Node.
Object.defineProperty(AbortSignal.prototype, 'aborted', { enumerable: true });
defineEventHandler(AbortSignal.prototype, 'abort');
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });

function newSignal() {
  constructing = true;
  return new AbortSignal();
}

const defaultReason = () => new DOMException('This operation was aborted', 'AbortError');

// Fires 'abort' at the signal, then aborts the AbortSignal.any() signals that follow it.
function abortSignal(signal, reason) {
  const value = reason === undefined ? defaultReason() : reason;
  if (markAborted(signal, value)) {
    signal.dispatchEvent(new Event('abort', { [kTrusted]: true }));
    for (const dependent of takeDependents(signal)) abortSignal(dependent, value);
  }
}

// V8's message for a private member read on a foreign object (Node's classes have no
// brand check of their own here).
const notController = () =>
  new TypeError('Cannot read private member #signal from an object whose class did not declare it');

class AbortController {
  #signal = newSignal();

  get signal() {
    if (!(this !== null && typeof this === 'object' && #signal in this)) throw notController();
    return this.#signal;
  }

  abort(reason = undefined) {
    if (!(this !== null && typeof this === 'object' && #signal in this)) throw notController();
    abortSignal(this.#signal, reason);
  }

  [customInspectSymbol](depth, options) {
    if (depth < 0) return 'AbortController {}';
    return `AbortController ${inspect({ signal: this.#signal }, options)}`;
  }
}
for (const key of ['signal', 'abort']) {
  Object.defineProperty(AbortController.prototype, key, { enumerable: true });
}
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', configurable: true });

hostClasses.add(AbortSignal);
hostClasses.add(AbortController);

module.exports = { AbortController, AbortSignal, abortSignal };
