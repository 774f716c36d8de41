'use strict';

// V8-style `stack` ("Name: message\n    at fn (file:line:col)"), which libraries and error
// reports expect; QuickJS alone gives only the frames. Module frames print as file: URLs,
// like Node's; the prelude's own frames ("esmload:…") are hidden.

// A file: URL of an absolute path, as Node prints module frames.
const fileURL = (path) => 'file://' + encodeURI(path).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));

// CommonJS files (internal/modules/cjs/loader adds them): Node prints their frames by path,
// and a module's top-level code (its wrapper function, named so in fetch/commonjs.py) as
// `Object.<anonymous>`.
const commonjsFiles = new Set();
const WRAPPER_NAME = '__esmload_commonjs_module__';

// The engine's link failures (a missing, ambiguous or circular export): QuickJS creates the
// SyntaxError with no JavaScript frames, and the host (esmload/link/link_errors.py) answers
// [Node's message, the `file:line`, source and caret lines Node prints above it, the index of
// the Python error], or null.
let linkMessage;
function explainLinkError(error, frames) {
  if (frames.length !== 0 || !(error instanceof SyntaxError) || typeof error.message !== 'string') {
    return null;
  }
  linkMessage ??= new RegExp("^(?:Could not find export '|circular reference when looking for " +
    "export '|circular import: binding '|export '[^]*' in module '[^]*' is ambiguous$)");
  if (!linkMessage.test(error.message)) return null;
  const found = host.explainLinkError(error.message);
  if (!found) return null;
  error.message = found[0];
  Object.defineProperty(error, '__esmloadPyError', { value: found[2], configurable: true });
  return found[1];
}

// V8's call sites have methods QuickJS's lack; libraries call them (depd: isEval and
// getEvalOrigin). What they answer for code that is not eval'd.
const CALL_SITE_DEFAULTS = {
  getEvalOrigin: undefined, getMethodName: null, getPromiseIndex: null,
  getScriptNameOrSourceURL: undefined, getThis: undefined, getTypeName: null, isAsync: false,
  isEval: false, isPromiseAll: false, isToplevel: true,
};

function completeCallSites() {
  const saved = Error.prepareStackTrace;
  const holder = {};
  Error.prepareStackTrace = (_, frames) => frames;
  try {
    Error.captureStackTrace(holder);
  } finally {
    Error.prepareStackTrace = saved;
  }
  const site = Array.isArray(holder.stack) ? holder.stack[0] : undefined;
  if (site === undefined) return;
  const proto = Object.getPrototypeOf(site);
  for (const [name, value] of Object.entries(CALL_SITE_DEFAULTS)) {
    if (name in proto) continue;
    const method = function () { return value; };
    Object.defineProperty(proto, name, { value: method, writable: true, configurable: true });
  }
}

// Installed by bootstrap before anything else runs.
function installStackTraces() {
  Error.prepareStackTrace = (error, frames) => {
    const arrow = explainLinkError(error, frames);
    if (arrow !== null) return arrow + formatStack(error, frames);
    return formatStack(error, frames);
  };
  // Only code that installs its own prepareStackTrace sees call sites: complete them then,
  // not at every start. The engine's accessor keeps doing the work.
  const engine = Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace');
  if (!engine || typeof engine.set !== 'function') {
    completeCallSites();
    return;
  }
  let completed = false;
  Object.defineProperty(Error, 'prepareStackTrace', {
    get: engine.get,
    set(value) {
      Reflect.apply(engine.set, this, [value]);
      if (!completed) {
        completed = true;
        completeCallSites();
      }
    },
    configurable: true,
  });
}

function formatStack(error, frames) {
  let head;
  try { head = Error.prototype.toString.call(error); } catch { head = 'Error'; }
  const lines = [head];
  for (const frame of frames) {
    const file = frame.getFileName();
    let name = frame.getFunctionName();
    if (name === '<anonymous>' || name === '<eval>') name = null;
    if (file === null || file === undefined) {
      lines.push(`    at ${name || '<anonymous>'} (native)`);
    } else if (file.startsWith('esmload:')) {
      continue;
    } else {
      if (name === WRAPPER_NAME) name = 'Object.<anonymous>';
      const url = file.startsWith('/') && !commonjsFiles.has(file) ? fileURL(file) : file;
      const where = `${url}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
      lines.push(name ? `    at ${name} (${where})` : `    at ${where}`);
    }
  }
  return lines.join('\n');
}

module.exports = {
  commonjsFiles,
  fileURL,
  installStackTraces,
};
