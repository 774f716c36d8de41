'use strict';

// The legacy Stream class: an EventEmitter with the old pipe(). `require('stream')` is this
// class, and Readable, Writable and Duplex inherit from it.

const EventEmitter = require('events');

function Stream(options) {
  EventEmitter.call(this, options);
}
Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Stream, EventEmitter);

// The pre-streams2 pipe: data is written to dest, a false write() pauses the source until
// dest drains, 'end' ends dest (unless { end: false }), 'close' destroys it.
Stream.prototype.pipe = function pipe(dest, options) {
  const source = this;
  function ondata(chunk) {
    if (dest.writable && dest.write(chunk) === false && typeof source.pause === 'function') source.pause();
  }
  function ondrain() {
    if (source.readable && typeof source.resume === 'function') source.resume();
  }
  source.on('data', ondata);
  dest.on('drain', ondrain);

  let ended = false;
  function onend() {
    if (ended) return;
    ended = true;
    dest.end();
  }
  function onclose() {
    if (ended) return;
    ended = true;
    if (typeof dest.destroy === 'function') dest.destroy();
  }
  if (!dest._isStdio && (!options || options.end !== false)) {
    source.on('end', onend);
    source.on('close', onclose);
  }

  function onerror(error) {
    cleanup();
    if (this.listenerCount('error') === 0) this.emit('error', error);
  }
  prependListener(source, 'error', onerror);
  prependListener(dest, 'error', onerror);

  function cleanup() {
    source.removeListener('data', ondata);
    dest.removeListener('drain', ondrain);
    source.removeListener('end', onend);
    source.removeListener('close', onclose);
    source.removeListener('error', onerror);
    dest.removeListener('error', onerror);
    source.removeListener('end', cleanup);
    source.removeListener('close', cleanup);
    dest.removeListener('close', cleanup);
  }
  source.on('end', cleanup);
  source.on('close', cleanup);
  dest.on('close', cleanup);
  dest.emit('pipe', source);
  return dest;
};

// Without the internal events of _construct and destroy.
Stream.prototype.eventNames = function eventNames() {
  const { kDestroy, kConstruct } = require('internal/streams/destroy');
  return EventEmitter.prototype.eventNames.call(this).filter((name) => name !== kDestroy && name !== kConstruct);
};

// Puts fn first among emitter's listeners of event, also for emitters without prependListener.
function prependListener(emitter, event, fn) {
  if (typeof emitter.prependListener === 'function') {
    emitter.prependListener(event, fn);
    return;
  }
  const events = emitter._events;
  if (!events || !events[event]) emitter.on(event, fn);
  else if (Array.isArray(events[event])) events[event].unshift(fn);
  else events[event] = [fn, events[event]];
}

module.exports = { Stream, prependListener };
