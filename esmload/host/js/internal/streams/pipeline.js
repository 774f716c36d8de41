'use strict';

// stream.pipeline(source, ...transforms, destination, callback). Streams are piped into each
// other; a function stage gets the previous stage as an async iterable (and { signal }) and
// returns an async iterable (or, last, a promise); iterables can be sources. The first error
// destroys every stream; the callback runs once, after the last stage finished or failed.

const eos = require('internal/streams/end_of_stream');
const destroyImpl = require('internal/streams/destroy');
const {
  nextTick, errors, AbortError, aggregateTwoErrors, validateFunction, validateAbortSignal,
  isIterable, isNodeStream, isReadableNodeStream, isReadable, isReadableFinished,
} = require('internal/streams/utils');

let PassThrough = null;
let Readable = null;
let Duplex = null;

function popCallback(streams) {
  const last = streams[streams.length - 1];
  validateFunction(last, 'streams[stream.length - 1]');
  return streams.pop();
}

function pipeline(...streams) {
  return pipelineImpl(streams, once(popCallback(streams)));
}

function once(fn) {
  let called = false;
  return (...args) => {
    if (called) return;
    called = true;
    Reflect.apply(fn, undefined, args);
  };
}

// Destroys `stream` with the pipeline's error unless it already finished well.
function destroyer(stream, reading, writing) {
  let finished = false;
  stream.on('close', () => { finished = true; });
  const cleanup = eos(stream, { readable: reading, writable: writing }, (error) => {
    finished = !error;
  });
  return {
    destroy(error) {
      if (finished) return;
      finished = true;
      destroyImpl.destroyer(stream, error || errors.destroyed('pipe'));
    },
    cleanup,
  };
}

// The async iterable a function stage reads.
function asIterable(value) {
  if (isIterable(value)) return value;
  if (isReadableNodeStream(value)) return readStream(value);
  throw errors.invalidArgType('val', 'Readable, Iterable, or AsyncIterable', value);
}

async function* readStream(stream) {
  if (!Readable) Readable = require('internal/streams/readable');
  yield* Readable.prototype[Symbol.asyncIterator].call(stream);
}

// Writes an (async) iterable into a Node writable, honouring backpressure.
async function pump(iterable, writable, finish, end) {
  let error;
  let waiter = null;
  const wake = (err) => {
    if (err) error = err;
    if (waiter) {
      const callback = waiter;
      waiter = null;
      callback();
    }
  };
  const wait = () => new Promise((resolve, reject) => {
    if (error) {
      reject(error);
    } else {
      waiter = () => {
        if (error) reject(error);
        else resolve();
      };
    }
  });
  writable.on('drain', wake);
  const cleanup = eos(writable, { readable: false }, wake);
  try {
    if (writable.writableNeedDrain) await wait();
    for await (const chunk of iterable) {
      if (!writable.write(chunk)) await wait();
    }
    if (end) {
      writable.end();
      await wait();
    }
    finish();
  } catch (err) {
    finish(error !== err ? aggregateTwoErrors(error, err) : err);
  } finally {
    cleanup();
    writable.off('drain', wake);
  }
}

// A node stream piped into another: done when dst finished and src ended.
function pipe(src, dst, finish, end) {
  let ended = false;
  dst.on('close', () => {
    if (!ended) finish(errors.prematureClose());
  });
  src.pipe(dst, { end: false });
  if (end) {
    const endDst = () => {
      ended = true;
      dst.end();
    };
    if (isReadableFinished(src)) nextTick(endDst);
    else src.once('end', endDst);
    eos(src, { readable: true, writable: false }, (error) => {
      const r = src._readableState;
      if (error && error.code === 'ERR_STREAM_PREMATURE_CLOSE' && r && r.ended && !r.errored && !r.errorEmitted) {
        // Closed after its last chunk but before 'end' was emitted: wait for 'end'.
        src.once('end', finish).once('error', finish);
      } else {
        finish(error);
      }
    });
  } else {
    finish();
  }
  return eos(dst, { readable: false, writable: true }, finish);
}

function pipelineImpl(streams, callback, options) {
  if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
  if (streams.length < 2) throw errors.missingArgs('streams');

  // The signal function stages get, made when the first one needs it.
  let controller = null;
  const stageSignal = () => (controller || (controller = new AbortController())).signal;
  const outerSignal = options && options.signal;
  validateAbortSignal(outerSignal, 'options.signal');
  const lastStreamCleanup = [];

  function abort() {
    finishImpl(new AbortError());
  }
  if (outerSignal && !outerSignal.aborted) outerSignal.addEventListener('abort', abort);

  let error;
  let value;
  const destroys = [];
  let finishCount = 0;

  function finish(err) {
    finishImpl(err, --finishCount === 0);
  }

  function finishImpl(err, final) {
    if (err && (!error || error.code === 'ERR_STREAM_PREMATURE_CLOSE')) error = err;
    if (!error && !final) return;
    while (destroys.length) destroys.shift()(error);
    if (outerSignal) outerSignal.removeEventListener('abort', abort);
    if (controller) controller.abort();
    if (final) {
      if (!error) for (const fn of lastStreamCleanup) fn();
      nextTick(callback, error, value);
    }
  }

  let ret;
  for (let i = 0; i < streams.length; i++) {
    const stream = streams[i];
    const reading = i < streams.length - 1;
    const writing = i > 0;
    const isLast = i === streams.length - 1;
    const end = reading || !options || options.end !== false;

    if (isNodeStream(stream)) {
      if (end) {
        const { destroy, cleanup } = destroyer(stream, reading, writing);
        destroys.push(destroy);
        if (isReadable(stream) && isLast) lastStreamCleanup.push(cleanup);
      }
      // Errors are the pipeline's: no 'error' is left unhandled.
      const onError = (err) => {
        if (err && err.name !== 'AbortError' && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') finish(err);
      };
      stream.on('error', onError);
      if (isReadable(stream) && isLast) lastStreamCleanup.push(() => stream.removeListener('error', onError));
    }

    if (i === 0) {
      if (typeof stream === 'function') {
        ret = stream({ signal: stageSignal() });
        if (!isIterable(ret)) throw errors.invalidReturnValue('Iterable, AsyncIterable or Stream', 'source', ret);
      } else if (isIterable(stream) || isReadableNodeStream(stream)) {
        ret = stream;
      } else {
        if (!Duplex) Duplex = require('internal/streams/duplex');
        ret = Duplex.from(stream);
      }
    } else if (typeof stream === 'function') {
      ret = stream(asIterable(ret), { signal: stageSignal() });
      if (reading) {
        if (!isIterable(ret, true)) throw errors.invalidReturnValue('AsyncIterable', `transform[${i - 1}]`, ret);
      } else {
        if (!PassThrough) PassThrough = require('internal/streams/passthrough');
        // The last stage is a function: its result goes through a PassThrough.
        const pt = new PassThrough({ objectMode: true });
        const then = ret && ret.then;
        if (typeof then === 'function') {
          finishCount++;
          then.call(ret, (result) => {
            value = result;
            if (result != null) pt.write(result);
            if (end) pt.end();
            nextTick(finish);
          }, (err) => {
            pt.destroy(err);
            nextTick(finish, err);
          });
        } else if (isIterable(ret, true)) {
          finishCount++;
          pump(ret, pt, finish, end);
        } else {
          throw errors.invalidReturnValue('AsyncIterable or Promise', 'destination', ret);
        }
        ret = pt;
        const { destroy, cleanup } = destroyer(ret, false, true);
        destroys.push(destroy);
        if (isLast) lastStreamCleanup.push(cleanup);
      }
    } else if (isNodeStream(stream)) {
      if (isReadableNodeStream(ret)) {
        finishCount += 2;
        const cleanup = pipe(ret, stream, finish, end);
        if (isReadable(stream) && isLast) lastStreamCleanup.push(cleanup);
      } else if (isIterable(ret)) {
        finishCount++;
        pump(ret, stream, finish, end);
      } else {
        throw errors.invalidArgType('val', 'Readable, Iterable, or AsyncIterable', ret);
      }
      ret = stream;
    } else {
      if (!Duplex) Duplex = require('internal/streams/duplex');
      ret = Duplex.from(stream);
    }
  }

  if (outerSignal && outerSignal.aborted) nextTick(abort);
  return ret;
}

module.exports = { pipeline, pipelineImpl };
