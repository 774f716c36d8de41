'use strict';

// node:child_process — spawnSync, execFileSync, execSync, exec, execFile and spawn, on the
// Python binding (esmload/host/bindings/child_process.py: subprocess).
//
// spawn() starts the program at once; its output arrives as it is produced (reader threads
// in Python, collected through the event loop), standard input is written through a writer
// thread. ChildProcess has no IPC channel: fork() and the 'ipc' stdio are not provided.

const { nodeError, invalidArgType } = require('internal/errors');
const { hostClasses } = require('internal/util');
const { nextTick } = require('internal/microtasks');

const binding = host.binding('child_process');
const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');
const MAX_BUFFER = 1024 * 1024;

let BufferClass;
const lazyBuffer = () => (BufferClass ??= require('buffer').Buffer);
const toBuffer = (u8) => lazyBuffer().from(u8.buffer, u8.byteOffset, u8.byteLength);

let signalTable = null;
const signals = () => (signalTable ??= require('os').constants.signals);

// ------------------------------------------------------------------ arguments

function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'string', value);
}

function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'function', value);
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object') throw invalidArgType(name, 'object', value);
}

function validateTimeout(timeout) {
  if (timeout !== undefined && timeout !== null && !(Number.isInteger(timeout) && timeout >= 0)) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "timeout" is out of range. It must be an unsigned integer. Received ${require('internal/util/inspect').inspect(timeout)}`);
  }
}

function validateMaxBuffer(maxBuffer) {
  if (maxBuffer !== undefined && maxBuffer !== null && !(typeof maxBuffer === 'number' && maxBuffer >= 0)) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "options.maxBuffer" is out of range. It must be a positive number. Received ${require('internal/util/inspect').inspect(maxBuffer)}`);
  }
}

function signalNumber(signal, name = 'signal') {
  if (typeof signal === 'number') return signal;
  if (typeof signal === 'string') {
    const number = signals()[signal.toUpperCase()];
    if (number === undefined) throw nodeError(TypeError, 'ERR_UNKNOWN_SIGNAL', `Unknown signal: ${signal}`);
    return number;
  }
  throw invalidArgType(name, 'string or number', signal);
}

function signalName(number) {
  const table = signals();
  for (const name of Object.keys(table)) if (table[name] === number) return name;
  return undefined;
}

function pathOf(value, name) {
  if (value !== null && typeof value === 'object' && typeof value.href === 'string') {
    return require('url').fileURLToPath(value);
  }
  validateString(value, name);
  return value;
}

// (file, args, options) as Node takes them → what the binding needs, plus what errors name.
function normalize(file, args, options, syncName) {
  validateString(file, 'file');
  if (file.length === 0) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'file' cannot be empty. Received ''");
  }
  if (Array.isArray(args)) {
    args = args.slice();
  } else if (args === undefined || args === null) {
    args = [];
  } else if (typeof args !== 'object') {
    throw invalidArgType('args', 'object', args);
  } else {
    options = args;
    args = [];
  }
  if (options === undefined) options = {};
  validateObject(options, 'options');
  for (const arg of args) {
    if (typeof arg !== 'string') {
      throw invalidArgType('args', 'string[]', args);
    }
  }
  let cwd;
  if (options.cwd !== undefined && options.cwd !== null) cwd = pathOf(options.cwd, 'options.cwd');
  if (options.argv0 !== undefined && options.argv0 !== null) validateString(options.argv0, 'options.argv0');
  if (options.shell !== undefined && options.shell !== null && typeof options.shell !== 'boolean' &&
      typeof options.shell !== 'string') {
    throw invalidArgType('options.shell', 'boolean or string', options.shell);
  }
  validateTimeout(options.timeout);
  validateMaxBuffer(options.maxBuffer);
  let spawnfile = file;
  let spawnargs = args;
  if (options.shell) {
    const command = [file, ...args].join(' ');
    spawnfile = typeof options.shell === 'string' ? options.shell : '/bin/sh';
    spawnargs = ['-c', command];
  }
  const argv0 = typeof options.argv0 === 'string' ? options.argv0 : spawnfile;
  const env = {};
  const source = options.env === undefined || options.env === null ? process.env : options.env;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value !== undefined) env[key] = String(value);
  }
  return {
    file: spawnfile,
    args: [argv0, ...spawnargs],
    spawnargs,
    cwd,
    env,
    stdio: normalizeStdio(options.stdio, syncName),
    detached: Boolean(options.detached),
    uid: options.uid,
    gid: options.gid,
    timeout: options.timeout || 0,
    killSignal: options.killSignal === undefined ? signals().SIGTERM : signalNumber(options.killSignal, 'options.killSignal'),
    options,
  };
}

function normalizeStdio(stdio, syncName) {
  if (stdio === undefined || stdio === null) return ['pipe', 'pipe', 'pipe'];
  if (typeof stdio === 'string') {
    if (stdio === 'overlapped') stdio = 'pipe';
    if (!['pipe', 'inherit', 'ignore'].includes(stdio)) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'stdio' is invalid. Received '${stdio}'`);
    }
    return [stdio, stdio, stdio];
  }
  if (!Array.isArray(stdio)) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'stdio' is invalid. Received ${require('internal/util/inspect').inspect(stdio)}`);
  }
  const out = [];
  for (let i = 0; i < 3; i++) {
    let value = stdio[i];
    if (value === undefined || value === null || value === 'overlapped') value = 'pipe';
    if (value === 'ipc') {
      throw nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', `The 'ipc' stdio of ${syncName} is not supported by esmload`);
    }
    if (value === process.stdin || value === process.stdout || value === process.stderr) value = i;
    else if (value !== null && typeof value === 'object' && typeof value.fd === 'number') value = value.fd;
    if (typeof value !== 'number' && !['pipe', 'inherit', 'ignore'].includes(value)) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'stdio' is invalid. Received ${require('internal/util/inspect').inspect(value)}`);
    }
    out.push(typeof value === 'number' && value <= 2 && value === i ? 'inherit' : value);
  }
  return out;
}

// Node's error for a failed start or a sync run that timed out or overflowed:
// "spawnSync ls ENOENT" with errno, code, syscall, path, spawnargs.
function spawnError(info, syscall, file, spawnargs) {
  const error = new Error(`${syscall} ${file} ${info.code}`);
  error.errno = info.errno;
  error.code = info.code;
  error.syscall = `${syscall} ${file}`;
  error.path = file;
  error.spawnargs = spawnargs;
  return error;
}

const isBufferEncoding = (encoding) => encoding === undefined || encoding === null || encoding === 'buffer' ||
  !lazyBuffer().isEncoding(encoding);

function decodeOutput(u8, encoding) {
  if (u8 === null || u8 === undefined) return null;
  const buffer = toBuffer(u8);
  return isBufferEncoding(encoding) ? buffer : buffer.toString(encoding);
}

function inputBytes(input) {
  if (input === undefined || input === null) return null;
  if (typeof input === 'string') return lazyBuffer().from(input, 'utf8');
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw invalidArgType('options.stdio[0]', 'Buffer, TypedArray, DataView or string', input);
}

// ------------------------------------------------------------------ the sync functions

function spawnSync(file, args, options) {
  const spec = normalize(file, args, options, 'spawnSync');
  const opts = spec.options;
  const raw = binding.spawnSync({
    file: spec.file,
    args: spec.args,
    cwd: spec.cwd,
    env: spec.env,
    stdio: spec.stdio,
    input: inputBytes(opts.input),
    timeout: spec.timeout,
    killSignal: spec.killSignal,
    maxBuffer: opts.maxBuffer === undefined ? MAX_BUFFER : (opts.maxBuffer === Infinity ? null : opts.maxBuffer),
    detached: spec.detached,
    uid: spec.uid,
    gid: spec.gid,
  });
  const result = {};
  if (raw.error) result.error = spawnError(raw.error, 'spawnSync', spec.file, spec.spawnargs);
  if (raw.pid === 0 && raw.error) {
    Object.assign(result, { status: null, signal: null, output: null, pid: 0, stdout: null, stderr: null });
    return result;
  }
  const stdout = decodeOutput(raw.stdout, opts.encoding);
  const stderr = decodeOutput(raw.stderr, opts.encoding);
  result.status = raw.status;
  result.signal = raw.signal;
  result.output = [null, stdout, stderr];
  result.pid = raw.pid;
  result.stdout = stdout;
  result.stderr = stderr;
  return result;
}

// Writes the captured stderr to ours when the caller did not choose the stdio (Node's default).
function echoStderr(options, result) {
  if (options && options.stdio !== undefined) return;
  const { stderr } = result;
  if (stderr !== null && stderr !== undefined && stderr.length > 0) process.stderr.write(stderr);
}

function checkSyncResult(result, command) {
  if (result.error) {
    const error = result.error;
    Object.assign(error, result);
    return error;
  }
  if (result.status !== 0) {
    let message = `Command failed: ${command}`;
    if (result.stderr && result.stderr.length > 0) message += `\n${result.stderr.toString()}`;
    const error = new Error(message);
    Object.assign(error, result);
    return error;
  }
  return null;
}

function execFileSync(file, args, options) {
  if (!Array.isArray(args) && args !== null && typeof args === 'object') {
    options = args;
    args = [];
  }
  const result = spawnSync(file, args, options);
  echoStderr(options, result);
  const error = checkSyncResult(result, [file, ...(Array.isArray(args) ? args : [])].join(' '));
  if (error) throw error;
  return result.stdout;
}

function execSync(command, options) {
  validateString(command, 'command');
  const opts = { ...(options || {}) };
  if (!opts.shell) opts.shell = true;
  const result = spawnSync(command, [], opts);
  echoStderr(options, result);
  const error = checkSyncResult(result, command);
  if (error) throw error;
  return result.stdout;
}

// ------------------------------------------------------------------ ChildProcess

let EventEmitter = null;
let streams = null;
const lazyStreams = () => (streams ??= require('stream'));

function ChildProcess() {
  loadChildProcess();
  EventEmitter.call(this);
  this._closesNeeded = 1;
  this._closesGot = 0;
  this.connected = false;
  this.signalCode = null;
  this.exitCode = null;
  this.killed = false;
  this.spawnfile = null;
  this._handle = null;
  this.spawnargs = [];
  this.pid = undefined;
  this.stdin = null;
  this.stdout = null;
  this.stderr = null;
  this.stdio = [null, null, null];
}

// The class is made the first time it is needed (it extends EventEmitter, which this module
// does not load until then).
function loadChildProcess() {
  if (EventEmitter === null) {
    EventEmitter = require('events');
    Object.setPrototypeOf(ChildProcess.prototype, EventEmitter.prototype);
    Object.setPrototypeOf(ChildProcess, EventEmitter);
  }
  return ChildProcess;
}
hostClasses.add(ChildProcess);

function maybeClose(child) {
  child._closesGot++;
  if (child._closesGot === child._closesNeeded) child.emit('close', child.exitCode, child.signalCode);
}

ChildProcess.prototype.spawn = function spawn(spec) {
  const { Readable, Writable } = lazyStreams();
  this.spawnfile = spec.file;
  this.spawnargs = spec.args;
  const handle = binding.spawn({
    file: spec.file, args: spec.args, cwd: spec.cwd, env: spec.env, stdio: spec.stdio,
    detached: spec.detached, uid: spec.uid, gid: spec.gid,
  });
  const failed = handle.error !== undefined && handle.error !== null;
  if (!failed) {
    this._handle = handle;
    this.pid = handle.pid;
  }

  if (spec.stdio[0] === 'pipe') {
    this.stdin = new Writable({
      write: (chunk, encoding, callback) => {
        if (this._handle !== null) this._handle.write(typeof chunk === 'string' ? lazyBuffer().from(chunk, encoding) : chunk);
        callback();
      },
      final: (callback) => {
        if (this._handle !== null) this._handle.closeStdin();
        callback();
      },
    });
  }
  const readers = {};
  for (const [index, name] of [[1, 'stdout'], [2, 'stderr']]) {
    if (spec.stdio[index] !== 'pipe') continue;
    const stream = new Readable({ read() {} });
    readers[name] = stream;
    this[name] = stream;
    this._closesNeeded++;
    let counted = false;
    const closed = () => {
      if (counted) return;
      counted = true;
      maybeClose(this);
    };
    stream.once('close', closed);
  }
  this.stdio = [this.stdin, this.stdout, this.stderr];

  if (failed) {
    const error = spawnError(handle.error, 'spawn', spec.file, spec.args.slice(1));
    nextTick(() => {
      this.exitCode = handle.error.errno;
      this.emit('error', error);
      for (const stream of Object.values(readers)) stream.push(null);
      if (this.stdin !== null) this.stdin.destroy();
      drainUnread(this);
      maybeClose(this);
    });
    return error;
  }

  nextTick(() => this.emit('spawn'));
  const pump = () => {
    handle.next((error, events) => {
      if (error) {
        this.emit('error', error);
        return;
      }
      let exited = false;
      for (const event of events) {
        const [kind] = event;
        if (kind === 'exit') {
          exited = true;
          this._exited(event[1], event[2]);
        } else if (readers[kind] !== undefined) {
          readers[kind].push(event[1] === null ? null : toBuffer(event[1]));
        }
      }
      if (!exited) pump();
    });
  };
  pump();
  if (spec.timeout > 0) {
    const timer = setTimeout(() => {
      this.kill(spec.killSignal);
    }, spec.timeout);
    this.once('exit', () => clearTimeout(timer));
  }
  return undefined;
};

ChildProcess.prototype._exited = function _exited(code, signal) {
  this.exitCode = code;
  this.signalCode = signal;
  this._handle = null;
  if (this.stdin !== null && !this.stdin.destroyed) this.stdin.destroy();
  this.emit('exit', code, signal);
  drainUnread(this);
  nextTick(maybeClose, this);
};

// Output nobody reads is drained, as Node does, so that 'close' can follow.
function drainUnread(child) {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream !== null && stream.readableFlowing === null) stream.resume();
  }
}

ChildProcess.prototype.kill = function kill(signal) {
  const number = signal === undefined ? signals().SIGTERM : signalNumber(signal);
  if (this._handle === null) return false;
  const sent = this._handle.kill(number);
  if (sent) this.killed = true;
  return sent;
};

ChildProcess.prototype.ref = function ref() {};
ChildProcess.prototype.unref = function unref() {};
ChildProcess.prototype.disconnect = function disconnect() {
  throw nodeError(Error, 'ERR_IPC_CHANNEL_CLOSED', 'Channel closed');
};
ChildProcess.prototype.send = function send() {
  throw nodeError(Error, 'ERR_IPC_CHANNEL_CLOSED', 'Channel closed');
};
ChildProcess.prototype[Symbol.dispose] = function dispose() {
  if (!this.killed) this.kill();
};

function spawn(file, args, options) {
  const spec = normalize(file, args, options, 'spawn');
  const child = new (loadChildProcess())();
  child.spawn(spec);
  return child;
}

// ------------------------------------------------------------------ exec, execFile

function execFile(file, args, options, callback) {
  if (typeof args === 'function') {
    callback = args;
    args = [];
    options = undefined;
  } else if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  if (!Array.isArray(args) && args !== null && typeof args === 'object') {
    options = args;
    args = [];
  }
  if (args === undefined || args === null) args = [];
  const opts = {
    encoding: 'utf8', timeout: 0, maxBuffer: MAX_BUFFER, killSignal: 'SIGTERM', cwd: null, env: null, shell: false,
    ...(options || {}),
  };
  if (callback !== undefined && callback !== null) validateFunction(callback, 'callback');
  validateTimeout(opts.timeout);
  validateMaxBuffer(opts.maxBuffer);
  const { timeout } = opts;
  const child = spawn(file, args, { ...opts, timeout: 0 });
  const command = opts._command !== undefined ? opts._command : [file, ...args].join(' ');
  const stdoutChunks = [];
  const stderrChunks = [];
  let stdoutLength = 0;
  let stderrLength = 0;
  let killedByUs = false;
  let error = null;
  let finished = false;
  let timer = null;

  const encode = (chunks) => {
    const buffer = lazyBuffer().concat(chunks);
    return isBufferEncoding(opts.encoding) ? buffer : buffer.toString(opts.encoding);
  };

  const finish = (code, signal) => {
    if (finished) return;
    finished = true;
    if (timer !== null) clearTimeout(timer);
    if (!callback) return;
    const stdout = encode(stdoutChunks);
    const stderr = encode(stderrChunks);
    if (!error && code === 0 && signal === null) {
      callback(null, stdout, stderr);
      return;
    }
    let ex = error;
    if (ex === null) {
      ex = new Error(`Command failed: ${command}\n${stderr}`);
      ex.code = code < 0 ? (signalName(-code) || code) : code;
      ex.killed = child.killed || killedByUs;
      ex.signal = signal;
    }
    ex.cmd = command;
    callback(ex, stdout, stderr);
  };

  const kill = () => {
    killedByUs = true;
    try {
      child.kill(opts.killSignal);
    } catch (e) {
      error = e;
      finish(null, null);
    }
  };

  if (timeout > 0) timer = setTimeout(kill, timeout);

  const collect = (stream, chunks, which) => {
    if (stream === null) return;
    stream.on('data', (chunk) => {
      const length = which === 'stdout' ? (stdoutLength += chunk.length) : (stderrLength += chunk.length);
      if (length > opts.maxBuffer) {
        const keep = chunk.length - (length - opts.maxBuffer);
        chunks.push(chunk.subarray(0, keep));
        error = nodeError(RangeError, 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER', `${which} maxBuffer length exceeded`);
        kill();
      } else {
        chunks.push(chunk);
      }
    });
  };
  collect(child.stdout, stdoutChunks, 'stdout');
  collect(child.stderr, stderrChunks, 'stderr');
  child.addListener('close', finish);
  child.addListener('error', (e) => {
    error = e;
    if (child.stdout) child.stdout.destroy();
    if (child.stderr) child.stderr.destroy();
    finish(null, null);
  });
  return child;
}

function exec(command, options, callback) {
  validateString(command, 'command');
  if (typeof options === 'function') {
    callback = options;
    options = undefined;
  }
  const opts = { ...(options || {}) };
  opts.shell = typeof opts.shell === 'string' ? opts.shell : '/bin/sh';
  opts._command = command;
  return execFile(command, [], opts, callback);
}

function promisified(run) {
  return (...args) => {
    let child;
    const promise = new Promise((resolve, reject) => {
      child = run(...args, (error, stdout, stderr) => {
        if (error) {
          error.stdout = stdout;
          error.stderr = stderr;
          reject(error);
        } else {
          resolve({ stdout, stderr });
        }
      });
    });
    promise.child = child;
    return promise;
  };
}
Object.defineProperty(exec, kCustomPromisify, { value: promisified(exec), enumerable: false, configurable: true });
Object.defineProperty(execFile, kCustomPromisify, { value: promisified(execFile), enumerable: false, configurable: true });

function fork() {
  throw nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
    'child_process.fork() is not supported by esmload (no IPC channel): use spawn(process.execPath, …)');
}

function forkChild() {}

module.exports = {
  _forkChild: forkChild,
  ChildProcess,
  exec,
  execFile,
  execFileSync,
  execSync,
  fork,
  spawn,
  spawnSync,
};
