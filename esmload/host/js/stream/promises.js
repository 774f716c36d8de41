'use strict';

// node:stream/promises: pipeline and finished returning promises.

const { pipelineImpl } = require('internal/streams/pipeline');
const { finished } = require('internal/streams/end_of_stream');
const { isIterable, isNodeStream } = require('internal/streams/utils');

function pipeline(...streams) {
  return new Promise((resolve, reject) => {
    let options;
    const last = streams[streams.length - 1];
    if (last && typeof last === 'object' && !isNodeStream(last) && !isIterable(last) &&
        typeof last.then !== 'function' && !Array.isArray(last)) {
      options = streams.pop();
    }
    pipelineImpl(streams, (error, value) => {
      if (error) reject(error);
      else resolve(value);
    }, { signal: options && options.signal, end: options && options.end });
  });
}

module.exports = { finished, pipeline };
