'use strict';

// The `diagnostics_channel` built-in: named channels that publish messages to subscribers,
// and tracing channels (start/end/asyncStart/asyncEnd/error around a call). Libraries
// publish through it whether or not anyone listens; with no subscriber it costs a check.

const { invalidArgType } = require('internal/errors');
const { hostClasses } = require('internal/util');

const channels = new Map(); // name → Channel (kept while it has subscribers, like Node's)

class Channel {
  #subscribers = [];
  #stores = new Map();

  constructor(name) {
    this.name = name;
  }

  get hasSubscribers() {
    return this.#subscribers.length > 0 || this.#stores.size > 0;
  }

  subscribe(subscription) {
    if (typeof subscription !== 'function') throw invalidArgType('subscription', 'function', subscription);
    this.#subscribers = [...this.#subscribers, subscription];
    channels.set(this.name, this);
  }

  unsubscribe(subscription) {
    const index = this.#subscribers.indexOf(subscription);
    if (index < 0) return false;
    this.#subscribers = this.#subscribers.filter((_, i) => i !== index);
    return true;
  }

  publish(message) {
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(message, this.name);
      } catch (error) {
        process.nextTick(() => { throw error; });
      }
    }
  }

  bindStore(store, transform) {
    this.#stores.set(store, transform);
    channels.set(this.name, this);
  }

  unbindStore(store) {
    return this.#stores.delete(store);
  }

  runStores(message, fn, thisArg, ...args) {
    this.publish(message);
    return Reflect.apply(fn, thisArg, args);
  }
}
hostClasses.add(Channel);

function checkName(name) {
  if (typeof name !== 'string' && typeof name !== 'symbol') {
    throw invalidArgType('channel', 'string or symbol', name);
  }
}

function channel(name) {
  checkName(name);
  let found = channels.get(name);
  if (found === undefined) {
    found = new Channel(name);
    channels.set(name, found);
  }
  return found;
}

const hasSubscribers = (name) => channels.get(name)?.hasSubscribers ?? false;
const subscribe = (name, subscription) => channel(name).subscribe(subscription);
const unsubscribe = (name, subscription) => channel(name).unsubscribe(subscription);

const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];

class TracingChannel {
  constructor(nameOrChannels) {
    for (const event of EVENTS) {
      this[event] = typeof nameOrChannels === 'string'
        ? channel(`tracing:${nameOrChannels}:${event}`)
        : nameOrChannels[event];
    }
  }

  get hasSubscribers() {
    return EVENTS.some((event) => this[event].hasSubscribers);
  }

  subscribe(handlers) {
    for (const event of EVENTS) if (handlers[event]) this[event].subscribe(handlers[event]);
  }

  unsubscribe(handlers) {
    let done = true;
    for (const event of EVENTS) {
      if (handlers[event] && !this[event].unsubscribe(handlers[event])) done = false;
    }
    return done;
  }

  traceSync(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    this.start.publish(context);
    try {
      const result = Reflect.apply(fn, thisArg, args);
      context.result = result;
      return result;
    } catch (error) {
      context.error = error;
      this.error.publish(context);
      throw error;
    } finally {
      this.end.publish(context);
    }
  }

  tracePromise(fn, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    this.start.publish(context);
    try {
      const promise = Promise.resolve(Reflect.apply(fn, thisArg, args));
      return promise.then((result) => {
        context.result = result;
        this.asyncStart.publish(context);
        this.asyncEnd.publish(context);
        return result;
      }, (error) => {
        context.error = error;
        this.error.publish(context);
        this.asyncStart.publish(context);
        this.asyncEnd.publish(context);
        throw error;
      });
    } catch (error) {
      context.error = error;
      this.error.publish(context);
      throw error;
    } finally {
      this.end.publish(context);
    }
  }

  traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const index = position < 0 ? args.length + position : position;
    const callback = args[index];
    if (typeof callback !== 'function') throw invalidArgType('callback', 'function', callback);
    const self = this;
    args[index] = function (error, result) {
      if (error) {
        context.error = error;
        self.error.publish(context);
      } else {
        context.result = result;
      }
      self.asyncStart.publish(context);
      try {
        return Reflect.apply(callback, this, arguments);
      } finally {
        self.asyncEnd.publish(context);
      }
    };
    return this.traceSync(fn, context, thisArg, ...args);
  }
}
hostClasses.add(TracingChannel);

const tracingChannel = (nameOrChannels) => new TracingChannel(nameOrChannels);

module.exports = {
  channel,
  hasSubscribers,
  subscribe,
  tracingChannel,
  unsubscribe,
  Channel,
};
