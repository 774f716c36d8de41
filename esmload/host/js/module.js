'use strict';

// The `module` built-in: builtinModules, isBuiltin and createRequire. The require it makes
// loads built-in modules and JSON files; CommonJS files are not supported yet.

const { nodeError, invalidArgType } = require('internal/errors');

const [builtinModules, prefixOnlyNames] = host.builtinNames();
const builtinSet = new Set(builtinModules);
const prefixOnly = new Set(prefixOnlyNames);

function isBuiltin(name) {
  if (typeof name !== 'string') return false;
  if (name.startsWith('node:')) {
    const bare = name.slice(5);
    return builtinSet.has(bare) || prefixOnly.has(bare);
  }
  return builtinSet.has(name);
}

function toPath(filename) {
  if (filename instanceof URL || (typeof filename === 'string' && filename.startsWith('file:'))) {
    return require('url').fileURLToPath(filename);
  }
  if (typeof filename !== 'string') {
    throw invalidArgType('filename', 'string or an instance of URL', filename);
  }
  if (!filename.startsWith('/')) {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received '${filename}'`);
  }
  return filename;
}

function notFound(request, from) {
  const error = nodeError(Error, 'MODULE_NOT_FOUND', `Cannot find module '${request}'\nRequire stack:\n- ${from}`);
  error.requireStack = [from];
  return error;
}

function builtin(request) {
  const name = request.startsWith('node:') ? request.slice(5) : request;
  try {
    return require(name);
  } catch (error) {
    if (String(error && error.message).startsWith('No such built-in module')) {
      throw nodeError(Error, 'ERR_UNSUPPORTED_BUILTIN',
        `'${request}' is a Node.js built-in module, which esmload does not provide`);
    }
    throw error;
  }
}

function createRequire(filename) {
  const from = toPath(filename);
  const path = require('path');
  const fs = require('fs');
  const directory = path.dirname(from);
  const cache = Object.create(null);

  function resolve(request) {
    if (typeof request !== 'string') throw invalidArgType('id', 'string', request);
    if (isBuiltin(request)) return request;
    if (!request.startsWith('./') && !request.startsWith('../') && !request.startsWith('/')) {
      throw notFound(request, from);
    }
    const base = path.resolve(directory, request);
    for (const candidate of [base, `${base}.js`, `${base}.json`, `${base}.cjs`]) {
      const stat = fs.statSync(candidate, { throwIfNoEntry: false });
      if (stat !== undefined && stat.isFile()) return candidate;
    }
    throw notFound(request, from);
  }

  function requireFunction(request) {
    const resolved = resolve(request);
    if (isBuiltin(resolved)) return builtin(resolved);
    if (resolved in cache) return cache[resolved].exports;
    if (!resolved.endsWith('.json')) {
      throw nodeError(Error, 'ERR_REQUIRE_ESM_UNSUPPORTED',
        `require() of '${resolved}' is not supported by esmload yet: only built-in modules and JSON files can be required`);
    }
    const module = { id: resolved, filename: resolved, loaded: false, exports: {} };
    cache[resolved] = module;
    try {
      module.exports = JSON.parse(fs.readFileSync(resolved, 'utf8'));
    } catch (error) {
      delete cache[resolved];
      if (error instanceof SyntaxError) error.message = `${resolved}: ${error.message}`;
      throw error;
    }
    module.loaded = true;
    return module.exports;
  }
  requireFunction.resolve = resolve;
  requireFunction.cache = cache;
  requireFunction.main = undefined;
  return requireFunction;
}

// A function, not a class, as in Node (old code calls it without `new`).
function Module(id = '', parent) {
  this.id = id;
  this.path = id ? require('path').dirname(id) : '.';
  this.exports = {};
  this.filename = null;
  this.loaded = false;
  this.children = [];
  this.paths = [];
  this.parent = parent;
}

Module.builtinModules = builtinModules;
Module.isBuiltin = isBuiltin;
Module.createRequire = createRequire;
Module.Module = Module;
// Nothing to register: no module hooks, no source maps.
Module.register = function register() {
  throw nodeError(Error, 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM',
    'module.register() is not supported by esmload: use a loader hook (--hook)');
};
Module.findSourceMap = function findSourceMap() {};
Module.syncBuiltinESMExports = function syncBuiltinESMExports() {};

module.exports = Module;
