'use strict';

// The `readline/promises` built-in: the same Interface, with question() returning a promise.

const readline = require('readline');

class Interface extends readline.Interface {
  question(query, options = {}) {
    return new Promise((resolve, reject) => {
      const signal = options?.signal;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      super.question(query, resolve);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

module.exports = { Interface, createInterface };
