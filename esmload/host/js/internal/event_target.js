'use strict';

// The web's Event, CustomEvent and EventTarget, as Node has them (no tree: an event is only
// ever dispatched at its target). Each type's listeners form a linked list walked during a
// dispatch, so, as in Node, a listener added by a listener is called by the same dispatch and
// a removed one is not. A listener that throws does not stop the others; its error is
// reported as uncaught on the next tick, as in Node.

const { nodeError } = require('internal/errors');
const { customInspectSymbol, hostClasses } = require('internal/util');
const { inspect } = require('internal/util/inspect');
const { nextTick } = require('internal/microtasks');
const {
  argType, missingArgs, illegalThis, checkAbortSignal, checkObject,
} = require('internal/events/validate');
const { shared } = require('internal/events/validate');

const NONE = 0;
const AT_TARGET = 2;

// An Event option only esmload's own code passes: makes isTrusted true (AbortSignal's abort).
const kTrusted = Symbol('kTrusted');
// A listener option of esmload's own code: the listener runs even after a listener before it
// stopped the event's immediate propagation (timers/promises, events.once on a signal, …).
const kResistStopPropagation = Symbol('kResistStopPropagation');

// Set in the classes' static blocks: what dispatching needs of an event's private state.
let isEvent;
let beginDispatch;
let immediatelyStopped;
let endDispatch;

function inspectEvent(event, depth, options) {
  const name = event.constructor.name;
  if (depth < 0) return name;
  const shown = {
    type: event.type,
    defaultPrevented: event.defaultPrevented,
    cancelable: event.cancelable,
    timeStamp: event.timeStamp,
  };
  return `${name} ${inspect(shown, { ...options, depth: options.depth === null ? null : options.depth - 1 })}`;
}

// Members in Node's order (Object.keys(Event.prototype) lists them).
class Event {
  #type;
  #cancelable;
  #bubbles;
  #composed;
  #defaultPrevented = false;
  #timeStamp;
  #stopImmediate = false;
  #stopPropagation = false;
  #target = null;
  #currentTarget = null;
  #phase = NONE;
  #dispatching = false;
  #trusted;

  constructor(type, options = undefined) {
    if (arguments.length === 0) throw missingArgs('type');
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw argType('options', 'object', options);
    }
    this.#type = `${type}`;
    this.#cancelable = !!options?.cancelable;
    this.#bubbles = !!options?.bubbles;
    this.#composed = !!options?.composed;
    this.#trusted = options?.[kTrusted] === true;
    this.#timeStamp = performance.now();
  }

  static {
    isEvent = (value) => value !== null && typeof value === 'object' && #type in value;
    beginDispatch = (event, target) => {
      if (event.#dispatching) {
        throw nodeError(Error, 'ERR_EVENT_RECURSION', `The event "${event.#type}" is already being dispatched`);
      }
      event.#dispatching = true;
      event.#target = target;
      event.#currentTarget = target;
      event.#phase = AT_TARGET;
    };
    immediatelyStopped = (event) => event.#stopImmediate;
    endDispatch = (event) => {
      event.#dispatching = false;
      event.#currentTarget = null;
      event.#phase = NONE;
    };
  }

  initEvent(type, bubbles = false, cancelable = false) {
    if (!isEvent(this)) throw illegalThis('Event');
    if (arguments.length === 0) throw missingArgs('type');
    if (this.#dispatching) return;
    this.#type = `${type}`;
    this.#bubbles = !!bubbles;
    this.#cancelable = !!cancelable;
  }

  stopImmediatePropagation() {
    if (!isEvent(this)) throw illegalThis('Event');
    this.#stopPropagation = true;
    this.#stopImmediate = true;
  }

  // Node 20 lets a passive listener prevent the default too; so does esmload.
  preventDefault() {
    if (!isEvent(this)) throw illegalThis('Event');
    this.#defaultPrevented = true;
  }

  get target() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#target;
  }

  get currentTarget() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#currentTarget;
  }

  get srcElement() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#target;
  }

  get type() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#type;
  }

  get cancelable() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#cancelable;
  }

  get defaultPrevented() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#cancelable && this.#defaultPrevented;
  }

  get timeStamp() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#timeStamp;
  }

  composedPath() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#dispatching ? [this.#currentTarget] : [];
  }

  get returnValue() {
    if (!isEvent(this)) throw illegalThis('Event');
    return !this.defaultPrevented;
  }

  get bubbles() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#bubbles;
  }

  get composed() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#composed;
  }

  get eventPhase() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#phase;
  }

  get cancelBubble() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#stopPropagation;
  }

  set cancelBubble(value) {
    if (!isEvent(this)) throw illegalThis('Event');
    if (value) this.#stopPropagation = true;
  }

  stopPropagation() {
    if (!isEvent(this)) throw illegalThis('Event');
    this.#stopPropagation = true;
  }

  get isTrusted() {
    if (!isEvent(this)) throw illegalThis('Event');
    return this.#trusted;
  }

  [customInspectSymbol](depth, options) {
    return inspectEvent(this, depth, options);
  }
}

// Web IDL members are enumerable; the phase constants are static only (as in Node).
function makeEnumerable(prototype) {
  for (const key of Object.getOwnPropertyNames(prototype)) {
    if (key !== 'constructor') {
      Object.defineProperty(prototype, key, { ...Object.getOwnPropertyDescriptor(prototype, key), enumerable: true });
    }
  }
}
makeEnumerable(Event.prototype);
for (const [name, value] of [['NONE', 0], ['CAPTURING_PHASE', 1], ['AT_TARGET', 2], ['BUBBLING_PHASE', 3]]) {
  Object.defineProperty(Event, name, { value, enumerable: true, writable: false, configurable: false });
}
Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: 'Event', configurable: true });

class CustomEvent extends Event {
  #detail;

  constructor(type, options = undefined) {
    if (arguments.length === 0) throw missingArgs('type');
    super(type, options);
    this.#detail = options?.detail ?? null;
  }

  get detail() {
    if (!(this !== null && typeof this === 'object' && #detail in this)) throw illegalThis('CustomEvent');
    return this.#detail;
  }
}
makeEnumerable(CustomEvent.prototype);
Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, { value: 'CustomEvent', configurable: true });

function listenerOptions(options) {
  if (typeof options === 'boolean') return { capture: options, once: false, passive: false, signal: undefined, resist: false };
  if (options === undefined || options === null) return { capture: false, once: false, passive: false, signal: undefined, resist: false };
  checkObject(options, 'options');
  const { signal } = options;
  checkAbortSignal(signal);
  return {
    capture: !!options.capture,
    once: !!options.once,
    passive: !!options.passive,
    signal,
    resist: options[kResistStopPropagation] === true,
  };
}

function checkListener(listener) {
  if (typeof listener !== 'function' && typeof listener !== 'object') {
    throw argType('listener', 'EventListener', listener);
  }
}

function eventType(type) {
  if (typeof type === 'symbol') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'value' is invalid. Received ${String(type)}`);
  }
  return `${type}`;
}

function warn(name, message, target, type, count) {
  const warning = new Error(message);
  warning.name = name;
  warning.target = target;
  warning.type = type;
  if (count !== undefined) warning.count = count;
  process.emitWarning(warning);
}

function report(error) {
  nextTick(() => { throw error; });
}

function callListener(target, entry, event) {
  try {
    const { listener } = entry;
    let result;
    if (typeof listener === 'function') {
      result = Reflect.apply(listener, target, [event]);
    } else if (typeof listener.handleEvent === 'function') {
      result = Reflect.apply(listener.handleEvent, listener, [event]);
    }
    if (result !== undefined && result !== null && typeof result.then === 'function') {
      result.then(undefined, report);
    }
  } catch (error) {
    report(error);
  }
}

let isTarget;

class EventTarget {
  #lists = new Map(); // type → { head, tail, size } of entries { listener, capture, once, passive, removed, prev, next }
  #max = shared.defaultMaxListeners;
  #warned = false;

  static {
    isTarget = (value) => value !== null && typeof value === 'object' && #lists in value;
  }

  addEventListener(type, listener, options = undefined) {
    if (!isTarget(this)) throw illegalThis('EventTarget');
    if (arguments.length < 2) throw missingArgs('type', 'listener');
    const { capture, once, passive, signal, resist } = listenerOptions(options);
    if (listener === null || listener === undefined) {
      warn('AddEventListenerArgumentTypeWarning',
        `addEventListener called with ${listener} which has no effect.`, this, type);
      return;
    }
    checkListener(listener);
    if (signal?.aborted) return;
    const name = eventType(type);
    let list = this.#lists.get(name);
    if (list === undefined) this.#lists.set(name, (list = { head: null, tail: null, size: 0 }));
    for (let entry = list.head; entry !== null; entry = entry.next) {
      if (entry.listener === listener && entry.capture === capture) return;
    }
    const entry = { listener, capture, once, passive, resist, removed: false, prev: list.tail, next: null };
    if (list.tail === null) list.head = entry;
    else list.tail.next = entry;
    list.tail = entry;
    list.size += 1;
    if (this.#max > 0 && list.size > this.#max && !this.#warned) {
      this.#warned = true;
      warn('MaxListenersExceededWarning',
        `Possible EventTarget memory leak detected. ${list.size} ${name} listeners added to ` +
        `${inspect(this, { depth: -1 })}. MaxListeners is ${this.#max}. Use events.setMaxListeners() to increase limit`,
        this, name, list.size);
    }
    if (signal !== undefined) {
      signal.addEventListener('abort', () => this.removeEventListener(name, listener, { capture }),
        { once: true, [kResistStopPropagation]: true });
    }
  }

  removeEventListener(type, listener, options = undefined) {
    if (!isTarget(this)) throw illegalThis('EventTarget');
    if (arguments.length < 2) throw missingArgs('type', 'listener');
    if (listener === null || listener === undefined) return;
    checkListener(listener);
    const capture = typeof options === 'boolean' ? options : !!options?.capture;
    const name = eventType(type);
    const list = this.#lists.get(name);
    if (list === undefined) return;
    for (let entry = list.head; entry !== null; entry = entry.next) {
      if (entry.listener === listener && entry.capture === capture) {
        unlink(list, entry);
        if (list.size === 0) this.#lists.delete(name);
        return;
      }
    }
  }

  dispatchEvent(event) {
    if (!isTarget(this)) throw illegalThis('EventTarget');
    if (arguments.length === 0) throw missingArgs('event');
    if (!isEvent(event)) throw argType('event', 'Event', event);
    beginDispatch(event, this);
    try {
      const type = event.type;
      const list = this.#lists.get(type);
      // A removed entry keeps its `next`, so the walk goes on past listeners removed meanwhile.
      let entry = list === undefined ? null : list.head;
      while (entry !== null) {
        if (!entry.removed && (entry.resist || !immediatelyStopped(event))) {
          if (entry.once) this.removeEventListener(type, entry.listener, { capture: entry.capture });
          callListener(this, entry, event);
        }
        entry = entry.next;
      }
    } finally {
      endDispatch(event);
    }
    return !event.defaultPrevented;
  }

  [customInspectSymbol](depth, options) {
    const name = this.constructor.name;
    if (depth < 0) return name;
    return `${name} ${inspect({}, options)}`;
  }

  // For events' getEventListeners, getMaxListeners and setMaxListeners.
  static _listeners(target, type) {
    const list = target.#lists.get(`${type}`);
    const found = [];
    for (let entry = list?.head ?? null; entry !== null; entry = entry.next) found.push(entry.listener);
    return found;
  }
  static _maxListeners(target) { return target.#max; }
  static _setMaxListeners(target, n) {
    target.#max = n;
    target.#warned = false;
  }
}
const { _listeners: listeners, _maxListeners: maxListeners, _setMaxListeners: setMaxListeners } = EventTarget;
delete EventTarget._listeners;
delete EventTarget._maxListeners;
delete EventTarget._setMaxListeners;
makeEnumerable(EventTarget.prototype);
Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: 'EventTarget', configurable: true });

function unlink(list, entry) {
  entry.removed = true;
  if (entry.prev === null) list.head = entry.next;
  else entry.prev.next = entry.next;
  if (entry.next === null) list.tail = entry.prev;
  else entry.next.prev = entry.prev;
  list.size -= 1;
}

function listenersOf(target, type) {
  if (!isTarget(target)) throw illegalThis('EventTarget');
  return listeners(target, type);
}

function maxListenersOf(target) {
  if (!isTarget(target)) throw illegalThis('EventTarget');
  return maxListeners(target);
}

function setMaxListenersOf(target, n) {
  if (!isTarget(target)) throw illegalThis('EventTarget');
  setMaxListeners(target, n);
}

// An `on<type>` event handler property (AbortSignal's onabort), as Node has it: the value is
// kept as given, a function is called, and the listener keeps the place of the first set.
function defineEventHandler(prototype, type) {
  const handlers = new WeakMap();
  const accessors = {
    get [`on${type}`]() { return handlers.has(this) ? handlers.get(this).handler : null; },
    set [`on${type}`](value) {
      let slot = handlers.get(this);
      if (slot === undefined) {
        const target = this;
        slot = {
          handler: null,
          wrapper(event) {
            if (typeof slot.handler === 'function') return Reflect.apply(slot.handler, target, [event]);
            return undefined;
          },
        };
        handlers.set(this, slot);
        this.addEventListener(type, slot.wrapper);
      }
      slot.handler = value;
    },
  };
  const descriptor = Object.getOwnPropertyDescriptor(accessors, `on${type}`);
  Object.defineProperty(prototype, `on${type}`, { ...descriptor, enumerable: true, configurable: true });
}

for (const cls of [Event, CustomEvent, EventTarget]) hostClasses.add(cls);

module.exports = {
  Event,
  CustomEvent,
  EventTarget,
  kTrusted,
  kResistStopPropagation,
  isEventTarget: (value) => isTarget(value),
  listenersOf,
  maxListenersOf,
  setMaxListenersOf,
  defineEventHandler,
};
