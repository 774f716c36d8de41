'use strict';

// The process object: argv, env, exit codes and 'exit' handlers, events, nextTick, hrtime, …

const { nodeError, invalidArgType } = require('internal/errors');
const { checkCallback } = require('internal/validators');
const { ListenerMap } = require('internal/events/listener_map');
const { nextTick } = require('internal/microtasks');
const { emitWarning } = require('internal/process/warning');
const { makeStream, makeStdin } = require('internal/process/stdio');

const listeners = new ListenerMap();
let exiting = false;

function addListener(event, listener, prepend) {
  checkCallback(listener);
  listeners.add(event, listener, prepend);
  return process;
}

function removeListener(event, listener) {
  listeners.remove(event, listener);
  return process;
}

function hrtime(previous) {
  const ns = host.now() * 1e6;
  let sec = Math.floor(ns / 1e9);
  let nsec = Math.floor(ns - sec * 1e9);
  if (previous !== undefined) {
    if (!Array.isArray(previous)) throw invalidArgType('time', 'an instance of Array', previous);
    sec -= previous[0];
    nsec -= previous[1];
    if (nsec < 0) {
      sec -= 1;
      nsec += 1e9;
    }
  }
  return [sec, nsec];
}
hrtime.bigint = () => BigInt(Math.floor(host.now() * 1e6));

function exitCodeValue() {
  const code = process.exitCode;
  if (code === undefined || code === null) return 0;
  const number = Number(code);
  return Number.isNaN(number) ? 0 : number | 0;
}

// 'exit' listeners run once, with the exit code as argument; they may still change
// process.exitCode. A non-zero code from the host (an uncaught error) becomes exitCode, as
// in Node; a natural end leaves it undefined. Returns the final exit code.
function runExitHandlers(code) {
  if (exiting) return exitCodeValue();
  exiting = true;
  if ((process.exitCode === undefined || process.exitCode === null) && code) process.exitCode = code;
  for (const listener of listeners.raw('exit')) listener.call(process, exitCodeValue());
  return exitCodeValue();
}

const process = {
  title: 'esmload',
  version: 'v0.0.0-esmload',
  versions: host.versions ? { ...host.versions } : { esmload: '0.0.0', quickjs: 'unknown' },
  arch: host.arch || 'x64',
  platform: host.platform,
  release: { name: 'esmload' },
  argv: [...host.argv],
  argv0: 'esmload',
  execArgv: [],
  execPath: host.argv[0] || '',
  env: { ...host.env },
  pid: host.pid,
  ppid: 0,
  exitCode: undefined,
  features: {},
  config: { variables: {} },
  cwd: () => host.cwd(),
  chdir() {
    throw nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM', 'process.chdir() is not supported by esmload');
  },
  umask: () => 0o22,
  uptime: () => host.now() / 1000,
  hrtime,
  memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
  cpuUsage: () => ({ user: 0, system: 0 }),
  nextTick,
  emitWarning,
  exit(code) {
    if (code !== undefined) process.exitCode = code;
    runExitHandlers(exitCodeValue());
    host.exit(exitCodeValue());
  },
  abort() { host.exit(134); },
  kill() { return true; },
  on: (event, listener) => addListener(event, listener, false),
  addListener: (event, listener) => addListener(event, listener, false),
  prependListener: (event, listener) => addListener(event, listener, true),
  once: (event, listener) => addListener(event, listeners.wrapOnce(event, listener), false),
  prependOnceListener: (event, listener) => addListener(event, listeners.wrapOnce(event, listener), true),
  off: removeListener,
  removeListener,
  removeAllListeners(event) {
    listeners.removeAll(event);
    return process;
  },
  emit(event, ...args) {
    return listeners.emit(process, event, args);
  },
  listeners: (event) => listeners.listeners(event),
  listenerCount: (event) => listeners.count(event),
  eventNames: () => listeners.eventNames(),
  setMaxListeners() { return process; },
  getMaxListeners: () => 10,
  get [Symbol.toStringTag]() { return 'process'; },
};
let stdin;
let stdout;
let stderr;
Object.defineProperties(process, {
  stdin: { get: () => (stdin ??= makeStdin()), configurable: true, enumerable: true },
  stdout: { get: () => (stdout ??= makeStream(1)), configurable: true, enumerable: true },
  stderr: { get: () => (stderr ??= makeStream(2)), configurable: true, enumerable: true },
});

module.exports = {
  process,
  exitCodeValue,
  runExitHandlers,
};
