'use strict';

// The `readline` built-in, for line-by-line reading: createInterface({ input }) emits 'line'
// for each line of the input stream ('\n', '\r\n' or '\r' ended) and 'close' at its end, is
// async-iterable over the lines, and can ask a question(). No terminal editing (esmload's
// process.stdin is not a TTY stream), so `terminal` is always false.

const EventEmitter = require('events');
const { invalidArgType } = require('internal/errors');
const { StringDecoder } = require('string_decoder');

class Interface extends EventEmitter {
  #buffer = '';
  #decoder = new StringDecoder('utf8');
  #questions = [];
  #skipNewline = false;

  constructor(input, output, completer, terminal) {
    super();
    const options = input !== null && typeof input === 'object' && typeof input.on !== 'function'
      ? input : { input, output };
    if (options.input === undefined || typeof options.input?.on !== 'function') {
      throw invalidArgType('input', 'an instance of Readable', options.input);
    }
    this.input = options.input;
    this.output = options.output;
    this.terminal = false;
    this.line = '';
    this.closed = false;
    this.crlfDelay = Math.max(100, Number(options.crlfDelay) || 100);
    this.historySize = options.historySize ?? 30;
    this.onData = (chunk) => this.#feed(typeof chunk === 'string' ? chunk : this.#decoder.write(chunk));
    this.onEnd = () => {
      this.#feed(this.#decoder.end());
      if (this.#buffer.length > 0) this.#emitLine(this.#buffer);
      this.#buffer = '';
      this.close();
    };
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    if (typeof this.input.resume === 'function') this.input.resume();
    if (options.signal !== undefined) {
      if (options.signal.aborted) queueMicrotask(() => this.close());
      else options.signal.addEventListener('abort', () => this.close(), { once: true });
    }
  }

  #feed(text) {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.#skipNewline) {
        this.#skipNewline = false;
        if (c === '\n') continue;
      }
      if (c === '\n' || c === '\r') {
        const line = this.#buffer;
        this.#buffer = '';
        this.#skipNewline = c === '\r';
        this.#emitLine(line);
        if (this.closed) return;
      } else {
        this.#buffer += c;
      }
    }
  }

  #emitLine(line) {
    const question = this.#questions.shift();
    if (question !== undefined) question(line);
    else this.emit('line', line);
  }

  setPrompt(prompt) { this.prompt = prompt; }
  getPrompt() { return this.prompt ?? '> '; }

  prompt() {
    if (this.output && typeof this.output.write === 'function') this.output.write(this.getPrompt());
  }

  question(query, options, callback) {
    const cb = typeof options === 'function' ? options : callback;
    if (this.closed) {
      const error = new Error('readline was closed');
      error.code = 'ERR_USE_AFTER_CLOSE';
      throw error;
    }
    if (this.output && typeof this.output.write === 'function') this.output.write(query);
    this.#questions.push((answer) => cb(answer));
  }

  write(data) {
    if (typeof data === 'string') this.#feed(data);
  }

  pause() {
    if (typeof this.input.pause === 'function') this.input.pause();
    this.emit('pause');
    return this;
  }

  resume() {
    if (typeof this.input.resume === 'function') this.input.resume();
    this.emit('resume');
    return this;
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.input.removeListener('data', this.onData);
    this.input.removeListener('end', this.onEnd);
    if (typeof this.input.pause === 'function') this.input.pause();
    this.emit('close');
  }

  [Symbol.asyncIterator]() {
    const lines = EventEmitter.on(this, 'line', { close: ['close'] });
    if (this.closed) lines.return();
    return {
      next: async () => {
        const { value, done } = await lines.next();
        return done ? { value: undefined, done: true } : { value: value[0], done: false };
      },
      return: async () => {
        this.close();
        return lines.return();
      },
      [Symbol.asyncIterator]() { return this; },
    };
  }
}

function createInterface(input, output, completer, terminal) {
  return new Interface(input, output, completer, terminal);
}

function clearLine(stream, dir, callback) {
  if (typeof callback === 'function') queueMicrotask(callback);
  return true;
}
function clearScreenDown(stream, callback) {
  if (typeof callback === 'function') queueMicrotask(callback);
  return true;
}
function cursorTo(stream, x, y, callback) {
  const cb = typeof y === 'function' ? y : callback;
  if (typeof cb === 'function') queueMicrotask(cb);
  return true;
}
function moveCursor(stream, dx, dy, callback) {
  if (typeof callback === 'function') queueMicrotask(callback);
  return true;
}
function emitKeypressEvents() {}

module.exports = {
  Interface,
  clearLine,
  clearScreenDown,
  createInterface,
  cursorTo,
  emitKeypressEvents,
  moveCursor,
};
Object.defineProperty(module.exports, 'promises', {
  get: () => require('readline/promises'),
  enumerable: true,
  configurable: true,
});
