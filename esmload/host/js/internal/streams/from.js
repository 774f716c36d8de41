'use strict';

// Readable.from(iterable, options): an object-mode Readable (highWaterMark 1) reading an
// iterable or async iterable; values that are promises are awaited. Destroying the stream
// returns (or throws into) the iterator.

const { nextTick, errors } = require('internal/streams/utils');

function from(Readable, iterable, options) {
  if (typeof iterable === 'string' || (iterable instanceof Uint8Array)) {
    let pushed = false;
    return new Readable({
      objectMode: true,
      ...options,
      read() {
        if (pushed) return;
        pushed = true;
        this.push(iterable);
        this.push(null);
      },
    });
  }

  let iterator;
  let isAsync;
  if (iterable && typeof iterable[Symbol.asyncIterator] === 'function') {
    isAsync = true;
    iterator = iterable[Symbol.asyncIterator]();
  } else if (iterable && typeof iterable[Symbol.iterator] === 'function') {
    isAsync = false;
    iterator = iterable[Symbol.iterator]();
  } else {
    throw errors.invalidArgType('iterable', 'Iterable', iterable);
  }

  const readable = new Readable({ objectMode: true, highWaterMark: 1, ...options });
  let reading = false;
  let finishing = false;

  readable._read = function _read() {
    if (!reading) {
      reading = true;
      if (isAsync) nextAsync();
      else nextSync();
    }
  };

  readable._destroy = function _destroy(error, cb) {
    close(error).then(
      () => nextTick(cb, error),
      (closeError) => nextTick(cb, closeError || error),
    );
  };

  async function close(error) {
    const hadError = error !== undefined && error !== null;
    if (hadError && typeof iterator.throw === 'function' && !finishing) {
      const { value, done } = await iterator.throw(error);
      await value;
      if (done) return;
    }
    if (typeof iterator.return === 'function' && !finishing) {
      const { value } = await iterator.return();
      await value;
    }
  }

  // A value pushed; returns whether to go on reading.
  function deliver(value) {
    if (value === null) {
      reading = false;
      throw errors.nullValues();
    }
    if (readable.push(value)) return true;
    reading = false;
    return false;
  }

  // Sync iterators: no promise in the way unless a value is one.
  function nextSync() {
    for (;;) {
      let step;
      try {
        step = iterator.next();
      } catch (error) {
        finishing = true;
        readable.destroy(error);
        return;
      }
      if (step.done) {
        finishing = true;
        readable.push(null);
        return;
      }
      const value = step.value;
      if (value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function') {
        value.then((resolved) => {
          try {
            if (deliver(resolved)) nextSync();
          } catch (error) {
            readable.destroy(error);
          }
        }, (error) => readable.destroy(error));
        return;
      }
      try {
        if (!deliver(value)) return;
      } catch (error) {
        readable.destroy(error);
        return;
      }
    }
  }

  async function nextAsync() {
    for (;;) {
      try {
        const { value, done } = await iterator.next();
        if (done) {
          finishing = true;
          readable.push(null);
          return;
        }
        const resolved = value && typeof value.then === 'function' ? await value : value;
        if (!deliver(resolved)) return;
      } catch (error) {
        readable.destroy(error);
        return;
      }
    }
  }

  return readable;
}

module.exports = from;
