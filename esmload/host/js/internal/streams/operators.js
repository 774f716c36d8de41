'use strict';

// The iterator helpers of Readable: map, filter, flatMap, drop, take (new streams) and
// forEach, toArray, some, every, find, reduce (promises). Each stage works one chunk at a
// time (the `concurrency` option is accepted; chunks are still handled in order).

const {
  errors, AbortError, validateFunction, validateAbortSignal,
} = require('internal/streams/utils');
const { invalidArgType } = require('internal/errors');

function checkOptions(options) {
  if (options != null && typeof options !== 'object') throw invalidArgType('options', 'Object', options);
  if (options && options.signal != null) validateAbortSignal(options.signal, 'options.signal');
  if (options && options.concurrency != null) {
    const c = options.concurrency;
    if (typeof c !== 'number' || !(c >= 1)) throw errors.outOfRange('options.concurrency', '>= 1', c);
  }
}

function throwIfAborted(options) {
  if (options && options.signal && options.signal.aborted) {
    throw new AbortError(undefined, { cause: options.signal.reason });
  }
}

function toInteger(number, name) {
  number = Number(number);
  if (Number.isNaN(number)) return 0;
  if (number < 0) throw errors.outOfRange(name, '>= 0', number);
  return Math.trunc(number);
}

function install(Readable) {
  const streamReturning = {
    async* map(fn, options) {
      validateFunction(fn, 'fn');
      checkOptions(options);
      const signal = options && options.signal;
      for await (const chunk of this) {
        throwIfAborted(options);
        yield await fn(chunk, { signal });
      }
    },
    async* filter(fn, options) {
      validateFunction(fn, 'fn');
      checkOptions(options);
      const signal = options && options.signal;
      for await (const chunk of this) {
        throwIfAborted(options);
        if (await fn(chunk, { signal })) yield chunk;
      }
    },
    async* flatMap(fn, options) {
      validateFunction(fn, 'fn');
      checkOptions(options);
      const signal = options && options.signal;
      for await (const chunk of this) {
        throwIfAborted(options);
        yield* await fn(chunk, { signal });
      }
    },
    async* drop(number, options) {
      checkOptions(options);
      number = toInteger(number, 'number');
      for await (const chunk of this) {
        throwIfAborted(options);
        if (number-- <= 0) yield chunk;
      }
    },
    async* take(number, options) {
      checkOptions(options);
      number = toInteger(number, 'number');
      if (number <= 0) return;
      for await (const chunk of this) {
        throwIfAborted(options);
        yield chunk;
        if (--number <= 0) return;
      }
    },
    async* asIndexedPairs(options) {
      checkOptions(options);
      let index = 0;
      for await (const chunk of this) {
        throwIfAborted(options);
        yield [index++, chunk];
      }
    },
  };

  for (const name of Object.keys(streamReturning)) {
    const generator = streamReturning[name];
    const method = {
      [name](...args) {
        return Readable.from(Reflect.apply(generator, this, args));
      },
    }[name];
    Object.defineProperty(Readable.prototype, name, {
      value: method, writable: true, configurable: true, enumerable: false,
    });
  }

  const promiseReturning = {
    async forEach(fn, options) {
      validateFunction(fn, 'fn');
      checkOptions(options);
      const signal = options && options.signal;
      for await (const chunk of this) {
        throwIfAborted(options);
        await fn(chunk, { signal });
      }
    },
    async toArray(options) {
      checkOptions(options);
      const result = [];
      for await (const chunk of this) {
        throwIfAborted(options);
        result.push(chunk);
      }
      return result;
    },
    async some(fn, options) {
      validateFunction(fn, 'fn');
      checkOptions(options);
      const signal = options && options.signal;
      for await (const chunk of this) {
        throwIfAborted(options);
        if (await fn(chunk, { signal })) return true;
      }
      return false;
    },
    async every(fn, options) {
      validateFunction(fn, 'fn');
      checkOptions(options);
      const signal = options && options.signal;
      for await (const chunk of this) {
        throwIfAborted(options);
        if (!(await fn(chunk, { signal }))) return false;
      }
      return true;
    },
    async find(fn, options) {
      validateFunction(fn, 'fn');
      checkOptions(options);
      const signal = options && options.signal;
      for await (const chunk of this) {
        throwIfAborted(options);
        if (await fn(chunk, { signal })) return chunk;
      }
      return undefined;
    },
    async reduce(reducer, ...rest) {
      validateFunction(reducer, 'reducer');
      const hasInitial = rest.length > 0;
      let accumulator = rest[0];
      const options = rest[1];
      checkOptions(options);
      const signal = options && options.signal;
      let first = !hasInitial;
      let any = false;
      for await (const chunk of this) {
        throwIfAborted(options);
        any = true;
        if (first) {
          accumulator = chunk;
          first = false;
        } else {
          accumulator = await reducer(accumulator, chunk, { signal });
        }
      }
      if (!any && !hasInitial) {
        const error = new TypeError('Reduce of an empty stream requires an initial value');
        error.code = 'ERR_INVALID_ARGS';
        throw error;
      }
      return accumulator;
    },
  };

  // readable.compose(stream): a Duplex reading from this stream through `stream`.
  promiseReturning.compose = function compose(stream, options) {
    if (options != null && typeof options !== 'object') throw invalidArgType('options', 'Object', options);
    if (options && options.signal != null) validateAbortSignal(options.signal, 'options.signal');
    const composed = require('internal/streams/duplexify').compose(this, stream);
    if (options && options.signal) require('internal/streams/add_abort_signal').addAbortSignal(options.signal, composed);
    return composed;
  };

  for (const name of Object.keys(promiseReturning)) {
    Object.defineProperty(Readable.prototype, name, {
      value: promiseReturning[name], writable: true, configurable: true, enumerable: false,
    });
  }
}

module.exports = { install };
