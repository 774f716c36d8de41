'use strict';

// The `module` built-in: Node's Module (internal/modules/cjs/loader), with builtinModules,
// isBuiltin and createRequire.

const { nodeError, invalidArgType } = require('internal/errors');
const cjsLoader = require('internal/modules/cjs/loader');

const { Module } = cjsLoader;

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

function createRequire(filename) {
  return cjsLoader.createRequire(toPath(filename));
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
