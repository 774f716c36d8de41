'use strict';

// stream.finished(stream, options, callback): calls back once the stream is done (ended,
// finished, closed) or failed (error, premature close). Returns a function removing its
// listeners.

const {
  nop, nextTick, errors, AbortError, validateFunction, validateObject, validateAbortSignal,
  isNodeStream, isReadableNodeStream, isWritableNodeStream, isReadableFinished,
  isWritableFinished, isReadable, isWritable, isClosed, isRequest, willEmitClose: willEmitCloseOf,
  isReadableStream, isWritableStream,
} = require('internal/streams/utils');

function eos(stream, options, callback) {
  if (arguments.length === 2) {
    callback = options;
    options = {};
  } else if (options == null) {
    options = {};
  } else {
    validateObject(options, 'options');
  }
  validateFunction(callback, 'callback');
  validateAbortSignal(options.signal, 'options.signal');

  let called = false;
  const userCallback = callback;
  callback = function done(error) {
    if (called) return;
    called = true;
    if (arguments.length === 0) Reflect.apply(userCallback, this, []);
    else Reflect.apply(userCallback, this, [error]);
  };

  if (isReadableStream(stream) || isWritableStream(stream)) return eosWeb(stream, options, callback);
  if (!isNodeStream(stream)) throw errors.invalidArgType('stream', 'ReadableStream, WritableStream, or Stream', stream);

  const readable = options.readable != null ? options.readable : isReadableNodeStream(stream);
  const writable = options.writable != null ? options.writable : isWritableNodeStream(stream);
  const w = stream._writableState;
  const r = stream._readableState;

  // A stream that will emit 'close' is done at 'close', not at 'end' or 'finish'.
  let willEmitClose = willEmitCloseOf(stream) &&
    isReadableNodeStream(stream) === readable && isWritableNodeStream(stream) === writable;

  let writableFinished = isWritableFinished(stream, false);
  let readableFinished = isReadableFinished(stream, false);
  let closed = isClosed(stream);

  const onlegacyfinish = () => {
    if (!stream.writable) onfinish();
  };

  const onfinish = () => {
    writableFinished = true;
    if (stream.destroyed) willEmitClose = false;
    if (willEmitClose && (!stream.readable || readable)) return;
    if (!readable || readableFinished) callback.call(stream);
  };

  const onend = () => {
    readableFinished = true;
    if (stream.destroyed) willEmitClose = false;
    if (willEmitClose && (!stream.writable || writable)) return;
    if (!writable || writableFinished) callback.call(stream);
  };

  const onerror = (error) => {
    callback.call(stream, error);
  };

  const erroredOf = () => {
    const e = (w && w.errored) || (r && r.errored);
    return e && typeof e !== 'boolean' ? e : null;
  };

  const onclose = () => {
    closed = true;
    const error = erroredOf();
    if (error) return callback.call(stream, error);
    if (readable && !readableFinished && isReadableNodeStream(stream, true) && !isReadableFinished(stream, false)) {
      return callback.call(stream, errors.prematureClose());
    }
    if (writable && !writableFinished && !isWritableFinished(stream, false)) {
      return callback.call(stream, errors.prematureClose());
    }
    callback.call(stream);
  };

  const onclosed = () => {
    closed = true;
    const error = erroredOf();
    if (error) return callback.call(stream, error);
    callback.call(stream);
  };

  const onrequest = () => {
    stream.req.on('finish', onfinish);
  };

  if (isRequest(stream)) {
    stream.on('complete', onfinish);
    if (!willEmitClose) stream.on('abort', onclose);
    if (stream.req) onrequest();
    else stream.on('request', onrequest);
  } else if (writable && !w) {
    // Legacy streams.
    stream.on('end', onlegacyfinish);
    stream.on('close', onlegacyfinish);
  }
  if (!willEmitClose && typeof stream.aborted === 'boolean') stream.on('aborted', onclose);

  stream.on('end', onend);
  stream.on('finish', onfinish);
  if (options.error !== false) stream.on('error', onerror);
  stream.on('close', onclose);

  if (closed) {
    nextTick(onclose);
  } else if ((w && w.errorEmitted) || (r && r.errorEmitted)) {
    if (!willEmitClose) nextTick(onclosed);
  } else if (!readable && (!willEmitClose || isReadable(stream)) &&
             (writableFinished || isWritable(stream) === false)) {
    nextTick(onclosed);
  } else if (!writable && (!willEmitClose || isWritable(stream)) &&
             (readableFinished || isReadable(stream) === false)) {
    nextTick(onclosed);
  } else if (r && stream.req && stream.aborted) {
    nextTick(onclosed);
  }

  const cleanup = () => {
    callback = nop;
    stream.removeListener('aborted', onclose);
    stream.removeListener('complete', onfinish);
    stream.removeListener('abort', onclose);
    stream.removeListener('request', onrequest);
    if (stream.req) stream.req.removeListener('finish', onfinish);
    stream.removeListener('end', onlegacyfinish);
    stream.removeListener('close', onlegacyfinish);
    stream.removeListener('finish', onfinish);
    stream.removeListener('end', onend);
    stream.removeListener('error', onerror);
    stream.removeListener('close', onclose);
  };

  if (options.signal && !closed) {
    const signal = options.signal;
    const onAbort = () => {
      const last = callback;
      cleanup();
      last.call(stream, new AbortError(undefined, { cause: signal.reason }));
    };
    if (signal.aborted) {
      nextTick(onAbort);
    } else {
      signal.addEventListener('abort', onAbort);
      const original = callback;
      callback = function done(...args) {
        signal.removeEventListener('abort', onAbort);
        Reflect.apply(original, this, args);
      };
    }
  }
  return cleanup;
}

// Web streams are not provided: finished() on one only watches for nothing.
function eosWeb(stream, options, callback) {
  return nop;
}

function finished(stream, options) {
  let autoCleanup = false;
  if (options === null) options = {};
  if (options && options.cleanup !== undefined) {
    if (typeof options.cleanup !== 'boolean') {
      throw errors.invalidArgType('options.cleanup', 'boolean', options.cleanup);
    }
    autoCleanup = options.cleanup;
  }
  return new Promise((resolve, reject) => {
    const cleanup = eos(stream, options, (error) => {
      if (autoCleanup) cleanup();
      if (error) reject(error);
      else resolve();
    });
  });
}

eos.finished = finished;
module.exports = eos;
