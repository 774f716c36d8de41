'use strict';

// os: facts about the machine, the system and the user (the binding reads them in Python).

const { nodeError, invalidArgType } = require('internal/errors');

const binding = host.binding('os');
const lazyProcess = () => require('internal/process').process;

let cachedInfo;
const info = () => (cachedInfo ??= binding.info());

function arch() {
  return lazyProcess().arch;
}

function platform() {
  return lazyProcess().platform;
}

function getOSType() {
  return info().type;
}

function getOSRelease() {
  return info().release;
}

function getOSVersion() {
  return info().version;
}

function getMachine() {
  return info().machine;
}

function getHostname() {
  return binding.info().hostname;
}

function endianness() {
  return info().endianness;
}

function getAvailableParallelism() {
  return info().parallelism;
}

function homedir() {
  const home = lazyProcess().env.HOME;
  return home || binding.userInfo().homedir;
}

function tmpdir() {
  const env = lazyProcess().env;
  let dir = env.TMPDIR || env.TMP || env.TEMP || '/tmp';
  if (dir.length > 1 && dir.endsWith('/')) dir = dir.slice(0, -1);
  return dir;
}

function cpus() {
  return binding.cpus();
}

function getTotalMem() {
  return binding.totalmem();
}

function getFreeMem() {
  return binding.freemem();
}

function uptime() {
  return binding.uptime();
}

function loadavg() {
  return binding.loadavg();
}

function userInfo(options) {
  const user = binding.userInfo();
  const result = { __proto__: null, ...user };
  if (options && options.encoding === 'buffer') {
    const { Buffer } = require('buffer');
    for (const key of ['username', 'homedir', 'shell']) {
      if (typeof result[key] === 'string') result[key] = Buffer.from(result[key]);
    }
  }
  return result;
}

function networkInterfaces() {
  const interfaces = {};
  for (const entry of binding.networkInterfaces()) {
    const { name, ...address } = entry;
    (interfaces[name] ??= []).push(address);
  }
  return interfaces;
}

function validatePid(pid) {
  if (pid === undefined) return 0;
  if (typeof pid !== 'number') throw invalidArgType('pid', 'number', pid);
  if (!Number.isInteger(pid)) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "pid" is out of range. It must be an integer. Received ${pid}`);
  }
  return pid;
}

// Node's errors of failed libuv calls that have no error of their own
class SystemError extends Error {}
Object.defineProperty(SystemError.prototype, 'name', {
  value: 'SystemError', writable: true, configurable: true, enumerable: false,
});

function systemError(syscall, [code, errno, description]) {
  const error = nodeError(SystemError, 'ERR_SYSTEM_ERROR',
    `A system error occurred: ${syscall} returned ${code} (${description.toLowerCase()})`);
  error.info = { errno, code, message: description.toLowerCase(), syscall };
  error.errno = errno;
  error.syscall = syscall;
  return error;
}

function getPriority(pid) {
  const result = binding.getPriority(validatePid(pid));
  if (Array.isArray(result)) throw systemError('uv_os_getpriority', result);
  return result;
}

function setPriority(pid, priority) {
  if (priority === undefined) {
    priority = pid;
    pid = 0;
  }
  pid = validatePid(pid);
  if (typeof priority !== 'number') throw invalidArgType('priority', 'number', priority);
  if (!Number.isInteger(priority) || priority < -20 || priority > 19) {
    throw nodeError(RangeError, 'ERR_OUT_OF_RANGE',
      'The value of "priority" is out of range. It must be >= -20 && <= 19. ' +
      `Received ${priority}`);
  }
  const result = binding.setPriority(pid, priority);
  if (Array.isArray(result)) throw systemError('uv_os_setpriority', result);
}

// os.constants: fixed, null-prototype tables
function table(entries) {
  const out = { __proto__: null };
  for (const [key, value] of Object.entries(entries)) {
    Object.defineProperty(out, key, {
      value, enumerable: true, writable: false, configurable: false,
    });
  }
  return out;
}

const constants = { __proto__: null };
constants.UV_UDP_REUSEADDR = 4;
constants.dlopen = table({
  RTLD_LAZY: 1, RTLD_NOW: 2, RTLD_GLOBAL: 256, RTLD_LOCAL: 0, RTLD_DEEPBIND: 8,
});
constants.errno = table(info().errno);
constants.signals = table(info().signals);
constants.priority = table({
  PRIORITY_LOW: 19,
  PRIORITY_BELOW_NORMAL: 10,
  PRIORITY_NORMAL: 0,
  PRIORITY_ABOVE_NORMAL: -7,
  PRIORITY_HIGH: -14,
  PRIORITY_HIGHEST: -20,
});

// Some functions turn into their value where a string is wanted (`${os.hostname}`), as Node's.
for (const fn of [arch, getAvailableParallelism, endianness, getFreeMem, getHostname, homedir,
  getMachine, platform, getOSRelease, tmpdir, getTotalMem, getOSType, uptime, getOSVersion]) {
  fn[Symbol.toPrimitive] = () => fn();
}

// the names Node's functions have
for (const fn of [getHostname, homedir, uptime]) {
  Object.defineProperty(fn, 'name', { value: 'wrappedFn' });
}

module.exports = {
  arch,
  availableParallelism: getAvailableParallelism,
  cpus,
  endianness,
  freemem: getFreeMem,
  getPriority,
  homedir,
  hostname: getHostname,
  loadavg,
  networkInterfaces,
  platform,
  release: getOSRelease,
  setPriority,
  tmpdir,
  totalmem: getTotalMem,
  type: getOSType,
  userInfo,
  uptime,
  version: getOSVersion,
  machine: getMachine,
};
Object.defineProperties(module.exports, {
  constants: { value: constants, enumerable: true, writable: false, configurable: false },
  EOL: { value: '\n', enumerable: true, writable: false, configurable: true },
  devNull: { value: '/dev/null', enumerable: true, writable: false, configurable: true },
});
