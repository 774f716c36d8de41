'use strict';

// stream.addAbortSignal(signal, stream): aborting the signal destroys the stream with an
// AbortError.

const { errors, AbortError, validateAbortSignal, isNodeStream } = require('internal/streams/utils');

function addAbortSignal(signal, stream) {
  validateAbortSignal(signal, 'signal');
  if (!isNodeStream(stream)) throw errors.invalidArgType('stream', 'ReadableStream, WritableStream, or Stream', stream);
  return addAbortSignalNoValidate(signal, stream);
}

function addAbortSignalNoValidate(signal, stream) {
  if (typeof signal !== 'object' || signal === null || !('aborted' in signal)) return stream;
  const onAbort = () => {
    stream.destroy(new AbortError(undefined, { cause: signal.reason }));
  };
  if (signal.aborted) {
    onAbort();
  } else {
    signal.addEventListener('abort', onAbort, { once: true });
    require('internal/streams/end_of_stream')(stream, () => {
      signal.removeEventListener('abort', onAbort);
    });
  }
  return stream;
}

module.exports = { addAbortSignal, addAbortSignalNoValidate };
