'use strict';

// CommonJS modules as Node runs them: Module, require() with its cache, resolve() and main,
// the module wrapper, cycles (a module required while it loads gives its exports so far),
// JSON files, and require() of ES modules. Python does the resolution (Node's CommonJS
// algorithm) and hands over each module's wrapper function, compiled or read from the code
// cache (esmload/link/commonjs.py):
//
//   host.cjsResolve(request, parentFilename)  the file (or `node:NAME`), or throws Node's error
//   host.cjsLoad(filename)                    [format, value]: ['commonjs', wrapper function],
//                                             ['json', text], ['module', namespace]
//   host.cjsCompile(source, filename)         the wrapper function of source text (_compile)
//   host.cjsEsModuleFacade(filename)          an ES module's namespace plus `__esModule: true`
//
// ES modules that import a CommonJS module get its `module.exports` from importModule(), and a
// CommonJS entry point runs through runMain().

const { nodeError, invalidArgType } = require('internal/errors');
const { commonjsFiles } = require('internal/stack');
const path = require('path');

const moduleCache = Object.create(null);
const parents = new WeakMap();
let mainModule;

function Module(id = '', parent) {
  this.id = id;
  this.path = path.dirname(id);
  this.exports = {};
  parents.set(this, parent);
  updateChildren(parent, this, false);
  this.filename = null;
  this.loaded = false;
  this.children = [];
  this.paths = [];
}

function updateChildren(parent, child, scan) {
  const children = parent && parent.children;
  if (children && !(scan && children.includes(child))) children.push(child);
}

Object.defineProperty(Module.prototype, 'parent', {
  get() { return parents.get(this); },
  set(value) { parents.set(this, value); },
  configurable: true,
  enumerable: false,
});

Module._cache = moduleCache;
Module._pathCache = Object.create(null);
Module.globalPaths = [];
Module.wrapper = [
  '(function (exports, require, module, __filename, __dirname) { ',
  '\n});',
];
Module.wrap = (script) => Module.wrapper[0] + script + Module.wrapper[1];

Module._nodeModulePaths = function _nodeModulePaths(from) {
  from = path.resolve(from);
  const paths = [];
  let directory = from;
  for (;;) {
    if (path.basename(directory) !== 'node_modules') paths.push(path.join(directory, 'node_modules'));
    const parent = path.dirname(directory);
    if (parent === directory) return paths;
    directory = parent;
  }
};

function requireStack(parent) {
  const stack = [];
  for (let cursor = parent; cursor; cursor = parents.get(cursor)) {
    stack.push(cursor.filename || cursor.id);
  }
  return stack;
}

Module._resolveFilename = function _resolveFilename(request, parent, isMain, options) {
  if (options && Array.isArray(options.paths)) {
    let lastError;
    for (const base of options.paths) {
      try {
        return host.cjsResolve(request, path.join(path.resolve(base), '[eval]'));
      } catch (error) {
        if (!error || error.code !== 'MODULE_NOT_FOUND') throw error;
        lastError = error;
      }
    }
    throw addRequireStack(lastError, parent);
  }
  const from = parent && parent.filename ? parent.filename : null;
  try {
    const filename = host.cjsResolve(request, from);
    return filename.startsWith('node:') ? request : filename;
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND') throw addRequireStack(error, parent);
    throw error;
  }
};

// A new error (the one from Python keeps its own message and stack), worded as Node's.
function addRequireStack(error, parent) {
  const stack = requireStack(parent);
  let message = error.message;
  if (stack.length > 0) message += '\nRequire stack:\n- ' + stack.join('\n- ');
  const notFound = new Error(message);  // a plain Error with a code, as Node's
  notFound.code = 'MODULE_NOT_FOUND';
  notFound.requireStack = stack;
  return notFound;
}

function loadBuiltin(id) {
  return require(id.startsWith('node:') ? id.slice(5) : id);
}

Module._load = function _load(request, parent, isMain) {
  if (typeof request === 'string' && request.startsWith('node:')) {
    return loadBuiltin(host.cjsResolve(request, null));
  }
  const filename = Module._resolveFilename(request, parent, isMain);
  const cached = moduleCache[filename];
  if (cached !== undefined) {
    updateChildren(parent, cached, true);
    return cached.exports;
  }
  if (!path.isAbsolute(filename)) return loadBuiltin(filename);
  const module = new Module(filename, parent);
  if (isMain) setMain(module);
  moduleCache[filename] = module;
  let threw = true;
  try {
    module.load(filename);
    threw = false;
  } finally {
    if (threw) forget(module, filename, parent);
  }
  return module.exports;
};

function forget(module, filename, parent) {
  delete moduleCache[filename];
  const children = parent && parent.children;
  if (Array.isArray(children)) {
    const index = children.indexOf(module);
    if (index !== -1) children.splice(index, 1);
  }
}

function setMain(module) {
  mainModule = module;
  module.id = '.';
  process.mainModule = module;
}

function extensionOf(filename) {
  const base = path.basename(filename);
  let index = base.indexOf('.', 1);
  while (index !== -1) {
    const extension = base.slice(index);
    if (Object.prototype.hasOwnProperty.call(Module._extensions, extension)) return extension;
    index = base.indexOf('.', index + 1);
  }
  return '.js';
}

Module.prototype.load = function load(filename) {
  commonjsFiles.add(filename);  // before it compiles: its syntax errors are reported by path
  this.filename = filename;
  this.paths = Module._nodeModulePaths(path.dirname(filename));
  Module._extensions[extensionOf(filename)](this, filename);
  this.loaded = true;
};

Module.prototype.require = function require_(id) {
  if (typeof id !== 'string') throw invalidArgType('id', 'string', id);
  if (id === '') {
    throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      "The argument 'id' must be a non-empty string. Received ''");
  }
  return Module._load(id, this, false);
};

// What host.cjsLoad gives, run in `module`: the wrapper function, JSON text or an ES module.
function runLoaded(module, filename, [format, value]) {
  if (format === 'commonjs') {
    runWrapper(module, filename, value);
  } else if (format === 'json') {
    try {
      module.exports = JSON.parse(value.charCodeAt(0) === 0xFEFF ? value.slice(1) : value);
    } catch (error) {
      throw new SyntaxError(`${filename}: ${error.message}`);
    }
  } else if (Object.prototype.hasOwnProperty.call(value, 'module.exports')) {
    module.exports = value['module.exports'];
  } else {
    // As Node: a module with a default export comes with `__esModule: true` (for code
    // compiled by Babel or TypeScript), through a namespace of its own.
    module.exports = 'default' in value ? host.cjsEsModuleFacade(filename) : value;
  }
}

function runWrapper(module, filename, wrapper) {
  const require = makeRequireFunction(module);
  const exports = module.exports;
  Reflect.apply(wrapper, exports, [exports, require, module, filename, path.dirname(filename)]);
}

Module._extensions = Object.create(null);
Module._extensions['.js'] = function loadJs(module, filename) {
  runLoaded(module, filename, host.cjsLoad(filename));
};
Module._extensions['.json'] = Module._extensions['.js'];
Module._extensions['.node'] = function loadAddon(module, filename) {
  throw nodeError(Error, 'ERR_DLOPEN_FAILED',
    `Cannot load native addon ${filename}: esmload runs JavaScript only`);
};

Module.prototype._compile = function _compile(content, filename) {
  commonjsFiles.add(String(filename));
  runWrapper(this, filename, host.cjsCompile(String(content), String(filename)));
};

function makeRequireFunction(module) {
  function require(id) {
    return module.require(id);
  }
  function resolve(request, options) {
    if (typeof request !== 'string') throw invalidArgType('request', 'string', request);
    return Module._resolveFilename(request, module, false, options);
  }
  resolve.paths = function paths(request) {
    if (typeof request !== 'string') throw invalidArgType('request', 'string', request);
    if (request.startsWith('node:') || isBuiltin(request)) return null;
    if (request.startsWith('./') || request.startsWith('../') || request === '.' || request === '..') {
      return [path.dirname(module.filename || module.id)];
    }
    return Module._nodeModulePaths(path.dirname(module.filename || module.id));
  };
  require.resolve = resolve;
  require.main = mainModule;
  require.extensions = Module._extensions;
  require.cache = moduleCache;
  return require;
}

function isBuiltin(name) {
  return require('module').isBuiltin(name);
}

// A module an ES module imports (its wrapper function already fetched by Python); its
// exports so far if it is already loading (a cycle through require()).
function importModule(filename, wrapper, isMain) {
  const cached = moduleCache[filename];
  if (cached !== undefined) return cached.exports;
  if (wrapper == null) return Module._load(filename, undefined, isMain);
  const module = new Module(filename, undefined);
  if (isMain) setMain(module);
  moduleCache[filename] = module;
  let threw = true;
  commonjsFiles.add(filename);
  try {
    module.filename = filename;
    module.paths = Module._nodeModulePaths(path.dirname(filename));
    runWrapper(module, filename, wrapper);
    module.loaded = true;
    threw = false;
  } finally {
    if (threw) forget(module, filename, undefined);
  }
  return module.exports;
}

// module.createRequire(filename): a require() for a module at `filename`.
function createRequire(filename) {
  const module = new Module(filename, undefined);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(path.dirname(filename));
  return makeRequireFunction(module);
}

// --require MODULE: loaded before the program, resolved from the current directory.
function preload(request) {
  const parent = new Module('internal/preload', undefined);
  parent.paths = Module._nodeModulePaths(host.cwd());
  Module._load(request, parent, false);
}

module.exports = { Module, importModule, createRequire, preload };
