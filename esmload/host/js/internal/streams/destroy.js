'use strict';

// destroy() of every stream, errorOrDestroy (an error a stream reports about itself), and
// the _construct protocol. A duplex has both states; a Readable or Writable only one.

const { nextTick, errors, aggregateTwoErrors, isRequest } = require('internal/streams/utils');

const kDestroy = Symbol('kDestroy');
const kConstruct = Symbol('kConstruct');

function recordError(error, w, r) {
  if (!error) return;
  // Reading the stack now makes it describe where the error was made, as in Node.
  void error.stack;
  if (w && !w.errored) w.errored = error;
  if (r && !r.errored) r.errored = error;
}

// stream.destroy(err, cb): Readable, Writable and Duplex share it.
function destroy(error, cb) {
  const r = this._readableState;
  const w = this._writableState;
  const state = w || r;
  if ((w && w.destroyed) || (r && r.destroyed)) {
    if (typeof cb === 'function') cb();
    return this;
  }
  recordError(error, w, r);
  if (w) w.destroyed = true;
  if (r) r.destroyed = true;
  if (!state.constructed) {
    this.once(kDestroy, function onConstructed(constructError) {
      runDestroy(this, aggregateTwoErrors(constructError, error), cb);
    });
  } else {
    runDestroy(this, error, cb);
  }
  return this;
}

function runDestroy(stream, error, cb) {
  let called = false;
  function onDestroy(err) {
    if (called) return;
    called = true;
    const r = stream._readableState;
    const w = stream._writableState;
    recordError(err, w, r);
    if (w) w.closed = true;
    if (r) r.closed = true;
    if (typeof cb === 'function') cb(err);
    if (err) nextTick(emitErrorAndClose, stream, err);
    else nextTick(emitClose, stream);
  }
  try {
    stream._destroy(error || null, onDestroy);
  } catch (err) {
    onDestroy(err);
  }
}

function emitErrorAndClose(stream, error) {
  emitError(stream, error);
  emitClose(stream);
}

function emitClose(stream) {
  const r = stream._readableState;
  const w = stream._writableState;
  if (w) w.closeEmitted = true;
  if (r) r.closeEmitted = true;
  if ((w && w.emitClose) || (r && r.emitClose)) stream.emit('close');
}

function emitError(stream, error) {
  const r = stream._readableState;
  const w = stream._writableState;
  if ((w && w.errorEmitted) || (r && r.errorEmitted)) return;
  if (w) w.errorEmitted = true;
  if (r) r.errorEmitted = true;
  stream.emit('error', error);
}

// Makes a destroyed stream usable again (Node's _undestroy).
function undestroy() {
  const r = this._readableState;
  const w = this._writableState;
  if (r) {
    r.constructed = true;
    r.closed = false;
    r.closeEmitted = false;
    r.destroyed = false;
    r.errored = null;
    r.errorEmitted = false;
    r.reading = false;
    r.ended = r.readable === false;
    r.endEmitted = r.readable === false;
  }
  if (w) {
    w.constructed = true;
    w.destroyed = false;
    w.closed = false;
    w.closeEmitted = false;
    w.errored = null;
    w.errorEmitted = false;
    w.finalCalled = false;
    w.prefinished = false;
    w.ended = w.writable === false;
    w.ending = w.writable === false;
    w.finished = w.writable === false;
  }
}

// An error the stream's own machinery hit: destroys it (autoDestroy), or else only emits
// 'error' (on the next tick when `sync`).
function errorOrDestroy(stream, error, sync) {
  const r = stream._readableState;
  const w = stream._writableState;
  if ((w && w.destroyed) || (r && r.destroyed)) return;
  if ((r && r.autoDestroy) || (w && w.autoDestroy)) {
    stream.destroy(error);
  } else if (error) {
    recordError(error, w, r);
    if (sync) nextTick(emitError, stream, error);
    else emitError(stream, error);
  }
}

// Runs stream._construct(cb) on the next tick; `onConstructed` runs once it succeeded. A
// duplex calls this once for both sides.
function construct(stream, onConstructed) {
  if (typeof stream._construct !== 'function') return;
  const r = stream._readableState;
  const w = stream._writableState;
  if (r) r.constructed = false;
  if (w) w.constructed = false;
  stream.once(kConstruct, onConstructed);
  if (stream.listenerCount(kConstruct) > 1) return;
  nextTick(startConstruct, stream);
}

function startConstruct(stream) {
  let called = false;
  function done(error) {
    if (called) {
      errorOrDestroy(stream, error != null ? error : errors.multipleCallback());
      return;
    }
    called = true;
    const r = stream._readableState;
    const w = stream._writableState;
    const state = w || r;
    if (r) r.constructed = true;
    if (w) w.constructed = true;
    if (state.destroyed) stream.emit(kDestroy, error);
    else if (error) errorOrDestroy(stream, error, true);
    else nextTick(() => stream.emit(kConstruct));
  }
  try {
    stream._construct((error) => { nextTick(done, error); });
  } catch (error) {
    nextTick(done, error);
  }
}

// Destroys any stream-like object: streams, http requests (abort), or things with close().
function destroyer(stream, error) {
  if (!stream) return;
  if (isRequest(stream)) {
    stream.abort();
    return;
  }
  if (isRequest(stream.req)) stream.req.abort();
  if (typeof stream.destroy === 'function') stream.destroy(error);
  else if (typeof stream.close === 'function') stream.close();
  else if (error) nextTick((s, e) => s.emit('error', e), stream, error);
  else nextTick((s) => s.emit('close'), stream);
}

module.exports = {
  destroy,
  undestroy,
  errorOrDestroy,
  construct,
  destroyer,
  kDestroy,
  kConstruct,
};
