'use strict';

// The `events` built-in: EventEmitter and its helpers (once, on, getEventListeners, …).
//
// An emitter keeps its listeners the way Node's does, because packages read them: `_events`
// (null prototype) maps an event to one function or, from the second listener on, an array;
// `_eventsCount` counts the events with listeners; once() listeners are wrappers with a
// `listener` property.

const { nodeError } = require('internal/errors');
const { inspect } = require('internal/util/inspect');
const { nextTick } = require('internal/microtasks');
const { hostClasses } = require('internal/util');
// Only once()/on() with a signal need these: loaded then, not with every `import 'events'`.
const abortError = (signal) => {
  const { AbortError } = require('internal/events/abort');
  return new AbortError(undefined, { cause: signal.reason });
};
const abortListener = (signal, listener) => require('internal/events/abort').abortListener(signal, listener);
const {
  argType, outOfRange, checkAbortSignal, checkFunction, checkBoolean,
} = require('internal/events/validate');
const { shared } = require('internal/events/validate');

const kCapture = Symbol('kCapture');
const kShapeMode = Symbol('shapeMode');
const kRejection = Symbol.for('nodejs.rejection');
const errorMonitor = Symbol('events.errorMonitor');
const kMaxEventTargetListeners = Symbol('events.maxEventTargetListeners');
const kMaxEventTargetListenersWarned = Symbol('events.maxEventTargetListenersWarned');

let captureRejectionsDefault = false;

const checkListener = (listener) => checkFunction(listener, 'listener');

function checkMax(n, name) {
  if (typeof n !== 'number') throw argType(name, 'number', n);
  if (n < 0 || Number.isNaN(n)) throw outOfRange(name, '>= 0', n);
}

// A function, not a class: old packages call it on their own objects (`EventEmitter.call(this)`).
function EventEmitter(options) {
  init.call(this, options);
}

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;

function init(options) {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = { __proto__: null };
    this._eventsCount = 0;
    this[kShapeMode] = false;
  } else {
    this[kShapeMode] = true;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (options !== undefined && options !== null && options.captureRejections !== undefined) {
    checkBoolean(options.captureRejections, 'options.captureRejections');
    this[kCapture] = options.captureRejections;
  } else {
    this[kCapture] = EventEmitter.prototype[kCapture];
  }
}

function maxListenersOf(emitter) {
  return emitter._maxListeners === undefined ? shared.defaultMaxListeners : emitter._maxListeners;
}

EventEmitter.prototype.setMaxListeners = function setMaxListeners(n) {
  checkMax(n, 'setMaxListeners');
  this._maxListeners = n;
  return this;
};

EventEmitter.prototype.getMaxListeners = function getMaxListeners() {
  return maxListenersOf(this);
};

// A listener's promise that rejects goes to the emitter's rejection handler or 'error'.
function captureRejection(emitter, promise, type, args) {
  promise.then(undefined, (error) => nextTick(() => {
    if (typeof emitter[kRejection] === 'function') {
      emitter[kRejection](error, type, ...args);
    } else {
      const capture = emitter[kCapture];
      try {
        emitter[kCapture] = false; // an 'error' listener that rejects must not loop
        emitter.emit('error', error);
      } finally {
        emitter[kCapture] = capture;
      }
    }
  }));
}

function callListener(emitter, listener, type, args) {
  const result = Reflect.apply(listener, emitter, args);
  if (result !== undefined && result !== null && emitter[kCapture] &&
      typeof result.then === 'function') {
    captureRejection(emitter, result, type, args);
  }
}

EventEmitter.prototype.emit = function emit(type, ...args) {
  let isError = type === 'error';
  const events = this._events;
  if (events !== undefined) {
    if (isError && events[errorMonitor] !== undefined) this.emit(errorMonitor, ...args);
    isError = isError && events.error === undefined;
  } else if (!isError) {
    return false;
  }
  if (isError) {
    const error = args.length > 0 ? args[0] : undefined;
    if (error instanceof Error) throw error;
    const unhandled = nodeError(Error, 'ERR_UNHANDLED_ERROR', `Unhandled error. (${inspect(error)})`);
    unhandled.context = error;
    throw unhandled;
  }
  const handler = events[type];
  if (handler === undefined) return false;
  if (typeof handler === 'function') {
    callListener(this, handler, type, args);
  } else {
    for (const listener of handler.slice()) callListener(this, listener, type, args);
  }
  return true;
};

function warnTooMany(emitter, type, count, max) {
  const warning = new Error(
    `Possible EventEmitter memory leak detected. ${count} ${String(type)} listeners added to ` +
    `${inspect(emitter, { depth: -1 })}. MaxListeners is ${max}. Use emitter.setMaxListeners() to increase limit`);
  warning.name = 'MaxListenersExceededWarning';
  warning.emitter = emitter;
  warning.type = type;
  warning.count = count;
  process.emitWarning(warning);
}

function addTo(emitter, type, listener, prepend) {
  checkListener(listener);
  let events = emitter._events;
  if (events === undefined) {
    events = emitter._events = { __proto__: null };
    emitter._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    emitter.emit('newListener', type, listener.listener ?? listener);
    events = emitter._events; // a newListener listener may have changed it
  }
  let existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    emitter._eventsCount += 1;
    return emitter;
  }
  if (typeof existing === 'function') {
    existing = events[type] = prepend ? [listener, existing] : [existing, listener];
  } else if (prepend) {
    existing.unshift(listener);
  } else {
    existing.push(listener);
  }
  const max = maxListenersOf(emitter);
  if (max > 0 && existing.length > max && !existing.warned) {
    existing.warned = true;
    warnTooMany(emitter, type, existing.length, max);
  }
  return emitter;
}

EventEmitter.prototype.addListener = function addListener(type, listener) {
  return addTo(this, type, listener, false);
};
EventEmitter.prototype.on = EventEmitter.prototype.addListener;

EventEmitter.prototype.prependListener = function prependListener(type, listener) {
  return addTo(this, type, listener, true);
};

function onceWrapper(...args) {
  if (!this.fired) {
    this.target.removeListener(this.type, this.wrapFn);
    this.fired = true;
    return Reflect.apply(this.listener, this.target, args);
  }
  return undefined;
}

function onceWrap(target, type, listener) {
  const state = { fired: false, wrapFn: undefined, target, type, listener };
  const wrapped = onceWrapper.bind(state);
  wrapped.listener = listener;
  state.wrapFn = wrapped;
  return wrapped;
}

EventEmitter.prototype.once = function once(type, listener) {
  checkListener(listener);
  this.on(type, onceWrap(this, type, listener));
  return this;
};

EventEmitter.prototype.prependOnceListener = function prependOnceListener(type, listener) {
  checkListener(listener);
  this.prependListener(type, onceWrap(this, type, listener));
  return this;
};

EventEmitter.prototype.removeListener = function removeListener(type, listener) {
  checkListener(listener);
  const events = this._events;
  if (events === undefined) return this;
  const list = events[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    this._eventsCount -= 1;
    if (this[kShapeMode]) events[type] = undefined;
    else if (this._eventsCount === 0) this._events = { __proto__: null };
    else delete events[type];
    if (events.removeListener !== undefined) this.emit('removeListener', type, list.listener || listener);
    return this;
  }
  if (typeof list === 'function') return this;
  let index = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    if (list[i] === listener || list[i].listener === listener) {
      index = i;
      break;
    }
  }
  if (index < 0) return this;
  list.splice(index, 1);
  if (list.length === 1) events[type] = list[0];
  // Node passes what it was given here (a once() wrapper removing itself passes itself).
  if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
  return this;
};
EventEmitter.prototype.off = EventEmitter.prototype.removeListener;

EventEmitter.prototype.removeAllListeners = function removeAllListeners(type) {
  const events = this._events;
  if (events === undefined) return this;
  if (events.removeListener === undefined) {
    if (arguments.length === 0) {
      this._events = { __proto__: null };
      this._eventsCount = 0;
    } else if (events[type] !== undefined) {
      if (--this._eventsCount === 0) this._events = { __proto__: null };
      else delete events[type];
    }
    this[kShapeMode] = false;
    return this;
  }
  if (arguments.length === 0) {
    for (const key of Reflect.ownKeys(events)) {
      if (key !== 'removeListener') this.removeAllListeners(key);
    }
    this.removeAllListeners('removeListener');
    this._events = { __proto__: null };
    this._eventsCount = 0;
    this[kShapeMode] = false;
    return this;
  }
  const listeners = events[type];
  if (typeof listeners === 'function') {
    this.removeListener(type, listeners);
  } else if (listeners !== undefined) {
    for (let i = listeners.length - 1; i >= 0; i--) this.removeListener(type, listeners[i]);
  }
  return this;
};

function listenersOf(emitter, type, unwrap) {
  const events = emitter._events;
  if (events === undefined) return [];
  const list = events[type];
  if (list === undefined) return [];
  if (typeof list === 'function') return unwrap ? [list.listener || list] : [list];
  return unwrap ? list.map((l) => l.listener || l) : list.slice();
}

EventEmitter.prototype.listeners = function listeners(type) {
  return listenersOf(this, type, true);
};

EventEmitter.prototype.rawListeners = function rawListeners(type) {
  return listenersOf(this, type, false);
};

function listenerCount(type, listener) {
  const events = this._events;
  if (events === undefined) return 0;
  const list = events[type];
  if (list === undefined) return 0;
  if (typeof list === 'function') {
    return listener === undefined || list === listener || list.listener === listener ? 1 : 0;
  }
  if (listener === undefined) return list.length;
  return list.filter((l) => l === listener || l.listener === listener).length;
}
EventEmitter.prototype.listenerCount = listenerCount;

EventEmitter.prototype.eventNames = function eventNames() {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

Object.defineProperty(EventEmitter.prototype, kCapture, {
  value: false, writable: true, enumerable: false, configurable: true,
});

// ---------------------------------------------------------------------------- static helpers

const isEventTarget = (value) =>
  value !== null && typeof value === 'object' && typeof value.addEventListener === 'function' &&
  typeof value.on !== 'function';

// Resolves with the arguments of the next `name` event; rejects on 'error' or abort.
async function once(emitter, name, options = {}) {
  const signal = options?.signal;
  checkAbortSignal(signal);
  if (signal?.aborted) throw abortError(signal);
  return new Promise((resolve, reject) => {
    let disposeAbort;
    if (typeof emitter?.on !== 'function' && isEventTarget(emitter)) {
      const listener = (...args) => {
        disposeAbort?.();
        resolve(args);
      };
      emitter.addEventListener(name, listener, { once: true, passive: true });
      if (signal !== undefined) {
        disposeAbort = abortListener(signal, () => {
          emitter.removeEventListener(name, listener);
          reject(abortError(signal));
        });
      }
      return;
    }
    if (typeof emitter?.on !== 'function') throw argType('emitter', 'EventEmitter', emitter);
    const onEvent = (...args) => {
      if (name !== 'error') emitter.removeListener('error', onError);
      disposeAbort?.();
      resolve(args);
    };
    const onError = (error) => {
      emitter.removeListener(name, onEvent);
      disposeAbort?.();
      reject(error);
    };
    emitter.once(name, onEvent);
    if (name !== 'error') emitter.once('error', onError);
    if (signal !== undefined) {
      disposeAbort = abortListener(signal, () => {
        emitter.removeListener(name, onEvent);
        emitter.removeListener('error', onError);
        reject(abortError(signal));
      });
    }
  });
}

// An async iterator over `event` events (each value an array of the arguments).
function on(emitter, event, options = {}) {
  const signal = options.signal;
  checkAbortSignal(signal);
  if (signal?.aborted) throw abortError(signal);
  const target = typeof emitter?.on !== 'function' && isEventTarget(emitter);
  if (!target && typeof emitter?.on !== 'function') throw argType('emitter', 'EventEmitter', emitter);
  const closeEvents = Array.isArray(options?.close) ? options.close : [];
  const queued = [];
  const waiting = [];
  let failure = null;
  let finished = false;
  const add = (name, fn) => (target ? emitter.addEventListener(name, fn) : emitter.on(name, fn));
  const remove = (name, fn) => (target ? emitter.removeEventListener(name, fn) : emitter.removeListener(name, fn));

  const onEvent = (...args) => {
    if (waiting.length > 0) waiting.shift().resolve({ value: args, done: false });
    else queued.push(args);
  };
  const onError = (error) => {
    if (waiting.length > 0) waiting.shift().reject(error);
    else failure = error;
    iterator.return();
  };
  const onClose = () => closeIterator();
  let disposeAbort;
  function closeIterator() {
    if (finished) return;
    finished = true;
    remove(event, onEvent);
    if (!target && event !== 'error') remove('error', onError);
    for (const name of closeEvents) remove(name, onClose);
    disposeAbort?.();
    while (waiting.length > 0) waiting.shift().resolve({ value: undefined, done: true });
  }

  const iterator = {
    next() {
      if (queued.length > 0) return Promise.resolve({ value: queued.shift(), done: false });
      if (failure !== null) {
        const error = failure;
        failure = null;
        return Promise.reject(error);
      }
      if (finished) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      closeIterator();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error) {
      if (!(error instanceof Error)) throw argType('EventEmitter.AsyncIterator', 'Error', error);
      failure = error;
      closeIterator();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() { return this; },
  };
  add(event, onEvent);
  if (!target && event !== 'error') add('error', onError);
  for (const name of closeEvents) add(name, onClose);
  if (signal !== undefined) {
    disposeAbort = abortListener(signal, () => {
      onError(abortError(signal));
    });
  }
  return iterator;
}

function getEventListeners(emitterOrTarget, type) {
  if (typeof emitterOrTarget?.listeners === 'function') return emitterOrTarget.listeners(type);
  if (isEventTarget(emitterOrTarget)) {
    return require('internal/event_target').listenersOf(emitterOrTarget, type);
  }
  throw argType('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget);
}

function getMaxListeners(emitterOrTarget) {
  if (typeof emitterOrTarget?.getMaxListeners === 'function') return maxListenersOf(emitterOrTarget);
  if (isEventTarget(emitterOrTarget)) {
    return require('internal/event_target').maxListenersOf(emitterOrTarget);
  }
  throw argType('emitter', ['EventEmitter', 'EventTarget'], emitterOrTarget);
}

function addAbortListener(signal, listener) {
  if (signal === undefined) throw argType('signal', 'AbortSignal', signal);
  checkAbortSignal(signal, 'signal');
  checkFunction(listener, 'listener');
  // The listener gets the abort event (nothing when the signal had already aborted).
  let dispose = () => {};
  if (signal.aborted) queueMicrotask(() => listener());
  else {
    const { kResistStopPropagation } = require('internal/event_target');
    signal.addEventListener('abort', listener, { once: true, [kResistStopPropagation]: true });
    dispose = () => signal.removeEventListener('abort', listener);
  }
  return { __proto__: null, [Symbol.dispose ?? Symbol.for('nodejs.dispose')]: dispose };
}

// The statics, in Node's order (Object.keys(EventEmitter) and the ESM named exports).
Object.assign(EventEmitter, {
  addAbortListener,
  once,
  on,
  getEventListeners,
  getMaxListeners,
  EventEmitter,
  usingDomains: false,
  captureRejectionSymbol: kRejection,
});
Object.defineProperty(EventEmitter, 'captureRejections', {
  get: () => captureRejectionsDefault,
  set(value) {
    checkBoolean(value, 'EventEmitter.captureRejections');
    captureRejectionsDefault = value;
    EventEmitter.prototype[kCapture] = value;
  },
  enumerable: true,
});
// esmload has no async_hooks: the async resource only carries its name and ids, and runs
// functions directly (there is no async context to enter).
let lastAsyncId = 0;
class EventEmitterAsyncResource extends EventEmitter {
  #resource;

  constructor(options = undefined) {
    const name = typeof options === 'string' ? options : options?.name ?? new.target.name;
    super(typeof options === 'string' ? undefined : options);
    const asyncId = ++lastAsyncId;
    const emitter = this;
    this.#resource = {
      type: name,
      eventEmitter: emitter,
      asyncId: () => asyncId,
      triggerAsyncId: () => 0,
      runInAsyncScope: (fn, thisArg, ...args) => Reflect.apply(fn, thisArg, args),
      emitDestroy: () => {},
    };
  }

  emitDestroy() { this.#resource.emitDestroy(); }
  get asyncId() { return this.#resource.asyncId(); }
  get triggerAsyncId() { return this.#resource.triggerAsyncId(); }
  get asyncResource() { return this.#resource; }
}
hostClasses.add(EventEmitterAsyncResource);
Object.defineProperty(EventEmitter, 'EventEmitterAsyncResource', {
  get: () => EventEmitterAsyncResource,
  enumerable: true,
});
EventEmitter.errorMonitor = errorMonitor;
Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
  get: () => shared.defaultMaxListeners,
  set(value) {
    checkMax(value, 'defaultMaxListeners');
    shared.defaultMaxListeners = value;
  },
  enumerable: true,
});
Object.defineProperty(EventEmitter, 'kMaxEventTargetListeners', { value: kMaxEventTargetListeners });
Object.defineProperty(EventEmitter, 'kMaxEventTargetListenersWarned', { value: kMaxEventTargetListenersWarned });
EventEmitter.setMaxListeners = function (n = shared.defaultMaxListeners, ...targets) {
  checkMax(n, 'setMaxListeners');
  if (targets.length === 0) {
    shared.defaultMaxListeners = n;
    return;
  }
  for (const target of targets) {
    if (typeof target?.setMaxListeners === 'function') target.setMaxListeners(n);
    else if (isEventTarget(target)) require('internal/event_target').setMaxListenersOf(target, n);
    else throw argType('eventTargets', ['EventEmitter', 'EventTarget'], target);
  }
};
EventEmitter.init = function (options) {
  init.call(this, options);
};
EventEmitter.listenerCount = function (emitter, type) {
  return typeof emitter.listenerCount === 'function'
    ? emitter.listenerCount(type)
    : listenerCount.call(emitter, type);
};

module.exports = EventEmitter;
